import uuid

from django.db import connection, transaction
from django.http import HttpResponse
from django.urls import path
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from disclosure.models import Category
from intake.models import Ticket
from servicecenter.models import DailyCounter
from servicecenter.urls import urlpatterns as project_urls


@csrf_exempt
def one_write(request):
    """The old floor: one INSERT per request, nothing else."""
    DailyCounter.objects.create(name=uuid.uuid4().hex, day=timezone.localdate())
    return HttpResponse("ok")


def _insert(model, values: dict) -> str:
    columns = ", ".join(connection.ops.quote_name(name) for name in values)
    marks = ", ".join(["%s"] * len(values))
    return f"INSERT INTO {model._meta.db_table} ({columns}) VALUES ({marks})"


@csrf_exempt
def ticket_floor(request):
    """The ticket's honest floor: what a ticket must write and nothing else — its gapless
    counter, the ticket and its history row — as three raw statements in one transaction."""
    now, today = timezone.now(), timezone.localdate()
    category_id = Category.objects.values_list("pk", flat=True).order_by("pk").first()
    history = Ticket.history.model
    with transaction.atomic(), connection.cursor() as cursor:
        counter = DailyCounter._meta.db_table
        cursor.execute(
            f"INSERT INTO {counter} (name, day, value) VALUES (%s, %s, 1) "
            f"ON CONFLICT (name, day) DO UPDATE SET value = {counter}.value + 1 RETURNING value",
            ["floor:Z", today],
        )
        number = cursor.fetchone()[0]
        ticket = {
            "day": today,
            "category_id": category_id,
            "letter": "Z",  # no category's letter: the floor's numbers are its own
            "number": number,
            "status": Ticket.Status.WAITING,
            "priority": "",
            "rank": Ticket.RANK_WALK_IN,
            "queued_at": now,
            "issued_at": now,
            "recalls": 0,
            "carried_over": False,
        }
        cursor.execute(_insert(Ticket, ticket) + " RETURNING id", list(ticket.values()))
        ticket_id = cursor.fetchone()[0]
        row = ticket | {
            "id": ticket_id,
            "history_date": now,
            "history_type": "+",
            "history_change_reason": None,
            "history_step": "issue",
            "history_reason": "",
            "history_user_id": None,
        }
        cursor.execute(_insert(history, row), list(row.values()))
    return HttpResponse("ok")


urlpatterns = [
    path("bench/write/", one_write),
    path("bench/ticket-floor/", ticket_floor),
    *project_urls,
]
