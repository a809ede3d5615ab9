"""Cases under 首问负责制 and 全程代理制: registration, notices, stages, deadlines."""

import datetime as dt
import subprocess

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from disclosure.models import ServiceItem
from intake import cases
from intake.models import Case, CaseNotice
from servicecenter.roles import Role
from tests.conftest import make_user

pytestmark = pytest.mark.django_db
ID = "11010519491231002X"


@pytest.fixture
def item(demo) -> ServiceItem:
    return ServiceItem.objects.get(code="jzz-shenling")  # 10 working days, 5 materials


@pytest.fixture
def clerk1(demo):
    return make_user("clerk", Role.CLERK)


def applicant(**changes) -> cases.Applicant:
    return cases.Applicant(**{"name": "张三", "id_number": ID, "phone": "13812345678", **changes})


def accept(item, clerk, **kwargs):
    return cases.case_accept(
        item=item,
        applicant=applicant(),
        received=list(item.materials.all()),
        mode=Case.Mode.PROMISED,
        clerk=clerk,
        **kwargs,
    )


def test_complete_case_is_received_with_due_date_in_working_days(item, clerk1, monkeypatch):
    friday = dt.datetime(2026, 9, 18, 10, tzinfo=timezone.get_current_timezone())
    monkeypatch.setattr(timezone, "now", lambda: friday)
    case = accept(item, clerk1)
    # Received Fri 2026-09-18, 10 working days from the next day: Sun 09-20 is a make-up
    # workday; Fri 09-25 (Mid-Autumn) and National Day 10-01..07 are not.
    assert case.due_date == dt.date(2026, 10, 9)
    assert case.first_clerk == clerk1 == case.handler
    assert case.stage == Case.Stage.RECEIVED
    assert case.materials.count() == item.materials.count()
    assert case.history.latest().history_step == Case.Step.ACCEPT


def test_missing_material_refuses_acceptance_and_the_notice_lists_all_missing(item, clerk1):
    some = list(item.materials.all())[:2]
    with pytest.raises(ValidationError, match="一次性告知书"):
        cases.case_accept(
            item=item, applicant=applicant(), received=some, mode="promised", clerk=clerk1
        )
    missing = cases.missing_materials(item, {m.pk for m in some})
    notice = cases.notice_issue(item=item, applicant=applicant(), missing=missing, clerk=clerk1)
    assert [m["name"] for m in notice.missing] == [m.name for m in missing]
    assert len(notice.missing) == item.materials.count() - 2
    assert not notice.is_repeat
    assert not Case.objects.exists()


def test_telling_the_same_applicant_twice_within_30_days_is_flagged(item, clerk1):
    missing = list(item.materials.all())[:1]
    cases.notice_issue(item=item, applicant=applicant(), missing=missing, clerk=clerk1)
    again = cases.notice_issue(
        item=item, applicant=applicant(name="张三"), missing=missing, clerk=clerk1
    )
    assert again.is_repeat
    other = cases.notice_issue(
        item=item,
        applicant=applicant(id_number="110108198501100906"),
        missing=missing,
        clerk=clerk1,
    )
    assert not other.is_repeat  # another person with the same name was not told before


def test_bad_applicant_data_is_refused_with_every_problem(item, clerk1):
    with pytest.raises(ValidationError) as info:
        cases.case_accept(
            item=item,
            applicant=applicant(id_number="110105194912310021", phone="123", name=""),
            received=list(item.materials.all()),
            mode="promised",
            clerk=clerk1,
        )
    assert set(info.value.message_dict) == {"name", "id_number", "phone"}
    assert not Case.objects.exists()


def test_referral_for_items_handled_elsewhere(demo, clerk1):
    referred = ServiceItem.objects.get(code="hukou-qianyi")
    notice = cases.referral_issue(item=referred, applicant=applicant(), clerk=clerk1)
    assert notice.kind == CaseNotice.Kind.REFERRAL
    with pytest.raises(ValidationError):
        cases.case_accept(
            item=referred, applicant=applicant(), received=[], mode="promised", clerk=clerk1
        )


