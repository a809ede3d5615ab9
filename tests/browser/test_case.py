import pytest

from tests.browser.conftest import sign_on

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in_at_counter_4(page):
    sign_on(page, "clerk4", "4号窗口 · 户籍与居住证窗口")


def fill_applicant(page):
    page.locator("#id_applicant_name").fill("张三")
    page.locator("#id_applicant_id_number").fill("11010519491231002X")
    page.locator("#id_applicant_phone").fill("13812345678")


def test_clerk_calls_registers_tells_then_receives_and_replies(page, open_center):
    from django.utils import timezone

    from intake import queue
    from intake.models import Case, CaseNotice
    from servicecenter import workdays

    huji = __import__("disclosure.models", fromlist=["Category"]).Category.objects.get(code="huji")
    queue.ticket_issue(category=huji, check_open=False)
    sign_in_at_counter_4(page)
    page.keyboard.press("n")
    page.wait_for_selector("text=已叫D001号")

    # Register from the called ticket, with one material missing: the one-time notice.
    page.get_by_role("link", name="受理登记").click()
    # The page's script must be there before the choice (a person cannot be faster).
    page.wait_for_url("**/desk/cases/new/**", wait_until="load")
    # The service is chosen in the form itself: its materials appear at once.
    page.get_by_label("事项", exact=True).select_option(label="居住证申领")
    page.wait_for_selector(".checklist input[type=checkbox]")
    fill_applicant(page)
    boxes = page.locator(".checklist input[type=checkbox]")
    for index in range(boxes.count() - 1):
        boxes.nth(index).check()
    page.get_by_role("button", name="材料不全，一次性告知").click()
    page.wait_for_selector("text=已开具一次性告知书")
    notice = CaseNotice.objects.get()
    assert len(notice.missing) == 1
    pdf = page.request.get(page.live_server_url + f"/desk/notices/{notice.serial}/print.pdf")
    assert pdf.headers["content-type"] == "application/pdf" and pdf.body()[:4] == b"%PDF"

    # The applicant comes back with everything: receive the case, print the receipt.
    page.goto(page.live_server_url + "/desk/cases/new/?item=jzz-shenling")
    fill_applicant(page)
    for index in range(boxes.count()):
        page.locator(".checklist input[type=checkbox]").nth(index).check()
    page.get_by_role("button", name="材料齐全，受理").click()
    page.wait_for_selector("text=已受理")
    case = Case.objects.get()
    assert case.due_date == workdays.add_working_days(timezone.localdate(case.received_at), 10)
    assert page.request.get(page.live_server_url + f"/desk/cases/{case.number}/receipt.pdf").ok

    # 办理 → 办结 → 回复 with a rating.
    page.get_by_role("button", name="开始办理").click()
    page.wait_for_selector("text=已开始办理")
    page.get_by_role("button", name="办结", exact=True).click()
    page.wait_for_selector("text=已办结，请告知申请人")
    page.get_by_label("告知方式").select_option(label="电话告知")
    page.get_by_label("已归还证件").check()
    page.get_by_role("button", name="记录回复").click()
    page.wait_for_selector("text=已记录回复情况")
    case.refresh_from_db()
    assert case.stage == Case.Stage.REPLIED
    assert "张*" in page.inner_text("main") and "11010519491231002X" not in page.content()
