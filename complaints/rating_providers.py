"""Figures of 好差评, 整改 and 过错责任追究 lent to pages below (servicecenter.figures):
the daily and period reports, a staff member's page, the workstation and the /track/ result."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from complaints import ratings
from complaints.models import FaultRecord, Rating, Rectification
from intake.models import Case, Ticket
from servicecenter.figures import Figure
from servicecenter.roles import Role, is_manager, user_roles


def _tally_figures(tally: ratings.Tally) -> list[Figure]:
    figures_url = reverse("complaints:rating_figures")
    return [
        Figure("ratings", _("Residents' ratings"), tally.total, figures_url),
        Figure("ratings_good_rate", _("Good-rating rate (%)"), tally.good_rate, figures_url),
        Figure("ratings_bad", _("Bad ratings"), tally.bad),
    ]


def day(*, day: dt.date) -> list[Figure]:
    return _tally_figures(ratings.tally(ratings.ratings_between(day, day)))


def period(*, start: dt.date, end: dt.date) -> list[Figure]:
    return _tally_figures(ratings.tally(ratings.ratings_between(start, end)))


def staff(*, user, start: dt.date, end: dt.date) -> list[Figure]:
    """The clerk's ratings in the period and every fault record on them (for the 考核)."""
    tally = ratings.tally(ratings.ratings_between(start, end).filter(clerk=user))
    records = list(
        FaultRecord.objects.filter(
            staff=user, opened_at__date__gte=start, opened_at__date__lte=end
        ).order_by("opened_at", "pk")
    )
    found = [
        Figure("staff_ratings", _("Residents' ratings"), tally.total),
        Figure("staff_ratings_good_rate", _("Good-rating rate (%)"), tally.good_rate),
        Figure("staff_ratings_bad", _("Bad ratings"), tally.bad),
        Figure(
            "fault_records",
            _("Fault records"),
            len(records),
            reverse("complaints:fault_list") + f"?staff={user.pk}",
        ),
    ]
    for record in records:
        outcome = record.get_decision_display() or record.get_status_display()
        if record.appeal_outcome:
            outcome = f"{outcome} · {record.get_appeal_outcome_display()}"
        found.append(
            Figure(
                "fault_record",
                f"{record.opened_at:%Y-%m-%d} {record.get_clause_display()}",
                outcome,
                record.get_absolute_url(),
            )
        )
    return found


def workstation(*, user) -> list[Figure]:
    """What waits for the user: overdue 整改 (supervisors), appeals (the director), their
    own fault records awaiting a statement or open to appeal."""
    found = []
    today = timezone.localdate()
    found += _rating_screen(user)
    if is_manager(user):
        rectifications = Rectification.objects.visible_to(user)
        found.append(
            Figure(
                "rectifications_overdue",
                _("Rectifications overdue"),
                rectifications.overdue(today).count(),
                reverse("complaints:rectification_list"),
            )
        )
        found.append(
            Figure(
                "rectifications_open",
                _("Rectifications open"),
                rectifications.open().count(),
                reverse("complaints:rectification_list"),
            )
        )
    if is_manager(user):
        found.append(
            Figure("fault_records_link", _("Fault records"), None, reverse("complaints:fault_list"))
        )
    if str(Role.DIRECTOR) in user_roles(user):
        appeals = FaultRecord.objects.filter(status=FaultRecord.Status.APPEALED).count()
        if appeals:
            found.append(
                Figure(
                    "fault_appeals",
                    _("Appeals to decide"),
                    appeals,
                    reverse("complaints:fault_list"),
                )
            )
    for record in FaultRecord.objects.filter(staff=user).exclude(status=FaultRecord.Status.CLOSED):
        if record.allows(FaultRecord.Step.STATEMENT, user) and not record.statement:
            label = _("Fault record awaiting your statement")
        elif record.allows(FaultRecord.Step.APPEAL, user):
            label = _("Fault decision: you may appeal until %(day)s") % {
                "day": f"{record.appeal_due:%Y-%m-%d}"
            }
        else:
            continue
        found.append(Figure("fault_record_mine", label, None, record.get_absolute_url()))
    return found


def _rating_screen(user) -> list[Figure]:
    """The hand-off to the counter's rating screen: while the clerk serves a ticket, the
    screen asks the resident to rate it; the workstation says whether they have."""
    # The ticket served at the clerk's counter now and its rating, in one query.
    ticket = (
        Ticket.objects.filter(
            status=Ticket.Status.SERVING,
            counter__sessions__clerk=user,
            counter__sessions__ended_at__isnull=True,
        )
        .select_related("rating")
        .order_by("-started_at")
        .first()
    )
    if ticket is None:
        return []
    rating = getattr(ticket, "rating", None)
    value = rating.get_level_display() if rating else _("waiting for the resident")
    label = _("Rating screen: ticket %(number)s") % {"number": ticket.display_number}
    return [Figure("rating_screen", label, value)]


def track(*, case: Case) -> list[Figure]:
    """On the resident's /track/ result: the link to rate the finished case, or the rating."""
    rating = Rating.objects.filter(case=case).first()
    if rating is not None:
        return [Figure("rating", _("Your rating"), rating.get_level_display())]
    if case.stage not in ratings.RATABLE_STAGES:
        return []
    url = reverse("complaints:rating_case", args=[ratings.case_link_token(case)])
    return [Figure("rating", _("Rate this service"), None, url)]
