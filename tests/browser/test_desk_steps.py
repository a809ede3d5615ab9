"""The workstation in a real browser: 叫号, 开始 and 办结 change the panel and say so without
loading the page again; a double press runs a step once; a lost connection says so."""

import pytest
from django.contrib.auth import get_user_model

from disclosure.models import Category
from intake import queue
from intake.models import Call, Ticket
from staff.models import Counter
from tests.browser.conftest import sign_on_at_counter_3

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


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


def test_a_key_held_down_runs_its_step_once_and_its_message_stays(page, open_center, live_server):
    minzheng = Category.objects.get(code="minzheng")
    first, second = (queue.ticket_issue(category=minzheng, check_open=False) for _ in range(2))
    sign_on_at_counter_3(page, live_server)
    # A held key sends keydown again and again with repeat set (Playwright does the same).
    for _ in range(6):  # about as long as a held key repeats in 1.5 s, slowed down
        page.keyboard.down("n")
        page.wait_for_timeout(250)
    page.keyboard.up("n")
    page.wait_for_selector("main > .messages >> text=已叫C001号。")
    page.wait_for_timeout(500)
    assert page.locator("main > .messages .message.error").count() == 0
    assert Ticket.objects.get(pk=second.pk).status == Ticket.Status.WAITING
    assert Call.objects.filter(ticket=first).count() == 1


def test_a_tab_left_from_an_earlier_sign_on_does_not_act_on_the_new_counter(
    page, open_center, live_server
):
    minzheng = Category.objects.get(code="minzheng")
    sign_on_at_counter_3(page, live_server)
    # In another tab: signed off at 3 and signed on at 4, which also calls 民政 (C).
    clerk = get_user_model().objects.get(username="clerk3")
    counter4 = Counter.objects.get(number=4)
    minzheng.counters.add(counter4)
    queue.session_close(session=queue.session_for(clerk))
    queue.session_open(clerk=clerk, counter=counter4)
    ticket = queue.ticket_issue(category=minzheng, check_open=False)

    page.keyboard.press("n")
    page.wait_for_selector("text=此页面是之前上岗时打开的，这一步没有执行。")
    assert "4号窗口" in page.locator("h1").inner_text()
    assert Ticket.objects.get(pk=ticket.pk).status == Ticket.Status.WAITING


def test_an_old_tab_polling_reloads_when_its_counter_session_is_gone(
    page, open_center, live_server
):
    sign_on_at_counter_3(page, live_server)
    clerk = get_user_model().objects.get(username="clerk3")
    queue.session_close(session=queue.session_for(clerk))  # signed off in another tab
    page.get_by_role("button", name="在此窗口上岗（开窗）").wait_for(timeout=6000)  # one poll


def test_a_step_refused_as_expired_reloads_and_says_it_was_not_done(page, open_center, live_server):
    minzheng = Category.objects.get(code="minzheng")
    ticket = queue.ticket_issue(category=minzheng, check_open=False)
    sign_on_at_counter_3(page, live_server)
    # Signed in again in another tab: this page's form token no longer matches (403).
    page.evaluate("document.querySelector('#action-form [name=csrfmiddlewaretoken]').value = 'x'")
    page.keyboard.press("n")
    page.wait_for_selector("main > .messages .message.error >> text=页面已过期，这一步没有执行")
    assert page.evaluate("window.sameWorkstation ?? false") is False  # reloaded
    assert Ticket.objects.get(pk=ticket.pk).status == Ticket.Status.WAITING


def test_an_expired_step_is_not_offered_for_retry_to_another_clerk_signed_in_meanwhile(
    page, open_center, live_server
):
    minzheng = Category.objects.get(code="minzheng")
    ticket = queue.ticket_issue(category=minzheng, check_open=False)
    sign_on_at_counter_3(page, live_server)
    # On the same computer, another tab: clerk3 signs out and clerk4 signs in and on at 4号.
    other = page.context.new_page()
    other.goto(live_server.url + "/desk/")
    other.get_by_role("button", name="退出").click()
    other.goto(live_server.url + "/accounts/login/")
    other.get_by_label("用户名").fill("clerk4")
    other.get_by_label("密码").fill("demo-2026")
    other.get_by_role("button", name="登录").click()
    other.get_by_label("窗口").select_option(str(Counter.objects.get(number=4).pk))
    other.get_by_role("button", name="在此窗口上岗（开窗）").click()
    other.wait_for_selector("text=已在4号窗口")

    page.keyboard.press("n")  # refused: the form's token was clerk3's
    page.wait_for_selector("h1 >> text=4号窗口")
    page.wait_for_timeout(300)
    assert "页面已过期" not in page.locator("main").inner_text()
    assert Ticket.objects.get(pk=ticket.pk).status == Ticket.Status.WAITING
