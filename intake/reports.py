"""Every figure about the center's work: the ledger's filters, the day's queue figures
(per category, counter and clerk) and the report's figures (每天统计汇总, monthly and
quarterly): each figure is defined once here, and the day page, its Excel, the period
reports and the public results page (through servicecenter.figures) all read it."""

import datetime as dt
import statistics
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, DurationField, F, Q, QuerySet, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from intake.models import (
    Case,
    CaseNotice,
    Consultation,
    DayReport,
    DayReportAmendment,
    Ticket,
)
from servicecenter.dates import day_bounds, local_datetime
from servicecenter.figures import Figure, provide
from servicecenter.history import save_step
from servicecenter.personal import mask_name
from servicecenter.roles import is_manager
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
    if data.get("open"):
        cases = cases.open()
    if data.get("overdue"):
        cases = cases.overdue()
    return cases


# The ledger page's columns as plain values, as the exports read theirs (intake.exports): no
# model object, no lazy label resolved per row; the item and clerks' names come joined in.
LEDGER_PAGE_FIELDS = (
    "number",
    "item__name",
    "mode",
    "stage",
    "applicant_name",
    "received_at",
    "due_date",
    "first_clerk__staff_profile__name",
    "first_clerk__username",
    "handler__staff_profile__name",
    "handler__username",
)


def ledger_rows(cases: QuerySet[Case], start: int, stop: int) -> list[dict]:
    """Rows start..stop of the ledger, ready to show: labels looked up once, the applicant
    masked (保密制度), clerks named as staff.names.display_name names them."""
    modes = {value: str(label) for value, label in Case.Mode.choices}
    stages = {value: str(label) for value, label in Case.Stage.choices}
    today = timezone.localdate()
    rows = []
    for values in cases.values_list(*LEDGER_PAGE_FIELDS)[start:stop]:
        number, item, mode, stage, name, received, due, first, first_user, handler, user = values
        rows.append(
            {
                "number": number,
                "url": reverse("case_detail", args=[number]),
                "item": item,
                "mode": modes.get(mode, mode),
                "stage": stages.get(stage, stage),
                "applicant": mask_name(name),
                # As the date filter writes them ("Y-m-d H:i", "Y-m-d"), a hundred calls fewer.
                "received_at": timezone.localtime(received).strftime("%Y-%m-%d %H:%M"),
                "due_date": due.isoformat(),
                "overdue": Case.overdue_by(stage, due, today),
                "first_clerk": first or first_user,
                "handler": handler or user,
            }
        )
    return rows


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


# -- the report's figures: one definition each ---------------------------------------------

# The label of each figure this app defines, by its stable key (exports and tests use keys).
LABELS = {
    "cases_received": gettext_lazy("cases received"),
    "cases_received_immediate": gettext_lazy("received: done on the spot (即办件)"),
    "cases_received_promised": gettext_lazy("received: promised (承诺件)"),
    "cases_received_proxy": gettext_lazy("received: on the applicant's behalf (代办)"),
    "cases_completed": gettext_lazy("cases completed"),
    "cases_on_time": gettext_lazy("cases completed on time"),
    "cases_on_time_rate": gettext_lazy("On-time rate (%)"),
    "cases_late": gettext_lazy("completed late"),
    "cases_overdue": gettext_lazy("Open cases overdue"),
    "cases_handling_days": gettext_lazy("Average handling days"),
    "consultations": gettext_lazy("Consultations"),
    "consultations_answered": gettext_lazy("consultations answered"),
    "consultations_escalated": gettext_lazy("referred to a supervisor (请示报告)"),
    "consultations_legal": gettext_lazy("legal questions (法律咨询)"),
    "consultations_overdue": gettext_lazy("consultations past their answer-by date"),
    "tickets": gettext_lazy("Tickets issued"),
    "average_wait": gettext_lazy("Average wait (min)"),
}


def _bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """From the start of `start` to the end of `end` (inclusive), in the center's days."""
    return day_bounds(start)[0], day_bounds(end)[1]


def completion(completed: int, on_time: int, handling: dt.timedelta | None) -> dict:
    """Completed, on time, late, on-time rate and average handling days, from the counts and
    the total handling time that completion_counts() sums in SQL: the one definition of each."""
    return {
        "completed": completed,
        "on_time": on_time,
        "late": completed - on_time,
        # None, not 0, when nothing was completed: "no figure" differs from "0 days".
        "on_time_rate": round(100 * on_time / completed, 1) if completed else None,
        "handling_days": round(handling.total_seconds() / completed / 86400, 1)
        if completed
        else None,
    }


