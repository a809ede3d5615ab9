"""好差评: residents rate a finished case or a served ticket; a 差评 opens a 整改.

The rating cannot be forged: a case is rated through a signed link that only a successful
/track/ lookup (case number + phone digits) hands out; a ticket is rated on the counter's
rating screen, a device a supervisor paired with that counter, while the ticket is being
served there.
"""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from complaints.models import Rating, Rectification
from intake.models import Case, Ticket
from servicecenter.dates import day_bounds
from servicecenter.history import save_step
from servicecenter.personal import validate_phone
from servicecenter.tokens import AlreadyDone
from servicecenter.workdays import add_working_days
from staff.models import Counter

LINK_SALT = "complaints.rating.case"
SCREEN_SALT = "complaints.rating.screen"
SCREEN_COOKIE = "rating_screen"
# The stages in which a case's service is finished and may be rated.
RATABLE_STAGES = (Case.Stage.COMPLETED, Case.Stage.REPLIED, Case.Stage.ARCHIVED)


# -- proofs ---------------------------------------------------------------------------------


def case_link_token(case: Case) -> str:
    """Given only after the resident proved the case on /track/ (number + phone digits)."""
    return signing.dumps(case.number, salt=LINK_SALT, compress=False)


def case_from_token(token: str) -> Case | None:
    try:
        number = signing.loads(token, salt=LINK_SALT, max_age=settings.RATING_LINK_SECONDS)
    except signing.BadSignature:
        return None
    return Case.objects.select_related("item", "handler").filter(number=number).first()


def screen_token(counter: Counter) -> str:
    """The paired rating screen's cookie value: the counter it stands at, signed."""
    return signing.dumps(counter.pk, salt=SCREEN_SALT)


def screen_counter(token: str | None) -> Counter | None:
    if not token:
        return None
    try:
        pk = signing.loads(token, salt=SCREEN_SALT)
    except signing.BadSignature:
        return None
    return Counter.objects.filter(pk=pk, is_active=True).first()


def ticket_being_served(counter: Counter) -> Ticket | None:
    return (
        Ticket.objects.filter(counter=counter, status=Ticket.Status.SERVING)
        .select_related("category")
        .order_by("-started_at")
        .first()
    )


# -- rating ---------------------------------------------------------------------------------


def _clean(level: int, comment: str, phone: str = "") -> tuple[int, str, str]:
    if level not in Rating.Level.values:
        raise ValidationError(_("Choose one of the five ratings."), code="level")
    comment, phone = comment.strip(), phone.strip()
    if len(comment) > Rating._meta.get_field("comment").max_length:
        raise ValidationError(_("The comment is too long."), code="too_long")
    if phone:
        validate_phone(phone)
    return level, comment, phone


def _save(rating: Rating) -> Rating:
    try:
        with transaction.atomic():
            save_step(rating, Rating.Step.RATE)
    except IntegrityError:
        # One rating per case or ticket (unique): a second submit finds the first.
        existing = Rating.objects.filter(case=rating.case, ticket=rating.ticket).first()
        if existing is None:
            raise
        raise AlreadyDone(existing) from None
    if rating.is_bad:
        rectification_open(rating=rating)
    return rating


@transaction.atomic
def rating_for_case(*, case: Case, level: int, comment: str = "") -> Rating:
    """好差评 from /track/ or the receipt's QR page, once the case is finished."""
    level, comment, _phone = _clean(level, comment)
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.stage not in RATABLE_STAGES:
        raise ValidationError(_("The case can be rated once it is completed."), code="not_done")
    existing = Rating.objects.filter(case=case).first()
    if existing is not None:
        raise AlreadyDone(existing)
    rating = Rating(
        case=case, level=level, comment=comment, channel=Rating.Channel.TRACK, clerk=case.handler
    )
    return _save(rating)


