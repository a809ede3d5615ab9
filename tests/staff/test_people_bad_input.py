"""Bad input on the overtime, training and assessment pages: a clear message, nothing saved,
no 500 — dates out of reach included (a year 9999 overflowed the time-zone arithmetic)."""

import pytest

from staff.models import Assessment, Induction, OvertimeRequest, TrainingSession


@pytest.mark.parametrize("day", ["9999-12-31", "1999-12-31", "2026-02-30", ""])
def test_an_overtime_day_out_of_reach_is_refused(client, center, clerk, day):
    client.force_login(clerk)
    response = client.post("/staff/overtime/", {"day": day, "planned_hours": "2", "reason": "x"})
    assert response.status_code == 400
    assert not OvertimeRequest.objects.exists()


@pytest.mark.parametrize("hours", ["2.25", "-1", "0", "25", "NaN", "Infinity", "9" * 20])
def test_overtime_hours_out_of_range_are_refused(client, center, clerk, hours):
    client.force_login(clerk)
    data = {"day": "2026-12-30", "planned_hours": hours, "reason": "x"}
    assert client.post("/staff/overtime/", data).status_code == 400
    assert not OvertimeRequest.objects.exists()


def test_a_training_session_out_of_reach_or_for_nobody_is_refused(client, clerk, supervisor):
    client.force_login(supervisor)
    for data in [
        {"topic": "t", "trainer": "x", "date": "9999-12-31", "hours": "2", "attendees": [clerk.pk]},
        {"topic": "t", "trainer": "x", "date": "2026-10-01", "hours": "2", "attendees": ["9" * 25]},
        {"topic": "长" * 101, "trainer": "x", "date": "2026-10-01", "hours": "2"},
    ]:
        page = client.post("/staff/training/new/", data, follow=True).content.decode()
        assert "message error" in page or 'class="error"' in page
    assert not TrainingSession.objects.exists()


def test_an_assessment_period_out_of_reach_is_refused(client, clerk, supervisor):
    client.force_login(supervisor)
    url = f"/staff/assessments/new/?user={clerk.pk}&period=year&day=0001"
    assert client.get(url).status_code == 400
    assert client.post(url, {"grade": "excellent", "comments": "x"}).status_code == 400
    assert not Assessment.objects.exists()


def test_an_induction_for_nobody_is_refused(client, supervisor):
    client.force_login(supervisor)
    client.post("/staff/training/inductions/new/", {"user": "abc", "mentor": str(supervisor.pk)})
    assert not Induction.objects.exists()
