"""The catalog as a workbook (django-import-export): one row per service item.

Lists that belong to an item are cells with one entry per line, parts separated by
"；" so a supervisor can edit them in Excel:
  申请材料  名称；原件|复印件|原件及复印件；份数；备注
  办理流程  步骤；说明
  收费      项目；标准；依据   (empty: 不收费)
"""

import csv
import io
import re
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation
from import_export import fields, resources, widgets
from import_export.formats import base_formats

from disclosure.models import Category, Fee, Material, ServiceItem, Step
from servicecenter import exports
from staff.models import Counter

FORMS = {
    label: value
    for value, label in [
        (Material.Form.ORIGINAL, "原件"),
        (Material.Form.COPY, "复印件"),
        (Material.Form.BOTH, "原件及复印件"),
    ]
}
FORM_LABELS = {value: label for label, value in FORMS.items()}
SEPARATOR = "；"


class TooManyRows(Exception):
    """The file has more rows than one import may check (settings.IMPORT_MAX_ROWS)."""


def limited(rows):
    """The data rows, refused once past settings.IMPORT_MAX_ROWS: counted while reading,
    so a huge file is turned away long before a worker would time out checking it."""
    limit = settings.IMPORT_MAX_ROWS
    filled = 0
    for number, row in enumerate(rows, start=1):
        filled += any(value not in (None, "") for value in row)
        if filled > limit or number > 10 * limit:  # formatted blank rows count too, in bulk
            raise TooManyRows(limit)
        yield row


ROW_TAG = re.compile(rb"<(?:\w+:)?row[\s>/]")
VALUE_TAG = re.compile(rb"<(?:\w+:)?(?:v|is)>")
SHEET_XML_LIMIT = 200 * 1024 * 1024  # no 2,000-row catalog comes near; a zip bomb would


def check_sheet_sizes(content: bytes) -> None:
    """Refuse a workbook whose sheets hold too many rows with values, from the sheets' XML.

    openpyxl reads a sheet saved without a <dimension> (as some tools write it) to its end
    before the first row is returned; counting rows in the raw XML is far quicker.
    """
    limit = settings.IMPORT_MAX_ROWS
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        for name in archive.namelist():
            if not (name.startswith("xl/worksheets/") and name.endswith(".xml")):
                continue
            with archive.open(name) as sheet:
                xml = sheet.read(SHEET_XML_LIMIT + 1)
            if len(xml) > SHEET_XML_LIMIT:
                raise TooManyRows(limit)
            filled = sum(1 for row in ROW_TAG.split(xml)[1:] if VALUE_TAG.search(row))
            if filled - 1 > limit:  # the header row is not counted
                raise TooManyRows(limit)


class CatalogXLSX(base_formats.XLSX):
    """The catalog workbook's first sheet, refused once it passes the row limit."""

    def create_dataset(self, in_stream):
        import openpyxl
        import tablib

        check_sheet_sizes(in_stream)
        book = openpyxl.load_workbook(io.BytesIO(in_stream), read_only=True, data_only=True)
        try:
            rows = book.active.iter_rows(values_only=True)
            dataset = tablib.Dataset()
            dataset.headers = list(next(rows, []))
            for row in limited(rows):
                dataset.append(list(row))
        finally:
            book.close()
        return dataset


class CatalogCSV(base_formats.CSV):
    """A CSV as Excel saves it: UTF-8 (with or without BOM) or, from Chinese Excel's
    plain "CSV", GBK/GB18030. Read as bytes so this class, not a fixed setting, decodes."""

    def is_binary(self) -> bool:
        return True

    def get_read_mode(self) -> str:
        return "rb"

    def create_dataset(self, in_stream, **kwargs):
        if isinstance(in_stream, bytes):
            try:
                in_stream = in_stream.decode("utf-8-sig")
            except UnicodeDecodeError:
                in_stream = in_stream.decode("gb18030")  # GB18030 is a superset of GBK
        rows = csv.reader(io.StringIO(in_stream))
        next(rows, None)  # the header
        for _row in limited(rows):
            pass
        return super().create_dataset(in_stream, **kwargs)


