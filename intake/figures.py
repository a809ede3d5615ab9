"""Queue figures for one day: per category, counter and clerk."""

import statistics
from dataclasses import dataclass, field
from datetime import date

import tablib
from django.utils.translation import gettext as _

from intake.models import Ticket


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


def day_workbook(day: date) -> bytes:
    headers = [
        _("Tickets"),
        _("Average wait (min)"),
        _("90% waited at most (min)"),
        _("Average service (min)"),
        _("No-shows"),
    ]
    titles = {"category": _("By category"), "counter": _("By counter"), "clerk": _("By clerk")}
    book = tablib.Databook()
    for name, rows in day_figures(day).items():
        sheet = tablib.Dataset(headers=[titles[name], *headers], title=titles[name])
        for row in rows:
            sheet.append(
                [row.label, row.tickets, row.avg_wait, row.p90_wait, row.avg_service, row.no_shows]
            )
        book.add_sheet(sheet)
    return book.export("xlsx")