def test_stages_in_order_and_impossible_steps_refused(item, clerk1):
    case = accept(item, clerk1)
    with pytest.raises(ValidationError, match="不能进行此操作"):
        cases.case_complete(case=case)
    case = cases.case_start(case=case)
    case = cases.case_complete(case=case)
    case = cases.case_reply(case=case, method="phone", documents_returned=True)
    case = cases.case_archive(case=case)
    assert case.stage == Case.Stage.ARCHIVED
    steps = [h.history_step for h in case.history.order_by("history_date")]
    S = Case.Step
    assert steps == [S.ACCEPT, S.START, S.COMPLETE, S.REPLY, S.ARCHIVE]
    from disclosure.models import PublishedResult

    assert PublishedResult.objects.get(case_number=case.number).applicant == "张*"


def test_immediate_cases_are_completed_at_the_counter(demo, clerk1):
    item = ServiceItem.objects.filter(promised_days=0, handled_here=True).first()
    case = cases.case_accept(
        item=item,
        applicant=applicant(),
        received=list(item.materials.all()),
        mode=Case.Mode.IMMEDIATE,
        clerk=clerk1,
    )
    assert case.stage == Case.Stage.COMPLETED and case.due_date == timezone.localdate()


def test_supplement_restarts_the_clock_and_extension_needs_a_supervisor(item, clerk1, monkeypatch):
    monday = dt.datetime(2026, 11, 23, 10, tzinfo=timezone.get_current_timezone())
    monkeypatch.setattr(timezone, "now", lambda: monday)
    case = accept(item, clerk1)
    later = monday + dt.timedelta(days=7)
    monkeypatch.setattr(timezone, "now", lambda: later)
    case = cases.case_supplement(case=case, materials="补交了租房合同", asked_by=clerk1)
    # Supplemented Mon 11-30: 10 working days again from Tue 12-01 (no holiday in December).
    assert case.due_date == dt.date(2026, 12, 14)
    with pytest.raises(ValidationError, match="主管批准"):
        cases.case_extend(case=case, days=5, reason="需上级核实", approved_by=clerk1)
    boss = make_user("supervisor", Role.SUPERVISOR)
    extended = cases.case_extend(case=case, days=5, reason="需上级核实", approved_by=boss)
    assert extended.due_date == dt.date(2026, 12, 21)  # Mon 12-14 + 5 working days
    with pytest.raises(ValidationError, match="原因"):
        cases.case_suspend(case=extended, reason="  ")


def test_hand_over_keeps_the_first_asked_clerk(item, clerk1):
    case = accept(item, clerk1)
    other = make_user("clerk2", Role.CLERK)
    case = cases.case_hand_over(case=case, to=other, reason="转社保专干承办")
    assert case.handler == other and case.first_clerk == clerk1


def pdf_text(content: bytes, tmp_path) -> tuple[str, str]:
    path = tmp_path / "doc.pdf"
    path.write_bytes(content)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    fonts = subprocess.run(
        ["pdffonts", str(path)], capture_output=True, text=True, check=True
    ).stdout
    return text, fonts


