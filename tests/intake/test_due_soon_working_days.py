"""The workstation's "due within 2 days" counts working days, as the deadlines do."""

import datetime as dt

import pytest
from django.utils import timezone

from disclosure.models import ServiceItem
from intake import cases
from intake.models import Case
from intake.views.cases import open_cases_for
from servicecenter.roles import Role
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def clerk1(demo):
    return make_user("clerk", Role.CLERK)


def case_due(due: dt.date, clerk) -> Case:
    item = ServiceItem.objects.get(code="jzz-shenling")
    applicant = cases.Applicant(name="张三", id_number="11010519491231002X", phone="13812345678")
    case = cases.case_accept(
        item=item,
        applicant=applicant,
        received=list(item.materials.all()),
        mode=Case.Mode.PROMISED,
        clerk=clerk,
    )
    Case.objects.filter(pk=case.pk).update(due_date=due)
    return case


def on(day: dt.date, monkeypatch):
    moment = dt.datetime.combine(day, dt.time(10), tzinfo=timezone.get_current_timezone())
    monkeypatch.setattr(timezone, "now", lambda: moment)


def test_on_a_friday_a_case_due_next_tuesday_is_due_within_2_working_days(
    clerk1, monkeypatch, client
):
    friday, tuesday = dt.date(2026, 11, 13), dt.date(2026, 11, 17)
    case_due(tuesday, clerk1)
    on(friday, monkeypatch)
    assert open_cases_for(clerk1)["due_soon"] == 1
    client.force_login(clerk1)
    assert "2个工作日内到期1件" in client.get("/desk/").content.decode()


def test_a_case_due_after_2_working_days_is_not_due_soon(clerk1, monkeypatch):
    # Mon 2026-09-28 + 2 working days is Wed 09-30; National Day starts 10-01.
    case_due(dt.date(2026, 10, 8), clerk1)
    on(dt.date(2026, 9, 28), monkeypatch)
    assert open_cases_for(clerk1)["due_soon"] == 0
    on(dt.date(2026, 9, 30), monkeypatch)
    # Wed 09-30: the holiday week does not count, Thu 10-08 is the 1st working day after it.
    assert open_cases_for(clerk1)["due_soon"] == 1
