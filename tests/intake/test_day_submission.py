"""每天统计汇总上报: a supervisor submits the day; its figures are frozen as submitted, and a
later correction is a recorded amendment (who, when, why, what changed), never an edit."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from openpyxl import load_workbook

from disclosure.models import ServiceItem
from intake import cases, reports
from intake.models import Case, DayReport
from servicecenter.roles import Role
from servicecenter.tokens import new_token
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(demo):
    return {
        "clerk": make_user("clerk", Role.CLERK),
        "supervisor": make_user("supervisor", Role.SUPERVISOR),
    }


def accept(clerk) -> Case:
    item = ServiceItem.objects.get(code="jzz-shenling")
    applicant = cases.Applicant(name="张三", id_number="11010519491231002X", phone="13812345678")
    return cases.case_accept(
        item=item, applicant=applicant, received=list(item.materials.all()), mode="promised",
        clerk=clerk,
    )  # fmt: skip


def received(figures: dict) -> int:
    return next(line["value"] for line in figures["lines"] if line["key"] == "cases_received")


def test_a_submitted_day_shows_its_frozen_figures_who_and_when(client, people):
    accept(people["clerk"])
    client.force_login(people["supervisor"])
    today = f"{timezone.localdate():%Y-%m-%d}"
    form = {"day": today, "token": new_token()}
    assert client.post("/desk/daily/submit/", form).status_code == 302
    assert client.post("/desk/daily/submit/", form).status_code == 302  # a double click
    report = DayReport.objects.get()
    assert report.submitted_by == people["supervisor"] and received(report.figures) == 1
    assert [h.history_step for h in report.history.all()] == [DayReport.Step.SUBMIT]
    accept(people["clerk"])  # a case registered after the submission
    response = client.get("/desk/daily/", {"day": today})
    assert response.context["submitted"] == report
    assert received(response.context["figures"]) == 1
    assert response.context["changed"] == {
        "cases_received": [1, 2],
        "cases_received_promised": [1, 2],
        "居住证申领 · promised": [1, 2],
        "居住证申领 · received": [1, 2],
    }
    workbook = load_workbook(io.BytesIO(client.get("/desk/daily/?export=xlsx").content))
    assert workbook.active["B2"].value == 1  # the Excel is the submitted day too


def test_a_day_is_submitted_once_and_only_by_a_supervisor(people):
    today = timezone.localdate()
    with pytest.raises(ValidationError) as refused:
        reports.day_submit(day=today, by=people["clerk"])
    assert refused.value.code == "role"
    reports.day_submit(day=today, by=people["supervisor"])
    with pytest.raises(ValidationError) as refused:
        reports.day_submit(day=today, by=people["supervisor"])
    assert refused.value.code == "submitted"


def test_a_correction_is_an_amendment_with_who_why_and_what_changed(client, people):
    today = timezone.localdate()
    accept(people["clerk"])
    report = reports.day_submit(day=today, by=people["supervisor"])
    with pytest.raises(ValidationError) as refused:
        reports.day_amend(day=today, by=people["supervisor"], reason="补录")
    assert refused.value.code == "unchanged"
    accept(people["clerk"])
    with pytest.raises(ValidationError) as refused:
        reports.day_amend(day=today, by=people["supervisor"], reason=" ")
    assert refused.value.code == "reason"
    client.force_login(people["supervisor"])
    form = {"day": f"{today:%Y-%m-%d}", "reason": "漏登一件，补录", "token": new_token()}
    assert client.post("/desk/daily/amend/", form).status_code == 302
    report.refresh_from_db()
    amendment = report.amendments.get()
    assert (amendment.by, amendment.reason) == (people["supervisor"], "漏登一件，补录")
    assert amendment.changes["cases_received"] == [1, 2]
    assert received(report.figures) == 1  # the submission itself is never edited
    assert received(report.current_figures) == 2
    assert [h.history_step for h in report.history.order_by("history_date")] == [
        DayReport.Step.SUBMIT,
        DayReport.Step.AMEND,
    ]
    page = client.get("/desk/daily/").content.decode()
    assert "漏登一件，补录" in page and not client.get("/desk/daily/").context["changed"]


def test_clerks_cannot_submit_or_amend(client, people):
    client.force_login(people["clerk"])
    day = {"day": f"{timezone.localdate():%Y-%m-%d}", "reason": "x"}
    assert client.post("/desk/daily/submit/", day).status_code == 403
    assert client.post("/desk/daily/amend/", day).status_code == 403
    assert not DayReport.objects.exists()


def test_a_future_day_is_refused_with_a_message(client, people):
    client.force_login(people["supervisor"])
    response = client.post("/desk/daily/submit/", {"day": "2999-01-01"}, follow=True)
    assert response.status_code == 200 and not DayReport.objects.exists()
    assert [m.level_tag for m in response.context["messages"]] == ["error"]


def test_two_supervisors_at_once_the_second_gets_the_message(people, monkeypatch):
    today = timezone.localdate()
    reports.day_submit(day=today, by=people["supervisor"])
    # The second one's check ran before the first one's row was committed.
    manager = type(DayReport.objects)
    monkeypatch.setattr(manager, "select_for_update", lambda self: DayReport.objects.none())
    with pytest.raises(ValidationError) as refused:
        reports.day_submit(day=today, by=make_user("supervisor2", Role.SUPERVISOR))
    assert refused.value.code == "submitted" and DayReport.objects.count() == 1
