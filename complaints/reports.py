"""Figures about complaints: the monthly report (page and Excel), the public monthly figures,
and what this app lends to the pages below it (servicecenter.figures)."""

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, F, Q
from django.db.models.functions import TruncMonth
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from complaints.models import Complaint
from servicecenter.dates import day_bounds
from servicecenter.exports import Column, Kind, Sheet, at
from servicecenter.figures import Figure
from servicecenter.roles import user_roles
from servicecenter.workdays import add_working_days
from staff.names import display_names

ON_TIME = Q(replied_at__isnull=False, replied_at__date__lte=F("due_date"))
COUNTED = ~Q(stage=Complaint.Stage.DECLINED)  # not a complaint: not in the rates


def settled(today: dt.date | None = None) -> Q:
    """Complaints whose on-time question is settled: replied, or past their due date. One
    still inside its working days is neither on time nor late yet: not in the rates."""
    return Q(replied_at__isnull=False) | Q(due_date__lt=today or timezone.localdate())


def month_bounds(month: dt.date | None) -> tuple[dt.date, dt.date]:
    """The first and last day of `month`'s month (this month when None)."""
    first = (month or timezone.localdate()).replace(day=1)
    following = (first + dt.timedelta(days=32)).replace(day=1)
    return first, following - dt.timedelta(days=1)