def completion_counts(completed: Q, start: dt.date, end: dt.date) -> dict:
    """The aggregates completion() reads, over the cases matching `completed` (completed from
    `start` to `end`): on time as Case.completed_by_due (Case.ON_TIME), handling from
    receipt to completion."""
    # Completed in the period, a case due on its last day or later is on time and one due
    # before its first day late: only those due within it need their completion's date in the
    # center's time zone (on SQLite a Python call a row; for one day, none at all).
    on_time = Q(due_date__gte=end) | (Q(due_date__gte=start) & Case.ON_TIME)
    return {
        "completed": Count("pk", filter=completed),
        "on_time": Count("pk", filter=completed & on_time),
        "handling": Sum(
            F("completed_at") - F("received_at"), filter=completed, output_field=DurationField()
        ),
    }


def _periods(start: dt.date, end: dt.date) -> tuple[Q, Q, Q]:
    """Received in the period, completed in it, and open past the due date at its end (as
    CaseQuerySet.overdue)."""
    low, high = _bounds(start, end)
    return (
        Q(received_at__gte=low, received_at__lt=high),
        Q(completed_at__gte=low, completed_at__lt=high),
        Q(stage__in=Case.OPEN_STAGES, due_date__lt=end + dt.timedelta(days=1)),
    )


def _received(start: dt.date, end: dt.date):
    low, high = _bounds(start, end)
    return Case.objects.filter(received_at__gte=low, received_at__lt=high)


def _completed(start: dt.date, end: dt.date):
    low, high = _bounds(start, end)
    # order_by(): the model's default order (newest first) would sort rows only summed here.
    return Case.objects.filter(completed_at__gte=low, completed_at__lt=high).order_by()


MODES = {"immediate": Case.Mode.IMMEDIATE, "promised": Case.Mode.PROMISED, "proxy": Case.Mode.PROXY}


MODE_NAMES = {mode: name for name, mode in MODES.items()}
NO_CASES = {"received": 0, "overdue": 0, "completed": 0, "on_time": 0, "handling": dt.timedelta()}


def case_counts(start: dt.date, end: dt.date, by: str | None = None) -> dict:
    """Cases received (in all and per mode), overdue at the end, completed, on time and their
    handling time, per value of `by` (key None without it): one query grouped by mode (and
    `by`), each condition an index range, summed here."""
    received, completed, overdue = _periods(start, end)
    grouped = (
        Case.objects.filter(received | completed | overdue)
        .order_by()
        .values(*([by] if by else []), "mode")
        .annotate(
            received=Count("pk", filter=received),
            overdue=Count("pk", filter=overdue),
            **completion_counts(completed, start, end),
        )
    )
    totals: dict = {}
    for row in grouped:
        total = totals.setdefault(row[by] if by else None, {**NO_CASES, **dict.fromkeys(MODES, 0)})
        for key, zero in NO_CASES.items():
            total[key] += row[key] or zero
        if row["mode"] in MODE_NAMES:
            total[MODE_NAMES[row["mode"]]] += row["received"]
    return totals


# A report reads the cases once: its lines (lent through servicecenter.figures, so called
# apart) and its rows per item come from one query grouped by item, kept here while
# day_report or period_report builds the report.
_item_counts_read: ContextVar[dict | None] = ContextVar("item_counts_read", default=None)


@contextmanager
def _one_case_read() -> Iterator[None]:
    token = _item_counts_read.set({})
    try:
        yield
    finally:
        _item_counts_read.reset(token)


def item_counts(start: dt.date, end: dt.date) -> dict:
    """case_counts() per service item's name, read once per report (see _one_case_read)."""
    read = _item_counts_read.get()
    if read is None:
        return case_counts(start, end, "item__name")
    if (start, end) not in read:
        read[start, end] = case_counts(start, end, "item__name")
    return read[start, end]


def _summed(per_item: dict) -> dict:
    """The counts of every item added up: the totals case_counts() gives without `by`."""
    totals = {**NO_CASES, **dict.fromkeys(MODES, 0)}
    for counts in per_item.values():
        for key in totals:
            totals[key] += counts[key]
    return totals


def case_lines(start: dt.date, end: dt.date) -> list[Figure]:
    """Cases received (by mode), completed, on time, late, overdue, handling days; the
    notices given per kind (一次性告知, referrals, 不予受理 and any later kind)."""
    low, high = _bounds(start, end)
    # The per-item counts added up: the rows per item read the same query.
    counts = _summed(item_counts(start, end))
    done = completion(counts["completed"], counts["on_time"], counts["handling"])
    values = {
        "cases_received": counts["received"],
        **{f"cases_received_{name}": counts[name] for name in MODES},
        "cases_completed": done["completed"],
        "cases_on_time": done["on_time"],
        "cases_on_time_rate": done["on_time_rate"],
        "cases_late": done["late"],
        "cases_overdue": counts["overdue"],
        "cases_handling_days": done["handling_days"],
    }
    lines = [Figure(key, str(LABELS[key]), value) for key, value in values.items()]
    notices = dict(
        CaseNotice.objects.filter(created_at__gte=low, created_at__lt=high)
        .order_by()
        .values_list("kind")
        .annotate(n=Count("pk"))
    )
    # Every kind, counted generically: a new kind (不予受理…) needs no change here.
    labels = dict(CaseNotice.Kind.choices)
    for kind in [*labels, *sorted(notices.keys() - labels.keys())]:
        lines.append(Figure(f"notices_{kind}", str(labels.get(kind, kind)), notices.get(kind, 0)))
    return lines


