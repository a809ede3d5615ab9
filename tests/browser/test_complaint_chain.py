"""The issue's first chain in Chromium: a resident files anonymously on a phone and gets a
code → a supervisor forwards it to a clerk with the 5-working-day deadline → the clerk
complained about cannot see who filed it → the handler replies → the supervisor records
the 回访 → the resident sees 已答复 with the code."""

import os

import pytest

from tests.browser.conftest import ARTIFACTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "pw-for-tests-2026"


def shot(page, name: str) -> None:
    """Screenshots to look at: set COMPLAINT_SCREENSHOTS=1."""
    if os.environ.get("COMPLAINT_SCREENSHOTS"):
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=ARTIFACTS / f"complaint-{name}.png", full_page=True)


def sign_in(page, username: str) -> None:
    page.context.clear_cookies()
    page.goto(page.live_server_url + "/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state()


def test_a_resident_files_anonymously_and_sees_the_reply(phone, page, settings):
    from complaints.models import Complaint
    from servicecenter import workdays
    from servicecenter.roles import Role
    from tests.complaints.conftest import staff_member

    settings.COMPLAINT_REPLY_DAYS = 5
    wang = staff_member("wang", Role.CLERK, "王小明", "A-001")
    staff_member("li", Role.CLERK, "李红", "A-002")
    staff_member("zhao", Role.SUPERVISOR, "赵主管", "S-001")

    # A resident on a phone, anonymous.
    phone.goto(phone.live_server_url + "/complaints/new/")
    phone.get_by_label("事情经过").fill("在3号窗口办居住证，工作人员态度冷淡，让我来回跑了两趟。")
    phone.locator("#id_about").select_option(label="工作人员")
    phone.locator("#id_staff").select_option(label="王小明（A-001）")
    phone.get_by_label("您的诉求").fill("希望改进服务态度")
    assert phone.evaluate("() => document.documentElement.scrollWidth") <= 360
    shot(phone, "1-form-phone")
    phone.get_by_role("button", name="提交投诉").click()
    phone.wait_for_selector("#tracking-code")
    code = phone.inner_text("#tracking-code")
    shot(phone, "2-code-phone")
    complaint = Complaint.objects.get()
    assert code == complaint.display_code and complaint.complainant_phone == ""
    due = workdays.add_working_days(complaint.received_at.date(), 5)
    assert complaint.due_date == due

    # The supervisor (投诉专员) accepts and forwards it to 李红.
    sign_in(page, "zhao")
    page.goto(page.live_server_url + "/desk/complaints/")
    page.get_by_role("link", name=complaint.number).click()
    page.locator("#accept_nature").select_option(label="服务态度")
    page.get_by_role("button", name="受理投诉").click()
    page.wait_for_selector("text=投诉已受理")
    page.locator("#forward_handler").select_option(label="李红")
    assert page.locator("#forward_handler option", has_text="王小明").count() == 0
    page.get_by_role("button", name="转交", exact=True).click()
    page.wait_for_selector("text=投诉已转交责任人")
    assert page.inner_text("#due-date").startswith(due.strftime("%Y-%m-%d"))
    shot(page, "3-forwarded")

    # The clerk complained about sees the complaint, not who filed it.
    sign_in(page, "wang")
    page.goto(page.live_server_url + complaint.get_absolute_url())
    assert page.inner_text("#complainant") == "保密"
    assert page.locator("#notes").count() == 0
    shot(page, "4-subject")

    # The handler records the finding and replies.
    sign_in(page, "li")
    page.goto(page.live_server_url + "/desk/")
    page.get_by_role("link", name="待答复的投诉").click()
    page.get_by_role("link", name=complaint.number).click()
    page.locator("#note_text").fill("调取监控，当事人语气生硬属实")
    page.get_by_role("button", name="添加调查记录").click()
    page.wait_for_selector("text=已添加调查记录")
    page.locator("#finding_finding").select_option(label="属实")
    page.locator("#finding_outcome").select_option(label="道歉")
    page.locator("#finding_opinion").fill("对当事人批评教育，向投诉人致歉")
    page.get_by_role("button", name="记录调查结论").click()
    page.wait_for_selector("text=已记录调查结论")
    page.locator("#reply_method").select_option(label="查询页告知")
    page.locator("#reply_text").fill("经核实情况属实，已对工作人员批评教育，向您致歉。")
    page.get_by_role("button", name="记录回复").click()
    page.wait_for_selector("text=答复已记录")

    # The supervisor records the 回访.
    sign_in(page, "zhao")
    page.goto(page.live_server_url + complaint.get_absolute_url())
    page.locator("#follow_up_satisfied").select_option(label="满意")
    page.get_by_role("button", name="记录回访").click()
    page.wait_for_selector("text=已记录回访")
    shot(page, "5-followed-up")

    # The resident looks it up with the code.
    phone.goto(phone.live_server_url + "/complaints/track/")
    phone.get_by_label("查询码").fill(code)
    phone.get_by_role("button", name="查询").click()
    phone.wait_for_selector(".complaint-stage")
    assert phone.inner_text(".complaint-stage") == "已答复"
    assert "已对工作人员批评教育" in phone.inner_text("main")
    assert "王小明" not in phone.inner_text("main")
    shot(phone, "6-track-phone")
    complaint.refresh_from_db()
    assert complaint.stage == Complaint.Stage.FOLLOWED_UP and complaint.subject_staff == wang
