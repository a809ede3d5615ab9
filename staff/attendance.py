"""签到/签退 against the rota, and the monthly 考勤表.

Rules kept here (the regulations' 出勤 and 考勤 clauses):
- 员工需要在上班时间开始前15分钟签到 (ATTENDANCE_SIGN_IN_MINUTES): the workstation reminds
  from then on; a sign-in after the shift's start is 迟到, a sign-out before its end 早退.
- 旷工: a rota day with no sign-in and no approved leave (未经批准的请假将不被视为有效请假).
- 累计迟到或早退超过三次，将视为旷工一天 (ATTENDANCE_LATE_LIMIT per ATTENDANCE_LATE_PERIOD_MONTHS
  calendar months): lates and early leaves count together; the (limit + 1)-th in a period
  counts one day's absence (and so does every (limit + 1)-th after it).
- Attendance records are never edited directly: a forgotten sign-in or sign-out is put
  right by a correction request that a supervisor approves (marked as corrected); once the
  director has confirmed a month, an approved correction is a recorded amendment.
"""

import calendar
import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from servicecenter.dates import local_datetime
from servicecenter.history import save_step
from servicecenter.roles import Role, is_manager, user_roles
from staff.models import (
    Attendance,
    AttendanceCorrection,
    AttendanceMonth,
    LeaveRequest,
    RotaEntry,
    Shift,
)
from staff.overtime import overtime_hours

# -- signing in and out ----------------------------------------------------------------------


def shift_today(user, day: dt.date) -> RotaEntry | None:
    return RotaEntry.objects.filter(user=user, date=day).select_related("shift").first()


def _leave_halves(user, day: dt.date) -> set[str]:
    halves: set[str] = set()
    for request in LeaveRequest.objects.approved().covering(day).filter(user=user):
        halves |= {half for leave_day, half in request.half_days() if leave_day == day}
    return halves


@transaction.atomic
def attendance_sign_in(*, user, now: dt.datetime | None = None) -> Attendance:
    """签到 for today (the center's date). Refused on a day off, on a day of approved
    leave, and a second time."""
    now = now or timezone.now()
    day = timezone.localdate(now)
    entry = shift_today(user, day)
    if entry is None:
        raise ValidationError(
            _("You have no shift on the rota today; nothing was recorded."), code="no_shift"
        )
    if _leave_halves(user, day) >= {"am", "pm"}:
        raise ValidationError(_("You are on approved leave today."), code="on_leave")
    found = Attendance.objects.select_for_update().filter(user=user, date=day).first()
    if found is not None and found.signed_in_at is not None:
        raise ValidationError(
            _("Already signed in today at %(time)s.")
            % {"time": f"{timezone.localtime(found.signed_in_at):%H:%M}"},
            code="already_signed_in",
        )
    record = found or Attendance(user=user, date=day)
    record.signed_in_at = now
    try:
        with transaction.atomic():
            save_step(record, Attendance.Step.SIGN_IN)
    except IntegrityError:
        # Two clicks raced; the other one signed in.
        raise ValidationError(_("Already signed in today."), code="already_signed_in") from None
    return record


@transaction.atomic
def attendance_sign_out(*, user, now: dt.datetime | None = None) -> Attendance:
    """签退 for today; before the shift's end it is 早退."""
    now = now or timezone.now()
    day = timezone.localdate(now)
    record = Attendance.objects.select_for_update().filter(user=user, date=day).first()
    if record is None or record.signed_in_at is None:
        raise ValidationError(
            _("You have not signed in today: sign in first, or ask for a correction."),
            code="not_signed_in",
        )
    if record.signed_out_at is not None:
        raise ValidationError(
            _("Already signed out today at %(time)s.")
            % {"time": f"{timezone.localtime(record.signed_out_at):%H:%M}"},
            code="already_signed_out",
        )
    record.signed_out_at = now
    save_step(record, Attendance.Step.SIGN_OUT)
    return record


def sign_in_reminder(user, now: dt.datetime | None = None) -> RotaEntry | None:
    """The rota entry to remind about when `user` should have signed in by now (from
    ATTENDANCE_SIGN_IN_MINUTES before the shift until its end) and has not."""
    now = timezone.localtime(now or timezone.now())

    def signed_in() -> bool:
        found = Attendance.objects.filter(user=user, date=now.date(), signed_in_at__isnull=False)
        return found.exists()

    return _reminder(user, now, shift_today(user, now.date()), signed_in)


