"""The ledger page and the day's statistics read a fixed number of queries: not one more per
case shown, per clerk or service item in the filter, nor per item in the day's table."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from disclosure.models import ServiceItem
from intake import cases
from servicecenter.roles import Role
from staff.models import StaffProfile
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(demo):
    return {
        "clerk": make_user("clerk", Role.CLERK),
        "supervisor": make_user("supervisor", Role.SUPERVISOR),
    }


def make_case(clerk, code="jzz-shenling", mode="promised"):
    item = ServiceItem.objects.get(code=code)
    applicant = cases.Applicant(name="张三", id_number="11010519491231002X", phone="13812345678")
    return cases.case_accept(
        item=item, applicant=applicant, received=list(item.materials.all()), mode=mode, clerk=clerk
    )


def more_clerks(n: int) -> None:
    for i in range(n):
        user = make_user(f"extra-clerk-{i}", Role.CLERK)
        StaffProfile.objects.create(
            user=user, name=f"新同事{i}", title="科员", badge_number=f"N{i}"
        )


def queries(client, url: str) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return [query["sql"] for query in captured.captured_queries]


def reading(sqls: list[str], table: str) -> list[str]:
    return [sql for sql in sqls if f'FROM "{table}"' in sql]


LEDGER = "/desk/ledger/?stage=&mode=&date_from=2020-01-01"


def test_ledger_page_queries_do_not_grow_with_cases_clerks_or_items(client, people):
    make_case(people["clerk"])
    client.force_login(people["supervisor"])
    client.get(LEDGER)
    before = queries(client, LEDGER)
    for code in ("jzz-qianzhu", "jzz-shenling"):
        for _ in range(30):
            make_case(people["clerk"], code=code)
    more_clerks(4)
    after = queries(client, LEDGER)
    assert len(after) == len(before)


def test_ledger_page_reads_its_cases_in_one_query(client, people):
    for _ in range(3):
        make_case(people["clerk"])
    client.force_login(people["supervisor"])
    client.get(LEDGER)
    sqls = queries(client, LEDGER)
    # The page's rows, item and clerk names joined in; one query for each filter's choices.
    assert len(reading(sqls, "intake_case")) == 1
    assert len(reading(sqls, "disclosure_serviceitem")) == 1
    # The clerks' names come joined in; the one profile read is the signed-in user's name in
    # the page's header.
    assert len(reading(sqls, "staff_staffprofile")) == 1
    assert len(reading(sqls, "auth_user")) == 2  # the signed-in user, the clerks to filter by


def test_ledger_filters_by_clerk_and_item_without_a_query_to_check_them(client, people):
    make_case(people["clerk"])
    client.force_login(people["supervisor"])
    client.get(LEDGER)
    unfiltered = queries(client, LEDGER)
    item = ServiceItem.objects.get(code="jzz-shenling").pk
    filtered = queries(
        client, f"{LEDGER}&clerk={people['clerk'].pk}&item={item}&overdue=on&open=on"
    )
    # The chosen clerk and item are checked against the choices the filters show.
    assert len(filtered) == len(unfiltered) == 8


def day_queries(client) -> list[str]:
    return queries(client, f"/desk/daily/?day={timezone.localdate():%Y-%m-%d}")


def test_day_statistics_queries_do_not_grow_with_cases_or_items(client, people):
    client.force_login(people["supervisor"])
    make_case(people["clerk"])
    before = day_queries(client)
    for code in ("jzz-qianzhu", "shebaoka-shenling"):
        make_case(people["clerk"], code=code, mode="immediate")
        case = make_case(people["clerk"], code=code)
        cases.case_complete(case=cases.case_start(case=case))
    after = day_queries(client)
    assert len(after) == len(before)


def test_day_statistics_count_the_cases_in_one_grouped_query(client, people):
    late = make_case(people["clerk"])
    late.__class__.objects.filter(pk=late.pk).update(
        due_date=timezone.localdate() - dt.timedelta(days=2)
    )
    cases.case_complete(case=cases.case_start(case=make_case(people["clerk"])))
    client.force_login(people["supervisor"])
    sqls = day_queries(client)
    # The day's lines (received, completed, on time, overdue…) are the rows per item added up.
    assert len(reading(sqls, "intake_case")) == 1
    assert len(reading(sqls, "intake_ticket")) == 1
    assert len(reading(sqls, "intake_consultation")) == 1
    assert len(reading(sqls, "intake_casenotice")) == 1
    assert len(reading(sqls, "complaints_complaint")) == 1
    assert len(reading(sqls, "complaints_rating")) == 1
    # The whole page, the signed-in user's session and roles included; no permission is read
    # (the navigation goes by roles).
    assert not reading(sqls, "auth_permission")
    assert len(sqls) == 12


def test_day_statistics_read_complaints_and_ratings_by_a_range_of_the_day(client, people):
    client.force_login(people["supervisor"])
    sqls = day_queries(client)
    # A range an index reads, not each row's time converted to a date first.
    for sql in reading(sqls, "complaints_complaint") + reading(sqls, "complaints_rating"):
        assert "AT TIME ZONE" not in sql and "django_datetime_cast_date" not in sql, sql
