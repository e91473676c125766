"""月底统计维修费用 (seed 000 §13 "月底统计维修费用"): the selector's figures on a small month, the API's
permission matrix and parameters, the Excel download and the console page."""

import io
from decimal import Decimal

import pytest
import time_machine
from openpyxl import load_workbook

from wuye.accounts.choices import Role
from wuye.billing import services as billing
from wuye.billing.models import Charge
from wuye.core.tests.factories import resident_user, staff
from wuye.reports import periods
from wuye.reports.repair_fees import other_item_label, repair_fees
from wuye.servicedesk.models import ServiceMenuItem, Ticket
from wuye.servicedesk.tests.factories import Desk, at

pytestmark = pytest.mark.django_db
D = Decimal
NOW = at(2026, 12, 2, 10)
URL = "/api/v1/reports/repair-fees/"
PAGE = "/reports/repair-fees/"


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def paid(
    desk, *, completed_at, fee, labour="0", materials="0", item=None, department="engineering", **fields
):
    """A completed ticket with its fees, as the handler recorded them."""
    ticket = desk.through_completion(desk.repair())
    Ticket.objects.filter(pk=ticket.pk).update(
        completed_at=completed_at,
        fee=D(fee),
        labour_fee=D(labour),
        materials_fee=D(materials),
        service_item=item,
        department=department,
        is_paid=D(fee) > 0,
        **fields,
    )
    return Ticket.objects.get(pk=ticket.pk)


def menu(desk, name, sort_order):
    return ServiceMenuItem.objects.create(
        project=desk.project,
        group="repair",
        name=name,
        pricing="fixed",
        price_min=D("20"),
        price_text="20元/次",
        sort_order=sort_order,
    )


@pytest.fixture
def month(clock):
    """November 2026 of one project: four paid services count, five other tickets do not."""
    desk = Desk()
    tap, drain = menu(desk, "更换水龙头", 1), menu(desk, "疏通下水道（主管）", 2)
    t1 = paid(desk, completed_at=at(2026, 11, 5), fee="35.00", labour="20.00", materials="15.00", item=tap)
    t2 = paid(desk, completed_at=at(2026, 11, 10), fee="80.00", labour="80.00", item=drain)
    billing.charge_tickets(project=desk.project, acting_user=desk.manager)  # T1 and T2 become charges
    cashier = staff(Role.CASHIER, desk.project)
    for ticket, amount in ((t1, "35.00"), (t2, "10.00")):  # T1 paid in full, T2 in part
        billing.payment_create(
            unit=desk.unit,
            method="cash",
            amount=D(amount),
            idempotency_key=f"fee-{ticket.pk}",
            charge_ids=[Charge.objects.get(ticket=ticket).pk],
            acting_user=cashier,
        )
    paid(desk, completed_at=at(2026, 11, 20), fee="50.00", labour="20.00", materials="30.00", item=tap)
    # done late on the last evening (15:30 UTC): still November; no menu item
    paid(desk, completed_at=at(2026, 11, 30, 23, 30), fee="120.00", department="customer_service")
    # not counted: free, next month (00:10 local), last month, cancelled, another project
    paid(desk, completed_at=at(2026, 11, 12), fee="0")
    paid(desk, completed_at=at(2026, 12, 1, 0, 10), fee="40.00", item=tap)
    paid(desk, completed_at=at(2026, 10, 31, 23, 50), fee="60.00", item=tap)
    paid(desk, completed_at=at(2026, 11, 15), fee="30.00", item=tap, status="cancelled")
    other = Desk()
    paid(other, completed_at=at(2026, 11, 15), fee="99.00")
    return {"desk": desk, "cashier": cashier, "tap": tap, "drain": drain, "other": other}


def figures(count, labour, materials, total, charged_count, charged, paid_amount):
    total, charged = D(total), D(charged)
    return {
        "count": count,
        "labour_fee": D(labour),
        "materials_fee": D(materials),
        "total_fee": total,
        "charged_count": charged_count,
        "charged_fee": charged,
        "uncharged_count": count - charged_count,
        "uncharged_fee": total - charged,
        "paid": D(paid_amount),
    }


def as_dict(f):
    return {
        name: getattr(f, name)
        for name in (
            "count",
            "labour_fee",
            "materials_fee",
            "total_fee",
            "charged_count",
            "charged_fee",
            "uncharged_count",
            "uncharged_fee",
            "paid",
        )
    }


