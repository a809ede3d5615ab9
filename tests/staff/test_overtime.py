"""加班: requested in advance, approved before it is worked, at most 50 % of the day's normal
working time (only the director approves more, with a reason), hours recorded afterwards."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from servicecenter.roles import Role
from servicecenter.tokens import new_token
from staff import overtime
from staff.models import OvertimeRequest
from tests.conftest import make_user

MONDAY = dt.date(2026, 11, 30)
TUESDAY = dt.date(2026, 12, 1)  # 9:00–18:00, lunch 12:00–13:00: 8 hours, cap 4
SATURDAY = dt.date(2026, 12, 5)  # 9:00–12:00: 3 hours, cap 1.5
SUNDAY = dt.date(2026, 12, 6)  # closed: the usual 8-hour day counts, cap 4


def steps(request: OvertimeRequest) -> list[str]:
    return [row.history_step for row in request.history.order_by("history_id")]


def test_a_clerk_s_overtime_is_requested_approved_then_recorded(center, today, clerk, supervisor):
    today(MONDAY)
    asked = overtime.overtime_request(
        user=clerk, day=TUESDAY, planned_hours=Decimal(3), reason="月底台账整理"
    )
    assert asked.status == OvertimeRequest.Status.REQUESTED and not asked.over_cap
    overtime.overtime_approve(request=asked, by=supervisor)
    today(TUESDAY)
    done = overtime.overtime_record(
        request=asked, by=clerk, worked_hours=Decimal("2.5"), compensation="pay"
    )
    assert done.status == OvertimeRequest.Status.WORKED
    assert steps(done) == ["request", "approve", "record"]
    assert overtime.overtime_hours(clerk, dt.date(2026, 12, 1), dt.date(2026, 12, 31)) == {
        TUESDAY: Decimal("2.5")
    }


def test_the_daily_cap_is_half_the_day_s_opening_hours(center):
    assert overtime.daily_cap(TUESDAY) == Decimal(4)
    assert overtime.daily_cap(SATURDAY) == Decimal("1.5")
    assert overtime.daily_cap(SUNDAY) == Decimal(4)


def test_more_than_half_the_normal_day_is_refused(center, today, clerk):
    today(MONDAY)
    with pytest.raises(ValidationError) as refused:
        overtime.overtime_request(user=clerk, day=TUESDAY, planned_hours=Decimal("4.5"), reason="x")
    assert refused.value.code == "over_cap"
    assert "50%" in refused.value.messages[0]
    overtime.overtime_request(user=clerk, day=TUESDAY, planned_hours=Decimal(3), reason="x")
    # Requests of one day add up: 3 + 1.5 is more than 4.
    with pytest.raises(ValidationError) as refused:
        overtime.overtime_request(user=clerk, day=TUESDAY, planned_hours=Decimal("1.5"), reason="x")
    assert refused.value.code == "over_cap"
    with pytest.raises(ValidationError) as refused:
        overtime.overtime_request(user=clerk, day=SATURDAY, planned_hours=Decimal(2), reason="x")
    assert refused.value.code == "over_cap"
    assert OvertimeRequest.objects.count() == 1


def test_only_the_director_approves_an_exception_and_gives_a_reason(
    center, today, clerk, supervisor, director
):
    today(MONDAY)
    asked = overtime.overtime_request(
        user=clerk, day=TUESDAY, planned_hours=Decimal(6), reason="系统切换", exception=True
    )
    assert asked.over_cap
    with pytest.raises(ValidationError) as refused:
        overtime.overtime_approve(request=asked, by=supervisor)
    assert refused.value.code == "over_cap"
    with pytest.raises(ValidationError) as refused:
        overtime.overtime_approve(request=asked, by=director, exception_reason="  ")
    assert refused.value.code == "exception_reason"
    asked.refresh_from_db()
    assert asked.status == OvertimeRequest.Status.REQUESTED
    overtime.overtime_approve(request=asked, by=director, exception_reason="区里统一系统切换")
    asked.refresh_from_db()
    assert asked.status == OvertimeRequest.Status.APPROVED
    assert asked.exception_reason == "区里统一系统切换" and asked.decided_by == director
    assert asked.history.latest().history_reason == "区里统一系统切换"


def test_a_supervisor_s_overtime_is_the_director_s_to_decide(center, today, director):
    today(MONDAY)
    first = make_user("supervisor1", Role.SUPERVISOR)
    second = make_user("supervisor2", Role.SUPERVISOR)
    asked = overtime.overtime_request(user=first, day=TUESDAY, planned_hours=Decimal(2), reason="x")
    for approver in (first, second):
        with pytest.raises(ValidationError) as refused:
            overtime.overtime_approve(request=asked, by=approver)
        assert refused.value.code == "not_allowed"
    overtime.overtime_approve(request=asked, by=director)
    assert OvertimeRequest.objects.get().status == OvertimeRequest.Status.APPROVED


def test_overtime_is_asked_and_approved_before_it_is_worked(center, today, clerk, supervisor):
    today(TUESDAY)
    with pytest.raises(ValidationError) as refused:
        overtime.overtime_request(user=clerk, day=MONDAY, planned_hours=Decimal(2), reason="x")
    assert refused.value.code == "past"
    asked = overtime.overtime_request(
        user=clerk, day=dt.date(2026, 12, 2), planned_hours=Decimal(2), reason="x"
    )
    with pytest.raises(ValidationError) as refused:
        overtime.overtime_record(
            request=asked, by=clerk, worked_hours=Decimal(2), compensation="pay"
        )
    assert refused.value.code == "not_approved"
    today(dt.date(2026, 12, 3))
    with pytest.raises(ValidationError) as refused:
        overtime.overtime_approve(request=asked, by=supervisor)
    assert refused.value.code == "too_late"
    assert OvertimeRequest.objects.get().status == OvertimeRequest.Status.REQUESTED


def test_the_hours_worked_are_recorded_on_the_day_and_within_the_approval(
    center, today, clerk, supervisor
):
    today(MONDAY)
    asked = overtime.overtime_request(user=clerk, day=TUESDAY, planned_hours=Decimal(2), reason="x")
    overtime.overtime_approve(request=asked, by=supervisor)
    with pytest.raises(ValidationError) as refused:
        overtime.overtime_record(
            request=asked, by=clerk, worked_hours=Decimal(2), compensation="pay"
        )
    assert refused.value.code == "not_yet"
    today(TUESDAY)
    with pytest.raises(ValidationError) as refused:
        overtime.overtime_record(
            request=asked, by=clerk, worked_hours=Decimal(3), compensation="pay"
        )
    assert refused.value.code == "over_approved"
    with pytest.raises(ValidationError) as refused:
        overtime.overtime_record(request=asked, by=clerk, worked_hours=Decimal(2), compensation="")
    assert refused.value.code == "compensation"
    assert OvertimeRequest.objects.get().worked_hours is None


def test_months_add_up_by_compensation(center, today, clerk, supervisor):
    today(MONDAY)
    for day, hours in [
        (TUESDAY, Decimal(2)),
        (dt.date(2026, 12, 2), Decimal("1.5")),
        (dt.date(2026, 12, 3), Decimal(1)),
    ]:
        asked = overtime.overtime_request(user=clerk, day=day, planned_hours=hours, reason="x")
        overtime.overtime_approve(request=asked, by=supervisor)
    today(dt.date(2026, 12, 31))
    for asked in OvertimeRequest.objects.all():
        overtime.overtime_record(
            request=asked,
            by=clerk,
            worked_hours=asked.planned_hours,
            compensation="pay" if asked.day == TUESDAY else "time_off",
        )
    [total] = overtime.month_totals(dt.date(2026, 12, 1), dt.date(2026, 12, 31))
    assert (total.user, total.pay, total.time_off, total.hours) == (
        clerk,
        Decimal(2),
        Decimal("2.5"),
        Decimal("4.5"),
    )
    assert overtime.month_totals(dt.date(2026, 11, 1), dt.date(2026, 11, 30)) == []


def test_the_request_form_refuses_bad_input_in_chinese_and_saves_nothing(
    client, center, today, clerk
):
    today(MONDAY)
    client.force_login(clerk)
    for data in [
        {"day": "2026-12-01", "planned_hours": "abc", "reason": "x"},
        {"day": "2026-12-01", "planned_hours": "2", "reason": "长" * 201},
        {"day": "2026-13-01", "planned_hours": "2", "reason": "x"},
        {"day": "2026-12-01", "planned_hours": "5", "reason": "x"},
    ]:
        response = client.post("/staff/overtime/", data)
        assert response.status_code == 400, data
        page = response.content.decode()
        assert 'class="error"' in page or "message error" in page
    assert "不得超过每天工作时间的50%" in response.content.decode()
    assert not OvertimeRequest.objects.exists()


def test_a_request_sent_twice_is_one_request(client, center, today, clerk):
    today(MONDAY)
    client.force_login(clerk)
    data = {"day": "2026-12-01", "planned_hours": "2", "reason": "整理档案", "token": new_token()}
    assert client.post("/staff/overtime/", data).status_code == 302
    assert client.post("/staff/overtime/", data).status_code == 302
    assert OvertimeRequest.objects.count() == 1


def test_a_supervisor_approves_on_the_page_and_the_clerk_records_the_hours(
    client, center, today, clerk, supervisor
):
    today(MONDAY)
    asked = overtime.overtime_request(user=clerk, day=TUESDAY, planned_hours=Decimal(2), reason="x")
    client.force_login(supervisor)
    page = client.get("/staff/overtime/").content.decode()
    assert f"/staff/overtime/{asked.pk}/" in page
    client.post(f"/staff/overtime/{asked.pk}/", {"action": "approve", "reason": ""})
    today(TUESDAY)
    client.force_login(clerk)
    client.post(
        f"/staff/overtime/{asked.pk}/",
        {"action": "record", "worked_hours": "2", "compensation": "time_off"},
    )
    asked.refresh_from_db()
    assert (asked.status, asked.worked_hours, asked.compensation) == (
        OvertimeRequest.Status.WORKED,
        Decimal(2),
        "time_off",
    )


def test_managers_read_any_month_s_totals(client, center, today, clerk, supervisor):
    today(MONDAY)
    asked = overtime.overtime_request(user=clerk, day=TUESDAY, planned_hours=Decimal(3), reason="x")
    overtime.overtime_approve(request=asked, by=supervisor)
    today(dt.date(2027, 1, 4))
    overtime.overtime_record(request=asked, by=clerk, worked_hours=Decimal(3), compensation="pay")
    client.force_login(supervisor)
    december = client.get("/staff/overtime/?month=2026-12").content.decode()
    totals = december.split('class="overtime-totals"')[1]
    assert "clerk" in totals and "3.0" in totals
    january = client.get("/staff/overtime/").content.decode().split('class="overtime-totals"')[1]
    assert "clerk" not in january
    assert client.get("/staff/overtime/?month=2026-13").status_code == 400
