"""The workstation's script sends 叫号/开始/办结… in the background: the step answers the queue
panel and its message as JSON, stores no message for a later page, and without the script the
same step still redirects to the workstation with its message."""

import json

import pytest
from django.contrib.messages import get_messages

from intake.models import Ticket
from servicecenter.roles import Role
from staff.models import Counter
from tests.conftest import make_user
from tests.intake.conftest import issue

pytestmark = pytest.mark.django_db

FETCH = {"headers": {"X-Requested-With": "fetch"}}


@pytest.fixture
def clerk3(client, demo):
    user = make_user("clerk3", Role.CLERK)
    client.force_login(user)
    client.post("/desk/sign-on/", {"counter": Counter.objects.get(number=3).pk})
    list(get_messages(client.get("/desk/").wsgi_request))  # the sign-on's message, read
    return user


def step(client, url: str, data: dict | None = None) -> tuple[int, dict]:
    response = client.post(url, data or {}, **FETCH)
    assert response["Content-Type"] == "application/json"
    return response.status_code, json.loads(response.content)


def stored_messages(client) -> list[str]:
    return [str(m) for m in get_messages(client.get("/desk/queue/").wsgi_request)]


def test_call_start_finish_answer_the_panel_and_the_message_in_chinese(client, clerk3, minzheng):
    first, second = issue(minzheng, 2)
    status, answer = step(client, "/desk/call/")
    assert status == 200
    assert answer["messages"] == [{"level": "success", "text": "已叫C001号。"}]
    assert f'data-current="{first.pk}"' in answer["html"]
    assert "1人等候" in answer["html"] and "<strong>C002</strong>" in answer["html"]
    assert "<html" not in answer["html"]  # the panel alone, not the page

    status, answer = step(client, "/desk/start/", {"ticket": first.pk})
    assert (status, answer["messages"][0]["text"]) == (200, "开始办理C001号。")
    status, answer = step(client, "/desk/finish/", {"ticket": first.pk})
    assert (status, answer["messages"][0]["text"]) == (200, "C001号已办结。")
    assert 'data-current=""' in answer["html"]
    assert Ticket.objects.get(pk=first.pk).status == Ticket.Status.DONE
    assert Ticket.objects.get(pk=second.pk).status == Ticket.Status.WAITING
    assert stored_messages(client) == []  # nothing left over for the next full page


def test_nobody_waiting_is_told_as_information(client, clerk3):
    status, answer = step(client, "/desk/call/")
    assert status == 200
    assert answer["messages"] == [{"level": "info", "text": "没有人在等候。"}]
    assert 'data-current=""' in answer["html"]


def test_a_refused_step_answers_the_error_and_the_panel_as_it_is_and_changes_nothing(
    client, clerk3, minzheng
):
    (ticket,) = issue(minzheng)
    client.post("/desk/call/", **FETCH)
    client.post("/desk/finish/", {"ticket": ticket.pk}, **FETCH)
    history = ticket.history.count()
    # A second 办结 of the same ticket (a double press that got through): refused, no harm.
    status, answer = step(client, "/desk/finish/", {"ticket": ticket.pk})
    assert status == 200
    assert [m["level"] for m in answer["messages"]] == ["error"]
    assert answer["messages"][0]["text"]  # the service's own message, in Chinese
    assert not answer["messages"][0]["text"].isascii()
    assert 'data-current=""' in answer["html"]
    assert Ticket.objects.get(pk=ticket.pk).status == Ticket.Status.DONE
    assert ticket.history.count() == history


def test_a_step_without_its_ticket_is_refused_in_chinese(client, clerk3):
    status, answer = step(client, "/desk/start/", {"ticket": ""})
    assert status == 200
    assert answer["messages"][0]["level"] == "error"
    assert not answer["messages"][0]["text"].isascii()


def test_not_signed_on_asks_the_script_to_reload_the_page_which_then_says_why(client, demo):
    client.force_login(make_user("clerk3", Role.CLERK))
    status, answer = step(client, "/desk/call/")
    assert (status, answer) == (409, {"reload": True})
    # The reloaded workstation shows the sign-on form and the reason.
    page = client.get("/desk/").content.decode()
    assert "您还没有在窗口上岗（开窗）。" in page


def test_signed_out_a_fetch_step_is_sent_to_the_login_page_and_does_nothing(client, minzheng):
    (ticket,) = issue(minzheng)
    response = client.post("/desk/call/", **FETCH)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert Ticket.objects.get(pk=ticket.pk).status == Ticket.Status.WAITING


def test_without_the_script_a_step_still_redirects_with_its_message(client, clerk3, minzheng):
    issue(minzheng)
    response = client.post("/desk/call/")
    assert response.status_code == 302 and response["Location"] == "/desk/"
    assert stored_messages(client) == ["已叫C001号。"]


def test_a_step_from_a_page_of_an_earlier_sign_on_does_nothing_and_says_so(
    client, clerk3, minzheng
):
    ticket = issue(minzheng)[0]
    old = client.get("/desk/").context["session"].pk
    client.post("/desk/sign-off/")
    client.post("/desk/sign-on/", {"counter": Counter.objects.get(number=3).pk})
    list(get_messages(client.get("/desk/").wsgi_request))
    response = client.post("/desk/call/", {"session": old}, **FETCH)
    assert response.status_code == 409
    assert "此页面是之前上岗时打开的" in " ".join(stored_messages(client))
    # Without the script: the same refusal, then the page of the current sign-on.
    response = client.post("/desk/call/", {"session": old})
    assert response.status_code == 302
    assert Ticket.objects.get(pk=ticket.pk).status == Ticket.Status.WAITING
    current = client.get("/desk/").context["session"].pk
    status, answer = step(client, "/desk/call/", {"session": current})
    assert status == 200 and answer["messages"][0]["text"] == "已叫C001号。"


def test_the_panel_asked_for_an_ended_sign_on_answers_409_for_the_page_to_reload(client, clerk3):
    session = client.get("/desk/").context["session"].pk
    assert client.get(f"/desk/queue/?session={session}").status_code == 200
    client.post("/desk/sign-off/")
    assert client.get(f"/desk/queue/?session={session}").status_code == 409
    assert client.get("/desk/queue/").status_code == 204  # a page from before the field
