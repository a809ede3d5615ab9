"""The ledger's notices: each 一次性告知书, referral and 不予受理告知书 by its kind's label,
filtered by kind, and only those one may see."""

import pytest

from disclosure.models import ServiceItem
from intake import cases
from intake.models import CaseNotice
from servicecenter.roles import Role
from tests.conftest import make_user

pytestmark = pytest.mark.django_db
ID = "11010519491231002X"


def applicant() -> cases.Applicant:
    return cases.Applicant(name="张三", id_number=ID, phone="13812345678")


@pytest.fixture
def notices(demo):
    clerk, other = make_user("clerk", Role.CLERK), make_user("clerk-b", Role.CLERK)
    item = ServiceItem.objects.get(code="jzz-shenling")
    missing = list(item.materials.all())[:1]
    return {
        "clerk": clerk,
        "other": other,
        "missing": cases.notice_issue(
            item=item, applicant=applicant(), missing=missing, clerk=clerk
        ),
        "refusal": cases.refusal_issue(
            item=item, applicant=applicant(), reason="不符合条件", basis="条例", clerk=clerk
        ),
        "theirs": cases.refusal_issue(
            item=item, applicant=applicant(), reason="不符合条件", basis="条例", clerk=other
        ),
    }


def test_the_notices_ledger_lists_refusals_by_label_and_filters_by_kind(client, notices):
    client.force_login(notices["clerk"])
    page = client.get("/desk/ledger/notices/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert notices["missing"].serial in page and notices["refusal"].serial in page
    assert notices["theirs"].serial not in page
    assert f'data-kind="refusal">{CaseNotice.Kind.REFUSAL.label}<' in page
    only = client.get("/desk/ledger/notices/", {"kind": "refusal"}).content.decode()
    assert notices["refusal"].serial in only and notices["missing"].serial not in only
    assert "张三" not in page and "张*" in page


def test_bad_filters_are_told_not_a_500(client, notices):
    client.force_login(notices["clerk"])
    response = client.get("/desk/ledger/notices/", {"kind": "nonsense", "date_from": "2026-02-30"})
    assert response.status_code == 400
