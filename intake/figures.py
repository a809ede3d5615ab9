"""Queue figures for one day: per category, counter and clerk."""

import statistics
from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _

from intake.models import Ticket
from servicecenter import exports


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


def day_figures(day: date) -> dict[str, list[Row]]:
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
            "clerk": _clerk_name(ticket) if ticket.clerk else _("Not called"),
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


def _clerk_name(ticket: Ticket) -> str:
    profile = getattr(ticket.clerk, "staff_profile", None)
    return profile.name if profile else ticket.clerk.get_username()


def day_sheets(day: date) -> list[exports.Sheet]:
    """The day's figures for Excel: one sheet per table (category, counter, clerk)."""
    Column, Kind = exports.Column, exports.Kind
    titles = {"category": _("By category"), "counter": _("By counter"), "clerk": _("By clerk")}
    sheets = []
    for name, rows in day_figures(day).items():
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
