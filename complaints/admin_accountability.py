"""Admin of 好差评, 整改, 过错责任追究 (read only: their steps are the staff pages') and the
廉洁自律 registers (拒收礼品、红包登记, incidents reported to the police), kept here."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from complaints.models import FaultRecord, GiftRefusal, PoliceReport, Rating, Rectification
from intake.admin import ReadOnlyAdmin
from servicecenter.personal import mask_phone


@admin.register(Rating)
class RatingAdmin(ReadOnlyAdmin):
    list_display = ["rated_at", "subject", "level", "channel", "clerk"]
    list_filter = ["level", "channel"]
    date_hierarchy = "rated_at"
    list_select_related = ["case", "ticket", "clerk"]
    exclude = ["contact_phone"]
    readonly_fields = ["masked_contact_phone"]
    history_masks = {"contact_phone": mask_phone}


@admin.register(Rectification)
class RectificationAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "status", "contact_due", "done_due"]
    list_filter = ["status"]
    list_select_related = ["rating__case", "rating__ticket"]


@admin.register(FaultRecord)
class FaultRecordAdmin(ReadOnlyAdmin):
    list_display = ["pk", "staff", "clause", "status", "decision", "opened_at"]
    list_filter = ["status", "clause", "decision"]
    list_select_related = ["staff"]


@admin.register(GiftRefusal)
class GiftRefusalAdmin(SimpleHistoryAdmin):
    list_display = ["offered_at", "staff", "what", "value", "handling"]
    list_filter = ["handling"]
    date_hierarchy = "offered_at"
    list_select_related = ["staff"]


@admin.register(PoliceReport)
class PoliceReportAdmin(SimpleHistoryAdmin):
    list_display = ["reported_at", "occurred_at", "people", "reported_to", "reference"]
    date_hierarchy = "reported_at"
