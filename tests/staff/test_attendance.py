"""签到/签退 against the rota: 迟到, 早退, 旷工, the 3-lates rule, corrections, edge cases."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from servicecenter.roles import Role
from staff import attendance
from staff.attendance import Mark
from staff.models import Attendance, AttendanceCorrection, LeaveRequest, Shift
from tests.staff.rota_helpers import at, person, put_on_rota

pytestmark = pytest.mark.django_db

NOV = [dt.date(2026, 11, day) for day in (2, 3, 4, 5, 6, 9, 10)]  # working days


def work(user, day, sign_in=(8, 50), sign_out=(18, 5)):
    attendance.attendance_sign_in(user=user, now=at(day, *sign_in))
    if sign_out:
        attendance.attendance_sign_out(user=user, now=at(day, *sign_out))


def row_for(user, month=dt.date(2026, 11, 1), now=None):
    (row,) = attendance.month_rows(month, now=now or at(dt.date(2026, 12, 1), 9), users=[user])
    return row


def marks(user, day, now=None):
    row = row_for(user, day.replace(day=1), now)
    return row.days[day.day - 1].marks


def test_on_time_is_present_late_after_the_start_early_before_the_end():
    wang = person("wang")
    put_on_rota(wang, *NOV[:3])
    work(wang, NOV[0])
    work(wang, NOV[1], sign_in=(9, 1))
    work(wang, NOV[2], sign_out=(17, 59))
    assert marks(wang, NOV[0]) == {Mark.PRESENT}
    assert marks(wang, NOV[1]) == {Mark.PRESENT, Mark.LATE}
    assert marks(wang, NOV[2]) == {Mark.PRESENT, Mark.EARLY}


def test_a_rota_day_without_sign_in_or_approved_leave_is_absence():
    wang, li = person("wang"), person("li")
    boss = person("boss", Role.SUPERVISOR)
    put_on_rota(wang, NOV[0], NOV[1])
    LeaveRequest.objects.create(
        user=wang,
        kind="personal",
        start_date=NOV[1],
        end_date=NOV[1],
        reason="x",
        substitute=li,
        status=LeaveRequest.Status.REQUESTED,
    )
    assert marks(wang, NOV[0]) == {Mark.ABSENT}
    assert marks(wang, NOV[1]) == {Mark.ABSENT}  # unapproved leave is no leave
    LeaveRequest.objects.update(status=LeaveRequest.Status.APPROVED, decided_by=boss)
    day = row_for(wang).days[NOV[1].day - 1]
    assert day.marks == set() and day.symbol == "事"


def test_the_fourth_late_or_early_leave_in_a_month_counts_one_days_absence(settings):
    settings.ATTENDANCE_LATE_LIMIT = 3
    wang = person("wang")
    put_on_rota(wang, *NOV[:5])
    work(wang, NOV[0], sign_in=(9, 5))
    work(wang, NOV[1], sign_out=(17, 30))
    work(wang, NOV[2], sign_in=(9, 20))
    row = row_for(wang, now=at(NOV[2], 19))
    assert (row.late, row.early, row.absent_total) == (2, 1, 0)
    work(wang, NOV[3], sign_out=(17, 0))  # the 4th
    row = row_for(wang, now=at(NOV[3], 19))
    assert row.absent_from_lates == 1 and row.absent_total == 1
    work(wang, NOV[4], sign_in=(9, 30))  # the 5th: still one day
    assert row_for(wang).absent_total == 1


def test_lates_count_again_from_zero_in_a_new_month():
    wang = person("wang")
    october = [dt.date(2026, 10, day) for day in (27, 28, 29)]
    put_on_rota(wang, *october, NOV[0])
    for day in october:
        work(wang, day, sign_in=(9, 10))
    work(wang, NOV[0], sign_in=(9, 10))
    assert row_for(wang, dt.date(2026, 10, 1)).absent_from_lates == 0
    assert row_for(wang).absent_from_lates == 0


def test_the_period_is_a_setting(settings):
    settings.ATTENDANCE_LATE_PERIOD_MONTHS = 12
    wang = person("wang")
    october = [dt.date(2026, 10, day) for day in (27, 28, 29)]
    put_on_rota(wang, *october, NOV[0])
    for day in october:
        work(wang, day, sign_in=(9, 10))
    work(wang, NOV[0], sign_in=(9, 10))
    assert row_for(wang).absent_from_lates == 1


def test_signing_in_on_a_day_off_is_refused_and_records_nothing():
    wang = person("wang")
    with pytest.raises(ValidationError) as refused:
        attendance.attendance_sign_in(user=wang, now=at(NOV[0], 8, 50))
    assert refused.value.code == "no_shift"
    assert not Attendance.objects.exists()


def test_signing_in_twice_keeps_the_first_time():
    wang = person("wang")
    put_on_rota(wang, NOV[0])
    attendance.attendance_sign_in(user=wang, now=at(NOV[0], 8, 50))
    with pytest.raises(ValidationError) as refused:
        attendance.attendance_sign_in(user=wang, now=at(NOV[0], 9, 30))
    assert refused.value.code == "already_signed_in" and "08:50" in refused.value.messages[0]
    record = Attendance.objects.get()
    assert record.signed_in_at == at(NOV[0], 8, 50)
    assert record.history.count() == 1


def test_signing_out_without_signing_in_is_refused():
    wang = person("wang")
    put_on_rota(wang, NOV[0])
    with pytest.raises(ValidationError) as refused:
        attendance.attendance_sign_out(user=wang, now=at(NOV[0], 18))
    assert refused.value.code == "not_signed_in"


def test_the_last_minute_of_the_month_in_shanghai_belongs_to_that_month():
    wang = person("wang")
    late = Shift.objects.create(name="夜班", starts=dt.time(15), ends=dt.time(23, 59))
    put_on_rota(wang, dt.date(2026, 10, 31), shift=late)
    put_on_rota(wang, dt.date(2026, 11, 1), shift=late)
    # 2026-10-31 23:59 in Shanghai is 15:59 UTC the same day; 00:01 is 16:01 UTC on 10-31.
    attendance.attendance_sign_in(user=wang, now=at(dt.date(2026, 10, 31), 14, 45))
    record = attendance.attendance_sign_out(user=wang, now=at(dt.date(2026, 10, 31), 23, 59))
    assert record.date == dt.date(2026, 10, 31)
    with pytest.raises(ValidationError) as refused:
        attendance.attendance_sign_out(user=wang, now=at(dt.date(2026, 11, 1), 0, 1))
    assert refused.value.code == "not_signed_in"  # a new day, in a new month
    assert marks(wang, dt.date(2026, 10, 31)) == {Mark.PRESENT}


def test_a_shift_across_lunch_a_half_day_of_leave_moves_the_times():
    wang, li = person("wang"), person("li")
    boss = person("boss", Role.SUPERVISOR)
    put_on_rota(wang, NOV[0], NOV[1])
    # Signing out at the lunch break of a 9:00–18:00 shift is an early leave…
    work(wang, NOV[0], sign_out=(12, 0))
    assert Mark.EARLY in marks(wang, NOV[0])
    # …unless the afternoon is approved leave.
    LeaveRequest.objects.create(
        user=wang,
        kind="personal",
        start_date=NOV[1],
        end_date=NOV[1],
        end_half="pm",
        start_half="pm",
        reason="x",
        substitute=li,
        status="approved",
        decided_by=boss,
    )
    work(wang, NOV[1], sign_out=(12, 0))
    assert marks(wang, NOV[1]) == {Mark.PRESENT}


def test_a_forgotten_sign_out_is_put_right_only_through_an_approved_request():
    wang = person("wang")
    boss = person("boss", Role.SUPERVISOR)
    put_on_rota(wang, NOV[0])
    work(wang, NOV[0], sign_out=None)
    assert Mark.EARLY in marks(wang, NOV[0])
    correction = attendance.correction_request(
        user=wang,
        day=NOV[0],
        kind="sign_out",
        time=dt.time(18, 2),
        reason="忘记签退",
        now=at(NOV[1], 9),
    )
    assert Mark.EARLY in marks(wang, NOV[0])  # not until approved
    with pytest.raises(ValidationError):
        attendance.correction_decide(correction=correction, approve=True, by=wang)
    attendance.correction_decide(correction=correction, approve=True, by=boss)
    record = Attendance.objects.get()
    assert record.corrected and record.signed_out_at == at(NOV[0], 18, 2)
    assert record.history.latest().history_step == Attendance.Step.CORRECT
    assert marks(wang, NOV[0]) == {Mark.PRESENT}
    assert row_for(wang).days[NOV[0].day - 1].symbol == "√*"
    correction.refresh_from_db()
    assert correction.status == AttendanceCorrection.Status.APPROVED


def test_a_correction_after_the_month_was_confirmed_is_an_amendment():
    wang = person("wang")
    boss = person("boss", Role.SUPERVISOR)
    head = person("head", Role.DIRECTOR)
    put_on_rota(wang, NOV[0])
    attendance.month_confirm(month=NOV[0], by=head, now=at(dt.date(2026, 12, 1), 9))
    correction = attendance.correction_request(
        user=wang,
        day=NOV[0],
        kind="sign_in",
        time=dt.time(8, 45),
        reason="忘记签到",
        now=at(dt.date(2026, 12, 2), 9),
    )
    attendance.correction_decide(correction=correction, approve=True, by=boss)
    correction.refresh_from_db()
    assert correction.is_amendment


def test_the_month_is_confirmed_by_the_director_once_it_is_over():
    boss = person("boss", Role.SUPERVISOR)
    head = person("head", Role.DIRECTOR)
    with pytest.raises(ValidationError) as refused:
        attendance.month_confirm(month=NOV[0], by=boss, now=at(dt.date(2026, 12, 1), 9))
    assert refused.value.code == "not_director"
    with pytest.raises(ValidationError) as refused:
        attendance.month_confirm(month=NOV[0], by=head, now=at(dt.date(2026, 11, 30), 23, 59))
    assert refused.value.code == "month_open"
    attendance.month_confirm(month=NOV[0], by=head, now=at(dt.date(2026, 12, 1), 0, 1))
    with pytest.raises(ValidationError) as refused:
        attendance.month_confirm(month=NOV[0], by=head, now=at(dt.date(2026, 12, 1), 9))
    assert refused.value.code == "confirmed"


def test_the_workstation_reminds_a_clerk_who_has_not_signed_in(settings):
    settings.ATTENDANCE_SIGN_IN_MINUTES = 15
    wang = person("wang")
    put_on_rota(wang, NOV[0])
    assert attendance.sign_in_reminder(wang, at(NOV[0], 8, 44)) is None
    assert attendance.sign_in_reminder(wang, at(NOV[0], 8, 45)) is not None
    attendance.attendance_sign_in(user=wang, now=at(NOV[0], 8, 50))
    assert attendance.sign_in_reminder(wang, at(NOV[0], 8, 51)) is None


def test_attendance_is_read_only_in_the_admin(client):
    boss = person("boss", Role.SUPERVISOR)
    wang = person("wang")
    put_on_rota(wang, NOV[0])
    record = attendance.attendance_sign_in(user=wang, now=at(NOV[0], 8, 50))
    client.force_login(boss)
    assert client.get("/admin/staff/attendance/").status_code == 200
    page = client.get(f"/admin/staff/attendance/{record.pk}/change/").content.decode()
    assert 'name="signed_in_at' not in page
    assert client.post(f"/admin/staff/attendance/{record.pk}/delete/").status_code == 403