def _reminder(
    user, now: dt.datetime, entry: RotaEntry | None, signed_in: Callable[[], bool]
) -> RotaEntry | None:
    if entry is None:
        return None
    opens = local_datetime(now.date(), entry.shift.starts) - dt.timedelta(
        minutes=settings.ATTENDANCE_SIGN_IN_MINUTES
    )
    if not (opens <= now < local_datetime(now.date(), entry.shift.ends)):
        return None
    if signed_in():
        return None
    if _leave_halves(user, now.date()) >= {"am", "pm"}:
        return None
    return entry


# -- what a day was ------------------------------------------------------------------------


class Mark:
    PRESENT = "present"  # 出勤
    LATE = "late"  # 迟到
    EARLY = "early"  # 早退
    ABSENT = "absent"  # 旷工
    DUTY = "duty"  # 值班/预约
    LEAVE = "leave"  # one of LeaveRequest.Kind


@dataclass
class Day:
    date: dt.date
    shift: Shift | None = None
    duty: bool = False
    marks: set[str] = field(default_factory=set)
    leave_kind: str = ""
    corrected: bool = False
    overtime: Decimal = Decimal(0)

    @property
    def symbol(self) -> str:
        """How the 考勤表 shows the day: √ 出勤, 迟 迟到, 早 早退, 旷 旷工, a leave's mark, 值
        for a 值班 day; blank for a day off or one still to come."""
        parts = []
        if self.leave_kind:
            parts.append(LeaveRequest.MARKS.get(self.leave_kind, "假"))
        if Mark.ABSENT in self.marks:
            parts.append("旷")
        if Mark.LATE in self.marks:
            parts.append("迟")
        if Mark.EARLY in self.marks:
            parts.append("早")
        if Mark.PRESENT in self.marks and not ({Mark.LATE, Mark.EARLY} & self.marks):
            parts.append("√")
        if self.duty and parts and not self.leave_kind:
            parts.insert(0, "值")
        if self.corrected:
            parts.append("*")
        return "".join(parts)


def judge(
    entry: RotaEntry | None,
    record: Attendance | None,
    leave_halves: dict[str, str],
    day: dt.date,
    now: dt.datetime,
) -> Day:
    """One staff member's day against the rota. `leave_halves`: {"am"/"pm": leave kind}."""
    result = Day(date=day)
    if entry is None:
        if leave_halves:
            result.leave_kind = next(iter(leave_halves.values()))
        return result
    shift = entry.shift
    result.shift, result.duty = shift, entry.is_holiday_duty
    if leave_halves:
        result.leave_kind = leave_halves.get("am") or leave_halves.get("pm")
    if {"am", "pm"} <= set(leave_halves):
        return result
    starts = shift.afternoon_starts if "am" in leave_halves else shift.starts
    ends = shift.morning_ends if "pm" in leave_halves else shift.ends
    if local_datetime(day, ends) > now and (record is None or record.signed_out_at is None):
        # The day is not over: only what has happened counts (a late sign-in).
        if record and record.signed_in_at and record.signed_in_at > local_datetime(day, starts):
            result.marks.add(Mark.LATE)
        return result
    if record is None or record.signed_in_at is None:
        result.marks.add(Mark.ABSENT)
        return result
    result.corrected = record.corrected
    result.marks.add(Mark.PRESENT)
    if record.signed_in_at > local_datetime(day, starts):
        result.marks.add(Mark.LATE)
    # A missing sign-out is an early leave until a correction puts it right.
    if record.signed_out_at is None or record.signed_out_at < local_datetime(day, ends):
        result.marks.add(Mark.EARLY)
    return result


def month_bounds(month: dt.date) -> tuple[dt.date, dt.date]:
    first = month.replace(day=1)
    return first, first.replace(day=calendar.monthrange(first.year, first.month)[1])


def period_start(day: dt.date) -> dt.date:
    """The first day of the 迟到/早退 counting period `day` falls in (calendar months)."""
    months = max(settings.ATTENDANCE_LATE_PERIOD_MONTHS, 1)
    index = (day.month - 1) // months * months
    return dt.date(day.year, index + 1, 1)


