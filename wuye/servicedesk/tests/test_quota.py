"""Customer-visit quota progress (spec 02, seed 000 §9): counted by the database, per-project settings."""

import datetime as dt

import pytest

from wuye.core.tests.factories import BuildingFactory, UnitFactory, staff
from wuye.estate.choices import OccupancyStatus
from wuye.servicedesk import services
from wuye.servicedesk.models import ButlerArea
from wuye.servicedesk.quota import DEFAULT_VISIT_QUOTA, visit_quota_progress, visit_quota_settings
from wuye.servicedesk.tests.factories import Desk, at

pytestmark = pytest.mark.django_db

MID_NOVEMBER = at(2026, 11, 16, 0)  # 15 of 30 days gone


@pytest.fixture
def desk():
    return Desk()


def visit(desk, user, when, *, unit=None, name="", key=False, declined=False):
    return services.customer_visit_create(
        project=desk.project,
        acting_user=user,
        unit=unit,
        customer_name=name,
        method="door_to_door",
        at=when,
        key_customer=key,
        declined=declined,
    )


def line_of(lines, user):
    return next(line for line in lines if line.user == user)


def test_defaults_are_the_spec_figures_and_projects_override_them(desk):
    assert visit_quota_settings(desk.project) == DEFAULT_VISIT_QUOTA
    assert DEFAULT_VISIT_QUOTA["department_customers_per_month"] == 10
    assert DEFAULT_VISIT_QUOTA["assistant_customers_per_month"] == 20
    assert DEFAULT_VISIT_QUOTA["supervisor_key_visits_per_month"] == 1
    desk.project.settings = {
        "servicedesk": {"visit_quota": {"assistant_customers_per_month": 25, "bogus": 1}}
    }
    settings = visit_quota_settings(desk.project)
    assert settings["assistant_customers_per_month"] == 25 and "bogus" not in settings
    report = visit_quota_progress(project=desk.project, as_of=MID_NOVEMBER)
    assert {line.target for line in report.assistants} == {25}


def test_department_counts_distinct_customers_of_the_month(desk):
    unit2 = UnitFactory(building=desk.unit.building)
    visit(desk, desk.assistant, at(2026, 11, 2), unit=desk.unit)
    visit(desk, desk.assistant2, at(2026, 11, 3), unit=desk.unit)  # same customer: once
    visit(desk, desk.assistant2, at(2026, 11, 4), unit=unit2, declined=True)  # declined still counts
    visit(desk, desk.supervisor, at(2026, 11, 5), name="李总")
    visit(desk, desk.assistant, at(2026, 11, 6), name="李总")  # same name, no unit: once
    visit(desk, desk.assistant, at(2026, 11, 7), name="王经理")
    visit(
        desk, desk.assistant, at(2026, 10, 31, 23, 59), unit=UnitFactory(building=desk.unit.building)
    )  # October
    other = Desk()
    visit(other, other.assistant, at(2026, 11, 8), unit=other.unit)  # another project
    report = visit_quota_progress(project=desk.project, as_of=MID_NOVEMBER)
    assert report.department.done == 4  # two units + two names
    assert report.department.target == 10
    assert report.department.expected_now == 5 and not report.department.on_track
    assert report.month_start == at(2026, 11, 1, 0) and report.month_end == at(2026, 12, 1, 0)


def test_each_assistant_against_twenty_a_month(desk):
    units = [UnitFactory(building=desk.unit.building) for _ in range(12)]
    for unit in units:
        visit(desk, desk.assistant, at(2026, 11, 10), unit=unit)
    visit(desk, desk.assistant, at(2026, 11, 11), unit=units[0])  # again: still 12 customers
    visit(desk, desk.assistant2, at(2026, 11, 11), unit=units[1])
    report = visit_quota_progress(project=desk.project, as_of=MID_NOVEMBER)
    first, second = line_of(report.assistants, desk.assistant), line_of(report.assistants, desk.assistant2)
    assert (first.done, first.target, first.percent, first.expected_now) == (12, 20, 60, 10)
    assert first.on_track and not first.met
    assert (second.done, second.on_track) == (1, False)
    assert {line.role for line in report.assistants} == {"cs_assistant"}


def test_supervisor_needs_a_key_customer_visit_each_month(desk):
    visit(desk, desk.supervisor, at(2026, 11, 3), name="普通客户")
    report = visit_quota_progress(project=desk.project, as_of=MID_NOVEMBER)
    line = line_of(report.supervisors, desk.supervisor)
    assert (line.done, line.target, line.met) == (0, 1, False)
    visit(desk, desk.supervisor, at(2026, 11, 4), name="某公司", key=True)
    report = visit_quota_progress(project=desk.project, as_of=MID_NOVEMBER)
    line = line_of(report.supervisors, desk.supervisor)
    assert (line.done, line.met, line.percent) == (1, True, 100)


