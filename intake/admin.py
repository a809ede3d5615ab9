from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from intake.models import (
    Appointment,
    Call,
    Case,
    CaseExtension,
    CaseNotice,
    CaseSupplement,
    Consultation,
    CounterSession,
    DayReport,
    DayReportAmendment,
    LostItem,
    QueueSettings,
    SmsMessage,
    Ticket,
)
from servicecenter.admin_masking import MaskedHistoryAdmin
from servicecenter.personal import mask_name, mask_phone


class ReadOnlyAdmin(MaskedHistoryAdmin):
    """Records that change only through the workstation's steps (queue, cases, lost)."""

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
    exclude = [
        "applicant_name",
        "applicant_id_number",
        "applicant_phone",
        "agent_name",
        "agent_id_number",
        "agent_phone",
    ]
    readonly_fields = [
        "masked_applicant",
        "masked_applicant_phone",
        "masked_agent",
        "masked_agent_phone",
    ]
    history_masks = {"applicant_name": mask_name, "agent_name": mask_name}

    @admin.display(description=_("applicant"))
    def masked_applicant(self, obj: Case) -> str:
        return obj.masked_applicant

    @admin.display(description=_("applicant's phone"))
    def masked_applicant_phone(self, obj: Case) -> str:
        return mask_phone(obj.applicant_phone)

    @admin.display(description=_("agent"))
    def masked_agent(self, obj: Case) -> str:
        return mask_name(obj.agent_name)

    @admin.display(description=_("agent's phone"))
    def masked_agent_phone(self, obj: Case) -> str:
        return mask_phone(obj.agent_phone)


@admin.register(CaseExtension)
class CaseExtensionAdmin(ReadOnlyAdmin):
    list_display = ["case", "days", "due_before", "due_after", "approved_by", "told_how", "told_at"]
    list_filter = ["told_how"]
    search_fields = ["case__number"]
    list_select_related = ["case", "approved_by"]


@admin.register(CaseSupplement)
class CaseSupplementAdmin(ReadOnlyAdmin):
    list_display = ["case", "materials", "asked_by", "at", "due_before", "due_after"]
    search_fields = ["case__number"]
    list_select_related = ["case", "asked_by"]


@admin.register(SmsMessage)
class SmsMessageAdmin(ReadOnlyAdmin):
    # A failed message is a resident not told: supervisors filter for them here.
    list_display = ["case", "kind", "number_masked", "ok", "result", "at"]
    list_filter = ["ok", "kind"]
    search_fields = ["case__number"]
    list_select_related = ["case"]


@admin.register(CaseNotice)
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
    empty_value_display = "—"
    exclude = ["applicant_name"]
    readonly_fields = ["masked_applicant"]
    history_masks = {"applicant_name": mask_name}

    @admin.display(description=_("applicant"))
    def masked_applicant(self, obj: CaseNotice) -> str:
        return obj.masked_applicant


@admin.register(LostItem)
class LostItemAdmin(ReadOnlyAdmin):
    """The register is kept at the desk (/desk/lost/); supervisors read it and its history."""

    list_display = ["description", "found_at", "found_where", "status", "masked_claimant"]
    list_filter = ["status"]
    date_hierarchy = "found_at"
    search_fields = ["description"]
    exclude = ["claimant_name"]
    readonly_fields = ["masked_claimant"]
    history_masks = {"claimant_name": mask_name}

    @admin.display(description=_("claimed by"))
    def masked_claimant(self, obj: LostItem) -> str:
        return mask_name(obj.claimant_name)


@admin.register(Consultation)
class ConsultationAdmin(ReadOnlyAdmin):
    """咨询登记 is kept at the desk (/desk/consultations/); supervisors read it here."""

    list_display = ["asked_at", "channel", "matter", "clerk", "answer_by", "answered_at"]
    list_filter = ["channel", "is_legal", "legal_outcome"]
    date_hierarchy = "asked_at"
    search_fields = ["matter"]
    list_select_related = ["clerk"]
    exclude = ["name", "phone"]
    readonly_fields = ["masked_name", "masked_phone"]
    history_masks = {"name": mask_name}

    @admin.display(description=_("resident's name"))
    def masked_name(self, obj: Consultation) -> str:
        return obj.masked_name

    @admin.display(description=_("resident's phone"))
    def masked_phone(self, obj: Consultation) -> str:
        return obj.masked_phone


@admin.register(DayReport)
class DayReportAdmin(ReadOnlyAdmin):
    list_display = ["day", "submitted_by", "submitted_at"]
    date_hierarchy = "day"


@admin.register(DayReportAmendment)
class DayReportAmendmentAdmin(ReadOnlyAdmin):
    list_display = ["report", "by", "at", "reason"]
    list_select_related = ["report", "by"]
