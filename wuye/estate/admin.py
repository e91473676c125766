"""Read-mostly admin for support staff; changes go through the console and API services."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

from wuye.core.masking import mask_id_number, mask_mobile, personal_data_visible
from wuye.estate import models

#: an owner's or tenant's personal fields: never on the admin form, masked in its change history
PERSONAL_FIELDS = ["id_number", "mobile", "emergency_mobile", "birthday"]


class ReadOnlyHistoryAdmin(SimpleHistoryAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(models.Project)
class ProjectAdmin(ReadOnlyHistoryAdmin):
    list_display = ["name", "code", "kind", "is_active"]


@admin.register(models.Unit)
class UnitAdmin(ReadOnlyHistoryAdmin):
    list_display = ["code", "project", "building", "status", "handover_date"]
    list_filter = ["project", "status"]
    search_fields = ["code"]


class _PersonHistoryHelper(HistoricalRecordContextHelper):
    """The change history shows personal fields as the viewer may see them (the owner-record rule)."""

    def __init__(self, model, record, *, viewer):
        super().__init__(model, record)
        self.viewer = viewer

    def prepare_delta_change_value(self, change, value):
        value = super().prepare_delta_change_value(change, value)
        if change.field not in PERSONAL_FIELDS or personal_data_visible(self.viewer, self.record.project_id):
            return value
        if change.field == "id_number":
            return mask_id_number(value or "")
        if change.field == "birthday":
            return "—"
        return mask_mobile(value or "")


class PersonAdmin(ReadOnlyHistoryAdmin):
    exclude = PERSONAL_FIELDS

    def get_historical_record_context_helper(self, request, historical_record):
        return _PersonHistoryHelper(self.model, historical_record, viewer=request.user)


@admin.register(models.Owner)
class OwnerAdmin(PersonAdmin):
    list_display = ["name", "project", "is_vip"]
    list_filter = ["project"]
    search_fields = ["name"]


@admin.register(models.Tenant)
class TenantAdmin(PersonAdmin):
    list_display = ["name", "project"]
    list_filter = ["project"]
    search_fields = ["name"]


for model in (
    models.Building,
    models.PublicArea,
    models.Ownership,
    models.Lease,
    models.UnitStatusChange,
    models.OwnerAccessLog,
    models.RosterImport,
):
    admin.site.register(model, ReadOnlyHistoryAdmin)
