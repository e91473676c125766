"""Who may call each API route: (URL name, HTTP method) → the access it needs.

test_permission_matrix.py walks the URL conf and fails for a route or method missing here (and an
entry here without a route), then calls every route × method × role on an object of project A (in
scope) and of project B (out of scope) and compares the outcome with this table.

`perm` is a permission name from the apps' `permissions.py` (or a tuple: any of them), or:
- PUBLIC: anyone, anonymous included;
- AUTHENTICATED: anyone logged in (staff and residents), nothing project-bound;
- OWN: anyone logged in, only their own rows (notifications);
- PROJECT_STAFF: any staff role in the object's project.
`residents`: owners and tenants may use it for their own unit's rows (otherwise 403 or 404); a tuple
  names which of them ("owner", "tenant": each sees their own person record only).
`anywhere`: a company-wide setting: the permission held in any project counts (no project scope).
`company`: the permission must be held company-wide (the service checks it with no project).
`obj`: the world object a detail route names (default: from the router's basename).
`query`: query parameters (given the side, A or B) for routes scoped by a `project` parameter.
`roles`: the service checks roles, not a permission (it names who approves): these roles, held in the
  object's project (the company manager's everywhere).
"""

from collections.abc import Callable
from dataclasses import dataclass

PUBLIC = "public"
AUTHENTICATED = "authenticated"
OWN = "own"
PROJECT_STAFF = "project_staff"
SPECIAL = {PUBLIC, AUTHENTICATED, OWN, PROJECT_STAFF}


@dataclass(frozen=True)
class Access:
    perm: str | tuple[str, ...]
    residents: bool | tuple[str, ...] = False
    anywhere: bool = False
    company: bool = False
    obj: str | None = None
    query: Callable | None = None
    roles: frozenset[str] | None = None


def _project(side) -> dict:
    return {"project": side.project.pk}


def _since(side) -> dict:
    return {"project": side.project.pk, "entered_at": "2026-11-26T08:00:00+08:00"}


def _period(side) -> dict:
    return {"project": side.project.pk, "period_start": "2026-11-01"}


A = Access
GET, POST, PUT, PATCH, DELETE = "GET", "POST", "PUT", "PATCH", "DELETE"

# Routes the matrix does not cover, on purpose: the OpenAPI schema and its viewer.
IGNORED = {"schema", "swagger-ui"}


def _crud(
    basename: str,
    view,
    *,
    create=None,
    update=None,
    detail=True,
    list_=True,
    methods_update=(PUT, PATCH),
) -> dict:
    rows = {}
    if list_:
        rows[(f"{basename}-list", GET)] = view
    if create:
        rows[(f"{basename}-list", POST)] = create
    if detail:
        rows[(f"{basename}-detail", GET)] = view
    if update:
        for method in methods_update:
            rows[(f"{basename}-detail", method)] = update
    return rows


