"""The census procedure (seed 000 §22): the assigned assistant confirms each building by the 30th;
the project manager signs the report off once the month is over and every building is confirmed;
copies go to security and the cashier; the sweep reminds whoever is due. Each refusal says why."""

import pytest
import time_machine

from wuye.census import services
from wuye.census.choices import CensusStatus, ReportStatus
from wuye.census.models import BuildingCensus, OccupancyReport
from wuye.census.months import parse_month
from wuye.census.tests.factories import Estate, at
from wuye.core.errors import BusinessRuleError, PermissionDeniedError
from wuye.core.roles import Role
from wuye.core.tests.factories import BuildingFactory, staff
from wuye.estate.choices import OccupancyStatus as S
from wuye.notifications.models import Notification

pytestmark = pytest.mark.django_db

NOV = parse_month("2026-11")


@pytest.fixture
def clock():
    with time_machine.travel(at(2026, 11, 28), tick=False) as traveller:
        yield traveller


@pytest.fixture
def estate(clock):
    return Estate()


def _open(estate):
    report = services.census_month_open(project=estate.project, month=NOV, acting_user=estate.supervisor)
    return report, {c.building.number: c for c in BuildingCensus.objects.filter(report=report)}


def _confirm_all(estate, censuses):
    services.census_confirm(census=censuses["1"], acting_user=estate.assistant)
    services.census_confirm(census=censuses["2"], acting_user=estate.assistant2)


def _code(call) -> str:
    with pytest.raises(BusinessRuleError) as exc:
        call()
    assert exc.value.message
    return exc.value.code


def test_opening_a_month_assigns_each_building_its_butler_and_the_deadlines(estate):
    report, censuses = _open(estate)
    assert report.due_on.isoformat() == "2026-12-03" and report.status == ReportStatus.DRAFT
    assert censuses["1"].assistant == estate.assistant and censuses["2"].assistant == estate.assistant2
    assert {c.due_on.isoformat() for c in censuses.values()} == {"2026-11-30"}
    # idempotent; a building added since joins the open month
    BuildingFactory(project=estate.project, number="3")
    again, _ = _open(estate)
    assert again.pk == report.pk
    assert BuildingCensus.objects.filter(report=report).count() == 3
    assert BuildingCensus.objects.get(report=report, building__number="3").assistant is None


def test_a_future_month_cannot_be_opened(estate):
    assert (
        _code(
            lambda: services.census_month_open(
                project=estate.project, month=parse_month("2026-12"), acting_user=estate.supervisor
            )
        )
        == "month_in_future"
    )


def test_the_assistant_confirms_with_the_counts_as_they_stand(estate):
    unit = estate.units["1"][0]
    estate.hand_over(unit, at(2026, 11, 10))
    _, censuses = _open(estate)
    census = services.census_confirm(
        census=censuses["1"], acting_user=estate.assistant, remarks=" 1-1-100 已入住核实 "
    )
    assert census.status == CensusStatus.CONFIRMED
    assert census.confirmed_by == estate.assistant and census.confirmed_at is not None
    assert census.counts[S.VACANT] == 1 and census.counts[S.NOT_HANDED_OVER] == 2
    assert census.remarks == "1-1-100 已入住核实"


def test_only_the_assigned_assistant_confirms(estate):
    _, censuses = _open(estate)
    assert _code(lambda: services.census_confirm(census=censuses["1"], acting_user=estate.assistant2)) == (
        "not_assigned_assistant"
    )
    with pytest.raises(PermissionDeniedError):  # not an assistant at all
        services.census_confirm(census=censuses["1"], acting_user=estate.manager)
    assert BuildingCensus.objects.get(pk=censuses["1"].pk).status == CensusStatus.OPEN


