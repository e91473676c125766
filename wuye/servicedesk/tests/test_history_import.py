"""`ticket_history_import` against the step services: the same history entered both ways gives the
same ticket, timeline, deadlines (due times, met or late), replies, return visits and history rows."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.forms.models import model_to_dict
from django.utils.translation import gettext as _

from wuye.core.errors import BusinessRuleError, PermissionDeniedError
from wuye.servicedesk import deadlines as deadline_rules
from wuye.servicedesk import services
from wuye.servicedesk.models import Ticket
from wuye.servicedesk.services import TicketHistory, TicketStep
from wuye.servicedesk.tests.factories import Desk, at

pytestmark = pytest.mark.django_db

SERVICES = {
    "dispatch": services.ticket_dispatch,
    "classify": services.complaint_classify,
    "opinion": services.complaint_record_opinion,
    "accept": services.ticket_accept,
    "start": services.ticket_start,
    "complete": services.ticket_complete,
    "reply": services.ticket_reply,
    "customer_accept": services.ticket_customer_accept,
    "return_visit": services.ticket_return_visit,
    "close": services.ticket_close,
}
AFTER = at(2026, 11, 20, 9)  # both ways are entered after the history, on this day


@pytest.fixture
def desk():
    return Desk()


def walk_with_services(project, history: TicketHistory) -> Ticket:
    """The history as the demo used to enter it: each service at its step's time (a frozen clock)."""
    with time_machine.travel(history.received_at, tick=False):
        ticket = services.ticket_create(
            project=project,
            category=history.category,
            content=history.content,
            acting_user=history.received_by,
            at=history.received_at,
            **history.intake,
        )
    for step in history.steps:
        with time_machine.travel(step.at, tick=False):
            SERVICES[step.action](ticket=ticket, acting_user=step.actor, at=step.at, **step.args)
    return Ticket.objects.get(pk=ticket.pk)


def imported(project, history: TicketHistory) -> Ticket:
    with time_machine.travel(AFTER, tick=False):
        (ticket,) = services.ticket_history_import(project=project, histories=[history])
    return Ticket.objects.get(pk=ticket.pk)


def picture(ticket: Ticket) -> dict:
    """Everything the ticket's history wrote, without ids and numbers."""
    fields = model_to_dict(ticket, exclude=["id", "number"])
    history = [
        {
            **{
                k: v
                for k, v in model_to_dict(row).items()
                if k not in ("id", "number", "history_id", "history_change_reason")
            },
            "history_type": row.history_type,
            "history_date": row.history_date,
            "history_user": row.history_user_id,
            "status": row.status,
        }
        for row in ticket.history.order_by("history_date", "history_id")
    ]
    return {
        "ticket": fields,
        "events": [
            (e.kind, e.from_status, e.to_status, e.at, e.actor_id, e.note, {**e.data, "reply": None})
            for e in ticket.events.order_by("at", "id")
        ],
        "deadlines": {
            d.step: (
                d.due_at,
                d.original_due_at,
                d.met_at,
                d.amount,
                d.unit,
                d.cancelled,
                d.late_notified_at,
                deadline_rules.state(d, AFTER),
            )
            for d in ticket.deadlines.all()
        },
        "visits": [
            model_to_dict(v, exclude=["id", "ticket"]) for v in ticket.return_visits.order_by("due_at", "id")
        ],
        "replies": [model_to_dict(r, exclude=["id", "ticket"]) for r in ticket.replies.order_by("at", "id")],
        "history": history,
    }


def assert_same(desk, history: TicketHistory) -> dict:
    by_services = picture(walk_with_services(desk.project, history))
    by_import = picture(imported(desk.project, history))
    for part in by_services:
        if part == "history":
            assert len(by_import[part]) == len(by_services[part])
            for n, (got, want) in enumerate(zip(by_import[part], by_services[part], strict=True)):
                diff = {k: (got[k], want.get(k)) for k in got if got[k] != want.get(k)}
                assert not diff, (n, diff)
        assert by_import[part] == by_services[part], part
    return by_import