TAP = figures(2, "40.00", "45.00", "85.00", 1, "35.00", "35.00")
DRAIN = figures(1, "80.00", "0.00", "80.00", 1, "80.00", "10.00")
OTHER = figures(1, "0.00", "0.00", "120.00", 0, "0.00", "0.00")
ENGINEERING = figures(3, "120.00", "45.00", "165.00", 2, "115.00", "45.00")
TOTAL = figures(4, "120.00", "45.00", "285.00", 2, "115.00", "45.00")


def json_figures(f):
    return {key: (value if isinstance(value, int) else str(value)) for key, value in f.items()}


# --- the selector ------------------------------------------------------------------------------


def test_month_figures_by_department_and_item(month):
    desk = month["desk"]
    report = repair_fees(project=desk.project, period=periods.month_of("2026-11"))
    assert as_dict(report.total) == TOTAL
    assert [d.department for d in report.departments] == ["customer_service", "engineering"]
    service, engineering = report.departments
    assert as_dict(engineering.figures) == ENGINEERING and as_dict(service.figures) == OTHER
    assert [(i.service_item, as_dict(i.figures)) for i in engineering.items] == [
        (month["tap"].pk, TAP),
        (month["drain"].pk, DRAIN),
    ]
    assert [(i.service_item, i.name) for i in service.items] == [(None, other_item_label())]
    assert [(i.name, as_dict(i.figures)) for i in report.items] == [
        ("更换水龙头", TAP),
        ("疏通下水道（主管）", DRAIN),
        (other_item_label(), OTHER),
    ]


def test_an_empty_month_is_all_zero(month):
    report = repair_fees(project=month["desk"].project, period=periods.month_of("2026-09"))
    assert (
        report.departments == []
        and report.items == []
        and as_dict(report.total) == figures(0, "0", "0", "0", 0, "0", "0")
    )


def test_a_charge_run_moves_fees_from_not_charged_to_charged(month):
    desk = month["desk"]
    billing.charge_tickets(project=desk.project, acting_user=desk.manager)
    total = repair_fees(project=desk.project, period=periods.month_of("2026-11")).total
    assert (total.charged_count, total.charged_fee, total.uncharged_fee) == (4, D("285.00"), D("0.00"))


# --- the API -----------------------------------------------------------------------------------


def get(api_client, user, **params):
    if user is not None:
        api_client.force_authenticate(user)
    return api_client.get(URL, params)


def test_anonymous_is_401(api_client, month):
    assert api_client.get(URL, {"project": month["desk"].project.pk, "month": "2026-11"}).status_code == 401


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("supervisor", 200),
        ("manager", 200),
        ("lead", 200),
        ("cashier", 200),  # report.view or billing.report
        ("engineer", 403),
        ("assistant", 403),
        ("security", 403),
    ],
)
def test_role_matrix(api_client, month, who, status):
    desk = month["desk"]
    user = month["cashier"] if who == "cashier" else getattr(desk, who)
    response = get(api_client, user, project=desk.project.pk, month="2026-11")
    assert response.status_code == status
    if status == 403:
        assert response.json()["code"] == "permission_denied"


def test_other_project_is_404_and_residents_403(api_client, month):
    desk = month["desk"]
    response = get(api_client, month["other"].supervisor, project=desk.project.pk, month="2026-11")
    assert response.status_code == 404 and response.json()["code"] == "not_found"
    assert get(api_client, desk.supervisor, project=999999).status_code == 404
    assert get(api_client, resident_user(owner=desk.owner), project=desk.project.pk).status_code == 403


def test_company_manager_reads_any_project(api_client, month):
    boss = staff(Role.COMPANY_MANAGER, None)
    assert get(api_client, boss, project=month["other"].project.pk, month="2026-11").json()["total"][
        "total_fee"
    ] == ("99.00")


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"month": "2026-13"}, "month"),
        ({"month": "2026/11"}, "month"),
        ({"month": "nov"}, "month"),
        ({"month": "2026-1"}, "month"),
        ({"project": None}, "project"),
        ({"project": "abc"}, "project"),
    ],
)
def test_bad_parameters_are_400_with_field_errors(api_client, month, params, field):
    desk = month["desk"]
    query = {k: v for k, v in {"project": desk.project.pk, **params}.items() if v is not None}
    response = get(api_client, desk.supervisor, **query)
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "validation_error" and list(body["fields"]) == [field]