def _rate(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


@dataclass
class MonthlyReport:
    received: int = 0
    declined: int = 0
    replied: int = 0
    on_time: int = 0
    followed_up: int = 0
    satisfied: int = 0
    on_time_rate: float | None = None
    satisfaction_rate: float | None = None
    by_nature: list[dict] = field(default_factory=list)
    by_staff: list[dict] = field(default_factory=list)


def monthly(*, user, start: dt.date, end: dt.date) -> MonthlyReport:
    """Complaints received from `start` to `end` that `user` may see.

    On-time reply rate: replied by the due date, of the complaints received that are replied
    or past their due date (those found not to be complaints left out). Satisfaction:
    satisfied, of those followed up (回访)."""
    complaints = Complaint.objects.visible_to(user).filter(
        received_at__date__gte=start, received_at__date__lte=end
    )
    totals = complaints.aggregate(
        received=Count("pk"),
        declined=Count("pk", filter=~COUNTED),
        replied=Count("pk", filter=Q(replied_at__isnull=False)),
        on_time=Count("pk", filter=ON_TIME),
        settled=Count("pk", filter=COUNTED & settled()),
        followed_up=Count("pk", filter=Q(satisfied__isnull=False)),
        satisfied=Count("pk", filter=Q(satisfied=True)),
    )
    settled_count = totals.pop("settled")
    report = MonthlyReport(**totals)
    report.on_time_rate = _rate(report.on_time, settled_count)
    report.satisfaction_rate = _rate(report.satisfied, report.followed_up)
    counts = dict(
        complaints.filter(COUNTED).values_list("nature").annotate(n=Count("pk")).order_by()
    )
    top = max(counts.values(), default=0)
    for value, label in [*Complaint.Nature.choices, ("", _("Not yet classified"))]:
        count = counts.get(value, 0)
        if count or value:
            report.by_nature.append(
                {"code": value, "nature": str(label), "count": count, "bar": _rate(count, top) or 0}
            )
    names = display_names()
    rows = (
        complaints.filter(COUNTED, subject_staff__isnull=False)
        .values("subject_staff")
        .annotate(
            count=Count("pk"),
            substantiated=Count(
                "pk", filter=Q(finding__in=[Complaint.Finding.TRUE, Complaint.Finding.PARTLY])
            ),
        )
        .order_by("-count", "subject_staff")
    )
    report.by_staff = [
        {
            "staff": names.get(row["subject_staff"], ""),
            "count": row["count"],
            "substantiated": row["substantiated"],
        }
        for row in rows
    ]
    return report


def sheets(report: MonthlyReport, *, user, start: dt.date, end: dt.date) -> list[Sheet]:
    """The report as workbook sheets: the totals, by nature, by staff member, the register.

    The register's sheet carries no complainant: 严格保密 (exports mask the complainant)."""
    summary = [
        (_("Complaints received"), report.received),
        (_("Not complaints"), report.declined),
        (_("Replied"), report.replied),
        (_("Replied on time"), report.on_time),
        (_("On-time reply rate (%)"), report.on_time_rate),
        (_("Followed up"), report.followed_up),
        (_("Satisfied"), report.satisfied),
        (_("Satisfaction (%)"), report.satisfaction_rate),
    ]
    register = (
        Complaint.objects.visible_to(user)
        .filter(received_at__date__gte=start, received_at__date__lte=end)
        .order_by("received_at")
        .values_list(
            "number",
            "received_at",
            "channel",
            "nature",
            "about",
            "subject_staff",
            "stage",
            "due_date",
            "replied_at",
            "finding",
            "outcome",
            "satisfied",
        )
    )
    names = display_names()
    channel, nature, about = (
        dict(c.choices) for c in (Complaint.Channel, Complaint.Nature, Complaint.About)
    )
    stage, finding, outcome = (
        dict(c.choices) for c in (Complaint.Stage, Complaint.Finding, Complaint.Outcome)
    )

    def label(choices: dict, index: int):
        return lambda row: str(choices.get(row[index], "")) if row[index] else ""

    yes_no = {True: _("Satisfied"), False: _("Not satisfied")}
    return [
        Sheet(
            _("Summary"),
            [Column(_("Figure"), at(0)), Column(_("Value"), at(1), Kind.NUMBER)],
            summary,
        ),
        Sheet(
            _("By nature"),
            [Column(_("Nature"), at(0)), Column(_("Number of complaints"), at(1), Kind.NUMBER)],
            [(row["nature"], row["count"]) for row in report.by_nature],
        ),
        Sheet(
            _("By staff member"),
            [
                Column(_("Staff member"), at(0)),
                Column(_("Number of complaints"), at(1), Kind.NUMBER),
                Column(_("Substantiated"), at(2), Kind.NUMBER),
            ],
            [(row["staff"], row["count"], row["substantiated"]) for row in report.by_staff],
        ),
        Sheet(
            _("Register"),
            [
                Column(_("Register number"), at(0)),
                Column(_("Filed on"), at(1), Kind.DATETIME),
                Column(_("Channel"), label(channel, 2)),
                Column(_("Nature"), label(nature, 3)),
                Column(_("About"), label(about, 4)),
                Column(_("Staff member"), lambda row: names.get(row[5], "") if row[5] else ""),
                Column(_("Stage"), label(stage, 6)),
                Column(_("Reply due"), at(7), Kind.DATE),
                Column(_("Replied"), at(8), Kind.DATETIME),
                Column(_("Finding"), label(finding, 9)),
                Column(_("Outcome"), label(outcome, 10)),
                Column(_("Follow-up"), lambda row: str(yes_no.get(row[11], ""))),
            ],
            register,
        ),
    ]


def public_months(count: int = 12) -> list[dict]:
    """Per month, newest first: complaints received and replied on time. Aggregates only."""
    first, _last = month_bounds(None)
    for _i in range(count - 1):
        first = (first - dt.timedelta(days=1)).replace(day=1)
    rows = (
        Complaint.objects.filter(COUNTED, received_at__date__gte=first)
        .annotate(month=TruncMonth("received_at"))
        .values("month")
        .annotate(
            received=Count("pk"),
            on_time=Count("pk", filter=ON_TIME),
            settled=Count("pk", filter=settled()),
        )
        .order_by("-month")
    )
    return [
        {
            "month": row["month"],
            "received": row["received"],
            "on_time": row["on_time"],
            "rate": _rate(row["on_time"], row["settled"]),
        }
        for row in rows
    ]


# -- figures lent to the pages below (ComplaintsConfig.figure_providers) -----------------------


def _register_url(stage: str = "") -> str:
    url = reverse("complaints:complaint_register")
    return f"{url}?stage={stage}" if stage else url


def _within(field: str, start: dt.date, end: dt.date) -> Q:
    """`field` from the start of `start` to the end of `end`, in the center's days: a range an
    index can read (a __date lookup converts every row's time first)."""
    return Q(**{f"{field}__gte": day_bounds(start)[0], f"{field}__lt": day_bounds(end)[1]})


def day_figures(*, day: dt.date) -> list[Figure]:
    """每天统计汇总: complaints received and replied that day."""
    received, replied = _within("received_at", day, day), _within("replied_at", day, day)
    totals = Complaint.objects.filter(received | replied).aggregate(
        received=Count("pk", filter=received),
        replied=Count("pk", filter=replied),
    )
    return [
        Figure(
            "complaints_received", _("Complaints received"), totals["received"], _register_url()
        ),
        Figure("complaints_replied", _("Complaints replied"), totals["replied"], _register_url()),
    ]


def period_figures(*, start: dt.date, end: dt.date) -> list[Figure]:
    received, replied = _within("received_at", start, end), _within("replied_at", start, end)
    totals = Complaint.objects.filter(received | replied).aggregate(
        received=Count("pk", filter=received),
        replied=Count("pk", filter=replied),
        counted=Count("pk", filter=received & COUNTED & settled()),
        on_time=Count("pk", filter=received & ON_TIME),
    )
    return [
        Figure("complaints_received", _("Complaints received"), totals["received"]),
        Figure("complaints_replied", _("Complaints replied"), totals["replied"]),
        Figure(
            "complaints_on_time_rate",
            _("Complaints replied on time (%)"),
            _rate(totals["on_time"], totals["counted"]),
        ),
    ]


def staff_figures(*, user, start: dt.date, end: dt.date) -> list[Figure]:
    """For the assessment (考核): complaints about this person, and how many were found true."""
    totals = Complaint.objects.filter(
        COUNTED,
        subject_staff=user,
        received_at__date__gte=start,
        received_at__date__lte=end,
    ).aggregate(
        about=Count("pk"),
        substantiated=Count(
            "pk", filter=Q(finding__in=[Complaint.Finding.TRUE, Complaint.Finding.PARTLY])
        ),
    )
    return [
        Figure("complaints_about", _("Complaints about this staff member"), totals["about"]),
        Figure(
            "complaints_substantiated",
            _("Complaints found substantiated"),
            totals["substantiated"],
        ),
    ]


def workstation_figures(*, user) -> list[Figure]:
    """Reminders: the complaints this person must see answered, and the way to the register
    (also where a complaint from the counter is written down)."""
    if not user_roles(user):
        return []
    today = timezone.localdate()
    soon = add_working_days(today, settings.COMPLAINT_DUE_SOON_DAYS)
    mine = Complaint.objects.handled_by(user).filter(stage__in=Complaint.UNANSWERED_STAGES)
    totals = mine.aggregate(
        open=Count("pk"),
        overdue=Count("pk", filter=Q(due_date__lt=today)),
        due_soon=Count("pk", filter=Q(due_date__gte=today, due_date__lte=soon)),
    )
    url = _register_url("open")
    figures = [Figure("complaints_open", _("Complaints to answer"), totals["open"], url)]
    if totals["overdue"]:
        figures.append(
            Figure("complaints_overdue", _("Complaints overdue"), totals["overdue"], url)
        )
    if totals["due_soon"]:
        label = _("Complaints due within %(days)s working days") % {
            "days": settings.COMPLAINT_DUE_SOON_DAYS
        }
        figures.append(Figure("complaints_due_soon", label, totals["due_soon"], url))
    return figures
