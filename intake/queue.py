"""The queue (取号, 叫号, counters, end of day): each step validates first, then changes
the database in one transaction.

Numbers and calls stay correct with many processes: ticket numbers come from a locked
per-day counter row (servicecenter.models.DailyCounter), and calling takes the next ticket
under a row lock (PostgreSQL: SELECT … FOR UPDATE SKIP LOCKED; SQLite: the IMMEDIATE
transaction holds the database's write lock).
"""

import datetime as dt
import statistics
from dataclasses import dataclass

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from disclosure.models import Category
from intake.models import Appointment, Call, CounterSession, QueueSettings, Ticket
from servicecenter import workdays
from servicecenter.history import insert_step, save_step
from servicecenter.models import PROFILE_KEY, CenterProfile, DailyCounter, OpeningStatus
from servicecenter.public import VERSION_KEY, cached, cached_with_version
from staff import training
from staff.models import Counter

ACTIVE = (Ticket.Status.CALLED, Ticket.Status.SERVING)


CATEGORIES_KEY = "intake:queue-categories"


def queue_categories() -> dict[str, Category]:
    """Categories an active counter calls, by code and by ticket letter."""
    found = {}
    for category in Category.objects.filter(counters__is_active=True).distinct():
        found[category.code] = found[category.prefix] = category
    return found


COUNTERS_KEY = "intake:active-counters"


def active_counters() -> list[Counter]:
    return list(Counter.objects.filter(is_active=True))


def desk_choices() -> tuple[list[Category], list[Counter]]:
    """The workstation's lists (a priority ticket's category, 转窗 to a category or a
    counter): the categories an active counter calls and the active counters, from the
    shared cache in one round trip."""
    values = cached({CATEGORIES_KEY: queue_categories, COUNTERS_KEY: active_counters})
    return _in_order(values[CATEGORIES_KEY]), values[COUNTERS_KEY]


def _in_order(categories: dict[str, Category]) -> list[Category]:
    unique = {category.pk: category for category in categories.values()}
    return sorted(unique.values(), key=lambda c: (c.order, c.prefix))


@dataclass(frozen=True)
class FrontDesk:
    """What the kiosk needs to know, read from the shared cache in one round trip."""

    center: CenterProfile | None
    overrides: dict[dt.date, str]
    categories: dict[str, Category]

    def status(self, now: dt.datetime | None = None) -> OpeningStatus | None:
        if self.center is None:
            return None
        return self.center.status_at(now or timezone.now(), self.overrides)

    def is_open(self) -> bool:
        status = self.status()
        return status is not None and status.is_open

    def category(self, value: str) -> Category | None:
        value = value.strip()
        return self.categories.get(value) or self.categories.get(
            value.upper()[:1] * (len(value) == 1)
        )

    def open_categories(self) -> list[Category]:
        return _in_order(self.categories)


# The front desk as this process last read it, with the public version it was read under:
# while that is still the shared cache's version (nothing public has changed since, in
# any process), the kiosk asks the shared cache for the version only.
_last_desk: tuple[str, FrontDesk] | None = None


def front_desk() -> FrontDesk:
    global _last_desk
    last, version = _last_desk, cache.get(VERSION_KEY)
    if last is not None and last[0] == version:
        return last[1]
    version, values = cached_with_version(
        {
            PROFILE_KEY: CenterProfile.load,
            workdays.OVERRIDES_KEY: workdays.load_overrides,
            # The opening status reads them too: in this round trip, not one of its own.
            workdays.SPECIAL_KEY: workdays.load_special_hours,
            CATEGORIES_KEY: queue_categories,
        }
    )
    known = workdays.Known(values[workdays.OVERRIDES_KEY])
    known.special = values[workdays.SPECIAL_KEY]
    desk = FrontDesk(values[PROFILE_KEY], known, values[CATEGORIES_KEY])
    _last_desk = (version, desk)
    return desk


# -- tickets --------------------------------------------------------------------------------


def ticket_issue(
    *,
    category: Category,
    priority: str = "",
    appointment: Appointment | None = None,
    token: str | None = None,
    check_open: bool = True,
    desk: FrontDesk | None = None,
) -> Ticket:
    """Hand out the next number of `category` today (取号).

    The same kiosk token returns the ticket it already produced: a double tap or a
    replayed form never takes a second number. The token's unique column finds the replay
    (no lookup before every ticket): its insert fails and rolls back the number it took.
    """
    try:
        return _ticket_issue(
            category=category,
            priority=priority,
            appointment=appointment,
            token=token,
            check_open=check_open,
            desk=desk or front_desk(),
        )
    except (IntegrityError, ValidationError):
        # A replayed form: the ticket its first sending produced, even if the center has
        # closed since.
        existing = token and Ticket.objects.filter(request_token=token).first()
        if existing:
            return existing
        raise


