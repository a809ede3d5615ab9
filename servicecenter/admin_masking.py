"""Personal data stays masked in the admin's history pages too (保密制度).

simple-history's history list has a "Changes" column that prints old → new for every field,
and each version opens the record's form filled with that version: both would show a name or
a phone in clear. An admin lists the fields to mask in `history_masks`; the "Changes" column
masks them and a version's page leaves them out.
"""

import datetime as dt
from collections.abc import Callable

from django.utils import timezone
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper


class MaskingContextHelper(HistoricalRecordContextHelper):
    def __init__(self, *args, masks: dict[str, Callable[[str], str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.masks = masks

    def prepare_delta_change_value(self, change, value):
        if change.field in self.masks:
            return self.masks[change.field](value)
        if value is None or value == "":
            return "—"
        field = self.model._meta.get_field(change.field)
        if field.choices:
            # The label in the reader's language, not the stored code (processing → 办理中).
            return str(dict(field.flatchoices).get(value, value))
        if isinstance(value, dt.datetime):
            return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
        return super().prepare_delta_change_value(change, value)


class MaskedHistoryAdmin(SimpleHistoryAdmin):
    # field name -> masking function (servicecenter.personal.mask_name, mask_phone…)
    history_masks: dict[str, Callable[[str], str]] = {}

    def get_historical_record_context_helper(self, request, historical_record):
        return MaskingContextHelper(self.model, historical_record, masks=self.history_masks)

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        if _is_history_version(request):
            return [field for field in fields if field not in self.history_masks]
        return fields


def _is_history_version(request) -> bool:
    """The page of one version (simple-history's `…_simple_history` URL)."""
    match = getattr(request, "resolver_match", None)
    return bool(match and (match.url_name or "").endswith("_simple_history"))
