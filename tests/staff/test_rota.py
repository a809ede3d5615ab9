"""班次 and the weekly 排班表: supervisors edit, everyone reads, last week copies."""

import datetime as dt
import io

import openpyxl
import pytest
from django.core.exceptions import ValidationError

from servicecenter.models import ServiceDay
from servicecenter.roles import Role
from staff import rota
from staff.models import RotaEntry, Shift
from tests.staff.rota_helpers import day_shift, person, put_on_rota

pytestmark = pytest.mark.django_db

MONDAY = dt.date(2026, 11, 9)


@pytest.mark.parametrize(
    ("name", "starts", "ends", "lunch", "minutes"),
    [
        ("日班", 9, 18, (12, 13), 480),
        ("早班", 8, 17, None, 540),
        ("中班", 12, 21, None, 540),
        ("晚班", 17, 21, None, 240),
    ],
)
def test_the_centers_shifts_are_all_possible(name, starts, ends, lunch, minutes):
    shift = Shift(
        name=name,
        starts=dt.time(starts),
        ends=dt.time(ends),
        break_starts=dt.time(lunch[0]) if lunch else None,
        break_ends=dt.time(lunch[1]) if lunch else None,
    )
    shift.full_clean()
    shift.save()
    assert shift.working_minutes == minutes


def test_a_break_outside_the_shift_is_refused():
    shift = Shift(
        name="晚班",
        starts=dt.time(17),
        ends=dt.time(21),
        break_starts=dt.time(12),
        break_ends=dt.time(13),
    )
    with pytest.raises(ValidationError) as refused:
        shift.full_clean()
    assert refused.value.error_dict["__all__"][0].code == "times"


def test_a_supervisor_sets_the_week_and_a_clerk_reads_it(client):
    boss = person("boss", Role.SUPERVISOR)
    clerk = person("wang", name="王芳", counter=1)
    client.force_login(boss)
    response = client.post(
        "/staff/rota/set/",
        {"user": clerk.pk, "date": "2027-11-09", "shift": day_shift().pk},
    )
    assert response.status_code == 302
    entry = RotaEntry.objects.get(user=clerk, date=dt.date(2027, 11, 9))
    assert entry.duty == RotaEntry.Duty.REGULAR and entry.counter.number == 1
    client.force_login(clerk)
    page = client.get("/staff/rota/?week=2027-11-10").content.decode()
    assert "王芳" in page and "09:00–18:00" in page
    assert (
        client.post(
            "/staff/rota/set/", {"user": clerk.pk, "date": "2027-11-10", "shift": day_shift().pk}
        ).status_code
        == 403
    )
    assert RotaEntry.objects.count() == 1


def test_a_weekend_shift_is_holiday_duty_and_a_service_day_keeps_its_kind():
    boss = person("boss", Role.SUPERVISOR)
    clerk = person("wang")
    ServiceDay.objects.create(
        date=dt.date(2027, 11, 14),
        kind=ServiceDay.Kind.APPOINTMENT,
        opens=dt.time(9),
        closes=dt.time(12),
    )
    saturday = rota.rota_set(user=clerk, day=dt.date(2027, 11, 13), shift=day_shift(), by=boss)
    sunday = rota.rota_set(user=clerk, day=dt.date(2027, 11, 14), shift=day_shift(), by=boss)
    assert saturday.duty == RotaEntry.Duty.DUTY
    assert sunday.duty == RotaEntry.Duty.APPOINTMENT


def test_copying_last_week_fills_only_the_empty_days(client):
    boss = person("boss", Role.SUPERVISOR)
    wang, li = person("wang"), person("li")
    early = Shift.objects.create(name="早班", starts=dt.time(8), ends=dt.time(17))
    put_on_rota(wang, MONDAY - dt.timedelta(days=7), MONDAY - dt.timedelta(days=6))
    put_on_rota(li, MONDAY - dt.timedelta(days=7), shift=early)
    put_on_rota(li, MONDAY)  # already planned this week: kept
    client.force_login(boss)
    client.post("/staff/rota/copy/", {"week": "2026-11-09"})
    this_week = RotaEntry.objects.filter(date__gte=MONDAY)
    assert {(e.user.username, e.date.day, e.shift.name) for e in this_week} == {
        ("wang", 9, "日班"),
        ("wang", 10, "日班"),
        ("li", 9, "日班"),
    }


def test_copying_twice_copies_nothing_more():
    boss = person("boss", Role.SUPERVISOR)
    put_on_rota(person("wang"), MONDAY - dt.timedelta(days=7))
    assert rota.rota_copy_week(monday=MONDAY, by=boss) == 1
    with pytest.raises(ValidationError) as refused:
        rota.rota_copy_week(monday=MONDAY, by=boss)
    assert refused.value.code == "nothing_to_copy"
    assert RotaEntry.objects.count() == 2


def test_the_week_exports_to_excel(client):
    wang = person("wang", name="王芳")
    put_on_rota(wang, MONDAY)
    client.force_login(wang)
    response = client.get("/staff/rota/export/?week=2026-11-09")
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    rows = list(book.active.values)
    assert rows[1][1] == "王芳" and rows[1][2].startswith("日班") and rows[1][3] == "休息"
    assert "排班表_2026-11-09_2026-11-15.xlsx" in response["Content-Disposition"] or (
        "2026-11-09_2026-11-15.xlsx" in response["Content-Disposition"]
    )


def test_a_past_days_rota_is_not_rewritten_and_a_day_off_is_reported_as_saved(client):
    from django.utils import timezone

    boss = person("boss", Role.SUPERVISOR)
    clerk = person("wang")
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    put_on_rota(clerk, yesterday)
    with pytest.raises(ValidationError) as refused:
        rota.rota_set(user=clerk, day=yesterday, shift=None, by=boss)
    assert refused.value.code == "past"
    assert RotaEntry.objects.filter(user=clerk, date=yesterday).exists()
    client.force_login(boss)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    put_on_rota(clerk, tomorrow)
    answer = client.post(
        "/staff/rota/set/",
        {"user": clerk.pk, "date": f"{tomorrow:%Y-%m-%d}", "shift": ""},
        follow=True,
    )
    page = answer.content.decode()
    assert "已提交过" not in page
    assert not RotaEntry.objects.filter(user=clerk, date=tomorrow).exists()
