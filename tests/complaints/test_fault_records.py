"""过错责任追究: the director opens a record citing a clause; the staff member (and nobody
else) writes their statement; the director decides; the staff member may appeal within the
setting's working days; the director decides the appeal."""

import datetime as dt
import re
import subprocess
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from complaints import faults
from complaints.models import FaultRecord
from servicecenter.roles import Role
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(demo):
    return {
        "clerk": make_user("fault-clerk", Role.CLERK),
        "colleague": make_user("fault-colleague", Role.CLERK),
        "supervisor": make_user("fault-supervisor", Role.SUPERVISOR),
        "director": make_user("fault-director", Role.DIRECTOR),
    }


@pytest.fixture
def record(people) -> FaultRecord:
    return faults.fault_open(
        staff=people["clerk"],
        source=FaultRecord.Source.INSPECTION,
        source_reference="2026-巡查-07",
        clause=FaultRecord.Clause.ABSENT_FROM_POST,
        facts="10月12日上午擅离窗口40分钟，群众等候无人接待。",
        by=people["director"],
    )


def _token(page: str) -> str:
    return re.search(r'name="token" value="([^"]+)"', page).group(1)


def test_the_director_opens_a_record_from_the_page(client, people):
    client.force_login(people["director"])
    page = client.get("/faults/new/").content.decode()
    data = {
        "staff": people["clerk"].pk,
        "source": "complaint",
        "source_reference": "TS2026ABCD",
        "clause": "favour",
        "facts": "接受办事群众吃请。",
        "token": _token(page),
    }
    first, second = client.post("/faults/new/", data), client.post("/faults/new/", data)
    assert first.status_code == second.status_code == 302
    record = FaultRecord.objects.get()  # a double submit opened one
    assert record.staff == people["clerk"] and record.opened_by == people["director"]
    assert record.clause == FaultRecord.Clause.FAVOUR
    assert record.history.get().history_step == FaultRecord.Step.OPEN


@pytest.mark.parametrize("role", ["clerk", "supervisor"])
def test_only_the_director_opens_records(client, people, role):
    client.force_login(people[role])
    response = client.post(
        "/faults/new/",
        {"staff": people["colleague"].pk, "source": "inspection", "clause": "gifts", "facts": "x"},
    )
    assert response.status_code == 403 and not FaultRecord.objects.exists()


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"clause": "made_up"}, "clause"),
        ({"source": "complaint", "source_reference": ""}, "source_reference"),
        ({"source": "rectification"}, "rectification"),
        ({"facts": "  "}, "required"),
        ({"facts": "长" * 4001}, "too_long"),
    ],
)
def test_bad_records_are_refused_with_a_code(people, change, code):
    data = {
        "staff": people["clerk"],
        "source": "inspection",
        "clause": "gifts",
        "facts": "收受红包",
        "by": people["director"],
    } | change
    with pytest.raises(ValidationError) as refused:
        faults.fault_open(**data)
    assert refused.value.code == code and not FaultRecord.objects.exists()


def test_a_bad_form_shows_every_error_and_changes_nothing(client, people):
    client.force_login(people["director"])
    response = client.post("/faults/new/", {"staff": "", "clause": "nope", "facts": ""})
    assert response.status_code == 400
    assert response.content.decode().count("<p>") >= 3 and not FaultRecord.objects.exists()


def test_the_staff_member_sees_their_record_and_nobody_elses(client, people, record):
    client.force_login(people["clerk"])
    assert client.get(f"/faults/{record.pk}/").status_code == 200
    assert f"/faults/{record.pk}/" in client.get("/faults/").content.decode()
    client.force_login(people["colleague"])
    assert client.get(f"/faults/{record.pk}/").status_code == 404
    assert f"/faults/{record.pk}/" not in client.get("/faults/").content.decode()
    assert client.get(f"/faults/{record.pk}/decision.pdf").status_code == 404


