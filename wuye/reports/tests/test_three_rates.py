"""The three-rates computation (wuye.reports.selectors) against a month of real service-desk work."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from wuye.accounts.choices import Role
from wuye.core.tests.factories import staff
from wuye.reports import chart, periods, selectors
from wuye.reports.selectors import Figure
from wuye.reports.tests import scenario
from wuye.reports.tests.scenario import NOVEMBER, NOVEMBER_BY_DEPARTMENT, NOW, nov
from wuye.servicedesk import services
from wuye.servicedesk.tests.factories import Desk, at

pytestmark = pytest.mark.django_db

MONTH = periods.period_of(periods.MONTH, dt.date(2026, 11, 1))


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def built(clock):
    return scenario.build()


def figures_of(row_or_point) -> dict:
    return {key: (f.numerator, f.denominator) for key, f in row_or_point.figures.items()}


def report(project, period=MONTH, **kwargs):
    return selectors.three_rates(projects=[project], period=period, **kwargs)


def test_month_figures_exact(built):
    result = report(built["desk"].project)
    project_row = result.rows[0]
    assert project_row.level == "project" and project_row.label == built["desk"].project.name
    assert figures_of(project_row) == NOVEMBER


def test_rates_targets_and_met(built):
    figures = report(built["desk"].project).rows[0].figures
    assert figures["satisfaction"].rate == Decimal("0.8750")
    assert figures["satisfaction"].target == Decimal("0.85") and figures["satisfaction"].met is True
    assert figures["timeliness"].rate == Decimal("0.6667") and figures["timeliness"].met is False
    assert figures["return_visit"].target == Decimal("1.00") and figures["return_visit"].met is False
    assert figures["repair_quality"].rate == Decimal("0.6000") and figures[
        "repair_quality"
    ].target == Decimal("0.95")
    assert figures["complaint_handling"].rate == Decimal("0.5000")


def test_department_split_adds_up(built):
    rows = report(built["desk"].project).rows
    departments = {row.department: figures_of(row) for row in rows if row.level == "department"}
    # Q1 (a consultation, no department) counts nowhere: no all-zero "no department" row.
    assert departments == NOVEMBER_BY_DEPARTMENT
    assert [row.department for row in rows[1:]] == ["customer_service", "engineering", "security"]
    for key, (num, den) in NOVEMBER.items():
        assert sum(d[key][0] for d in departments.values()) == num
        assert sum(d[key][1] for d in departments.values()) == den


def test_department_filter(built):
    rows = report(built["desk"].project, department="engineering").rows
    assert [(r.level, r.department) for r in rows] == [("department", "engineering")]
    assert figures_of(rows[0]) == NOVEMBER_BY_DEPARTMENT["engineering"]
    rows = report(built["desk"].project, department="finance").rows
    assert [(r.department, figures_of(r)["timeliness"]) for r in rows] == [("finance", (0, 0))]


def test_as_of_judges_open_deadlines(built):
    project = built["desk"].project
    # 18:10: S2's dispatch (due 18:05) is now due and missed.
    later = report(project, as_of=nov(26, 18, 10)).rows[0].figures
    assert (later["timeliness"].numerator, later["timeliness"].denominator) == (6, 10)
    # 11-10 12:00: C2's half-day deadline (12 hours: 21:00) is not yet due, so C2 counts as on time; tickets
    # received later have nothing due; C3's visit (11-11) has not happened yet.
    earlier = figures_of(report(project, as_of=nov(10, 12)).rows[0])
    assert earlier["timeliness"] == (5, 7)  # R1 R4 R5 C1 C2 of R1..R5 C1 C2
    # completed in November needing a visit: R1..R5, C1, C3 and S1 (the period's completions);
    # visited by 11-10 12:00: R1 R2 R4 R5 C1
    assert earlier["return_visit"] == (5, 8)
    assert earlier["satisfaction"] == (5, 6)
    assert earlier["complaint_handling"] == (1, 2)


def test_as_of_before_anything_is_due_gives_no_rate(built):
    figures = report(built["desk"].project, as_of=nov(2, 9, 5)).rows[0].figures
    assert (figures["timeliness"].denominator, figures["timeliness"].rate, figures["timeliness"].met) == (
        0,
        None,
        None,
    )


def test_week(built):
    week = periods.period_of(periods.WEEK, dt.date(2026, 11, 4))
    assert (week.first_day, week.end_day) == (dt.date(2026, 11, 2), dt.date(2026, 11, 9))
    figures = figures_of(report(built["desk"].project, period=week).rows[0])
    # R1..R5 and C4's visit of 11-02; C1 (11-09 Monday) belongs to the next week
    assert figures == {
        "satisfaction": (4, 5),
        "timeliness": (3, 5),
        "return_visit": (4, 5),
        "repair_quality": (3, 5),
        "complaint_handling": (0, 0),
    }


def test_monthly_trend(built):
    result = report(built["desk"].project, trend=3)
    assert [p.period.label for p in result.trend] == ["2026-09", "2026-10", "2026-11"]
    assert figures_of(result.trend[-1]) == NOVEMBER
    october = figures_of(result.trend[1])
    # C4: its visit came late (11-02) — timeliness 0/1 — but it was visited and closed
    assert october == {
        "satisfaction": (0, 0),
        "timeliness": (0, 1),
        "return_visit": (1, 1),
        "repair_quality": (0, 0),
        "complaint_handling": (1, 1),
    }
    assert all(f.denominator == 0 for f in result.trend[0].figures.values())


def test_weekly_trend_matches_weekly_reports(built):
    anchor = dt.date(2026, 11, 26)
    result = report(built["desk"].project, period=periods.period_of(periods.WEEK, anchor), trend=5)
    assert [p.period.first_day for p in result.trend] == [
        dt.date(2026, 10, 26),
        dt.date(2026, 11, 2),
        dt.date(2026, 11, 9),
        dt.date(2026, 11, 16),
        dt.date(2026, 11, 23),
    ]
    for point in result.trend:
        alone = report(built["desk"].project, period=point.period, trend=0)
        assert figures_of(point) == figures_of(alone.rows[0])


def test_project_targets_from_settings(built):
    project = built["desk"].project
    project.settings = {"kpi_targets": {"satisfaction": "0.9", "timeliness": 60, "complaint_handling": "bad"}}
    project.save()
    figures = report(project).rows[0].figures
    assert figures["satisfaction"].target == Decimal("0.9") and figures["satisfaction"].met is False
    assert figures["timeliness"].target == Decimal("0.6") and figures["timeliness"].met is True
    assert figures["complaint_handling"].target == Decimal("1.00")


@pytest.mark.parametrize(
    ("numerator", "denominator", "target", "rate", "met"),
    [
        (17, 20, "0.85", "0.8500", True),  # exactly on target meets it
        (84, 100, "0.85", "0.8400", False),
        (2, 3, "0.6667", "0.6667", False),  # 0.66666… < 0.6667 even though both print as 66.7%
        (0, 0, "0.98", None, None),
        (5, 5, "1", "1.0000", True),
    ],
)
def test_figure_rate_and_met(numerator, denominator, target, rate, met):
    figure = Figure(numerator, denominator, Decimal(target))
    assert figure.rate == (Decimal(rate) if rate else None)
    assert figure.met is met


@time_machine.travel(NOW, tick=False)
def test_period_boundaries_are_local_midnight():
    desk = Desk()
    for when in (
        at(2026, 9, 30, 23, 59),
        at(2026, 10, 1, 0, 0),
        at(2026, 10, 25, 23, 59),
        at(2026, 10, 26, 0, 0),
        at(2026, 10, 31, 23, 59),
        at(2026, 11, 1, 0, 0),
    ):
        desk.repair(at=when)  # each has a dispatch deadline, due and missed by now

    def received(period):
        return report(desk.project, period=period, trend=0).rows[0].figures["timeliness"].denominator

    assert received(periods.period_of(periods.MONTH, dt.date(2026, 9, 15))) == 1
    assert received(periods.period_of(periods.MONTH, dt.date(2026, 10, 15))) == 4
    assert received(periods.period_of(periods.MONTH, dt.date(2026, 11, 15))) == 1
    assert received(periods.period_of(periods.WEEK, dt.date(2026, 10, 25))) == 1  # Mon 10-19 … Sun 10-25
    assert (
        received(periods.period_of(periods.WEEK, dt.date(2026, 10, 26))) == 3
    )  # 10-26 00:00 … Sun 11-01 00:00
    assert received(periods.custom(dt.date(2026, 10, 1), dt.date(2026, 10, 31))) == 3  # end is exclusive


@time_machine.travel(NOW, tick=False)
def test_several_projects_total_and_scope_targets():
    a, b = Desk(), Desk()
    a.project.settings = {"kpi_targets": {"satisfaction": 0.9}}
    a.project.save()
    for desk, n in ((a, 2), (b, 3)):
        for _ in range(n):
            ticket = scenario.handle(
                desk, desk.repair(at=nov(20)), nov(20), handler=desk.engineer, department="engineering"
            )
            scenario.visit(desk, ticket, nov(20, 11), "satisfied")
    result = selectors.three_rates(
        projects=sorted([a.project, b.project], key=lambda p: p.name), period=MONTH
    )
    levels = [(r.level, r.project.pk if r.project else None, r.department) for r in result.rows]
    assert levels[0] == ("all", None, None)
    assert figures_of(result.rows[0])["satisfaction"] == (5, 5)
    assert result.rows[0].figures["satisfaction"].target == Decimal("0.85")  # the projects disagree: default
    by_project = {r.project.pk: r for r in result.rows if r.level == "project"}
    assert figures_of(by_project[a.project.pk])["return_visit"] == (2, 2)
    assert by_project[a.project.pk].figures["satisfaction"].target == Decimal("0.9")
    assert figures_of(by_project[b.project.pk])["repair_quality"] == (3, 3)


def test_query_count_is_constant(built, django_assert_num_queries):
    project = built["desk"].project
    with django_assert_num_queries(6):
        report(project, trend=12)
    # more tickets: still six queries
    desk = built["desk"]
    for i in range(10):
        ticket = scenario.handle(
            desk,
            desk.repair(at=nov(17, 9, i)),
            nov(17, 9, i),
            handler=desk.engineer,
            department="engineering",
        )
        scenario.visit(desk, ticket, nov(17, 12, i), "satisfied")
    with django_assert_num_queries(6):
        result = report(project, trend=12)
    assert figures_of(result.rows[0])["satisfaction"] == (17, 18)


def test_report_projects_scope(clock):
    a, b = Desk(), Desk()
    boss = staff(Role.COMPANY_MANAGER, None)
    assert {p.pk for p in selectors.report_projects(user=boss)} == {a.project.pk, b.project.pk}
    assert selectors.report_projects(user=a.supervisor) == [a.project]
    with pytest.raises(Exception) as exc:
        selectors.report_projects(user=a.supervisor, project_id=b.project.pk)
    assert type(exc.value).__name__ == "Http404"
    with pytest.raises(Exception) as exc:
        selectors.report_projects(user=a.engineer, project_id=a.project.pk)
    assert type(exc.value).__name__ == "PermissionDeniedError"


def test_chart_geometry_leaves_gaps(built):
    result = report(built["desk"].project, trend=3)
    drawing = chart.trend_chart(result.trend)
    satisfaction = next(s for s in drawing.series if s.key == "satisfaction")
    assert len(satisfaction.points) == 1 and len(satisfaction.segments) == 1  # Sep and Oct have no visits
    timeliness = next(s for s in drawing.series if s.key == "timeliness")
    assert (
        len(timeliness.points) == 2 and timeliness.points[0]["y"] > timeliness.points[1]["y"]
    )  # 0% below 66.7%
    assert drawing.grid[0]["label"] == "0%" and drawing.grid[-1]["label"] == "100%"


def test_cancelled_after_completion_leaves_the_report(built):
    desk, tickets = built["desk"], built["tickets"]
    # R5 was reopened (in progress): cancel it; it leaves every figure.
    services.ticket_cancel(
        ticket=tickets["R5"], acting_user=desk.supervisor, reason="业主不再需要", at=nov(20)
    )
    figures = figures_of(report(desk.project).rows[0])
    assert (
        figures["repair_quality"] == (3, 4)
        and figures["return_visit"] == (6, 7)
        and figures["timeliness"] == (5, 8)
    )
    assert figures["satisfaction"] == (7, 8)  # the visit itself still happened


def test_tiling():
    november = periods.period_of(periods.MONTH, dt.date(2026, 11, 5))
    assert periods.tiling(periods.MONTH, november) == [november]
    assert periods.tiling(periods.WEEK, november) is None  # 11-01 is a Sunday
    year = periods.custom(dt.date(2025, 12, 1), dt.date(2026, 12, 1))
    assert [p.label for p in periods.tiling(periods.MONTH, year)][::11] == ["2025-12", "2026-11"]
    assert len(periods.tiling(periods.MONTH, year)) == 12
    assert periods.tiling(periods.MONTH, periods.custom(dt.date(2026, 10, 1), dt.date(2026, 11, 30))) is None
    fortnight = periods.custom(dt.date(2026, 11, 2), dt.date(2026, 11, 16))
    assert [p.first_day.day for p in periods.tiling(periods.WEEK, fortnight)] == [2, 9]


def test_range_of_whole_months_is_the_sum_of_its_months(built, django_assert_num_queries):
    project = built["desk"].project
    with django_assert_num_queries(6):  # one set of queries for the range and its trend
        both = report(project, period=periods.custom(dt.date(2026, 10, 1), dt.date(2026, 12, 1)), trend=2)
    october = report(project, period=periods.period_of(periods.MONTH, dt.date(2026, 10, 1)), trend=0)
    figures = figures_of(both.rows[0])
    for key, (num, den) in NOVEMBER.items():
        o_num, o_den = figures_of(october.rows[0])[key]
        assert figures[key] == (num + o_num, den + o_den)
    assert [figures_of(p) for p in both.trend][-1] == NOVEMBER


def test_range_across_months_with_a_trend(built, django_assert_num_queries):
    project = built["desk"].project
    with django_assert_num_queries(12):  # the range's own queries, then the trend's
        result = report(project, period=periods.custom(dt.date(2026, 11, 2), dt.date(2026, 11, 9)), trend=2)
    week = report(project, period=periods.period_of(periods.WEEK, dt.date(2026, 11, 2)), trend=0)
    assert figures_of(result.rows[0]) == figures_of(week.rows[0])
    assert [p.period.label for p in result.trend] == ["2026-10", "2026-11"]
    assert figures_of(result.trend[-1]) == NOVEMBER
