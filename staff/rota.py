"""The 排班表: each staff member's shift per day, copied from last week as a start; who is
on duty on a day (挂牌上岗: the rota, minus approved leave, plus substitutes); and the
requests to extend one date's hours (延长工作时间).

Regulations kept here: 每位员工须按照排班表严格执行工作时间 (the rota), 节假日实行值班或预约
服务 (weekend and holiday 值班/预约 days without making them working days for deadlines).
"""

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from servicecenter.history import save_step
from servicecenter.models import ExtendedHours, ServiceDay
from servicecenter.roles import is_manager
from staff.models import Counter, LeaveRequest, RotaEntry, Shift, StaffProfile


def week_start(day: dt.date) -> dt.date:
    """The Monday of `day`'s week."""
    return day - dt.timedelta(days=day.weekday())


def week_days(monday: dt.date) -> list[dt.date]:
    return [monday + dt.timedelta(days=offset) for offset in range(7)]


def rota_people():
    """Who appears on the rota: active users with a staff profile, by badge."""
    return (
        StaffProfile.objects.filter(user__is_active=True)
        .select_related("user", "counter")
        .order_by("badge_number")
    )


def week_grid(monday: dt.date) -> list[tuple[StaffProfile, list[RotaEntry | None]]]:
    """One row per staff member, one cell per day of the week (None: day off). Two queries."""
    days = week_days(monday)
    entries = RotaEntry.objects.filter(date__range=(days[0], days[-1])).select_related(
        "shift", "counter"
    )
    found = {(entry.user_id, entry.date): entry for entry in entries}
    return [
        (profile, [found.get((profile.user_id, day)) for day in days]) for profile in rota_people()
    ]


def duty_for(day: dt.date) -> str:
    """The kind of day a rota entry on `day` is: 值班/预约 on a day open for service,
    值班 on any other weekend or holiday, regular on a working day."""
    from servicecenter import workdays

    special = ServiceDay.objects.filter(date=day).first()
    if special is not None:
        return str(special.kind)
    if workdays.is_working_day(day):
        return RotaEntry.Duty.REGULAR
    return RotaEntry.Duty.DUTY


@transaction.atomic
def rota_set(
    *, user, day: dt.date, shift: Shift | None, counter: Counter | None = None, by
) -> RotaEntry | None:
    """Put `user` on `shift` on `day` (None: a day off). Supervisors only."""
    if not is_manager(by):
        raise ValidationError(_("Only a supervisor edits the rota."), code="not_manager")
    if shift is not None and not shift.is_active:
        raise ValidationError(_("This shift is no longer in use."), code="inactive_shift")
    # Attendance is judged against the rota: a past day changed would rewrite 迟到/旷工.
    if day < timezone.localdate():
        raise ValidationError(
            _("A past day's rota is not changed; a forgotten sign-in is an attendance correction."),
            code="past",
        )
    entry = RotaEntry.objects.select_for_update().filter(user=user, date=day).first()
    if shift is None:
        if entry is not None:
            entry.delete()
        return None
    if entry is None:
        entry = RotaEntry(user=user, date=day)
    entry.shift = shift
    entry.counter = counter or getattr(getattr(user, "staff_profile", None), "counter", None)
    entry.duty = duty_for(day)
    entry.full_clean()
    entry.save()
    return entry


@transaction.atomic
def rota_copy_week(*, monday: dt.date, by) -> int:
    """Fill the week starting `monday` from the week before (a start to edit): days that
    already have a shift keep it. Returns how many entries were made."""
    if not is_manager(by):
        raise ValidationError(_("Only a supervisor edits the rota."), code="not_manager")
    if monday.weekday() != 0:
        raise ValidationError(_("A week starts on a Monday."), code="not_monday")
    previous = RotaEntry.objects.filter(
        date__range=(monday - dt.timedelta(days=7), monday - dt.timedelta(days=1)),
        user__is_active=True,
        shift__is_active=True,
    )
    taken = set(
        RotaEntry.objects.filter(date__range=(monday, monday + dt.timedelta(days=6))).values_list(
            "user_id", "date"
        )
    )
    made = 0
    for entry in previous:
        day = entry.date + dt.timedelta(days=7)
        if (entry.user_id, day) in taken:
            continue
        RotaEntry.objects.create(
            user_id=entry.user_id,
            date=day,
            shift_id=entry.shift_id,
            counter_id=entry.counter_id,
            duty=duty_for(day),
        )
        made += 1
    if not made:
        raise ValidationError(
            _("Nothing to copy: last week has no shifts that this week does not have already."),
            code="nothing_to_copy",
        )
    return made