def test_manager_key_visits_are_shown_without_a_fixed_target(desk):
    visit(desk, desk.manager, at(2026, 11, 4), name="某公司", key=True)
    line = line_of(visit_quota_progress(project=desk.project, as_of=MID_NOVEMBER).managers, desk.manager)
    assert (line.done, line.target, line.on_track, line.met) == (1, None, True, False)


def test_butler_covers_the_households_of_their_buildings_each_quarter(desk):
    building = BuildingFactory(project=desk.project)
    lived_in = [
        UnitFactory(building=building, status=s)
        for s in (OccupancyStatus.OWNER_OCCUPIED, OccupancyStatus.RENTED, OccupancyStatus.VACANT)
    ]
    UnitFactory(building=building, status=OccupancyStatus.NOT_HANDED_OVER)  # no household yet
    elsewhere = UnitFactory(building=desk.unit.building, status=OccupancyStatus.OWNER_OCCUPIED)
    ButlerArea.objects.create(project=desk.project, user=desk.assistant, building=building)
    visit(desk, desk.assistant, at(2026, 10, 5), unit=lived_in[0])  # this quarter (Oct–Dec)
    visit(desk, desk.assistant, at(2026, 11, 5), unit=lived_in[0])  # same household again
    visit(desk, desk.assistant, at(2026, 9, 30), unit=lived_in[1])  # last quarter
    visit(desk, desk.assistant2, at(2026, 11, 5), unit=lived_in[2])  # a colleague's visit
    visit(desk, desk.assistant, at(2026, 11, 5), unit=elsewhere)  # not the butler's building
    report = visit_quota_progress(project=desk.project, as_of=MID_NOVEMBER)
    assert report.quarter_start == at(2026, 10, 1, 0) and report.quarter_end == at(2027, 1, 1, 0)
    (line,) = report.butlers
    assert (line.user, line.households, line.target, line.done) == (desk.assistant, 3, 3, 1)
    assert line.percent == 33


def test_butler_coverage_can_be_set_below_all_households(desk):
    building = BuildingFactory(project=desk.project)
    for _ in range(10):
        UnitFactory(building=building, status=OccupancyStatus.OWNER_OCCUPIED)
    ButlerArea.objects.create(project=desk.project, user=desk.assistant2, building=building)
    desk.project.settings = {"servicedesk": {"visit_quota": {"butler_coverage_percent": 75}}}
    (line,) = visit_quota_progress(project=desk.project, as_of=MID_NOVEMBER).butlers
    assert (line.households, line.target) == (10, 8)


def test_year_end_bounds():
    from wuye.servicedesk.quota import _month_bounds, _quarter_bounds

    assert _month_bounds(dt.date(2026, 12, 31)) == (at(2026, 12, 1, 0), at(2027, 1, 1, 0))
    assert _quarter_bounds(dt.date(2026, 2, 1)) == (at(2026, 1, 1, 0), at(2026, 4, 1, 0))
    assert _quarter_bounds(dt.date(2026, 12, 31)) == (at(2026, 10, 1, 0), at(2027, 1, 1, 0))


def test_inactive_or_former_staff_are_left_out(desk):
    from wuye.accounts.models import RoleAssignment

    RoleAssignment.objects.filter(user=desk.assistant2).update(ended_at=at(2026, 11, 1))
    report = visit_quota_progress(project=desk.project, as_of=MID_NOVEMBER)
    assert desk.assistant2 not in [line.user for line in report.assistants]


def test_quota_is_counted_in_a_fixed_number_of_queries(desk, django_assert_max_num_queries):
    building = BuildingFactory(project=desk.project)
    ButlerArea.objects.create(project=desk.project, user=desk.assistant, building=building)
    for i in range(30):
        unit = UnitFactory(building=building, status=OccupancyStatus.OWNER_OCCUPIED)
        visit(
            desk,
            desk.assistant if i % 2 else desk.assistant2,
            at(2026, 11, 1 + i % 14),
            unit=unit,
            key=i % 7 == 0,
        )
    for _ in range(3):
        staff("cs_assistant", desk.project)
    with django_assert_max_num_queries(5):
        report = visit_quota_progress(project=desk.project, as_of=MID_NOVEMBER)
        assert report.department.done == 30 and len(report.assistants) == 5 and report.butlers[0].done == 15
