"""Response headers every page needs and no view should have to remember."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse


class NoStoreMiddleware:
    """Staff pages, PDFs and exports: `Cache-Control: no-store`.

    They carry personal data (names, phones, case records): no browser history, shared PC
    or proxy may keep a copy. The public pages keep their own caching (no-cache with an
    ETag, servicecenter.public) as long as the visitor is not signed in; uploads keep theirs
    (servicecenter.uploads.media is public: the board and the guide show them).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        match = request.resolver_match
        view = match.func if match else None
        public = getattr(view, "is_public", False) or (match and match.url_name == "media")
        signed_in = hasattr(request, "user") and request.user.is_authenticated
        if (public and not signed_in) or "no-store" in response.get("Cache-Control", ""):
            return response
        response["Cache-Control"] = "no-store"
        return response