# -- who is on duty (挂牌上岗) ----------------------------------------------------------------


@dataclass(frozen=True)
class OnDuty:
    profile: StaffProfile
    shift: Shift
    counter: Counter | None
    substitutes_for: StaffProfile | None  # 替班: in place of this colleague on leave
    duty: str


def on_duty(day: dt.date) -> list[OnDuty]:
    """Who works on `day`: the rota, minus staff on approved leave that day, plus the
    substitutes named on that leave (at the absent colleague's counter). A fixed number of
    queries."""
    entries = list(
        RotaEntry.objects.on(day)
        .filter(user__is_active=True)
        .select_related("shift", "counter", "user__staff_profile__counter")
    )
    leave = {
        request.user_id: request
        for request in LeaveRequest.objects.approved()
        .covering(day)
        .select_related("substitute__staff_profile__counter")
    }
    working = []
    for entry in entries:
        profile = getattr(entry.user, "staff_profile", None)
        if profile is None:
            continue
        counter = entry.counter or profile.counter
        request = leave.get(entry.user_id)
        if request is None:
            working.append(OnDuty(profile, entry.shift, counter, None, entry.duty))
            continue
        substitute = getattr(request.substitute, "staff_profile", None)
        if substitute is not None and request.substitute_id not in leave:
            working.append(OnDuty(substitute, entry.shift, counter, profile, entry.duty))
    # A substitute on their own rota that day appears once, with their own shift.
    seen: set[int] = set()
    result = []
    for person in sorted(working, key=lambda p: p.substitutes_for is not None):
        if person.profile.user_id not in seen:
            seen.add(person.profile.user_id)
            result.append(person)
    return sorted(result, key=lambda p: (p.counter.number if p.counter else 10**6, p.shift.starts))


# -- 延长工作时间 ------------------------------------------------------------------------------


@transaction.atomic
def extension_request(*, day: dt.date, closes: dt.time, reason: str, by) -> ExtendedHours:
    """Ask to keep the center open later on `day`; it must be asked for in advance."""
    from servicecenter.models import CenterProfile

    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Give the reason for the longer hours."), code="reason")
    if day <= timezone.localdate():
        raise ValidationError(
            _("Longer hours are approved in advance: ask for a day after today."), code="late"
        )
    center = CenterProfile.objects.prefetch_related("opening_hours").order_by("pk").first()
    hours = center.hours_on(day) if center else None
    if hours is None:
        raise ValidationError(_("The center is closed that day."), code="closed")
    if closes <= hours.closes:
        raise ValidationError(
            _("The center closes at %(time)s that day already: give a later time.")
            % {"time": f"{hours.closes:%H:%M}"},
            code="not_later",
        )
    if ExtendedHours.objects.filter(
        date=day, status__in=[ExtendedHours.Status.REQUESTED, ExtendedHours.Status.APPROVED]
    ).exists():
        raise ValidationError(
            _("Longer hours are already asked for or approved on that day."), code="duplicate"
        )
    extension = ExtendedHours(date=day, closes=closes, reason=reason, requested_by=by)
    save_step(extension, ExtendedHours.Step.REQUEST, reason=reason)
    return extension


@transaction.atomic
def extension_decide(*, extension: ExtendedHours, approve: bool, by) -> ExtendedHours:
    """A supervisor approves or refuses, before the day."""
    extension = ExtendedHours.objects.select_for_update().get(pk=extension.pk)
    if not is_manager(by):
        raise ValidationError(_("Only a supervisor decides on longer hours."), code="not_manager")
    if extension.status != ExtendedHours.Status.REQUESTED:
        raise ValidationError(_("This request was decided already."), code="decided")
    if approve and extension.date <= timezone.localdate():
        raise ValidationError(
            _("Longer hours are approved in advance; this day has come."), code="late"
        )
    extension.status = ExtendedHours.Status.APPROVED if approve else ExtendedHours.Status.REFUSED
    extension.decided_by = by
    step = ExtendedHours.Step.APPROVE if approve else ExtendedHours.Step.REFUSE
    save_step(extension, step)
    return extension


def staff_users():
    return get_user_model().objects.filter(is_active=True, staff_profile__isnull=False)
