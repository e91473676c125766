"""The application part's rows of the API permission matrix (format of wuye/keys/tests/matrix.py;
the lead merges the parts into wuye/renovation/tests/matrix.py)."""

from django.core.files.base import ContentFile

from wuye.core.roles import Role
from wuye.core.tests.permission_matrix import GET, PATCH, POST, PROJECT_STAFF, A
from wuye.renovation.choices import DocumentKind
from wuye.renovation.tests.factories import Site

MATRIX = {
    ("renovation-list", GET): A("renovation.view"),
    ("renovation-list", POST): A("renovation.manage"),
    ("renovation-detail", GET): A("renovation.view"),
    ("renovation-detail", PATCH): A("renovation.manage"),
    ("renovation-documents", GET): A("renovation.view"),
    ("renovation-documents", POST): A("renovation.manage"),
    ("renovation-documents-remove", POST): A("renovation.manage"),
    ("renovation-document-file", GET): A("renovation.view"),
    ("renovation-submit", POST): A("renovation.manage"),
    # staff sign for themselves: at the approval, the customer-service and engineering heads
    ("renovation-sign-off", POST): A(
        PROJECT_STAFF,
        roles=frozenset({Role.CS_SUPERVISOR, Role.ENGINEERING_LEAD}),
        obj="renovation_submitted",
    ),
    ("renovation-approve", POST): A("renovation.approve", obj="renovation_signed"),
    ("renovation-reject", POST): A("renovation.approve", obj="renovation_submitted"),
    ("renovation-withdraw", POST): A("renovation.manage"),
    ("renovation-prepare", POST): A("renovation.manage", obj="renovation_approved"),
}

OBJECTS = {"renovation": "renovation"}

BODIES = {
    ("renovation-list", POST): lambda side, world: {
        "unit": side.renovation_unit.pk,
        "commitment_signed": True,
    },
    ("renovation-detail", PATCH): lambda side, world: {"scope": "墙面翻新"},
    ("renovation-documents", POST): lambda side, world: {"kind": "other", "note": "补充说明"},
    ("renovation-documents-remove", POST): lambda side, world: {"document": side.renovation_document.pk},
    ("renovation-submit", POST): lambda side, world: {},
    ("renovation-sign-off", POST): lambda side, world: {"stage": "approval"},
    ("renovation-approve", POST): lambda side, world: {"note": "同意"},
    ("renovation-reject", POST): lambda side, world: {"reason": "图纸未盖章"},
    ("renovation-withdraw", POST): lambda side, world: {"reason": "业主暂缓装修"},
    ("renovation-prepare", POST): lambda side, world: {"briefed": True},
}

UNPROVABLE: dict = {}

KWARGS = {"renovation-document-file": lambda side: {"document_id": side.renovation_document.pk}}


def build_side(side, world) -> None:
    """A draft with a complete file (`renovation`), a submitted one without signatures, a
    submitted one both heads signed, an approved one; a handed-over unit with an owner and no
    renovation for the create body."""
    site = Site(project=side.project, building=side.building)
    side.renovation = site.draft(complete=True)
    side.renovation_document = side.renovation.documents.get(kind=DocumentKind.PLAN_DRAWING)
    side.renovation_document.file.save("plan.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=True)
    side.renovation_submitted = site.submitted()
    side.renovation_signed = site.submitted()
    site.sign_approval(side.renovation_signed)
    side.renovation_approved = site.approved()
    side.renovation_unit, _owner = site.handed_over_unit()