def repair_with_return_visits(desk, t0: dt.datetime) -> TicketHistory:
    """A leaking tap: dispatched, fixed, the customer signs; the return visit finds it leaking
    again (reopened, redone), a second visit finds it solved; closed."""

    def m(minutes):
        return t0 + dt.timedelta(minutes=minutes)

    e, a = desk.engineer, desk.assistant
    return TicketHistory(
        category="repair_in_unit",
        content="厨房水龙头漏水",
        received_by=a,
        received_at=t0,
        intake={"unit": desk.unit, "contact_phone": "13812345678", "contact_name": "王先生"},
        steps=[
            TicketStep("dispatch", a, m(6), {"department": "engineering", "assignee": e}),
            TicketStep("accept", e, m(8)),
            TicketStep("start", e, m(14)),
            TicketStep("complete", e, m(70), {"result": "更换阀芯", "labour_hours": "1"}),
            TicketStep("customer_accept", e, m(80), {"comment": "客户签字确认"}),
            TicketStep(
                "return_visit",
                a,
                m(60 * 20),
                {"solved": False, "satisfaction": "dissatisfied", "comment": "仍漏水"},
            ),
            TicketStep("complete", e, m(60 * 24), {"result": "二次处理完毕"}),
            TicketStep("return_visit", a, m(60 * 30), {"solved": True, "satisfaction": "satisfied"}),
            TicketStep("close", a, m(60 * 30 + 30)),
        ],
    )


def test_repair_with_dispatch_and_return_visits(desk):
    history = repair_with_return_visits(desk, at(2026, 11, 2, 9, 5))
    result = assert_same(desk, history)
    assert result["ticket"]["status"] == "closed" and result["ticket"]["rework_count"] == 1
    assert [v["solved"] for v in result["visits"]] == [False, True]
    assert result["deadlines"]["on_site"][-1] == "met"
    assert result["deadlines"]["return_visit"][-1] == "met"
    assert len(result["history"]) == 11  # intake + ten saves (the reopening is one)


def test_major_complaint_with_opinion_and_replies(desk):
    t0 = at(2026, 11, 3, 10, 30)

    def m(minutes):
        return t0 + dt.timedelta(minutes=minutes)

    s, a, e = desk.supervisor, desk.assistant, desk.engineer
    history = TicketHistory(
        category="complaint",
        content="楼上装修噪音太大，中午也在施工",
        received_by=a,
        received_at=t0,
        intake={"unit": desk.unit, "contact_phone": "13812345678"},
        steps=[
            TicketStep("dispatch", a, m(5), {"department": "engineering"}),
            TicketStep("classify", s, m(8), {"validity": "valid", "severity": "major"}),
            TicketStep("opinion", s, m(10), {"opinion": "请相关部门当日处理并回复客户。"}),
            TicketStep("reply", a, m(60), {"kind": "interim", "channel": "phone", "content": "已安排处理"}),
            TicketStep("accept", e, m(70)),
            TicketStep("start", e, m(75)),
            TicketStep("complete", e, m(60 * 30), {"result": "已与装修户沟通整改"}),
            TicketStep("reply", a, m(60 * 31), {"kind": "result", "channel": "phone", "content": "已整改"}),
            TicketStep("return_visit", a, m(60 * 40), {"solved": True, "satisfaction": "satisfied"}),
            TicketStep("close", a, m(60 * 41)),
        ],
    )
    result = assert_same(desk, history)
    states = {step: row[-1] for step, row in result["deadlines"].items()}
    assert states["complaint_major_reply"] == "met"
    assert states["complaint_result_reply"] == "met"
    assert result["deadlines"]["complaint_minor"][5] is True  # the proposed minor step, cancelled
    assert result["ticket"]["severity"] == "major"
    assert [r["kind"] for r in result["replies"]] == ["interim", "result"]


def test_late_urgent_repair_misses_its_deadlines(desk):
    """A burst pipe at night: dispatched late, fixed after the 8 hours: both steps late."""
    t0 = at(2026, 11, 5, 22, 10)

    def m(minutes):
        return t0 + dt.timedelta(minutes=minutes)

    e, a = desk.engineer, desk.assistant
    history = TicketHistory(
        category="repair_in_unit",
        content="卫生间爆管，水漫到客厅",
        received_by=a,
        received_at=t0,
        intake={"unit": desk.unit, "urgent": True},
        steps=[
            TicketStep("dispatch", a, m(25), {"department": "engineering"}),
            TicketStep("accept", e, m(30)),
            TicketStep("start", e, m(100)),
            TicketStep("complete", e, m(60 * 10), {"result": "更换爆裂水管", "materials_fee": "30"}),
            TicketStep("return_visit", a, m(60 * 20), {"solved": True, "satisfaction": "neutral"}),
            TicketStep("close", a, m(60 * 21)),
        ],
    )
    result = assert_same(desk, history)
    states = {step: row[-1] for step, row in result["deadlines"].items()}
    assert states["dispatch"] == "late"
    assert states["urgent_fixed"] == "late"
    assert states["urgent_on_site"] == "met"
    assert states["report_superior"] == "met"


