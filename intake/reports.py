"""Every figure about the center's work: the ledger's filters, the day's queue figures
(per category, counter and clerk) and the day's statistics reported upward (每天统计汇总)."""

import datetime as dt
import statistics
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from intake.models import Case, Ticket
from servicecenter.dates import day_bounds, local_datetime
from staff.names import display_name


def ledger_filter(cases: QuerySet[Case], data: dict) -> QuerySet[Case]:
    if data.get("date_from"):
        cases = cases.filter(received_at__gte=local_datetime(data["date_from"]))
    if data.get("date_to"):
        cases = cases.filter(received_at__lt=local_datetime(data["date_to"] + dt.timedelta(days=1)))
    if data.get("item"):
        cases = cases.filter(item=data["item"])
    if data.get("clerk"):
        cases = cases.filter(Q(handler=data["clerk"]) | Q(first_clerk=data["clerk"]))
    if data.get("stage"):
        cases = cases.filter(stage=data["stage"])
    if data.get("mode"):
        cases = cases.filter(mode=data["mode"])
    if data.get("overdue"):
        cases = cases.overdue()
    return cases


@dataclass
class Row:
    label: str
    tickets: int = 0
    no_shows: int = 0
    waits: list[float] = field(default_factory=list)
    services: list[float] = field(default_factory=list)
    bar_avg: int = 0
    bar_p90: int = 0

    @property
    def avg_wait(self) -> float | None:
        return round(statistics.mean(self.waits) / 60, 1) if self.waits else None

    @property
    def p90_wait(self) -> float | None:
        if not self.waits:
            return None
        if len(self.waits) == 1:
            return round(self.waits[0] / 60, 1)
        return round(statistics.quantiles(self.waits, n=10, method="inclusive")[-1] / 60, 1)

    @property
    def avg_service(self) -> float | None:
        return round(statistics.mean(self.services) / 60, 1) if self.services else None


def day_figures(day: dt.date) -> dict[str, list[Row]]:
    """Tickets, average and 90th-percentile wait, average service time and no-shows."""
    tables: dict[str, dict[str, Row]] = {
        "category": {},
        "counter": {},
        "clerk": {},
    }
    tickets = Ticket.objects.filter(day=day).select_related(
        "category", "counter", "clerk__staff_profile"
    )
    for ticket in tickets:
        keys = {
            # The category it was served in (a transferred ticket keeps its old letter).
            "category": f"{ticket.category.prefix} {ticket.category.name}",
            "counter": str(ticket.counter) if ticket.counter else _("Not called"),
            "clerk": display_name(ticket.clerk) if ticket.clerk else _("Not called"),
        }
        for table, key in keys.items():
            row = tables[table].setdefault(key, Row(key))
            row.tickets += 1
            row.no_shows += ticket.status == Ticket.Status.NO_SHOW
            if ticket.wait_seconds is not None:
                row.waits.append(ticket.wait_seconds)
            if ticket.service_seconds is not None:
                row.services.append(ticket.service_seconds)
    not_called = _("Not called")
    result = {
        name: sorted(rows.values(), key=lambda r: (r.label == not_called, r.label))
        for name, rows in tables.items()
    }
    # Bar lengths for the chart, relative to the longest 90th-percentile wait.
    longest = max((row.p90_wait or 0 for row in result["category"]), default=0) or 1
    for row in result["category"]:
        row.bar_avg = round(100 * (row.avg_wait or 0) / longest)
        row.bar_p90 = round(100 * (row.p90_wait or 0) / longest)
    return result


def day_statistics(day: dt.date) -> dict:
    """每天统计汇总: per item, the day's cases by mode, completions, on-time rate, overdue,
    average handling days; and the queue's tickets and waits."""
    start, end = day_bounds(day)
    received = (
        Case.objects.filter(received_at__gte=start, received_at__lt=end)
        .values("item__name")
        .annotate(
            total=Count("pk"),
            immediate=Count("pk", filter=Q(mode=Case.Mode.IMMEDIATE)),
            promised=Count("pk", filter=Q(mode=Case.Mode.PROMISED)),
            proxy=Count("pk", filter=Q(mode=Case.Mode.PROXY)),
        )
    )
    # order_by(): the model's default order (newest first) would sort rows only summed here.
    completed = (
        Case.objects.filter(completed_at__gte=start, completed_at__lt=end)
        .order_by()
        .values_list("item__name", "received_at", "completed_at", "due_date")
    )
    overdue = (
        # due_date < day already means received before the day (a case is never due before
        # it is received); a received_at condition would steer SQLite to the wrong index.
        Case.objects.overdue(day).values("item__name").annotate(n=Count("pk"))
    )
    rows: dict[str, dict] = defaultdict(lambda: defaultdict(int))
    for row in received:
        rows[row["item__name"]].update(row)
    done = defaultdict(list)
    for name, received_at, completed_at, due in completed:
        done[name].append((received_at, completed_at, due))
    for name, cases in done.items():
        row = rows[name]
        row["completed"] = len(cases)
        on_time = sum(Case.completed_by_due(c, due) for _r, c, due in cases)
        row["on_time_rate"] = round(100 * on_time / len(cases), 1)
        row["handling_days"] = round(
            statistics.mean((c - r).total_seconds() / 86400 for r, c, _d in cases), 1
        )
    for row in overdue:
        rows[row["item__name"]]["overdue"] = row["n"]
    # The queue's part comes from the day's queue figures: one place counts tickets.
    by_category = day_figures(day)["category"]
    waits = [seconds / 60 for row in by_category for seconds in row.waits]
    table = [{"item": name, **values} for name, values in sorted(rows.items())]
    longest = max((row.get("total", 0) for row in table), default=0) or 1
    for row in table:
        row["bar"] = round(100 * row.get("total", 0) / longest)
    return {
        "rows": table,
        "tickets": sum(row.tickets for row in by_category),
        "average_wait": round(statistics.mean(waits), 1) if waits else None,
        "cases": sum(row.get("total", 0) for row in table),
        "completed": sum(row.get("completed", 0) for row in table),
    }
