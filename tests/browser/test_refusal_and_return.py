"""In Chromium: a registration ends in a 不予受理告知书; another ends in a 一次性告知书 and,
the next day, is accepted from it with only the ID number (checked against the notice) and
the phone typed again."""

import datetime as dt
import subprocess

import pytest

from tests.browser.conftest import ARTIFACTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ID = "11010519491231002X"


def sign_in(page, username="clerk4"):
    page.goto(page.live_server_url + "/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill("demo-2026")
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state()


def register(page, service: str):
    page.goto(page.live_server_url + "/desk/cases/new/")
    page.get_by_label("事项", exact=True).select_option(label=service)
    page.wait_for_selector(".checklist input[type=checkbox]")
    page.locator("#id_applicant_name").fill("张三")
    page.locator("#id_applicant_id_number").fill(ID)
    page.locator("#id_applicant_phone").fill("13812345678")


def pdf_text(body: bytes, tmp_path) -> str:
    path = tmp_path / "notice.pdf"
    path.write_bytes(body)
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return "".join(text.split())


def test_a_registration_ends_in_a_refusal_notice(page, open_center, tmp_path):
    from intake.models import CaseNotice

    sign_in(page)
    register(page, "居住证申领")
    page.get_by_text("不予受理：开具不予受理告知书").click()
    page.get_by_label("不予受理的事项和理由").fill("申请人在本市居住未满半年，不符合申领条件")
    page.get_by_label("不予受理的依据（法律法规）").fill("《居住证暂行条例》第二条")
    page.get_by_role("button", name="开具不予受理告知书").click()
    page.wait_for_selector("text=已开具不予受理告知书")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "refusal-notice-page.png", full_page=True)
    notice = CaseNotice.objects.get()
    assert notice.kind == CaseNotice.Kind.REFUSAL
    main = page.inner_text("main")
    assert "不予受理" in main and "《居住证暂行条例》第二条" in main and "张*" in main
    pdf = page.request.get(page.live_server_url + f"/desk/notices/{notice.serial}/print.pdf")
    text = pdf_text(pdf.body(), tmp_path)
    assert text.count("不予受理告知书") == 2 and "申请人联" in text and "存根联" in text
    assert "申请人在本市居住未满半年" in text and "《居住证暂行条例》第二条" in text


def test_a_one_time_notice_is_accepted_from_the_next_day(page, open_center):
    from intake.models import Case, CaseNotice

    sign_in(page)
    register(page, "居住证申领")
    boxes = page.locator(".checklist input[type=checkbox]")
    for index in range(boxes.count() - 1):
        boxes.nth(index).check()
    page.get_by_role("button", name="材料不全，一次性告知").click()
    page.wait_for_selector("text=已开具一次性告知书")
    notice = CaseNotice.objects.get()
    # The next day: the notice was given yesterday.
    CaseNotice.objects.filter(pk=notice.pk).update(
        created_at=notice.created_at - dt.timedelta(days=1)
    )

    # The applicant is back: find the notice by their ID number, open it, accept from it.
    page.goto(page.live_server_url + "/desk/cases/new/")
    page.get_by_role("link", name="查找告知书").click()
    page.get_by_label("或申请人身份证号").fill(ID)
    page.get_by_role("button", name="查找").click()
    page.get_by_role("link", name=notice.serial).click()
    page.get_by_role("link", name="材料已补齐，受理").click()
    page.wait_for_selector(".checklist")
    # Filled in from the notice: the service, the name and every material ticked.
    assert page.locator("#id_applicant_name").input_value() == "张三"
    assert page.locator(".checklist input[type=checkbox]:not(:checked)").count() == 0
    assert "居住证申领" in page.inner_text("main")
    # Typed again: the ID number (the notice keeps only its hash) and the phone.
    page.locator("#id_applicant_id_number").fill(ID)
    page.locator("#id_applicant_phone").fill("13812345678")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "accept-from-notice-form.png", full_page=True)
    page.get_by_role("button", name="材料齐全，受理").click()
    page.wait_for_selector("text=已受理")
    case = Case.objects.get()
    assert case.notice == notice and case.materials.count() == 5
    assert not CaseNotice.objects.filter(is_repeat=True).exists()
    page.goto(page.live_server_url + f"/desk/notices/{notice.serial}/")
    assert case.number in page.inner_text("main")
    assert page.get_by_role("link", name="材料已补齐，受理").count() == 0
