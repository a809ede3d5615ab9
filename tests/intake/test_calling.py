import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from disclosure.models import Category
from intake import queue
from intake.models import Appointment, Call, Ticket
from servicecenter.roles import Role
from staff.models import Counter
from tests.conftest import make_user
from tests.intake.conftest import issue

pytestmark = pytest.mark.django_db


def call_and_finish(session) -> Ticket | None:
    ticket = queue.ticket_call_next(session=session)
    if ticket is not None:
        queue.ticket_finish(session=session, ticket_id=ticket.pk)
    return ticket


def test_priority_first_then_appointments_then_first_come(minzheng, session3):
    import datetime as dt

    from django.utils import timezone

    walk_in_1, walk_in_2 = issue(minzheng, 2)
    booked = Appointment.objects.create(
        category=minzheng,
        day=timezone.localdate(),
        slot=dt.time(9),
        name="张三",
        phone="13812345678",
    )
    [appointment] = issue(minzheng, appointment=booked)
    [elderly] = issue(minzheng, priority=Ticket.Priority.ELDERLY)
    order = [call_and_finish(session3) for _ in range(4)]
    assert order == [elderly, appointment, walk_in_1, walk_in_2]
    assert call_and_finish(session3) is None


def test_call_records_time_counter_clerk_and_a_display_call(minzheng, session3):
    [ticket] = issue(minzheng)
    called = queue.ticket_call_next(session=session3)
    assert called == ticket
    assert called.status == Ticket.Status.CALLED and called.called_at is not None
    assert called.counter.number == 3 and called.clerk == session3.clerk
    queue.ticket_recall(session=session3, ticket_id=ticket.pk)
    assert Call.objects.filter(ticket=ticket).count() == 2
    queue.ticket_start(session=session3, ticket_id=ticket.pk)
    done = queue.ticket_finish(session=session3, ticket_id=ticket.pk)
    assert done.started_at >= done.called_at and done.finished_at >= done.started_at
    assert [h.history_step for h in done.history.order_by("history_date")] == [
        Ticket.Step.ISSUE,
        Ticket.Step.CALL,
        Ticket.Step.RECALL,
        Ticket.Step.START,
        Ticket.Step.FINISH,
    ]


def test_the_next_call_waits_until_the_current_ticket_is_finished(minzheng, session3):
    issue(minzheng, 2)
    queue.ticket_call_next(session=session3)
    with pytest.raises(ValidationError, match="请先办结或过号"):
        queue.ticket_call_next(session=session3)


def test_paused_counter_calls_nobody(minzheng, session3):
    issue(minzheng)
    queue.session_pause(session=session3, paused=True)
    with pytest.raises(ValidationError, match="窗口已暂停"):
        queue.ticket_call_next(session=session3)
    assert Ticket.objects.get().status == Ticket.Status.WAITING


def test_no_show_and_impossible_steps(minzheng, session3):
    [ticket] = issue(minzheng)
    queue.ticket_call_next(session=session3)
    queue.ticket_no_show(session=session3, ticket_id=ticket.pk)
    with pytest.raises(ValidationError, match="不能进行此操作"):
        queue.ticket_start(session=session3, ticket_id=ticket.pk)
    assert Ticket.objects.get().status == Ticket.Status.NO_SHOW


def test_transfer_keeps_the_number_and_goes_to_the_front(minzheng, session3):
    huji = Category.objects.get(code="huji")
    [waiting_d] = issue(huji)
    [ticket] = issue(minzheng)
    queue.ticket_call_next(session=session3)
    moved = queue.ticket_transfer(session=session3, ticket_id=ticket.pk, category=huji)
    assert moved.display_number == "C001" and moved.status == Ticket.Status.WAITING
    counter4 = Counter.objects.get(number=4)
    session4 = queue.session_open(clerk=make_user("clerk4", Role.CLERK), counter=counter4)
    assert queue.ticket_call_next(session=session4) == ticket  # ahead of D001
    assert waiting_d.pk != ticket.pk


def test_transfer_to_a_counter_is_called_only_there(minzheng, session3):
    [ticket] = issue(minzheng)
    queue.ticket_call_next(session=session3)
    counter1 = Counter.objects.get(number=1)
    queue.ticket_transfer(session=session3, ticket_id=ticket.pk, counter=counter1)
    assert queue.ticket_call_next(session=session3) is None
    session1 = queue.session_open(clerk=make_user("clerk1", Role.CLERK), counter=counter1)
    assert queue.ticket_call_next(session=session1) == ticket


def test_one_clerk_per_counter(counter3, session3):
    with pytest.raises(ValidationError, match="已有其他工作人员上岗"):
        queue.session_open(clerk=make_user("someone", Role.CLERK), counter=counter3)


@pytest.mark.django_db(transaction=True)
def test_two_clerks_pressing_call_at_once_never_get_the_same_ticket(demo):
    minzheng = Category.objects.get(code="minzheng")
    counter1 = Counter.objects.get(number=1)
    minzheng.counters.add(counter1)  # counters 1 and 3 both call category C
    issue(minzheng, 60)
    sessions = [
        queue.session_open(clerk=make_user("a", Role.CLERK), counter=counter1),
        queue.session_open(clerk=make_user("b", Role.CLERK), counter=Counter.objects.get(number=3)),
    ]
    together = threading.Barrier(2, timeout=30)
    called: dict[int, list[int]] = {0: [], 1: []}

    def work(index: int) -> None:
        try:
            for _round in range(30):
                together.wait()  # both clerks press 叫号 at the same moment
                ticket = call_and_finish(sessions[index])
                if ticket is not None:
                    called[index].append(ticket.pk)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(work, [0, 1]))
    everything = called[0] + called[1]
    assert len(everything) == len(set(everything)) == 60
    assert called[0] and called[1]  # both clerks really worked