def _ticket_issue(
    *,
    category: Category,
    priority: str,
    appointment: Appointment | None,
    token: str | None,
    check_open: bool,
    desk: FrontDesk,
) -> Ticket:
    if check_open and not desk.is_open():
        raise ValidationError(
            _("The center is closed now; tickets are handed out during opening hours.")
        )
    if category.code not in desk.categories:
        raise ValidationError(_("No counter serves this category."))
    if priority not in Ticket.Priority.values:
        raise ValidationError(_("Unknown green-channel reason."))
    rank = Ticket.RANK_WALK_IN
    if priority:
        rank = Ticket.RANK_PRIORITY
    elif appointment is not None:
        rank = Ticket.RANK_APPOINTMENT
    today = timezone.localdate()
    # Built before the number is taken: from then until commit every other ticket of the
    # category waits for the counter's row lock.
    ticket = Ticket(
        day=today,
        category=category,
        letter=category.prefix,
        priority=priority,
        appointment=appointment,
        rank=rank,
        request_token=token or None,
    )
    with transaction.atomic():
        ticket.number = DailyCounter.next_value(f"ticket:{category.prefix}", today)
        # The rows save_step would write, without the ORM's save and signal path: the
        # kiosk's ticket is the hot path (bench/queue.py).
        insert_step(ticket, Ticket.Step.ISSUE)
    return ticket


def _waiting_at(counter: Counter) -> Q:
    # The counter's categories as a subquery, not a join: a join would list a ticket sent to
    # this counter once per counter calling its category.
    served = Category.counters.through.objects.filter(counter=counter).values("category_id")
    return Q(status=Ticket.Status.WAITING) & (
        Q(target_counter=counter) | Q(target_counter__isnull=True, category__in=served)
    )


def waiting_for(counter: Counter) -> QuerySet[Ticket]:
    """Tickets this counter may call, in calling order."""
    return Ticket.objects.filter(_waiting_at(counter)).order_by("rank", "queued_at", "pk")


@dataclass(frozen=True)
class CounterQueue:
    """What the workstation shows of its counter: the ticket at it, the first tickets it
    may call and how many there are."""

    current: Ticket | None
    waiting: list[Ticket]
    waiting_count: int


# The panel's query written out: the workstation polls it every few seconds, and building
# it through the ORM cost about six times the CPU of running it (1.9 of 2.3 ms).
# is_current: the ticket is at the counter (called or being served); in_list: how many rows
# share its is_current, i.e. the length of the waiting list for the waiting rows.
_COUNTER_QUEUE_SQL = """
SELECT t.id, t.letter, t.number, t.status, t.priority, t.appointment_id, t.rank,
       t.issued_at, c.name AS category_name,
       {is_current} AS is_current,
       COUNT(*) OVER (PARTITION BY {is_current}) AS in_list
FROM {ticket} t JOIN {category} c ON c.id = t.category_id
WHERE (t.counter_id = %s AND t.status IN (%s, %s))
   OR (t.status = %s AND (t.target_counter_id = %s OR (t.target_counter_id IS NULL
       AND t.category_id IN (SELECT category_id FROM {served} WHERE counter_id = %s))))
ORDER BY is_current DESC,
         CASE WHEN t.counter_id = %s AND t.status IN (%s, %s) THEN t.called_at END DESC NULLS LAST,
         t.rank, t.queued_at, t.id
LIMIT %s
"""
_IS_CURRENT = "CASE WHEN t.counter_id = %s AND t.status IN (%s, %s) THEN 1 ELSE 0 END"
_COUNTER_QUEUE = _COUNTER_QUEUE_SQL.format(
    is_current=_IS_CURRENT,
    ticket=Ticket._meta.db_table,
    category=Category._meta.db_table,
    served=Category.counters.through._meta.db_table,
)


def counter_queue(counter: Counter, *, limit: int = 12) -> CounterQueue:
    """The counter's current ticket, its waiting list and the list's length in one query
    (the workstation polls it every few seconds). The tickets carry only what the panel
    shows (their category's name as `category_name`)."""
    at_counter = [counter.pk, *ACTIVE]
    params = [
        *at_counter,  # is_current
        *at_counter,  # the window's partition
        *at_counter,  # the current ticket
        Ticket.Status.WAITING,
        counter.pk,
        counter.pk,  # or waiting for this counter
        *at_counter,  # the order
        limit + 1,
    ]
    rows = list(Ticket.objects.raw(_COUNTER_QUEUE, params))
    current = rows[0] if rows and rows[0].is_current else None
    waiting = [ticket for ticket in rows if not ticket.is_current][:limit]
    return CounterQueue(current, waiting, waiting[0].in_list if waiting else 0)


