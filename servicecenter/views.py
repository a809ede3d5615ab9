from django.contrib.auth import views as auth_views
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from servicecenter import workdays
from servicecenter.roles import EVERYONE, role_required, user_roles


class LoginView(auth_views.LoginView):
    redirect_authenticated_user = True


@role_required(*EVERYONE)
def desk(request: HttpRequest) -> HttpResponse:
    """The staff home page: where a clerk lands after signing in."""
    profile = getattr(request.user, "staff_profile", None)
    today = timezone.localdate()
    return render(
        request,
        "servicecenter/desk.html",
        {
            "staff_profile": profile,
            "roles": sorted(user_roles(request.user)),
            "today": today,
            "today_is_working_day": workdays.is_working_day(today),
            "next_working_day": workdays.next_working_day(today),
        },
    )


@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    """For load balancers: 200 when the database answers, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")
