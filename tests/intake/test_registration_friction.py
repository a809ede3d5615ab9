"""Registering as a clerk does: the service is chosen in the form itself, a too-long name is
told (not cut by the browser), spaces around a 身份证号 are trimmed and a phone typed the
international way is understood."""

import re

import pytest

from disclosure.models import ServiceItem
from intake import cases
from intake.models import Case, CaseNotice
from intake.queue import ticket_issue
from servicecenter.roles import Role
from tests.conftest import make_user

pytestmark = pytest.mark.django_db(transaction=False)
ID = "11010519491231002X"
URL = "/desk/cases/new/"


@pytest.fixture
def item(demo) -> ServiceItem:
    return ServiceItem.objects.get(code="jzz-shenling")


@pytest.fixture
def clerk(demo):
    return make_user("clerk", Role.CLERK)


def accept(client, item, **changes):
    data = {
        "item": item.code,
        "applicant_name": "张三",
        "applicant_id_number": ID,
        "applicant_phone": "13812345678",
        "mode": "promised",
        "received": [m.pk for m in item.materials.all()],
        "action": "accept",
        **changes,
    }
    return client.post(URL, data)


def test_the_service_is_chosen_in_the_registration_form_itself(client, item, clerk):
    ticket = ticket_issue(category=item.category, check_open=False)
    client.force_login(clerk)
    page = client.get(URL, {"ticket": ticket.pk}).content.decode()
    forms = re.findall(r"<form\b.*?</form>", page, flags=re.S)
    registration = [f for f in forms if 'name="item"' in f]
    assert len(registration) == 1 and 'method="post"' in registration[0]
    assert 'method="get"' not in registration[0]
    # Choosing (the select sends the form with action "choose") keeps what was typed.
    chosen = client.post(
        URL,
        {"ticket": ticket.pk, "item": item.code, "applicant_name": "李四", "action": "choose"},
    )
    html = chosen.content.decode()
    assert chosen.status_code == 200 and 'value="李四"' in html
    assert all(m.name in html for m in item.materials.all())
    assert f'name="ticket" value="{ticket.pk}"' in html
    assert 'class="error"' not in html
    assert not Case.objects.exists() and not CaseNotice.objects.exists()
    # …and the case is registered for the ticket from that same form.
    accept(client, item, ticket=ticket.pk)
    assert Case.objects.get().ticket == ticket


def test_a_name_longer_than_40_characters_is_told_not_cut(client, item, clerk):
    client.force_login(clerk)
    page = client.get(URL, {"item": item.code}).content.decode()
    name_input = re.search(r'<input[^>]*name="applicant_name"[^>]*>', page).group(0)
    assert "maxlength" not in name_input
    response = accept(client, item, applicant_name="欧" * 41)
    assert response.status_code == 400 and not Case.objects.exists()
    assert "40" in response.content.decode()


def test_the_service_refuses_a_long_name_with_a_code_on_every_database(item, clerk):
    with pytest.raises(cases.ValidationError) as caught:
        cases.case_accept(
            item=item,
            applicant=cases.Applicant(name="欧" * 41, id_number=ID, phone="13812345678"),
            received=list(item.materials.all()),
            mode=Case.Mode.PROMISED,
            clerk=clerk,
        )
    assert caught.value.error_dict["name"][0].code == "max_length"
    assert not Case.objects.exists()


def test_spaces_around_an_id_number_are_trimmed(client, item, clerk):
    client.force_login(clerk)
    response = accept(client, item, applicant_id_number=f"  {ID.lower()}\t ")
    assert response.status_code == 302
    assert Case.objects.get().applicant_id_number == ID


def test_an_international_mobile_number_is_understood(client, item, clerk):
    client.force_login(clerk)
    response = accept(client, item, applicant_phone="+86 138-0013-8000")
    assert response.status_code == 302
    assert Case.objects.get().applicant_phone == "13800138000"