def ticket_call_next(*, session: CounterSession) -> Ticket | None:
    """叫号: priority first, then checked-in appointments, then first come."""
    if session.is_paused:
        raise ValidationError(_("The counter is paused; resume it before calling."))
    if session.ended_at is not None:
        raise ValidationError(_("You are not signed on to a counter."))
    with transaction.atomic():
        # One call at a time per counter: a double click cannot call two tickets. The lock
        # and "is a ticket still at the counter?" in one round trip.
        at_counter = Ticket.objects.filter(counter=OuterRef("counter"), status__in=ACTIVE)
        locked = (
            CounterSession.objects.select_for_update(of=("self",))
            .filter(pk=session.pk)
            .annotate(busy=Exists(at_counter))
            .first()
        )
        if locked.busy:
            raise ValidationError(_("Finish or skip the current ticket before calling the next."))
        candidates = waiting_for(session.counter)
        if connection.features.has_select_for_update_skip_locked:
            candidates = candidates.select_for_update(skip_locked=True, of=("self",))
        ticket = candidates.select_related("category").first()
        if ticket is None:
            return None
        now = timezone.now()
        ticket.status = Ticket.Status.CALLED
        ticket.called_at = now
        ticket.counter = session.counter
        ticket.clerk_id = session.clerk_id  # the id: the clerk's row is not needed
        save_step(ticket, Ticket.Step.CALL)
        Call.objects.create(ticket=ticket, counter=session.counter, at=now)
    return ticket


def current_ticket(counter: Counter) -> Ticket | None:
    return (
        Ticket.objects.filter(counter=counter, status__in=ACTIVE)
        .select_related("category")
        .order_by("-called_at")
        .first()
    )


def _active_ticket(session: CounterSession, ticket_id: int, allowed: tuple[str, ...]) -> Ticket:
    # The ticket's row only: locking its category's row too would make every counter of a
    # category wait for each other's steps.
    ticket = (
        Ticket.objects.select_for_update(of=("self",))
        .filter(pk=ticket_id, counter=session.counter)
        .first()
    )
    if ticket is None:
        raise ValidationError(_("This ticket is not at your counter."))
    if ticket.status not in allowed:
        raise ValidationError(
            _("Ticket %(number)s is %(status)s; that step is not possible now.")
            % {"number": ticket.display_number, "status": ticket.get_status_display()}
        )
    return ticket


@transaction.atomic
def ticket_recall(*, session: CounterSession, ticket_id: int) -> Ticket:
    """重呼: announce the same ticket again."""
    ticket = _active_ticket(session, ticket_id, (Ticket.Status.CALLED,))
    ticket.recalls += 1
    save_step(ticket, Ticket.Step.RECALL, update_fields=["recalls"])
    Call.objects.create(ticket=ticket, counter=session.counter)
    return ticket


@transaction.atomic
def ticket_no_show(*, session: CounterSession, ticket_id: int) -> Ticket:
    """过号: the resident did not come."""
    ticket = _active_ticket(session, ticket_id, (Ticket.Status.CALLED,))
    ticket.status = Ticket.Status.NO_SHOW
    ticket.finished_at = timezone.now()
    save_step(ticket, Ticket.Step.NO_SHOW)
    return ticket


@transaction.atomic
def ticket_start(*, session: CounterSession, ticket_id: int) -> Ticket:
    """开始办理."""
    ticket = _active_ticket(session, ticket_id, (Ticket.Status.CALLED,))
    ticket.status = Ticket.Status.SERVING
    ticket.started_at = timezone.now()
    save_step(ticket, Ticket.Step.START)
    return ticket


@transaction.atomic
def ticket_finish(*, session: CounterSession, ticket_id: int) -> Ticket:
    """办结: a called ticket that is finished at once counts as served from the call."""
    ticket = _active_ticket(session, ticket_id, ACTIVE)
    now = timezone.now()
    ticket.started_at = ticket.started_at or ticket.called_at
    ticket.finished_at = now
    ticket.status = Ticket.Status.DONE
    save_step(ticket, Ticket.Step.FINISH)
    return ticket


@transaction.atomic
def ticket_transfer(
    *,
    session: CounterSession,
    ticket_id: int,
    category: Category | None = None,
    counter: Counter | None = None,
) -> Ticket:
    """转窗: the ticket keeps its number and goes to the front of the other queue."""
    if (category is None) == (counter is None):
        raise ValidationError(_("Choose either another category or another counter."))
    if counter is not None and counter == session.counter:
        raise ValidationError(_("Choose a counter other than your own."))
    if category is not None and not category.counters.filter(is_active=True).exists():
        raise ValidationError(_("No counter serves that category."))
    ticket = _active_ticket(session, ticket_id, ACTIVE)
    ticket.status = Ticket.Status.WAITING
    ticket.rank = Ticket.RANK_TRANSFERRED
    ticket.queued_at = timezone.now()
    ticket.target_counter = counter
    if category is not None:
        ticket.category = category  # the number and its letter stay as printed
        ticket.target_counter = None
    ticket.counter = None
    ticket.clerk = None
    ticket.called_at = None
    ticket.started_at = None
    save_step(ticket, Ticket.Step.TRANSFER, reason=str(counter or category))
    return ticket


