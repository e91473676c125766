"""The console pages of the visitor and mail registers: they render for the roles that read them, the
forms call their one service, refusals come back readable on the form (400, nothing stored), roles
without the permission get 403, and ID numbers are masked for the gate."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone, translation
from django.utils.html import escape

from wuye.core.masking import mask_id_number
from wuye.frontdesk.choices import MailStatus
from wuye.frontdesk.models import MailItem, OrdinaryMailLog, Subscription, Visitor
from wuye.frontdesk.services import visitors_mail as services
from wuye.frontdesk.tests.factories_visitors_mail import VALID_ID, FrontDesk

pytestmark = pytest.mark.django_db


@pytest.fixture
def fd():
    return FrontDesk()


def client_for(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def zh(msgid: str, **params) -> str:
    """A message as the console says it (the default language)."""
    with translation.override(settings.LANGUAGE_CODE):
        text = translation.gettext(msgid)
    return escape(text % params if params else text)


def page(user, url, **params):
    response = client_for(user).get(url, params)
    return response, response.content.decode()


# --- visitors ----------------------------------------------------------------------------------------


def test_visitor_page_renders_with_form_and_inside_list(fd):
    fd.visitor(name="王访客")
    response, html = page(fd.desk, "/frontdesk/visitors/")
    assert response.status_code == 200
    assert 'id="register-visitor"' in html and "王访客" in html and VALID_ID in html
    assert zh("Record time out") in html


def test_visitor_page_masks_ids_for_the_gate(fd):
    fd.visitor(name="王访客")
    response, html = page(fd.guard, "/frontdesk/visitors/")
    assert response.status_code == 200
    assert VALID_ID not in html and mask_id_number(VALID_ID) in html
    response = client_for(fd.guard).get("/frontdesk/visitors/", {"export": "xlsx"})
    assert response.status_code == 200


def test_visitor_pages_refuse_other_roles(fd):
    assert client_for(fd.engineer).get("/frontdesk/visitors/").status_code == 403
    assert client_for(fd.owner_user).get("/frontdesk/visitors/").status_code == 403
    response, html = page(fd.manager, "/frontdesk/visitors/")
    assert response.status_code == 200 and 'id="register-visitor"' not in html
    assert client_for(fd.manager).post("/frontdesk/visitors/register/", {}).status_code == 403


def test_register_visitor_through_the_form(fd):
    data = {
        "visitor-name": "赵六",
        "visitor-id_type": "resident_id",
        "visitor-id_number": VALID_ID,
        "visitor-people": "1",
        "visitor-host_unit_code": fd.unit.code,
        "visitor-host_name": fd.owner.name,
        "visitor-host_confirmation": "phone",
    }
    response = client_for(fd.guard).post("/frontdesk/visitors/register/", data)
    assert response.status_code == 302
    visitor = Visitor.objects.get(name="赵六")
    assert visitor.host_unit == fd.unit and visitor.registered_by == fd.guard


def test_register_refusal_is_readable_on_the_form(fd):
    data = {
        "visitor-name": "赵六",
        "visitor-id_type": "resident_id",
        "visitor-id_number": "110105198506011230",
        "visitor-people": "1",
        "visitor-host_unit_code": fd.unit.code,
        "visitor-host_name": fd.owner.name,
    }
    response = client_for(fd.desk).post("/frontdesk/visitors/register/", data)
    html = response.content.decode()
    assert response.status_code == 400
    assert zh("Confirm with the person visited before letting the visitor in.") in html
    assert zh("Invalid resident ID number (wrong length, birth date or check digit).") in html
    assert 'value="赵六"' in html
    assert not Visitor.objects.exists()


def test_unknown_unit_code_is_said_on_the_form(fd):
    data = {
        "visitor-name": "赵六",
        "visitor-people": "1",
        "visitor-host_unit_code": "9-9999",
        "visitor-id_type": "resident_id",
    }
    response = client_for(fd.desk).post("/frontdesk/visitors/register/", data)
    assert response.status_code == 400
    assert "9-9999" in response.content.decode()


def test_leave_and_leave_again(fd):
    visitor = fd.visitor()
    c = client_for(fd.guard)
    assert c.post(f"/frontdesk/visitors/{visitor.pk}/leave/", {"next": "inside"})["Location"].endswith(
        "/frontdesk/visitors/inside/"
    )
    visitor.refresh_from_db()
    assert visitor.out_at is not None
    response = c.post(f"/frontdesk/visitors/{visitor.pk}/leave/", follow=True)
    assert (
        zh(
            "%(name)s left at %(at)s already.",
            name=visitor.name,
            at=timezone.localtime(visitor.out_at).strftime("%Y-%m-%d %H:%M"),
        )
        in response.content.decode()
    )


def test_inside_page_is_printable(fd):
    fd.visitor(name="夜归人")
    response, html = page(fd.guard, "/frontdesk/visitors/inside/")
    assert response.status_code == 200 and "夜归人" in html and "data-print" in html


# --- mail --------------------------------------------------------------------------------------------


def test_mail_page_and_receive(fd):
    response, html = page(fd.desk, "/frontdesk/mail/")
    assert response.status_code == 200 and 'id="receive-mail"' in html and 'id="ordinary-mail"' in html
    data = {
        "mail-kind": "parcel",
        "mail-unit_code": fd.unit.code,
        "mail-recipient": "钱七",
        "mail-pieces": "1",
    }
    response = client_for(fd.desk).post("/frontdesk/mail/receive/", data)
    assert response.status_code == 302
    item = MailItem.objects.get(recipient="钱七")
    assert response["Location"].endswith(f"/frontdesk/mail/{item.pk}/")


def test_mail_receive_refusal_on_the_form(fd):
    data = {"mail-kind": "parcel", "mail-recipient": "钱七", "mail-pieces": "1"}
    response = client_for(fd.desk).post("/frontdesk/mail/receive/", data)
    assert response.status_code == 400
    assert (
        zh("Name the recipient's unit, or mark the mail for the management office.")
        in response.content.decode()
    )
    assert not MailItem.objects.exists()


def test_mail_pages_for_the_gate_are_read_only(fd):
    item = fd.mail()
    response, html = page(fd.guard, "/frontdesk/mail/")
    assert response.status_code == 200 and 'id="receive-mail"' not in html
    response, html = page(fd.guard, f"/frontdesk/mail/{item.pk}/")
    assert response.status_code == 200 and "actions-card" not in html
    assert client_for(fd.guard).post("/frontdesk/mail/receive/", {}).status_code == 403
    assert (
        client_for(fd.guard).post(f"/frontdesk/mail/{item.pk}/notify/", {"notify-how": "电话"}).status_code
        == 403
    )


def test_ordinary_mail_form(fd):
    other = fd.unit_at("2", 1, "101")
    data = {
        "ordinary-day": timezone.localdate().isoformat(),
        "ordinary-count": "12",
        "ordinary-unit_codes": f"{fd.unit.code}，{other.code}",
    }
    assert client_for(fd.desk).post("/frontdesk/mail/ordinary/", data).status_code == 302
    log = OrdinaryMailLog.objects.get()
    assert log.count == 12 and set(log.units.all()) == {fd.unit, other} and log.delivered_by == fd.desk
    response = client_for(fd.desk).post(
        "/frontdesk/mail/ordinary/", {**data, "ordinary-unit_codes": "9-9999"}
    )
    assert response.status_code == 400 and "9-9999" in response.content.decode()
    future = (timezone.localdate() + dt.timedelta(days=2)).isoformat()
    response = client_for(fd.desk).post(
        "/frontdesk/mail/ordinary/", {**data, "ordinary-day": future, "ordinary-unit_codes": ""}
    )
    assert response.status_code == 400 and zh("The day cannot be in the future.") in response.content.decode()


def test_mail_card_steps(fd, django_assert_max_num_queries):
    item = fd.mail()
    c = client_for(fd.desk)
    url = f"/frontdesk/mail/{item.pk}/"
    response, html = page(fd.desk, url)
    assert response.status_code == 200 and 'id="notify"' in html and 'id="collect"' in html
    assert c.post(f"{url}notify/", {"notify-how": "电话"}).status_code == 302
    response = c.post(f"{url}collect/", {"collect-collector": "recipient"})
    assert response.status_code == 400
    assert zh("The collector must sign for the mail.") in response.content.decode()
    response = c.post(
        f"{url}collect/",
        {"collect-collector": "other", "collect-collector_name": "李四", "collect-signed": "on"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert zh("Choose the type of the ID document.") in html and zh("Enter the ID number.") in html
    data = {
        "collect-collector": "other",
        "collect-collector_name": "李四",
        "collect-signed": "on",
        "collect-collector_id_type": "resident_id",
        "collect-collector_id_number": VALID_ID,
    }
    assert c.post(f"{url}collect/", data).status_code == 302
    item.refresh_from_db()
    assert item.status == MailStatus.COLLECTED and item.collector_id_number == VALID_ID
    _response, html = page(fd.guard, url)
    assert mask_id_number(VALID_ID) in html and VALID_ID not in html
    assert c.post(f"{url}nonsense/", {}).status_code == 404


def test_return_from_the_card(fd):
    item = fd.mail()
    c = client_for(fd.desk)
    response = c.post(f"/frontdesk/mail/{item.pk}/return/", {})
    assert response.status_code == 400 and zh("Say why the mail goes back.") in response.content.decode()
    assert c.post(f"/frontdesk/mail/{item.pk}/return/", {"return-reason": "拒收"}).status_code == 302
    assert MailItem.objects.get(pk=item.pk).status == MailStatus.RETURNED


def test_other_projects_mail_is_not_found(fd):
    other = FrontDesk()
    item = other.mail()
    assert client_for(fd.desk).get(f"/frontdesk/mail/{item.pk}/").status_code == 404
    assert (
        client_for(fd.desk).post(f"/frontdesk/mail/{item.pk}/return/", {"return-reason": "x"}).status_code
        == 404
    )


def test_uncollected_page_and_excel(fd):
    old = fd.mail(recipient="老包裹", received_at=timezone.now() - dt.timedelta(days=4))
    fd.mail(unit=None, for_management=True, recipient="财务部")
    services.mail_collect(item=fd.mail(recipient="已取"), collector_name="", signed=True, acting_user=fd.desk)
    response, html = page(fd.guard, "/frontdesk/mail/uncollected/")
    assert response.status_code == 200
    assert (
        'id="management-mail"' in html and "财务部" in html and old.recipient in html and "已取" not in html
    )
    response = client_for(fd.desk).get("/frontdesk/mail/uncollected/", {"export": "xlsx"})
    assert response.status_code == 200 and "spreadsheetml" in response["Content-Type"]


# --- subscriptions -----------------------------------------------------------------------------------


def test_subscriptions_and_round_pages(fd):
    high = fd.unit_at("1", 18, "1801")
    data = {
        "subscription-unit_code": high.code,
        "subscription-kind": "magazine",
        "subscription-title": "读者",
        "subscription-copies": "1",
        "subscription-starts_on": timezone.localdate().isoformat(),
    }
    assert client_for(fd.desk).post("/frontdesk/subscriptions/register/", data).status_code == 302
    fd.subscription(title="北京晚报")  # floor 12
    response, html = page(fd.desk, "/frontdesk/subscriptions/")
    assert response.status_code == 200 and "读者" in html
    response, html = page(fd.guard, "/frontdesk/subscriptions/round/")
    assert response.status_code == 200 and html.index("北京晚报") < html.index("读者")
    response = client_for(fd.desk).post(
        "/frontdesk/subscriptions/register/", {**data, "subscription-title": ""}
    )
    assert response.status_code == 400
    assert zh("Enter the title of the newspaper or magazine.") in response.content.decode()
    assert Subscription.objects.count() == 2
    assert client_for(fd.guard).post("/frontdesk/subscriptions/register/", data).status_code == 403


def test_navigation_lists_the_pages(fd):
    _response, html = page(fd.guard, "/frontdesk/visitors/")
    for url in (
        "/frontdesk/visitors/inside/",
        "/frontdesk/mail/",
        "/frontdesk/mail/uncollected/",
        "/frontdesk/subscriptions/",
    ):
        assert f'href="{url}"' in html
