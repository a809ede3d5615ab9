"""Retention (PIPL): expired personal data is anonymized, in records and history, while the
ledger's and the daily report's figures stay the same."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from disclosure.models import ServiceItem
from intake import cases, exports, lost, reports
from intake.models import Appointment, Case, CaseNotice, LostItem
from servicecenter.personal import lookup_hash
from servicecenter.roles import Role
from tests.conftest import make_user

pytestmark = pytest.mark.django_db
ID = "11010519491231002X"
AGENT_ID = "110105198001010016"
TZ = timezone.get_current_timezone()
OLD = dt.datetime(2021, 3, 1, 10, tzinfo=TZ)  # archived over 3 years ago
RECENT = dt.datetime(2025, 3, 2, 10, tzinfo=TZ)  # archived a year and a half ago
NOW = dt.datetime(2026, 9, 1, 10, tzinfo=TZ)


@pytest.fixture
def at(monkeypatch):
    def move(when: dt.datetime) -> None:
        monkeypatch.setattr(timezone, "now", lambda: when)

    return move


def archived_case(item, clerk, at, when: dt.datetime, name: str, id_number: str) -> Case:
    at(when)
    case = cases.case_accept(
        item=item,
        applicant=cases.Applicant(
            name=name,
            id_number=id_number,
            phone="13812345678",
            agent_name="李四",
            agent_id_number=AGENT_ID,
            agent_phone="13912345678",
        ),
        received=list(item.materials.all()),
        mode=Case.Mode.PROMISED,
        clerk=clerk,
    )
    for step in (cases.case_start, cases.case_complete):
        case = step(case=case)
    case = cases.case_reply(
        case=case,
        method="phone",
        documents_returned=True,
        opinion="张三很满意",
    )
    return cases.case_archive(case=case)


@pytest.fixture
def records(demo, at):
    item = ServiceItem.objects.get(code="jzz-shenling")
    clerk = make_user("clerk", Role.CLERK)
    old = archived_case(item, clerk, at, OLD, "张三", ID)
    recent = archived_case(item, clerk, at, RECENT, "赵六", "110105199001010037")
    at(OLD)
    cases.notice_issue(
        item=item,
        applicant=cases.Applicant(name="张三", id_number=ID, phone="13812345678"),
        missing=list(item.materials.all())[:1],
        clerk=clerk,
    )
    CaseNotice.objects.update(created_at=OLD)  # the field's default is bound to the real clock
    found = lost.lost_register(
        description="钱包", found_where="大厅", found_by="保洁员", kept_at="前台", clerk=clerk
    )
    lost.lost_claim(item=found, name="张三", id_number=ID)
    for day in (dt.date(2026, 7, 1), dt.date(2026, 8, 25)):
        Appointment.objects.create(
            category=item.category,
            day=day,
            slot=dt.time(9),
            name="王五",
            phone="13712345678",
            status=Appointment.Status.CHECKED_IN,
        )
    at(NOW)
    return old, recent


def figures_now() -> dict:
    days = [dt.date(2021, 3, 1), dt.date(2025, 3, 2), dt.date(2026, 9, 1)]
    everything = Case.objects.order_by("number")
    rows = [row[:4] + row[5:] for row in exports.ledger_sheet(everything).rows]  # all but the name
    return {
        "daily": [reports.day_report(day) for day in days],
        "queue": [reports.day_figures(day) for day in days],
        "ledger": rows,
        "archived": reports.ledger_filter(everything, {"stage": Case.Stage.ARCHIVED}).count(),
    }


def run(*args) -> str:
    out = io.StringIO()
    call_command("anonymize_expired", *args, stdout=out)
    return out.getvalue()


def test_expired_case_is_anonymized_in_record_and_history_and_figures_stay(records):
    old, recent = records
    before = figures_now()

    assert "1 cases, 1 notices, 1 lost-property claims, 1 appointments" in run()

    assert figures_now() == before
    old = Case.objects.get(pk=old.pk)
    assert old.applicant_name == "已匿名" and old.agent_name == "已匿名"
    assert old.applicant_id_number == "" and old.agent_id_number == ""
    assert old.applicant_id_hash == "" and old.applicant_phone == "" and old.agent_phone == ""
    assert old.opinion == ""
    # What the figures read stays: item, mode, stage, dates, due date.
    assert (old.stage, old.on_time) == (Case.Stage.ARCHIVED, True)
    for row in old.history.all():  # the history keeps no phones at all (intake 0010)
        assert (row.applicant_name, row.applicant_id_hash) == ("已匿名", "")
        assert (row.agent_name, row.opinion) == ("已匿名", "")
    assert [r.history_step for r in old.history.order_by("history_date", "history_id")][
        -1
    ] == Case.Step.ARCHIVE
    # Within retention: untouched.
    recent = Case.objects.get(pk=recent.pk)
    assert recent.applicant_name == "赵六" and recent.agent_id_number == AGENT_ID
    assert not Case.objects.filter(applicant_id_hash=lookup_hash(ID)).exists()

    notice = CaseNotice.objects.get()
    assert notice.applicant_name == "已匿名" and notice.applicant_id_hash == ""
    assert {h.applicant_name for h in notice.history.all()} == {"已匿名"}
    claim = LostItem.objects.get()
    assert (claim.claimant_name, claim.claimant_id_masked, claim.claimant_id_hash) == (
        "已匿名",
        "",
        "",
    )
    assert {h.claimant_name for h in claim.history.all()} == {"已匿名"}
    assert claim.description == "钱包" and claim.status == LostItem.Status.CLAIMED
    kept = Appointment.objects.order_by("day")
    assert [(a.name, a.phone) for a in kept] == [("已匿名", ""), ("王五", "13712345678")]


def test_dry_run_counts_and_changes_nothing(records):
    old, _recent = records
    assert "Would anonymize: 1 cases, 1 notices" in run("--dry-run")
    assert Case.objects.get(pk=old.pk).applicant_name == "张三"
    assert CaseNotice.objects.get().applicant_name == "张三"


def test_running_again_changes_nothing(records):
    run()
    assert "0 cases, 0 notices, 0 lost-property claims, 0 appointments" in run()


def test_retention_comes_from_the_settings(records, settings):
    settings.RETENTION_CASE_YEARS = 1
    settings.RETENTION_APPOINTMENT_DAYS = 3
    assert "2 cases, 1 notices, 1 lost-property claims, 2 appointments" in run("--dry-run")


def test_a_case_whose_applicant_alone_was_erased_still_loses_its_agent(records, director):
    from intake.personal_data import resident_erase

    old, _recent = records
    resident_erase(id_number=ID, by=director)  # the applicant only; the agent is 李四
    assert Case.objects.get(pk=old.pk).agent_name == "李四"
    assert "1 cases" in run()
    old = Case.objects.get(pk=old.pk)
    assert (old.agent_name, old.agent_id_number, old.agent_phone) == ("已匿名", "", "")