def test_one_time_notice_pdf_has_both_copies_all_missing_and_the_cjk_font(
    client, item, clerk1, tmp_path
):
    missing = list(item.materials.all())[1:]
    notice = cases.notice_issue(item=item, applicant=applicant(), missing=missing, clerk=clerk1)
    client.force_login(clerk1)
    response = client.get(f"/desk/notices/{notice.serial}/print.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert len(response.content) <= 300 * 1024
    text, fonts = pdf_text(response.content, tmp_path)
    compact = "".join(text.split())
    assert compact.count("一次性告知书") == 2 and "申请人联" in compact and "存根联" in compact
    for material in missing:
        assert "".join(material.name.split()) in compact
    assert notice.serial in compact and "王芳" in compact and "SQ-001" in compact
    assert "NotoSerifCJK" in fonts.replace("-", "") and "Type 3" not in fonts


def test_receipt_pdf_has_number_materials_due_date_and_no_full_personal_data(
    client, item, clerk1, tmp_path
):
    case = accept(item, clerk1)
    client.force_login(clerk1)
    text, fonts = pdf_text(client.get(f"/desk/cases/{case.number}/receipt.pdf").content, tmp_path)
    compact = "".join(text.split())
    assert "受理回执" in compact and case.number in compact
    assert f"{case.due_date:%Y}年{case.due_date.month}月{case.due_date.day}日" in compact
    assert "申请人居民身份证" in compact
    assert ID not in compact and "13812345678" not in compact and "138****5678" in compact
    assert "NotoSerifCJK" in fonts.replace("-", "")


def test_registration_page_flow_and_bad_input(client, item, clerk1):
    client.force_login(clerk1)
    url = "/desk/cases/new/"
    page = client.get(url, {"item": item.code}).content.decode()
    assert "申请人居民身份证" in page
    materials = [str(m.pk) for m in item.materials.all()]
    bad = client.post(
        url,
        {
            "item": item.code,
            "applicant_name": "张三",
            "applicant_id_number": "123",
            "applicant_phone": "13812345678",
            "mode": "promised",
            "received": materials,
            "action": "accept",
        },
    )
    assert bad.status_code == 400 and "身份证号应为18位" in bad.content.decode()
    assert not Case.objects.exists()
    good = client.post(
        url,
        {
            "item": item.code,
            "applicant_name": "张三",
            "applicant_id_number": ID,
            "applicant_phone": "13812345678",
            "mode": "promised",
            "received": materials,
            "action": "accept",
        },
        follow=True,
    )
    case = Case.objects.get()
    assert case.number in good.content.decode()
    assert "张*" in good.content.decode() and ID not in good.content.decode()


def test_case_page_queries_do_not_grow_with_cases(client, item, clerk1):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(clerk1)
    case = accept(item, clerk1)
    client.get(case.get_absolute_url())
    client.get("/desk/")  # the first visit of the day also fills the shared cache
    counts = []
    for _round in range(2):
        for _ in range(10):
            accept(item, clerk1)
        with CaptureQueriesContext(connection) as queries:
            client.get(case.get_absolute_url())
            client.get("/desk/")
        counts.append(len(queries))
    assert counts[0] == counts[1]


@pytest.mark.django_db(transaction=True)
def test_two_clerks_changing_one_case_at_once_one_wins(demo):
    import threading
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connection

    item = ServiceItem.objects.get(code="jzz-shenling")
    case = accept(item, make_user("clerk", Role.CLERK))
    together = threading.Barrier(2, timeout=30)

    def start(_index: int) -> str:
        together.wait()
        try:
            cases.case_start(case=Case.objects.get(pk=case.pk))
            return "ok"
        except ValidationError:
            return "refused"
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=2) as pool:
        outcomes = sorted(pool.map(start, [0, 1]))
    assert outcomes == ["ok", "refused"]
    assert Case.objects.get().history.filter(history_step=Case.Step.START).count() == 1


def test_suspension_stops_the_clock_until_the_case_resumes(item, clerk1, monkeypatch):
    received = dt.datetime(2026, 11, 16, 10, tzinfo=timezone.get_current_timezone())
    monkeypatch.setattr(timezone, "now", lambda: received)
    case = accept(item, clerk1)
    assert case.due_date == dt.date(2026, 11, 30)  # Mon 11-16 + 10 working days
    monday = dt.datetime(2026, 11, 23, 10, tzinfo=timezone.get_current_timezone())
    monkeypatch.setattr(timezone, "now", lambda: monday)
    case = cases.case_suspend(case=case, reason="等待派出所核查")
    friday = monday + dt.timedelta(days=4)
    monkeypatch.setattr(timezone, "now", lambda: friday)
    case = cases.case_resume(case=case, reason="核查完毕")
    # Tuesday to Friday: four working days stood still, Mon 11-30 moves to Fri 12-04.
    assert case.due_date == dt.date(2026, 12, 4)
    assert case.stage == Case.Stage.PROCESSING


def test_registering_shows_every_problem_at_once(client, item, clerk1):
    client.force_login(clerk1)
    materials = [str(m.pk) for m in item.materials.all()]
    response = client.post(
        "/desk/cases/new/",
        {
            "item": item.code,
            "applicant_name": "",
            "applicant_id_number": "123",
            "applicant_phone": "12",
            "mode": "promised",
            "received": materials[:1],
            "action": "accept",
        },
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert {"applicant_name", "applicant_id_number", "applicant_phone"} <= set(form.errors)
    assert [e.code for e in form.errors.as_data()["__all__"]] == ["missing"]
    assert not Case.objects.exists()
