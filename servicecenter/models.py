import datetime as dt

from django.core.cache import cache
from django.db import models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from servicecenter.personal import validate_phone

PROFILE_CACHE_KEY = "servicecenter:profile"


class CenterProfile(models.Model):
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

    def save(self, *args, **kwargs) -> None:
        super().save(*args, **kwargs)
        transaction.on_commit(lambda: cache.delete(PROFILE_CACHE_KEY))

    @classmethod
    def current(cls) -> "CenterProfile | None":
        """The profile with its opening hours, from the shared cache when possible."""
        profile = cache.get(PROFILE_CACHE_KEY)
        if profile is None:
            profile = cls.objects.prefetch_related("opening_hours").order_by("pk").first()
            if profile is not None:
                cache.set(PROFILE_CACHE_KEY, profile, 600)
        return profile


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class OpeningHours(models.Model):
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

    def save(self, *args, **kwargs) -> None:
        super().save(*args, **kwargs)
        transaction.on_commit(lambda: cache.delete(PROFILE_CACHE_KEY))

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


class WorkdayOverride(models.Model):
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

    def save(self, *args, **kwargs) -> None:
        from servicecenter import workdays

        super().save(*args, **kwargs)
        transaction.on_commit(workdays.forget_overrides)

    def delete(self, *args, **kwargs):
        from servicecenter import workdays

        result = super().delete(*args, **kwargs)
        transaction.on_commit(workdays.forget_overrides)
        return result


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
        rollback gives the number back and the sequence stays gapless."""
        day = day or timezone.localdate()
        with transaction.atomic():
            counter, _created = cls.objects.select_for_update().get_or_create(name=name, day=day)
            counter.value = F("value") + 1
            counter.save(update_fields=["value"])
            counter.refresh_from_db(fields=["value"])
        return counter.value
