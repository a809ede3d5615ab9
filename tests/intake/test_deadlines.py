"""Deadlines that cannot be bent: 延期 only in time and capped, 补正 restarts the clock only
while the case is not overdue, and "on time" defined once."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from disclosure.models import PublishedResult, ServiceItem
from intake import cases, reports
from intake.models import Case, CaseExtension, CaseSupplement
from servicecenter.roles import Role
from tests.conftest import make_user

pytestmark = pytest.mark.django_db
TZ = timezone.get_current_timezone()
ID = "11010519491231002X"


@pytest.fixture
def item(demo) -> ServiceItem:
    return ServiceItem.objects.get(code="jzz-shenling")  # promised 10, statutory 15 days


@pytest.fixture
def clerk1(demo):
    return make_user("clerk", Role.CLERK)


@pytest.fixture
def boss(demo):
    return make_user("supervisor", Role.SUPERVISOR)


def at(monkeypatch, *args) -> dt.datetime:
    moment = dt.datetime(*args, tzinfo=TZ)
    monkeypatch.setattr(timezone, "now", lambda: moment)
    return moment


def accept(item, clerk) -> Case:
    return cases.case_accept(
        item=item,
        applicant=cases.Applicant(name="张三", id_number=ID, phone="13812345678"),
        received=list(item.materials.all()),
        mode=Case.Mode.PROMISED,
        clerk=clerk,
    )


def test_an_overdue_case_cannot_be_extended_afterwards_and_stays_late_in_the_report(
    item, clerk1, boss, monkeypatch
):
    at(monkeypatch, 2026, 11, 16, 10)
    case = cases.case_start(case=accept(item, clerk1))
    assert case.due_date == dt.date(2026, 11, 30)
    at(monkeypatch, 2026, 12, 2, 10)  # two days late
    with pytest.raises(ValidationError) as refused:
        cases.case_extend(case=case, days=5, reason="补批", approved_by=boss)
    assert refused.value.code == "late"
    case.refresh_from_db()
    assert case.due_date == dt.date(2026, 11, 30) and case.extension_days == 0
    assert not case.history.filter(history_step=Case.Step.EXTEND).exists()
    case = cases.case_complete(case=case)
    assert case.on_time is False
    assert not Case.objects.on_time().filter(pk=case.pk).exists()
    report = reports.day_report(dt.date(2026, 12, 2))
    lines = {line["key"]: line["value"] for line in report["lines"]}
    assert (lines["cases_completed"], lines["cases_on_time"], lines["cases_late"]) == (1, 0, 1)


def test_an_overdue_case_is_published_as_late_on_the_results_page(item, clerk1, monkeypatch):
    at(monkeypatch, 2026, 11, 16, 10)
    case = cases.case_start(case=accept(item, clerk1))
    at(monkeypatch, 2026, 12, 2, 10)
    case = cases.case_reply(
        case=cases.case_complete(case=case), method="phone", documents_returned=True
    )
    assert PublishedResult.objects.get(case_number=case.number).on_time is False


def test_an_extension_on_the_due_date_is_granted_and_recorded_with_how_the_applicant_was_told(
    item, clerk1, boss, monkeypatch
):
    at(monkeypatch, 2026, 11, 16, 10)
    case = accept(item, clerk1)
    now = at(monkeypatch, 2026, 11, 30, 16)  # the due date itself
    told = now - dt.timedelta(hours=1)
    case = cases.case_extend(
        case=case,
        days=3,
        reason="需区级部门核实",
        approved_by=boss,
        told_how=Case.ReplyMethod.PHONE,
        told_at=told,
    )
    assert case.due_date == dt.date(2026, 12, 3) and case.extension_days == 3
    extension = CaseExtension.objects.get(case=case)
    assert (extension.days, extension.approved_by, extension.told_how, extension.told_at) == (
        3,
        boss,
        Case.ReplyMethod.PHONE,
        told,
    )
    assert (extension.due_before, extension.due_after) == (dt.date(2026, 11, 30), case.due_date)


def test_extensions_together_are_capped_by_the_statutory_time_limit(
    item, clerk1, boss, monkeypatch
):
    at(monkeypatch, 2026, 11, 16, 10)
    case = accept(item, clerk1)
    assert case.extension_cap == 5  # statutory 15 − promised 10
    case = cases.case_extend(case=case, days=3, reason="核实", approved_by=boss)
    with pytest.raises(ValidationError) as refused:
        cases.case_extend(case=case, days=3, reason="再核实", approved_by=boss)
    assert refused.value.code == "cap"
    case = cases.case_extend(case=case, days=2, reason="再核实", approved_by=boss)
    assert case.extension_days == 5 and case.extension_days_left == 0


def test_without_a_statutory_limit_the_cap_is_the_setting(demo, clerk1, boss, settings):
    settings.CASE_EXTENSION_CAP_DAYS = 4
    item = ServiceItem.objects.get(code="jzz-buhuan")  # no statutory time limit
    case = accept(item, clerk1)
    with pytest.raises(ValidationError) as refused:
        cases.case_extend(case=case, days=5, reason="核实", approved_by=boss)
    assert refused.value.code == "cap"
    assert cases.case_extend(case=case, days=4, reason="核实", approved_by=boss).extension_days == 4


@pytest.mark.parametrize("hours", [24, -24])
def test_told_at_in_the_future_or_before_the_receipt_is_refused(item, clerk1, boss, hours):
    case = accept(item, clerk1)
    with pytest.raises(ValidationError) as refused:
        cases.case_extend(
            case=case,
            days=1,
            reason="核实",
            approved_by=boss,
            told_at=timezone.now() + dt.timedelta(hours=hours),
        )
    assert refused.value.code == "told_at"
    assert not CaseExtension.objects.exists()


def test_told_in_the_minute_of_receipt_is_accepted(item, clerk1, boss):
    case = accept(item, clerk1)
    minute = case.received_at.replace(second=0, microsecond=0)
    case = cases.case_extend(case=case, days=1, reason="核实", approved_by=boss, told_at=minute)
    assert case.extensions.get().told_at == minute


def test_supplement_in_time_restarts_the_clock_and_records_who_asked_for_what(
    item, clerk1, monkeypatch
):
    at(monkeypatch, 2026, 11, 16, 10)
    case = accept(item, clerk1)
    at(monkeypatch, 2026, 11, 23, 10)
    case = cases.case_supplement(case=case, materials="租房合同原件", asked_by=clerk1)
    assert case.due_date == dt.date(2026, 12, 7)  # Mon 11-23 + 10 working days
    supplement = CaseSupplement.objects.get(case=case)
    assert (supplement.materials, supplement.asked_by) == ("租房合同原件", clerk1)
    assert supplement.restarted_clock
    assert case.history.latest().history_step == Case.Step.SUPPLEMENT


def test_supplement_of_an_overdue_case_does_not_restart_the_clock(item, clerk1, monkeypatch):
    at(monkeypatch, 2026, 11, 16, 10)
    case = accept(item, clerk1)
    at(monkeypatch, 2026, 12, 2, 10)
    case = cases.case_supplement(case=case, materials="户口簿", asked_by=clerk1)
    assert case.due_date == dt.date(2026, 11, 30)
    assert not CaseSupplement.objects.get(case=case).restarted_clock
    case = cases.case_complete(case=cases.case_start(case=case))
    assert case.on_time is False


def test_supplement_needs_the_materials_asked_for(item, clerk1):
    case = accept(item, clerk1)
    with pytest.raises(ValidationError) as refused:
        cases.case_supplement(case=case, materials="  ", asked_by=clerk1)
    assert refused.value.code == "materials"
    assert not CaseSupplement.objects.exists()


def test_on_time_is_one_definition_for_a_case_and_for_counting(item, clerk1, monkeypatch):
    at(monkeypatch, 2026, 11, 16, 10)
    late = cases.case_start(case=accept(item, clerk1))
    in_time = cases.case_start(case=accept(item, make_user("clerk2", Role.CLERK)))
    # 23:30 on the due date is on time; 00:30 the next day, still Nov 30 in UTC, is late.
    at(monkeypatch, 2026, 11, 30, 23, 30)
    in_time = cases.case_complete(case=in_time)
    at(monkeypatch, 2026, 12, 1, 0, 30)
    late = cases.case_complete(case=late)
    assert (in_time.on_time, late.on_time) == (True, False)
    assert list(Case.objects.on_time()) == [in_time]


def test_a_suspension_begun_in_time_keeps_the_case_extendable(item, clerk1, boss, monkeypatch):
    at(monkeypatch, 2026, 11, 16, 10)
    case = accept(item, clerk1)
    at(monkeypatch, 2026, 11, 27, 10)
    case = cases.case_suspend(case=case, reason="等待派出所核查")
    at(monkeypatch, 2026, 12, 2, 10)  # past the old due date, but the clock stood still
    assert not case.is_past_due
    assert cases.case_extend(case=case, days=1, reason="核查", approved_by=boss).extension_days == 1


def test_track_shows_the_extension_and_the_new_due_date_without_personal_data(
    client, item, clerk1, boss
):
    case = accept(item, clerk1)
    case = cases.case_extend(case=case, days=2, reason="张三的材料需核实", approved_by=boss)
    page = client.post("/track/", {"case": case.number, "last4": "5678"}).content.decode()
    due = case.due_date
    assert f"{due.year}年{due.month}月{due.day}日" in page and "延期" in page
    assert "张三" not in page and "13812345678" not in page and ID not in page


def test_the_extension_form_records_how_and_when_the_applicant_was_told(client, item, clerk1, boss):
    case = accept(item, clerk1)
    Case.objects.filter(pk=case.pk).update(received_at=timezone.now() - dt.timedelta(days=1))
    told = timezone.localtime().replace(second=0, microsecond=0) - dt.timedelta(minutes=30)
    client.force_login(boss)
    response = client.post(
        f"/desk/cases/{case.number}/extend/",
        {
            "days": "2",
            "reason": "需区级部门核实",
            "told_how": "in_person",
            "told_at": told.strftime("%Y-%m-%dT%H:%M"),
        },
        follow=True,
    )
    extension = CaseExtension.objects.get(case=case)
    assert (extension.told_how, extension.told_at) == (Case.ReplyMethod.IN_PERSON, told)
    page = response.content.decode()
    assert "延期记录" in page and "当面告知" in page


def test_a_supervisor_sees_a_late_extension_refused_on_the_case_page(client, item, clerk1, boss):
    case = accept(item, clerk1)
    Case.objects.filter(pk=case.pk).update(due_date=timezone.localdate() - dt.timedelta(days=1))
    client.force_login(boss)
    response = client.post(
        f"/desk/cases/{case.number}/extend/", {"days": "2", "reason": "补批"}, follow=True
    )
    assert "不能再延期" in response.content.decode()
    assert not CaseExtension.objects.exists()
