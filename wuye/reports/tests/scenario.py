"""A month of service-desk work built with the real services, with known three-rates figures.

"Now" is Thursday 2026-11-26 18:00 (Beijing). The expected figures for November are worked out
ticket by ticket in the comments; tests assert them exactly.
"""

import datetime as dt

import time_machine

from wuye.servicedesk import services
from wuye.servicedesk.tests.factories import Desk, at

NOW = at(2026, 11, 26, 18)


def nov(day, h=9, mi=0):
    return at(2026, 11, day, h, mi)


def plus(when, minutes):
    return when + dt.timedelta(minutes=minutes)


def handle(desk, ticket, start, *, handler, department, minutes=5):
    """dispatch, accept, start, complete — `minutes` apart from `start`."""
    services.ticket_dispatch(
        ticket=ticket, department=department, acting_user=desk.assistant, at=plus(start, minutes)
    )
    services.ticket_accept(ticket=ticket, acting_user=handler, at=plus(start, 2 * minutes))
    services.ticket_start(ticket=ticket, acting_user=handler, at=plus(start, 3 * minutes))
    services.ticket_complete(
        ticket=ticket, acting_user=handler, result="处理完毕", at=plus(start, 4 * minutes)
    )
    ticket.refresh_from_db()
    return ticket


def visit(desk, ticket, when, satisfaction, *, solved=True, close=True):
    services.ticket_return_visit(
        ticket=ticket, acting_user=desk.assistant, solved=solved, satisfaction=satisfaction, at=when
    )
    if close and solved and satisfaction != "dissatisfied":
        services.ticket_close(ticket=ticket, acting_user=desk.assistant, at=plus(when, 1))


def reply_result(desk, ticket):
    """The assistant replies the result ten minutes after the department reports back (seed 000 §7:
    the same day)."""
    services.ticket_reply(
        ticket=ticket,
        kind="result",
        channel="phone",
        content="已处理完毕，向客户说明结果",
        acting_user=desk.assistant,
        at=plus(ticket.completed_at, 10),
    )


def classify(desk, ticket, when, validity):
    with time_machine.travel(when, tick=False):  # the classification is stamped "now"
        services.complaint_classify(
            ticket=ticket,
            validity=validity,
            severity="minor" if validity == "valid" else "",
            acting_user=desk.supervisor,
        )


