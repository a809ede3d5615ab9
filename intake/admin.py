from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from intake.models import Appointment, Call, CounterSession, QueueSettings, Ticket


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
