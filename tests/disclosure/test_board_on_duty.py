"""挂牌上岗: /board/ shows who is on duty today: the rota, minus approved leave, plus the
substitutes, with their counters."""

import datetime as dt

import pytest
from django.utils import timezone

from servicecenter.roles import Role
from staff import leave
from staff.models import LeaveRequest
from tests.staff.rota_helpers import person, put_on_rota

pytestmark = pytest.mark.django_db


def test_a_day_with_one_person_on_leave_and_their_substitute(
    client, django_capture_on_commit_callbacks
):
    today = timezone.localdate()
    wang = person("wang", name="王芳", counter=1)
    li = person("li", name="李娜", counter=2)
    zhao = person("zhao", name="赵磊", counter=3)  # not on today's rota: substitutes
    boss = person("boss", Role.SUPERVISOR, name="刘洋")
    person("off", name="钱多")  # not on the rota today at all
    put_on_rota(wang, today)
    put_on_rota(li, today)
    yesterday = timezone.now() - dt.timedelta(days=3)
    request = leave.leave_file(
        user=wang,
        kind=LeaveRequest.Kind.PERSONAL,
        start_date=today,
        start_half="am",
        end_date=today,
        end_half="pm",
        reason="家中有事",
        substitute=zhao,
        now=yesterday,
    )
    page = client.get("/board/").content.decode()
    assert "王芳" in page and "赵磊" not in page  # requested leave is no leave
    with django_capture_on_commit_callbacks(execute=True):
        leave.leave_decide(request=request, approve=True, by=boss, now=yesterday)
    page = client.get("/board/").content.decode()
    assert "王芳" not in page and "钱多" not in page
    assert "李娜" in page and "2号窗口" in page
    # The substitute sits at the absent colleague's counter.
    card = page[page.index("赵磊") :]
    assert "1号窗口" in card[: card.index("</li>")] and "substitute" in card[: card.index("</li>")]


def test_a_substitute_already_on_the_rota_is_listed_once(client):
    today = timezone.localdate()
    wang = person("wang", name="王芳", counter=1)
    li = person("li", name="李娜", counter=2)
    boss = person("boss", Role.SUPERVISOR)
    put_on_rota(wang, today)
    put_on_rota(li, today)
    LeaveRequest.objects.create(
        user=wang,
        kind="personal",
        start_date=today,
        end_date=today,
        reason="x",
        substitute=li,
        status=LeaveRequest.Status.APPROVED,
        decided_by=boss,
    )
    page = client.get("/board/").content.decode()
    assert page.count("<h2>李娜</h2>") == 1 and "王芳" not in page


def test_the_board_is_empty_when_nobody_is_on_the_rota(client, db):
    person("wang", name="王芳", counter=1)
    page = client.get("/board/").content.decode()
    assert "王芳" not in page


def test_private_phone_and_unlisted_staff_stay_off_the_board(client):
    today = timezone.localdate()
    wang = person("wang", name="王芳", counter=1)
    li = person("li", name="李娜", counter=2)
    put_on_rota(wang, today)
    put_on_rota(li, today)
    li.staff_profile.is_public = False
    li.staff_profile.save()
    wang.staff_profile.phone = "010-62881001"
    wang.staff_profile.phone_is_public = False
    wang.staff_profile.save()
    page = client.get("/board/").content.decode()
    assert "王芳" in page and "李娜" not in page and "62881001" not in page


def test_a_deactivated_account_leaves_the_residents_board_at_once(
    client, django_capture_on_commit_callbacks
):
    from tests.servicecenter.test_account_roles import change_url, user_form

    today = timezone.localdate()
    li = person("li", name="李娜", counter=2)
    put_on_rota(li, today)
    director = person("director", Role.DIRECTOR)
    assert "李娜" in client.get("/board/").content.decode()  # cached for residents now
    staff = client.__class__()
    staff.force_login(director)
    with django_capture_on_commit_callbacks(execute=True):
        answer = staff.post(change_url(li), user_form(li, is_active=""))
    assert answer.status_code == 302
    li.refresh_from_db()
    assert not li.is_active
    assert "李娜" not in client.get("/board/").content.decode()
