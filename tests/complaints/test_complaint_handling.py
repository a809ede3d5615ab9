"""Handling under 投诉受理制度: the 投诉专员 accepts or declines, forwards with a reply deadline
in working days, extends with a reason; the handler investigates, finds and replies; the
supervisor follows up and archives. Every step a code, with who."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from complaints import services
from complaints.models import Complaint, ComplaintNote
from servicecenter.figures import provide
from servicecenter.tokens import new_token
from tests.complaints.conftest import at, file_complaint


def steps(complaint: Complaint) -> list[tuple[str, str]]:
    records = complaint.history.exclude(history_step="").order_by("history_date", "history_id")
    return [(r.history_step, r.history_user.username if r.history_user else "") for r in records]


def test_the_reply_deadline_counts_working_days_across_national_day(wang, settings):
    """Filed 2026-09-30: 10-01..10-07 are holidays, Saturday 10-10 is a working day."""
    settings.COMPLAINT_REPLY_DAYS = 5
    complaint = file_complaint(wang, now=at(2026, 9, 30))
    # 10-08 (1), 10-09 (2), 10-10 Sat (3), 10-12 (4), 10-13 (5)
    assert complaint.due_date == dt.date(2026, 10, 13)
    settings.COMPLAINT_REPLY_DAYS = 2
    assert file_complaint(wang, now=at(2026, 10, 9)).due_date == dt.date(2026, 10, 12)


def test_the_whole_chain_records_each_step_with_who(client, complaint, zhao, li):
    client.force_login(zhao)
    url = complaint.get_absolute_url()
    assert client.post(f"{url}accept/", {"nature": "attitude"}).status_code == 302
    assert client.post(f"{url}forward/", {"handler": li.pk}).status_code == 302
    client.force_login(li)
    assert client.post(f"{url}note/", {"text": "调取监控核实"}).status_code == 302
    client.post(
        f"{url}finding/", {"finding": "partly", "outcome": "apology", "opinion": "已批评教育"}
    )
    client.post(f"{url}reply/", {"method": "tracking", "text": "经核实，已批评教育并致歉。"})
    client.force_login(zhao)
    client.post(f"{url}follow-up/", {"satisfied": "yes", "note": "满意"})
    client.post(f"{url}archive/")
    complaint.refresh_from_db()
    assert complaint.stage == Complaint.Stage.ARCHIVED
    assert complaint.nature == Complaint.Nature.ATTITUDE and complaint.handler == li
    assert complaint.finding == "partly" and complaint.outcome == "apology"
    assert complaint.replied_by == li and complaint.reply_method == "tracking"
    assert complaint.satisfied is True
    assert steps(complaint) == [
        ("file", ""),
        ("accept", "zhao"),
        ("forward", "zhao"),
        ("note", "li"),
        ("finding", "li"),
        ("reply", "li"),
        ("follow_up", "zhao"),
        ("archive", "zhao"),
    ]


def test_declining_records_why_and_the_complainant_sees_it(client, complaint, zhao):
    client.force_login(zhao)
    client.post(f"{complaint.get_absolute_url()}decline/", {"reason": "属于咨询，已转社保窗口解答"})
    complaint.refresh_from_db()
    assert complaint.stage == Complaint.Stage.DECLINED
    assert steps(complaint)[-1] == ("decline", "zhao")
    client.logout()
    page = client.post("/complaints/track/", {"code": complaint.tracking_code, "last4": "5678"})
    assert "属于咨询，已转社保窗口解答" in page.content.decode()


def test_an_extension_needs_a_reason_and_how_the_complainant_was_told(client, complaint, zhao, li):
    services.complaint_accept(complaint=complaint, by=zhao, nature="efficiency")
    services.complaint_forward(complaint=complaint, by=zhao, handler=li)
    due = Complaint.objects.get().due_date
    client.force_login(zhao)
    url = f"{complaint.get_absolute_url()}extend/"
    client.post(url, {"days": "3", "reason": "", "told_how": "phone"})
    client.post(url, {"days": "3", "reason": "需调取监控", "told_how": ""})
    assert Complaint.objects.get().due_date == due
    client.post(url, {"days": "3", "reason": "需调取监控", "told_how": "phone"})
    complaint.refresh_from_db()
    assert complaint.extension_days == 3 and complaint.due_date > due
    last = complaint.history.latest("history_date")
    assert last.history_step == Complaint.Step.EXTEND and "需调取监控" in last.history_reason


def test_steps_out_of_order_or_by_the_wrong_person_are_refused(complaint, zhao, li):
    with pytest.raises(ValidationError) as refused:
        services.complaint_reply(complaint=complaint, by=zhao, method="phone", text="x")
    assert refused.value.code == "step"
    services.complaint_accept(complaint=complaint, by=zhao, nature="attitude")
    with pytest.raises(ValidationError):
        services.complaint_forward(complaint=complaint, by=li, handler=li)  # a clerk
    services.complaint_forward(complaint=complaint, by=zhao, handler=li)
    with pytest.raises(ValidationError) as no_finding:
        services.complaint_reply(complaint=complaint, by=li, method="phone", text="已答复")
    assert no_finding.value.code == "step"
    assert Complaint.objects.get().stage == Complaint.Stage.FORWARDED


def test_a_double_submitted_step_is_done_once(client, complaint, zhao, li):
    client.force_login(zhao)
    services.complaint_accept(complaint=complaint, by=zhao, nature="attitude")
    services.complaint_forward(complaint=complaint, by=zhao, handler=li)
    client.force_login(li)
    token = new_token()
    for _ in range(2):
        client.post(f"{complaint.get_absolute_url()}note/", {"text": "核实中", "token": token})
    assert ComplaintNote.objects.count() == 1


def test_overdue_and_due_soon_complaints_show_on_the_workstations(client, wang, zhao, li):
    old = file_complaint(wang, now=at(2026, 9, 30))
    services.complaint_accept(complaint=old, by=zhao, nature="attitude")
    services.complaint_forward(complaint=old, by=zhao, handler=li)
    figures = {f.key: f for f in provide("workstation", user=li)}
    assert figures["complaints_overdue"].value == 1
    assert figures["complaints_overdue"].url == "/desk/complaints/?stage=open"
    assert {f.key: f.value for f in provide("workstation", user=zhao)}["complaints_overdue"] == 1
    # Complained about: not theirs to answer.
    assert {f.key: f.value for f in provide("workstation", user=wang)} == {"complaints_open": 0}
    client.force_login(li)
    page = client.get("/desk/").content.decode()
    assert 'data-key="complaints_overdue"' in page and 'href="/desk/complaints/?stage=open"' in page


def test_a_complaint_due_tomorrow_is_due_soon(zhao, wang, li, settings):
    settings.COMPLAINT_REPLY_DAYS = 1
    file_complaint(wang)
    figures = {f.key: f.value for f in provide("workstation", user=zhao)}
    complaints = {key: value for key, value in figures.items() if key.startswith("complaints_")}
    assert complaints == {"complaints_open": 1, "complaints_due_soon": 1}


def test_supervision_states_the_reply_days_setting(client, db, settings):
    settings.COMPLAINT_REPLY_DAYS = 7
    page = client.get("/supervision/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "7个工作日" in page and "5个工作日" not in page
    assert 'href="/complaints/new/"' in page and 'href="/complaints/figures/"' in page
    assert 'href="/ratings/figures/"' in page


def test_every_workstation_leads_to_the_complaints_register(client, li):
    client.force_login(li)
    page = client.get("/desk/").content.decode()
    assert 'data-key="complaints_open"' in page
    assert 'href="/desk/complaints/?stage=open"' in page
    assert client.get("/desk/complaints/?stage=open").status_code == 200


def test_the_complainant_sees_the_extension_and_its_reason(client, complaint, zhao, li):
    services.complaint_accept(complaint=complaint, by=zhao, nature="efficiency")
    services.complaint_forward(complaint=complaint, by=zhao, handler=li)
    services.complaint_extend(
        complaint=complaint, by=zhao, days=2, reason="需向社保局核实", told_how="tracking"
    )
    page = client.post("/complaints/track/", {"code": complaint.tracking_code, "last4": "5678"})
    text = page.content.decode()
    assert "需向社保局核实" in text
    due = Complaint.objects.get().due_date
    assert f"{due.year}年{due.month}月{due.day}日" in text