MATRIX: dict[tuple[str, str], Access] = {
    # --- accounts and core --------------------------------------------------------------------
    ("api-token", POST): A(PUBLIC),
    ("api-logout", POST): A(AUTHENTICATED),
    ("api-me", GET): A(AUTHENTICATED),
    ("api-root", GET): A(AUTHENTICATED),
    ("api-calendar-check", GET): A(AUTHENTICATED),
    ("calendar-day-list", GET): A(AUTHENTICATED),
    ("calendar-day-list", POST): A("calendar.manage", anywhere=True),
    ("calendar-day-detail", DELETE): A("calendar.manage", anywhere=True, obj="calendar_day"),
    ("user-list", GET): A("users.view"),
    ("user-list", POST): A("users.manage"),
    ("user-detail", GET): A("users.view"),
    ("assignment-list", GET): A("users.view"),
    ("assignment-list", POST): A("roles.assign"),
    ("assignment-detail", GET): A("users.view"),
    ("assignment-end", POST): A("roles.assign"),
    # --- estate -------------------------------------------------------------------------------
    **_crud(
        "project",
        A("estate.view", residents=True),
        create=A("project.manage", company=True),
        update=A("project.manage"),
    ),
    ("project-roster-import", GET): A("roster.import"),
    ("project-roster-import", POST): A("roster.import"),
    **_crud(
        "building", A("estate.view", residents=True), create=A("estate.manage"), update=A("estate.manage")
    ),
    ("building-generate-units", POST): A("estate.manage"),
    **_crud("unit", A("estate.view", residents=True), create=A("estate.manage"), update=A("estate.manage")),
    ("unit-change-status", GET): A("estate.view", residents=True),
    ("unit-change-status", POST): A("unit.change_status"),
    ("unit-context", GET): A("estate.view"),
    **_crud(
        "public-area", A("estate.view", residents=True), create=A("estate.manage"), update=A("estate.manage")
    ),
    **_crud(
        "owner", A("people.view", residents=("owner",)), create=A("people.manage"), update=A("people.manage")
    ),
    ("owner-account", POST): A("people.manage", obj="spare_owner"),
    **_crud(
        "tenant",
        A("people.view", residents=("tenant",)),
        create=A("people.manage"),
        update=A("people.manage"),
    ),
    ("tenant-account", POST): A("people.manage", obj="spare_tenant"),
    **_crud("ownership", A("people.view", residents=True), create=A("people.manage")),
    ("ownership-end", POST): A("people.manage"),
    **_crud("lease", A("people.view", residents=True), create=A("people.manage")),
    ("lease-end", POST): A("people.manage"),
    # --- service desk -------------------------------------------------------------------------
    **_crud("ticket", A("ticket.view", residents=True), create=A("ticket.create", residents=True)),
    ("ticket-accept", POST): A("ticket.handle", obj="ticket_dispatched"),
    ("ticket-cancel", POST): A("ticket.cancel"),
    ("ticket-classify", POST): A("complaint.classify", obj="complaint"),
    ("ticket-close", POST): A("ticket.close", obj="ticket_return_visited"),
    ("ticket-complete", POST): A("ticket.handle", obj="ticket_in_progress"),
    ("ticket-contact-customer", POST): A("ticket.handle", obj="ticket_accepted"),
    ("ticket-customer-accept", POST): A("ticket.customer_accept", obj="ticket_completed"),
    ("ticket-dispatch", POST): A("ticket.dispatch"),
    ("ticket-escalate", POST): A("ticket.escalate"),
    # EXTENSION_APPROVERS: for a repair, the supervisor, the project manager or the company manager
    ("ticket-extend-deadline", POST): A(
        PROJECT_STAFF, roles=frozenset({"cs_supervisor", "project_manager", "company_manager"})
    ),
    # the first contact hands over their own duty; anyone else needs "ticket.cancel" (supervisors)
    ("ticket-handover", POST): A("ticket.cancel"),
    ("ticket-incident", POST): A("ticket.dispatch", obj="complaint"),
    ("ticket-opinion", POST): A("complaint.classify", obj="complaint"),
    ("ticket-quote", POST): A("ticket.handle", obj="ticket_accepted"),
    # The staff print (customer and archive copy); the console refuses residents (403).
    ("ticket-repair-order", GET): A("ticket.view"),
    ("ticket-reply", POST): A("ticket.return_visit", obj="complaint"),
    ("ticket-return-visit", POST): A("ticket.return_visit", obj="ticket_completed"),
    ("ticket-start", POST): A("ticket.handle", obj="ticket_accepted"),
    **_crud(
        "service-menu-item",
        A(PROJECT_STAFF, residents=True),
        create=A("service_menu.manage"),
        update=A("service_menu.manage"),
    ),
    **_crud("contact-log", A("contact.record"), create=A("contact.record")),
    ("contact-log-make-ticket", POST): A("contact.record"),
    **_crud("customer-visit", A("contact.record"), create=A("contact.record")),
    **_crud("notification", A(OWN)),
    ("notification-read", POST): A(OWN),
    ("notification-read-all", POST): A(OWN),
    **_crud("desk-duty", A("ticket.view"), create=A("complaint.classify"), detail=False),
    ("deadline-settings", GET): A("ticket.view", obj="project"),
    ("deadline-settings", PUT): A("project.manage", obj="project"),
    ("butler-areas", GET): A("ticket.view", obj="project"),
    ("butler-areas", POST): A("complaint.classify", obj="project"),
    # --- reports ------------------------------------------------------------------------------
    ("api-report-three-rates", GET): A("report.view", query=_project),
    ("api-report-repair-fees", GET): A(("report.view", "billing.report"), query=_project),
    # --- billing ------------------------------------------------------------------------------
    ("api-unit-account", GET): A("billing.view", residents=True, obj="unit"),
    ("api-unit-settlement", GET): A("billing.view", obj="unit"),
    ("api-bank-import", POST): A("billing.take_payment"),
    ("api-report-arrears-ageing", GET): A("billing.report", query=_project),
    ("api-report-cashier-close", GET): A("billing.report", query=_project),
    ("api-report-dunning-list", GET): A("billing.report", query=_project),
    ("api-payment-notices", GET): A("billing.report", query=_period),
    **_crud(
        "fee-item",
        A("billing.view"),
        create=A("billing.manage"),
        update=A("billing.manage"),
        methods_update=(PATCH,),
    ),
    ("fee-item-tariffs", POST): A("billing.manage"),
    **_crud("meter", A(("billing.view", "billing.read_meters")), create=A("billing.read_meters")),
    ("meter-replace", POST): A("billing.read_meters"),
    **_crud("meter-reading", A(("billing.view", "billing.read_meters")), create=A("billing.read_meters")),
    **_crud("charge-run", A("billing.view"), create=A("billing.manage")),
    **_crud("charge", A("billing.view", residents=True), create=A("billing.manage")),
    **_crud("payment", A("billing.view"), create=A("billing.take_payment")),
    **_crud("receipt", A("billing.view", residents=True)),
    ("receipt-pdf", GET): A("billing.view", residents=True),
    ("receipt-void", POST): A("billing.take_payment"),
    **_crud("deposit", A("billing.view")),
    ("deposit-refund", POST): A("billing.take_payment"),
    ("deposit-refund-decide", POST): A("billing.approve_refund", obj="deposit_refunding"),
    ("deposit-refund-memo", GET): A("billing.view"),
    # --- parking ------------------------------------------------------------------------------
    ("api-parking-fee-quote", GET): A("parking.view", query=_since),
    **_crud("parking-space", A("parking.view"), create=A("parking.manage"), update=A("parking.manage")),
    **_crud("parking-vehicle", A("parking.view"), create=A("parking.manage")),
    **_crud("parking-rental", A("parking.view"), create=A("parking.manage")),
    ("parking-rental-weekly-list", GET): A("parking.view", query=_project),
    ("parking-rental-collect-cash", POST): A("billing.take_payment", obj="cash_rental"),
    **_crud("parking-card", A("parking.view"), create=A("billing.take_payment")),
    ("parking-card-return", POST): A("billing.take_payment"),
    **_crud("parking-session", A("parking.view"), create=A("parking.gate")),
    ("parking-session-close", POST): A("parking.gate"),
}