def test_a_census_without_an_assistant_cannot_be_confirmed_until_one_is_assigned():
    with time_machine.travel(at(2026, 11, 28), tick=False):
        estate = Estate(butlers=False)
        _, censuses = _open(estate)
        assert censuses["1"].assistant is None
        assert _code(lambda: services.census_confirm(census=censuses["1"], acting_user=estate.assistant)) == (
            "no_assistant_assigned"
        )
        services.census_assign(
            census=censuses["1"], assistant=estate.assistant, acting_user=estate.supervisor
        )
        assert (
            services.census_confirm(census=censuses["1"], acting_user=estate.assistant).status == "confirmed"
        )


def test_assigning_refuses_a_non_assistant_and_a_confirmed_census(estate):
    _, censuses = _open(estate)
    assert (
        _code(
            lambda: services.census_assign(
                census=censuses["1"], assistant=estate.cashier, acting_user=estate.supervisor
            )
        )
        == "not_an_assistant"
    )
    with pytest.raises(PermissionDeniedError):
        services.census_assign(
            census=censuses["1"], assistant=estate.assistant2, acting_user=estate.assistant
        )
    services.census_confirm(census=censuses["1"], acting_user=estate.assistant)
    assert (
        _code(
            lambda: services.census_assign(
                census=censuses["1"], assistant=estate.assistant2, acting_user=estate.supervisor
            )
        )
        == "census_confirmed"
    )


def test_a_census_is_confirmed_once(estate):
    _, censuses = _open(estate)
    services.census_confirm(census=censuses["1"], acting_user=estate.assistant)
    assert _code(lambda: services.census_confirm(census=censuses["1"], acting_user=estate.assistant)) == (
        "status_transition_forbidden"
    )


def test_sign_off_refuses_while_a_building_is_open_and_while_the_month_runs(estate, clock):
    _, censuses = _open(estate)
    sign = lambda: services.report_sign_off(project=estate.project, month=NOV, acting_user=estate.manager)  # noqa: E731
    services.census_confirm(census=censuses["1"], acting_user=estate.assistant)
    clock.move_to(at(2026, 12, 1))
    with pytest.raises(BusinessRuleError) as exc:
        sign()
    assert exc.value.code == "census_not_confirmed" and "2#" in exc.value.message
    clock.move_to(at(2026, 11, 30, 20))
    services.census_confirm(census=censuses["2"], acting_user=estate.assistant2)
    assert _code(sign) == "month_not_over"
    assert OccupancyReport.objects.get(project=estate.project).status == ReportStatus.DRAFT


def test_sign_off_refuses_a_month_never_started(estate):
    assert (
        _code(lambda: services.report_sign_off(project=estate.project, month=NOV, acting_user=estate.manager))
        == "census_not_started"
    )


def test_only_the_project_manager_signs_off(estate, clock):
    _, censuses = _open(estate)
    _confirm_all(estate, censuses)
    clock.move_to(at(2026, 12, 2))
    for user in (estate.supervisor, estate.assistant, estate.cashier):
        with pytest.raises(PermissionDeniedError):
            services.report_sign_off(project=estate.project, month=NOV, acting_user=user)


def test_sign_off_keeps_the_figures_and_sends_copies_to_security_and_the_cashier(estate, clock):
    unit = estate.units["2"][0]
    estate.hand_over(unit, at(2026, 11, 5))
    _, censuses = _open(estate)
    _confirm_all(estate, censuses)
    clock.move_to(at(2026, 12, 2))
    report = services.report_sign_off(project=estate.project, month=NOV, acting_user=estate.manager)
    assert report.status == ReportStatus.DISTRIBUTED
    assert report.signed_by == estate.manager and report.signed_at and report.distributed_at
    copies = Notification.objects.filter(kind="census_report")
    assert set(copies.values_list("recipient", flat=True)) == {estate.security.pk, estate.cashier.pk}
    assert set(report.distributed_to) == {estate.security.pk, estate.cashier.pk}
    row = next(r for r in report.figures["buildings"] if r["building"] == estate.buildings[1].pk)
    assert row["counts"][S.VACANT] == 1
    # a correction entered later for November does not alter the signed report
    estate.move_in(unit, at(2026, 11, 20))
    from wuye.census.selectors import monthly_report

    shown = monthly_report(project=estate.project, month=NOV)
    assert shown.signed
    assert next(r for r in shown.rows if r["building"] == estate.buildings[1].pk)["counts"][S.VACANT] == 1
    # sending again sends nothing twice
    services.report_distribute(report=report, acting_user=estate.manager)
    assert copies.count() == 2
    # and the signed month's census is closed
    assert _code(
        lambda: services.report_sign_off(project=estate.project, month=NOV, acting_user=estate.manager)
    ) == ("report_signed")


