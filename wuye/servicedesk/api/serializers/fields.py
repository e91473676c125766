"""Fields and helpers shared by the service-desk serializers."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from wuye.accounts.choices import UserKind
from wuye.accounts.models import User
from wuye.estate.models import Project
from wuye.servicedesk.choices import Department
from wuye.servicedesk.models import (
    ServiceMenuItem,
)

# --- shared --------------------------------------------------------------------------------------


def service_menu_for(user):
    """The price list a user may see: staff by project assignment, owners and tenants the active
    items of the projects their units belong to (the menu is published to customers)."""
    if user.is_authenticated and user.is_resident:
        return ServiceMenuItem.objects.filter(project__in=Project.objects.visible_to(user), is_active=True)
    return ServiceMenuItem.objects.visible_to(user)


@extend_schema_field(OpenApiTypes.STR)
class ValueChoiceField(serializers.ChoiceField):
    """A choice shown in the schema as a plain string (with a `*_label` beside it in outputs).

    The service-desk choice sets appear under several field names and in several components;
    without ENUM_NAME_OVERRIDES entries that makes drf-spectacular warn about enum naming, so
    outputs carry the value and input serializers carry the enums."""


@extend_schema_field(OpenApiTypes.INT)
class ServiceMenuItemField(serializers.PrimaryKeyRelatedField):
    def get_queryset(self):
        return service_menu_for(self.context["request"].user)


@extend_schema_field(OpenApiTypes.INT)
class StaffUserField(serializers.PrimaryKeyRelatedField):
    """An active staff account; whether it fits the ticket's project and department is the service's call."""

    def get_queryset(self):
        return User.objects.filter(is_active=True, kind=UserKind.STAFF)


def event_at_field():
    return serializers.DateTimeField(
        required=False,
        allow_null=True,
        default=None,
        label=_("event time"),
        help_text=_(
            "When it happened, for records entered later; never in the future nor before the previous step."
        ),
    )


def user_name(user) -> str:
    return str(user) if user is not None else ""


class TicketArrangementSerializer(serializers.Serializer):
    """How a ticket's job is arranged, asked at staff intake and when a logged call becomes a ticket:
    appointment, promised time, urgency, department and menu item (all optional)."""

    appointment_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    promised_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    urgent = serializers.BooleanField(required=False, default=False)
    department = serializers.ChoiceField(
        choices=Department.choices, required=False, allow_blank=True, default=""
    )
    service_item = ServiceMenuItemField(required=False, allow_null=True, default=None)
