"""In Chromium: a clerk signs in late, asks for leave with a substitute, a supervisor
approves it, the board changes, and the month's 考勤表 prints."""

import datetime as dt
import os
import subprocess

import pytest
from django.utils import timezone

from servicecenter.roles import Role
from staff.models import Shift
from tests.staff.rota_helpers import person, put_on_rota

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("ROTA_SCREENSHOTS")  # a folder to keep screenshots in, to look at


def shot(page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def sign_in(page, username: str) -> None:
    page.context.clear_cookies()
    page.goto(page.live_server_url + "/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill("pw-for-tests-2026")
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/desk/")


def test_late_sign_in_leave_with_a_substitute_approval_board_and_sheet(page, tmp_path):
    from servicecenter.models import CenterProfile

    CenterProfile.objects.create(
        name="演示社区便民服务中心",
        address="演示路1号",
        complaint_phone="010-12345678",
        supervision_phone="010-12345679",
    )
    today = timezone.localdate()
    wang = person("wang", name="王芳", counter=1)
    person("li", name="李娜", counter=2)
    person("boss", Role.SUPERVISOR, name="刘洋")
    # A shift from midnight: whenever the test runs, signing in now is late.
    whole_day = Shift.objects.create(name="全天班", starts=dt.time(0), ends=dt.time(23, 59))
    put_on_rota(wang, today, shift=whole_day)

    page.goto(page.live_server_url + "/board/")
    assert "王芳" in page.inner_text("main") and "李娜" not in page.inner_text("main")

    sign_in(page, "wang")
    assert "还没有签到" in page.get_by_role("alert").inner_text()
    shot(page, "1-desk-reminder")
    page.get_by_role("button", name="签到").click()
    assert "今日已签到" in page.inner_text("body")
    page.get_by_role("link", name="我的考勤").first.click()
    assert "迟" in page.inner_text("table.attendance-month")

    page.get_by_role("link", name="请假").first.click()
    page.locator("[name=kind]").select_option("sick")
    page.locator("[name=start_date]").fill(today.isoformat())
    page.locator("[name=start_half]").select_option("pm")
    page.locator("[name=end_date]").fill(today.isoformat())
    page.locator("[name=end_half]").select_option("pm")
    page.locator("[name=reason]").fill("发烧就医")
    page.locator("[name=substitute]").select_option(label="李娜（T-LI）")
    shot(page, "2-leave-form")
    page.get_by_role("button", name="提交请假单").click()
    assert "请假单已提交" in page.inner_text("body")
    assert "待审批" in page.locator("td.leave-status").first.inner_text()

    sign_in(page, "boss")
    page.get_by_role("link", name="请假").first.click()
    row = page.locator("tr.leave-pending").filter(has_text="王芳")
    assert "补假" in row.inner_text()
    shot(page, "3-leave-pending")
    row.get_by_role("button", name="批准", exact=True).click()
    assert "请假已批准" in page.inner_text("body")

    page.context.clear_cookies()
    page.goto(page.live_server_url + "/board/")
    board = page.inner_text("main")
    assert "李娜" in board and "今日替班" in board and "1号窗口" in board
    assert "王芳" not in board
    shot(page, "4-board")

    sign_in(page, "boss")
    page.goto(page.live_server_url + "/staff/attendance/sheet/")
    sheet = page.locator("table.attendance-sheet")
    assert "王芳" in sheet.inner_text() and "病" in sheet.inner_text()
    shot(page, "5-sheet")
    pdf_link = page.get_by_role("link", name="打印（PDF）")
    response = page.request.get(page.live_server_url + pdf_link.get_attribute("href"))
    assert response.headers["content-type"] == "application/pdf"
    path = tmp_path / "sheet.pdf"
    path.write_bytes(response.body())
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "考勤表" in text and "王芳" in text and f"{today.year}年{today.month}月" in text
