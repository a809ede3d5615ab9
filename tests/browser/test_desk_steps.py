"""The workstation in a real browser: 叫号, 开始 and 办结 change the panel and say so without
loading the page again; a double press runs a step once; a lost connection says so."""

import pytest
from django.contrib.auth import get_user_model

from disclosure.models import Category
from intake import queue
from intake.models import Call, Ticket

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_on_at_counter_3(page, live_server) -> None:
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("用户名").fill("clerk3")
    page.get_by_label("密码").fill("demo-2026")  # the demo center's clerk at counter 3
    page.get_by_role("button", name="登录").click()
    page.get_by_label("窗口").select_option(label="3号窗口 · 民政事务窗口")
    page.get_by_role("button", name="在此窗口上岗（开窗）").click()
    page.wait_for_selector("text=已在3号窗口")
    page.wait_for_load_state()
    # Set on this page only: a page load would lose it.
    page.evaluate("window.sameWorkstation = true")


def test_call_start_finish_change_the_panel_and_the_message_without_a_page_load(
    page, open_center, live_server
):
    minzheng = Category.objects.get(code="minzheng")
    first, second = (queue.ticket_issue(category=minzheng, check_open=False) for _ in range(2))
    sign_on_at_counter_3(page, live_server)
    status = page.locator("main > .messages")

    page.keyboard.press("n")
    page.wait_for_function("() => document.querySelector('.desk-number').textContent === 'C001'")
    assert status.inner_text() == "已叫C001号。"
    assert page.locator("#desk-queue h2").inner_text() == "1人等候"
    assert page.locator("#current-ticket").input_value() == str(first.pk)
    assert page.locator("#register-case").get_attribute("href").endswith(f"?ticket={first.pk}")

    page.keyboard.press("s")
    page.wait_for_selector("main > .messages >> text=开始办理C001号。")
    page.keyboard.press("d")
    page.wait_for_selector("main > .messages >> text=C001号已办结。")
    assert page.locator(".desk-number").inner_text() == "—"
    assert page.locator("main > .messages .message.success").count() == 1

    # 办结 again: nothing to finish, said as an error, and the buttons work again.
    page.keyboard.press("d")
    page.wait_for_selector("main > .messages .message.error")
    assert page.locator("#action-form button[data-key='n']").is_enabled()

    assert page.evaluate("window.sameWorkstation") is True  # never reloaded
    assert Ticket.objects.get(pk=first.pk).status == Ticket.Status.DONE
    assert Ticket.objects.get(pk=second.pk).status == Ticket.Status.WAITING


def test_a_double_click_on_recall_announces_the_ticket_once_more_not_twice(
    page, open_center, live_server
):
    minzheng = Category.objects.get(code="minzheng")
    ticket = queue.ticket_issue(category=minzheng, check_open=False)
    sign_on_at_counter_3(page, live_server)
    page.keyboard.press("n")
    page.wait_for_selector("main > .messages >> text=已叫C001号。")
    page.locator("#action-form button[data-key='r']").dblclick()
    page.wait_for_selector("main > .messages >> text=已重呼C001号。")
    page.wait_for_timeout(500)  # a second recall, had it been sent, would be answered by now
    # The hall display announces each Call: the call and one recall.
    assert Call.objects.filter(ticket=ticket).count() == 2
    assert Ticket.objects.get(pk=ticket.pk).recalls == 1


def test_a_lost_connection_says_so_in_chinese_and_leaves_the_buttons_usable(
    page, open_center, live_server
):
    minzheng = Category.objects.get(code="minzheng")
    queue.ticket_issue(category=minzheng, check_open=False)
    sign_on_at_counter_3(page, live_server)
    page.route("**/desk/call/", lambda route: route.abort())
    page.keyboard.press("n")
    page.wait_for_selector("main > .messages .message.error >> text=网络连接失败")
    page.unroute("**/desk/call/")
    page.keyboard.press("n")
    page.wait_for_selector("main > .messages >> text=已叫C001号。")
    assert page.evaluate("window.sameWorkstation") is True


def test_a_counter_session_ended_elsewhere_reloads_the_page_with_the_reason(
    page, open_center, live_server
):
    sign_on_at_counter_3(page, live_server)
    clerk = get_user_model().objects.get(username="clerk3")
    queue.session_close(session=queue.session_for(clerk))  # signed off in another tab
    page.keyboard.press("n")
    page.wait_for_selector("text=您还没有在窗口上岗（开窗）。")
    page.get_by_role("button", name="在此窗口上岗（开窗）").wait_for()
    assert page.evaluate("window.sameWorkstation ?? false") is False  # a fresh page
