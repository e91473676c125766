from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from simple_history.admin import SimpleHistoryAdmin

from wuye.accounts.models import RoleAssignment, User


@admin.register(User)
class UserAdmin(BaseUserAdmin, SimpleHistoryAdmin):
    list_display = ["username", "display_name", "kind", "is_active"]
    list_filter = ["kind", "is_active"]
    fieldsets = BaseUserAdmin.fieldsets + (("Wuye", {"fields": ("kind", "display_name", "mobile")}),)


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(SimpleHistoryAdmin):
    list_display = ["user", "project", "role", "assigned_at", "ended_at"]
    list_filter = ["role", "project"]
    readonly_fields = ["assigned_at", "ended_at", "ended_by", "assigned_by"]