LIST_FIELDS = {"materials", "steps", "fees", "counters"}
LIST_KEYS = {
    "materials": ["name", "form", "copies", "notes"],
    "steps": ["title", "description"],
    "fees": ["name", "standard", "basis"],
}


def current_rows(item: ServiceItem, attribute: str) -> list[dict]:
    """An item's materials, steps or fees as the workbook's cells describe them."""
    if item.pk is None:
        return []
    keys = LIST_KEYS[attribute]
    return [{key: getattr(row, key) for key in keys} for row in getattr(item, attribute).all()]


def materials_update(item: ServiceItem, materials: list[dict]) -> None:
    """Update materials in place, matched by name, so an uploaded blank form stays."""
    existing = {material.name: material for material in item.materials.all()}
    for order, values in enumerate(materials, start=1):
        material = existing.pop(values["name"], None) or Material(item=item)
        changed = {**values, "order": order}
        if any(getattr(material, key, None) != value for key, value in changed.items()):
            for key, value in changed.items():
                setattr(material, key, value)
            material.save()
    for gone in existing.values():
        gone.delete()


def saved_rows(manager) -> list:
    """A related list, or nothing for an item not saved yet (the import's diff asks)."""
    return list(manager.all()) if manager.instance.pk else []


def split_lines(value) -> list[list[str]]:
    lines = [line.strip() for line in str(value or "").replace("\r", "").split("\n")]
    return [
        [part.strip() for part in line.replace(";", SEPARATOR).split(SEPARATOR)]
        for line in lines
        if line
    ]


class MaterialsWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs) -> list[dict]:
        materials = []
        for number, parts in enumerate(split_lines(value), start=1):
            if len(parts) < 3 or not parts[0]:
                raise ValueError(f"第{number}行应为“名称；原件或复印件；份数；备注”")
            if parts[1] not in FORMS:
                raise ValueError(f"第{number}行“{parts[1]}”应为原件、复印件或原件及复印件")
            if not parts[2].isdigit() or int(parts[2]) < 1:
                raise ValueError(f"第{number}行的份数“{parts[2]}”应为正整数")
            notes = SEPARATOR.join(parts[3:])
            materials.append(
                {"name": parts[0], "form": FORMS[parts[1]], "copies": int(parts[2]), "notes": notes}
            )
        if not materials:
            raise ValueError("至少要有一项申请材料")
        return materials

    def render(self, value, obj=None, **kwargs) -> str:
        return "\n".join(
            SEPARATOR.join([m.name, FORM_LABELS[m.form], str(m.copies), m.notes]).rstrip(SEPARATOR)
            for m in saved_rows(value)
        )


class StepsWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs) -> list[dict]:
        steps = [
            {"title": parts[0], "description": SEPARATOR.join(parts[1:])}
            for parts in split_lines(value)
        ]
        if not steps:
            raise ValueError("至少要有一个办理步骤")
        return steps

    def render(self, value, obj=None, **kwargs) -> str:
        return "\n".join(
            SEPARATOR.join([s.title, s.description]).rstrip(SEPARATOR) for s in saved_rows(value)
        )


class FeesWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs) -> list[dict]:
        if str(value or "").strip() in {"", "不收费"}:
            return []
        fees = []
        for number, parts in enumerate(split_lines(value), start=1):
            if len(parts) != 3 or not all(parts):
                raise ValueError(f"第{number}行应为“项目；标准；依据”，不收费请留空或填“不收费”")
            fees.append({"name": parts[0], "standard": parts[1], "basis": parts[2]})
        return fees

    def render(self, value, obj=None, **kwargs) -> str:
        rows = [SEPARATOR.join([f.name, f.standard, f.basis]) for f in saved_rows(value)]
        return "\n".join(rows) or "不收费"


