"""Caching of the public pages, shared by every process.

A page is cached under the current "public version"; any change to what the public pages
show (catalog, staff, counters, rules, notices, the center's profile) bumps the version
once its transaction commits, so every process serves the new page at once. Each page
carries an ETag, so a phone that has the page already gets 304 Not Modified.
"""

import hashlib
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.urls import Resolver404, get_resolver
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language

VERSION_KEY = "public:version"
PAGE_TIMEOUT = 24 * 60 * 60
BUCKETS = {"day": "%Y-%m-%d", "minute": "%Y-%m-%d %H:%M"}
# The headers a page gets afresh on each request; the others are stored with it.
OWN_HEADERS = {"etag", "cache-control", "date"}


def public_version() -> str:
    version = cache.get(VERSION_KEY)
    if version is None:
        version = str(time.time_ns())
        cache.add(VERSION_KEY, version, None)
        version = cache.get(VERSION_KEY, version)
    return version


def cached(builders: dict[str, Callable[[], Any]]) -> dict[str, Any]:
    """Values that depend on public content, from the shared cache in one round trip.

    Each is stored with the public version it was built under and rebuilt when the
    version has moved on (servicecenter.public.public_changed).
    """
    return cached_with_version(builders)[1]


def cached_with_version(builders: dict[str, Callable[[], Any]]) -> tuple[str, dict[str, Any]]:
    """cached(), and the public version the values belong to."""
    found = cache.get_many([VERSION_KEY, *builders])
    version = found.get(VERSION_KEY) or public_version()
    values, stale = {}, {}
    for key, build in builders.items():
        entry = found.get(key)
        if entry is not None and entry[0] == version:
            values[key] = entry[1]
        else:
            values[key] = build()
            stale[key] = (version, values[key])
    if stale:
        cache.set_many(stale, 3600)
    return version, values


def public_changed() -> None:
    """Call from a model's save()/delete(): the public pages change when this commits."""
    transaction.on_commit(lambda: cache.set(VERSION_KEY, str(time.time_ns()), None))


def public_page(*, per: str = "day") -> Callable:
    """A public page served from the shared cache, with an ETag, to visitors not signed in
    (PublicPageMiddleware does the serving; signed-in staff get the live page).

    per="minute" for pages that show the time of day (the home page's "open now").
    """
    if per not in BUCKETS:
        raise ValueError(f"per={per!r}: one of {', '.join(BUCKETS)}")

    def decorator(view: Callable) -> Callable:
        view.is_public = True  # the access and personal-data tests crawl these
        view.public_per = per
        return view

    return decorator


class PublicPageMiddleware:
    """Serves the public pages (public_page) to visitors not signed in from the shared
    cache, before the rest of the stack: a cached hit costs one round trip to the cache
    and no view, template or inner middleware.

    Stored with a page: the public version it was built under, its body, and the headers
    the whole stack gave it (Content-Security-Policy, X-Frame-Options…), replayed on each
    hit. A change to public content moves the version (public_changed) and every process
    builds the page afresh on its next request. Set-Cookie is never stored: a response
    that sets a cookie is not shared.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        path = _public_path(request)
        if path is None:
            return self.get_response(request)
        # Not the old "public:page:" entries, which held no headers.
        page_key = "public:response:" + hashlib.sha256(path.encode()).hexdigest()[:32]
        # The current version always comes from the shared cache (a change made through
        # another process shows at once); the page itself, once per version and process.
        local = kept = _pages.get(page_key)
        if local is None:
            found = cache.get_many([VERSION_KEY, page_key])  # both in one round trip
            kept = found.get(page_key)
        else:
            found = {VERSION_KEY: cache.get(VERSION_KEY)}
        version = found.get(VERSION_KEY) or public_version()
        etag = '"' + hashlib.sha256(f"{version}|{path}".encode()).hexdigest()[:32] + '"'
        if etag in request.META.get("HTTP_IF_NONE_MATCH", ""):
            return _public_headers(HttpResponseNotModified(), etag)
        if local is not None and local[0] != version:
            kept = cache.get(page_key)  # another process may have built it already
        if kept is not None and kept[0] == version:
            if kept is not local:
                _keep(page_key, kept)
            response = HttpResponse(kept[1], headers=kept[2])
        else:
            response = self.get_response(request)
            if response.status_code != 200:
                return response
            if not response.cookies and not response.streaming:
                headers = {k: v for k, v in response.items() if k.lower() not in OWN_HEADERS}
                kept = (version, response.content, headers)
                cache.set(page_key, kept, PAGE_TIMEOUT)
                _keep(page_key, kept)
        return _public_headers(response, etag)


def _public_headers(response: HttpResponse, etag: str) -> HttpResponse:
    response["ETag"] = etag
    # Always ask again, so a change shows at once; the ETag makes asking cheap.
    response["Cache-Control"] = "no-cache"
    patch_vary_headers(response, ["Accept-Language", "Cookie"])
    return response


# Pages as last read from the shared cache, in this process, each with the version it was
# built under: served only while that is still the shared cache's current version.
_pages: dict[str, tuple[str, bytes, dict]] = {}
KEEP_PAGES = 500


def _keep(page_key: str, entry: tuple[str, bytes, dict]) -> None:
    if len(_pages) >= KEEP_PAGES and page_key not in _pages:
        _pages.clear()
    _pages[page_key] = entry


def _public_path(request: HttpRequest) -> str | None:
    """The cache's name for this request's page (language, day or minute, address), or
    None when it is not a public page for a visitor not signed in."""
    if request.method not in ("GET", "HEAD"):
        return None
    # No session cookie, nobody signed in: no need to ask the session.
    if settings.SESSION_COOKIE_NAME in request.COOKIES and request.user.is_authenticated:
        return None
    try:
        match = get_resolver(getattr(request, "urlconf", None)).resolve(request.path_info)
    except Resolver404:
        return None
    per = getattr(match.func, "public_per", None)
    if per is None:
        return None
    bucket = timezone.localtime().strftime(BUCKETS[per])
    return f"{get_language()}|{bucket}|{request.get_full_path()}"


class PublicContent:
    """For models shown on public pages: saving or deleting one refreshes those pages."""

    def save(self, *args, **kwargs) -> None:
        super().save(*args, **kwargs)
        public_changed()

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        public_changed()
        return result


def public_view(view: Callable) -> Callable:
    """A public page that changes with every request (the kiosk, the hall display): no
    login, no page cache; marked so the access and personal-data tests crawl it too."""
    view.is_public = True
    return view