# -- counter sessions -----------------------------------------------------------------------


def session_for(user) -> CounterSession | None:
    return (
        CounterSession.objects.filter(clerk=user, ended_at__isnull=True)
        .select_related("counter")
        .first()
    )


def session_open(*, clerk, counter: Counter) -> CounterSession:
    """签到 at a counter: one clerk per counter, one counter per clerk."""
    if not counter.is_active:
        raise ValidationError(_("This counter is not in use."))
    # 新员工入职培训: no counter until the induction checklist is complete.
    training.check_sign_on(clerk)
    with transaction.atomic():
        for old in CounterSession.objects.select_for_update().filter(
            clerk=clerk, ended_at__isnull=True
        ):
            if old.counter_id == counter.pk:
                return old
            session_close(session=old)
        taken = CounterSession.objects.filter(counter=counter, ended_at__isnull=True).first()
        if taken is not None:
            raise ValidationError(
                _("%(counter)s is already taken by another clerk.") % {"counter": counter}
            )
        try:
            with transaction.atomic():
                session = CounterSession.objects.create(counter=counter, clerk=clerk)
        except IntegrityError:
            raise ValidationError(
                _("%(counter)s is already taken by another clerk.") % {"counter": counter}
            ) from None
    return session


@transaction.atomic
def session_close(*, session: CounterSession) -> None:
    if current_ticket(session.counter) is not None:
        raise ValidationError(_("Finish or skip the current ticket before signing off."))
    session.ended_at = timezone.now()
    session.save()


@transaction.atomic
def session_pause(*, session: CounterSession, paused: bool) -> CounterSession:
    """暂停: a paused counter calls nobody until it resumes."""
    session.is_paused = paused
    save_step(session, CounterSession.Step.PAUSE if paused else CounterSession.Step.RESUME)
    return session


# -- end of day -----------------------------------------------------------------------------


@transaction.atomic
def queue_close_day(*, day: dt.date | None = None) -> dict[str, int]:
    """At closing: waiting tickets are cancelled or carried over (QueueSettings), and
    bookings of past slots that nobody checked in become no-shows."""
    day = day or timezone.localdate()
    waiting = Ticket.objects.filter(status=Ticket.Status.WAITING, day__lte=day, carried_over=False)
    if QueueSettings.current().at_closing == QueueSettings.AtClosing.CARRY_OVER:
        handled = waiting.update(carried_over=True, rank=Ticket.RANK_TRANSFERRED)
    else:
        handled = waiting.update(status=Ticket.Status.CANCELLED)
    no_shows = Appointment.objects.filter(status=Appointment.Status.BOOKED, day__lte=day).update(
        status=Appointment.Status.NO_SHOW
    )
    return {"tickets": handled, "no_shows": no_shows}


def queue_close_past_days() -> None:
    """Close yesterday's queue if nobody did (the first workstation page of the day)."""
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    key = f"intake:closed:{yesterday}"
    # A read on every page; the write (which makes the database cache cull) once a day.
    if cache.get(key) is None and cache.add(key, True, 2 * 24 * 3600):
        queue_close_day(day=yesterday)


# -- figures --------------------------------------------------------------------------------


def estimated_wait_minutes(ticket: Ticket) -> tuple[int, int | None]:
    """(tickets ahead, estimated minutes) from today's real service times, shared among
    the counters open for the category now; minutes is None when no counter is open."""
    ahead = (
        Ticket.objects.filter(status=Ticket.Status.WAITING, category=ticket.category)
        .filter(Q(rank__lt=ticket.rank) | Q(rank=ticket.rank, queued_at__lt=ticket.queued_at))
        .count()
    )
    done = Ticket.objects.filter(
        day=ticket.day, category=ticket.category, status=Ticket.Status.DONE
    ).values_list("started_at", "finished_at")[:200]
    durations = [(end - start).total_seconds() / 60 for start, end in done if start and end]
    assumed = QueueSettings.current().minutes_per_ticket
    # A few quick 办结 must not promise a zero wait: at least one minute a ticket.
    per_ticket = max(statistics.mean(durations) if durations else assumed, 1)
    counters = CounterSession.objects.filter(
        ended_at__isnull=True, is_paused=False, counter__categories=ticket.category
    ).count()
    if counters == 0:
        return ahead, None
    return ahead, round(ahead * per_ticket / counters)
