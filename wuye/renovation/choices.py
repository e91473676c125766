"""Renovation (办理装修, seed 000 §2, seed 003, spec 04): stages and their allowed moves, the
document checklist, departments, violations, permits and sign-offs."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class RenovationStatus(models.TextChoices):
    DRAFT = "draft", _("Collecting documents")
    SUBMITTED = "submitted", _("Waiting for engineering approval")
    REJECTED = "rejected", pgettext_lazy("renovation", "Rejected")
    APPROVED = "approved", pgettext_lazy("renovation", "Approved, preparing entry")
    IN_PROGRESS = "in_progress", _("Renovating")
    COMPLETION_REQUESTED = "completion_requested", _("Completion acceptance requested")
    ACCEPTED = "accepted", _("Accepted; deposit held")
    REFUND_REQUESTED = "refund_requested", _("Deposit refund waiting for approval")
    CLOSED = "closed", _("Deposit refunded; closed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


S = RenovationStatus

#: the allowed moves; every move goes through one service in wuye.renovation.services
TRANSITIONS: dict[str, frozenset[str]] = {
    S.DRAFT: frozenset({S.SUBMITTED, S.WITHDRAWN}),
    # engineering decides on the complete file
    S.SUBMITTED: frozenset({S.APPROVED, S.REJECTED}),
    # a rejected file is completed and submitted again, or withdrawn
    S.REJECTED: frozenset({S.SUBMITTED, S.WITHDRAWN}),
    # government approvals, agreement, briefing, fees, permit; then the entry inspection
    S.APPROVED: frozenset({S.IN_PROGRESS, S.WITHDRAWN}),
    # the owner applies for completion acceptance
    S.IN_PROGRESS: frozenset({S.COMPLETION_REQUESTED}),
    # engineering and security inspect: accepted, or failures explained and re-inspected (stays)
    S.COMPLETION_REQUESTED: frozenset({S.ACCEPTED}),
    # three months after acceptance the deposit refund is prepared
    S.ACCEPTED: frozenset({S.REFUND_REQUESTED}),
    # the project manager approves (paid through billing) or sends it back
    S.REFUND_REQUESTED: frozenset({S.CLOSED, S.ACCEPTED}),
    S.CLOSED: frozenset(),
    S.WITHDRAWN: frozenset(),
}

#: the file (documents, applicant, company) may still be changed
EDITABLE_STATUSES = frozenset({S.DRAFT, S.REJECTED})
#: work on site: patrols are due every day, violations and hot work are recorded
ON_SITE_STATUSES = frozenset({S.IN_PROGRESS, S.COMPLETION_REQUESTED})
#: the renovation is still running (one per unit at a time)
OPEN_STATUSES = frozenset(set(S.values) - {S.CLOSED, S.WITHDRAWN})


class ApplicantKind(models.TextChoices):
    OWNER = "owner", _("The owner")
    AGENT = "agent", _("An agent with a power of attorney")


class PremisesKind(models.TextChoices):
    RESIDENTIAL = "residential", _("Residential")
    COMMERCIAL = "commercial", _("Commercial premises")
    KEY = "key", _("Key premises")


#: premises whose design needs a design qualification certificate
DESIGN_QUALIFICATION_PREMISES = frozenset({PremisesKind.COMMERCIAL, PremisesKind.KEY})


class AgreementSigner(models.TextChoices):
    OWNER = "owner", _("The owner")
    COMPANY = "company", _("The renovation company under the commitment letter")


class DocumentKind(models.TextChoices):
    PLAN_DRAWING = "plan_drawing", _("Plan drawing")
    CEILING_DRAWING = "ceiling_drawing", _("Ceiling drawing")
    PIPELINE_DRAWING = "pipeline_drawing", _("Pipelines and electrical drawing")
    LOW_VOLTAGE_DRAWING = "low_voltage_drawing", _("Low-voltage drawing")
    SECTION_DRAWING = "section_drawing", _("Section drawings")
    BUSINESS_LICENCE = "business_licence", _("Business licence of the renovation company")
    RESPONSIBLE_ID = "responsible_id", _("ID of the company's responsible person")
    QUALIFICATION = "qualification", _("Construction qualification certificate")
    DESIGN_QUALIFICATION = "design_qualification", _("Design qualification certificate")
    POWER_OF_ATTORNEY = "power_of_attorney", _("Power of attorney")
    FIRE_APPROVAL = "fire_approval", _("Fire protection approval (消防报建)")
    STRUCTURE_APPROVAL = "structure_approval", _("Structural change approval")
    GAS_APPROVAL = "gas_approval", _("Gas change approval")
    OTHER = "other", _("Other")


D = DocumentKind
#: the drawings, each stamped by the renovation company
DRAWING_KINDS = (
    D.PLAN_DRAWING,
    D.CEILING_DRAWING,
    D.PIPELINE_DRAWING,
    D.LOW_VOLTAGE_DRAWING,
    D.SECTION_DRAWING,
)
#: certificates that must carry an expiry date and be valid when the file is checked
EXPIRING_KINDS = frozenset({D.QUALIFICATION, D.DESIGN_QUALIFICATION})


class GovernmentWork(models.TextChoices):
    """Work that needs the owner's government approval before it may start (spec 04 step 5)."""

    FIRE = "fire", _("Fire protection")
    STRUCTURE = "structure", _("Structural change")
    GAS = "gas", _("Gas change")