@dataclass
class Row:
    user_id: int
    name: str
    badge: str
    days: list[Day]
    lates_before: int = 0  # lates and early leaves earlier in the counting period

    def count(self, mark: str) -> int:
        return sum(mark in day.marks for day in self.days)

    @property
    def present(self) -> int:
        return self.count(Mark.PRESENT)

    @property
    def late(self) -> int:
        return self.count(Mark.LATE)

    @property
    def early(self) -> int:
        return self.count(Mark.EARLY)

    @property
    def absent(self) -> int:
        return self.count(Mark.ABSENT)

    @property
    def absent_from_lates(self) -> int:
        """累计迟到或早退超过三次，视为旷工一天: days of absence the lates and early leaves
        of this month add, counted over the whole period."""
        step = settings.ATTENDANCE_LATE_LIMIT + 1
        before = self.lates_before
        return (before + self.late + self.early) // step - before // step

    @property
    def absent_total(self) -> int:
        return self.absent + self.absent_from_lates

    @property
    def duty(self) -> int:
        return sum(day.duty and bool(day.marks - {Mark.ABSENT}) for day in self.days)

    @property
    def overtime(self) -> Decimal:
        return sum((day.overtime for day in self.days), Decimal(0))

    def leave_days(self) -> dict[str, Decimal]:
        totals: dict[str, Decimal] = defaultdict(Decimal)
        for day in self.days:
            if day.leave_kind and day.shift is not None:
                totals[day.leave_kind] += Decimal(1) if not day.marks else Decimal("0.5")
        return dict(totals)

    @property
    def leave_summary(self) -> str:
        """病1 事0.5: each leave type's mark and days."""
        return " ".join(
            f"{LeaveRequest.MARKS.get(kind, '假')}{days.normalize()}"
            for kind, days in self.leave_days().items()
        )


def month_rows(month: dt.date, now: dt.datetime | None = None, users=None) -> list[Row]:
    """The 考勤表's rows: every staff member with a rota day, leave or sign-in that month
    (and `users` if given), one Day per date. A fixed number of queries."""
    from staff.rota import rota_people

    now = now or timezone.now()
    first, last = month_bounds(month)
    counted_from = min(period_start(first), first)
    entries = RotaEntry.objects.filter(date__range=(counted_from, last)).select_related("shift")
    records = Attendance.objects.filter(date__range=(counted_from, last))
    leaves = LeaveRequest.objects.approved().filter(
        start_date__lte=last, end_date__gte=counted_from
    )
    by_entry = {(e.user_id, e.date): e for e in entries}
    by_record = {(r.user_id, r.date): r for r in records}
    by_leave: dict[tuple[int, dt.date], dict[str, str]] = defaultdict(dict)
    for request in leaves:
        for day, half in request.half_days():
            by_leave[(request.user_id, day)][half] = request.kind
    people = list(rota_people())
    if users is not None:
        wanted = {user.pk for user in users}
        people = [profile for profile in people if profile.user_id in wanted]
    rows = []
    dates = [first + dt.timedelta(days=offset) for offset in range((last - first).days + 1)]
    earlier = [
        counted_from + dt.timedelta(days=offset) for offset in range((first - counted_from).days)
    ]
    for profile in people:
        uid = profile.user_id
        overtime = overtime_hours(profile.user, first, last)

        def judged(day: dt.date, uid=uid) -> Day:
            return judge(
                by_entry.get((uid, day)), by_record.get((uid, day)), by_leave[(uid, day)], day, now
            )

        days = []
        for day in dates:
            result = judged(day)
            result.overtime = Decimal(overtime.get(day, 0))
            days.append(result)
        before = sum(len(judged(day).marks & {Mark.LATE, Mark.EARLY}) for day in earlier)
        rows.append(Row(uid, profile.name, profile.badge_number, days, before))
    return rows


def confirmed(month: dt.date) -> AttendanceMonth | None:
    return AttendanceMonth.objects.filter(month=month.replace(day=1)).first()


@transaction.atomic
def month_confirm(*, month: dt.date, by, now: dt.datetime | None = None) -> AttendanceMonth:
    """The director confirms a month's 考勤表 once it is over; it is then locked."""
    now = now or timezone.now()
    first, last = month_bounds(month)
    if str(Role.DIRECTOR) not in user_roles(by):
        raise ValidationError(_("Only the director confirms the 考勤表."), code="not_director")
    if timezone.localdate(now) <= last:
        raise ValidationError(
            _("The month is not over yet: confirm it from its last day's end."), code="month_open"
        )
    if AttendanceMonth.objects.filter(month=first).exists():
        raise ValidationError(_("This month is confirmed already."), code="confirmed")
    record = AttendanceMonth(month=first, confirmed_by=by, confirmed_at=now)
    save_step(record, AttendanceMonth.Step.CONFIRM)
    return record


