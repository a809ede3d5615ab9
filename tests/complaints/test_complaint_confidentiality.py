"""严格保密 (投诉受理制度): the staff member complained about never learns who complained,
cannot handle the complaint and cannot read its investigation notes; a complaint about a
supervisor goes to the director; history and exports keep no complainant."""

import io

import pytest
from django.core.exceptions import ValidationError
from openpyxl import load_workbook

from complaints import services
from complaints.models import Complaint
from tests.complaints.conftest import file_complaint

NAME, PHONE = "张三丰", "13812345678"


@pytest.fixture
def forwarded(complaint, zhao, li):
    services.complaint_accept(complaint=complaint, by=zhao, nature="attitude")
    services.complaint_forward(complaint=complaint, by=zhao, handler=li)
    services.complaint_note(complaint=complaint, by=li, text="监控显示当事人语气生硬", kind="note")
    return Complaint.objects.get(pk=complaint.pk)


def test_the_staff_member_complained_about_never_sees_who_complained(client, forwarded, wang):
    client.force_login(wang)
    page = client.get(forwarded.get_absolute_url())
    assert page.status_code == 200  # they see what is said, to write their statement
    text = page.content.decode()
    assert page.context["shows_complainant"] is False
    for secret in (NAME, NAME[0] + "*", PHONE, PHONE[-4:], "138****"):
        assert secret not in text
    assert client.get(f"{forwarded.get_absolute_url()}receipt.pdf").status_code == 404


def test_a_case_number_that_would_point_to_the_complainant_is_hidden_too(client, wang):
    complaint = file_complaint(wang, reference="202611280007")
    client.force_login(wang)
    assert "202611280007" not in client.get(complaint.get_absolute_url()).content.decode()


def test_the_handler_sees_the_complainant_masked(client, forwarded, li):
    client.force_login(li)
    text = client.get(forwarded.get_absolute_url()).content.decode()
    assert "张**" in text and "138****5678" in text and PHONE not in text


def test_the_staff_member_complained_about_cannot_be_assigned_it(client, complaint, zhao, wang):
    services.complaint_accept(complaint=complaint, by=zhao, nature="attitude")
    with pytest.raises(ValidationError) as refused:
        services.complaint_forward(complaint=complaint, by=zhao, handler=wang)
    assert refused.value.error_dict["handler"][0].code == "subject"
    assert wang not in services.handlers_for(complaint)
    client.force_login(zhao)
    client.post(f"{complaint.get_absolute_url()}forward/", {"handler": wang.pk})
    assert Complaint.objects.get().handler is None


def test_the_staff_member_complained_about_cannot_read_the_notes(client, forwarded, wang):
    client.force_login(wang)
    client.post(f"{forwarded.get_absolute_url()}statement/", {"text": "当天排队人多，语气急了"})
    page = client.get(forwarded.get_absolute_url())
    text = page.content.decode()
    assert "监控显示当事人语气生硬" not in text
    assert "当天排队人多，语气急了" in text  # their own statement
    assert [n.kind for n in page.context["notes"]] == ["statement"]
    # …and cannot add one, nor take a handler's step.
    client.post(f"{forwarded.get_absolute_url()}note/", {"text": "我的笔记"})
    client.post(
        f"{forwarded.get_absolute_url()}finding/",
        {"finding": "false", "outcome": "explanation", "opinion": "x"},
    )
    assert forwarded.notes.filter(kind="note").count() == 1
    assert Complaint.objects.get().finding == ""


def test_only_the_subject_writes_the_statement(forwarded, li):
    with pytest.raises(ValidationError):
        services.complaint_note(complaint=forwarded, by=li, text="代写", kind="statement")


def test_a_complaint_about_a_supervisor_goes_to_the_director(client, zhao, qian, chen, li):
    complaint = file_complaint(zhao)
    assert complaint.about_manager
    client.force_login(qian)
    assert client.get(complaint.get_absolute_url()).status_code == 404
    assert complaint not in Complaint.objects.visible_to(qian)
    with pytest.raises(ValidationError):
        services.complaint_accept(complaint=complaint, by=zhao, nature="attitude")
    client.force_login(chen)
    assert client.get(complaint.get_absolute_url()).status_code == 200
    services.complaint_accept(complaint=complaint, by=chen, nature="attitude")
    services.complaint_forward(complaint=complaint, by=chen, handler=li)
    client.force_login(zhao)
    page = client.get(complaint.get_absolute_url())
    assert page.status_code == 200 and page.context["shows_complainant"] is False
    assert page.context["steps"] == {"statement": True}  # none of the 投诉专员's steps


def test_a_clerk_with_no_part_in_it_gets_404(client, forwarded, db):
    from servicecenter.roles import Role
    from tests.conftest import make_user

    client.force_login(make_user("sun", Role.CLERK))
    assert client.get(forwarded.get_absolute_url()).status_code == 404
    assert client.post(f"{forwarded.get_absolute_url()}note/", {"text": "x"}).status_code == 404


def test_the_history_keeps_no_complainant(forwarded):
    history_fields = {f.name for f in forwarded.history.model._meta.fields}
    assert not {"complainant_name", "complainant_phone", "tracking_code"} & history_fields


def test_the_export_carries_no_complainant(client, forwarded, zhao):
    client.force_login(zhao)
    response = client.get("/desk/complaints/report/export.xlsx")
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content), read_only=True)
    cells = " ".join(
        str(cell) for sheet in workbook for row in sheet.iter_rows(values_only=True) for cell in row
    )
    assert forwarded.number in cells
    assert NAME not in cells and NAME[0] + "*" not in cells and PHONE[-4:] not in cells
    assert forwarded.tracking_code not in cells


def test_the_colleague_who_wrote_it_down_does_not_read_the_notes(client, counter, zhao, li, db):
    from servicecenter.roles import Role
    from tests.complaints.conftest import staff_member

    sun = staff_member("sun", Role.CLERK, "孙丽", "A-009")
    complaint = services.complaint_file(
        complaint=services.ComplaintInput(
            description="窗口排队混乱", about="counter", subject_counter=counter
        ),
        channel=Complaint.Channel.COUNTER,
        registered_by=sun,
    )
    services.complaint_accept(complaint=complaint, by=zhao, nature="facilities")
    services.complaint_forward(complaint=complaint, by=zhao, handler=li)
    services.complaint_note(complaint=complaint, by=li, text="叫号机故障", kind="note")
    client.force_login(sun)
    page = client.get(complaint.get_absolute_url())
    assert page.status_code == 200 and "叫号机故障" not in page.content.decode()
    client.force_login(li)
    assert "叫号机故障" in client.get(complaint.get_absolute_url()).content.decode()
