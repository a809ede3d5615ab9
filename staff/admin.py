from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from servicecenter.admin_masking import MaskedHistoryAdmin
from servicecenter.personal import mask_phone
from staff.forms import StaffProfileForm
from staff.models import Counter, StaffProfile


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