def test_the_staff_member_writes_their_statement_nobody_else(client, people, record):
    client.force_login(people["colleague"])
    assert client.post(f"/faults/{record.pk}/statement/", {"statement": "冒充"}).status_code == 404
    client.force_login(people["director"])
    client.post(f"/faults/{record.pk}/statement/", {"statement": "代写"})
    record.refresh_from_db()
    assert record.statement == ""
    client.force_login(people["clerk"])
    client.post(f"/faults/{record.pk}/statement/", {"statement": "当时去处理群众遗失物品。"})
    record.refresh_from_db()
    assert record.statement == "当时去处理群众遗失物品。" and record.statement_at
    assert record.history.latest("history_id").history_step == FaultRecord.Step.STATEMENT


def test_the_staff_member_sees_a_waiting_statement_on_the_workstation(client, people, record):
    client.force_login(people["clerk"])
    page = client.get("/desk/").content.decode()
    assert 'data-key="fault_record_mine"' in page and f"/faults/{record.pk}/" in page


def test_the_director_decides_a_fine_with_its_amount(client, people, record):
    client.force_login(people["director"])
    url = f"/faults/{record.pk}/decide/"
    client.post(url, {"decision": "fine", "reason": "擅离职守"})  # no amount: refused
    record.refresh_from_db()
    assert record.status == FaultRecord.Status.OPEN
    client.post(url, {"decision": "fine", "fine_amount": "200", "reason": "擅离职守"})
    record.refresh_from_db()
    assert record.decision == "fine" and record.fine_amount == Decimal("200.00")
    assert record.decided_by == people["director"] and record.status == "decided"


def test_a_supervisor_cannot_decide(client, people, record):
    client.force_login(people["supervisor"])
    response = client.post(
        f"/faults/{record.pk}/decide/", {"decision": "oral_warning", "reason": "x"}
    )
    assert response.status_code == 403
    record.refresh_from_db()
    assert record.status == FaultRecord.Status.OPEN


def test_only_a_fine_has_an_amount(people, record):
    with pytest.raises(ValidationError) as refused:
        faults.fault_decide(
            record=record,
            decision="written_warning",
            fine_amount=Decimal("50"),
            reason="x",
            by=people["director"],
        )
    assert refused.value.code == "fine_amount"


def _decide(record, people, decision="written_warning", fine=None):
    return faults.fault_decide(
        record=record,
        decision=decision,
        fine_amount=fine,
        reason="违反工作纪律",
        by=people["director"],
    )


def test_the_appeal_deadline_counts_working_days_across_national_day(people, record, settings):
    assert faults.appeal_due(dt.date(2026, 9, 30)) == dt.date(2026, 10, 27)
    settings.FAULT_APPEAL_DAYS = 3
    assert faults.appeal_due(dt.date(2026, 9, 30)) == dt.date(2026, 10, 10)


def test_the_staff_member_appeals_and_the_director_changes_the_decision(
    client, people, record, tmp_path
):
    _decide(record, people)
    client.force_login(people["clerk"])
    client.post(f"/faults/{record.pk}/appeal/", {"reason": "事出有因，请求减轻。"})
    record.refresh_from_db()
    assert record.status == FaultRecord.Status.APPEALED
    client.force_login(people["director"])
    client.post(
        f"/faults/{record.pk}/appeal/decide/",
        {"outcome": "changed", "decision": "oral_warning", "note": "初犯，改为口头警告。"},
    )
    record.refresh_from_db()
    assert record.status == FaultRecord.Status.CLOSED
    assert record.appeal_outcome == "changed" and record.decision == "oral_warning"
    # The decision the appeal changed stays on the record and on the printed decision,
    # which no longer offers an appeal.
    assert record.original_decision == "written_warning"
    page = client.get(f"/faults/{record.pk}/").content.decode()
    assert "书面警告" in page and "口头警告" in page
    text = pdf_text(client.get(f"/faults/{record.pk}/decision.pdf").content, tmp_path)
    assert "原处理决定" in text and "书面警告" in text and "提出书面申诉" not in text
    steps = record.history.order_by("history_id").values_list("history_step", flat=True)
    assert list(steps) == ["open", "decide", "appeal", "decide_appeal"]


