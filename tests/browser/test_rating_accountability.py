"""The issue's second chain in Chromium: a resident rates a finished case 不满意 from /track/
on a phone → a rectification appears with its due dates → the director opens a fault
record, the clerk writes a statement, a 书面警告 decision prints, an appeal is decided."""

import subprocess

import pytest

from tests.browser.conftest import ARTIFACTS, open_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, username: str) -> None:
    page.goto(page.live_server_url + "/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill("demo-2026")
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state()


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"rating-{name}.png", full_page=True)


def finished_case():
    from django.contrib.auth import get_user_model

    from disclosure.models import ServiceItem
    from intake import cases

    item = ServiceItem.objects.get(code="jzz-shenling")
    case = cases.case_accept(
        item=item,
        applicant=cases.Applicant(name="张三", id_number="11010519491231002X", phone="13812345678"),
        received=list(item.materials.all()),
        mode="promised",
        clerk=get_user_model().objects.get(username="clerk4"),
    )
    return cases.case_complete(case=cases.case_start(case=case))


def test_a_bad_rating_leads_to_a_rectification_and_a_decided_appeal(
    browser, live_server, request, phone, open_center, tmp_path
):
    from complaints.models import FaultRecord, Rectification

    case = finished_case()

    # The resident, on a phone, looks the case up and rates it 不满意.
    phone.goto(phone.live_server_url + f"/track/?case={case.number}")
    phone.get_by_label("手机号后4位").fill("5678")
    phone.get_by_role("button", name="查询").click()
    phone.get_by_role("link", name="评价本次服务").click()
    phone.get_by_label("不满意", exact=True).check()
    phone.get_by_label("评价意见（选填）").fill("等了很久，窗口人员态度冷淡")
    shot(phone, "1-resident-rates")
    phone.get_by_role("button", name="提交评价").click()
    phone.wait_for_selector("text=感谢您的评价")
    assert "张三" not in phone.content()
    shot(phone, "2-resident-thanked")

    # The supervisor finds the rectification from the workstation, with its due dates.
    rectification = Rectification.objects.get(rating__case=case)
    with open_page(browser, live_server, request, viewport={"width": 1280, "height": 900}) as page:
        sign_in(page, "supervisor")
        page.goto(page.live_server_url + "/desk/")
        page.get_by_role("link", name="待整改").click()
        page.get_by_role("link", name=case.number).click()
        assert page.inner_text(".contact-due").startswith(f"{rectification.contact_due:%Y-%m-%d}")
        assert page.inner_text(".done-due").startswith(f"{rectification.done_due:%Y-%m-%d}")
        page.get_by_label("群众意见").fill("已电话联系，居民接受道歉")
        page.get_by_role("button", name="记录联系情况").click()
        page.wait_for_selector("text=联系情况已记录")
        shot(page, "3-supervisor-rectification")

    # The director opens a fault record on the clerk from the rectification.
    with open_page(browser, live_server, request, viewport={"width": 1280, "height": 900}) as page:
        sign_in(page, "director")
        page.goto(page.live_server_url + rectification.get_absolute_url())
        page.get_by_role("link", name="追究过错责任（中心主任）").click()
        page.get_by_label("违反条款").select_option(label="不负责、不深入调查造成过错")
        page.get_by_label("事实").fill("受理后未及时告知群众办理进度，群众等候过久。")
        page.get_by_role("button", name="立案").click()
        page.wait_for_selector("text=已立案")
        record = FaultRecord.objects.get()
        assert record.staff.username == "clerk4" and record.rectification == rectification

    # The clerk sees it on the workstation and writes a statement.
    with open_page(browser, live_server, request, viewport={"width": 1280, "height": 900}) as page:
        sign_in(page, "clerk4")
        page.goto(page.live_server_url + "/desk/")
        page.get_by_role("link", name="过错责任追究：请填写本人陈述").click()
        page.get_by_label("本人陈述").fill("当天窗口业务量大，未能及时回复，今后改进。")
        page.get_by_role("button", name="保存本人陈述").click()
        page.wait_for_selector("text=陈述已保存")

    # The director decides 书面警告 and prints the decision.
    with open_page(browser, live_server, request, viewport={"width": 1280, "height": 900}) as page:
        sign_in(page, "director")
        page.goto(page.live_server_url + record.get_absolute_url())
        page.locator("#id_decision").select_option(label="书面警告")
        page.get_by_label("决定理由").fill("服务态度问题经查属实。")
        page.get_by_role("button", name="作出处理决定").click()
        page.wait_for_selector("text=处理决定已作出")
        shot(page, "4-director-decision")
        pdf = page.request.get(page.live_server_url + f"/faults/{record.pk}/decision.pdf")
        assert pdf.headers["content-type"] == "application/pdf"
        (tmp_path / "decision.pdf").write_bytes(pdf.body())
        (ARTIFACTS / "rating-decision.pdf").write_bytes(pdf.body())
        text = subprocess.run(
            ["pdftotext", str(tmp_path / "decision.pdf"), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        compact = "".join(text.split())
        assert "过错责任追究处理决定书" in compact and "书面警告" in compact
        assert "今后改进" in compact

    # The clerk appeals within the time allowed.
    with open_page(browser, live_server, request, viewport={"width": 1280, "height": 900}) as page:
        sign_in(page, "clerk4")
        page.goto(page.live_server_url + "/desk/")
        page.get_by_role("link", name="过错处理决定：可于").click()
        page.get_by_label("申诉理由").fill("当天系统故障，请求从轻处理。")
        page.get_by_role("button", name="提出申诉").click()
        page.wait_for_selector("text=申诉已提出")

    # The director decides the appeal: 变更 to an oral warning.
    with open_page(browser, live_server, request, viewport={"width": 1280, "height": 900}) as page:
        sign_in(page, "director")
        page.goto(page.live_server_url + "/desk/")
        page.get_by_role("link", name="待决定的申诉").click()
        page.get_by_role("link", name=str(record.pk), exact=True).click()
        page.get_by_label("变更原决定").check()
        page.get_by_label("变更后的处理决定").select_option(label="口头警告")
        page.get_by_label("申诉决定理由").fill("经核实系统当天确有故障，改为口头警告。")
        page.get_by_role("button", name="作出申诉决定").click()
        page.wait_for_selector("text=申诉已决定")
        assert page.get_attribute(".fault-status", "data-status") == "closed"
        shot(page, "5-appeal-decided")
    record.refresh_from_db()
    assert record.appeal_outcome == "changed" and record.decision == "oral_warning"
