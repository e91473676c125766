"""The release passes' part of the API permission matrix (see wuye/core/tests/permission_matrix.py),
merged by the lead into the front desk's matrix.

The gate's `release-pass-release` names the pass by number in the body (no URL kwarg): side B's body
names side B's project, where no role of project A releases anything (400 `pass_unknown`, counted as
refused)."""

from wuye.core.roles import Role
from wuye.core.tests.factories import staff
from wuye.core.tests.permission_matrix import GET, POST, A
from wuye.frontdesk.services import passes as services


def _project(side) -> dict:
    return {"project": side.project.pk}


MATRIX = {
    ("release-pass-list", GET): A("frontdesk.view"),
    ("release-pass-list", POST): A("frontdesk.prepare_pass"),
    ("release-pass-detail", GET): A("frontdesk.view"),
    # a tenant's pass: the owner's consent is phoned for
    ("release-pass-consent", POST): A("frontdesk.prepare_pass", obj="release_pass_tenant"),
    # the owner's own pass (no consent needed): the desk or the project manager issues it
    ("release-pass-approve", POST): A("frontdesk.issue_pass"),
    ("release-pass-cancel", POST): A(("frontdesk.prepare_pass", "frontdesk.issue_pass")),
    ("release-pass-pdf", GET): A("frontdesk.view"),
    ("release-pass-daily", GET): A("frontdesk.view", query=_project),
    # the gate: guards of the pass's project
    ("release-pass-release", POST): A("frontdesk.release_pass"),
}

OBJECTS = {"release-pass": "release_pass"}

BODIES = {
    ("release-pass-list", POST): lambda side, world: {
        "unit": side.unit.pk,
        "kind": "temporary",
        "carrier_kind": "tenant",
        "carrier_name": side.tenant.name,
        "items": [{"name": "电脑", "quantity": 1}],
    },
    ("release-pass-consent", POST): lambda side, world: {
        "phone": side.owner.mobile or "13800000000",
        "name": side.owner.name,
        "answer": "agreed",
    },
    ("release-pass-approve", POST): lambda side, world: {"carrier_signed": True},
    ("release-pass-cancel", POST): lambda side, world: {"reason": "改期"},
    ("release-pass-release", POST): lambda side, world: {
        "number": side.release_pass_issued.number,
        "items_checked": True,
        "project": side.project.pk,
    },
}


def build_side(side, world) -> None:
    """A pass of the owner being prepared, a tenant's pass waiting for the consent call, and an issued
    pass valid today (for the gate)."""
    desk = side.user  # a customer-service assistant of the project
    issuer = staff(Role.CS_SUPERVISOR, side.project)

    def new(carrier_kind, name):
        return services.pass_create(
            unit=side.unit,
            kind="temporary",
            carrier_kind=carrier_kind,
            carrier_name=name,
            items=[{"name": "纸箱", "quantity": 2}],
            acting_user=desk,
        )

    side.release_pass = new("owner", side.owner.name)
    side.release_pass_tenant = new("tenant", side.tenant.name)
    side.release_pass_issued = new("owner", side.owner.name)
    services.pass_approve(release_pass=side.release_pass_issued, carrier_signed=True, acting_user=issuer)
