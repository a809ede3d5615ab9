"""The workstation says plainly when the counter is paused and when nobody waits."""

import re

import pytest

from servicecenter.roles import Role
from staff.models import Counter
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_on(client, demo):
    client.force_login(make_user("clerk3", Role.CLERK))
    client.post("/desk/sign-on/", {"counter": Counter.objects.get(number=3).pk})
    return client


def call_button(page: str) -> str:
    return re.search(r'<button[^>]*data-key="n"[^>]*>', page).group(0)


def test_paused_counter_call_button_is_disabled_and_says_why(signed_on):
    signed_on.post("/desk/pause/")
    page = signed_on.get("/desk/").content.decode()
    button = call_button(page)
    assert "disabled" in button
    why = re.search(r'aria-describedby="([^"]+)"', button).group(1)
    reason = re.search(rf'id="{why}"[^>]*>(.*?)</', page, re.S).group(1)
    assert "暂停" in reason and "恢复" in reason


def test_working_counter_call_button_is_enabled(signed_on):
    button = call_button(signed_on.get("/desk/").content.decode())
    assert "disabled" not in button and "aria-describedby" not in button


def test_disabled_buttons_look_disabled(client):
    # The primary colour would make a disabled 叫号 look pressable.
    css = b"".join(client.get("/static/css/site.css").streaming_content).decode()
    assert re.search(r"button:disabled[^{]*\{[^}]*cursor: not-allowed", css)


def test_empty_queue_is_a_sentence_not_a_numbered_item(signed_on):
    page = signed_on.get("/desk/queue/").content.decode()
    assert "没有人在等候。" in page
    assert not re.search(r"<li[^>]*>[^<]*没有人在等候", page)
    assert "<ol" not in page