def test_a_signed_report_closes_its_census(estate, clock):
    _, censuses = _open(estate)
    _confirm_all(estate, censuses)
    BuildingFactory(project=estate.project, number="9")
    clock.move_to(at(2026, 12, 2))
    services.report_sign_off(project=estate.project, month=NOV, acting_user=estate.manager)
    census = BuildingCensus.objects.filter(month=NOV, building__number="9").first()
    assert census is None  # not part of the census when it was signed
    report = services.census_month_open(project=estate.project, month=NOV, acting_user=estate.supervisor)
    assert not BuildingCensus.objects.filter(report=report, building__number="9").exists()


def test_sign_off_needs_someone_to_send_the_copies_to(clock):
    estate = Estate()
    estate.cashier.is_active = False
    estate.cashier.save()
    _, censuses = _open(estate)
    _confirm_all(estate, censuses)
    clock.move_to(at(2026, 12, 2))
    with pytest.raises(BusinessRuleError) as exc:
        services.report_sign_off(project=estate.project, month=NOV, acting_user=estate.manager)
    assert exc.value.code == "no_copy_recipient"
    assert OccupancyReport.objects.get(project=estate.project).status == ReportStatus.DRAFT


def test_the_sweep_starts_the_month_and_reminds_once(estate, clock):
    clock.move_to(at(2026, 11, 20))
    assert services.census_sweep() == 0  # opened, nothing due within three days
    assert BuildingCensus.objects.filter(project=estate.project, month=NOV).count() == 2
    clock.move_to(at(2026, 11, 28))
    assert services.census_sweep() == 2
    assert services.census_sweep() == 0
    due = Notification.objects.filter(kind="census_due")
    assert set(due.values_list("recipient", flat=True)) == {estate.assistant.pk, estate.assistant2.pk}
    services.census_confirm(
        census=BuildingCensus.objects.get(project=estate.project, building__number="1"),
        acting_user=estate.assistant,
    )
    clock.move_to(at(2026, 12, 1))
    assert services.census_sweep() == 1  # the open one is overdue; December's just started
    overdue = due.latest("pk")
    assert overdue.recipient == estate.assistant2 and overdue.dedupe_key.startswith("census-overdue:")
    clock.move_to(at(2026, 12, 4))
    assert services.census_sweep() == 1  # the report is past the 3rd: the project manager is told
    assert Notification.objects.get(kind="census_report_due").recipient == estate.manager
    assert services.census_sweep() == 0


def test_the_sweep_tells_the_supervisor_about_a_building_without_an_assistant():
    with time_machine.travel(at(2026, 11, 29), tick=False):
        estate = Estate(butlers=False)
        extra = staff(Role.CS_SUPERVISOR, estate.project)
        assert services.census_sweep() == 4  # two buildings × two supervisors
        assert services.census_sweep() == 0
        assert Notification.objects.filter(kind="census_unassigned", recipient=extra).count() == 2


def test_the_management_command_runs_the_sweep(estate):
    import io

    from django.core.management import call_command

    out = io.StringIO()
    call_command("census_sweep", stdout=out)  # 28 Nov: both buildings due by the 30th
    assert out.getvalue().startswith("2 ")
    call_command("census_sweep", stdout=out)
    assert out.getvalue().splitlines()[-1].startswith("0 ")
