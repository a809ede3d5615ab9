"""A few realistic rows of training, induction, overtime and assessment for the demo center
(intake's load_demo calls this after loading the staff), made through the services so that
each has its history."""

import datetime as dt
from decimal import Decimal

from django.contrib.auth import get_user_model

from servicecenter import workdays
from staff import assessment, overtime, training


def load_people_demo(today: dt.date) -> None:
    users = {user.username: user for user in get_user_model().objects.all()}
    names = ["clerk", "clerk2", "clerk3", "clerk4", "clerk5", "supervisor", "director"]
    if not set(names) <= users.keys():
        return
    clerks = [users[name] for name in names[:5]]
    supervisor, director = users["supervisor"], users["director"]
    training.training_record(
        topic="首问负责制与一次性告知制",
        trainer="陈静（主管）",
        date=today - dt.timedelta(days=14),
        hours=Decimal(2),
        attendees=clerks,
        by=supervisor,
    )
    # 孙丽 (clerk5) joined last: her induction, with 陈静 as mentor, is complete.
    induction = training.induction_open(user=users["clerk5"], mentor=supervisor, by=supervisor)
    for item in induction.items.all():
        training.induction_tick(induction=induction, item_id=item.pk, by=supervisor)
    next_working_day = today + dt.timedelta(days=1)
    known = workdays.load_overrides()  # not the shared cache: the demo leaves it empty
    while not workdays.is_working_day(next_working_day, known):
        next_working_day += dt.timedelta(days=1)
    overtime.overtime_request(
        user=users["clerk"],
        day=next_working_day,
        planned_hours=Decimal(2),
        reason="月底整理全程代理台帐",
    )
    last_month = today.replace(day=1) - dt.timedelta(days=1)
    graded = assessment.assessment_grade(
        user=users["clerk"],
        period="month",
        day=last_month,
        grade="competent",
        comments="首问负责落实到位，一次性告知清楚；个别办件回复不够及时。",
        by=supervisor,
    )
    assessment.assessment_confirm(assessment=graded, by=director)
