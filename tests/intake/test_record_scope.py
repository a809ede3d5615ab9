"""Each kind of record is seen only by who may see it: one `visible_to(user)` per model,
used by every page, PDF and export that shows the record. A record one may not see is a 404."""

import csv
import io

import pytest
from django.contrib.auth.models import User

from disclosure.models import ServiceItem
from intake import cases
from intake import lost as lost_property
from intake.models import Case, CaseNotice, LostItem
from servicecenter.roles import Role
from tests.conftest import make_user

pytestmark = pytest.mark.django_db
ID = "11010519491231002X"


@pytest.fixture
def people(demo) -> dict[str, User]:
    return {
        "a": make_user("clerk-a", Role.CLERK),
        "b": make_user("clerk-b", Role.CLERK),
        "supervisor": make_user("supervisor", Role.SUPERVISOR),
        "director": make_user("director", Role.DIRECTOR),
        "nobody": make_user("no-role", None),
    }


@pytest.fixture
def item() -> ServiceItem:
    return ServiceItem.objects.get(code="jzz-shenling")


def applicant(name: str = "张三丰") -> cases.Applicant:
    return cases.Applicant(name=name, id_number=ID, phone="13812345678")


def accept(item: ServiceItem, clerk) -> Case:
    return cases.case_accept(
        item=item,
        applicant=applicant(),
        received=list(item.materials.all()),
        mode=Case.Mode.PROMISED,
        clerk=clerk,
    )


def notify(item: ServiceItem, clerk) -> CaseNotice:
    missing = list(item.materials.all())[:1]
    return cases.notice_issue(item=item, applicant=applicant(), missing=missing, clerk=clerk)


def lost(clerk) -> LostItem:
    return lost_property.lost_register(
        clerk=clerk, description="黑色钱包", found_where="大厅", found_by="保洁员", kept_at="服务台"
    )


def test_each_kind_of_record_answers_who_may_see_it(people, item):
    case, notice, found = accept(item, people["a"]), notify(item, people["a"]), lost(people["a"])
    for who, sees_case, sees_notice, sees_lost in [
        ("a", True, True, True),
        ("b", False, False, True),  # the lost-property register is the center's
        ("supervisor", True, True, True),
        ("director", True, True, True),
        ("nobody", False, False, False),
    ]:
        user = people[who]
        assert (case in Case.objects.visible_to(user)) is sees_case, who
        assert (notice in CaseNotice.objects.visible_to(user)) is sees_notice, who
        assert (found in LostItem.objects.visible_to(user)) is sees_lost, who


def test_a_handed_over_case_is_seen_by_its_new_handler_and_its_first_clerk(people, item):
    case = accept(item, people["a"])
    cases.case_hand_over(case=case, to=people["b"], reason="休假")
    assert case in Case.objects.visible_to(people["b"])
    assert case in Case.objects.visible_to(people["a"])  # 首问负责制: the first-asked clerk too


def test_another_clerk_cannot_open_a_notice_or_its_pdf_by_its_serial(client, people, item):
    notice = notify(item, people["a"])
    elsewhere = ServiceItem.objects.get(code="hukou-qianyi")  # handled by another unit
    referral = cases.referral_issue(item=elsewhere, applicant=applicant(), clerk=people["a"])
    client.force_login(people["b"])
    for serial in (notice.serial, referral.serial):
        assert client.get(f"/desk/notices/{serial}/").status_code == 404
        response = client.get(f"/desk/notices/{serial}/print.pdf")
        assert response.status_code == 404
        assert "张三丰" not in response.content.decode()
    client.force_login(people["a"])
    assert client.get(f"/desk/notices/{notice.serial}/").status_code == 200
    client.force_login(people["supervisor"])
    assert client.get(f"/desk/notices/{notice.serial}/print.pdf").status_code == 200


def test_another_clerk_cannot_print_a_receipt_or_move_a_case(client, people, item):
    case = accept(item, people["a"])
    client.force_login(people["b"])
    assert client.get(f"/desk/cases/{case.number}/receipt.pdf").status_code == 404
    assert client.post(f"/desk/cases/{case.number}/start/").status_code == 404
    case.refresh_from_db()
    assert case.stage == Case.Stage.RECEIVED


def test_the_ledger_export_holds_only_the_clerks_own_cases(client, people, item):
    mine, theirs = accept(item, people["a"]), accept(item, people["b"])
    client.force_login(people["a"])
    response = client.get("/desk/ledger/export.csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    numbers = [row[0] for row in rows[1:]]
    assert numbers == [mine.number] and theirs.number not in numbers


def test_the_workstation_lists_only_the_clerks_open_cases(client, people, item):
    mine, theirs = accept(item, people["a"]), accept(item, people["b"])
    client.force_login(people["a"])
    page = client.get("/desk/").content.decode()
    assert mine.number in page and theirs.number not in page


def test_every_clerk_may_hand_back_an_item_another_clerk_registered(client, people):
    found = lost(people["a"])
    client.force_login(people["b"])
    assert "黑色钱包" in client.get("/desk/lost/").content.decode()
    client.post(f"/desk/lost/{found.pk}/", {"name": "李四", "id_number": ID})
    found.refresh_from_db()
    assert found.status == LostItem.Status.CLAIMED
