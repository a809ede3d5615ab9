import re

import pytest
from django.core import signing

from intake.models import Ticket

pytestmark = pytest.mark.django_db


def ticket_number(response) -> str:
    return re.search(r'data-ticket-number="([A-Z]\d{3})"', response.content.decode()).group(1)


def test_posting_a_category_gives_a_printed_ticket(client, open_center):
    response = client.post("/queue/kiosk/", {"category": "minzheng"}, follow=True)
    assert ticket_number(response) == "C001"
    page = response.content.decode()
    assert "民政事务" in page and "阳光社区便民服务中心" in page
    assert "前面还有0人" in page
    assert "目前没有窗口办理此类业务" in page  # nobody signed on at counter 3 yet
    assert "css/ticket" in page  # the receipt printer's page size: static/css/ticket.css


def test_waiting_ahead_and_estimate_grow_with_the_queue(client, open_center, session3):
    for _ in range(3):
        client.post("/queue/kiosk/", {"category": "minzheng"})
    page = client.post("/queue/kiosk/", {"category": "minzheng"}, follow=True).content.decode()
    assert "前面还有3人" in page and "预计等候约18分钟" in page  # 3 × 6 min, one counter


def test_kiosk_shows_a_button_per_open_category(client, open_center):
    page = client.get("/queue/kiosk/").content.decode()
    for name in ["综合事务", "社会保障", "民政事务", "户籍与居住证", "卫生健康与计生"]:
        assert name in page
    assert 'name="category" value="minzheng"' in page


def test_closed_center_says_when_it_reopens_and_issues_nothing(client, demo, monkeypatch):
    import datetime as dt
    from zoneinfo import ZoneInfo

    from django.utils import timezone

    sunday_night = dt.datetime(2026, 11, 29, 20, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    monkeypatch.setattr(timezone, "now", lambda: sunday_night)
    page = client.get("/queue/kiosk/").content.decode()
    assert "下次办公：11月30日 星期一 09:00" in page
    response = client.post("/queue/kiosk/", {"category": "minzheng"})
    assert response.status_code == 400
    assert "现在不是办公时间" in response.content.decode()
    assert not Ticket.objects.exists()


@pytest.mark.parametrize("value", ["", "nosuch", "Z"])
def test_unknown_category_is_refused(client, open_center, value):
    response = client.post("/queue/kiosk/", {"category": value})
    assert response.status_code == 400
    assert "业务类别" in response.content.decode()
    assert not Ticket.objects.exists()


def test_ticket_letter_is_accepted_as_the_category(client, open_center):
    assert ticket_number(client.post("/queue/kiosk/", {"category": "C"}, follow=True)) == "C001"


def test_a_replayed_form_gives_the_same_ticket(client, open_center):
    token = re.search(r'name="token" value="([^"]+)"', client.get("/queue/kiosk/").content.decode())
    data = {"category": "minzheng", "token": token.group(1)}
    first = ticket_number(client.post("/queue/kiosk/", data, follow=True))
    again = ticket_number(client.post("/queue/kiosk/", data, follow=True))
    assert first == again == "C001"
    assert Ticket.objects.count() == 1


def test_a_tampered_form_creates_nothing(client, open_center):
    token = signing.dumps("abc", salt="intake.kiosk") + "x"
    response = client.post("/queue/kiosk/", {"category": "minzheng", "token": token})
    assert response.status_code == 400
    assert "表单内容不正确" in response.content.decode()
    assert not Ticket.objects.exists()


def test_a_forged_ticket_address_is_not_found(client, open_center):
    assert client.get("/queue/ticket/123/").status_code == 404