class ChoiceLabelWidget(widgets.Widget):
    """Accepts a choice's value or its Chinese label; writes the Chinese label."""

    def __init__(self, choices, **kwargs):
        self.choices = choices
        super().__init__(**kwargs)

    def labels(self) -> dict[str, str]:
        with translation.override("zh-hans"):
            return {str(label): value for value, label in self.choices}

    def clean(self, value, row=None, **kwargs):
        text = str(value or "").strip()
        labels = self.labels()
        if text in labels.values():
            return text
        if text in labels:
            return labels[text]
        raise ValueError(f"“{text}”不是有效的选项，可选：{'、'.join(labels)}")

    def render(self, value, obj=None, **kwargs) -> str:
        return {v: label for label, v in self.labels().items()}.get(value, value)


class CategoryWidget(widgets.ForeignKeyWidget):
    def __init__(self):
        super().__init__(Category, "code")

    def clean(self, value, row=None, **kwargs):
        code = str(value or "").strip()
        category = Category.objects.filter(code=code).first()
        if category is None:
            codes = "、".join(Category.objects.values_list("code", flat=True))
            raise ValueError(f"分类编码“{code}”不存在，可选：{codes}")
        return category


class CountersWidget(widgets.ManyToManyWidget):
    def __init__(self):
        super().__init__(Counter, separator=",", field="number")

    def clean(self, value, row=None, **kwargs):
        text = str(value or "").replace("，", ",").replace("、", ",")
        wanted = [part.strip() for part in text.split(",") if part.strip()]
        if not all(part.isdigit() for part in wanted):
            raise ValueError(f"办理窗口“{value}”应为窗口号，用逗号分隔，如 2,3")
        counters = list(Counter.objects.filter(number__in=wanted))
        missing = set(map(int, wanted)) - {counter.number for counter in counters}
        if missing:
            raise ValueError(f"没有{'、'.join(map(str, sorted(missing)))}号窗口")
        return counters


class YesNoWidget(widgets.Widget):
    YES, NO = {"是", "1", "true", "True", "TRUE"}, {"否", "0", "false", "False", "FALSE"}

    def clean(self, value, row=None, **kwargs) -> bool:
        text = str(value).strip() if value is not None else ""
        if isinstance(value, bool):
            return value
        if text in self.YES:
            return True
        if text in self.NO:
            return False
        raise ValueError(f"“{text}”应填“是”或“否”")

    def render(self, value, obj=None, **kwargs) -> str:
        return "是" if value else "否"


class DaysWidget(widgets.IntegerWidget):
    def clean(self, value, row=None, **kwargs) -> int | None:
        text = str(value if value is not None else "").strip()
        if text == "":
            return None
        try:
            number = float(text)
        except ValueError:
            raise ValueError(f"“{text}”应为工作日天数（整数）") from None
        if number != int(number) or number < 0:
            raise ValueError(f"“{text}”应为不小于0的整数")
        return int(number)


class DayWidget(widgets.DateWidget):
    def __init__(self):
        super().__init__("%Y-%m-%d")

    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(value, row=row, **kwargs)
        except ValueError:
            raise ValueError(f"日期“{value}”应写成 2026-01-31 的格式") from None


def text(attribute: str, column: str) -> fields.Field:
    return fields.Field(attribute, column, widgets.CharWidget(allow_blank=True))


