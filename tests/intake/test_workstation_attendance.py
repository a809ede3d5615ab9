"""The workstation carries the day's 签到/签退 apart from signing on at a counter (上岗)."""

import pytest
from django.utils import timezone

from staff.models import Attendance, Shift
from tests.staff.rota_helpers import person, put_on_rota

pytestmark = pytest.mark.django_db


def test_the_workstation_reminds_and_signs_in_for_the_day(client):
    import datetime as dt

    wang = person("wang", counter=1)
    whole_day = Shift.objects.create(name="全天", starts=dt.time(0), ends=dt.time(23, 59))
    put_on_rota(wang, timezone.localdate(), shift=whole_day)
    client.force_login(wang)
    page = client.get("/desk/").content.decode()
    assert 'role="alert"' in page and "/staff/attendance/sign-in/" in page
    assert "在此窗口上岗（开窗）" in page  # the counter sign-on is not 签到
    response = client.post("/staff/attendance/sign-in/", {"next": "desk"})
    assert response.status_code == 302 and response["Location"] == "/desk/"
    assert Attendance.objects.get(user=wang).signed_in_at is not None
    page = client.get("/desk/").content.decode()
    assert 'role="alert"' not in page and "/staff/attendance/sign-out/" in page


def test_no_attendance_box_without_a_shift(client):
    wang = person("wang", counter=1)
    client.force_login(wang)
    assert "/staff/attendance/sign-in/" not in client.get("/desk/").content.decode()
