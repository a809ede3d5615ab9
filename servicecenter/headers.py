"""Response headers every page needs and no view should have to remember."""

from collections.abc import Callable

from csp.constants import UNSAFE_INLINE
from csp.middleware import CSPMiddleware, PolicyParts
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


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's policy (settings.CONTENT_SECURITY_POLICY) on every response.

    The admin alone may also apply inline *styles*: templates of Django's admin,
    django-import-export and django-simple-history carry style attributes and <style>
    blocks. Scripts stay 'self' only everywhere, the admin included.

    Our own PDFs (notice, receipt) go without: Chromium's PDF viewer is a page of plugin
    and inline styles that such a policy breaks, and a PDF runs none of our pages' code.
    """

    def process_response(self, request, response):
        if response.get("Content-Type", "").startswith("application/pdf"):
            response._csp_exempt = True
        return super().process_response(request, response)

    def get_policy_parts(self, request, response, report_only: bool = False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if request.path_info.startswith("/admin/"):
            parts.update = {**(parts.update or {}), "style-src": [UNSAFE_INLINE]}
        return parts