#: the approval document that proves each kind of government work
GOVERNMENT_APPROVAL_DOCUMENT: dict[str, str] = {
    GovernmentWork.FIRE: D.FIRE_APPROVAL,
    GovernmentWork.STRUCTURE: D.STRUCTURE_APPROVAL,
    GovernmentWork.GAS: D.GAS_APPROVAL,
}


class Department(models.TextChoices):
    CUSTOMER_SERVICE = "customer_service", _("Customer service")
    ENGINEERING = "engineering", _("Engineering")
    SECURITY = "security", _("Security")


class FeeKind(models.TextChoices):
    """The renovation fees of the public fee standard (spec 03, 04 step 9)."""

    DEPOSIT = "deposit", _("Renovation deposit")
    MANAGEMENT = "management", _("Renovation management service fee")
    DEBRIS = "debris", _("Debris removal fee")
    PASS = "pass", _("Worker passes")


#: billing fee item code of each renovation fee (the project's public fee standard)
FEE_ITEM_CODES: dict[str, str] = {
    FeeKind.DEPOSIT: "renovation-deposit",
    FeeKind.MANAGEMENT: "renovation-management",
    FeeKind.DEBRIS: "debris-removal",
    FeeKind.PASS: "worker-pass",
}


class Severity(models.TextChoices):
    MINOR = "minor", _("Minor (verbal correction or warning)")
    SERIOUS = "serious", _("Serious (written rectification notice)")


class PenaltyStatus(models.TextChoices):
    NONE = "none", _("No penalty")
    PROPOSED = "proposed", _("Penalty proposed")
    APPROVED = "approved", _("Penalty approved")
    REJECTED = "rejected", _("Penalty rejected")


PENALTY_TRANSITIONS: dict[str, frozenset[str]] = {
    PenaltyStatus.NONE: frozenset({PenaltyStatus.PROPOSED}),
    PenaltyStatus.PROPOSED: frozenset({PenaltyStatus.APPROVED, PenaltyStatus.REJECTED}),
    PenaltyStatus.REJECTED: frozenset({PenaltyStatus.PROPOSED}),
    PenaltyStatus.APPROVED: frozenset(),
}


class PermitKind(models.TextChoices):
    HOT_WORK = "hot_work", _("Hot work (动火)")
    MATERIALS = "materials", _("Prohibited materials or tools brought in (acetylene, welding tools)")


class SignOffStage(models.TextChoices):
    APPROVAL = "approval", pgettext_lazy("renovation sign-off", "Approval")
    REFUND = "refund", _("Deposit refund")


class SignOffParty(models.TextChoices):
    CUSTOMER_SERVICE_HEAD = "cs_head", _("Customer-service head")
    ENGINEERING_HEAD = "engineering_head", _("Engineering head")
    CUSTOMER_SERVICE = "customer_service", _("Customer service")
    ENGINEERING = "engineering", _("Engineering")
    SECURITY = "security", _("Security")
    OWNER = "owner", _("The owner")
    COMPANY = "company", _("The renovation company")
    CENTRE_HEAD = "centre_head", _("Head of the project centre")


#: who signs at each stage (spec 04: approval by the two heads; the refund by the three
#: departments, the owner, the renovation company and the head of the project centre)
SIGN_OFF_PARTIES: dict[str, tuple[str, ...]] = {
    SignOffStage.APPROVAL: (SignOffParty.CUSTOMER_SERVICE_HEAD, SignOffParty.ENGINEERING_HEAD),
    SignOffStage.REFUND: (
        SignOffParty.CUSTOMER_SERVICE,
        SignOffParty.ENGINEERING,
        SignOffParty.SECURITY,
        SignOffParty.OWNER,
        SignOffParty.COMPANY,
        SignOffParty.CENTRE_HEAD,
    ),
}

#: parties that are staff (the signer is the acting user); the others are people who sign on paper
STAFF_PARTIES = frozenset(
    {
        SignOffParty.CUSTOMER_SERVICE_HEAD,
        SignOffParty.ENGINEERING_HEAD,
        SignOffParty.CUSTOMER_SERVICE,
        SignOffParty.ENGINEERING,
        SignOffParty.SECURITY,
        SignOffParty.CENTRE_HEAD,
    }
)
