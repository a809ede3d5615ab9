"""Caching of the public pages, shared by every process.

A page is cached under the current "public version"; any change to what the public pages
show (catalog, staff, counters, rules, notices, the center's profile) bumps the version
once its transaction commits, so every process serves the new page at once. Each page
carries an ETag, so a phone that has the page already gets 304 Not Modified.
"""

import hashlib
import time
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language

VERSION_KEY = "public:version"
PAGE_TIMEOUT = 24 * 60 * 60


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
    return values


def public_changed() -> None:
    """Call from a model's save()/delete(): the public pages change when this commits."""
    transaction.on_commit(lambda: cache.set(VERSION_KEY, str(time.time_ns()), None))


def public_page(*, per: str = "day") -> Callable:
    """Serve a public page from the shared cache, with an ETag, to visitors not signed in.

    per="minute" for pages that show the time of day (the home page's "open now").
    """
    bucket_format = {"day": "%Y-%m-%d", "minute": "%Y-%m-%d %H:%M"}[per]

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if request.method not in ("GET", "HEAD") or request.user.is_authenticated:
                return view(request, *args, **kwargs)
            bucket = timezone.localtime().strftime(bucket_format)
            path = f"{get_language()}|{bucket}|{request.get_full_path()}"
            page_key = "public:page:" + hashlib.sha256(path.encode()).hexdigest()[:32]
            # One round trip for both: the current version and the page as last cached.
            found = cache.get_many([VERSION_KEY, page_key])
            version = found.get(VERSION_KEY) or public_version()
            etag = '"' + hashlib.sha256(f"{version}|{path}".encode()).hexdigest()[:32] + '"'
            cached = found.get(page_key)
            if etag in request.headers.get("If-None-Match", ""):
                response = HttpResponseNotModified()
            elif cached is not None and cached[0] == version:
                response = HttpResponse(cached[1], content_type=cached[2])
            else:
                response = view(request, *args, **kwargs)
                if response.status_code != 200:
                    return response
                content = (version, response.content, response["Content-Type"])
                cache.set(page_key, content, PAGE_TIMEOUT)
            response["ETag"] = etag
            # Always ask again, so a change shows at once; the ETag makes asking cheap.
            response["Cache-Control"] = "no-cache"
            patch_vary_headers(response, ["Accept-Language", "Cookie"])
            return response

        wrapped.is_public = True  # the access and personal-data tests crawl these
        return wrapped

    return decorator


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