# The world object a router basename's detail routes name (see matrix_world.Side).
OBJECTS = {
    "project": "project",
    "building": "building",
    "unit": "unit",
    "public-area": "public_area",
    "owner": "owner",
    "tenant": "tenant",
    "ownership": "ownership",
    "lease": "lease",
    "user": "user",
    "assignment": "assignment",
    "ticket": "ticket",
    "service-menu-item": "service_menu_item",
    "contact-log": "contact_log",
    "customer-visit": "customer_visit",
    "notification": "notification",
    "desk-duty": "desk_duty",
    "fee-item": "fee_item",
    "meter": "meter",
    "meter-reading": "meter_reading",
    "charge-run": "charge_run",
    "charge": "charge",
    "payment": "payment",
    "receipt": "receipt",
    "deposit": "deposit",
    "parking-space": "parking_space",
    "parking-vehicle": "parking_vehicle",
    "parking-rental": "parking_rental",
    "parking-card": "parking_card",
    "parking-session": "parking_session",
}


# --- request bodies -------------------------------------------------------------------------------
# A valid body for every write, built from the side's objects (`side`: matrix_world.Side of the
# object's project; `world`: the World), so that an allowed role gets 2xx (the call is rolled back)
# and a denied role's answer (403/404) proves the refusal: most checks sit in services, after the
# body is validated, and an empty body answers 400 to everybody.

