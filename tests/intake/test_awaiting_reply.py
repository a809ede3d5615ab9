"""办结待告知: a completed case stays on the workstation until the applicant is told."""

import pytest

from disclosure.models import ServiceItem
from intake import cases
from intake.models import Case
from servicecenter.roles import Role
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def test_a_completed_case_waits_on_the_workstation_until_the_reply(client, demo):
    clerk = make_user("clerk", Role.CLERK)
    item = ServiceItem.objects.get(code="jzz-shenling")
    case = cases.case_accept(
        item=item,
        applicant=cases.Applicant(name="张三", id_number="11010519491231002X", phone="13812345678"),
        received=list(item.materials.all()),
        mode=Case.Mode.PROMISED,
        clerk=clerk,
    )
    case = cases.case_complete(case=cases.case_start(case=case))
    client.force_login(clerk)
    waiting = client.get("/desk/").context["awaiting_reply"]
    assert [c.number for c in waiting] == [case.number]
    cases.case_reply(case=case, method="phone", documents_returned=True)
    assert list(client.get("/desk/").context["awaiting_reply"]) == []


def test_another_clerks_completed_case_is_not_in_my_list(client, demo):
    item = ServiceItem.objects.get(code="jzz-qianzhu")  # done on the spot: completed at once
    cases.case_accept(
        item=item,
        applicant=cases.Applicant(name="张三", id_number="11010519491231002X", phone="13812345678"),
        received=list(item.materials.all()),
        mode=Case.Mode.IMMEDIATE,
        clerk=make_user("clerk2", Role.CLERK),
    )
    client.force_login(make_user("clerk", Role.CLERK))
    assert list(client.get("/desk/").context["awaiting_reply"]) == []
