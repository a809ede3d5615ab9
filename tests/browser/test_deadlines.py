"""In Chromium: an extension after the due date is refused; a completed case waits in
办结待告知 until the reply, with the fee charged and its receipt, is recorded."""

import datetime as dt
import re

import pytest

from tests.browser.conftest import ARTIFACTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ID = "11010519491231002X"


@pytest.fixture(autouse=True)
def artifacts():
    ARTIFACTS.mkdir(exist_ok=True)


def sign_in(page, username: str) -> None:
    page.goto(page.live_server_url + "/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill("demo-2026")
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state()


def receive(code: str, username: str):
    from django.contrib.auth.models import User

    from disclosure.models import ServiceItem
    from intake import cases
    from intake.models import Case

    item = ServiceItem.objects.get(code=code)
    return cases.case_accept(
        item=item,
        applicant=cases.Applicant(name="张三", id_number=ID, phone="13812345678"),
        received=list(item.materials.all()),
        mode=Case.Mode.PROMISED,
        clerk=User.objects.get(username=username),
    )


def test_an_extension_after_the_due_date_is_refused(page, open_center):
    from django.utils import timezone

    from intake.models import Case, CaseExtension

    case = receive("jzz-shenling", "clerk")
    overdue = timezone.localdate() - dt.timedelta(days=3)
    Case.objects.filter(pk=case.pk).update(due_date=overdue)  # the days went by
    sign_in(page, "supervisor")
    page.goto(page.live_server_url + case.get_absolute_url())
    page.locator("#days").fill("5")
    page.locator("#extend-reason").fill("补办延期手续")
    page.get_by_role("button", name="批准延期").click()
    page.wait_for_selector("text=不能再延期")
    case.refresh_from_db()
    assert case.due_date == overdue and case.extension_days == 0
    assert not CaseExtension.objects.exists()
    assert "超期" in page.inner_text("main")
    page.screenshot(path=ARTIFACTS / "deadlines-late-extension.png", full_page=True)


def test_a_completed_case_waits_until_the_reply_with_its_fee(page, open_center):
    from intake.models import Case

    case = receive("jzz-buhuan", "clerk")  # 居住证工本费 20元/证
    sign_in(page, "clerk")
    page.goto(page.live_server_url + case.get_absolute_url())
    page.get_by_role("button", name="开始办理").click()
    page.wait_for_selector("text=已开始办理")
    page.get_by_role("button", name="办结", exact=True).click()
    page.wait_for_selector("text=已办结，请告知申请人")

    page.goto(page.live_server_url + "/desk/")
    waiting = page.locator("table[aria-labelledby=awaiting-reply]")
    assert case.number in waiting.inner_text()
    page.screenshot(path=ARTIFACTS / "deadlines-awaiting-reply.png", full_page=True)
    waiting.get_by_role("link", name=case.number).click()

    page.get_by_label("告知方式").select_option(label="电话告知")
    page.get_by_label("实收费用（元）").fill("30")
    page.get_by_label("收费票据号").fill("NO.0012345")
    page.get_by_role("button", name="记录回复").click()
    page.wait_for_selector("text=超过公示的收费标准")
    case.refresh_from_db()
    assert case.stage == Case.Stage.COMPLETED

    page.get_by_label("告知方式").select_option(label="电话告知")
    page.get_by_label("实收费用（元）").fill("20")
    page.get_by_label("收费票据号").fill("NO.0012345")
    page.get_by_role("button", name="记录回复").click()
    page.wait_for_selector("text=已记录回复情况")
    page.screenshot(path=ARTIFACTS / "deadlines-replied-with-fee.png", full_page=True)
    case.refresh_from_db()
    assert case.stage == Case.Stage.REPLIED and str(case.fee_charged) == "20.00"
    assert re.search(r"20(\.00)?\s*·\s*票据号 NO\.0012345", page.inner_text("main"))

    page.goto(page.live_server_url + "/desk/")
    assert case.number not in page.locator("table[aria-labelledby=awaiting-reply]").inner_text()
