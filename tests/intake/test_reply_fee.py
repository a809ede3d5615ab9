"""回复: the fee actually charged and its receipt, checked against the published standard
(廉洁自律: 按规定标准收费); residents rate the service themselves, never the clerk."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from disclosure.models import ServiceItem
from intake import cases
from intake.forms import ReplyForm
from intake.models import Case
from servicecenter.roles import Role
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def clerk1(demo):
    return make_user("clerk", Role.CLERK)


def completed(code: str, clerk) -> Case:
    item = ServiceItem.objects.get(code=code)
    case = cases.case_accept(
        item=item,
        applicant=cases.Applicant(name="张三", id_number="11010519491231002X", phone="13812345678"),
        received=list(item.materials.all()),
        mode=Case.Mode.PROMISED,
        clerk=clerk,
    )
    return cases.case_complete(case=cases.case_start(case=case))


def refused_code(case: Case, **fee) -> str:
    with pytest.raises(ValidationError) as refused:
        cases.case_reply(case=case, method="phone", documents_returned=True, **fee)
    case.refresh_from_db()
    assert case.stage == Case.Stage.COMPLETED
    return refused.value.code


def test_a_fee_above_the_published_standard_is_refused(clerk1):
    case = completed("jzz-buhuan", clerk1)  # 居住证工本费 20元/证
    assert refused_code(case) == "fee_required"
    assert refused_code(case, fee_charged=Decimal("30")) == "over_standard"
    assert refused_code(case, fee_charged=Decimal("20")) == "receipt"
    case = cases.case_reply(
        case=case,
        method="phone",
        documents_returned=True,
        fee_charged=Decimal("20"),
        fee_receipt_number=" NO.0012345 ",
    )
    assert (case.stage, case.fee_charged, case.fee_receipt_number) == (
        Case.Stage.REPLIED,
        Decimal("20"),
        "NO.0012345",
    )
    assert case.fees_settled


def test_a_free_service_refuses_any_fee(clerk1):
    case = completed("jzz-shenling", clerk1)  # 不收费
    assert refused_code(case, fee_charged=Decimal("5")) == "free"
    case = cases.case_reply(case=case, method="phone", documents_returned=True)
    assert case.stage == Case.Stage.REPLIED and case.fee_charged is None


def test_the_reply_page_refuses_an_overcharge_in_chinese(client, clerk1):
    case = completed("jzz-buhuan", clerk1)
    client.force_login(clerk1)
    response = client.post(
        f"/desk/cases/{case.number}/reply/",
        {"method": "phone", "fee_charged": "30", "fee_receipt_number": "NO.1"},
        follow=True,
    )
    assert "超过公示的收费标准" in response.content.decode()
    case.refresh_from_db()
    assert case.stage == Case.Stage.COMPLETED and case.fee_charged is None


def test_the_clerk_no_longer_enters_a_satisfaction_rating():
    assert "satisfaction" not in ReplyForm().fields
    assert "satisfaction" not in {field.name for field in Case._meta.get_fields()}
