"""考核: a grade per staff member and period, the supervisor's comments, the director's
confirmation, next to the figures the system holds."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from servicecenter.roles import Role
from servicecenter.tokens import new_token
from staff import assessment as assessments
from staff import training
from staff.models import Assessment
from tests.conftest import make_user

OCTOBER = dt.date(2026, 10, 15)


@pytest.fixture(autouse=True)
def november(today):
    today(dt.date(2026, 11, 2))


def grade(user, by, **changes) -> Assessment:
    arguments = {"period": "month", "day": OCTOBER, "grade": "competent", "comments": "认真负责"}
    return assessments.assessment_grade(user=user, by=by, **{**arguments, **changes})


def test_the_supervisor_grades_and_the_director_confirms(clerk, supervisor, director):
    graded = grade(clerk, supervisor, grade="excellent")
    assert (graded.period_start, graded.period_end) == (dt.date(2026, 10, 1), dt.date(2026, 10, 31))
    regraded = grade(clerk, supervisor, grade="basic")  # not yet confirmed: may change
    assert regraded.pk == graded.pk and Assessment.objects.count() == 1
    with pytest.raises(ValidationError) as refused:
        assessments.assessment_confirm(assessment=regraded, by=supervisor)
    assert refused.value.code == "not_allowed"
    assessments.assessment_confirm(assessment=regraded, by=director)
    with pytest.raises(ValidationError) as refused:
        grade(clerk, supervisor, grade="excellent")
    assert refused.value.code == "confirmed"
    final = Assessment.objects.get()
    assert final.grade == Assessment.Grade.BASIC and final.confirmed_by == director
    steps = [row.history_step for row in final.history.order_by("history_id")]
    assert steps == ["grade", "grade", "confirm"]


def test_the_director_assesses_the_supervisors_and_nobody_themselves(supervisor, director):
    other = make_user("supervisor2", Role.SUPERVISOR)
    for grader in (other, supervisor):
        with pytest.raises(ValidationError) as refused:
            grade(supervisor, grader)
        assert refused.value.code == "not_allowed"
    assert grade(supervisor, director).graded_by == director


def test_the_periods_are_the_center_s_settings(clerk, supervisor, settings):
    yearly = grade(clerk, supervisor, period="year")
    assert (yearly.period_start, yearly.period_end) == (dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    settings.ASSESSMENT_YEARLY = 0
    with pytest.raises(ValidationError) as refused:
        grade(clerk, supervisor, period="year", day=dt.date(2025, 3, 1))
    assert refused.value.code == "period"
    with pytest.raises(ValidationError) as refused:
        grade(clerk, supervisor, day=dt.date(2026, 12, 1))
    assert refused.value.code == "future"
    with pytest.raises(ValidationError) as refused:
        grade(clerk, supervisor, grade="good")
    assert refused.value.code == "grade"
    assert Assessment.objects.count() == 1


def test_the_figures_come_from_staff_and_from_the_apps_above(clerk, supervisor):
    training.training_record(
        topic="首问负责制",
        trainer="张主管",
        date=dt.date(2026, 10, 9),
        hours=Decimal(2),
        attendees=[clerk],
        by=supervisor,
    )
    figures = {f.key: f.value for f in assessments.staff_figures(clerk, *_october())}
    assert figures["training_hours"] == 2.0 and figures["overtime_hours"] == 0
    # intake lends its figures through servicecenter.figures (intake/staff_figures.py)
    assert {"tickets_served", "cases_completed", "cases_on_time"} <= figures.keys()


def _october():
    return dt.date(2026, 10, 1), dt.date(2026, 10, 31)


def test_the_grading_page_shows_the_figures_and_saves_once(client, clerk, supervisor):
    client.force_login(supervisor)
    url = f"/staff/assessments/new/?user={clerk.pk}&period=month&day=2026-10"
    page = client.get(url).content.decode()
    assert 'data-figure="training_hours"' in page and 'data-figure="tickets_served"' in page
    data = {"grade": "excellent", "comments": "服务热情", "token": new_token()}
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302
    assert Assessment.objects.get().grade == "excellent"
    too_long = client.post(url, {"grade": "competent", "comments": "长" * 2001})
    assert too_long.status_code == 400
    assert Assessment.objects.get().grade == "excellent"
    bad = client.get(f"/staff/assessments/new/?user={clerk.pk}&period=month&day=2026-13")
    assert bad.status_code == 400


def test_an_assessment_is_its_staff_member_s_and_the_managers(client, clerk, supervisor):
    graded = grade(clerk, supervisor)
    client.force_login(clerk)
    assert client.get(f"/staff/assessments/{graded.pk}/").status_code == 200
    assert client.post(f"/staff/assessments/{graded.pk}/confirm/").status_code == 302
    assert not Assessment.objects.get().is_confirmed
    client.force_login(make_user("clerk2", Role.CLERK))
    assert client.get(f"/staff/assessments/{graded.pk}/").status_code == 404