NOW = "2026-11-30"


def _file(name: str, content: bytes, content_type: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type=content_type)


def _roster(side, world) -> dict:
    import io

    from openpyxl import Workbook

    from wuye.core.fakes import make_resident_id

    book = Workbook()
    book.active.append(["房号", "购房人", "证件号码", "联系电话", "合同编号"])
    book.active.append([side.unit.code, "张三", make_resident_id(), "13800138000", f"HT-{side.label}"])
    buffer = io.BytesIO()
    book.save(buffer)
    sheet = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return {"file": _file("roster.xlsx", buffer.getvalue(), sheet)}


def _bank(side, world) -> dict:
    text = f"unit_code,amount,bank_reference,paid_on\n{side.unit.code},10.00,M2-{side.label},2026-11-25\n"
    return {"project": side.project.pk, "file": _file("bank.csv", text.encode(), "text/csv")}


def _person(side, world) -> dict:
    return {"project": side.project.pk, "name": "赵六"}


def _rental(side, world) -> dict:
    return {
        "space": side.spare_space.pk,
        "vehicle": side.parking_vehicle.pk,
        "start_date": "2026-12-01",
        "end_date": "2027-02-28",
        "renter_name": side.owner.name,
        "renter_mobile": "13812345678",
        "licence_plate": side.parking_vehicle.plate,
        "identity_checked": True,
        "unit": side.unit.pk,
    }


def _service_item(side, world) -> dict:
    return {
        "project": side.project.pk,
        "group": "repair",
        "name": "疏通下水道",
        "pricing": "fixed",
        "price_text": "50元",
        "price_min": "50",
    }