def consultation_lines(start: dt.date, end: dt.date) -> list[Figure]:
    low, high = _bounds(start, end)
    asked = Q(asked_at__gte=low, asked_at__lt=high)
    answered = Q(answered_at__gte=low, answered_at__lt=high)
    escalated = Q(escalated_at__gte=low, escalated_at__lt=high)
    # Unanswered after the answer-by date, at the end of the period (as .overdue()).
    overdue = Q(answered_at__isnull=True, answer_by__lt=end + dt.timedelta(days=1))
    counts = Consultation.objects.filter(asked | answered | escalated | overdue).aggregate(
        consultations=Count("pk", filter=asked),
        consultations_answered=Count("pk", filter=answered),
        consultations_escalated=Count("pk", filter=escalated),
        consultations_legal=Count("pk", filter=asked & Q(is_legal=True)),
        consultations_overdue=Count("pk", filter=overdue),
    )
    return [Figure(key, str(LABELS[key]), value) for key, value in counts.items()]


def queue_lines(start: dt.date, end: dt.date) -> list[Figure]:
    """Tickets issued and their average wait, as the queue figures count them (Ticket)."""
    called = Q(called_at__isnull=False)
    counts = Ticket.objects.filter(day__gte=start, day__lte=end).aggregate(
        tickets=Count("pk"),
        called=Count("pk", filter=called),
        waited=Sum(F("called_at") - F("issued_at"), filter=called, output_field=DurationField()),
    )
    return [
        Figure("tickets", str(LABELS["tickets"]), counts["tickets"]),
        Figure(
            "average_wait",
            str(LABELS["average_wait"]),
            round(counts["waited"].total_seconds() / 60 / counts["called"], 1)
            if counts["called"]
            else None,
        ),
    ]


def day_lines(*, day: dt.date) -> list[Figure]:
    """This app's lines of the daily report (servicecenter.figures, kind "day")."""
    return case_lines(day, day) + consultation_lines(day, day) + queue_lines(day, day)


def period_lines(*, start: dt.date, end: dt.date) -> list[Figure]:
    """This app's lines of a period (kind "period"): the monthly and quarterly reports and
    the public results page's figures of the month."""
    return case_lines(start, end) + consultation_lines(start, end) + queue_lines(start, end)


def item_rows(start: dt.date, end: dt.date) -> list[dict]:
    """Per service item: received by mode, completed, on-time rate, overdue, handling days,
    with the same definitions as the lines, in one query grouped by item."""
    rows = []
    for name, counts in sorted(item_counts(start, end).items()):
        done = completion(counts["completed"], counts["on_time"], counts["handling"])
        rows.append(
            {
                "item": name,
                **{column: counts[column] for column in ("received", *MODES)},
                "completed": done["completed"],
                "on_time_rate": done["on_time_rate"],
                "overdue": counts["overdue"],
                "handling_days": done["handling_days"],
            }
        )
    return rows


def _as_json(lines: list[Figure]) -> list[dict]:
    def plain(value):
        # Frozen as JSON: numbers stay numbers, anything else (a Decimal) becomes text.
        return value if value is None or isinstance(value, int | float) else str(value)

    return [{"key": f.key, "label": str(f.label), "value": plain(f.value)} for f in lines]


def day_report(day: dt.date) -> dict:
    """每天统计汇总: every app's lines of the day and this app's rows per item, as plain data
    (what a submitted day freezes, what the page and the Excel show)."""
    with _one_case_read():
        return {"lines": _as_json(provide("day", day=day)), "rows": item_rows(day, day)}


def period_report(start: dt.date, end: dt.date) -> dict:
    """The monthly or quarterly report: the same figures over the period, and the received
    and completed cases per day (a month) or per month (a quarter) for the chart."""
    with _one_case_read():
        return {
            "lines": _as_json(provide("period", start=start, end=end)),
            "rows": item_rows(start, end),
            "series": series(start, end),
        }


