"""请假单: 24 hours' notice (a week for 值班 days), a free substitute, approval by the right
person; 病假 and emergencies as 补假; 年休假 within its balance."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from servicecenter.roles import Role
from staff import leave
from staff.models import AnnualLeave, LeaveRequest, RotaEntry
from tests.staff.rota_helpers import at, person, put_on_rota

pytestmark = pytest.mark.django_db

TUESDAY = dt.date(2026, 10, 13)


@pytest.fixture
def team():
    wang = person("wang", name="王芳", counter=1)
    li = person("li", name="李娜", counter=2)
    zhang = person("zhang", name="张伟", counter=3)
    boss = person("boss", Role.SUPERVISOR, name="刘洋")
    head = person("head", Role.DIRECTOR, name="周敏")
    for user in (wang, li, zhang, boss):
        put_on_rota(user, TUESDAY, TUESDAY + dt.timedelta(days=1))
    return {"wang": wang, "li": li, "zhang": zhang, "boss": boss, "head": head}


def file(
    user,
    substitute,
    now,
    *,
    kind=LeaveRequest.Kind.PERSONAL,
    start=TUESDAY,
    end=TUESDAY,
    start_half="am",
    end_half="pm",
    emergency=False,
):
    return leave.leave_file(
        user=user,
        kind=kind,
        start_date=start,
        start_half=start_half,
        end_date=end,
        end_half=end_half,
        reason="家中有事",
        substitute=substitute,
        emergency=emergency,
        now=now,
    )


def test_leave_filed_24_hours_ahead_waits_for_approval(team):
    request = file(team["wang"], team["li"], at(TUESDAY - dt.timedelta(days=1), 9))
    assert request.status == LeaveRequest.Status.REQUESTED and not request.filed_after
    assert request.days == Decimal(1)
    assert request.history.get().history_step == LeaveRequest.Step.FILE


def test_leave_filed_less_than_24_hours_ahead_is_refused_quoting_the_rule(team):
    with pytest.raises(ValidationError) as refused:
        file(team["wang"], team["li"], at(TUESDAY - dt.timedelta(days=1), 9, 1))
    assert refused.value.code == "notice"
    assert "24" in refused.value.messages[0]
    assert not LeaveRequest.objects.exists()


def test_duty_staff_ask_a_week_before_a_duty_day(team):
    national_day = dt.date(2026, 10, 3)
    put_on_rota(team["wang"], national_day, duty=RotaEntry.Duty.DUTY)
    with pytest.raises(ValidationError) as refused:
        file(
            team["wang"],
            team["li"],
            at(dt.date(2026, 9, 26), 10),
            start=national_day,
            end=national_day,
        )
    assert refused.value.code == "notice"
    request = file(
        team["wang"], team["li"], at(dt.date(2026, 9, 26), 9), start=national_day, end=national_day
    )
    assert request.days == Decimal(1)  # a rota day counts even on a holiday


def test_sick_leave_after_it_started_is_filed_as_buja_and_confirmed_afterwards(team):
    request = file(team["wang"], team["li"], at(TUESDAY, 10), kind=LeaveRequest.Kind.SICK)
    assert request.filed_after
    assert request.history.get().history_step == LeaveRequest.Step.FILE_AFTER
    leave.leave_decide(request=request, approve=True, by=team["boss"], now=at(TUESDAY, 15))
    request.refresh_from_db()
    assert request.status == LeaveRequest.Status.APPROVED


def test_an_emergency_is_filed_as_buja_too(team):
    request = file(team["wang"], team["li"], at(TUESDAY, 8), emergency=True)
    assert request.filed_after


def test_a_substitute_on_leave_is_refused(team):
    file(team["li"], team["zhang"], at(TUESDAY - dt.timedelta(days=3), 9))
    with pytest.raises(ValidationError) as refused:
        file(team["wang"], team["li"], at(TUESDAY - dt.timedelta(days=3), 9))
    assert refused.value.code == "substitute_on_leave"
    assert LeaveRequest.objects.count() == 1


def test_a_substitute_already_substituting_is_refused(team):
    file(team["li"], team["zhang"], at(TUESDAY - dt.timedelta(days=3), 9), start_half="pm")
    with pytest.raises(ValidationError) as refused:
        file(team["wang"], team["zhang"], at(TUESDAY - dt.timedelta(days=3), 9), end_half="pm")
    assert refused.value.code == "substitute_busy"


def test_half_days_that_do_not_meet_can_share_a_substitute(team):
    file(team["li"], team["zhang"], at(TUESDAY - dt.timedelta(days=3), 9), start_half="pm")
    request = file(
        team["wang"], team["zhang"], at(TUESDAY - dt.timedelta(days=3), 9), end_half="am"
    )
    assert request.days == Decimal("0.5")


def test_nobody_substitutes_for_themselves(team):
    with pytest.raises(ValidationError) as refused:
        file(team["wang"], team["wang"], at(TUESDAY - dt.timedelta(days=3), 9))
    assert refused.value.code == "self_substitute"


def test_a_supervisor_approves_a_clerk_and_the_director_a_supervisor(team):
    early = at(TUESDAY - dt.timedelta(days=3), 9)
    clerk_leave = file(team["wang"], team["li"], early)
    boss_leave = file(team["boss"], team["zhang"], early)
    with pytest.raises(ValidationError) as refused:
        leave.leave_decide(request=boss_leave, approve=True, by=team["boss"], now=early)
    assert refused.value.code == "not_allowed"
    leave.leave_decide(request=clerk_leave, approve=True, by=team["boss"], now=early)
    leave.leave_decide(request=boss_leave, approve=True, by=team["head"], now=early)
    assert set(LeaveRequest.objects.values_list("status", flat=True)) == {"approved"}


def test_leave_not_approved_before_it_starts_can_no_longer_be_approved(team):
    request = file(team["wang"], team["li"], at(TUESDAY - dt.timedelta(days=3), 9))
    with pytest.raises(ValidationError) as refused:
        leave.leave_decide(request=request, approve=True, by=team["boss"], now=at(TUESDAY, 10))
    assert refused.value.code == "started"
    request.refresh_from_db()
    assert request.status == LeaveRequest.Status.REQUESTED


def test_leave_across_national_day_counts_only_working_and_rota_days(team):
    request = file(
        team["zhang"],
        team["li"],
        at(dt.date(2026, 9, 20), 9),
        kind=LeaveRequest.Kind.ANNUAL,
        start=dt.date(2026, 9, 30),
        end=dt.date(2026, 10, 9),
    )
    assert request.days == Decimal(3)  # 9-30, 10-08, 10-09


def test_annual_leave_beyond_the_balance_is_refused(team, settings):
    settings.ANNUAL_LEAVE_DAYS = 5
    AnnualLeave.objects.create(user=team["wang"], year=2026, days=Decimal("1.5"))
    file(
        team["wang"],
        team["li"],
        at(TUESDAY - dt.timedelta(days=3), 9),
        kind=LeaveRequest.Kind.ANNUAL,
    )
    assert leave.annual_balance(team["wang"], 2026) == Decimal("0.5")
    with pytest.raises(ValidationError) as refused:
        file(
            team["wang"],
            team["zhang"],
            at(TUESDAY - dt.timedelta(days=3), 9),
            kind=LeaveRequest.Kind.ANNUAL,
            start=TUESDAY + dt.timedelta(days=1),
            end=TUESDAY + dt.timedelta(days=1),
        )
    assert refused.value.code == "annual_balance"
    assert leave.annual_balance(team["zhang"], 2026) == Decimal(5)


def test_the_leave_page_files_once_and_a_supervisor_decides_there(client, team):
    from servicecenter.tokens import new_token

    client.force_login(team["wang"])
    token = new_token()
    data = {
        "kind": "personal",
        "start_date": "2030-03-05",
        "start_half": "am",
        "end_date": "2030-03-05",
        "end_half": "pm",
        "reason": "家中有事",
        "substitute": team["li"].pk,
        "token": token,
    }
    put_on_rota(team["wang"], dt.date(2030, 3, 5))
    assert client.post("/staff/leave/new/", data).status_code == 302
    assert client.post("/staff/leave/new/", data).status_code == 302
    request = LeaveRequest.objects.get()
    client.force_login(team["boss"])
    assert "家中有事" in client.get("/staff/leave/").content.decode()
    client.post("/staff/leave/decide/", {"id": request.pk, "decision": "approve"})
    request.refresh_from_db()
    assert request.status == LeaveRequest.Status.APPROVED and request.decided_by == team["boss"]


def test_a_clerk_cannot_decide_leave(client, team):
    request = file(team["wang"], team["li"], at(TUESDAY - dt.timedelta(days=3), 9))
    client.force_login(team["li"])
    assert (
        client.post("/staff/leave/decide/", {"id": request.pk, "decision": "approve"}).status_code
        == 403
    )
    request.refresh_from_db()
    assert request.status == LeaveRequest.Status.REQUESTED


def test_a_too_long_reason_is_an_error_not_a_cut(client, team):
    client.force_login(team["wang"])
    client.post(
        "/staff/leave/new/",
        {
            "kind": "personal",
            "start_date": "2030-03-05",
            "start_half": "am",
            "end_date": "2030-03-05",
            "end_half": "pm",
            "reason": "长" * 201,
            "substitute": team["li"].pk,
        },
    )
    assert not LeaveRequest.objects.exists()


def test_leave_ending_before_it_starts_is_refused_in_chinese(team):
    from django.utils import translation

    with translation.override("zh-hans"), pytest.raises(ValidationError) as refused:
        file(
            team["wang"],
            team["li"],
            at(TUESDAY - dt.timedelta(days=3), 9),
            end=TUESDAY - dt.timedelta(days=1),
        )
    assert "请假结束时间须晚于开始时间" in " ".join(refused.value.messages)
    with pytest.raises(ValidationError) as refused:
        file(
            team["wang"],
            team["li"],
            at(TUESDAY - dt.timedelta(days=3), 9),
            start_half="pm",
            end_half="am",
        )
    assert refused.value.code == "order"
    assert not LeaveRequest.objects.exists()


def test_the_leave_page_says_in_chinese_that_the_end_is_before_the_start(client, team):
    client.force_login(team["wang"])
    data = {
        "kind": "personal",
        "start_date": "2030-03-06",
        "start_half": "am",
        "end_date": "2030-03-05",
        "end_half": "pm",
        "reason": "家中有事",
        "substitute": team["li"].pk,
    }
    page = client.post("/staff/leave/new/", data, follow=True).content.decode()
    assert "请假结束时间须晚于开始时间" in page and "leave_starts_before_it_ends" not in page
    assert not LeaveRequest.objects.exists()
