import copy
import datetime as dt
from dataclasses import dataclass

from django.db import connection, models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from servicecenter import workdays
from servicecenter.dates import local_datetime
from servicecenter.history import StepRecord
from servicecenter.personal import validate_phone
from servicecenter.public import PublicContent, cached

PROFILE_KEY = "servicecenter:profile"


@dataclass(frozen=True)
class OpeningStatus:
    is_open: bool
    on_break: bool
    next_opening: dt.datetime | None  # when closed or on break: when it opens again
    closes_at: dt.datetime | None  # when open: when it closes (or breaks) next


class CenterProfile(PublicContent, models.Model):
    """The center itself: one row, shown in every page's footer."""

    name = models.CharField(_("name"), max_length=100)
    address = models.CharField(_("address"), max_length=200)
    complaint_phone = models.CharField(
        _("complaint phone"), max_length=20, validators=[validate_phone]
    )
    supervision_phone = models.CharField(
        _("supervision phone"), max_length=20, validators=[validate_phone]
    )
    consultation_phone = models.CharField(
        _("consultation phone"), max_length=20, blank=True, validators=[validate_phone]
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("center profile")
        verbose_name_plural = _("center profile")

    def __str__(self) -> str:
        return self.name

    @classmethod
    def current(cls) -> "CenterProfile | None":
        """The profile with its opening hours, from the shared cache."""
        return cached({PROFILE_KEY: cls.load})[PROFILE_KEY]

    @classmethod
    def load(cls) -> "CenterProfile | None":
        return cls.objects.prefetch_related("opening_hours").order_by("pk").first()

    def hours_summary(self) -> list[tuple[str, "OpeningHours"]]:
        """Opening hours with runs of alike weekdays joined: [("星期一至星期五", hours), …]."""
        groups: list[list[OpeningHours]] = []
        for hours in self.opening_hours.all():
            last = groups[-1][-1] if groups else None
            if last and last.weekday + 1 == hours.weekday and last.same_times(hours):
                groups[-1].append(hours)
            else:
                groups.append([hours])
        summary = []
        for group in groups:
            first, last = group[0].get_weekday_display(), group[-1].get_weekday_display()
            label = (
                first
                if len(group) == 1
                else _("%(first)s to %(last)s")
                % {
                    "first": first,
                    "last": last,
                }
            )
            summary.append((label, group[0]))
        return summary

    def hours_on(
        self, day: dt.date, known: workdays.Overrides = None, special: dict | None = None
    ) -> "OpeningHours | None":
        """The hours the center keeps on `day`, or None when it is closed all day.

        Working days (including 调休 make-up weekend days) use that weekday's hours, or the
        first weekday's when the weekday has none; a weekend day with its own hours is
        open (值班) unless it is a holiday or a local closure.
        """
        known = workdays.overrides() if known is None else known
        special = workdays.special_hours(known) if special is None else special
        hours = self._regular_hours_on(day, known, special)
        until = workdays.extended_until(day, special)
        if hours is not None and until is not None and until > hours.closes:
            # 延长工作时间: an approved extension moves this one date's closing time.
            hours = copy.copy(hours)
            hours.closes = until
        return hours

    def _regular_hours_on(self, day: dt.date, known: dict, special: dict):
        if workdays.override_kind(day, known) == "closed":
            return None
        # 节假日实行值班或预约服务: a day opened for service keeps its own hours.
        service_day = workdays.service_day(day, special)
        if service_day is not None:
            return service_day
        rows = {hours.weekday: hours for hours in self.opening_hours.all()}
        if not rows:
            return None
        if workdays.is_working_day(day, known):
            return rows.get(day.weekday()) or rows[min(rows)]
        if day.weekday() in rows and workdays.holiday_name(day) is None:
            return rows[day.weekday()]
        return None

    def special_hours_ahead(
        self, known: workdays.Overrides = None, days: int = 14
    ) -> list[tuple[dt.date, str, dt.time, dt.time]]:
        """The coming days open for service and extended hours, for the public pages:
        [(date, what, opens, closes)]."""
        today = timezone.localdate()
        known = workdays.overrides() if known is None else known
        special = workdays.special_hours(known)
        found = []
        for offset in range(days + 1):
            day = today + dt.timedelta(days=offset)
            service_day = workdays.service_day(day, special)
            until = workdays.extended_until(day, special)
            if service_day is not None:
                found.append(
                    (day, service_day.get_kind_display(), service_day.opens, service_day.closes)
                )
            if until is not None:
                hours = self.hours_on(day, known, special)
                if hours is not None:
                    found.append((day, str(_("Extended hours")), hours.opens, hours.closes))
        return found

    def status_at(self, moment: dt.datetime, known: workdays.Overrides = None) -> OpeningStatus:
        moment = timezone.localtime(moment)
        known = workdays.overrides() if known is None else known
        hours = self.hours_on(moment.date(), known, workdays.special_hours(known))
        if hours is not None:
            at = moment.time()
            if hours.opens <= at < hours.closes:
                if hours.break_starts and hours.break_starts <= at < hours.break_ends:
                    reopens = local_datetime(moment.date(), hours.break_ends)
                    return OpeningStatus(False, True, reopens, None)
                before_break = hours.break_starts and at < hours.break_starts
                ends = hours.break_starts if before_break else hours.closes
                return OpeningStatus(True, False, None, local_datetime(moment.date(), ends))
        return OpeningStatus(False, False, self.next_opening(moment, known), None)

    def next_opening(
        self, after: dt.datetime, known: workdays.Overrides = None
    ) -> dt.datetime | None:
        """The next time the center opens after `after` (looks up to 60 days ahead)."""
        after = timezone.localtime(after)
        known = workdays.overrides() if known is None else known
        special = workdays.special_hours(known)
        for offset in range(61):
            day = after.date() + dt.timedelta(days=offset)
            hours = self.hours_on(day, known, special)
            if hours is None:
                continue
            for start in (hours.opens, hours.break_ends):
                if start and local_datetime(day, start) > after:
                    return local_datetime(day, start)
        return None


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class OpeningHours(PublicContent, models.Model):
    """Hours for one weekday; a lunch break (午休) is optional."""

    profile = models.ForeignKey(
        CenterProfile, models.CASCADE, related_name="opening_hours", verbose_name=_("center")
    )
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"))
    break_starts = models.TimeField(_("lunch break starts"), null=True, blank=True)
    break_ends = models.TimeField(_("lunch break ends"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")
        ordering = ["weekday", "opens"]
        constraints = [
            models.UniqueConstraint(fields=["profile", "weekday"], name="one_hours_per_weekday"),
            models.CheckConstraint(
                condition=models.Q(opens__lt=F("closes")), name="opens_before_closes"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"

    def same_times(self, other: "OpeningHours") -> bool:
        fields = ("opens", "closes", "break_starts", "break_ends")
        return all(getattr(self, name) == getattr(other, name) for name in fields)

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.opens and self.closes and self.opens >= self.closes:
            raise ValidationError(_("The center must open before it closes."))
        if bool(self.break_starts) != bool(self.break_ends):
            raise ValidationError(
                _("Give both the start and the end of the lunch break, or neither.")
            )
        if self.break_starts and not (
            self.opens < self.break_starts < self.break_ends < self.closes
        ):
            raise ValidationError(_("The lunch break must lie within the opening hours."))


class WorkdayOverride(PublicContent, models.Model):
    """A local change to the national calendar: a closure day or an extra working (duty) day."""

    class Kind(models.TextChoices):
        CLOSED = "closed", _("Closed (not a working day)")
        WORKING = "working", _("Open (extra working day)")

    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    reason = models.CharField(_("reason"), max_length=200)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("working-day override")
        verbose_name_plural = _("working-day overrides")
        ordering = ["-date"]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.get_kind_display()}"


class ServiceDay(PublicContent, models.Model):
    """A weekend or holiday the center opens for service (值班 or 预约) with its hours.

    节假日实行值班或预约服务: being open for service is not a working day for deadlines, so
    opening a holiday here never shortens a 承诺时限 (unlike a WorkdayOverride).
    """

    class Kind(models.TextChoices):
        DUTY = "duty", _("On duty (值班)")
        APPOINTMENT = "appointment", _("By appointment (预约)")

    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"))
    break_starts = models.TimeField(_("lunch break starts"), null=True, blank=True)
    break_ends = models.TimeField(_("lunch break ends"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("day open for service")
        verbose_name_plural = _("days open for service")
        ordering = ["-date"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(opens__lt=F("closes")),
                name="service_day_opens_before_closes",
                violation_error_code="times",
                violation_error_message=_("The center must open before it closes."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.get_kind_display()}"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.opens and self.closes and self.opens >= self.closes:
            raise ValidationError(_("The center must open before it closes."), code="times")
        if bool(self.break_starts) != bool(self.break_ends):
            raise ValidationError(
                _("Give both the start and the end of the lunch break, or neither."), code="times"
            )


class ExtendedHours(PublicContent, models.Model):
    """延长工作时间: one date's closing time moved later, asked for and approved in advance."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        APPROVED = "approved", _("Approved")
        REFUSED = "refused", _("Refused")

    class Step(models.TextChoices):
        REQUEST = "request", _("Extension requested")
        APPROVE = "approve", _("Extension approved")
        REFUSE = "refuse", _("Extension refused")

    date = models.DateField(_("date"))
    closes = models.TimeField(_("open until"))
    reason = models.CharField(_("reason"), max_length=200)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.REQUESTED
    )
    requested_by = models.ForeignKey(
        "auth.User", models.PROTECT, related_name="+", verbose_name=_("requested by")
    )
    decided_by = models.ForeignKey(
        "auth.User",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    history = HistoricalRecords(bases=[StepRecord])

    class Meta:
        verbose_name = _("extended hours")
        verbose_name_plural = _("extended hours")
        ordering = ["-date"]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} → {self.closes:%H:%M}"


class DailyCounter(models.Model):
    """Gapless numbers per name per day (ticket A001…, case and notice serials).

    A technical row, not a business record: it changes on every number handed out,
    so it carries no history; the records that take the numbers do.
    """

    name = models.CharField(_("name"), max_length=40)
    day = models.DateField(_("day"))
    value = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("daily counter")
        verbose_name_plural = _("daily counters")
        constraints = [models.UniqueConstraint(fields=["name", "day"], name="one_counter_per_day")]

    def __str__(self) -> str:
        return f"{self.name} {self.day:%Y-%m-%d} #{self.value}"

    @classmethod
    def next_value(cls, name: str, day: dt.date | None = None) -> int:
        """Take the next number; call inside the transaction that stores it, so a
        rollback gives the number back and the sequence stays gapless.

        One statement: the upsert locks the row (PostgreSQL) or runs under the IMMEDIATE
        transaction's write lock (SQLite) until the caller's transaction ends, and the
        fewer round trips inside that lock, the more tickets per second.
        """
        day = day or timezone.localdate()
        table = cls._meta.db_table
        with transaction.atomic(savepoint=False), connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} (name, day, value) VALUES (%s, %s, 1) "
                f"ON CONFLICT (name, day) DO UPDATE SET value = {table}.value + 1 "
                "RETURNING value",
                [name, day],
            )
            return cursor.fetchone()[0]


class RateCount(models.Model):
    """One client's count in the current window of one rate limit (servicecenter.ratelimit),
    where the shared cache is the database: one upsert per hit, where the database cache
    took a dozen statements (add, incr, touch, each with its own cull count).

    A technical row like DailyCounter: no history. `key` holds a keyed hash, never the
    address or phone number counted.
    """

    key = models.CharField(_("key"), max_length=100, unique=True)
    ends = models.BigIntegerField(_("window ends"))  # seconds since the epoch
    count = models.PositiveIntegerField(_("count"), default=0)

    class Meta:
        verbose_name = _("rate count")
        verbose_name_plural = _("rate counts")

    def __str__(self) -> str:
        return f"{self.key} #{self.count}"


class FormSubmission(models.Model):
    """A state-changing form that has done its work: its one-time token and where its
    result is.

    Every such form carries a fresh signed token (servicecenter.tokens). The service that
    makes the record writes this row in the same transaction, so the same form sent again
    (a double-click, Back + resubmit, a replayed request) finds the row and leads to the
    record already made instead of making a second one. One small table instead of a
    token column on every model: a notice, a case, a booking, a step or a lost item all
    use it the same way.
    """

    token = models.CharField(max_length=32, unique=True, editable=False)
    result_url = models.CharField(max_length=200, editable=False)
    created_at = models.DateTimeField(default=timezone.now, db_index=True, editable=False)

    class Meta:
        verbose_name = _("form submission")
        verbose_name_plural = _("form submissions")

    def __str__(self) -> str:
        return self.result_url
