"""The day's figures summed in SQL keep their definitions: average handling days from receipt
to completion, on time by the center's day, and the average wait of called tickets."""

import datetime as dt

import pytest
from django.utils import timezone

from disclosure.models import Category
from intake import queue, reports
from intake.models import Case, Ticket
from tests.intake.test_report_figures import accept, people  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


def lines(day: dt.date) -> dict:
    return {figure.key: figure.value for figure in reports.day_lines(day=day)}


def test_handling_days_and_on_time_follow_their_definitions(people):  # noqa: F811
    day = timezone.localdate() - dt.timedelta(days=1)
    late_evening = timezone.make_aware(dt.datetime.combine(day, dt.time(23, 30)))
    # Completed at 23:30 on their due day: on time.
    spans = [dt.timedelta(days=2, hours=6), dt.timedelta(hours=3), dt.timedelta(days=1)]
    for span in spans:
        case = accept(people["clerk"])
        Case.objects.filter(pk=case.pk).update(
            stage=Case.Stage.COMPLETED,
            received_at=late_evening - span,
            completed_at=late_evening,
            due_date=day,
        )
    # Completed at 00:30 the day after its due day: late, though still the due day in UTC.
    after_midnight = timezone.make_aware(dt.datetime.combine(day, dt.time(0, 30)))
    late = accept(people["clerk"])
    Case.objects.filter(pk=late.pk).update(
        stage=Case.Stage.COMPLETED,
        received_at=after_midnight - dt.timedelta(days=5),
        completed_at=after_midnight,
        due_date=day - dt.timedelta(days=1),
    )
    spans.append(dt.timedelta(days=5))
    figures = lines(day)
    assert figures["cases_completed"] == 4
    assert (figures["cases_on_time"], figures["cases_late"]) == (3, 1)
    assert figures["cases_on_time_rate"] == 75.0
    mean_days = sum(span.total_seconds() for span in spans) / len(spans) / 86400
    assert figures["cases_handling_days"] == round(mean_days, 1) == 2.1
    rows = reports.item_rows(day, day)
    assert [(r["completed"], r["on_time_rate"], r["handling_days"]) for r in rows] == [
        (4, 75.0, 2.1)
    ]


def test_average_wait_is_the_mean_of_the_called_tickets_waits_in_minutes(demo):
    category = Category.objects.get(code="minzheng")
    tickets = [queue.ticket_issue(category=category, check_open=False) for _ in range(3)]
    now = timezone.now()
    waits = [dt.timedelta(minutes=4), dt.timedelta(minutes=7, seconds=30)]
    for ticket, wait in zip(tickets, waits, strict=False):
        Ticket.objects.filter(pk=ticket.pk).update(issued_at=now - wait, called_at=now)
    figures = lines(tickets[0].day)
    assert figures["tickets"] == 3
    assert figures["average_wait"] == 5.8  # (4 + 7.5) / 2, the third never called


def test_a_day_without_completions_or_calls_has_no_averages(people):  # noqa: F811
    accept(people["clerk"])
    figures = lines(timezone.localdate())
    assert figures["cases_completed"] == 0 and figures["cases_handling_days"] is None
    assert figures["cases_on_time_rate"] is None and figures["average_wait"] is None
