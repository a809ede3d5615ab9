"""A resident files a complaint on the public form, anonymously if they wish, gets a code
that cannot be guessed, and follows it at /complaints/track/ as /track/ works for cases."""

import pytest

from complaints.models import CODE_ALPHABET, CODE_LENGTH, Complaint
from servicecenter.tokens import new_token
from tests.complaints.conftest import file_complaint

FORM = {
    "description": "窗口人员态度很差，让我来回跑了三次。",
    "about": "other",
    "other": "咨询台",
    "wish": "希望改进",
}


def post(client, data, **extra):
    return client.post("/complaints/new/", {**FORM, **data}, **extra)


def test_an_anonymous_resident_files_and_gets_a_tracking_code(client, db):
    page = client.get("/complaints/new/")
    assert page.status_code == 200 and 'name="description"' in page.content.decode()
    response = post(client, {"token": new_token()}, follow=True)
    assert response.status_code == 200
    complaint = Complaint.objects.get()
    assert complaint.channel == Complaint.Channel.ONLINE
    assert complaint.complainant_name == "" and complaint.complainant_phone == ""
    assert complaint.history.get().history_step == Complaint.Step.FILE
    assert complaint.display_code in response.content.decode()
    assert complaint.due_date is not None


def test_tracking_codes_are_long_random_and_unrelated_to_the_register_number(db):
    codes = {file_complaint(description=f"第{n}件：办事等了很久").tracking_code for n in range(20)}
    assert len(codes) == 20
    for code in codes:
        assert len(code) == CODE_LENGTH and set(code) <= set(CODE_ALPHABET)
    # Not derived from the register number, which counts up and could be guessed.
    numbers = set(Complaint.objects.values_list("number", flat=True))
    assert all(number[2:] not in code for number in numbers for code in codes)


def test_a_double_submit_files_one_complaint(client, db):
    token = new_token()
    first = post(client, {"token": token})
    second = post(client, {"token": token})
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Complaint.objects.count() == 1


def test_bad_input_is_refused_in_chinese_and_files_nothing(client, db):
    response = post(
        client,
        {"description": "", "about": "staff", "phone": "12345", "happened_on": "2999-01-01"},
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "选择" in page  # the staff member must be chosen
    assert response.context["form"].has_error("description", "required")
    assert response.context["form"].has_error("staff", "required")
    assert response.context["form"].has_error("happened_on", "future")
    assert response.context["form"].has_error("phone")
    assert Complaint.objects.count() == 0


def test_too_long_input_is_an_error_not_a_cut(client, db):
    response = post(client, {"description": "长" * 2001, "name": "名" * 41})
    assert response.status_code == 400
    assert response.context["form"].has_error("description", "max_length")
    assert response.context["form"].has_error("name", "max_length")
    assert Complaint.objects.count() == 0


def test_the_public_form_is_rate_limited_per_client(client, db, settings):
    settings.COMPLAINT_FILINGS_PER_HOUR = 2
    assert post(client, {"description": "第一件事"}).status_code == 302
    assert post(client, {"description": "第二件事"}).status_code == 302
    refused = post(client, {"description": "第三件事"})
    assert refused.status_code == 429
    assert Complaint.objects.count() == 2
    other = post(client, {"description": "第三件事"}, REMOTE_ADDR="10.9.9.9")
    assert other.status_code == 302


def test_a_staff_member_from_the_identity_board_can_be_named(client, wang):
    response = post(client, {"about": "staff", "staff": wang.staff_profile.pk})
    assert response.status_code == 302
    assert Complaint.objects.get().subject_staff == wang


def test_a_staff_member_off_the_identity_board_cannot_be_chosen_publicly(client, wang):
    wang.staff_profile.is_public = False
    wang.staff_profile.save()
    response = post(client, {"about": "staff", "staff": wang.staff_profile.pk})
    assert response.status_code == 400
    assert response.context["form"].has_error("staff", "invalid_choice")


# -- the lookup -----------------------------------------------------------------------------


def track(client, code, last4="", **extra):
    return client.post("/complaints/track/", {"code": code, "last4": last4}, **extra)


def test_the_code_and_phone_digits_show_the_stage(client, db):
    complaint = file_complaint(phone="13812345678")
    response = track(client, complaint.display_code.lower(), "5678")
    assert response.status_code == 200
    assert response.context["complaint"] == complaint
    assert "张" not in response.content.decode()  # no personal data on the public page


def test_wrong_code_and_wrong_digits_get_the_same_answer(client, db):
    complaint = file_complaint(phone="13812345678")
    wrong_digits = track(client, complaint.tracking_code, "0000")
    no_digits = track(client, complaint.tracking_code, "")
    wrong_code = track(client, "X" * CODE_LENGTH, "5678")
    assert wrong_digits.status_code == no_digits.status_code == wrong_code.status_code == 404
    errors = {r.context["error"] for r in (wrong_digits, no_digits, wrong_code)}
    assert len(errors) == 1


def test_without_a_phone_the_code_alone_finds_it(client, db):
    complaint = file_complaint(phone="", name="")
    assert track(client, complaint.tracking_code).context["complaint"] == complaint


def test_the_lookup_is_rate_limited(client, db):
    complaint = file_complaint(phone="")
    for _ in range(10):
        assert track(client, "Y" * CODE_LENGTH).status_code == 404
    refused = track(client, complaint.tracking_code)
    assert refused.status_code == 429 and refused["Retry-After"] == "600"
    assert refused.context["complaint"] is None


@pytest.mark.parametrize("code", ["", "'; DROP", "A" * 500, "１２３"])
def test_odd_codes_are_simply_not_found(client, db, code):
    assert track(client, code).status_code == 404


def test_an_empty_form_sent_is_told_what_is_missing(client, db):
    response = client.post("/complaints/new/", {})
    assert response.status_code == 400
    assert response.context["form"].has_error("description", "required")
    assert not Complaint.objects.exists()
