"""Requests no form could have sent are refused before any view sees them."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _


class RefuseNulMiddleware:
    """A NUL character in the address or a form field is refused with a 400.

    PostgreSQL cannot hold or even compare NUL in text, so a lookup by such a value would be
    a 500 there (SQLite shrugs): no browser sends one, only a script probing."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            "\x00" in request.path
            or _has_nul(request.GET)
            or (request.method == "POST" and _has_nul(request.POST))
        ):
            return HttpResponse(
                _("The request contains an invalid character; nothing was done."),
                status=400,
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)


def _has_nul(data) -> bool:
    return any("\x00" in key or any("\x00" in v for v in data.getlist(key)) for key in data)
