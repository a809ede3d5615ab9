"""咨询登记 under 首问负责制: questions recorded, answered at once or by the answer-by date,
referred to a supervisor (请示报告) with the instruction recorded; legal questions say what
came of them; personal data optional and masked."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from intake import consultations
from intake.models import Consultation
from servicecenter import workdays
from servicecenter.roles import Role
from servicecenter.tokens import new_token
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(demo):
    return {
        "clerk": make_user("clerk", Role.CLERK),
        "clerk2": make_user("clerk2", Role.CLERK),
        "supervisor": make_user("supervisor", Role.SUPERVISOR),
    }


def ask(clerk, **kwargs) -> Consultation:
    values = {"channel": "phone", "matter": "低保申请条件", "question": "家里两口人能申请吗？"}
    return consultations.consultation_record(clerk=clerk, **{**values, **kwargs})


def steps(consultation: Consultation) -> list[str]:
    return [h.history_step for h in consultation.history.order_by("history_date", "history_id")]


def test_a_question_answered_at_once_has_no_answer_by_date(people):
    done = ask(people["clerk"], answer="可以，带户口本和收入证明。")
    assert done.is_answered and done.answer_by is None and done.answered_by == people["clerk"]
    assert steps(done) == [Consultation.Step.RECORD]


def test_an_unanswered_question_is_due_in_the_set_working_days(people, settings):
    today = timezone.localdate()
    assert ask(people["clerk"]).answer_by == workdays.add_working_days(today, 3)
    settings.CONSULTATION_ANSWER_DAYS = 5
    later = ask(people["clerk"], question="三口人呢？")
    assert later.answer_by == workdays.add_working_days(today, 5)


def test_escalated_instructed_and_answered_each_step_recorded(people):
    question = ask(people["clerk"])
    question = consultations.consultation_escalate(
        consultation=question, to=people["supervisor"], note="政策有变化，请示"
    )
    with pytest.raises(ValidationError) as refused:
        consultations.consultation_answer(consultation=question, answer="先答", by=people["clerk"])
    assert refused.value.code == "awaits_instruction"
    with pytest.raises(ValidationError) as refused:
        consultations.consultation_instruct(
            consultation=question, instruction="按新政策答复", by=people["clerk"]
        )
    assert refused.value.code == "role"
    question = consultations.consultation_instruct(
        consultation=question, instruction="按新政策答复", by=people["supervisor"]
    )
    question = consultations.consultation_answer(
        consultation=question, answer="可以申请。", by=people["clerk"]
    )
    assert question.is_answered and question.instruction == "按新政策答复"
    assert steps(question) == ["record", "escalate", "instruct", "answer"]
    with pytest.raises(ValidationError) as refused:
        consultations.consultation_answer(consultation=question, answer="再答", by=people["clerk"])
    assert refused.value.code == "answered"


def test_only_a_supervisor_can_be_referred_to(people):
    with pytest.raises(ValidationError) as refused:
        consultations.consultation_escalate(
            consultation=ask(people["clerk"]), to=people["clerk2"], note="请示"
        )
    assert refused.value.code == "not_supervisor"


def test_a_legal_question_records_its_outcome_and_the_legal_aid_unit(people):
    with pytest.raises(ValidationError) as refused:
        ask(people["clerk"], is_legal=True, answer="建议诉讼")
    assert "legal_outcome" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        ask(people["clerk"], is_legal=True, answer="建议诉讼", legal_outcome="legal_aid")
    assert "legal_aid_unit" in refused.value.message_dict
    done = ask(
        people["clerk"],
        is_legal=True,
        answer="符合条件，转法律援助。",
        legal_outcome="legal_aid",
        legal_aid_unit="区法律援助中心",
    )
    assert (done.legal_outcome, done.legal_aid_unit) == ("legal_aid", "区法律援助中心")
    assert Consultation.objects.count() == 1


def test_a_clerk_sees_their_own_and_those_referred_to_them_managers_all(people):
    mine = ask(people["clerk"])
    theirs = ask(people["clerk2"])
    assert list(Consultation.objects.visible_to(people["clerk"])) == [mine]
    referred = consultations.consultation_escalate(
        consultation=theirs, to=people["supervisor"], note="请示"
    )
    seen = set(Consultation.objects.visible_to(people["supervisor"]))
    assert {mine, referred} <= seen


def test_registering_on_the_page_once_with_the_phone_masked(client, people):
    client.force_login(people["clerk"])
    form = {
        "channel": "counter",
        "matter": "居住证",
        "question": "需要什么材料？",
        "name": "张三",
        "phone": "+86 138-1234-5678",
        "token": new_token(),
    }
    first = client.post("/desk/consultations/", form)
    again = client.post("/desk/consultations/", form)
    assert first.status_code == again.status_code == 302
    question = Consultation.objects.get()
    assert question.phone == "13812345678"
    page = client.get(first["Location"]).content.decode()
    assert "138****5678" in page and "13812345678" not in page and "张三" not in page
    assert not hasattr(question.history.first(), "phone")


@pytest.mark.parametrize("field", ["question", "answer"])
def test_too_long_text_is_refused_with_a_message_and_nothing_saved(client, people, field):
    client.force_login(people["clerk"])
    form = {"channel": "phone", "matter": "社保", "question": "问", field: "长" * 2001}
    response = client.post("/desk/consultations/", form)
    assert response.status_code == 400 and 'role="alert"' in response.content.decode()
    assert not Consultation.objects.exists()


def test_a_bad_phone_and_an_empty_question_are_refused_together(client, people):
    client.force_login(people["clerk"])
    form = {"channel": "phone", "matter": "社保", "question": " ", "phone": "12345"}
    response = client.post("/desk/consultations/", form)
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"question", "phone"}
    assert not Consultation.objects.exists()


def test_the_workstation_reminds_of_overdue_questions_and_referrals(client, people):
    late = ask(people["clerk"], matter="迁户口")
    Consultation.objects.filter(pk=late.pk).update(
        answer_by=timezone.localdate() - dt.timedelta(days=1)
    )
    client.force_login(people["clerk"])
    page = client.get("/desk/").content.decode()
    assert "迁户口" in page and 'class="overdue"' in page
    consultations.consultation_escalate(consultation=late, to=people["supervisor"], note="请示")
    client.force_login(people["supervisor"])
    reminders = client.get("/desk/").context["consultations_to_instruct"]
    assert [c.pk for c in reminders] == [late.pk]


def test_the_steps_through_the_pages(client, people):
    question = ask(people["clerk"])
    client.force_login(people["clerk"])
    url = f"/desk/consultations/{question.pk}/"
    to = {"to": people["supervisor"].pk, "note": "请示", "token": new_token()}
    assert client.post(url + "escalate/", to).status_code == 302
    client.force_login(people["supervisor"])
    assert client.post(url + "instruct/", {"instruction": "照办"}).status_code == 302
    client.force_login(people["clerk"])
    assert client.post(url + "answer/", {"answer": "已电话答复"}).status_code == 302
    question.refresh_from_db()
    assert steps(question) == ["record", "escalate", "instruct", "answer"]
    page = client.get(url).content.decode()
    assert "照办" in page and "已电话答复" in page


def test_the_register_exports_to_excel_masked_and_scoped(client, people):
    import io

    from openpyxl import load_workbook

    ask(people["clerk"], name="张三", phone="13812345678", question="=1+1")
    ask(people["clerk2"], matter="别人的咨询")
    client.force_login(people["clerk"])
    response = client.get("/desk/consultations/export.xlsx")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    header = [cell.value for cell in sheet[1]]
    rows = [dict(zip(header, (c.value for c in row), strict=True)) for row in sheet.iter_rows(2)]
    assert len(rows) == 1 and rows[0]["咨询方式"] == "电话咨询"
    assert (rows[0]["群众"], rows[0]["电话"]) == ("张*", "138****5678")
    assert rows[0]["咨询内容"] == "'=1+1"  # a formula is neutralized
