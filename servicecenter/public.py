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
            parts = f"{public_version()}|{get_language()}|{bucket}|{request.get_full_path()}"
            digest = hashlib.sha256(parts.encode()).hexdigest()[:32]
            etag = f'"{digest}"'
            if etag in request.headers.get("If-None-Match", ""):
                response = HttpResponseNotModified()
            else:
                cached = cache.get(f"public:page:{digest}")
                if cached is None:
                    response = view(request, *args, **kwargs)
                    if response.status_code != 200:
                        return response
                    cached = (response.content, response["Content-Type"])
                    cache.set(f"public:page:{digest}", cached, PAGE_TIMEOUT)
                response = HttpResponse(cached[0], content_type=cached[1])
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
