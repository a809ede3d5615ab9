from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from complaints.models import Complaint, ComplaintNote
from servicecenter.admin_masking import MaskedHistoryAdmin

# -- complaints (投诉受理) -------------------------------------------------------------------


class ComplaintReadOnlyAdmin(MaskedHistoryAdmin):
    """Complaints change only through their steps; the director reads them here."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Complaint)
class ComplaintAdmin(ComplaintReadOnlyAdmin):
    list_display = ["number", "channel", "nature", "stage", "due_date", "handler"]
    list_filter = ["stage", "nature", "channel"]
    search_fields = ["number"]
    date_hierarchy = "received_at"
    list_select_related = ["handler"]
    # 严格保密: who complained stays masked here too.
    exclude = ["complainant_name", "complainant_phone"]
    readonly_fields = ["masked_complainant", "masked_phone"]

    @admin.display(description=_("complainant"))
    def masked_complainant(self, obj: Complaint) -> str:
        return obj.masked_complainant

    @admin.display(description=_("complainant's phone"))
    def masked_phone(self, obj: Complaint) -> str:
        return obj.masked_phone


@admin.register(ComplaintNote)
class ComplaintNoteAdmin(ComplaintReadOnlyAdmin):
    list_display = ["complaint", "kind", "author", "written_at"]
    list_filter = ["kind"]
    list_select_related = ["complaint", "author"]


# -- end of complaints ------------------------------------------------------------------------

# 好差评, 整改, 过错责任追究 and the registers register their own admin classes.
from complaints import admin_accountability  # noqa: E402, F401  (好差评, 整改, 过错责任追究, registers)
