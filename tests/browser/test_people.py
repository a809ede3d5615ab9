"""In Chromium: a clerk requests overtime within the cap, a supervisor approves it, the clerk
records the hours; a new clerk signs on at a counter only once the induction is complete."""

import datetime as dt

import pytest
from django.utils import timezone

from servicecenter.roles import Role
from staff import training
from staff.models import OvertimeRequest
from tests.conftest import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def today(monkeypatch):
    # live_server serves from a thread of this process: it sees the day set here.
    real = timezone.localdate

    def set_day(day: dt.date) -> None:
        monkeypatch.setattr(
            timezone, "localdate", lambda value=None, *args: day if value is None else real(value)
        )

    return set_day


def sign_in(browser, live_server, username: str, password: str = "demo-2026"):
    page = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN").new_page()
    page.set_default_timeout(10_000)
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/desk/**")
    return page


def test_overtime_is_requested_approved_and_its_hours_recorded(browser, live_server, demo, today):
    today(dt.date(2026, 11, 30))  # a Monday; the overtime is for Tuesday 2026-12-01
    before = OvertimeRequest.objects.count()  # the demo's
    clerk = sign_in(browser, live_server, "clerk")
    clerk.get_by_role("link", name="我的页面").click()
    clerk.get_by_role("link", name="申请加班").click()
    clerk.fill("input[name=day]", "2026-12-01")
    clerk.fill("input[name=planned_hours]", "6")
    clerk.fill("input[name=reason]", "月底台账整理")
    clerk.get_by_role("button", name="申请", exact=True).click()
    clerk.wait_for_selector("text=加班时间不得超过每天工作时间的50%")  # 8 h → at most 4 h
    assert OvertimeRequest.objects.count() == before
    clerk.fill("input[name=planned_hours]", "2")
    clerk.get_by_role("button", name="申请", exact=True).click()
    clerk.wait_for_selector("text=加班申请已提交，等待审批。")
    # The row by its reason: the demo's own requests (around the real today) share the table.
    own = clerk.locator(".overtime-own tbody tr", has_text="月底台账整理")
    assert own.get_attribute("data-status") == "requested"

    supervisor = sign_in(browser, live_server, "supervisor")
    supervisor.goto(live_server.url + "/staff/me/")
    supervisor.get_by_role("link", name="条加班申请待您审批").click()
    row = supervisor.locator(".overtime-pending tbody tr", has_text="月底台账整理")
    row.get_by_role("button", name="批准", exact=True).click()
    supervisor.wait_for_selector("text=已批准加班。")

    today(dt.date(2026, 12, 1))
    clerk.goto(live_server.url + "/staff/overtime/")
    clerk.get_by_label("实际加班时长（小时）").fill("1.5")
    clerk.get_by_label("补偿方式").select_option(label="调休")
    clerk.get_by_role("button", name="登记时长").click()
    clerk.wait_for_selector("text=加班时长已登记。")
    row = clerk.locator(".overtime-own tbody tr", has_text="月底台账整理")
    assert row.get_attribute("data-status") == "worked" and "调休" in row.inner_text()
    clerk.screenshot(path="test-artifacts/overtime-recorded.png", full_page=True)
    assert OvertimeRequest.objects.get(reason="月底台账整理").worked_hours == 1.5


def test_a_new_clerk_signs_on_only_after_the_induction_checklist(browser, live_server, open_center):
    newcomer = make_user("newcomer", Role.CLERK)
    mentor = make_user("supervisor", Role.SUPERVISOR)
    induction = training.induction_open(user=newcomer, mentor=mentor, by=mentor)

    desk = sign_in(browser, live_server, "newcomer", "pw-for-tests-2026")
    desk.get_by_label("窗口").select_option(label="3号窗口 · 民政事务窗口")
    desk.get_by_role("button", name="在此窗口上岗（开窗）").click()
    desk.wait_for_selector("text=您的入职培训尚未完成")
    assert desk.locator("text=已在3号窗口").count() == 0

    supervisor = sign_in(browser, live_server, "supervisor")
    supervisor.goto(live_server.url + f"/staff/training/inductions/{induction.pk}/")
    for _item in range(induction.items.count()):
        supervisor.locator(".induction-items").get_by_role("button").first.click()
        supervisor.wait_for_selector("text=该项已完成。")
    supervisor.wait_for_selector("[data-induction=complete]")
    supervisor.screenshot(path="test-artifacts/induction-complete.png", full_page=True)

    desk.goto(live_server.url + "/desk/")
    desk.get_by_label("窗口").select_option(label="3号窗口 · 民政事务窗口")
    desk.get_by_role("button", name="在此窗口上岗（开窗）").click()
    desk.wait_for_selector("text=已在3号窗口")
