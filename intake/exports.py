"""The ledger's and the reports' sheets for CSV and Excel; the generic writer is
servicecenter.exports."""

from datetime import date

from django.db.models import BooleanField, ExpressionWrapper, QuerySet
from django.utils.translation import gettext as _

from disclosure.models import ServiceItem
from intake import reports
from intake.models import Case, Consultation
from servicecenter import exports
from servicecenter.personal import mask_name, mask_phone
from staff.names import display_names

# Columns of the ledger's exports, read from plain rows (values_list): no model object,
# no join per row. Item and clerk names come from two small lookups made once.
LEDGER_FIELDS = (
    "number",
    "item_id",
    "mode",
    "stage",
    "applicant_name",
    "received_at",
    "due_date",
    "completed_at",
    "first_clerk_id",
    "handler_id",
)


def ledger_sheet(cases: QuerySet[Case], *, times_as_text: bool = False) -> exports.Sheet:
    """The ledger's rows; ``times_as_text`` for a CSV: the database writes the times as the
    CSV shows them (exports.LocalMinute), the cell is that text."""
    items = dict(ServiceItem.objects.values_list("pk", "name"))
    people = display_names()
    modes = {value: str(label) for value, label in Case.Mode.choices}
    stages = {value: str(label) for value, label in Case.Stage.choices}

    def on_time(row) -> str:
        return "" if row[7] is None else "是" if row[10] else "否"

    Column, Kind, at = exports.Column, exports.Kind, exports.at
    time_kind = Kind.TEXT if times_as_text else Kind.DATETIME
    columns = [
        Column("办件编号", at(0)),
        Column("事项", lambda row: items.get(row[1], "")),
        Column("办理方式", lambda row: modes.get(row[2], row[2])),
        Column("环节", lambda row: stages.get(row[3], row[3])),
        Column("申请人", lambda row: mask_name(row[4])),  # 保密制度: masked
        Column("受理时间", at(5), time_kind),
        Column("承诺办结日期", at(6), Kind.DATE),
        Column("办结时间", at(7), time_kind),
        Column("按时办结", on_time),
        Column("首问负责人", lambda row: people.get(row[8], "")),
        Column("承办人", lambda row: people.get(row[9], "")),
    ]
    # Fetched in large chunks (a server-side cursor on PostgreSQL): a year never sits in memory.
    # On time (Case.completed_by_due) judged by the database, as the reports count it: no
    # conversion to the center's day in Python for every row of a year.
    on_time_sql = ExpressionWrapper(Case.ON_TIME, output_field=BooleanField())
    fields = LEDGER_FIELDS
    if times_as_text:
        times = {"received_at": "received_text", "completed_at": "completed_text"}
        cases = cases.annotate(**{text: exports.LocalMinute(f) for f, text in times.items()})
        fields = tuple(times.get(field, field) for field in LEDGER_FIELDS)
    rows = (
        cases.annotate(on_time_sql=on_time_sql)
        .values_list(*fields, "on_time_sql")
        .iterator(chunk_size=5000)
    )
    return exports.Sheet("台帐", columns, rows)


def day_sheets(day: date) -> list[exports.Sheet]:
    """The day's figures for Excel: one sheet per table (category, counter, clerk)."""
    Column, Kind = exports.Column, exports.Kind
    titles = {"category": _("By category"), "counter": _("By counter"), "clerk": _("By clerk")}
    sheets = []
    for name, rows in reports.day_figures(day).items():
        columns = [
            Column(titles[name], lambda row: row.label),
            Column(_("Tickets"), lambda row: row.tickets, Kind.NUMBER),
            Column(_("Average wait (min)"), lambda row: row.avg_wait, Kind.NUMBER),
            Column(_("90% waited at most (min)"), lambda row: row.p90_wait, Kind.NUMBER),
            Column(_("Average service (min)"), lambda row: row.avg_service, Kind.NUMBER),
            Column(_("No-shows"), lambda row: row.no_shows, Kind.NUMBER),
        ]
        sheets.append(exports.Sheet(titles[name], columns, rows))
    return sheets