BODIES: dict[tuple[str, str], Callable] = {
    ("api-bank-import", POST): _bank,
    ("user-list", POST): lambda side, world: {
        "username": "m2-new-user",
        "password": "Matrix-pass-2026",
        "project": side.project.pk,
    },
    ("assignment-list", POST): lambda side, world: {
        "user": side.user.pk,
        "project": side.project.pk,
        "role": "engineer",
    },
    ("assignment-end", POST): lambda side, world: {},
    ("calendar-day-list", POST): lambda side, world: {
        "date": "2026-12-25",
        "kind": "holiday",
        "name": "测试",
    },
    ("calendar-day-detail", DELETE): lambda side, world: {},
    ("project-list", POST): lambda side, world: {"name": "新项目", "code": "m2-new", "kind": "residential"},
    ("project-detail", PUT): lambda side, world: {
        "name": side.project.name,
        "code": side.project.code,
        "kind": side.project.kind,
    },
    ("project-detail", PATCH): lambda side, world: {"address": "测试路1号"},
    ("project-roster-import", POST): _roster,
    ("building-list", POST): lambda side, world: {"project": side.project.pk, "number": "99"},
    ("building-detail", PUT): lambda side, world: {
        "project": side.project.pk,
        "number": side.building.number,
    },
    ("building-detail", PATCH): lambda side, world: {"name": "一号楼"},
    ("building-generate-units", POST): lambda side, world: {"floors": 2, "rooms_per_floor": 2},
    ("unit-list", POST): lambda side, world: {"building": side.building.pk, "floor": 3, "room": "0399"},
    ("unit-detail", PUT): lambda side, world: {
        "building": side.building.pk,
        "floor": side.unit.floor,
        "room": side.unit.room,
    },
    ("unit-detail", PATCH): lambda side, world: {"inner_area": "80.00"},
    ("unit-change-status", POST): lambda side, world: {"status": "vacant", "reason": "业主搬离"},
    ("public-area-list", POST): lambda side, world: {"project": side.project.pk, "name": "北门"},
    ("public-area-detail", PUT): lambda side, world: {
        "project": side.project.pk,
        "name": side.public_area.name,
    },
    ("public-area-detail", PATCH): lambda side, world: {"name": "南门大堂"},
    ("owner-list", POST): _person,
    ("owner-detail", PUT): _person,
    ("owner-detail", PATCH): lambda side, world: {"name": "赵六"},
    ("owner-account", POST): lambda side, world: {
        "username": f"m2-owner-{side.label}",
        "password": "Matrix-pass-2026",
    },
    ("tenant-list", POST): _person,
    ("tenant-detail", PUT): _person,
    ("tenant-detail", PATCH): lambda side, world: {"name": "赵六"},
    ("tenant-account", POST): lambda side, world: {
        "username": f"m2-tenant-{side.label}",
        "password": "Matrix-pass-2026",
    },
    ("ownership-list", POST): lambda side, world: {
        "owner": side.spare_owner.pk,
        "unit": side.unit.pk,
        "start_date": "2026-11-01",
    },
    ("ownership-end", POST): lambda side, world: {"end_date": "2026-11-29", "reason": "sale"},
    ("lease-list", POST): lambda side, world: {
        "tenant": side.spare_tenant.pk,
        "unit": side.unit.pk,
        "start_date": "2026-11-01",
    },
    ("lease-end", POST): lambda side, world: {"end_date": "2026-11-29"},
    # --- service desk
    ("ticket-list", POST): lambda side, world: {
        "category": "repair_in_unit",
        "content": "卫生间漏水",
        "unit": side.unit.pk,
        "contact_phone": "13812345678",
    },
    ("ticket-dispatch", POST): lambda side, world: {"department": "engineering"},
    ("ticket-accept", POST): lambda side, world: {},
    ("ticket-contact-customer", POST): lambda side, world: {},
    ("ticket-start", POST): lambda side, world: {},
    ("ticket-quote", POST): lambda side, world: {"amount": "20"},
    ("ticket-complete", POST): lambda side, world: {"result": "更换阀芯"},
    ("ticket-customer-accept", POST): lambda side, world: {"accepted": True},
    ("ticket-return-visit", POST): lambda side, world: {"solved": True, "satisfaction": "satisfied"},
    ("ticket-close", POST): lambda side, world: {"answer": "已答复"},
    ("ticket-cancel", POST): lambda side, world: {"reason": "业主撤销"},
    ("ticket-escalate", POST): lambda side, world: {"reason": "业主催促"},
    ("ticket-extend-deadline", POST): lambda side, world: {
        "step": "dispatch",
        "new_due_at": "2026-12-31T10:00:00+08:00",
        "reason": "等配件",
    },
    ("ticket-handover", POST): lambda side, world: {"to_user": side.colleague.pk, "reason": "调班"},
    ("ticket-classify", POST): lambda side, world: {"validity": "valid", "severity": "minor"},
    ("ticket-incident", POST): lambda side, world: {"title": "地库停电"},
    ("ticket-opinion", POST): lambda side, world: {"opinion": "今日内处理完毕"},
    ("ticket-reply", POST): lambda side, world: {
        "kind": "interim",
        "channel": "phone",
        "content": "明天上午派人查看",
    },
    ("service-menu-item-list", POST): _service_item,
    ("service-menu-item-detail", PUT): _service_item,
    ("service-menu-item-detail", PATCH): lambda side, world: {"price_text": "35元"},
    ("contact-log-list", POST): lambda side, world: {
        "project": side.project.pk,
        "kind": "call",
        "content": "询问停车",
        "unit": side.unit.pk,
    },
    ("contact-log-make-ticket", POST): lambda side, world: {"category": "consultation"},
    ("customer-visit-list", POST): lambda side, world: {
        "project": side.project.pk,
        "method": "phone",
        "unit": side.unit.pk,
    },
    ("notification-read", POST): lambda side, world: {},
    ("notification-read-all", POST): lambda side, world: {},
    ("desk-duty-list", POST): lambda side, world: {
        "project": side.project.pk,
        "day": "2026-12-02",
        "user": side.user.pk,
    },
    ("deadline-settings", PUT): lambda side, world: {
        "rules": [{"step": "return_visit", "amount": 1, "unit": "working_days"}],
        "unreturned_digest_time": "16:40",
    },
    ("butler-areas", POST): lambda side, world: {"building": side.building.pk, "user": side.user.pk},
    # --- billing
    ("fee-item-list", POST): lambda side, world: {
        "project": side.project.pk,
        "code": "m2-fee",
        "name": "装修垃圾清运费",
        "kind": "income",
        "basis": "per_item",
    },
    ("fee-item-detail", PATCH): lambda side, world: {"name": "物业服务费（住宅）"},
    ("fee-item-tariffs", POST): lambda side, world: {"rate": "2.50", "effective_from": "2027-01-01"},
    ("meter-list", POST): lambda side, world: {
        "unit": side.unit.pk,
        "meter_type": "electricity",
        "installed_on": "2024-01-01",
    },
    ("meter-replace", POST): lambda side, world: {"replaced_on": "2026-11-29", "final_reading": "20"},
    ("meter-reading-list", POST): lambda side, world: {
        "meter": side.meter.pk,
        "read_on": "2026-11-29",
        "reading": "20",
    },
    ("charge-run-list", POST): lambda side, world: {"project": side.project.pk, "period_start": "2026-11-01"},
    ("charge-list", POST): lambda side, world: {
        "unit": side.unit.pk,
        "fee_item": side.fee_item.pk,
        "amount": "12.00",
        "description": "补收",
    },
    ("payment-list", POST): lambda side, world: {
        "unit": side.unit.pk,
        "method": "cash",
        "amount": "5.00",
        "idempotency_key": f"m2-pay-{side.label}",
    },
    ("receipt-void", POST): lambda side, world: {"reason": "收款有误"},
    ("deposit-refund", POST): lambda side, world: {},
    ("deposit-refund-decide", POST): lambda side, world: {"approve": False, "comment": "再核实"},
    # --- parking
    ("parking-space-list", POST): lambda side, world: {
        "project": side.project.pk,
        "number": "B1-100",
        "area": "underground",
    },
    ("parking-space-detail", PUT): lambda side, world: {
        "project": side.project.pk,
        "number": side.parking_space.number,
        "area": "underground",
    },
    ("parking-space-detail", PATCH): lambda side, world: {"number": "B1-077"},
    ("parking-vehicle-list", POST): lambda side, world: {
        "project": side.project.pk,
        "plate": f"京C9999{side.label}",
        "licence_owner": "赵六",
    },
    ("parking-rental-list", POST): _rental,
    ("parking-rental-collect-cash", POST): lambda side, world: {"amount": "100.00"},
    ("parking-card-list", POST): lambda side, world: {
        "rental": side.parking_rental.pk,
        "number": f"IC-9{side.label}",
    },
    ("parking-card-return", POST): lambda side, world: {},
    ("parking-session-list", POST): lambda side, world: {
        "project": side.project.pk,
        "plate": f"京D1111{side.label}",
    },
    ("parking-session-close", POST): lambda side, world: {},
}