@pytest.mark.parametrize(
    ("first", "fine", "changed", "changed_fine"),
    [("written_warning", None, "dismissal", None), ("fine", "100", "fine", "200")],
)
def test_an_appeal_never_makes_the_decision_heavier(
    people, record, first, fine, changed, changed_fine
):
    _decide(record, people, first, Decimal(fine) if fine else None)
    faults.fault_appeal(record=record, reason="不服", by=people["clerk"])
    with pytest.raises(ValidationError) as refused:
        faults.fault_appeal_decide(
            record=record,
            outcome="changed",
            decision=changed,
            fine_amount=Decimal(changed_fine) if changed_fine else None,
            note="加重",
            by=people["director"],
        )
    assert refused.value.code == "heavier"
    record.refresh_from_db()
    assert record.decision == first and record.status == FaultRecord.Status.APPEALED


@pytest.mark.parametrize("outcome", ["upheld", "revoked"])
def test_an_appeal_upheld_or_revoked_keeps_the_decision_on_record(people, record, outcome):
    _decide(record, people)
    faults.fault_appeal(record=record, reason="不服", by=people["clerk"])
    record = faults.fault_appeal_decide(
        record=record, outcome=outcome, note="经复核", by=people["director"]
    )
    assert record.appeal_outcome == outcome and record.decision == "written_warning"


def test_nobody_else_appeals_and_not_after_the_deadline(people, record):
    record = _decide(record, people)
    with pytest.raises(ValidationError):
        faults.fault_appeal(record=record, reason="代为申诉", by=people["colleague"])
    FaultRecord.objects.filter(pk=record.pk).update(
        appeal_due=timezone.localdate() - dt.timedelta(days=1)
    )
    record.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        faults.fault_appeal(record=record, reason="迟到的申诉", by=people["clerk"])
    assert refused.value.code == "appeal_late"
    record.refresh_from_db()
    assert record.status == FaultRecord.Status.DECIDED


def test_a_changed_decision_needs_a_new_one(people, record):
    _decide(record, people)
    faults.fault_appeal(record=record, reason="不服", by=people["clerk"])
    with pytest.raises(ValidationError):
        faults.fault_appeal_decide(
            record=record, outcome="changed", note="x", by=people["director"]
        )
    with pytest.raises(ValidationError) as refused:
        faults.fault_appeal_decide(
            record=record,
            outcome="changed",
            decision="written_warning",
            note="x",
            by=people["director"],
        )
    assert refused.value.code == "same"


def pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "decision.pdf"
    path.write_bytes(content)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return "".join(text.split())


def test_the_decision_prints_on_a4_with_its_facts_and_appeal_deadline(
    client, people, record, tmp_path
):
    faults.fault_statement(record=record, statement="去处理遗失物品", by=people["clerk"])
    record = _decide(record, people)
    client.force_login(people["clerk"])  # the staff member gets their own decision
    response = client.get(f"/faults/{record.pk}/decision.pdf")
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content, tmp_path)
    assert "过错责任追究处理决定书" in text and "书面警告" in text
    assert "擅离职守" in text and "去处理遗失物品" in text and "擅离窗口40分钟" in text
    assert f"{record.appeal_due:%Y}年{record.appeal_due.month}月{record.appeal_due.day}日" in text
    size = subprocess.run(
        ["pdfinfo", str(tmp_path / "decision.pdf")], capture_output=True, text=True
    ).stdout
    assert "595.276 x 841.89" in size  # A4 in points


def test_no_decision_no_pdf(client, people, record):
    client.force_login(people["director"])
    assert client.get(f"/faults/{record.pk}/decision.pdf").status_code == 404