def series(start: dt.date, end: dt.date) -> list[dict]:
    by_month = (end - start).days > 31

    def bucket(day: dt.date) -> str:
        return f"{day:%Y-%m}" if by_month else f"{day:%m-%d}"

    buckets: dict[str, dict] = {}
    day = start
    while day <= end:
        buckets.setdefault(bucket(day), {"label": bucket(day), "received": 0, "completed": 0})
        day += dt.timedelta(days=1)
    for at in _received(start, end).order_by().values_list("received_at", flat=True):
        buckets[bucket(timezone.localdate(at))]["received"] += 1
    for at in _completed(start, end).values_list("completed_at", flat=True):
        buckets[bucket(timezone.localdate(at))]["completed"] += 1
    return list(buckets.values())


def figures_changed(before: dict, after: dict) -> dict[str, list]:
    """What differs between two reports, by line key and by "item · column": [before, after]."""

    def flat(report: dict) -> dict:
        values = {line["key"]: line["value"] for line in report["lines"]}
        for row in report["rows"]:
            for column, value in row.items():
                if column != "item":
                    values[f"{row['item']} · {column}"] = value
        return values

    old, new = flat(before), flat(after)
    return {
        key: [old.get(key), new.get(key)]
        for key in sorted(old.keys() | new.keys())
        if old.get(key) != new.get(key)
    }


# The per-item columns as readers name them (the page's and the Excel's headers).
COLUMNS = {
    "received": gettext_lazy("Received"),
    "immediate": "即办件",
    "promised": "承诺件",
    "proxy": "代办/协办",
    "completed": gettext_lazy("Completed (cases)"),
    "on_time_rate": gettext_lazy("On-time rate"),
    "overdue": gettext_lazy("overdue"),
    "handling_days": gettext_lazy("Average handling days"),
}


def described(changes: dict[str, list], figures: dict) -> list[tuple[str, object, object]]:
    """Changes as readers name them: (label, before, after)."""
    labels = {line["key"]: line["label"] for line in figures["lines"]}
    found = []
    for key, (before, after) in changes.items():
        item, _sep, column = key.rpartition(" · ")
        label = (
            f"{item} · {COLUMNS[column]}" if item and column in COLUMNS else labels.get(key, key)
        )
        found.append((label, before, after))
    return found


def with_bars(rows: list[dict], *keys: str) -> list[dict]:
    """Each row with bar_<key>: its length in % of the largest value of any of the keys."""
    longest = max((row.get(key) or 0 for row in rows for key in keys), default=0) or 1
    return [
        {**row, **{f"bar_{key}": round(100 * (row.get(key) or 0) / longest) for key in keys}}
        for row in rows
    ]


# -- 上报: a submitted day is frozen; a correction is an amendment -----------------------------


@transaction.atomic
def day_submit(*, day: dt.date, by) -> DayReport:
    """每天统计汇总上报: a supervisor submits the day; its figures are frozen as they are now."""
    if not is_manager(by):
        raise ValidationError(_("Only a supervisor submits the day."), code="role")
    if day > timezone.localdate():
        raise ValidationError(_("A day that has not come cannot be submitted."), code="future")
    if DayReport.objects.select_for_update().filter(day=day).exists():
        raise ValidationError(
            _("This day was submitted already; correct it with an amendment."), code="submitted"
        )
    report = DayReport(
        day=day, submitted_by=by, submitted_at=timezone.now(), figures=day_report(day)
    )
    try:
        with transaction.atomic():
            save_step(report, DayReport.Step.SUBMIT)
    except IntegrityError:
        # Two supervisors at once: the other's submission stands (one row per day).
        raise ValidationError(
            _("This day was submitted already; correct it with an amendment."), code="submitted"
        ) from None
    return report


@transaction.atomic
def day_amend(*, day: dt.date, by, reason: str) -> DayReportAmendment:
    """A correction of a submitted day: today's figures of that day replace the submitted
    ones, with who, when, why and what changed; the submission itself stays as it was."""
    if not is_manager(by):
        raise ValidationError(_("Only a supervisor corrects a submitted day."), code="role")
    report = DayReport.objects.select_for_update().filter(day=day).first()
    if report is None:
        raise ValidationError(_("This day has not been submitted."), code="not_submitted")
    if not (reason or "").strip():
        raise ValidationError(_("Say why the submitted figures are corrected."), code="reason")
    figures = day_report(day)
    changes = figures_changed(report.current_figures, figures)
    if not changes:
        raise ValidationError(
            _("The figures are the same as submitted; there is nothing to correct."),
            code="unchanged",
        )
    amendment = DayReportAmendment.objects.create(
        report=report,
        by=by,
        at=timezone.now(),
        reason=reason.strip(),
        changes=changes,
        figures=figures,
    )
    save_step(report, DayReport.Step.AMEND, reason=reason)
    return amendment
