"""培训 and 入职培训: sessions with their hours; a new staff member's induction with a named
mentor and a checklist; no counter sign-on until the checklist is complete."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from intake import queue
from intake.models import CounterSession
from servicecenter.roles import Role
from staff import training
from staff.models import Counter, Induction
from tests.conftest import make_user


@pytest.fixture
def counter(db) -> Counter:
    return Counter.objects.create(number=41, name="综合窗口")


def tick_all(induction: Induction, by) -> None:
    for item in induction.items.all():
        training.induction_tick(induction=induction, item_id=item.pk, by=by)


def test_a_new_clerk_signs_on_only_once_the_induction_is_complete(counter, supervisor):
    newcomer = make_user("newcomer", Role.CLERK)
    mentor = make_user("mentor", Role.CLERK)
    induction = training.induction_open(user=newcomer, mentor=mentor, by=supervisor)
    kinds = set(induction.items.values_list("kind", flat=True))
    assert kinds == {"rules", "process"}  # 工作规范 and 服务流程
    with pytest.raises(ValidationError) as refused:
        queue.session_open(clerk=newcomer, counter=counter)
    assert refused.value.code == "induction"
    first, *rest = induction.items.all()
    training.induction_tick(induction=induction, item_id=first.pk, by=mentor)
    with pytest.raises(ValidationError):
        queue.session_open(clerk=newcomer, counter=counter)
    for item in rest:
        training.induction_tick(induction=induction, item_id=item.pk, by=mentor)
    induction.refresh_from_db()
    assert induction.is_complete
    steps = [row.history_step for row in induction.history.order_by("history_id")]
    assert steps[0] == "open" and steps[-1] == "complete" and steps.count("tick") == len(rest) + 1
    assert queue.session_open(clerk=newcomer, counter=counter).clerk == newcomer


def test_staff_with_no_induction_on_record_and_the_rule_switched_off_are_not_held_back(
    counter, supervisor, settings
):
    assert queue.session_open(clerk=make_user("veteran", Role.CLERK), counter=counter)
    newcomer = make_user("newcomer", Role.CLERK)
    training.induction_open(user=newcomer, mentor=supervisor, by=supervisor)
    settings.INDUCTION_REQUIRED_FOR_COUNTER = 0
    other = Counter.objects.create(number=42, name="二号窗口")
    assert queue.session_open(clerk=newcomer, counter=other)


def test_only_the_mentor_or_a_manager_confirms_an_item(db, supervisor):
    newcomer = make_user("newcomer", Role.CLERK)
    mentor = make_user("mentor", Role.CLERK)
    induction = training.induction_open(user=newcomer, mentor=mentor, by=supervisor)
    item = induction.items.first()
    for somebody in (newcomer, make_user("bystander", Role.CLERK)):
        with pytest.raises(ValidationError) as refused:
            training.induction_tick(induction=induction, item_id=item.pk, by=somebody)
        assert refused.value.code == "not_allowed"
    training.induction_tick(induction=induction, item_id=item.pk, by=supervisor)
    with pytest.raises(ValidationError) as refused:
        training.induction_tick(induction=induction, item_id=item.pk, by=mentor)
    assert refused.value.code == "done"


def test_an_induction_names_a_mentor_other_than_the_newcomer_and_is_opened_once(db, supervisor):
    newcomer = make_user("newcomer", Role.CLERK)
    with pytest.raises(ValidationError) as refused:
        training.induction_open(user=newcomer, mentor=newcomer, by=supervisor)
    assert refused.value.code == "mentor"
    training.induction_open(user=newcomer, mentor=supervisor, by=supervisor)
    with pytest.raises(ValidationError) as refused:
        training.induction_open(user=newcomer, mentor=supervisor, by=supervisor)
    assert refused.value.code == "exists"
    assert Induction.objects.count() == 1


def test_training_hours_count_the_sessions_attended_in_the_period(db, clerk, supervisor):
    training.training_record(
        topic="居住证新规",
        trainer="区政务服务中心",
        date=dt.date(2026, 10, 12),
        hours=Decimal("2.5"),
        attendees=[clerk, supervisor],
        by=supervisor,
    )
    training.training_record(
        topic="文明服务",
        trainer="张主管",
        date=dt.date(2026, 11, 3),
        hours=Decimal(1),
        attendees=[clerk],
        by=supervisor,
    )
    assert training.training_hours(clerk, dt.date(2026, 10, 1), dt.date(2026, 10, 31)) == Decimal(
        "2.5"
    )
    assert training.training_hours(clerk, dt.date(2026, 1, 1), dt.date(2026, 12, 31)) == Decimal(
        "3.5"
    )
    with pytest.raises(ValidationError) as refused:
        training.training_record(
            topic="x",
            trainer="y",
            date=dt.date(2026, 11, 3),
            hours=Decimal(1),
            attendees=[],
            by=supervisor,
        )
    assert refused.value.code == "attendees"


def test_the_workstation_says_why_a_new_clerk_may_not_sign_on(client, open_center, supervisor):
    newcomer = make_user("newcomer", Role.CLERK)
    induction = training.induction_open(user=newcomer, mentor=supervisor, by=supervisor)
    counter = Counter.objects.filter(is_active=True).first()
    client.force_login(newcomer)
    page = client.post("/desk/sign-on/", {"counter": counter.pk}, follow=True).content.decode()
    assert "入职培训" in page
    assert not CounterSession.objects.filter(clerk=newcomer).exists()
    tick_all(induction, supervisor)
    client.post("/desk/sign-on/", {"counter": counter.pk})
    assert CounterSession.objects.filter(clerk=newcomer, ended_at__isnull=True).exists()


def test_induction_pages_are_the_newcomer_s_the_mentor_s_and_the_managers(client, supervisor):
    newcomer = make_user("newcomer", Role.CLERK)
    mentor = make_user("mentor", Role.CLERK)
    induction = training.induction_open(user=newcomer, mentor=mentor, by=supervisor)
    url = f"/staff/training/inductions/{induction.pk}/"
    for user, status in [(newcomer, 200), (mentor, 200), (supervisor, 200)]:
        client.force_login(user)
        assert client.get(url).status_code == status
    client.force_login(make_user("bystander", Role.CLERK))
    assert client.get(url).status_code == 404
    client.force_login(mentor)
    item = induction.items.first()
    client.post(f"{url}tick/", {"item": item.pk})
    item.refresh_from_db()
    assert item.done_by == mentor
