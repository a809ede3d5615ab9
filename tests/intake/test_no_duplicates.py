"""Ordinary mistakes make no duplicates: a double-click, Back + resubmit or a refresh of a
state-changing form does its work once and says so calmly (one-time form tokens)."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from disclosure.models import ServiceItem
from intake.models import Appointment, Case, CaseNotice, LostItem, Ticket
from servicecenter.roles import Role
from tests.conftest import make_user
from tests.intake.test_appointments import next_working_monday

pytestmark = pytest.mark.django_db
ID = "11010519491231002X"
ALREADY = "已提交过，未重复办理"


def token_in(page: str) -> str:
    found = re.search(r'name="token" value="([^"]+)"', page)
    assert found, "the form carries no one-time token"
    return found.group(1)


def tokens_in(page: str) -> list[str]:
    return re.findall(r'name="token" value="([^"]+)"', page)


@pytest.fixture
def clerk1(demo):
    return make_user("clerk", Role.CLERK)


@pytest.fixture
def item(demo) -> ServiceItem:
    return ServiceItem.objects.get(code="jzz-shenling")


def registration(item, token, action, received=None, **extra) -> dict:
    materials = [m.pk for m in item.materials.all()] if received is None else received
    return {
        "item": item.code,
        "applicant_name": "张三",
        "applicant_id_number": ID,
        "applicant_phone": "13812345678",
        "mode": "promised",
        "received": materials,
        "action": action,
        "token": token,
        **extra,
    }


def test_double_click_on_the_one_time_notice_makes_one_notice_and_no_repeat_flag(
    client, clerk1, item
):
    client.force_login(clerk1)
    token = token_in(client.get(f"/desk/cases/new/?item={item.code}").content.decode())
    some = [m.pk for m in item.materials.all()][:2]
    first = client.post("/desk/cases/new/", registration(item, token, "notice", some))
    second = client.post("/desk/cases/new/", registration(item, token, "notice", some))
    notice = CaseNotice.objects.get()
    assert not notice.is_repeat
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == f"/desk/notices/{notice.serial}/"
    page = client.get(second["Location"]).content.decode()
    assert ALREADY in page


def test_double_click_on_the_referral_notice_makes_one_notice(client, clerk1, demo):
    referred = ServiceItem.objects.get(code="hukou-qianyi")
    client.force_login(clerk1)
    token = token_in(client.get(f"/desk/cases/new/?item={referred.code}").content.decode())
    for _ in range(2):
        client.post("/desk/cases/new/", registration(referred, token, "referral", []))
    assert CaseNotice.objects.count() == 1


def test_registering_a_case_twice_with_one_form_makes_one_case(client, clerk1, item):
    client.force_login(clerk1)
    token = token_in(client.get(f"/desk/cases/new/?item={item.code}").content.decode())
    first = client.post("/desk/cases/new/", registration(item, token, "accept"))
    second = client.post("/desk/cases/new/", registration(item, token, "accept"), follow=True)
    case = Case.objects.get()
    assert first["Location"] == case.get_absolute_url()
    assert second.redirect_chain[-1][0] == case.get_absolute_url()
    assert ALREADY in second.content.decode()


def test_an_altered_token_is_refused_and_changes_nothing(client, clerk1, item):
    client.force_login(clerk1)
    token = token_in(client.get(f"/desk/cases/new/?item={item.code}").content.decode())
    response = client.post("/desk/cases/new/", registration(item, token + "x", "accept"))
    assert response.status_code == 400 and "表单" in response.content.decode()
    assert not Case.objects.exists()


def booked_pk(location: str) -> int:
    from django.core import signing

    from intake.views.appointments import BOOKING_SALT

    return signing.loads(location.rstrip("/").rsplit("/", 1)[1], salt=BOOKING_SALT)


def booking(category, token) -> dict:
    return {
        "category": category.pk,
        "day": next_working_monday(),
        "slot": "10:00",
        "name": "张三",
        "phone": "13812345678",
        "token": token,
    }


def test_booking_redirects_to_a_confirmation_that_a_refresh_does_not_rebook(client, demo):
    from disclosure.models import Category

    minzheng = Category.objects.get(code="minzheng")
    token = token_in(client.get("/queue/book/").content.decode())
    response = client.post("/queue/book/", booking(minzheng, token))
    assert response.status_code == 302
    for _refresh in range(3):
        page = client.get(response["Location"])
        assert page.status_code == 200
    appointment = Appointment.objects.get()
    assert appointment.code in page.content.decode()
    assert "13812345678" not in page.content.decode()
    # Back to the form and Book again: the same booking.
    again = client.post("/queue/book/", booking(minzheng, token), follow=True)
    assert Appointment.objects.count() == 1
    assert appointment.code in again.content.decode() and ALREADY in again.content.decode()


def test_a_forged_confirmation_address_is_not_found(client, demo):
    assert client.get("/queue/book/done/1/").status_code == 404


def test_lost_property_register_claim_and_hand_over_happen_once(client, clerk1):
    client.force_login(clerk1)
    token = token_in(client.get("/desk/lost/").content.decode())
    found = {
        "description": "黑色钱包",
        "found_where": "大厅",
        "found_by": "王芳",
        "kept_at": "抽屉",
    }
    for _ in range(2):
        client.post("/desk/lost/", {**found, "token": token})
    assert LostItem.objects.count() == 1
    client.post(
        "/desk/lost/",
        {
            **found,
            "description": "雨伞",
            "token": token_in(client.get("/desk/lost/").content.decode()),
        },
    )
    wallet, umbrella = (
        LostItem.objects.get(description="黑色钱包"),
        LostItem.objects.get(description="雨伞"),
    )
    page = client.get(f"/desk/lost/{wallet.pk}/").content.decode()
    claim = {"name": "李四", "id_number": ID, "token": token_in(page)}
    client.post(f"/desk/lost/{wallet.pk}/", claim)
    second = client.post(f"/desk/lost/{wallet.pk}/", claim, follow=True)
    assert ALREADY in second.content.decode() and "不再" not in second.content.decode()
    # Kept past the holding period: a hand-over is asked for, then approved, once each.
    LostItem.objects.filter(pk=umbrella.pk).update(found_at=timezone.now() - dt.timedelta(days=40))
    page = client.get(f"/desk/lost/{umbrella.pk}/").content.decode()
    hand = {"to": "街道办", "token": tokens_in(page)[-1]}
    client.post(f"/desk/lost/{umbrella.pk}/hand-over/", hand)
    second = client.post(f"/desk/lost/{umbrella.pk}/hand-over/", hand, follow=True)
    assert ALREADY in second.content.decode()
    client.force_login(make_user("supervisor-s", Role.SUPERVISOR))
    page = client.get(f"/desk/lost/{umbrella.pk}/").content.decode()
    approve = {"token": tokens_in(page)[1]}  # the claim form's, then the approval's
    client.post(f"/desk/lost/{umbrella.pk}/hand-over/approve/", approve)
    second = client.post(f"/desk/lost/{umbrella.pk}/hand-over/approve/", approve, follow=True)
    assert ALREADY in second.content.decode()
    wallet.refresh_from_db()
    umbrella.refresh_from_db()
    assert wallet.status == LostItem.Status.CLAIMED
    assert umbrella.status == LostItem.Status.HANDED_OVER
    assert wallet.history.count() == 2 and umbrella.history.count() == 3


def accepted_case(client, item) -> Case:
    token = token_in(client.get(f"/desk/cases/new/?item={item.code}").content.decode())
    client.post("/desk/cases/new/", registration(item, token, "accept"))
    return Case.objects.latest("pk")


def test_double_click_on_a_case_step_gives_a_calm_message(client, clerk1, item):
    client.force_login(clerk1)
    case = accepted_case(client, item)
    page = client.get(case.get_absolute_url()).content.decode()
    step = {"token": token_in(page)}
    client.post(f"/desk/cases/{case.number}/start/", step)
    second = client.post(f"/desk/cases/{case.number}/start/", step, follow=True)
    text = second.content.decode()
    assert ALREADY in text and "message error" not in text
    case.refresh_from_db()
    assert case.stage == Case.Stage.PROCESSING
    assert case.history.filter(history_step=Case.Step.START).count() == 1


def test_double_click_on_an_extension_extends_once(client, item, demo):
    supervisor = make_user("supervisor", Role.SUPERVISOR)
    client.force_login(supervisor)
    case = accepted_case(client, item)
    due = case.due_date
    page = client.get(case.get_absolute_url()).content.decode()
    # The reason form is the one after the step buttons' form.
    step = {"days": "5", "reason": "需实地核查", "token": tokens_in(page)[1]}
    for _ in range(2):
        client.post(f"/desk/cases/{case.number}/extend/", step)
    case.refresh_from_db()
    assert case.extension_days == 5 and case.due_date > due


def test_a_ticket_with_a_case_says_so_and_a_second_case_is_deliberate(client, clerk1, item):
    from intake import queue

    ticket = queue.ticket_issue(category=item.category, check_open=False)
    assert isinstance(ticket, Ticket)
    client.force_login(clerk1)
    url = f"/desk/cases/new/?item={item.code}&ticket={ticket.pk}"
    client.post(url, registration(item, token_in(client.get(url).content.decode()), "accept"))
    case = Case.objects.get()
    page = client.get(url).content.decode()
    assert case.number in page and case.get_absolute_url() in page
    # The same resident's second service on the same ticket, not said to be another case:
    # refused, naming the first.
    other = ServiceItem.objects.get(code="jzz-qianzhu")
    url = f"/desk/cases/new/?item={other.code}&ticket={ticket.pk}"
    refused = client.post(url, registration(other, token_in(page), "accept"))
    assert refused.status_code == 400 and Case.objects.count() == 1
    assert case.number in refused.content.decode()
    # Ticked on purpose: a second case.
    client.post(url, registration(other, token_in(page), "accept", another="on"))
    assert Case.objects.filter(ticket=ticket).count() == 2


def test_back_and_submit_again_with_a_reloaded_form_is_the_same_case(client, clerk1, item):
    # Chromium reloads the form on Back (a fresh token) and restores what was typed.
    client.force_login(clerk1)
    url = f"/desk/cases/new/?item={item.code}"
    client.post(url, registration(item, token_in(client.get(url).content.decode()), "accept"))
    again = client.post(
        url, registration(item, token_in(client.get(url).content.decode()), "accept"), follow=True
    )
    case = Case.objects.get()
    assert again.redirect_chain[-1][0] == case.get_absolute_url()
    assert ALREADY in again.content.decode()


def test_a_corrected_name_or_phone_within_minutes_is_registered_not_dropped(client, clerk1, item):
    client.force_login(clerk1)
    url = f"/desk/cases/new/?item={item.code}"
    client.post(url, registration(item, token_in(client.get(url).content.decode()), "accept"))
    corrected = registration(
        item, token_in(client.get(url).content.decode()), "accept", applicant_phone="13900002222"
    )
    answer = client.post(url, corrected, follow=True)
    assert ALREADY not in answer.content.decode()
    assert list(Case.objects.order_by("pk").values_list("applicant_phone", flat=True)) == [
        "13812345678",
        "13900002222",
    ]


def test_back_and_submit_again_with_a_reloaded_form_is_the_same_notice(client, clerk1, item):
    client.force_login(clerk1)
    url = f"/desk/cases/new/?item={item.code}"
    some = [m.pk for m in item.materials.all()][:2]
    for _ in range(2):
        token = token_in(client.get(url).content.decode())
        client.post(url, registration(item, token, "notice", some))
    assert CaseNotice.objects.count() == 1 and not CaseNotice.objects.get().is_repeat


def test_booking_again_from_a_reloaded_form_is_the_same_booking(client, demo):
    from disclosure.models import Category

    minzheng = Category.objects.get(code="minzheng")
    first = client.post(
        "/queue/book/", booking(minzheng, token_in(client.get("/queue/book/").content.decode()))
    )
    again = client.post(
        "/queue/book/", booking(minzheng, token_in(client.get("/queue/book/").content.decode()))
    )
    # Both lead to the one booking's page (the signed address carries the second it was made).
    assert Appointment.objects.count() == 1
    booked = Appointment.objects.get().pk
    assert booked_pk(first["Location"]) == booked_pk(again["Location"]) == booked


@pytest.mark.parametrize("received", [["99999"], ["abc"]])
def test_a_material_no_longer_in_the_catalog_is_explained_and_nothing_saved(
    client, clerk1, item, received
):
    client.force_login(clerk1)
    url = f"/desk/cases/new/?item={item.code}"
    token = token_in(client.get(url).content.decode())
    answer = client.post(url, registration(item, token, "accept", received))
    assert answer.status_code == 400
    assert "材料清单已更新，请重新勾选" in answer.content.decode()
    assert not Case.objects.exists()


def test_a_cancelled_bookings_confirmation_says_cancelled(client, demo):
    from disclosure.models import Category

    minzheng = Category.objects.get(code="minzheng")
    token = token_in(client.get("/queue/book/").content.decode())
    done = client.post("/queue/book/", booking(minzheng, token))["Location"]
    appointment = Appointment.objects.get()
    client.post("/queue/book/cancel/", {"code": appointment.code, "last4": "5678"})
    page = client.get(done).content.decode()
    assert "已取消" in page and "到取号机输入预约码" not in page