@transaction.atomic
def rating_for_ticket(
    *, counter: Counter, ticket_id: int, level: int, comment: str = "", phone: str = ""
) -> Rating:
    """好差评 on the counter's rating screen, only for the ticket being served there now."""
    level, comment, phone = _clean(level, comment, phone)
    ticket = Ticket.objects.select_for_update().filter(pk=ticket_id).first()
    existing = Rating.objects.filter(ticket_id=ticket_id).first() if ticket else None
    if existing is not None:
        raise AlreadyDone(existing)
    if ticket is None or ticket.counter_id != counter.pk or ticket.status != Ticket.Status.SERVING:
        raise ValidationError(
            _("This ticket is not being served at this counter now."), code="not_serving"
        )
    rating = Rating(
        ticket=ticket,
        level=level,
        comment=comment,
        contact_phone=phone,
        channel=Rating.Channel.COUNTER,
        clerk=ticket.clerk,
    )
    return _save(rating)


# -- 整改 ------------------------------------------------------------------------------------


def rectification_open(*, rating: Rating) -> Rectification:
    """A 差评 opens a 整改 with its two due dates in working days."""
    day = timezone.localdate(rating.rated_at)
    rectification = Rectification(
        rating=rating,
        contact_due=add_working_days(day, settings.RECTIFICATION_CONTACT_DAYS),
        done_due=add_working_days(day, settings.RECTIFICATION_DONE_DAYS),
    )
    save_step(rectification, Rectification.Step.OPEN)
    return rectification


def _locked(rectification: Rectification, step: str) -> Rectification:
    rectification = Rectification.objects.select_for_update().get(pk=rectification.pk)
    if not rectification.allows(step):
        raise ValidationError(_("This step is not possible now."), code="step_not_allowed")
    return rectification


def _required(text: str, limit: int) -> str:
    text = text.strip()
    if not text:
        raise ValidationError(_("Write what was said or done."), code="required")
    if len(text) > limit:
        raise ValidationError(_("The text is too long."), code="too_long")
    return text


@transaction.atomic
def rectification_contact(*, rectification: Rectification, note: str, by) -> Rectification:
    note = _required(note, 1000)
    rectification = _locked(rectification, Rectification.Step.CONTACT)
    rectification.status = Rectification.Status.CONTACTED
    rectification.contacted_at, rectification.contacted_by = timezone.now(), by
    rectification.contact_note = note
    save_step(rectification, Rectification.Step.CONTACT)
    return rectification


@transaction.atomic
def rectification_complete(*, rectification: Rectification, action: str, by) -> Rectification:
    action = _required(action, 2000)
    rectification = _locked(rectification, Rectification.Step.COMPLETE)
    rectification.status = Rectification.Status.DONE
    rectification.done_at, rectification.done_by = timezone.now(), by
    rectification.action = action
    save_step(rectification, Rectification.Step.COMPLETE)
    return rectification


# -- figures ---------------------------------------------------------------------------------

GOOD = Q(level__in=Rating.GOOD_LEVELS)
BAD = Q(level__in=Rating.BAD_LEVELS)


@dataclass(frozen=True)
class Tally:
    total: int
    good: int
    bad: int

    @property
    def good_rate(self) -> float | None:
        """好评率 in percent, one decimal; None with no ratings."""
        return round(100 * self.good / self.total, 1) if self.total else None


def tally(ratings) -> Tally:
    counts = ratings.aggregate(
        total=Count("pk"), good=Count("pk", filter=GOOD), bad=Count("pk", filter=BAD)
    )
    return Tally(**counts)


def ratings_between(start: dt.date, end: dt.date):
    """Ratings given from `start` to `end` inclusive, in the center's time zone."""
    # A range on the center's day bounds, which the index on rated_at reads.
    return Rating.objects.filter(
        rated_at__gte=day_bounds(start)[0], rated_at__lt=day_bounds(end)[1]
    )


def monthly(start: dt.date, end: dt.date) -> list[tuple[dt.date, Tally]]:
    """好评率 per month: aggregated counts only, no rating or resident named."""
    rows = (
        ratings_between(start, end)
        .annotate(month=TruncMonth("rated_at"))
        .values("month")
        .annotate(total=Count("pk"), good=Count("pk", filter=GOOD), bad=Count("pk", filter=BAD))
        .order_by("month")
    )
    found = {row["month"]: Tally(row["total"], row["good"], row["bad"]) for row in rows}
    months, month = [], start.replace(day=1)
    while month <= end:
        key = next((m for m in found if _as_date(m) == month), None)
        months.append((month, found[key] if key is not None else Tally(0, 0, 0)))
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return months


def _as_date(value) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value
