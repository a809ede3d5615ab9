"""全程代理制: at 受理 the applicant is told 办理流程、承诺时间、收费规定; the 回执 says them."""

import pytest

from disclosure.models import ServiceItem
from intake import cases
from intake.models import Case
from servicecenter.roles import Role
from tests.conftest import make_user
from tests.intake.test_cases import pdf_text

pytestmark = pytest.mark.django_db


def receipt_text(client, code: str, tmp_path) -> tuple[ServiceItem, str]:
    item = ServiceItem.objects.get(code=code)
    clerk = make_user("clerk", Role.CLERK)
    case = cases.case_accept(
        item=item,
        applicant=cases.Applicant(name="张三", id_number="11010519491231002X", phone="13812345678"),
        received=list(item.materials.all()),
        mode=Case.Mode.PROMISED,
        clerk=clerk,
    )
    client.force_login(clerk)
    text, _fonts = pdf_text(client.get(f"/desk/cases/{case.number}/receipt.pdf").content, tmp_path)
    return item, "".join(text.split())


def test_the_receipt_lists_the_items_steps_and_its_fees_with_their_basis(client, demo, tmp_path):
    item, text = receipt_text(client, "jzz-buhuan", tmp_path)  # 居住证补换: a 工本费
    assert "办理流程" in text and "收费规定" in text
    for step in item.steps.all():
        assert "".join(step.title.split()) in text
    fee = item.fees.get()
    for part in (fee.name, fee.standard, fee.basis):
        assert "".join(part.split()) in text


def test_a_service_without_fees_says_it_is_free(client, demo, tmp_path):
    _item, text = receipt_text(client, "jzz-shenling", tmp_path)
    assert "本事项不收费" in text and "受理次日起10个工作日" in text
