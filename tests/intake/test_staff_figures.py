"""The front desk lends a staff member's figures to the assessment (servicecenter.figures):
tickets served and the average service time, cases completed and how many on time."""

import datetime as dt

from disclosure.models import Category
from intake import cases
from intake.models import Case, Ticket
from servicecenter.dates import local_datetime
from servicecenter.figures import provide
from servicecenter.roles import Role
from tests.conftest import make_user
from tests.servicecenter.test_access import _applicant, _item


def _ticket(clerk, day, number, minutes, status=Ticket.Status.DONE):
    category = Category.objects.first()
    started = local_datetime(day, dt.time(10))
    return Ticket.objects.create(
        day=day,
        category=category,
        letter=category.prefix,
        number=number,
        status=status,
        clerk=clerk,
        started_at=started,
        finished_at=started + dt.timedelta(minutes=minutes),
    )


def _completed(clerk, completed_at, due):
    item = _item()
    case = cases.case_accept(
        item=item,
        applicant=_applicant(),
        received=list(item.materials.all()),
        mode="promised",
        clerk=clerk,
    )
    Case.objects.filter(pk=case.pk).update(
        stage=Case.Stage.COMPLETED, completed_at=completed_at, due_date=due
    )


def test_a_clerk_s_tickets_and_cases_of_october(demo):
    clerk = make_user("figures-clerk", Role.CLERK)
    _ticket(clerk, dt.date(2026, 10, 12), 901, 6)
    _ticket(clerk, dt.date(2026, 10, 31), 902, 4)
    _ticket(clerk, dt.date(2026, 11, 1), 903, 30)  # next month
    _ticket(clerk, dt.date(2026, 10, 13), 904, 0, status=Ticket.Status.NO_SHOW)
    _completed(clerk, local_datetime(dt.date(2026, 10, 20), dt.time(15)), dt.date(2026, 10, 22))
    # 23:30 in Asia/Shanghai on 10-30 is still October, and one day late.
    _completed(clerk, local_datetime(dt.date(2026, 10, 30), dt.time(23, 30)), dt.date(2026, 10, 29))
    _completed(clerk, local_datetime(dt.date(2026, 11, 1), dt.time(0, 10)), dt.date(2026, 11, 5))
    figures = {
        figure.key: figure
        for figure in provide(
            "staff", user=clerk, start=dt.date(2026, 10, 1), end=dt.date(2026, 10, 31)
        )
    }
    assert figures["tickets_served"].value == 2
    assert figures["average_service_minutes"].value == 5.0
    assert figures["cases_completed"].value == 2
    assert figures["cases_on_time"].value == 1
    assert figures["cases_completed"].url.startswith("/desk/ledger/?clerk=")
