"""Read-mostly admin for support staff; changes go through the console and API services."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from wuye.estate import models


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


@admin.register(models.Owner)
class OwnerAdmin(ReadOnlyHistoryAdmin):
    list_display = ["name", "project", "is_vip"]
    list_filter = ["project"]
    search_fields = ["name"]
    exclude = ["id_number", "mobile", "emergency_mobile", "birthday"]


for model in (
    models.Building,
    models.PublicArea,
    models.Tenant,
    models.Ownership,
    models.Lease,
    models.UnitStatusChange,
    models.OwnerAccessLog,
    models.RosterImport,
):
    admin.site.register(model, ReadOnlyHistoryAdmin)
