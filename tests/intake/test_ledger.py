import csv
import datetime as dt
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from disclosure.models import ServiceItem
from intake import cases, lost, reports
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
    ("query", "message"),
    [
        ({"date_from": "2026-13-45"}, "输入一个有效的日期。"),
        ({"date_from": "1900-01-01"}, "请选择2000年至明年之间的日期。"),
        ({"date_from": "2026-05-02", "date_to": "2026-05-01"}, "开始日期不能晚于结束日期。"),
        ({"stage": "nonsense"}, "选择一个有效的选项。"),
    ],
)
def test_malformed_filters_get_a_chinese_message(client, people, query, message):
    client.force_login(people["supervisor"])
    response = client.get("/desk/ledger/", query)
    assert response.status_code == 400
    assert message in response.content.decode()


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
    cases.case_reply(case=first, method="phone", documents_returned=True)
    stats = reports.day_report(timezone.localdate())
    rows = {row["item"]: row for row in stats["rows"]}
    lines = {line["key"]: line["value"] for line in stats["lines"]}
    assert lines["cases_received"] == 2 and lines["cases_completed"] == 2
    assert rows["居住证申领"]["promised"] == 1 and rows["居住证申领"]["on_time_rate"] == 100.0
    assert rows["居住证签注"]["immediate"] == 1
    client.force_login(people["supervisor"])
    page = client.get("/desk/daily/").content.decode()
    assert "居住证申领" in page and "100.0%" in page
    workbook = load_workbook(io.BytesIO(client.get("/desk/daily/?export=xlsx").content))
    # One row per item, in the order of the on-screen table.
    sheet = workbook.active
    assert [sheet["A2"].value, sheet["A3"].value] == ["居住证申领", "居住证签注"]


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
    assert list(lost.lost_due_for_hand_over()) == [item]
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
    from intake.models import CaseNotice

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
    notice = CaseNotice.objects.get()
    assert notice.kind == CaseNotice.Kind.REFERRAL and notice.serial in response.content.decode()
    pdf = client.get(f"/desk/notices/{notice.serial}/print.pdf")
    assert pdf["Content-Type"] == "application/pdf"


def test_successful_lookups_do_not_count_against_the_limit(client, people):
    case = make_case(people["clerk"])
    for _ in range(12):
        assert client.post("/track/", {"case": case.number, "last4": "5678"}).status_code == 200


# -- exports: one helper, safe cells, typed cells, one file-name scheme ------------------------

FORMULA = '=HYPERLINK("http://x/","看")'


def xlsx(response):
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return load_workbook(io.BytesIO(content))


