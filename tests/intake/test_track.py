import re

import pytest

from disclosure.models import ServiceItem
from intake import cases
from intake.models import Case
from servicecenter.roles import Role
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(demo) -> Case:
    item = ServiceItem.objects.get(code="jzz-shenling")
    applicant = cases.Applicant(
        name="欧阳娜娜", id_number="11010519491231002X", phone="13812345678"
    )
    case = cases.case_accept(
        item=item,
        applicant=applicant,
        received=list(item.materials.all()),
        mode="promised",
        clerk=make_user("clerk", Role.CLERK),
    )
    return cases.case_supplement(
        case=case, materials="补交 欧阳娜娜 的租房合同", asked_by=case.first_clerk
    )


def test_resident_sees_the_masked_timeline(client, case):
    page = client.post("/track/", {"case": case.number, "last4": "5678"}).content.decode()
    assert case.number in page and "居住证申领" in page
    assert "欧***" in page and "欧阳娜娜" not in page and "13812345678" not in page
    assert "受理" in page and "补正" in page and "租房合同" not in page


def test_wrong_number_and_wrong_phone_get_the_same_answer(client, case):
    wrong_phone = client.post("/track/", {"case": case.number, "last4": "0000"})
    wrong_number = client.post("/track/", {"case": "202001010001", "last4": "5678"})
    forged = client.post("/track/", {"case": "1 OR 1=1", "last4": "5678"})
    assert wrong_phone.status_code == wrong_number.status_code == forged.status_code == 404
    for response in (wrong_phone, wrong_number, forged):
        assert "办件编号或手机号后4位不正确" in response.content.decode()


def test_lookups_are_rate_limited(client, case):
    for _ in range(10):
        client.post("/track/", {"case": "1", "last4": "0000"})
    response = client.post("/track/", {"case": case.number, "last4": "5678"})
    assert response.status_code == 429 and "查询次数过多" in response.content.decode()


def test_the_receipt_qr_opens_the_form_filled_in(client, case):
    page = client.get(f"/track/?case={case.number}").content.decode()
    assert f'value="{case.number}"' in page


def timeline(page: str) -> list[str]:
    return re.findall(r"<li><strong>(.*?)</strong>", page.split('class="timeline"', 1)[1])


def test_an_immediate_case_shows_the_resident_accepted_then_completed(client, demo):
    item = ServiceItem.objects.get(code="jzz-shenling")
    case = cases.case_accept(
        item=item,
        applicant=cases.Applicant(name="张三", id_number="11010519491231002X", phone="13812345678"),
        received=list(item.materials.all()),
        mode=Case.Mode.IMMEDIATE,
        clerk=make_user("clerk", Role.CLERK),
    )
    steps = case.history.order_by("history_date", "history_id").values_list("history_step")
    assert [step for (step,) in steps] == [Case.Step.ACCEPT, Case.Step.COMPLETE]
    page = client.post("/track/", {"case": case.number, "last4": "5678"}).content.decode()
    assert timeline(page) == [str(Case.Step.ACCEPT.label), str(Case.Step.COMPLETE.label)]


def test_the_record_keeps_the_step_code_and_the_typed_reason_apart(case):
    latest = case.history.latest()
    assert latest.history_step == Case.Step.SUPPLEMENT
    assert latest.history_reason == "补交 欧阳娜娜 的租房合同"
