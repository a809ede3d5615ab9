"""In Chromium: a phone consultation is referred to a supervisor (请示报告), instructed and
answered; the supervisor then submits the day (上报) and sees it frozen."""

import pytest

from tests.browser.conftest import ARTIFACTS, open_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, username: str) -> None:
    page.goto(page.live_server_url + "/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill("demo-2026")
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state()


def test_phone_consultation_escalated_answered_and_the_day_submitted(
    page, browser, live_server, request, open_center
):
    from django.contrib.auth.models import User

    from intake.models import Consultation, DayReport

    supervisor = User.objects.get(username="supervisor")

    # The clerk takes a phone question that cannot be answered at once.
    sign_in(page, "clerk")
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="咨询登记").click()
    page.get_by_label("渠道").select_option(label="电话咨询")
    page.get_by_label("咨询事项").fill("低保申请条件")
    page.get_by_label("咨询内容").fill("家里两口人，月收入一千五，能申请低保吗？")
    page.get_by_label("群众电话（选填）").fill("13812345678")
    page.get_by_role("button", name="登记", exact=True).click()
    page.wait_for_selector("text=已登记咨询")
    assert "138****5678" in page.inner_text("main") and "13812345678" not in page.content()

    # 请示报告: referred to the supervisor.
    page.get_by_label("主管").select_option(value=str(supervisor.pk))
    page.get_by_label("请示内容").fill("收入标准今年有调整，请示如何答复。")
    page.get_by_role("button", name="请示", exact=True).click()
    page.wait_for_selector("text=已向主管请示")

    # The supervisor finds it on the workstation and records the instruction.
    with open_page(browser, live_server, request, viewport={"width": 1280, "height": 800}) as boss:
        sign_in(boss, "supervisor")
        boss.goto(boss.live_server_url + "/desk/")
        boss.get_by_role("link", name="低保申请条件").first.click()
        boss.get_by_label("批示").fill("按今年新标准答复，可以申请。")
        boss.get_by_role("button", name="记录批示").click()
        boss.wait_for_selector("text=已记录批示")

        # The clerk answers the resident with the instruction at hand.
        page.reload()
        assert "按今年新标准答复" in page.inner_text("main")
        page.locator("#id_answer").fill("已电话告知：符合条件，可以申请。")
        page.get_by_role("button", name="记录答复").click()
        page.wait_for_selector("text=已记录答复")
        question = Consultation.objects.get()
        assert question.is_answered and question.instruction
        steps = [h.history_step for h in question.history.order_by("history_date")]
        assert steps == ["record", "escalate", "instruct", "answer"]

        # The supervisor submits the day: the figures are frozen, who and when shown.
        boss.get_by_role("navigation", name="主导航").get_by_role("link", name="每日统计").click()
        consultations = boss.locator('.figure[data-key="consultations"] .value')
        assert consultations.inner_text() == "1"
        boss.get_by_role("button", name="上报当日统计").click()
        boss.wait_for_selector("text=已上报，当日数据已锁定")
        assert "已由陈静于" in boss.inner_text("main")
        assert boss.get_by_role("button", name="上报当日统计").count() == 0
        ARTIFACTS.mkdir(exist_ok=True)
        boss.screenshot(path=ARTIFACTS / "day_submitted.png", full_page=True)
        report = DayReport.objects.get()
        assert report.submitted_by == supervisor
    page.screenshot(path=ARTIFACTS / "consultation_answered.png", full_page=True)
    page.goto(page.live_server_url + "/desk/consultations/")
    assert "低保申请条件" in page.inner_text("main")
    page.screenshot(path=ARTIFACTS / "consultation_register.png", full_page=True)
