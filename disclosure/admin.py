from django.conf import settings
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models
from django.forms import NumberInput, TextInput
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin
from import_export.forms import ImportForm
from simple_history.admin import SimpleHistoryAdmin

from disclosure.models import (
    Category,
    Fee,
    Material,
    Notice,
    PublishedResult,
    Rule,
    ServiceItem,
    Step,
)
from disclosure.resources import CatalogCSV, CatalogXLSX, ServiceItemResource, TooManyRows
from servicecenter import exports
from servicecenter.uploads import megabytes


@admin.register(Category)
class CategoryAdmin(SimpleHistoryAdmin):
    list_display = ["prefix", "name", "code", "order"]
    ordering = ["order", "prefix"]


# Narrow inputs, so the inline tables fit a 1280 px screen.
NARROW = {
    models.CharField: {"widget": TextInput(attrs={"size": 24})},
    models.PositiveSmallIntegerField: {"widget": NumberInput(attrs={"class": "narrow-number"})},
}


class MaterialInline(admin.TabularInline):
    model = Material
    extra = 0
    fields = ["order", "name", "form", "copies", "notes", "sample"]
    formfield_overrides = NARROW


class StepInline(admin.TabularInline):
    model = Step
    extra = 0
    fields = ["order", "title", "description"]
    formfield_overrides = NARROW


class FeeInline(admin.TabularInline):
    model = Fee
    extra = 0
    formfield_overrides = NARROW


class CatalogImportForm(ImportForm):
    """The import form, stating the limits and refusing a file too big before reading it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["import_file"].help_text = _(
            "At most %(rows)s rows and %(size)s per file. An Excel workbook (.xlsx), or a "
            "CSV file saved as UTF-8 or by Chinese Excel (GBK/GB18030)."
        ) % {"rows": settings.IMPORT_MAX_ROWS, "size": megabytes(settings.IMPORT_MAX_BYTES)}

    def clean_import_file(self):
        file = self.cleaned_data["import_file"]
        if file.size > settings.IMPORT_MAX_BYTES:
            raise ValidationError(
                _("The file is %(size)s; files may be at most %(limit)s."),
                params={
                    "size": megabytes(file.size),
                    "limit": megabytes(settings.IMPORT_MAX_BYTES),
                },
            )
        return file


@admin.register(ServiceItem)
class ServiceItemAdmin(ImportExportMixin, SimpleHistoryAdmin):
    resource_classes = [ServiceItemResource]
    import_form_class = CatalogImportForm

    def export_action(self, request):
        # File names follow the one export scheme: 事项清单_2026-11-28.xlsx (RFC 5987).
        response = super().export_action(request)
        if response.has_header("Content-Disposition"):
            ext = "csv" if response["Content-Type"].startswith("text/csv") else "xlsx"
            exports.attach(response, exports.filename("事项清单", ext))
        return response

    list_display = [
        "code",
        "name",
        "category",
        "promised_days",
        "handled_here",
        "status",
        "updated_at",
    ]
    list_filter = ["status", "category", "handled_here"]
    search_fields = ["name", "code", "search_text"]
    filter_horizontal = ["counters"]
    inlines = [MaterialInline, StepInline, FeeInline]

    class Media:
        css = {"all": ["css/admin.css"]}  # NARROW's widths: no inline styles under the CSP

    def get_import_formats(self) -> list:
        return [CatalogXLSX, CatalogCSV]  # same order as IMPORT_EXPORT_FORMATS

    def add_data_read_fail_error_to_form(self, form, e) -> None:
        """The file could not be read: say why in words a supervisor can act on, not
        the library's "'BadZipFile' encountered while trying to read file"."""
        if isinstance(e, TooManyRows):
            message = _(
                "The file has more than %(rows)s rows; at most %(rows)s rows can be imported "
                "at once. Split it into several files and import them one after another."
            ) % {"rows": settings.IMPORT_MAX_ROWS}
        elif isinstance(e, UnicodeDecodeError):
            message = _(
                "The text of this CSV file could not be read. Save it from Excel as "
                '"CSV UTF-8" and upload it again.'
            )
        else:
            message = _(
                "The file is damaged, incomplete, or not of the chosen format. Open it in "
                "Excel, save it again as a workbook (.xlsx) or CSV, choose that format and "
                "upload it again."
            )
        form.add_error("import_file", message)

    def get_export_filename(self, request, queryset, file_format) -> str:
        return f"办事指南-{timezone.localdate():%Y-%m-%d}.{file_format.get_extension()}"

    list_select_related = ["category"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "code",
                    "name",
                    "keywords",
                    "category",
                    "status",
                    "effective_date",
                    "summary",
                ]
            },
        ),
        (
            _("Requirements"),
            {"fields": ["legal_basis", "conditions", "promised_days", "statutory_days"]},
        ),
        (
            _("Where it is handled"),
            {
                "fields": [
                    "handled_here",
                    "counters",
                    "unit_name",
                    "unit_address",
                    "unit_phone",
                    "consultation_phone",
                ]
            },
        ),
    ]


@admin.register(Rule)
class RuleAdmin(SimpleHistoryAdmin):
    list_display = ["title", "code", "effective_date", "is_published", "updated_at"]
    list_filter = ["is_published"]
    search_fields = ["title", "body"]


@admin.register(Notice)
class NoticeAdmin(SimpleHistoryAdmin):
    list_display = ["title", "publish_from", "publish_until"]
    date_hierarchy = "publish_from"


@admin.register(PublishedResult)
class PublishedResultAdmin(SimpleHistoryAdmin):
    list_display = ["case_number", "item", "applicant", "completed_on", "on_time"]
    list_filter = ["on_time"]
    date_hierarchy = "completed_on"

    # Written by the intake app when a case completes; not edited by hand.
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