def csv_rows(response) -> list[list[str]]:
    content = b"".join(response.streaming_content)
    assert content.startswith(b"\xef\xbb\xbf")  # the BOM, so Excel reads UTF-8
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def display_width(text: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


@pytest.fixture
def formula_names(people):
    """A service and a clerk whose names a spreadsheet would read as a live formula."""
    from staff.models import StaffProfile

    ServiceItem.objects.filter(code="jzz-shenling").update(name=FORMULA)
    StaffProfile.objects.update_or_create(
        user=people["clerk"], defaults={"name": FORMULA, "title": "科员", "badge_number": "X-1"}
    )
    return FORMULA


def test_ledger_exports_never_carry_a_live_formula(client, people, formula_names):
    make_case(people["clerk"])
    client.force_login(people["supervisor"])
    rows = csv_rows(client.get("/desk/ledger/export.csv"))
    header, row = rows[0], rows[1]
    assert row[header.index("事项")] == "'" + FORMULA
    assert row[header.index("首问负责人")] == "'" + FORMULA
    sheet = xlsx(client.get("/desk/ledger/export.xlsx")).active
    for column in ("B", "J", "K"):
        assert sheet[f"{column}2"].value == "'" + FORMULA
        assert sheet[f"{column}2"].data_type == "s"  # a plain string, never a formula


def test_ledger_xlsx_has_date_and_number_cells_a_frozen_header_and_wide_columns(client, people):
    case = make_case(people["clerk"])
    case = cases.case_start(case=case)
    case = cases.case_complete(case=case)
    cases.case_reply(case=case, method="phone", documents_returned=True)
    client.force_login(people["supervisor"])
    sheet = xlsx(client.get("/desk/ledger/export.xlsx")).active
    header = [cell.value for cell in sheet[1]]
    row = {name: cell for name, cell in zip(header, sheet[2], strict=True)}
    assert isinstance(row["受理时间"].value, dt.datetime) and row["受理时间"].is_date
    assert row["受理时间"].value.date() == timezone.localdate()
    assert isinstance(row["承诺办结日期"].value, dt.datetime) and row["承诺办结日期"].is_date
    assert row["承诺办结日期"].value.date() == case.due_date
    assert row["按时办结"].value == "是"
    assert sheet.freeze_panes == "A2"
    for letter, name in zip("ABCDEFGHIJK", header, strict=True):
        assert sheet.column_dimensions[letter].width >= display_width(name)
    # the datetime column is wide enough for 2026-01-01 09:30
    assert sheet.column_dimensions["F"].width >= 16


def test_exports_carry_no_full_name_id_number_or_phone(client, people):
    make_case(people["clerk"])
    client.force_login(people["supervisor"])
    text = "\n".join(",".join(r) for r in csv_rows(client.get("/desk/ledger/export.csv")))
    sheet = xlsx(client.get("/desk/ledger/export.xlsx")).active
    text += "\n".join(str(c.value) for row in sheet.iter_rows() for c in row)
    assert "张*" in text
    for secret in ("张三", "11010519491231002X", "13812345678"):
        assert secret not in text


def test_ledger_export_file_names_follow_the_scheme(client, people):
    client.force_login(people["supervisor"])
    query = {"date_from": "2026-01-01", "date_to": "2026-06-30"}
    response = client.get("/desk/ledger/export.xlsx", query)
    # 台帐_2026-01-01_2026-06-30.xlsx, the Chinese name in RFC 5987 form
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''%E5%8F%B0%E5%B8%90_2026-01-01_2026-06-30.xlsx"
    )
    response = client.get("/desk/daily/", {"day": "2026-03-02", "export": "xlsx"})
    assert (
        "%E6%AF%8F%E6%97%A5%E7%BB%9F%E8%AE%A1_2026-03-02.xlsx" in response["Content-Disposition"]
    )  # 每日统计_2026-03-02.xlsx


def test_ledger_export_tells_how_many_rows_come_for_progress(client, people):
    for _ in range(3):
        make_case(people["clerk"])
    client.force_login(people["supervisor"])
    response = client.get("/desk/ledger/export.csv")
    assert response["X-Total-Rows"] == "3"
    assert len(csv_rows(response)) == 4


def test_ledger_export_queries_do_not_grow_with_rows(client, people):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(people["supervisor"])
    make_case(people["clerk"])
    counts = []
    for more in (2, 30):
        for _ in range(more):
            make_case(people["clerk2"])
        with CaptureQueriesContext(connection) as queries:
            csv_rows(client.get("/desk/ledger/export.csv"))
            xlsx(client.get("/desk/ledger/export.xlsx"))
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_daily_excel_is_typed_safe_and_readable(client, people, formula_names):
    case = make_case(people["clerk"])
    case = cases.case_start(case=case)
    case = cases.case_complete(case=case)
    cases.case_reply(case=case, method="phone", documents_returned=True)
    client.force_login(people["supervisor"])
    sheet = xlsx(client.get("/desk/daily/?export=xlsx")).active
    header = [cell.value for cell in sheet[1]]
    row = {name: cell for name, cell in zip(header, sheet[2], strict=True)}
    assert row["事项"].value == "'" + FORMULA and row["事项"].data_type == "s"
    assert row["受理"].value == 1 and row["办结"].value == 1
    assert row["受理"].data_type == "n"  # not the text "1"
    assert row["按时率"].value == 1 and row["按时率"].number_format == "0.0%"
    assert sheet.freeze_panes == "A2"
    for letter, name in zip("ABCDEFGHI", header, strict=True):
        # The supervisor's complaint: columns 2–6 characters wide.
        assert sheet.column_dimensions[letter].width >= display_width(name)


