import csv
import datetime as dt
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from disclosure.models import ServiceItem
from intake import cases, ledger
from intake.models import Case, LostItem
from servicecenter.roles import Role
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(demo):
    return {
        "clerk": make_user("clerk", Role.CLERK),
        "clerk2": make_user("clerk2", Role.CLERK),
        "supervisor": make_user("supervisor", Role.SUPERVISOR),
    }


def make_case(clerk, code="jzz-shenling", mode="promised") -> Case:
    item = ServiceItem.objects.get(code=code)
    applicant = cases.Applicant(name="张三", id_number="11010519491231002X", phone="13812345678")
    return cases.case_accept(
        item=item, applicant=applicant, received=list(item.materials.all()), mode=mode, clerk=clerk
    )


def test_supervisor_filters_one_clerks_overdue_cases_and_exports_them(client, people):
    late = make_case(people["clerk2"])
    Case.objects.filter(pk=late.pk).update(due_date=timezone.localdate() - dt.timedelta(days=3))
    make_case(people["clerk2"])  # not overdue
    make_case(people["clerk"])  # another clerk
    client.force_login(people["supervisor"])
    query = {"clerk": people["clerk2"].pk, "overdue": "on"}
    page = client.get("/desk/ledger/", query).content.decode()
    assert late.number in page and page.count("/desk/cases/") == 1
    assert "张*" in page and "张三" not in page
    response = client.get("/desk/ledger/export.csv", query)
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0][0] == "办件编号" and len(rows) == 2 and rows[1][0] == late.number
    assert rows[1][4] == "张*"
    book = load_workbook(
        io.BytesIO(b"".join(client.get("/desk/ledger/export.xlsx", query).streaming_content))
    )
    assert book.active.max_row == 2
    detail = client.get(late.get_absolute_url()).content.decode()
    assert "受理" in detail  # its record


def test_a_clerk_sees_only_their_own_cases(client, people):
    mine, theirs = make_case(people["clerk"]), make_case(people["clerk2"])
    client.force_login(people["clerk"])
    page = client.get("/desk/ledger/").content.decode()
    assert mine.number in page and theirs.number not in page
    assert client.get(theirs.get_absolute_url()).status_code == 404


@pytest.mark.parametrize(
    "query",
    [
        {"date_from": "2026-13-45"},
        {"date_from": "1900-01-01"},
        {"date_from": "2026-05-02", "date_to": "2026-05-01"},
        {"stage": "nonsense"},
    ],
)
def test_malformed_filters_get_a_chinese_message(client, people, query):
    client.force_login(people["supervisor"])
    response = client.get("/desk/ledger/", query)
    assert response.status_code == 400
    assert any(word in response.content.decode() for word in ["日期", "有效", "选择"])


def test_ledger_queries_do_not_grow_with_rows(client, people):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(people["supervisor"])
    make_case(people["clerk"])
    client.get("/desk/ledger/")
    counts = []
    for more in (5, 60):
        for _ in range(more):
            make_case(people["clerk"])
        with CaptureQueriesContext(connection) as queries:
            client.get("/desk/ledger/")
            client.get("/desk/daily/")
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_daily_statistics_match_the_cases_created(client, people):
    first = make_case(people["clerk"])
    make_case(people["clerk"], mode="immediate", code="jzz-qianzhu")
    first = cases.case_start(case=first)
    first = cases.case_complete(case=first)
    cases.case_reply(
        case=first, method="phone", documents_returned=True, fees_settled=True, satisfaction=4
    )
    stats = ledger.day_statistics(timezone.localdate())
    rows = {row["item"]: row for row in stats["rows"]}
    assert stats["cases"] == 2 and stats["completed"] == 2
    assert rows["居住证申领"]["promised"] == 1 and rows["居住证申领"]["on_time_rate"] == 100.0
    assert rows["居住证签注"]["immediate"] == 1
    assert stats["satisfaction"] == 4
    client.force_login(people["supervisor"])
    page = client.get("/desk/daily/").content.decode()
    assert "居住证申领" in page and "100.0%" in page
    workbook = load_workbook(io.BytesIO(client.get("/desk/daily/?export=xlsx").content))
    assert workbook.active["A2"].value in {"居住证申领", "居住证签注"}


def test_lost_property_claim_needs_identity_and_old_items_are_due(client, people):
    client.force_login(people["clerk"])
    client.post(
        "/desk/lost/",
        {
            "description": "黑色钱包",
            "found_where": "2号窗口",
            "found_by": "王芳",
            "kept_at": "服务台抽屉",
        },
    )
    item = LostItem.objects.get()
    page = client.post(
        f"/desk/lost/{item.pk}/", {"name": "李四", "id_number": ""}, follow=True
    ).content.decode()
    assert "身份证号" in page
    item.refresh_from_db()
    assert item.status == LostItem.Status.KEPT
    LostItem.objects.filter(pk=item.pk).update(found_at=timezone.now() - dt.timedelta(days=31))
    assert list(ledger.lost_due_for_hand_over()) == [item]
    assert "超过30天无人认领" in client.get("/desk/lost/").content.decode()
    client.post(f"/desk/lost/{item.pk}/", {"name": "李四", "id_number": "11010519491231002X"})
    item.refresh_from_db()
    assert (
        item.status == LostItem.Status.CLAIMED and item.claimant_id_masked == "110105********002X"
    )
    assert "11010519491231002X" not in client.get("/desk/lost/").content.decode()


def test_registering_without_details_changes_nothing(client, people):
    client.force_login(people["clerk"])
    response = client.post(
        "/desk/lost/", {"description": "", "found_where": "", "found_by": "", "kept_at": ""}
    )
    assert response.status_code == 400 and not LostItem.objects.exists()


def test_an_unknown_export_format_is_not_found(client, people):
    client.force_login(people["supervisor"])
    assert client.get("/desk/ledger/export.pdf").status_code == 404


def test_referral_notice_from_the_registration_page(client, people):
    from intake.models import Notice

    client.force_login(people["clerk"])
    response = client.post(
        "/desk/cases/new/",
        {
            "item": "hukou-qianyi",
            "applicant_name": "张三",
            "applicant_id_number": "11010519491231002X",
            "applicant_phone": "13812345678",
            "action": "referral",
        },
        follow=True,
    )
    notice = Notice.objects.get()
    assert notice.kind == Notice.Kind.REFERRAL and notice.serial in response.content.decode()
    pdf = client.get(f"/desk/notices/{notice.serial}/print.pdf")
    assert pdf["Content-Type"] == "application/pdf"


def test_successful_lookups_do_not_count_against_the_limit(client, people):
    case = make_case(people["clerk"])
    for _ in range(12):
        assert client.post("/track/", {"case": case.number, "last4": "5678"}).status_code == 200
