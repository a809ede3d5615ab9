"""Staff register complaints from the other channels and print the 投诉受理回执."""

import subprocess

import pytest

from complaints.models import Complaint
from servicecenter.tokens import new_token


def pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "receipt.pdf"
    path.write_bytes(content)
    result = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    )
    return result.stdout


FORM = {
    "channel": "phone",
    "description": "电话反映：收费与公示不一致。",
    "about": "counter",
    "name": "刘大爷",
    "phone": "13900001234",
}


@pytest.mark.parametrize("channel", ["counter", "phone", "letter", "box", "12345"])
def test_staff_register_a_complaint_with_its_channel(client, li, counter, channel):
    client.force_login(li)
    response = client.post(
        "/desk/complaints/new/",
        {**FORM, "channel": channel, "counter": counter.pk, "token": new_token()},
    )
    complaint = Complaint.objects.get()
    assert response.status_code == 302 and response["Location"] == complaint.get_absolute_url()
    assert complaint.channel == channel and complaint.registered_by == li
    assert complaint.subject_counter == counter
    assert complaint.history.get().history_step == Complaint.Step.REGISTER
    assert complaint.history.get().history_user == li


def test_staff_cannot_register_it_as_an_online_complaint(client, li, counter):
    client.force_login(li)
    response = client.post(
        "/desk/complaints/new/", {**FORM, "channel": "online", "counter": counter.pk}
    )
    assert response.status_code == 400
    assert response.context["form"].has_error("channel", "invalid_choice")
    assert not Complaint.objects.exists()


def test_a_clerk_cannot_register_a_complaint_about_themselves(client, wang):
    client.force_login(wang)
    response = client.post(
        "/desk/complaints/new/", {**FORM, "about": "staff", "staff": wang.staff_profile.pk}
    )
    assert response.status_code == 400
    assert any(e.code == "self" for e in response.context["form"].errors.as_data()["staff"])
    assert not Complaint.objects.exists()


def test_the_receipt_prints_number_code_deadline_and_masked_complainant(
    client, li, counter, tmp_path, settings
):
    client.force_login(li)
    client.post("/desk/complaints/new/", {**FORM, "counter": counter.pk})
    complaint = Complaint.objects.get()
    response = client.get(f"/desk/complaints/{complaint.number}/receipt.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content, tmp_path)
    assert "投诉受理回执" in text
    assert complaint.number in text and complaint.display_code in text
    assert f"{settings.COMPLAINT_REPLY_DAYS}个工作日" in text
    due = complaint.due_date
    assert f"{due.year}年{due.month}月{due.day}日" in text
    assert "刘*" in text and "139****1234" in text
    assert "刘大爷" not in text and "13900001234" not in text


def test_a_registration_sent_twice_makes_one_complaint(client, li, counter):
    client.force_login(li)
    data = {**FORM, "counter": counter.pk, "token": new_token()}
    first = client.post("/desk/complaints/new/", data)
    second = client.post("/desk/complaints/new/", data)
    assert first["Location"] == second["Location"]
    assert Complaint.objects.count() == 1
