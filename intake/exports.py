"""The ledger's and the reports' sheets for CSV and Excel; the generic writer is
servicecenter.exports."""

from datetime import date

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from disclosure.models import ServiceItem
from intake import reports
from intake.models import Case
from servicecenter import exports
from servicecenter.personal import mask_name
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


def ledger_sheet(cases: QuerySet[Case]) -> exports.Sheet:
    items = dict(ServiceItem.objects.values_list("pk", "name"))
    people = display_names()
    modes = {value: str(label) for value, label in Case.Mode.choices}
    stages = {value: str(label) for value, label in Case.Stage.choices}

    def on_time(row) -> str:
        done = Case.completed_by_due(row[7], row[6])
        return "" if done is None else "是" if done else "否"

    Column, Kind, at = exports.Column, exports.Kind, exports.at
    columns = [
        Column("办件编号", at(0)),
        Column("事项", lambda row: items.get(row[1], "")),
        Column("办理方式", lambda row: modes.get(row[2], row[2])),
        Column("环节", lambda row: stages.get(row[3], row[3])),
        Column("申请人", lambda row: mask_name(row[4])),  # 保密制度: masked
        Column("受理时间", at(5), Kind.DATETIME),
        Column("承诺办结日期", at(6), Kind.DATE),
        Column("办结时间", at(7), Kind.DATETIME),
        Column("按时办结", on_time),
        Column("首问负责人", lambda row: people.get(row[8], "")),
        Column("承办人", lambda row: people.get(row[9], "")),
    ]
    # Fetched in large chunks (a server-side cursor on PostgreSQL): a year never sits in memory.
    rows = cases.values_list(*LEDGER_FIELDS).iterator(chunk_size=5000)
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


def daily_sheet(day: date, stats: dict) -> exports.Sheet:
    """每天统计汇总 as one sheet: a row per item."""
    Column, Kind = exports.Column, exports.Kind

    def get(key, default=None):
        return lambda row: row.get(key, default)

    columns = [
        Column("事项", get("item")),
        Column("受理", get("total", 0), Kind.NUMBER),
        Column("即办件", get("immediate", 0), Kind.NUMBER),
        Column("承诺件", get("promised", 0), Kind.NUMBER),
        Column("代办/协办", get("proxy", 0), Kind.NUMBER),
        Column("办结", get("completed", 0), Kind.NUMBER),
        Column("按时率", get("on_time_rate"), Kind.PERCENT),
        Column("超期", get("overdue", 0), Kind.NUMBER),
        Column("平均办理天数", get("handling_days"), Kind.NUMBER),
    ]
    return exports.Sheet(f"{day:%Y-%m-%d}", columns, stats["rows"])
