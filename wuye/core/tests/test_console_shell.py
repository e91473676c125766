"""The console's chrome: sidebar per role, role names, last project, required marks, error pages,
one date format, and Chinese unless the user chose English.

The catalogue of new texts may not be compiled yet, so these tests find menu groups by their key
(data-group) and URLs; Chinese is checked on texts the compiled catalogue already has.
"""

import re

import pytest
from django.template import loader
from django.test import override_settings
from django.urls import path
from django.utils import translation

from wuye.accounts.choices import Role
from wuye.accounts.models import RoleAssignment
from wuye.accounts.services import user_remember_project
from wuye.accounts.templatetags.accounts_tags import role_label
from wuye.core import navigation
from wuye.core.errors import BusinessRuleError
from wuye.core.tests.factories import (
    OwnershipFactory,
    ProjectFactory,
    UnitFactory,
    UserFactory,
    resident_user,
    staff,
)
from wuye.core.widgets import DateField, DateTimeField

pytestmark = pytest.mark.django_db

PASSWORD = "pass-Word-123"


def sidebar(html: str) -> str:
    start = html.index('<nav class="sidebar"')
    return html[start : html.index("</nav>", start)]


def groups_of(html: str) -> list[str]:
    return re.findall(r'data-group="([a-z]+)"', sidebar(html))


def links_of(html: str) -> set[str]:
    return set(re.findall(r'href="(/[^"]*)"', sidebar(html)))


# --- sidebar ---------------------------------------------------------------------------------------


def test_cashier_sees_billing_and_engineer_does_not(client):
    project = ProjectFactory()
    client.force_login(staff(Role.CASHIER, project))
    page = client.get("/tickets/mine/").content.decode()
    assert groups_of(page) == [
        "service",
        "engineering",
        "billing",
        "parking",
        "renovation",
        "estate",
        "reports",
        "settings",
    ]
    links = links_of(page)
    assert {"/billing/desk/", "/billing/charge-runs/", "/billing/close/", "/billing/meters/"} <= links
    assert "/reports/repair-fees/" in links and "/reports/three-rates/" not in links

    client.force_login(staff(Role.ENGINEER, project))
    page = client.get("/tickets/mine/").content.decode()
    assert "billing" not in groups_of(page) and "engineering" in groups_of(page)
    links = links_of(page)
    assert "/billing/meters/" in links  # engineers read the meters: an engineering entry
    assert not {"/billing/desk/", "/billing/charge-runs/", "/billing/arrears/"} & links
    assert "/tickets/queue/engineering/" in links


def test_entries_follow_the_permission_in_the_current_project(client):
    here, there = ProjectFactory(name="A区"), ProjectFactory(name="B区")
    user = staff(Role.CS_SUPERVISOR, here)
    RoleAssignment.objects.create(user=user, project=there, role=Role.ENGINEER)
    client.force_login(user)
    links = links_of(client.get("/tickets/").content.decode())
    assert {"/reports/three-rates/", "/tickets/return-visits/", "/roster-import/"} <= links
    client.post("/project/switch/", {"project": there.pk})
    links = links_of(client.get("/tickets/").content.decode())
    assert not {"/reports/three-rates/", "/tickets/return-visits/", "/roster-import/"} & links
    assert "/billing/meters/" in links


def test_current_entry_is_marked_and_its_group_flagged(client):
    project = ProjectFactory()
    client.force_login(staff(Role.CASHIER, project))
    html = client.get("/billing/arrears/").content.decode()
    nav = sidebar(html)
    assert nav.count('class="active"') == 1
    assert 'href="/billing/arrears/" class="active" aria-current="page"' in nav
    assert re.search(r'<details class="nav-group current" data-group="billing" open>', nav)
    # pages below an entry keep it current (a unit's account under the cashier desk)
    unit = UnitFactory(building__project=project)
    html = client.get(f"/billing/units/{unit.pk}/").content.decode()
    assert 'href="/billing/desk/" class="active"' in sidebar(html)


def test_residents_keep_their_small_menu(client):
    ownership = OwnershipFactory()
    client.force_login(resident_user(owner=ownership.owner))
    html = client.get("/units/").content.decode()
    assert groups_of(html) == []
    assert links_of(html) - {"/api/docs/"} == {"/", "/units/"}


def test_apps_register_their_own_entries():
    names = {item.url_name for item in navigation.registered()}
    assert {
        "console:ticket-new",
        "console:billing-desk",
        "console:parking-gate",
        "console:three-rates",
        "console:unit-list",
        "console:calendar",
    } <= names
    with pytest.raises(ValueError):
        navigation.register(navigation.NavItem("nowhere", "x", "console:home"))


# --- role names ------------------------------------------------------------------------------------


def test_top_bar_shows_name_and_role_names_not_codes(client):
    project = ProjectFactory()
    user = staff(Role.CS_ASSISTANT, project, display_name="李娜")
    RoleAssignment.objects.create(user=user, project=project, role=Role.KEY_KEEPER)
    client.force_login(user)
    html = client.get("/tickets/").content.decode()
    header = html[html.index('<header class="top">') : html.index("</header>")]
    with translation.override("zh-hans"):
        expected = f"{Role.CS_ASSISTANT.label}、{Role.KEY_KEEPER.label}"
    assert "李娜" in header and expected in header
    assert "cs_assistant" not in header and "key_keeper" not in header
    assert role_label("cs_assistant") == Role.CS_ASSISTANT.label and role_label("nobody") == "nobody"