# Writes whose denial a valid body cannot prove, and why (the test counts them as unproven).
UNPROVABLE: dict[tuple[str, str], str] = {
    ("api-logout", POST): "ends the token the other calls use; not called",
    ("api-token", POST): "public, nobody is denied; a wrong password answers 400, a right one logs in",
}


# --- the later modules' entries -----------------------------------------------------------------
# Each app from issue 11 on keeps its own part of the matrix in `wuye/<app>/tests/matrix.py`:
# MATRIX, and where needed OBJECTS, BODIES and UNPROVABLE (merged here), and `build_side(side, world)`
# adding its objects to each side of the world (called by matrix_world.World).
LATER_APPS = ("keys", "handover", "occupancy", "census", "renovation", "frontdesk", "notices")

#: routes with a second URL kwarg besides the scoped object's (a violation of a renovation):
#: route name -> (side -> the extra kwargs); the side's own objects, so side B stays out of scope
KWARGS: dict[str, Callable] = {}


def app_modules() -> list:
    import importlib

    modules = []
    for app in LATER_APPS:
        name = f"wuye.{app}.tests.matrix"
        try:
            modules.append(importlib.import_module(name))
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
    return modules


for _module in app_modules():
    MATRIX.update(_module.MATRIX)
    OBJECTS.update(getattr(_module, "OBJECTS", {}))
    BODIES.update(getattr(_module, "BODIES", {}))
    UNPROVABLE.update(getattr(_module, "UNPROVABLE", {}))
    KWARGS.update(getattr(_module, "KWARGS", {}))
