"""The front desk's figures about one staff member, lent to staff's assessment (考核) and
the staff member's own page through servicecenter.figures ("staff" kind).

工作效率和服务质量: tickets served and the average service time at the counter, cases
completed as handling clerk and how many of them within their 承诺时限.
"""

import datetime as dt
import statistics
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from intake.models import Case, Ticket
from servicecenter.dates import local_datetime
from servicecenter.figures import Figure


def staff_figures(*, user, start: dt.date, end: dt.date) -> list[Figure]:
    served = list(
        Ticket.objects.filter(
            clerk=user, status=Ticket.Status.DONE, day__range=(start, end)
        ).values_list("started_at", "finished_at")
    )
    services = [
        (finished - started).total_seconds() for started, finished in served if started and finished
    ]
    completed = list(
        Case.objects.filter(
            handler=user,
            completed_at__gte=local_datetime(start),
            completed_at__lt=local_datetime(end + dt.timedelta(days=1)),
        ).values_list("completed_at", "due_date")
    )
    on_time = sum(timezone.localdate(done) <= due for done, due in completed)
    ledger = (
        reverse("ledger") + "?" + urlencode({"clerk": user.pk, "date_from": start, "date_to": end})
    )
    return [
        Figure("tickets_served", _("Tickets served"), len(served)),
        Figure(
            "average_service_minutes",
            _("Average service time (minutes)"),
            round(statistics.mean(services) / 60, 1) if services else None,
        ),
        Figure("cases_completed", _("Cases completed"), len(completed), ledger),
        Figure("cases_on_time", _("Cases completed on time"), on_time, ledger),
    ]
