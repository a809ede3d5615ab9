from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from servicecenter.admin_masking import MaskedHistoryAdmin
from servicecenter.personal import mask_phone
from staff.forms import StaffProfileForm
from staff.models import (
    AnnualLeave,
    Assessment,
    Attendance,
    AttendanceCorrection,
    AttendanceMonth,
    Counter,
    Induction,
    InductionItem,
    LeaveRequest,
    OvertimeRequest,
    RotaEntry,
    Shift,
    StaffProfile,
    TrainingSession,
)


@admin.register(Counter)
class CounterAdmin(SimpleHistoryAdmin):
    list_display = ["number", "name", "location", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "location"]


@admin.register(StaffProfile)
class StaffProfileAdmin(MaskedHistoryAdmin):
    form = StaffProfileForm
    list_display = ["badge_number", "name", "title", "counter", "work_phone", "is_public"]
    list_filter = ["is_public", "counter"]
    search_fields = ["name", "badge_number"]
    autocomplete_fields = ["user"]
    readonly_fields = ["masked_id_number"]
    fields = [
        "user",
        "name",
        "title",
        "badge_number",
        "counter",
        "phone",
        "phone_is_public",
        "photo",
        "is_public",
        "masked_id_number",
        "new_id_number",
    ]
    # History rows hold the encrypted token; show no personal fields in the history list.
    history_list_display = ["name", "badge_number"]
    # A work phone that is not public stays out of the history pages in clear.
    history_masks = {"phone": mask_phone}

    @admin.display(description=_("work phone"))
    def work_phone(self, obj: StaffProfile) -> str:
        return obj.phone if obj.phone_is_public else obj.masked_phone

    @admin.display(description=_("ID number"))
    def masked_id_number(self, obj: StaffProfile) -> str:
        return obj.masked_id_number or "—"


# -- Shifts, rota, leave and attendance: the admin reads; the staff pages change them. --------


class ReadOnlyAdmin(SimpleHistoryAdmin):
    # Records that change through their workflow only (servicecenter.history.save_step).
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Shift)
class ShiftAdmin(SimpleHistoryAdmin):
    list_display = ["name", "starts", "ends", "break_starts", "break_ends", "is_active"]
    list_filter = ["is_active"]


@admin.register(AnnualLeave)
class AnnualLeaveAdmin(SimpleHistoryAdmin):
    list_display = ["user", "year", "days"]
    list_filter = ["year"]
    autocomplete_fields = ["user"]


@admin.register(RotaEntry)
class RotaEntryAdmin(ReadOnlyAdmin):
    list_display = ["date", "user", "shift", "duty", "counter"]
    list_filter = ["duty", "shift"]
    date_hierarchy = "date"


@admin.register(LeaveRequest)
class LeaveRequestAdmin(ReadOnlyAdmin):
    list_display = ["user", "kind", "start_date", "end_date", "days", "substitute", "status"]
    list_filter = ["status", "kind"]
    date_hierarchy = "start_date"


@admin.register(Attendance)
class AttendanceAdmin(ReadOnlyAdmin):
    list_display = ["date", "user", "signed_in_at", "signed_out_at", "corrected"]
    list_filter = ["corrected"]
    date_hierarchy = "date"


@admin.register(AttendanceCorrection)
class AttendanceCorrectionAdmin(ReadOnlyAdmin):
    list_display = ["date", "user", "kind", "time", "status", "is_amendment"]
    list_filter = ["status", "kind"]


@admin.register(AttendanceMonth)
class AttendanceMonthAdmin(ReadOnlyAdmin):
    list_display = ["month", "confirmed_by", "confirmed_at"]


# -- Overtime, training and induction, assessment: read here, changed on the staff pages ---


class ReadOnlyHistoryAdmin(SimpleHistoryAdmin):
    """Every change goes through the staff pages' steps (staff/views_people.py)."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(OvertimeRequest)
class OvertimeRequestAdmin(ReadOnlyHistoryAdmin):
    list_display = ["user", "day", "planned_hours", "status", "worked_hours", "compensation"]
    list_filter = ["status", "compensation", "over_cap"]
    date_hierarchy = "day"


@admin.register(TrainingSession)
class TrainingSessionAdmin(ReadOnlyHistoryAdmin):
    list_display = ["date", "topic", "trainer", "hours"]
    search_fields = ["topic", "trainer"]
    date_hierarchy = "date"


class InductionItemInline(admin.TabularInline):
    model = InductionItem
    fields = ["kind", "title", "done_at", "done_by"]
    extra = 0


@admin.register(Induction)
class InductionAdmin(ReadOnlyHistoryAdmin):
    list_display = ["user", "mentor", "started_on", "completed_at"]
    inlines = [InductionItemInline]


@admin.register(Assessment)
class AssessmentAdmin(ReadOnlyHistoryAdmin):
    list_display = ["user", "period", "period_start", "grade", "graded_by", "confirmed_by"]
    list_filter = ["period", "grade"]
