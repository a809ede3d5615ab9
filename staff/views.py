from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from servicecenter.roles import MANAGERS, role_required
from staff.models import Counter, StaffProfile


@role_required(*MANAGERS)
def staff_list(request: HttpRequest) -> HttpResponse:
    """Supervisors' overview of staff and counters."""
    profiles = StaffProfile.objects.select_related("user", "counter").prefetch_related(
        "user__groups"
    )
    counters = Counter.objects.all()
    return render(request, "staff/staff_list.html", {"profiles": profiles, "counters": counters})