def test_queue_figures_excel_is_safe_and_typed(client, people, formula_names, demo):
    from intake import queue
    from intake.models import Ticket
    from staff.models import Counter

    session = queue.session_open(clerk=people["clerk"], counter=Counter.objects.get(number=3))
    category = Ticket._meta.get_field("category").related_model.objects.get(code="minzheng")
    queue.ticket_issue(category=category, check_open=False)
    ticket = queue.ticket_call_next(session=session)
    queue.ticket_finish(session=session, ticket_id=ticket.pk)
    client.force_login(people["supervisor"])
    response = client.get("/queue/stats/export.xlsx")
    assert "%E6%8E%92%E9%98%9F%E7%BB%9F%E8%AE%A1_" in response["Content-Disposition"]
    book = xlsx(response)
    by_clerk = book.worksheets[2]
    assert by_clerk["A2"].value == "'" + FORMULA and by_clerk["A2"].data_type == "s"
    assert by_clerk["B2"].value == 1 and by_clerk["B2"].data_type == "n"
    assert all(sheet.freeze_panes == "A2" for sheet in book.worksheets)


def test_the_export_judges_on_time_by_the_centers_day(client, people):
    """按时办结 in the export: the due date against the day of completion in the center's time
    zone, so 00:30 after the due day is late and 23:30 on it is on time."""
    due = timezone.localdate()
    done_at = {
        "on the due day, 23:30": (due, dt.time(23, 30), "是"),
        "the next day, 00:30": (due + dt.timedelta(days=1), dt.time(0, 30), "否"),
    }
    numbers = {}
    for label, (day, time, _expected) in done_at.items():
        case = make_case(people["clerk"])
        local = timezone.make_aware(dt.datetime.combine(day, time))
        Case.objects.filter(pk=case.pk).update(
            stage=Case.Stage.ARCHIVED, due_date=due, completed_at=local
        )
        numbers[case.number] = label
    open_case = make_case(people["clerk"])
    client.force_login(people["supervisor"])
    rows = csv_rows(client.get("/desk/ledger/export.csv"))
    header = rows[0]
    judged = {row[0]: row[header.index("按时办结")] for row in rows[1:]}
    for number, label in numbers.items():
        assert judged[number] == done_at[label][2], label
    assert judged[open_case.number] == ""


@pytest.mark.parametrize("zone", [None, "Europe/Berlin"])
def test_the_csv_shows_times_to_the_minute_in_the_current_zone(client, people, zone):
    """The CSV's times are written by the database (exports.LocalMinute): the minute in the
    center's zone (or another one made current), at the edges of the day."""
    day = timezone.localdate() - dt.timedelta(days=3)
    moments = [dt.time(0, 0), dt.time(0, 30, 59), dt.time(23, 59, 59, 999999)]
    times = {}
    for time in moments:
        case = make_case(people["clerk"])
        local = timezone.make_aware(dt.datetime.combine(day, time))
        Case.objects.filter(pk=case.pk).update(
            stage=Case.Stage.ARCHIVED, received_at=local, completed_at=local + dt.timedelta(hours=7)
        )
        times[case.number] = (local, local + dt.timedelta(hours=7))
    open_case = make_case(people["clerk"])
    client.force_login(people["supervisor"])
    with timezone.override(zone or timezone.get_current_timezone_name()):
        rows = csv_rows(client.get("/desk/ledger/export.csv"))
        expected = {
            number: tuple(f"{timezone.localtime(at):%Y-%m-%d %H:%M}" for at in pair)
            for number, pair in times.items()
        }
    header = rows[0]
    shown = {row[0]: (row[header.index("受理时间")], row[header.index("办结时间")]) for row in rows}
    for number in times:
        assert shown[number] == expected[number]
    first, _second, last = times
    if zone is None:
        assert shown[first][0] == f"{day} 00:00" and shown[last][0] == f"{day} 23:59"
    else:
        assert shown[first][0] == f"{day - dt.timedelta(days=1)} 17:00"
    assert shown[open_case.number][1] == ""
