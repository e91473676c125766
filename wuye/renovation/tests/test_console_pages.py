"""Console pages of renovation: the register (filters, Excel), the new application, a renovation's
page with the forms each role may use, refusals shown on the form, 404 out of scope, the board and
its patrol form, the workbench card."""

import datetime as dt
import io

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone, translation
from django.utils.html import escape
from openpyxl import load_workbook

from wuye.core import workbench
from wuye.core.roles import Role
from wuye.renovation import excel
from wuye.renovation.choices import DocumentKind, RenovationStatus
from wuye.renovation.models import Patrol, Renovation
from wuye.renovation.services import application as app_services
from wuye.renovation.tests.factories_completion import CompletionSite

pytestmark = pytest.mark.django_db
S = RenovationStatus


@pytest.fixture
def site():
    return CompletionSite()


def client_for(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_register_lists_and_filters_by_stage_and_late_approval(site):
    draft = site.draft()
    submitted = site.submitted()
    Renovation.objects.filter(pk=submitted.pk).update(approval_due_at=timezone.now() - dt.timedelta(hours=2))
    c = client_for(site.assistant)
    page = c.get("/renovations/")
    assert page.status_code == 200
    body = page.content.decode()
    assert draft.number in body and submitted.number in body
    only_submitted = c.get("/renovations/", {"stage": S.SUBMITTED}).content.decode()
    assert submitted.number in only_submitted and draft.number not in only_submitted
    late = c.get("/renovations/", {"late": "on"}).content.decode()
    assert submitted.number in late and draft.number not in late
    assert c.get("/renovations/", {"building": site.building.pk}).status_code == 200
    # every role holding renovation.view sees the register; others are refused
    for user in (site.guard, site.engineer, site.cashier, site.manager):
        assert client_for(user).get("/renovations/").status_code == 200
    assert client_for(site.key_keeper).get("/renovations/").status_code == 403
    assert client_for(site.owner_user).get("/renovations/").status_code == 403


def test_register_excel_and_workbook_with_its_sections(site):
    site.submitted()
    accepted = site.accepted()
    c = client_for(site.supervisor)
    export = c.get("/renovations/", {"export": "xlsx"})
    assert export.status_code == 200 and "spreadsheetml" in export["Content-Type"]
    answer = c.get("/renovations/", {"export": "workbook"})
    assert answer.status_code == 200 and "spreadsheetml" in answer["Content-Type"]
    book = load_workbook(io.BytesIO(answer.content))
    with translation.override(settings.LANGUAGE_CODE):
        titles = [t[:31] for t in excel.section_titles()]
    assert book.sheetnames == titles
    deposits = book[titles[4]]
    numbers = [row[0] for row in deposits.iter_rows(min_row=2, values_only=True)]
    assert accepted.number in numbers
    stages = [row[1] for row in book[titles[0]].iter_rows(min_row=2, values_only=True)]
    assert accepted.number in stages


def test_new_application_registers_and_refuses_readably(site):
    c = client_for(site.assistant)
    assert c.get("/renovations/new/").status_code == 200
    assert client_for(site.engineer).get("/renovations/new/").status_code == 403
    unit, _owner = site.handed_over_unit()
    answer = c.post(
        "/renovations/new/",
        {
            "unit_code": unit.code,
            "applicant_kind": "owner",
            "premises_kind": "residential",
            "company_name": "北京美家装饰工程有限公司",
            "company_credit_code": "91110000000000000X",  # wrong check character
        },
    )
    assert answer.status_code == 400
    with translation.override(settings.LANGUAGE_CODE):
        message = str(translation.gettext("Invalid unified social credit code."))
    assert escape(message) in answer.content.decode()
    answer = c.post(
        "/renovations/new/",
        {"unit_code": unit.code, "applicant_kind": "owner", "premises_kind": "residential"},
    )
    assert answer.status_code == 302
    renovation = Renovation.objects.get(unit=unit)
    assert answer["Location"] == f"/renovations/{renovation.pk}/"


def test_detail_shows_the_forms_each_role_may_use(site):
    draft = site.draft()
    assistant_page = client_for(site.assistant).get(f"/renovations/{draft.pk}/").content.decode()
    assert 'id="action-document"' in assistant_page and 'id="action-submit"' in assistant_page
    engineer_page = client_for(site.engineer).get(f"/renovations/{draft.pk}/")
    assert engineer_page.status_code == 200
    assert 'id="action-document"' not in engineer_page.content.decode()
    # a form the user may not use answers 403
    assert client_for(site.engineer).post(f"/renovations/{draft.pk}/do/submit/").status_code == 403

    submitted = site.submitted()
    lead_page = client_for(site.engineering_lead).get(f"/renovations/{submitted.pk}/").content.decode()
    assert 'id="action-decide"' in lead_page and 'id="action-sign-approval"' in lead_page
    assistant_page = client_for(site.assistant).get(f"/renovations/{submitted.pk}/").content.decode()
    assert 'id="action-decide"' not in assistant_page


def test_a_refusal_is_shown_on_the_form(site):
    draft = site.draft()
    c = client_for(site.assistant)
    answer = c.post(f"/renovations/{draft.pk}/do/submit/")
    assert answer.status_code == 400
    with translation.override(settings.LANGUAGE_CODE):
        missing = app_services.file_missing(draft)
    body = answer.content.decode()
    for messages in missing.values():
        for message in messages:
            assert escape(message) in body
    draft.refresh_from_db()
    assert draft.status == S.DRAFT
    # a field error of the service lands on its input
    answer = c.post(
        f"/renovations/{draft.pk}/do/document/",
        {"document-kind": DocumentKind.BUSINESS_LICENCE, "document-reference": "123"},
    )
    assert answer.status_code == 400
    assert 'class="form-row f-reference has-error"' in answer.content.decode()


def test_out_of_scope_renovation_answers_404(site):
    other = CompletionSite()
    theirs = other.accepted()
    c = client_for(site.assistant)
    assert c.get(f"/renovations/{theirs.pk}/").status_code == 404
    assert c.post(f"/renovations/{theirs.pk}/do/submit/").status_code == 404
    assert c.get(f"/renovations/{theirs.pk}/permit.pdf").status_code == 404
    assert c.get(f"/renovations/{theirs.pk}/entry-confirmation.pdf").status_code == 404
    assert theirs.number not in c.get("/renovations/").content.decode()


def test_the_procedure_through_the_console_forms(site):
    renovation = site.approved(prepared=True)
    assistant, cashier = client_for(site.assistant), client_for(site.cashier)
    url = f"/renovations/{renovation.pk}/"
    answer = assistant.post(
        f"{url}do/worker/",
        {"worker-name": "李工", "worker-id_type": "resident_id", "worker-id_number": "110105199003010011"},
    )
    assert answer.status_code == 400  # a wrong check digit, said on the form
    from wuye.renovation.tests.factories_completion import worker_id

    answer = assistant.post(
        f"{url}do/worker/",
        {"worker-name": "李工", "worker-id_type": "resident_id", "worker-id_number": worker_id(7)},
    )
    assert answer.status_code == 302
    assert 'id="action-fees"' in cashier.get(url).content.decode()
    assert cashier.post(f"{url}do/fees/", {"fees-method": "cash", "fees-pay_fees": "on"}).status_code == 302
    assert assistant.post(f"{url}do/permit/").status_code == 302
    assert assistant.get(f"{url}permit.pdf")["Content-Type"] == "application/pdf"
    answer = client_for(site.engineer).post(
        f"{url}do/start/",
        {
            "start-water_reading": "1.00",
            "start-electricity_reading": "2.00",
            "start-water_test_passed": "yes",
            "start-inspected_with": "王建国",
        },
    )
    assert answer.status_code == 302
    renovation.refresh_from_db()
    assert renovation.status == S.IN_PROGRESS
    assert assistant.get(f"{url}entry-confirmation.pdf").status_code == 200
    guard = client_for(site.guard)
    assert (
        guard.post(
            f"{url}do/patrol/", {"patrol-department": "security", "patrol-all_in_order": "on"}
        ).status_code
        == 302
    )
    again = guard.post(f"{url}do/patrol/", {"patrol-department": "security", "patrol-all_in_order": "on"})
    assert again.status_code == 400  # one per department and day, said on the form
    answer = guard.post(
        f"{url}do/violation/",
        {
            "violation-severity": "serious",
            "violation-department": "security",
            "violation-rule": "擅自动火",
            "violation-description": "未经审批电焊",
            "violation-rectify_by": timezone.localdate().isoformat(),
        },
    )
    assert answer.status_code == 302
    violation = renovation.violations.get()
    assert guard.get(f"{url}violations/{violation.pk}/notice.pdf").status_code == 200
    assert (
        guard.post(
            f"{url}do/penalty-propose/",
            {"propose-violation": violation.pk, "propose-amount": "200", "propose-rule": "第5条"},
        ).status_code
        == 302
    )
    manager_page = client_for(site.manager).get(url).content.decode()
    assert f'id="action-penalty-decide-{violation.pk}"' in manager_page
    answer = client_for(site.manager).post(
        f"{url}do/penalty-decide/", {"penalty-violation": violation.pk, "decision": "approve"}
    )
    assert answer.status_code == 302
    violation.refresh_from_db()
    assert violation.penalty_status == "approved"


def test_board_shows_gaps_and_records_a_patrol_from_a_gap(site):
    renovation = site.started()
    Renovation.objects.filter(pk=renovation.pk).update(started_at=timezone.now() - dt.timedelta(days=3))
    guard = client_for(site.guard)
    page = guard.get("/renovations/board/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "reno-gap" in body and 'style="' not in body
    yesterday = (timezone.localdate() - dt.timedelta(days=1)).isoformat()
    form_page = guard.get(
        "/renovations/board/",
        {"renovation": renovation.pk, "department": "security", "day": yesterday},
    )
    assert 'id="board-patrol"' in form_page.content.decode()
    answer = guard.post(
        f"/renovations/{renovation.pk}/board-patrol/",
        {"patrol-department": "security", "patrol-at": f"{yesterday} 18:00", "patrol-all_in_order": "on"},
    )
    assert answer.status_code == 302
    assert Patrol.objects.filter(renovation=renovation, department="security").count() == 1
    # engineering may not record security's patrol
    answer = client_for(site.engineer).post(
        f"/renovations/{renovation.pk}/board-patrol/",
        {"patrol-department": "security", "patrol-all_in_order": "on"},
    )
    assert answer.status_code == 400


def test_workbench_card_figures_open_lists_of_that_many(site):
    submitted = site.submitted()
    Renovation.objects.filter(pk=submitted.pk).update(approval_due_at=timezone.now() - dt.timedelta(hours=1))
    cards = workbench.cards(user=site.engineering_lead, project=site.project, now=timezone.now())
    card = next(c for c in cards if c.key == "renovation")
    c = client_for(site.engineering_lead)
    for figure in card.figures:
        page = c.get(figure.url)
        assert page.status_code == 200
        assert page.content.decode().count("data-renovation=") == figure.value
    assert not [
        c
        for c in workbench.cards(user=site.key_keeper, project=site.project, now=timezone.now())
        if c.key == "renovation"
    ]


def test_staff_of_another_role_sees_the_page_without_forms(site):
    renovation = site.approved(prepared=True)
    page = client_for(site.archivist).get(f"/renovations/{renovation.pk}/").content.decode()
    assert "reno-action" not in page
    assert 'style="' not in page
    assert Role.ARCHIVIST


def test_a_patrol_with_photos_from_the_console_links_them_on_the_page(site, tmp_path, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    settings.MEDIA_ROOT = tmp_path
    renovation = site.started()
    buffer = io.BytesIO()
    Image.new("RGB", (3, 3), "gray").save(buffer, format="PNG")
    photos = [SimpleUploadedFile(f"p{n}.png", buffer.getvalue(), content_type="image/png") for n in (1, 2)]
    guard = client_for(site.guard)
    answer = guard.post(
        f"/renovations/{renovation.pk}/board-patrol/",
        {"patrol-department": "security", "patrol-all_in_order": "on", "patrol-photos": photos},
    )
    assert answer.status_code == 302
    patrol = Patrol.objects.get(renovation=renovation, department="security")
    assert patrol.photos.count() == 2
    page = guard.get(f"/renovations/{renovation.pk}/").content.decode()
    links = [
        f"/api/v1/renovations/{renovation.pk}/patrols/{patrol.pk}/photos/{p.pk}/" for p in patrol.photos.all()
    ]
    assert all(link in page for link in links)
    assert guard.get(links[0]).status_code == 200
    # not an image: a readable form error, nothing recorded
    fake = SimpleUploadedFile("x.png", b"not an image", content_type="image/png")
    answer = client_for(site.engineer).post(
        f"/renovations/{renovation.pk}/board-patrol/",
        {"patrol-department": "engineering", "patrol-all_in_order": "on", "patrol-photos": [fake]},
    )
    assert answer.status_code == 400
    assert not Patrol.objects.filter(renovation=renovation, department="engineering").exists()


def test_the_application_is_corrected_on_its_page(site):
    renovation = site.draft()
    assistant = client_for(site.assistant)
    page = assistant.get(f"/renovations/{renovation.pk}/").content.decode()
    assert 'id="action-edit"' in page and escape(renovation.company_name) in page
    fields = {
        "edit-applicant_kind": "owner",
        "edit-premises_kind": "residential",
        "edit-scope": "厨卫改造",
        "edit-company_name": "新安装饰",
        "edit-company_credit_code": renovation.company_credit_code,
        "edit-commitment_signed": "on",
    }
    answer = assistant.post(f"/renovations/{renovation.pk}/do/edit/", fields)
    assert answer.status_code == 302
    renovation.refresh_from_db()
    assert (renovation.scope, renovation.company_name) == ("厨卫改造", "新安装饰")
    # a bad credit code is said on the form and nothing changes
    answer = assistant.post(
        f"/renovations/{renovation.pk}/do/edit/", {**fields, "edit-company_credit_code": "91110000ABC"}
    )
    assert answer.status_code == 400
    renovation.refresh_from_db()
    assert renovation.company_name == "新安装饰"
    # not once the file went to engineering
    submitted = site.submitted()
    assert 'id="action-edit"' not in assistant.get(f"/renovations/{submitted.pk}/").content.decode()