# -- corrections -----------------------------------------------------------------------------


@transaction.atomic
def correction_request(
    *, user, day: dt.date, kind: str, time: dt.time, reason: str, now: dt.datetime | None = None
) -> AttendanceCorrection:
    now = now or timezone.now()
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Give the reason for the correction."), code="reason")
    if day > timezone.localdate(now) or local_datetime(day, time) > now:
        raise ValidationError(_("A correction is for a time that has passed."), code="future")
    if shift_today(user, day) is None:
        raise ValidationError(_("You had no shift on the rota that day."), code="no_shift")
    record = Attendance.objects.filter(user=user, date=day).first()
    if kind == AttendanceCorrection.Kind.SIGN_IN and record and record.signed_in_at:
        raise ValidationError(_("You signed in that day already."), code="not_forgotten")
    if kind == AttendanceCorrection.Kind.SIGN_OUT:
        if record is None or record.signed_in_at is None:
            raise ValidationError(
                _("Ask first for the forgotten sign-in of that day."), code="no_sign_in"
            )
        if record.signed_out_at:
            raise ValidationError(_("You signed out that day already."), code="not_forgotten")
    if AttendanceCorrection.objects.filter(
        user=user, date=day, kind=kind, status=AttendanceCorrection.Status.REQUESTED
    ).exists():
        raise ValidationError(_("This correction is awaiting approval already."), code="duplicate")
    correction = AttendanceCorrection(user=user, date=day, kind=kind, time=time, reason=reason)
    correction.full_clean()
    save_step(correction, AttendanceCorrection.Step.REQUEST, reason=reason)
    return correction


@transaction.atomic
def correction_decide(
    *, correction: AttendanceCorrection, approve: bool, by
) -> AttendanceCorrection:
    correction = AttendanceCorrection.objects.select_for_update().get(pk=correction.pk)
    if not is_manager(by) or correction.user_id == by.pk:
        raise ValidationError(
            _("A supervisor decides on corrections, never on their own."), code="not_allowed"
        )
    if correction.status != AttendanceCorrection.Status.REQUESTED:
        raise ValidationError(_("This request was decided already."), code="decided")
    correction.decided_by = by
    if not approve:
        correction.status = AttendanceCorrection.Status.REFUSED
        save_step(correction, AttendanceCorrection.Step.REFUSE)
        return correction
    record = (
        Attendance.objects.select_for_update()
        .filter(user=correction.user, date=correction.date)
        .first()
    ) or Attendance(user=correction.user, date=correction.date)
    moment = local_datetime(correction.date, correction.time)
    if correction.kind == AttendanceCorrection.Kind.SIGN_IN:
        if record.signed_in_at is not None:
            raise ValidationError(_("That day has a sign-in already."), code="not_forgotten")
        record.signed_in_at = moment
    else:
        if record.signed_in_at is None or record.signed_out_at is not None:
            raise ValidationError(_("That day cannot take this sign-out."), code="not_forgotten")
        record.signed_out_at = moment
    record.corrected = True
    save_step(record, Attendance.Step.CORRECT, reason=correction.reason)
    # A month the director confirmed stays locked: the correction is a recorded amendment.
    correction.is_amendment = confirmed(correction.date) is not None
    correction.status = AttendanceCorrection.Status.APPROVED
    save_step(correction, AttendanceCorrection.Step.APPROVE)
    return correction


def today_for(user) -> dict:
    """What the workstation shows about today's 签到/签退: the record, a reminder when the
    shift is near or on and nobody signed in, and whether there is a shift at all."""
    now = timezone.localtime()
    record = Attendance.objects.filter(user=user, date=now.date()).first()
    # One read of the rota and of the record serve the reminder too (the workstation is
    # loaded after every step at the counter).
    entry = shift_today(user, now.date())
    signed_in = record is not None and record.signed_in_at is not None
    return {
        "record": record,
        "reminder": _reminder(user, now, entry, lambda: signed_in),
        "has_shift": entry is not None,
    }