def test_consultation_answered_on_the_spot_and_invalid_complaint(desk):
    t0 = at(2026, 11, 6, 15)
    assert_same(
        desk,
        TicketHistory(
            category="consultation",
            content="物业费可以按季度缴纳吗？",
            received_by=desk.assistant,
            received_at=t0,
            intake={"answer": "可以，按季度预缴。"},
        ),
    )
    a, s = desk.assistant, desk.supervisor
    assert_same(
        desk,
        TicketHistory(
            category="complaint",
            content="邻居的狗半夜叫",
            received_by=a,
            received_at=t0,
            steps=[
                TicketStep("classify", s, t0 + dt.timedelta(minutes=5), {"validity": "invalid"}),
                TicketStep("start", a, t0 + dt.timedelta(minutes=6)),
                TicketStep("complete", a, t0 + dt.timedelta(minutes=30), {"result": "已向客户解释"}),
                TicketStep(
                    "return_visit",
                    a,
                    t0 + dt.timedelta(hours=5),
                    {"solved": True, "satisfaction": "satisfied"},
                ),
                TicketStep("close", a, t0 + dt.timedelta(hours=6)),
            ],
        ),
    )


def test_refused_as_the_services_refuse_and_nothing_written(desk):
    t0 = at(2026, 11, 2, 9)
    good = repair_with_return_visits(desk, t0)
    steps = list(good.steps)
    cases = [
        # accepting before dispatch
        (TicketHistory(**{**good.__dict__, "steps": [steps[1], *steps[2:]]}), BusinessRuleError),
        # a step before the previous one
        (
            TicketHistory(**{**good.__dict__, "steps": [steps[0], TicketStep("accept", desk.engineer, t0)]}),
            BusinessRuleError,
        ),
        # the security guard cannot dispatch
        (
            TicketHistory(
                **{
                    **good.__dict__,
                    "steps": [TicketStep("dispatch", desk.security, steps[0].at, steps[0].args)],
                }
            ),
            PermissionDeniedError,
        ),
        # closed without its return visit
        (TicketHistory(**{**good.__dict__, "steps": [*steps[:5], steps[-1]]}), BusinessRuleError),
        # left open
        (TicketHistory(**{**good.__dict__, "steps": steps[:4]}), BusinessRuleError),
        # an unknown step
        (
            TicketHistory(**{**good.__dict__, "steps": [TicketStep("teleport", desk.assistant, t0)]}),
            ValidationError,
        ),
    ]
    for history, error in cases:
        with time_machine.travel(AFTER, tick=False), pytest.raises(error):
            services.ticket_history_import(project=desk.project, histories=[good, history])
    assert not Ticket.objects.exists()
    with time_machine.travel(AFTER, tick=False):
        tickets = services.ticket_history_import(project=desk.project, histories=[good, good])
    assert [t.number for t in tickets] == ["20261102-0001", "20261102-0002"]
    with time_machine.travel(AFTER, tick=False):
        later = desk.repair(at=t0 + dt.timedelta(hours=3))  # numbered on after the imported ones
    assert later.number == "20261102-0003"
    assert Ticket.history.filter(history_change_reason=_("Ticket history imported")).count() == 22


def test_the_classification_is_recorded_with_its_author(desk):
    """complaint_classify's own save names the supervisor in the ticket's history (it was anonymous)."""
    ticket = desk.complaint()
    services.complaint_classify(ticket=ticket, validity="invalid", acting_user=desk.supervisor)
    row = ticket.history.order_by("-history_date", "-history_id").first()
    assert (row.validity, row.history_user) == ("invalid", desk.supervisor)
