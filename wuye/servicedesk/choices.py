"""Categories, channels, statuses and the allowed ticket transitions (spec 02)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wuye.core.roles import Role


class Category(models.TextChoices):
    CONSULTATION = "consultation", _("Consultation")
    REPAIR_IN_UNIT = "repair_in_unit", _("Repair (in unit)")
    REPAIR_PUBLIC = "repair_public", _("Repair (public area)")
    HOUSE_DEFECT = "house_defect", _("House defect")
    COMPLAINT = "complaint", _("Complaint")
    SUGGESTION = "suggestion", _("Suggestion / request")
    HELP = "help", _("Help")
    PAID_SERVICE = "paid_service", _("Paid special service")
    SECURITY = "security", _("Security")
    FIRE = "fire", _("Fire")
    CLEANING = "cleaning", _("Cleaning / environment")


REPAIR_CATEGORIES = frozenset({Category.REPAIR_IN_UNIT, Category.REPAIR_PUBLIC, Category.HOUSE_DEFECT})

# Does a completed ticket of this category get a return visit? One table, every category.
# Seed 000 §8: repairs, complaints, opinions and suggestions, help given to a customer in trouble;
# seed 002: paid/special services (特约服务) with a 100 % return-visit target; seed 003: public-area
# cleaning, security and fire matters are services to the customer too. Only a consultation needs
# none: it is answered (and closed) at the desk.
RETURN_VISIT_REQUIRED: dict[str, bool] = {
    Category.CONSULTATION: False,
    Category.REPAIR_IN_UNIT: True,
    Category.REPAIR_PUBLIC: True,
    Category.HOUSE_DEFECT: True,
    Category.COMPLAINT: True,
    Category.SUGGESTION: True,
    Category.HELP: True,
    Category.PAID_SERVICE: True,
    Category.SECURITY: True,
    Category.FIRE: True,
    Category.CLEANING: True,
}
RETURN_VISIT_CATEGORIES = frozenset(c for c, needed in RETURN_VISIT_REQUIRED.items() if needed)


class Channel(models.TextChoices):
    PHONE = "phone", _("Phone")
    VISIT = "visit", _("Visit")
    LETTER = "letter", _("Letter / written")
    PORTAL = "portal", _("Owner portal")
    INTERNAL = "internal", _("Internal (another department)")
    INSPECTION = "inspection", _("Inspection finding")
    INSTRUCTION = "instruction", _("Superior's instruction")


class Department(models.TextChoices):
    CUSTOMER_SERVICE = "customer_service", _("Customer service")
    ENGINEERING = "engineering", _("Engineering")
    SECURITY = "security", _("Security")
    CLEANING = "cleaning", _("Cleaning and greening")
    FINANCE = "finance", _("Finance / cashier")
    MANAGEMENT = "management", _("Management")


# Which roles work a department's queue.
DEPARTMENT_ROLES: dict[str, set[str]] = {
    Department.CUSTOMER_SERVICE: {Role.CS_ASSISTANT, Role.CS_SUPERVISOR},
    Department.ENGINEERING: {Role.ENGINEER, Role.ENGINEERING_LEAD},
    Department.SECURITY: {Role.SECURITY, Role.SECURITY_LEAD},
    Department.CLEANING: {Role.CS_ASSISTANT, Role.CS_SUPERVISOR},
    Department.FINANCE: {Role.CASHIER},
    Department.MANAGEMENT: {Role.PROJECT_MANAGER},
}
DEPARTMENT_LEADS: dict[str, str] = {
    Department.CUSTOMER_SERVICE: Role.CS_SUPERVISOR,
    Department.ENGINEERING: Role.ENGINEERING_LEAD,
    Department.SECURITY: Role.SECURITY_LEAD,
    Department.CLEANING: Role.CS_SUPERVISOR,
    Department.FINANCE: Role.PROJECT_MANAGER,
    Department.MANAGEMENT: Role.PROJECT_MANAGER,
}
DEFAULT_DEPARTMENT: dict[str, str] = {
    Category.REPAIR_IN_UNIT: Department.ENGINEERING,
    Category.REPAIR_PUBLIC: Department.ENGINEERING,
    Category.HOUSE_DEFECT: Department.ENGINEERING,
    Category.SECURITY: Department.SECURITY,
    Category.FIRE: Department.SECURITY,
    Category.CLEANING: Department.CLEANING,
}


# Who does a paid service when its menu item names no department (by menu group).
MENU_GROUP_DEPARTMENT = {
    "repair": Department.ENGINEERING,
    "cleaning": Department.CLEANING,
    "pest": Department.CLEANING,
    "moving": Department.CUSTOMER_SERVICE,
}


class Status(models.TextChoices):
    RECEIVED = "received", _("Received")
    DISPATCHED = "dispatched", _("Dispatched")
    ACCEPTED = "accepted", _("Accepted by handler")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")
    CUSTOMER_ACCEPTED = "customer_accepted", _("Accepted by customer")
    RETURN_VISITED = "return_visited", _("Return visit done")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")


S = Status
OPEN_STATUSES = frozenset(set(S.values) - {S.CLOSED, S.CANCELLED})

# The lifecycle of spec 02. Category-specific rules (consultations close from received; tickets
# that need a return visit close only after it) are checked by the transition service.
TRANSITIONS: dict[str, frozenset[str]] = {
    S.RECEIVED: frozenset({S.DISPATCHED, S.IN_PROGRESS, S.CLOSED, S.CANCELLED}),
    S.DISPATCHED: frozenset({S.ACCEPTED, S.DISPATCHED, S.CANCELLED}),
    S.ACCEPTED: frozenset({S.IN_PROGRESS, S.DISPATCHED, S.CANCELLED}),
    S.IN_PROGRESS: frozenset({S.COMPLETED, S.DISPATCHED, S.CANCELLED}),
    S.COMPLETED: frozenset({S.CUSTOMER_ACCEPTED, S.IN_PROGRESS, S.RETURN_VISITED, S.CLOSED}),
    S.CUSTOMER_ACCEPTED: frozenset({S.RETURN_VISITED, S.CLOSED}),
    S.RETURN_VISITED: frozenset({S.CLOSED, S.IN_PROGRESS}),
    S.CLOSED: frozenset(),
    S.CANCELLED: frozenset(),
}


class Validity(models.TextChoices):
    VALID = "valid", _("Valid")
    INVALID = "invalid", _("Invalid")
    ASSIST = "assist", _("Assist (owner's own unit)")


class Severity(models.TextChoices):
    MAJOR = "major", _("Major")
    IMPORTANT = "important", _("Important")
    MINOR = "minor", _("Minor")


class Satisfaction(models.TextChoices):
    VERY_SATISFIED = "very_satisfied", _("Very satisfied")
    SATISFIED = "satisfied", _("Satisfied")
    NEUTRAL = "neutral", _("Neutral")
    DISSATISFIED = "dissatisfied", _("Dissatisfied")


SATISFIED_ANSWERS = frozenset({Satisfaction.VERY_SATISFIED, Satisfaction.SATISFIED})


class EventKind(models.TextChoices):
    INTAKE = "intake", _("Received")
    TRANSITION = "transition", _("Status change")
    ESCALATION = "escalation", _("Escalation")
    HANDOVER = "handover", _("First-contact duty handed over")
    EXTENSION = "extension", _("Deadline extended")
    CLASSIFICATION = "classification", _("Complaint classified")
    REWORK = "rework", _("Rework")
    REOPEN = "reopen", _("Reopened after return visit")
    CONTRACTOR_NOTICE = "contractor_notice", _("Notice to construction company")
    NOTE = "note", _("Note")
    OPINION = "opinion", _("Supervisor's handling opinion")
    REPLY = "reply", _("Reply to customer")
    QUOTE = "quote", _("Price quoted to the customer")
    LATE = "late", _("Deadline missed")


class VisitMethod(models.TextChoices):
    PHONE = "phone", _("Phone")
    IN_PERSON = "in_person", _("In person")
    DOOR_TO_DOOR = "door_to_door", _("Door to door")
    PUBLIC_PLACE = "public_place", _("In a public place")
    OFFICE = "office", _("At the customer's office")


class EscalationLevel(models.IntegerChoices):
    NONE = 0, _("Not escalated")
    SUPERVISOR = 1, _("Supervisor")
    MANAGER = 2, _("Project manager")
    LEADERSHIP = 3, _("Company leadership")
