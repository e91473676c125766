"""Staff console pages: scoping (404), role checks (403), forms that show readable errors."""

import io

import pytest
from openpyxl import Workbook

from wuye.accounts.choices import Role
from wuye.core.tests.factories import OwnershipFactory, ProjectFactory, UnitFactory, make_resident_id, staff
from wuye.estate.choices import OccupancyStatus
from wuye.estate.models import OwnerAccessLog, RosterEntry, UnitStatusChange

pytestmark = pytest.mark.django_db


@pytest.fixture
def ownership():
    return OwnershipFactory(unit__code="1-1-1201", unit__status=OccupancyStatus.VACANT)


def login(client, role, project):
    user = staff(role, project)
    client.force_login(user)
    return user


def test_unit_list_search_and_filter(client, ownership):
    project = ownership.unit.project
    UnitFactory(building=ownership.unit.building, code="1-1-1202", status=OccupancyStatus.NOT_HANDED_OVER)
    login(client, Role.CS_ASSISTANT, project)
    page = client.get("/units/", {"q": "1201"}).content.decode()
    assert "1-1-1201" in page and "1-1-1202" not in page
    page = client.get("/units/", {"status": "not_handed_over"}).content.decode()
    assert "1-1-1202" in page and "1-1-1201" not in page
    page = client.get("/units/", {"q": ownership.owner.name}).content.decode()
    assert "1-1-1201" in page


def test_unit_list_query_count_does_not_grow(client, ownership, django_assert_max_num_queries):
    for i in range(30):
        UnitFactory(building=ownership.unit.building, code=f"1-1-{i:04d}")
    login(client, Role.CS_ASSISTANT, ownership.unit.project)
    with django_assert_max_num_queries(14):
        assert client.get("/units/").status_code == 200


def test_other_projects_units_and_owners_are_404(client, ownership):
    login(client, Role.CS_SUPERVISOR, ProjectFactory())
    assert client.get(f"/units/{ownership.unit.pk}/").status_code == 404
    assert client.get(f"/owners/{ownership.owner.pk}/").status_code == 404
    assert ownership.unit.code not in client.get("/units/", {"q": "1-1"}).content.decode()


def test_status_change_form(client, ownership):
    user = login(client, Role.CS_SUPERVISOR, ownership.unit.project)
    url = f"/units/{ownership.unit.pk}/"
    # a missing reason is a readable form error and nothing changes
    response = client.post(url, {"status": "rented", "reason": ""})
    assert response.status_code == 200 and response.context["form"].errors["reason"]
    assert not UnitStatusChange.objects.exists()
    response = client.post(url, {"status": "rented", "reason": "租户入住"})
    assert response.status_code == 302
    change = UnitStatusChange.objects.get()
    assert (change.to_status, change.changed_by) == ("rented", user)


def test_status_change_forbidden_for_engineer(client, ownership):
    login(client, Role.ENGINEER, ownership.unit.project)
    assert client.get(f"/units/{ownership.unit.pk}/").status_code == 200
    assert client.post(f"/units/{ownership.unit.pk}/", {"status": "rented", "reason": "x"}).status_code == 403
    assert not UnitStatusChange.objects.exists()


@pytest.mark.parametrize(("role", "masked"), [(Role.ENGINEER, True), (Role.ARCHIVIST, False)])
def test_owner_detail_masks_and_logs(client, ownership, role, masked):
    user = login(client, role, ownership.unit.project)
    page = client.get(f"/owners/{ownership.owner.pk}/").content.decode()
    assert (ownership.owner.id_number in page) is not masked
    assert (ownership.owner.mobile in page) is not masked
    log = OwnerAccessLog.objects.get()
    assert (log.user, log.owner, log.channel, log.unmasked) == (user, ownership.owner, "web", not masked)


def test_roster_import_page(client, ownership):
    login(client, Role.ARCHIVIST, ownership.unit.project)
    wb = Workbook()
    wb.active.append(["房号", "购房人", "证件号码", "联系电话", "合同编号"])
    wb.active.append(["1-1-1201", "王五", make_resident_id(), "13812345678", "HT-1"])
    wb.active.append(["9-9-9", "赵六", "123", "", "HT-2"])
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    buf.name = "roster.xlsx"
    response = client.post("/roster-import/", {"file": buf})
    assert response.status_code == 200
    page = response.content.decode()
    assert "import-result" in page and "9-9-9" in page
    assert not RosterEntry.objects.exists()


def test_roster_import_page_needs_role(client, ownership):
    login(client, Role.SECURITY, ownership.unit.project)
    assert client.get("/roster-import/").status_code == 403


def test_project_switcher_only_offers_assigned_projects(client, ownership):
    other = ProjectFactory()
    user = login(client, Role.CS_ASSISTANT, ownership.unit.project)
    from wuye.accounts.models import RoleAssignment

    RoleAssignment.objects.create(user=user, project=other, role=Role.CS_ASSISTANT)
    hidden = ProjectFactory()
    page = client.get("/").content.decode()
    assert other.name in page and hidden.name not in page
    assert client.post("/project/switch/", {"project": hidden.pk}).status_code == 404
    assert client.post("/project/switch/", {"project": other.pk, "next": "/units/"}).status_code == 302
    assert client.get("/units/").context["current_project"] == other


def test_calendar_page_warns_managers_about_uncovered_years(client, ownership):
    import time_machine

    login(client, Role.PROJECT_MANAGER, ownership.unit.project)
    with time_machine.travel("2026-11-26 10:00 +0800"):
        page = client.get("/calendar/")
    assert page.context["calendar_uncovered_years"] == [2027]
    response = client.post("/calendar/", {"import": "1", "csv_text": "2027-01-01,休,元旦"})
    assert response.status_code == 302
    with time_machine.travel("2026-11-26 10:00 +0800"):
        assert client.get("/").context["calendar_uncovered_years"] == []


def test_calendar_page_read_only_for_assistants(client, ownership):
    login(client, Role.CS_ASSISTANT, ownership.unit.project)
    assert client.get("/calendar/").status_code == 200
    assert client.post("/calendar/", {"import": "1", "csv_text": "2027-01-01,休,元旦"}).status_code == 403