class ServiceItemResource(resources.ModelResource):
    code = text("code", "事项编码")
    name = text("name", "事项名称")
    category = fields.Field("category", "分类编码", CategoryWidget())
    summary = text("summary", "简介")
    legal_basis = text("legal_basis", "设定依据")
    conditions = text("conditions", "受理条件")
    materials = fields.Field("materials", "申请材料", MaterialsWidget())
    steps = fields.Field("steps", "办理流程", StepsWidget())
    promised_days = fields.Field("promised_days", "承诺时限（工作日，0为即办）", DaysWidget())
    statutory_days = fields.Field("statutory_days", "法定时限（工作日）", DaysWidget())
    fees = fields.Field("fees", "收费", FeesWidget())
    handled_here = fields.Field("handled_here", "本中心办理", YesNoWidget())
    counters = fields.Field("counters", "办理窗口", CountersWidget())
    unit_name = text("unit_name", "承办单位")
    unit_address = text("unit_address", "承办单位地址")
    unit_phone = text("unit_phone", "承办单位电话")
    consultation_phone = text("consultation_phone", "咨询电话")
    status = fields.Field("status", "状态", ChoiceLabelWidget(ServiceItem.Status.choices))
    effective_date = fields.Field("effective_date", "生效日期", DayWidget())
    # Last, so workbooks made before it still import (a missing column is left alone).
    keywords = text("keywords", "关键词")

    class Meta:
        model = ServiceItem
        import_id_fields = ["code"]
        fields = [
            "code",
            "name",
            "category",
            "summary",
            "legal_basis",
            "conditions",
            "materials",
            "steps",
            "promised_days",
            "statutory_days",
            "fees",
            "handled_here",
            "counters",
            "unit_name",
            "unit_address",
            "unit_phone",
            "consultation_phone",
            "status",
            "effective_date",
            "keywords",
        ]
        export_order = fields
        skip_unchanged = True
        report_skipped = False
        clean_model_instances = True  # run ServiceItem.clean() and field validators
        use_transactions = True

    def after_export(self, queryset, dataset, **kwargs):
        # The one export rule: a cell starting with = + - @ … gets a leading ' (no live formula).
        exports.neutralize_dataset(dataset)

    def before_import(self, dataset, **kwargs):
        # A workbook exported here imports again as it was: the leading ' comes off.
        exports.restore_dataset(dataset)
        return super().before_import(dataset, **kwargs)

    def import_instance(self, instance, row, **kwargs):
        # django-import-export checks many-to-many cells only after saving; check the
        # counters now so the preview reports every bad cell of the row at once.
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as exc:
            errors = exc.error_dict
        try:
            self.fields["counters"].clean(row)
        except ValueError as exc:
            errors["counters"] = [ValidationError(str(exc), code="invalid")]
        if errors:
            raise ValidationError(errors)

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        # The list cells are kept aside and written after the item is saved.
        if field.attribute in {"materials", "steps", "fees"}:
            value = row.get(field.column_name)
            instance._pending = getattr(instance, "_pending", {})
            instance._pending[field.attribute] = field.widget.clean(value, row=row)
            return
        super().import_field(field, instance, row, is_m2m=is_m2m, **kwargs)

    def skip_row(self, instance, original, row, import_validation_errors=None) -> bool:
        """A row that changes nothing is skipped (and not shown in the preview), so
        re-importing an exported workbook rewrites nothing."""
        if import_validation_errors or original is None or original.pk is None:
            return False
        pending = getattr(instance, "_pending", {})
        if any(rows != current_rows(original, name) for name, rows in pending.items()):
            return False
        wanted = {counter.pk for counter in self.fields["counters"].clean(row) or []}
        if wanted != {counter.pk for counter in original.counters.all()}:
            return False
        simple = [f for f in self.get_import_fields() if f.attribute not in LIST_FIELDS]
        return all(f.get_value(instance) == f.get_value(original) for f in simple)

    def after_save_instance(self, instance, row, **kwargs):
        pending = getattr(instance, "_pending", {})
        if "materials" in pending:
            materials_update(instance, pending["materials"])
        for attribute, model in [("steps", Step), ("fees", Fee)]:
            if attribute not in pending or pending[attribute] == current_rows(instance, attribute):
                continue
            # Saved one by one, not in bulk, so each row keeps its history.
            getattr(instance, attribute).all().delete()
            for order, values in enumerate(pending[attribute], start=1):
                extra = {"order": order} if model is Step else {}
                model.objects.create(item=instance, **values, **extra)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        # Name the workbook's column, not the model field, in the preview's messages.
        try:
            super().validate_instance(instance, import_validation_errors, validate_unique)
        except ValidationError as exc:
            columns = {field.attribute: field.column_name for field in self.get_import_fields()}
            raise ValidationError(
                {columns.get(name, name): errors for name, errors in exc.error_dict.items()}
            ) from None

    def import_data(self, dataset, **kwargs):
        # 全部或全不: one bad row and nothing of the workbook is imported.
        kwargs.setdefault("rollback_on_validation_errors", True)
        return super().import_data(dataset, **kwargs)
