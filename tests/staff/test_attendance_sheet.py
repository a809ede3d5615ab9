"""The monthly 考勤表: one row per staff member, one column per day, totals; A4 landscape
PDF and Excel; the director confirms and the month is locked."""

import datetime as dt
import io
import subprocess
from decimal import Decimal

import openpyxl
import pytest

from servicecenter.roles import Role
from staff import attendance
from staff.models import AttendanceMonth, LeaveRequest, OvertimeRequest, RotaEntry
from tests.staff.rota_helpers import at, person, put_on_rota

pytestmark = pytest.mark.django_db


@pytest.fixture
def october():
    wang = person("wang", name="王芳")
    li = person("li", name="李娜")
    boss = person("boss", Role.SUPERVISOR, name="刘洋")
    head = person("head", Role.DIRECTOR, name="周敏")
    days = [dt.date(2026, 10, day) for day in (8, 9, 12)]
    put_on_rota(wang, *days)
    put_on_rota(li, *days)
    put_on_rota(li, dt.date(2026, 10, 3), duty=RotaEntry.Duty.DUTY)
    attendance.attendance_sign_in(user=li, now=at(dt.date(2026, 10, 3), 8, 50))
    attendance.attendance_sign_out(user=li, now=at(dt.date(2026, 10, 3), 18, 1))
    attendance.attendance_sign_in(user=wang, now=at(days[0], 9, 10))
    attendance.attendance_sign_out(user=wang, now=at(days[0], 18, 0))
    LeaveRequest.objects.create(
        user=wang,
        kind="sick",
        start_date=days[1],
        end_date=days[1],
        reason="发烧",
        substitute=li,
        status="approved",
        decided_by=boss,
    )
    return {"wang": wang, "li": li, "boss": boss, "head": head}


def test_one_row_per_person_one_column_per_day_with_totals(october):
    rows = {row.name: row for row in attendance.month_rows(dt.date(2026, 10, 1))}
    wang, li = rows["王芳"], rows["李娜"]
    assert len(wang.days) == 31
    assert [wang.days[day - 1].symbol for day in (8, 9, 12)] == ["迟", "病", "旷"]
    assert li.days[2].symbol == "值√"
    assert (wang.present, wang.late, wang.absent_total) == (1, 1, 1)
    assert wang.leave_days() == {"sick": 1}
    assert li.duty == 1


def test_worked_overtime_shows_in_the_sheets_overtime_column(october):
    OvertimeRequest.objects.create(
        user=october["li"],
        day=dt.date(2026, 10, 12),
        planned_hours=Decimal("2"),
        reason="整理档案",
        status=OvertimeRequest.Status.WORKED,
        worked_hours=Decimal("1.5"),
        decided_by=october["boss"],
    )
    rows = {row.name: row for row in attendance.month_rows(dt.date(2026, 10, 1))}
    assert rows["李娜"].days[11].overtime == Decimal("1.5")
    assert all(day.overtime == 0 for day in rows["王芳"].days)


def test_the_sheet_prints_as_a4_landscape(client, october, tmp_path):
    client.force_login(october["boss"])
    response = client.get("/staff/attendance/sheet/pdf/?month=2026-10")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    path = tmp_path / "sheet.pdf"
    path.write_bytes(response.content)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
    width, height = (
        float(size) for size in info.split("Page size:")[1].split("pts")[0].split(" x ")
    )
    assert round(width) == 842 and round(height) == 595  # A4 landscape
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True
    ).stdout
    assert "考勤表" in text and "2026年10月" in text and "王芳" in text and "李娜" in text
    assert "视为旷工一天" in text


def test_the_sheet_exports_to_excel_with_numbers(client, october):
    client.force_login(october["boss"])
    response = client.get("/staff/attendance/sheet/xlsx/?month=2026-10")
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    rows = list(book.active.values)
    header = rows[0]
    wang = next(row for row in rows if row[1] == "王芳")
    assert wang[header.index("8")] == "迟" and wang[header.index("9")] == "病"
    assert isinstance(wang[header.index("8") + 24], int | float)
    assert "考勤表_2026-10-01_2026-10-31.xlsx" in response["Content-Disposition"] or (
        "2026-10-01_2026-10-31.xlsx" in response["Content-Disposition"]
    )


def test_a_clerk_cannot_see_the_sheet(client, october):
    client.force_login(october["wang"])
    assert client.get("/staff/attendance/sheet/?month=2026-10").status_code == 403


def test_the_director_confirms_and_the_page_says_it_is_locked(client, october):
    client.force_login(october["boss"])
    assert client.post("/staff/attendance/sheet/confirm/", {"month": "2026-10"}).status_code == 403
    client.force_login(october["head"])
    client.post("/staff/attendance/sheet/confirm/", {"month": "2026-10"})
    record = AttendanceMonth.objects.get()
    assert record.month == dt.date(2026, 10, 1) and record.confirmed_by == october["head"]
    page = client.get("/staff/attendance/sheet/?month=2026-10").content.decode()
    assert "attendance_sheet_confirm" not in page and 'class="confirmed"' in page


def test_a_bad_month_shows_this_month(client, october):
    client.force_login(october["boss"])
    assert client.get("/staff/attendance/sheet/?month=2026-13").status_code == 200
