"""Telling the applicant by SMS: 受理, 补正, 办结 (领取), 延期, each sent message recorded with
the number masked; a failing gateway never undoes the step."""

import pytest

from disclosure.models import ServiceItem
from intake import cases
from intake.models import Case, SmsMessage
from servicecenter import sms
from servicecenter.roles import Role
from tests.conftest import make_user

pytestmark = pytest.mark.django_db
ID = "11010519491231002X"
PHONE = "13812345678"


class BrokenGateway(sms.BaseBackend):
    def send(self, message: sms.Sms) -> str:
        raise sms.SmsError(f"gateway refused {message.number}")


@pytest.fixture(autouse=True)
def locmem(settings):
    settings.SMS_BACKEND = "servicecenter.sms.LocmemBackend"
    sms.outbox.clear()


@pytest.fixture
def item(demo) -> ServiceItem:
    return ServiceItem.objects.get(code="jzz-shenling")


@pytest.fixture
def clerk1(demo):
    return make_user("clerk", Role.CLERK)


def accept(item, clerk, mode=Case.Mode.PROMISED) -> Case:
    return cases.case_accept(
        item=item,
        applicant=cases.Applicant(name="张三", id_number=ID, phone=PHONE),
        received=list(item.materials.all()),
        mode=mode,
        clerk=clerk,
    )


def test_each_step_that_tells_the_applicant_sends_and_records_one_message(
    item, clerk1, django_capture_on_commit_callbacks
):
    boss = make_user("supervisor", Role.SUPERVISOR)
    with django_capture_on_commit_callbacks(execute=True):
        case = accept(item, clerk1)
        case = cases.case_supplement(case=case, materials="租房合同", asked_by=clerk1)
        case = cases.case_extend(case=case, days=2, reason="核实", approved_by=boss)
        case = cases.case_complete(case=cases.case_start(case=case))
    kinds = list(case.sms_messages.values_list("kind", flat=True))
    assert kinds == ["accept", "supplement", "extend", "complete"]
    assert [m.number for m in sms.outbox] == [PHONE] * 4  # the gateway gets the number
    for message in case.sms_messages.all():
        assert message.ok and message.number_masked == "138****5678"
        assert case.number in message.text
        assert ID not in message.text and "张三" not in message.text and PHONE not in message.text
    extend = case.sms_messages.get(kind=SmsMessage.Kind.EXTEND)
    due = case.due_date
    assert f"{due.year}年{due.month}月{due.day}日" in extend.text


def test_a_case_done_on_the_spot_sends_nothing(demo, clerk1, django_capture_on_commit_callbacks):
    item = ServiceItem.objects.get(code="jzz-qianzhu")
    with django_capture_on_commit_callbacks(execute=True):
        accept(item, clerk1, mode=Case.Mode.IMMEDIATE)
    assert not SmsMessage.objects.exists() and sms.outbox == []


def test_a_refused_step_sends_nothing(item, clerk1, django_capture_on_commit_callbacks):
    case = accept(item, clerk1)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(Exception):  # noqa: B017 - only a clerk: refused
            cases.case_extend(case=case, days=2, reason="核实", approved_by=clerk1)
    assert callbacks == [] and sms.outbox == []


def test_erasing_the_applicant_erases_the_number_the_messages_went_to(
    item, clerk1, django_capture_on_commit_callbacks
):
    from intake.personal_data import resident_erase

    with django_capture_on_commit_callbacks(execute=True):
        case = accept(item, clerk1)
    assert case.sms_messages.get().number_masked == "138****5678"
    resident_erase(id_number=ID, by=make_user("director", Role.DIRECTOR))
    assert case.sms_messages.get().number_masked == ""
    assert not SmsMessage.history.filter(number_masked="138****5678").exists()


def test_a_failing_gateway_keeps_the_step_and_shows_the_failure(
    client, item, clerk1, settings, django_capture_on_commit_callbacks
):
    settings.SMS_BACKEND = f"{__name__}.BrokenGateway"
    case = cases.case_start(case=accept(item, clerk1))
    client.force_login(clerk1)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/desk/cases/{case.number}/complete/")
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.stage == Case.Stage.COMPLETED
    failed = SmsMessage.objects.get(case=case)
    assert not failed.ok and "138****5678" in failed.result and PHONE not in failed.result
    page = client.get(case.get_absolute_url()).content.decode()
    assert "发送失败" in page and "138****5678" in page and PHONE not in page