def report_rows_sheet(title: str, figures: dict) -> exports.Sheet:
    """每天统计汇总 (or a period's) per service item: a row per item, as on the page."""
    Column, Kind = exports.Column, exports.Kind

    def get(key):
        return lambda row: row.get(key)

    columns = [
        Column("事项", get("item")),
        Column("受理", get("received"), Kind.NUMBER),
        Column("即办件", get("immediate"), Kind.NUMBER),
        Column("承诺件", get("promised"), Kind.NUMBER),
        Column("代办/协办", get("proxy"), Kind.NUMBER),
        Column("办结", get("completed"), Kind.NUMBER),
        Column("按时率", get("on_time_rate"), Kind.PERCENT),
        Column("超期", get("overdue"), Kind.NUMBER),
        # Empty when nothing was completed, as the page's "—"; 0 only when it was 0 days.
        Column("平均办理天数", get("handling_days"), Kind.NUMBER),
    ]
    return exports.Sheet(title, columns, figures["rows"])


def report_lines_sheet(figures: dict) -> exports.Sheet:
    """The report's lines (every app's figures), one per row, as on the page."""
    Column, Kind = exports.Column, exports.Kind
    columns = [
        Column("指标", lambda line: line["label"]),
        Column("数值", lambda line: line["value"], Kind.NUMBER),
        Column("代码", lambda line: line["key"]),
    ]
    return exports.Sheet("汇总", columns, figures["lines"])


def report_series_sheet(figures: dict) -> exports.Sheet:
    Column, Kind = exports.Column, exports.Kind
    columns = [
        Column("日期", lambda row: row["label"]),
        Column("受理", lambda row: row["received"], Kind.NUMBER),
        Column("办结", lambda row: row["completed"], Kind.NUMBER),
    ]
    return exports.Sheet("走势", columns, figures["series"])


CONSULTATION_FIELDS = (
    "asked_at",
    "channel",
    "matter",
    "item_id",
    "question",
    "clerk_id",
    "answer_by",
    "escalated_to_id",
    "instruction",
    "answer",
    "answered_at",
    "legal_outcome",
    "legal_aid_unit",
    "name",
    "phone",
)


def consultation_sheet(questions: QuerySet) -> exports.Sheet:
    """咨询登记台帐: one row per question, the resident's name and phone masked."""
    items = dict(ServiceItem.objects.values_list("pk", "name"))
    people = display_names()
    channels = {value: str(label) for value, label in Consultation.Channel.choices}
    outcomes = {value: str(label) for value, label in Consultation.LegalOutcome.choices}
    Column, Kind, at = exports.Column, exports.Kind, exports.at
    columns = [
        Column("咨询时间", at(0), Kind.DATETIME),
        Column("咨询方式", lambda row: channels.get(row[1], row[1])),
        Column("咨询事项", at(2)),
        Column("相关事项", lambda row: items.get(row[3], "")),
        Column("咨询内容", at(4)),
        Column("首问负责人", lambda row: people.get(row[5], "")),
        Column("答复期限", at(6), Kind.DATE),
        Column("请示对象", lambda row: people.get(row[7], "")),
        Column("领导批示", at(8)),
        Column("答复内容", at(9)),
        Column("答复时间", at(10), Kind.DATETIME),
        Column("法律咨询结果", lambda row: outcomes.get(row[11], "")),
        Column("法律援助单位", at(12)),
        Column("群众", lambda row: mask_name(row[13])),  # 保密制度: masked
        Column("电话", lambda row: mask_phone(row[14])),
    ]
    rows = questions.order_by("-asked_at", "-pk").values_list(*CONSULTATION_FIELDS)
    return exports.Sheet("咨询登记", columns, rows.iterator(chunk_size=5000))