def build(desk: Desk | None = None) -> dict:
    """Call inside a time_machine.travel(NOW). Returns the desk and the tickets by name."""
    d = desk or Desk()
    eng, cs, sec = "engineering", "customer_service", "security"
    t = {}

    # R1: all on time, very satisfied.
    t["R1"] = handle(d, d.repair(at=nov(2)), nov(2), handler=d.engineer, department=eng)
    visit(d, t["R1"], nov(2, 11), "very_satisfied")
    # R2: return visit 40 minutes after its one-working-day deadline (late), satisfied.
    t["R2"] = handle(d, d.repair(at=nov(3)), nov(3), handler=d.engineer, department=eng)
    visit(d, t["R2"], nov(4, 10), "satisfied")
    # R3: dispatched after 20 minutes (late); never visited.
    t["R3"] = handle(d, d.repair(at=nov(4)), nov(4), handler=d.engineer, department=eng, minutes=20)
    # R4: the customer rejects the work (rework), redone, accepted, visited on time: satisfied.
    t["R4"] = handle(d, d.repair(at=nov(5)), nov(5), handler=d.engineer, department=eng)
    services.ticket_customer_accept(
        ticket=t["R4"], acting_user=d.assistant, accepted=False, comment="还在漏", at=nov(5, 9, 30)
    )
    services.ticket_complete(ticket=t["R4"], acting_user=d.engineer, result="更换龙头", at=nov(5, 10))
    services.ticket_customer_accept(ticket=t["R4"], acting_user=d.assistant, accepted=True, at=nov(5, 10, 5))
    visit(d, t["R4"], nov(5, 14), "satisfied")
    # R5: visited on time but dissatisfied: reopened (rework), still in progress.
    t["R5"] = handle(d, d.repair(at=nov(6)), nov(6), handler=d.engineer, department=eng)
    visit(d, t["R5"], nov(6, 11), "dissatisfied")

    # C1: valid minor complaint, handled within the half day, very satisfied, closed.
    t["C1"] = d.complaint(at=nov(9), unit=d.unit)
    classify(d, t["C1"], nov(9, 9, 2), "valid")
    handle(d, t["C1"], nov(9), handler=d.assistant, department=cs)
    reply_result(d, t["C1"])
    visit(d, t["C1"], nov(9, 10), "very_satisfied")
    # C2: valid complaint, dispatched, never resolved.
    t["C2"] = d.complaint(at=nov(10), contact_phone="13900001111")
    classify(d, t["C2"], nov(10, 9, 2), "valid")
    services.ticket_dispatch(ticket=t["C2"], department=cs, acting_user=d.assistant, at=nov(10, 9, 5))
    # C3: invalid complaint, still handled on time and visited (satisfied), closed.
    t["C3"] = d.complaint(at=nov(11), contact_phone="13900002222")
    classify(d, t["C3"], nov(11, 9, 2), "invalid")
    handle(d, t["C3"], nov(11), handler=d.assistant, department=cs)
    reply_result(d, t["C3"])
    visit(d, t["C3"], nov(11, 10), "satisfied")
    # C4: a valid complaint of October, completed then, visited on 11-02 (late), closed.
    t["C4"] = d.complaint(at=at(2026, 10, 28), contact_phone="13900003333")
    classify(d, t["C4"], at(2026, 10, 28, 9, 2), "valid")
    handle(d, t["C4"], at(2026, 10, 28), handler=d.assistant, department=cs)
    reply_result(d, t["C4"])
    visit(d, t["C4"], nov(2, 10), "satisfied")

    # S1: security matter, dispatched on time, done, visited (security matters get a return visit
    # too: issue 8, seed 003) — satisfied — and closed.
    t["S1"] = services.ticket_create(
        project=d.project, acting_user=d.assistant, category="security", content="地库有陌生人", at=nov(12)
    )
    handle(d, t["S1"], nov(12), handler=d.security, department=sec, minutes=2)
    visit(d, t["S1"], nov(12, 9, 15), "satisfied")
    # S2: received five minutes ago; its dispatch is due at 18:05 — not yet due "now".
    t["S2"] = services.ticket_create(
        project=d.project,
        acting_user=d.assistant,
        category="security",
        content="电梯困人",
        at=nov(26, 17, 55),
    )
    # Q1: consultation answered on the spot: no deadline, no visit.
    t["Q1"] = services.ticket_create(
        project=d.project,
        acting_user=d.assistant,
        category="consultation",
        content="物业费怎么交？",
        answer="服务中心或线上缴纳。",
        at=nov(13),
    )
    # X1: cancelled repair: counts nowhere.
    t["X1"] = d.repair(at=nov(16))
    services.ticket_cancel(ticket=t["X1"], acting_user=d.supervisor, reason="业主自行修好", at=nov(16, 9, 30))
    return {"desk": d, "tickets": t}


# November 2026, as of NOW: (numerator, denominator) per KPI.
NOVEMBER = {
    # visits done in Nov: R1 R2 R4 C1 C3 C4 S1 satisfied or better, R5 dissatisfied
    "satisfaction": (7, 8),
    # received in Nov with a deadline due: R1..R5, C1..C3, S1 (S2 not yet due, Q1 none, X1 cancelled);
    # late: R2 (visit), R3 (dispatch), C2 (complaint not resolved)
    "timeliness": (6, 9),
    # completed in Nov needing a visit: R1..R5, C1, C3, S1; R3 not visited
    "return_visit": (7, 8),
    # repairs completed in Nov: R1..R5; R4 and R5 reworked
    "repair_quality": (3, 5),
    # valid complaints received in Nov: C1 closed, C2 open (C3 invalid, C4 October)
    "complaint_handling": (1, 2),
}
NOVEMBER_BY_DEPARTMENT = {
    "customer_service": {
        "satisfaction": (3, 3),
        "timeliness": (2, 3),
        "return_visit": (2, 2),
        "repair_quality": (0, 0),
        "complaint_handling": (1, 2),
    },
    "engineering": {
        "satisfaction": (3, 4),
        "timeliness": (3, 5),
        "return_visit": (4, 5),
        "repair_quality": (3, 5),
        "complaint_handling": (0, 0),
    },
    "security": {
        "satisfaction": (1, 1),
        "timeliness": (1, 1),
        "return_visit": (1, 1),
        "repair_quality": (0, 0),
        "complaint_handling": (0, 0),
    },
}
