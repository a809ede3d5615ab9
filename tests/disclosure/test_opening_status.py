"""The home page says whether the center is open now and when it next opens."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from servicecenter.models import CenterProfile, WorkdayOverride

SHANGHAI = ZoneInfo("Asia/Shanghai")
pytestmark = pytest.mark.django_db


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=SHANGHAI)


@pytest.fixture
def center(demo) -> CenterProfile:
    return CenterProfile.objects.get()


def test_open_on_a_working_morning_until_lunch(center):
    status = center.status_at(at("2026-11-23 10:00"))  # Monday
    assert status.is_open and status.closes_at == at("2026-11-23 12:00")


def test_lunch_break_says_when_it_reopens(center):
    status = center.status_at(at("2026-11-23 12:30"))
    assert not status.is_open and status.on_break
    assert status.next_opening == at("2026-11-23 13:00")


def test_after_hours_on_friday_next_opening_is_monday(center):
    status = center.status_at(at("2026-11-27 18:30"))
    assert status.next_opening == at("2026-11-30 09:00")


def test_national_day_holiday_is_skipped(center):
    assert center.status_at(at("2026-09-30 19:00")).next_opening == at("2026-10-08 09:00")


def test_make_up_sunday_is_open(center):
    # Sat 2026-09-19 evening: the next opening is the make-up workday Sun 09-20.
    assert center.status_at(at("2026-09-19 10:00")).next_opening == at("2026-09-20 09:00")
    assert center.status_at(at("2026-09-20 10:00")).is_open


def test_local_closure_keeps_the_center_closed(center):
    WorkdayOverride.objects.create(date=dt.date(2026, 11, 30), kind="closed", reason="停电")
    assert center.status_at(at("2026-11-27 18:30")).next_opening == at("2026-12-01 09:00")


def test_home_page_warns_about_tomorrows_holiday(client, center, monkeypatch):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "now", lambda: at("2026-09-30 10:00"))
    page = client.get("/").content.decode()
    assert "正在办公" in page
    assert "明天（10月1日）是法定节假日：国庆节" in page


def test_home_page_announces_a_make_up_workday(client, center, monkeypatch):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "now", lambda: at("2026-09-19 20:00"))
    page = client.get("/").content.decode()
    assert "现在已下班" in page and "9月20日 星期日 09:00" in page
    assert "调休上班" in page