def test_api_figures_and_query_count(api_client, month, django_assert_max_num_queries):
    desk = month["desk"]
    api_client.force_authenticate(desk.supervisor)
    with django_assert_max_num_queries(4):  # roles, project, the grouped tickets (+ session-less auth)
        response = api_client.get(URL, {"project": desk.project.pk, "month": "2026-11"})
    assert response.status_code == 200
    data = response.json()
    assert data["project"] == {"id": desk.project.pk, "name": desk.project.name}
    assert data["period"] == {
        "kind": "month",
        "label": "2026-11",
        "start": "2026-11-01",
        "end": "2026-12-01",
        "last_day": "2026-11-30",
    }
    assert data["total"] == json_figures(TOTAL)
    engineering = data["departments"][1]
    assert (engineering["department"], engineering["figures"]) == ("engineering", json_figures(ENGINEERING))
    assert [(i["service_item"], i["figures"]) for i in engineering["items"]] == [
        (month["tap"].pk, json_figures(TAP)),
        (month["drain"].pk, json_figures(DRAIN)),
    ]
    assert [i["service_item"] for i in data["items"]] == [month["tap"].pk, month["drain"].pk, None]
    assert data["departments"][0]["items"][0]["service_item"] is None
    # the default month is the current one (December: only the ticket done at 00:10 on the 1st)
    december = api_client.get(URL, {"project": desk.project.pk}).json()
    assert december["period"]["label"] == "2026-12" and december["total"]["total_fee"] == "40.00"


def sheet_rows(ws):
    return [[ws.cell(row=r, column=c).value for c in range(1, 11)] for r in range(6, ws.max_row + 1)]


def money_row(label, f):
    return [
        label,
        f["count"],
        f["labour_fee"],
        f["materials_fee"],
        f["total_fee"],
        f["charged_count"],
        f["charged_fee"],
        f["uncharged_count"],
        f["uncharged_fee"],
        f["paid"],
    ]


def test_excel_has_the_rows(api_client, month):
    desk = month["desk"]
    api_client.force_authenticate(month["cashier"])
    data = api_client.get(URL, {"project": desk.project.pk, "month": "2026-11"}).json()
    response = api_client.get(URL, {"project": desk.project.pk, "month": "2026-11", "format": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert f"repair-fees-{desk.project.code}-2026-11.xlsx" in response["Content-Disposition"]
    wb = load_workbook(io.BytesIO(response.content))
    by_department, by_item = wb.worksheets
    service, engineering = data["departments"]
    total_label = by_department.cell(row=by_department.max_row, column=1).value
    rows = [
        [D(str(cell)) if isinstance(cell, (int, float)) else cell for cell in row]  # numbers, not text
        for row in sheet_rows(by_department)
    ]
    assert rows == [
        money_row(service["label"], OTHER),
        money_row(f"  {service['items'][0]['name']}", OTHER),
        money_row(engineering["label"], ENGINEERING),
        money_row("  更换水龙头", TAP),
        money_row("  疏通下水道（主管）", DRAIN),
        money_row(total_label, TOTAL),
    ]
    assert by_department.cell(row=6, column=3).number_format == "#,##0.00"
    assert [by_item.cell(row=r, column=1).value for r in range(6, by_item.max_row + 1)] == [
        "更换水龙头",
        "疏通下水道（主管）",
        service["items"][0]["name"],
        total_label,
    ]
    assert by_item.cell(row=6, column=5).value == 85


def test_excel_errors_stay_json(api_client, month):
    api_client.force_authenticate(month["desk"].supervisor)
    response = api_client.get(
        URL, {"project": month["desk"].project.pk, "month": "13/2026", "format": "xlsx"}
    )
    assert response.status_code == 400 and response["Content-Type"] == "application/json"


# --- the console -------------------------------------------------------------------------------


def test_console_page_access(client, month):
    assert client.get(PAGE)["Location"].startswith("/login/")
    client.force_login(month["desk"].engineer)
    assert client.get(PAGE).status_code == 403
    client.force_login(month["cashier"])
    assert client.get(PAGE, {"month": "2026-11"}).status_code == 200


def test_console_page_shows_the_month_and_downloads_it(client, month):
    desk = month["desk"]
    client.force_login(desk.supervisor)
    three_rates = client.get("/reports/three-rates/").content.decode()
    assert f'href="{PAGE}"' in three_rates  # linked from the three-rates page
    response = client.get(PAGE, {"month": "2026-11"})
    html = response.content.decode()
    assert response.status_code == 200 and "更换水龙头" in html and "285.00" in html and "165.00" in html
    assert "month=2026-10" in html and "month=2026-12" in html and "month=2026-11&amp;format=xlsx" in html
    download = client.get(PAGE, {"month": "2026-11", "format": "xlsx"})
    wb = load_workbook(io.BytesIO(download.content))
    assert wb.worksheets[0].cell(row=wb.worksheets[0].max_row, column=5).value == 285
    bad = client.get(PAGE, {"month": "2026-13"})
    assert bad.status_code == 400 and "month" in bad.context["form"].errors
