"""Each staff member's own page (/staff/me/): overtime and its state, training and induction,
assessments, and the figures staff and the apps above hold about them."""

import datetime as dt
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from servicecenter.roles import Role
from staff import assessment, overtime, training
from tests.conftest import make_user

MONDAY = dt.date(2026, 11, 30)


def test_my_page_shows_my_overtime_training_assessments_and_figures(
    client, center, today, clerk, supervisor
):
    today(MONDAY)
    asked = overtime.overtime_request(
        user=clerk, day=dt.date(2026, 12, 1), planned_hours=Decimal(2), reason="整理档案"
    )
    training.training_record(
        topic="居住证新规",
        trainer="区政务服务中心",
        date=dt.date(2026, 11, 9),
        hours=Decimal("1.5"),
        attendees=[clerk],
        by=supervisor,
    )
    induction = training.induction_open(user=clerk, mentor=supervisor, by=supervisor)
    graded = assessment.assessment_grade(
        user=clerk,
        period="month",
        day=dt.date(2026, 10, 1),
        grade="excellent",
        comments="好",
        by=supervisor,
    )
    others = make_user("clerk2", Role.CLERK)
    overtime.overtime_request(
        user=others, day=dt.date(2026, 12, 1), planned_hours=Decimal(1), reason="别人的加班"
    )
    client.force_login(clerk)
    page = client.get("/staff/me/").content.decode()
    assert f'data-status="{asked.status}"' in page and "别人的加班" not in page
    assert "居住证新规" in page
    assert f"/staff/training/inductions/{induction.pk}/" in page
    assert f"/staff/assessments/{graded.pk}/" in page
    # staff's own figures and those intake lends (servicecenter.figures)
    for key in ("training_hours", "overtime_hours", "tickets_served", "cases_on_time"):
        assert f'data-figure="{key}"' in page
    assert 'href="/staff/me/"' in page  # in the staff navigation


def test_a_supervisor_s_page_points_to_the_requests_to_decide(client, center, today, supervisor):
    today(MONDAY)
    clerk = make_user("clerk", Role.CLERK)
    overtime.overtime_request(user=clerk, day=MONDAY, planned_hours=Decimal(1), reason="x")
    overtime.overtime_request(user=supervisor, day=MONDAY, planned_hours=Decimal(1), reason="y")
    client.force_login(supervisor)
    page = client.get("/staff/me/").content.decode()
    assert "1 条加班申请待您审批" in page  # the clerk's; their own is the director's


def test_the_overtime_page_costs_the_same_queries_for_many_rows(
    client, center, today, supervisor, django_assert_max_num_queries
):
    today(MONDAY)
    clerks = [make_user(f"clerk{number}", Role.CLERK) for number in range(6)]

    def ask(clerk, day):
        asked = overtime.overtime_request(user=clerk, day=day, planned_hours=Decimal(1), reason="x")
        overtime.overtime_approve(request=asked, by=supervisor)
        today(day)
        overtime.overtime_record(
            request=asked, by=clerk, worked_hours=Decimal(1), compensation="pay"
        )
        today(MONDAY)
        overtime.overtime_request(user=clerk, day=day, planned_hours=Decimal(1), reason="y")

    ask(clerks[0], MONDAY)
    client.force_login(supervisor)
    client.get("/staff/overtime/")
    with CaptureQueriesContext(connection) as one:
        assert client.get("/staff/overtime/").status_code == 200
    for clerk in clerks[1:]:
        ask(clerk, MONDAY)
    with django_assert_max_num_queries(len(one)):
        assert client.get("/staff/overtime/").status_code == 200


def test_my_page_shows_this_weeks_rota_and_this_months_attendance(client, center, today):
    from staff.models import RotaEntry
    from tests.staff.rota_helpers import day_shift, person

    today(MONDAY)
    wang = person("wang", name="王芳")
    RotaEntry.objects.create(user=wang, date=MONDAY, shift=day_shift())
    client.force_login(wang)
    page = client.get("/staff/me/").content.decode()
    rota = page.split('class="card me-rota"')[1].split("</section>")[0]
    assert "09:00–18:00" in rota and "休息" in rota  # Monday's shift, the rest of the week off
    assert 'class="card me-attendance"' in page
