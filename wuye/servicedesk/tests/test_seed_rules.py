"""The service-desk rules of issue 8, each read against the seed section it comes from."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError

from wuye.accounts.choices import Role
from wuye.core.errors import BusinessRuleError, PermissionDeniedError
from wuye.core.tests.factories import BuildingFactory, resident_user, staff
from wuye.servicedesk import selectors, services
from wuye.servicedesk.models import ButlerArea, CustomerReply, DeskDuty, ServiceMenuItem
from wuye.servicedesk.tests.factories import Desk, at

pytestmark = pytest.mark.django_db

T0 = at(2026, 11, 26, 9)


@pytest.fixture
def desk():
    return Desk()


def steps(ticket, as_of=None):
    return {r["step"]: r for r in selectors.deadline_rows(ticket, as_of=as_of)}


def major_complaint(desk, when=T0):
    with time_machine.travel(when + dt.timedelta(minutes=1), tick=False):
        ticket = desk.complaint(at=when, unit=desk.unit)
        services.complaint_classify(
            ticket=ticket, validity="valid", severity="major", acting_user=desk.supervisor
        )
    return ticket


# --- seed 000 §7: a major complaint's clear reply is a recorded reply ----------------------------------


def test_major_complaint_reply_is_not_met_by_work_starting(desk):
    """ "应当在2日内给投诉的客户明确答复" is met by replying to the customer, not by the ticket moving."""
    ticket = major_complaint(desk)
    with time_machine.travel(T0 + dt.timedelta(hours=2), tick=False):
        services.ticket_dispatch(ticket=ticket, department="customer_service", acting_user=desk.assistant)
        services.ticket_accept(ticket=ticket, acting_user=desk.assistant2)
        services.ticket_start(ticket=ticket, acting_user=desk.assistant2)
    rows = steps(ticket, as_of=T0 + dt.timedelta(days=3))
    assert (
        rows["complaint_major_reply"]["met_at"] is None and rows["complaint_major_reply"]["state"] == "late"
    )


def test_major_complaint_reply_met_by_a_recorded_interim_reply(desk):
    ticket = major_complaint(desk)
    reply_at = T0 + dt.timedelta(days=1)
    with time_machine.travel(reply_at + dt.timedelta(minutes=5), tick=False):
        reply = services.ticket_reply(
            ticket=ticket,
            kind="interim",
            channel="phone",
            acting_user=desk.assistant,
            content="已联系工程部，周五前更换电梯主板",
            at=reply_at,
        )
    assert (reply.replied_by, reply.at, reply.channel) == (desk.assistant, reply_at, "phone")
    rows = steps(ticket)
    assert (
        rows["complaint_major_reply"]["met_at"] == reply_at
        and rows["complaint_major_reply"]["state"] == "met"
    )
    assert rows["complaint_major_resolve"]["met_at"] is None  # the reply does not resolve it
    event = ticket.events.get(kind="reply")
    assert event.note == "已联系工程部，周五前更换电梯主板" and event.data["channel"] == "phone"


def test_reply_needs_channel_and_content_and_a_desk_role(desk):
    ticket = major_complaint(desk)
    with pytest.raises(ValidationError) as exc:
        services.ticket_reply(
            ticket=ticket, kind="interim", channel="carrier pigeon", content=" ", acting_user=desk.assistant
        )
    assert {"channel", "content"} <= set(exc.value.message_dict)
    with pytest.raises(PermissionDeniedError):
        services.ticket_reply(
            ticket=ticket, kind="interim", channel="phone", content="x", acting_user=desk.engineer
        )
    assert not CustomerReply.objects.exists()


def test_result_is_replied_the_same_day_the_department_reports_back(desk):
    """Seed 000 §7.6–7: "收到被投诉部门投诉处理的反馈信息后…在当天将处理结果…回复给投诉的客户"."""
    ticket = desk.complaint(at=T0, unit=desk.unit)
    with pytest.raises(BusinessRuleError) as exc:
        services.ticket_reply(
            ticket=ticket, kind="result", channel="phone", content="已修好", acting_user=desk.assistant
        )
    assert exc.value.code == "result_before_completion"
    desk.through_completion(ticket, start=T0)
    done_at = ticket.completed_at
    row = steps(ticket)["complaint_result_reply"]
    assert row["due_at"] == at(2026, 11, 26, 23, 59) + dt.timedelta(seconds=59)
    assert row["unit"] == "same_day"
    assert steps(ticket, as_of=at(2026, 11, 27, 0, 1))["complaint_result_reply"]["state"] == "late"
    services.ticket_reply(
        ticket=ticket,
        kind="result",
        channel="reply_form",
        content="楼道灯已更换",
        acting_user=desk.assistant,
        at=done_at + dt.timedelta(hours=1),
    )
    assert steps(ticket, as_of=at(2026, 11, 27, 9))["complaint_result_reply"]["state"] == "met"


def test_supervisor_records_the_handling_opinion(desk):
    """Seed 000 §7.6: "客户中心主管(经理)在《客户投诉、意见记录表》上签署处理意见"."""
    ticket = desk.complaint(at=T0, unit=desk.unit)
    with pytest.raises(PermissionDeniedError):
        services.complaint_record_opinion(ticket=ticket, opinion="x", acting_user=desk.assistant)
    with pytest.raises(ValidationError):
        services.complaint_record_opinion(ticket=ticket, opinion="  ", acting_user=desk.supervisor)
    services.complaint_record_opinion(
        ticket=ticket, opinion="工程部今日内更换灯具，客服跟进回复", acting_user=desk.supervisor
    )
    ticket.refresh_from_db()
    assert (ticket.handling_opinion, ticket.opinion_by) == (
        "工程部今日内更换灯具，客服跟进回复",
        desk.supervisor,
    )
    assert ticket.events.filter(kind="opinion", actor=desk.supervisor).count() == 1
    with pytest.raises(BusinessRuleError):
        services.complaint_record_opinion(ticket=desk.repair(), opinion="x", acting_user=desk.supervisor)


def test_a_request_reply_is_met_by_the_reply(desk):
    """Seed 000 §6: "任何需求、建议在受理后1天内做出处理和回复"."""
    ticket = services.ticket_create(
        project=desk.project,
        acting_user=desk.assistant,
        category="suggestion",
        content="希望增加快递柜",
        at=T0,
    )
    services.ticket_reply(
        ticket=ticket,
        kind="interim",
        channel="phone",
        content="已转报管理处，下周答复",
        acting_user=desk.assistant,
        at=T0 + dt.timedelta(hours=3),
    )
    assert steps(ticket)["reply"]["state"] == "met"


# --- seed 000 §8: a resident's own report is followed by an assistant ---------------------------------


def test_resident_report_goes_to_the_buildings_butler(desk):
    butler = staff(Role.CS_ASSISTANT, desk.project)
    ButlerArea.objects.create(project=desk.project, user=butler, building=desk.unit.building)
    owner = resident_user(owner=desk.owner)
    ticket = services.ticket_create(
        project=desk.project,
        acting_user=owner,
        category="repair_in_unit",
        content="卫生间漏水",
        unit=desk.unit,
    )
    assert ticket.first_contact == butler and ticket.channel == "portal"


def test_without_a_butler_the_assistant_on_duty_follows(desk):
    owner = resident_user(owner=desk.owner)
    today = dt.date(2026, 11, 26)
    services.desk_duty_set(project=desk.project, day=today, user=desk.assistant2, acting_user=desk.supervisor)
    with time_machine.travel(T0, tick=False):
        ticket = services.ticket_create(
            project=desk.project,
            acting_user=owner,
            category="repair_in_unit",
            content="卫生间漏水",
            unit=desk.unit,
        )
    assert ticket.first_contact == desk.assistant2
    # the next day nobody is named: the assistant with the fewest open tickets, never the supervisor
    with time_machine.travel(T0 + dt.timedelta(days=1), tick=False):
        second = services.ticket_create(
            project=desk.project, acting_user=owner, category="help", content="钥匙锁在屋里", unit=desk.unit
        )
    assert second.first_contact == desk.assistant


def test_desk_duty_is_an_assistant_named_by_the_supervisor(desk):
    day = dt.date(2026, 11, 26)
    with pytest.raises(PermissionDeniedError):
        services.desk_duty_set(project=desk.project, day=day, user=desk.assistant, acting_user=desk.assistant)
    with pytest.raises(ValidationError):
        services.desk_duty_set(project=desk.project, day=day, user=desk.engineer, acting_user=desk.supervisor)
    services.desk_duty_set(project=desk.project, day=day, user=desk.assistant, acting_user=desk.supervisor)
    services.desk_duty_set(project=desk.project, day=day, user=desk.assistant2, acting_user=desk.supervisor)
    assert DeskDuty.objects.get(project=desk.project, day=day).user == desk.assistant2


def test_a_butler_of_another_building_does_not_take_it(desk):
    other = staff(Role.CS_ASSISTANT, desk.project)
    ButlerArea.objects.create(
        project=desk.project, user=other, building=BuildingFactory(project=desk.project, number="9")
    )
    owner = resident_user(owner=desk.owner)
    ticket = services.ticket_create(
        project=desk.project, acting_user=owner, category="help", content="x", unit=desk.unit
    )
    assert ticket.first_contact != other and ticket.first_contact in (desk.assistant, desk.assistant2)


# --- paid services: routed by the menu, the quote is the price (seed 000 §13, seed 002) ---------------


def menu(desk, **fields):
    values = {
        "project": desk.project,
        "group": "cleaning",
        "name": "抽油烟机清洗",
        "pricing": "fixed",
        "price_min": Decimal("80.00"),
        "price_text": "80元/台",
        **fields,
    }
    return ServiceMenuItem.objects.create(**values)


def test_menu_item_routes_to_its_department_and_fixes_the_price(desk):
    item = menu(desk)
    ticket = services.ticket_create(
        project=desk.project,
        acting_user=desk.assistant,
        category="paid_service",
        content="清洗油烟机",
        unit=desk.unit,
        service_item=item,
    )
    assert (ticket.department, ticket.quoted_fee, ticket.is_paid) == ("cleaning", Decimal("80.00"), True)
    named = menu(desk, name="空调安装", group="repair", department="engineering", price_min=Decimal("350.00"))
    ticket = services.ticket_create(
        project=desk.project,
        acting_user=desk.assistant,
        category="paid_service",
        content="装空调",
        unit=desk.unit,
        service_item=named,
    )
    assert (ticket.department, ticket.quoted_fee) == ("engineering", Decimal("350.00"))
    with pytest.raises(ValidationError) as exc:
        services.ticket_create(
            project=desk.project,
            acting_user=desk.assistant,
            category="paid_service",
            content="装空调",
            unit=desk.unit,
            service_item=named,
            quoted_fee="300",
        )
    assert "quoted_fee" in exc.value.message_dict


def test_range_item_is_quoted_before_work_and_charged_as_quoted(desk):
    item = menu(
        desk,
        name="灯具维修",
        group="repair",
        pricing="range",
        price_min=Decimal("10"),
        price_max=Decimal("50"),
        price_text="10-50元（人工）",
    )
    ticket = services.ticket_create(
        project=desk.project,
        acting_user=desk.assistant,
        category="repair_in_unit",
        content="客厅灯不亮",
        unit=desk.unit,
        service_item=item,
    )
    assert ticket.quoted_fee is None and ticket.department == "engineering"
    services.ticket_dispatch(ticket=ticket, department="engineering", acting_user=desk.assistant)
    services.ticket_accept(ticket=ticket, acting_user=desk.engineer)
    services.ticket_start(ticket=ticket, acting_user=desk.engineer)
    services.ticket_quote(ticket=ticket, amount="30", acting_user=desk.engineer, note="更换镇流器，人工30元")
    services.ticket_complete(ticket=ticket, acting_user=desk.engineer, result="已修好")
    ticket.refresh_from_db()
    assert (ticket.quoted_fee, ticket.fee) == (Decimal("30.00"), Decimal("30.00"))
    assert ticket.events.filter(kind="quote").exists()
    with pytest.raises(BusinessRuleError):
        services.ticket_quote(ticket=ticket, amount="40", acting_user=desk.engineer)


def test_a_different_fee_needs_the_handlers_reason(desk):
    ticket = services.ticket_create(
        project=desk.project,
        acting_user=desk.assistant,
        category="paid_service",
        content="清洗油烟机",
        unit=desk.unit,
        service_item=menu(desk),
    )
    services.ticket_start(ticket=ticket, acting_user=desk.assistant)
    with pytest.raises(ValidationError) as exc:
        services.ticket_complete(ticket=ticket, acting_user=desk.assistant, result="已清洗", labour_fee="100")
    assert "fee_change_reason" in exc.value.message_dict
    services.ticket_complete(
        ticket=ticket,
        acting_user=desk.assistant,
        result="已清洗",
        labour_fee="100",
        fee_change_reason="两台油烟机，业主同意",
    )
    ticket.refresh_from_db()
    assert (ticket.fee, ticket.fee_change_reason) == (Decimal("100.00"), "两台油烟机，业主同意")
    assert ticket.events.get(to_status="completed").data["fee_change_reason"] == "两台油烟机，业主同意"


# --- deadline settings: calendar by default, working days a per-project choice --------------------


def test_deadline_settings_are_validated_and_only_the_manager_changes_them(desk):
    with pytest.raises(PermissionDeniedError):
        services.deadline_settings_save(
            project=desk.project,
            rules={"reply": (1, "working_days")},
            unreturned_digest_time=dt.time(16, 30),
            acting_user=desk.supervisor,
        )
    with pytest.raises(ValidationError) as exc:
        services.deadline_settings_save(
            project=desk.project,
            rules={"reply": (1, "fortnights"), "nope": (1, "days")},
            unreturned_digest_time=dt.time(16, 30),
            acting_user=desk.manager,
        )
    assert {"reply", "nope"} <= set(exc.value.message_dict)
    services.deadline_settings_save(
        project=desk.project,
        acting_user=desk.manager,
        rules={"reply": (1, "working_days"), "return_visit": (1, "days")},
        unreturned_digest_time=dt.time(16, 45),
    )
    desk.project.refresh_from_db()
    stored = desk.project.settings["servicedesk"]
    assert stored["deadlines"] == {"reply": [1, "working_days"]}  # defaults are not stored
    assert stored["unreturned_digest_time"] == "16:45"
    rules = {r["step"]: r for r in services.deadline_settings(desk.project)["rules"]}
    assert (rules["reply"]["unit"], rules["reply"]["default_unit"]) == ("working_days", "days")


def test_armed_steps_keep_their_rule_when_the_setting_changes(desk):
    ticket = services.ticket_create(
        project=desk.project,
        acting_user=desk.assistant,
        category="suggestion",
        content="x",
        at=at(2026, 11, 27, 16),
    )
    services.deadline_settings_save(
        project=desk.project,
        rules={"reply": (1, "working_days")},
        unreturned_digest_time=dt.time(16, 30),
        acting_user=desk.manager,
    )
    assert steps(ticket)["reply"]["due_at"] == at(2026, 11, 28, 16)  # Saturday, as armed
    desk.project.refresh_from_db()
    later = services.ticket_create(
        project=desk.project,
        acting_user=desk.assistant,
        category="suggestion",
        content="y",
        at=at(2026, 11, 27, 16),
    )
    assert steps(later)["reply"]["due_at"] == at(2026, 11, 30, 16)  # Monday, the new rule
