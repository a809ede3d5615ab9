from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from servicecenter.models import CenterProfile, OpeningHours, WorkdayOverride


class OpeningHoursInline(admin.TabularInline):
    model = OpeningHours
    extra = 0
    max_num = 7


@admin.register(CenterProfile)
class CenterProfileAdmin(SimpleHistoryAdmin):
    list_display = ["name", "address", "complaint_phone", "supervision_phone"]
    inlines = [OpeningHoursInline]

    def has_add_permission(self, request) -> bool:
        # One center per deployment (for now): the profile is edited, not added again.
        return super().has_add_permission(request) and not CenterProfile.objects.exists()

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(WorkdayOverride)
class WorkdayOverrideAdmin(SimpleHistoryAdmin):
    list_display = ["date", "kind", "reason"]
    list_filter = ["kind"]
    date_hierarchy = "date"
