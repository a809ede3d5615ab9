"""Every text a person types is limited by its form to what its column holds, with a Chinese
message; every id in a URL or form is checked. Nothing gives a 500."""

import pytest
from django import forms

from disclosure.models import ServiceItem
from intake import cases
from intake import forms as intake_forms
from intake.models import Appointment, Case, LostItem
from servicecenter.roles import Role
from tests.conftest import make_user

pytestmark = pytest.mark.django_db
ID = "11010519491231002X"

# (form, field) -> (model, column): the form may never take more than the column holds.
COLUMNS = [
    (intake_forms.BookingForm, "name", Appointment, "name"),
    (intake_forms.BookingForm, "phone", Appointment, "phone"),
    (intake_forms.CheckInForm, "code", Appointment, "code"),
    (intake_forms.CaseForm, "applicant_name", Case, "applicant_name"),
    (intake_forms.CaseForm, "applicant_phone", Case, "applicant_phone"),
    (intake_forms.CaseForm, "agent_name", Case, "agent_name"),
    (intake_forms.CaseForm, "agent_phone", Case, "agent_phone"),
    (intake_forms.ReplyForm, "opinion", Case, "opinion"),
    (intake_forms.LostItemForm, "description", LostItem, "description"),
    (intake_forms.LostItemForm, "found_where", LostItem, "found_where"),
    (intake_forms.LostItemForm, "found_by", LostItem, "found_by"),
    (intake_forms.LostItemForm, "kept_at", LostItem, "kept_at"),
    (intake_forms.ClaimForm, "name", LostItem, "claimant_name"),
    (getattr(intake_forms, "HandOverForm", intake_forms.ClaimForm), "to", LostItem, "handed_to"),
]


@pytest.mark.parametrize(("form", "field", "model", "column"), COLUMNS)
def test_form_fields_take_no_more_than_their_column(form, field, model, column):
    assert form.base_fields[field].max_length == model._meta.get_field(column).max_length


def test_every_text_field_of_every_form_has_a_limit():
    for name in dir(intake_forms):
        form = getattr(intake_forms, name)
        if isinstance(form, type) and issubclass(form, forms.Form):
            for field_name, field in form.base_fields.items():
                if isinstance(field, forms.CharField):
                    assert field.max_length, f"{name}.{field_name} has no max_length"


@pytest.fixture
def clerk1(demo):
    return make_user("clerk", Role.CLERK)


@pytest.fixture
def case(clerk1) -> Case:
    item = ServiceItem.objects.get(code="jzz-shenling")
    applicant = cases.Applicant(name="张三", id_number=ID, phone="13812345678")
    return cases.case_accept(
        item=item,
        applicant=applicant,
        received=list(item.materials.all()),
        mode="promised",
        clerk=clerk1,
    )


@pytest.mark.parametrize("step", ["suspend", "supplement", "hand_over"])
def test_a_long_reason_is_kept_whole_in_the_record(client, clerk1, case, step):
    # PostgreSQL refused 90 characters in the history's varchar(100) with a 500.
    reason = "申请人需补充户籍证明材料，" * 15  # 195 characters
    client.force_login(clerk1)
    other = make_user("clerk2", Role.CLERK)
    response = client.post(
        f"/desk/cases/{case.number}/{step.replace('_', '-')}/",
        {"reason": reason, "materials": reason, "to": other.pk},
    )
    assert response.status_code == 302
    assert case.history.latest().history_reason == reason.strip()


def test_a_reason_longer_than_the_form_allows_is_refused_in_chinese(client, clerk1, case):
    client.force_login(clerk1)
    response = client.post(
        f"/desk/cases/{case.number}/suspend/", {"reason": "长" * 301}, follow=True
    )
    assert "最多" in response.content.decode()
    case.refresh_from_db()
    assert case.stage == Case.Stage.RECEIVED


@pytest.mark.parametrize("ticket", ["abc", "1.5", "-1", "99999999999999999999999", "0x10"])
def test_a_malformed_ticket_in_the_registration_address_is_a_400(client, clerk1, ticket):
    client.force_login(clerk1)
    response = client.get(f"/desk/cases/new/?item=jzz-shenling&ticket={ticket}")
    assert response.status_code in (400, 404)
    assert "票" in response.content.decode()


@pytest.mark.parametrize("page", ["100000000000000000000", "99999999", "-5", "abc"])
def test_a_far_or_malformed_ledger_page_is_not_a_500(client, clerk1, page):
    client.force_login(clerk1)
    response = client.get(f"/desk/ledger/?page={page}")
    assert response.status_code in (200, 400, 404)


def test_a_claimant_name_too_long_is_refused_in_chinese_and_changes_nothing(client, clerk1):
    from intake import lost

    item = lost.lost_register(
        description="钱包", found_where="大厅", found_by="王芳", kept_at="抽屉", clerk=clerk1
    )
    client.force_login(clerk1)
    response = client.post(
        f"/desk/lost/{item.pk}/", {"name": "张" * 41, "id_number": ID}, follow=True
    )
    # A refused claim shows the item's page again, with the reason (400).
    assert response.status_code == 400 and "最多" in response.content.decode()
    item.refresh_from_db()
    assert item.status == LostItem.Status.KEPT


def test_a_hand_over_to_a_malformed_clerk_is_refused(client, clerk1, case):
    client.force_login(clerk1)
    for to in ("abc", "99999999999999999999999", ""):
        response = client.post(
            f"/desk/cases/{case.number}/hand-over/",
            {"to": to, "reason": "休假"},
            follow=True,
        )
        assert response.status_code == 200
    case.refresh_from_db()
    assert case.handler == clerk1


def test_an_id_number_with_spaces_is_taken(client, clerk1):
    item = ServiceItem.objects.get(code="jzz-shenling")
    client.force_login(clerk1)
    client.post(
        "/desk/cases/new/",
        {
            "item": item.code,
            "applicant_name": "张三",
            "applicant_id_number": "110105 19491231 002X",
            "applicant_phone": "+86 138-0013-8000",
            "mode": "promised",
            "received": [m.pk for m in item.materials.all()],
            "action": "accept",
        },
    )
    case = Case.objects.get()
    assert case.applicant_id_number == ID and case.applicant_phone == "13800138000"


@pytest.mark.parametrize(
    "url", ["/desk/cases/new/?item=%00", "/guide/?q=a%00b", "/desk/cases/%00/"]
)
def test_a_nul_character_is_refused_in_chinese(client, clerk1, url):
    # PostgreSQL cannot compare text with NUL: a 500 there before.
    client.force_login(clerk1)
    response = client.get(url)
    assert response.status_code == 400 and "无效字符" in response.content.decode()
