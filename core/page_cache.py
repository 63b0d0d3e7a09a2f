"""A page cache for anonymous visitors to the public pages, safe to turn on.

Only when a shared cache is configured (DJANGO_REDIS_URL): every worker then sees the same
entries and the same invalidation. Only GET requests without any cookie (so never a signed-in
user, never a form with a CSRF token) for the public addresses, with no query string or only a
page number; only 200 responses that set no cookie. Any change to a governance record bumps
the cache's version on commit, and a page stored under an earlier version is a miss, so a page
published, cancelled or made confidential is never served stale. A hit costs one round trip to
the cache (the version and the page together).
"""

import re

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.utils.encoding import escape_uri_path

VERSION_KEY = "page-cache-version"
PUBLIC_PREFIXES = ("/partnerships/", "/accessibility/")
GOVERNANCE_APPS = {"boards", "members", "meetings", "commissions"}
MAX_PAGE_DIGITS = 4  # page numbers up to 9999: fifty members or twenty meetings to a page


def enabled() -> bool:
    return settings.PAGE_CACHE_SECONDS > 0


def _eligible(request) -> bool:
    return (
        enabled()
        and request.method in ("GET", "HEAD")
        and not request.COOKIES
        and (request.path == "/" or request.path.startswith(PUBLIC_PREFIXES))
    )


def _cache_key(request) -> str | None:
    """The page's key, or None to serve it uncached: only the query a public page reads (a page
    number, the pages listing meetings or members) makes another entry, so a flood of invented
    query strings cannot fill the cache."""
    query, path = request.GET, escape_uri_path(request.path)
    if not query:
        return f"page:{path}"
    numbers = query.getlist("page")
    if list(query) == ["page"] and len(numbers) == 1 and re.fullmatch(rf"[0-9]{{1,{MAX_PAGE_DIGITS}}}", numbers[0]):
        return f"page:{path}?page={int(numbers[0])}"
    return None


def _current_version(found: dict) -> int:
    version = found.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, 1, timeout=None)  # atomic: a concurrent first request may win
        version = cache.get(VERSION_KEY, 1)
    return version


def invalidate() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 2, timeout=None)


def _on_change(sender, **kwargs) -> None:
    if enabled() and sender._meta.app_label in GOVERNANCE_APPS:
        transaction.on_commit(invalidate)


def connect_signals() -> None:
    for model in apps.get_models():
        if model._meta.app_label in GOVERNANCE_APPS:
            post_save.connect(_on_change, sender=model, weak=False)
            post_delete.connect(_on_change, sender=model, weak=False)
    m2m_changed.connect(_on_change, weak=False)


class AnonymousPageCacheMiddleware:
    """Innermost middleware: the security headers, CSP and the rest are still added around it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = _cache_key(request) if _eligible(request) else None
        if key is None:
            return self.get_response(request)
        found = cache.get_many([VERSION_KEY, key])  # one round trip to the cache
        version = _current_version(found)
        cached = found.get(key)
        if cached is not None and cached[0] == version:
            _, content, content_type = cached
            response = HttpResponse(content, content_type=content_type)
            response["X-Page-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if response.status_code == 200 and not response.streaming and not response.cookies:
            # Stored with the version it was rendered under: any change since makes it a miss.
            cache.set(key, (version, response.content, response["Content-Type"]), settings.PAGE_CACHE_SECONDS)
        return response
