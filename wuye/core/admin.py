from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from wuye.core.models import CalendarDay


@admin.register(CalendarDay)
class CalendarDayAdmin(SimpleHistoryAdmin):
    list_display = ["date", "kind", "name"]
    list_filter = ["kind"]

    def has_add_permission(self, request):
        return False  # through the console calendar page (services invalidate the cache)

    def has_change_permission(self, request, obj=None):
        return False