# --- last project ----------------------------------------------------------------------------------


def test_last_project_is_remembered_across_logins(client, django_user_model):
    first, second = ProjectFactory(name="A花园"), ProjectFactory(name="B花园")
    user = staff(Role.CS_ASSISTANT, first, username="kefu")
    assignment = RoleAssignment.objects.create(user=user, project=second, role=Role.CS_ASSISTANT)
    assert client.login(username="kefu", password=PASSWORD)
    assert client.get("/units/").context["current_project"] == first
    assert client.post("/project/switch/", {"project": second.pk}).status_code == 302
    user.refresh_from_db()
    assert user.last_project == second
    client.logout()

    assert client.login(username="kefu", password=PASSWORD)  # a new session opens where she left
    assert client.get("/units/").context["current_project"] == second
    client.logout()

    assignment.ended_at = assignment.assigned_at
    assignment.save(update_fields=["ended_at"])
    assert client.login(username="kefu", password=PASSWORD)  # never a project she no longer sees
    assert client.get("/units/").context["current_project"] == first


def test_remembering_a_project_outside_the_users_scope_is_refused():
    mine, theirs = ProjectFactory(), ProjectFactory()
    user = staff(Role.ENGINEER, mine)
    with pytest.raises(BusinessRuleError):
        user_remember_project(user=user, project=theirs)
    user.refresh_from_db()
    assert user.last_project is None


# --- required fields -------------------------------------------------------------------------------


def test_intake_form_marks_required_fields(client):
    project = ProjectFactory()
    client.force_login(staff(Role.CS_ASSISTANT, project))
    html = client.get("/tickets/new/").content.decode()
    assert '<label for="id_content" class="required">' in html
    assert '<label class="required">' in html  # the category chips
    assert '<label for="id_contact_name">' in html  # optional: no mark


# --- error pages -----------------------------------------------------------------------------------


def test_console_404_is_branded_chinese_with_a_way_home(client):
    client.force_login(staff(Role.CS_ASSISTANT, ProjectFactory()))
    response = client.get("/tickets/999999/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 404
    html = response.content.decode()
    assert '<html lang="zh-hans">' in html and "物业服务管理系统" in html
    assert "页面没有找到" in html  # "Page not found"
    assert 'id="error-home"' in html and 'href="/"' in html


def test_console_403_is_branded_chinese_with_a_way_home(client):
    client.force_login(staff(Role.ENGINEER, ProjectFactory()))
    response = client.get("/reports/three-rates/")
    assert response.status_code == 403
    html = response.content.decode()
    assert '<html lang="zh-hans">' in html and "物业服务管理系统" in html and "403" in html
    assert 'id="error-home"' in html and 'href="/"' in html


def _boom(request):
    raise RuntimeError("boom")


urlpatterns = [path("boom/", _boom)]


@override_settings(ROOT_URLCONF=__name__)
def test_500_page_needs_neither_request_nor_database(client, django_assert_num_queries):
    with translation.override("zh-hans"), django_assert_num_queries(0):
        html = loader.get_template("500.html").render()
    assert "物业服务管理系统" in html and "500" in html and 'href="/"' in html
    client.raise_request_exception = False
    response = client.get("/boom/")
    assert response.status_code == 500 and 'id="error-home"' in response.content.decode()


# --- language --------------------------------------------------------------------------------------


def test_console_is_chinese_unless_the_user_chose_english(client):
    client.force_login(staff(Role.CS_ASSISTANT, ProjectFactory()))
    html = client.get("/tickets/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="zh-hans">' in html and ">首页<" in html

    response = client.post("/i18n/setlang/", {"language": "en", "next": "/tickets/"})
    assert response.status_code == 302
    html = client.get("/tickets/", HTTP_ACCEPT_LANGUAGE="zh-CN").content.decode()
    assert '<html lang="en">' in html and ">Home<" in html

    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    assert '<html lang="zh-hans">' in client.get("/tickets/", HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_login_page_ignores_the_browsers_language(client):
    html = client.get("/login/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "登录" in html


# --- one date format -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "raw", "ok"),
    [
        (DateField(), "2026-11-30", True),
        (DateField(), "11/30/2026", False),
        (DateField(), "2026/11/30", False),
        (DateField(), "30.11.2026", False),
        (DateTimeField(), "2026-11-30 09:30", True),
        (DateTimeField(), "2026-11-30T09:30", True),
        (DateTimeField(), "11/30/2026 09:30", False),
        (DateTimeField(), "2026-11-30 09:30:00+00:00", False),
    ],
)
def test_date_fields_accept_one_format(field, raw, ok):
    from django.core.exceptions import ValidationError

    if ok:
        assert field.clean(raw) is not None
    else:
        with pytest.raises(ValidationError):
            field.clean(raw)


def test_console_forms_use_text_date_inputs(client):
    project = ProjectFactory()
    client.force_login(staff(Role.CS_ASSISTANT, project))
    html = client.get("/tickets/new/").content.decode()
    assert 'type="datetime-local"' not in html and 'type="date"' not in html
    assert re.search(r'<input type="text" name="appointment_at"[^>]*placeholder="YYYY-MM-DD HH:MM"', html)
    manager = UserFactory()
    RoleAssignment.objects.create(user=manager, project=project, role=Role.PROJECT_MANAGER)
    client.force_login(manager)
    html = client.get("/calendar/").content.decode()
    assert re.search(r'<input type="text" name="date"[^>]*placeholder="YYYY-MM-DD"', html)
