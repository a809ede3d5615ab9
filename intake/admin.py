from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from intake.models import Appointment, Call, Case, CounterSession, Notice, QueueSettings, Ticket


class ReadOnlyAdmin(SimpleHistoryAdmin):
    """Records that change only through the workstation's steps (intake.services)."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(QueueSettings)
class QueueSettingsAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "at_closing", "minutes_per_ticket"]

    def has_add_permission(self, request) -> bool:
        return super().has_add_permission(request) and not QueueSettings.objects.exists()


@admin.register(Ticket)
class TicketAdmin(ReadOnlyAdmin):
    list_display = ["display_number", "day", "category", "status", "priority", "counter", "clerk"]
    list_filter = ["status", "category", "priority", "day"]
    date_hierarchy = "day"
    list_select_related = ["category", "counter", "clerk"]

    @admin.display(description=_("number"))
    def display_number(self, obj: Ticket) -> str:
        return obj.display_number


@admin.register(Appointment)
class AppointmentAdmin(ReadOnlyAdmin):
    list_display = ["code", "category", "day", "slot", "masked_name", "masked_phone", "status"]
    list_filter = ["status", "category", "day"]
    exclude = ["name", "phone"]
    readonly_fields = ["masked_name", "masked_phone"]

    @admin.display(description=_("name"))
    def masked_name(self, obj: Appointment) -> str:
        return obj.masked_name

    @admin.display(description=_("phone"))
    def masked_phone(self, obj: Appointment) -> str:
        return obj.masked_phone


@admin.register(CounterSession)
class CounterSessionAdmin(ReadOnlyAdmin):
    list_display = ["counter", "clerk", "started_at", "ended_at", "is_paused"]
    list_filter = ["counter"]


@admin.register(Call)
class CallAdmin(ReadOnlyAdmin):
    list_display = ["ticket", "counter", "at"]
    list_select_related = ["ticket", "counter"]


@admin.register(Case)
class CaseAdmin(ReadOnlyAdmin):
    list_display = ["number", "item", "mode", "stage", "masked_applicant", "due_date", "handler"]
    list_filter = ["stage", "mode", "item__category"]
    search_fields = ["number"]
    date_hierarchy = "received_at"
    list_select_related = ["item", "handler"]
    # Personal data stays masked here too; clerks see it on the case page, masked.
    exclude = ["applicant_name", "applicant_id_number", "applicant_phone", "agent_id_number"]
    readonly_fields = ["masked_applicant"]

    @admin.display(description=_("applicant"))
    def masked_applicant(self, obj: Case) -> str:
        return obj.masked_applicant


@admin.register(Notice)
class NoticeAdmin(ReadOnlyAdmin):
    list_display = [
        "serial",
        "kind",
        "item",
        "masked_applicant",
        "clerk",
        "created_at",
        "is_repeat",
    ]
    list_filter = ["kind", "is_repeat"]
    search_fields = ["serial"]
    exclude = ["applicant_name"]
    readonly_fields = ["masked_applicant"]

    @admin.display(description=_("applicant"))
    def masked_applicant(self, obj: Notice) -> str:
        return obj.masked_applicant
