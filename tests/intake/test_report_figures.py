"""One definition per figure (intake.reports), read by the daily report, its Excel, the
period reports and the public /results/ page; the daily report counts what the regulations
ask (每天统计汇总上报) and the lines other apps lend it."""

import datetime as dt
import io
import re

import pytest
from django.apps import apps
from django.utils import timezone
from openpyxl import load_workbook

from disclosure.models import ServiceItem
from intake import cases, consultations, reports
from intake.models import Case, CaseNotice
from servicecenter import figures
from servicecenter.figures import Figure
from servicecenter.roles import Role
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(demo):
    return {
        "clerk": make_user("clerk", Role.CLERK),
        "supervisor": make_user("supervisor", Role.SUPERVISOR),
    }


def applicant():
    return cases.Applicant(name="张三", id_number="11010519491231002X", phone="13812345678")


def accept(clerk, code="jzz-shenling", mode="promised") -> Case:
    item = ServiceItem.objects.get(code=code)
    received = list(item.materials.all())
    return cases.case_accept(
        item=item, applicant=applicant(), received=received, mode=mode, clerk=clerk
    )


def value_shown(page: str, label: str) -> str:
    """The big figure shown above `label` on a page."""
    found = re.search(
        r'<span class="value">([^<]*)</span><span class="label">' + re.escape(label), page
    )
    assert found, label
    return found.group(1)


def test_results_count_the_completed_cases_the_daily_report_counts(client, people):
    # The issue: /results/ counted 1 completed this month where the daily report counted 2,
    # the 即办件 (completed at the counter, never replied) missing.
    promised = accept(people["clerk"])
    promised = cases.case_complete(case=cases.case_start(case=promised))
    cases.case_reply(case=promised, method="phone", documents_returned=True)
    immediate = accept(people["clerk"], code="jzz-qianzhu", mode="immediate")
    assert immediate.stage == Case.Stage.COMPLETED
    public = client.get("/results/").content.decode()
    assert value_shown(public, "本月办结件数") == "2"
    assert immediate.number in public and "张*" in public and "张三" not in public
    client.force_login(people["supervisor"])
    daily = client.get("/desk/daily/").content.decode()
    assert value_shown(daily, "办结件数") == "2"


def test_average_handling_days_are_the_same_on_the_page_and_in_excel(client, people):
    # The issue: the page showed 平均办理天数 "—" where its Excel wrote 0 (a 即办件 takes 0 days).
    accept(people["clerk"], code="jzz-qianzhu", mode="immediate")
    accept(people["clerk"])  # received, not completed: no handling days at all
    client.force_login(people["supervisor"])
    page = client.get("/desk/daily/").content.decode()
    rows = re.findall(r'<tr><th scope="row">([^<]*)</th>((?:<td>[^<]*</td>)+)</tr>', page)
    cells = {item: re.findall(r"<td>([^<]*)</td>", tds) for item, tds in rows}
    assert cells["居住证签注"][-1] == "0.0" and cells["居住证申领"][-1] == "—"
    response = client.get("/desk/daily/", {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [cell.value for cell in sheet[1]]
    days = {row[0].value: row[header.index("平均办理天数")].value for row in sheet.iter_rows(2)}
    assert days == {"居住证申领": None, "居住证签注": 0}


def test_on_time_is_one_rule_in_the_report_and_the_ledger(client, people):
    late = cases.case_start(case=accept(people["clerk"]))
    Case.objects.filter(pk=late.pk).update(due_date=timezone.localdate() - dt.timedelta(days=1))
    cases.case_complete(case=late)
    accept(people["clerk"], code="jzz-qianzhu", mode="immediate")
    lines = {f.key: f.value for f in reports.day_lines(day=timezone.localdate())}
    assert (lines["cases_completed"], lines["cases_on_time"], lines["cases_late"]) == (2, 1, 1)
    assert lines["cases_on_time_rate"] == 50.0
    client.force_login(people["supervisor"])
    csv = b"".join(client.get("/desk/ledger/export.csv").streaming_content).decode("utf-8-sig")
    assert sorted(line.split(",")[8] for line in csv.splitlines()[1:]) == ["否", "是"]


def test_notices_are_counted_per_kind_whatever_the_kind(people):
    item = ServiceItem.objects.get(code="jzz-shenling")
    missing = list(item.materials.all())[:1]
    cases.notice_issue(item=item, applicant=applicant(), missing=missing, clerk=people["clerk"])
    refused = cases.notice_issue(
        item=item, applicant=applicant(), missing=missing, clerk=people["clerk"]
    )
    # A kind another part of the product adds (不予受理) is counted without a change here.
    CaseNotice.objects.filter(pk=refused.pk).update(kind="refusal")
    lines = {f.key: f.value for f in reports.day_lines(day=timezone.localdate())}
    assert lines["notices_missing"] == 1 and lines["notices_refusal"] == 1
    assert lines["notices_referral"] == 0


def test_consultations_are_counted(people):
    ask = {"clerk": people["clerk"], "channel": "phone", "matter": "低保", "question": "问"}
    consultations.consultation_record(**ask, answer="答")
    waiting = consultations.consultation_record(**{**ask, "question": "另一问"}, is_legal=True)
    consultations.consultation_escalate(consultation=waiting, to=people["supervisor"], note="请示")
    lines = {f.key: f.value for f in reports.day_lines(day=timezone.localdate())}
    assert lines["consultations"] == 2 and lines["consultations_answered"] == 1
    assert lines["consultations_escalated"] == 1 and lines["consultations_legal"] == 1


def complaint_lines(*, day: dt.date) -> list[Figure]:
    return [Figure("complaints_received", "投诉受理件数", 3)]


def test_the_daily_report_shows_the_lines_other_apps_lend_and_no_case_rating(
    client, people, monkeypatch
):
    config = apps.get_app_config("complaints")
    provider = "tests.intake.test_report_figures.complaint_lines"
    monkeypatch.setattr(config, "figure_providers", {"day": provider})
    figures._providers.cache_clear()
    try:
        report = reports.day_report(timezone.localdate())
        client.force_login(people["supervisor"])
        page = client.get("/desk/daily/").content.decode()
    finally:
        figures._providers.cache_clear()
    keys = [line["key"] for line in report["lines"]]
    assert keys[-1] == "complaints_received" and "cases_received" in keys
    assert not any("satisfaction" in key for key in keys)
    assert value_shown(page, "投诉受理件数") == "3"
