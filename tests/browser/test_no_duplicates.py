"""In Chromium: a double-click, Back + resubmit and a refresh make no second record."""

import time

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ALREADY = "已提交过，未重复办理"


def sign_in(page, username="clerk4"):
    page.goto(page.live_server_url + "/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill("demo-2026")
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state()


def fill_applicant(page):
    page.locator("#id_applicant_name").fill("张三")
    page.locator("#id_applicant_id_number").fill("11010519491231002X")
    page.locator("#id_applicant_phone").fill("13812345678")


def test_double_click_on_the_notice_button_makes_one_notice(page, open_center, monkeypatch):
    from intake import cases
    from intake.models import CaseNotice

    sign_in(page)
    page.goto(page.live_server_url + "/desk/cases/new/?item=jzz-shenling")
    fill_applicant(page)
    page.locator(".checklist input[type=checkbox]").first.check()
    # A slow server: the second click comes while the first is still being answered, and
    # the browser sends the form again.
    issue = cases.notice_issue
    monkeypatch.setattr(cases, "notice_issue", lambda **kw: (time.sleep(1), issue(**kw))[1])
    page.get_by_role("button", name="材料不全，一次性告知").focus()
    with page.expect_request(lambda request: request.method == "POST"):
        page.keyboard.press("Enter")
    page.keyboard.press("Enter")
    page.wait_for_url("**/desk/notices/**")
    page.wait_for_load_state()
    notice = CaseNotice.objects.get()
    assert not notice.is_repeat
    assert notice.serial in page.content()


def test_back_and_submit_again_leads_to_the_same_case(page, open_center):
    from intake.models import Case

    sign_in(page)
    page.goto(page.live_server_url + "/desk/cases/new/?item=jzz-shenling")
    fill_applicant(page)
    boxes = page.locator(".checklist input[type=checkbox]")
    for index in range(boxes.count()):
        boxes.nth(index).check()
    page.get_by_role("button", name="材料齐全，受理").click()
    page.wait_for_selector("text=已受理")
    case = Case.objects.get()
    page.go_back()
    page.wait_for_load_state()
    page.get_by_role("button", name="材料齐全，受理").click()
    page.wait_for_selector(f"text={ALREADY}")
    assert Case.objects.count() == 1
    assert page.url.endswith(case.get_absolute_url())
    assert case.number in page.content()


def test_refreshing_the_booking_confirmation_books_nothing_more(phone, open_center):
    from disclosure.models import Category
    from intake.models import Appointment
    from tests.intake.test_appointments import next_working_monday

    category = Category.objects.filter(appointment_capacity__gt=0).order_by("order").first()
    day = next_working_monday()
    before = Appointment.objects.count()
    phone.goto(phone.live_server_url + f"/queue/book/?category={category.pk}&day={day:%Y-%m-%d}")
    phone.locator("#id_slot").select_option("10:00")
    phone.get_by_label("姓名").fill("欧阳预约")
    phone.get_by_label("手机号码").fill("13812345678")
    phone.get_by_role("button", name="提交预约").click()
    phone.wait_for_url("**/queue/book/done/**")
    phone.wait_for_selector("text=已预约")
    code = Appointment.objects.get(name="欧阳预约").code
    print(
        "DBG",
        phone.url,
        code,
        list(Appointment.objects.values_list("pk", "code", "name")),
        phone.locator(".booking-code").inner_text(),
    )
    for _refresh in range(2):
        phone.reload()
        phone.wait_for_load_state()
        print(
            "DBG2",
            phone.url,
            list(Appointment.objects.values_list("pk", "code", "name", "status")),
            phone.locator(".booking-code").inner_text(),
        )
        phone.wait_for_selector(f"text={code}")
    phone.go_back()
    phone.wait_for_load_state()
    # Back to the form, which the browser refills: Book again gives the same booking.
    phone.get_by_role("button", name="提交预约").click()
    phone.wait_for_selector(f"text={code}")
    assert ALREADY in phone.content()
    assert Appointment.objects.count() == before + 1
