"""A page cache for anonymous visitors to the public pages, safe to turn on.

Only when a shared cache is configured (DJANGO_REDIS_URL): every worker then sees the same
entries and the same invalidation.

What is cached: GET and HEAD requests for the public addresses (`/`, `/accessibility/`,
`/partnerships/...`) from a visitor who is not signed in: no session cookie, no CSRF cookie, no
language or messages cookie (the cookies the app reads). Any other cookie (an analytics `_ga`)
changes nothing on the page and is ignored. Only 200 responses that set no cookie are stored.

The key is what changes the page: its path and the query parameters a page reads (a page
number). Tracking parameters (`utm_*`, `fbclid`, `gclid`) are dropped from the key; any other
query string is served uncached, so a flood of invented query strings cannot fill the cache.

Versions, per partnership: a change to a governance record bumps, on commit, the version of
the partnership it belongs to (found from the record: `partnership`, `body.partnership`,
`meeting.body.partnership`, ...) and the site's version (the home page lists every partnership).
A change whose partnership cannot be told (a partnership's own record, whose address may have
changed; a record whose parent went in the same delete) bumps the global version, which every
page carries. A page is stored with the versions it was rendered under (read before rendering),
so any change since makes it a miss: a page published, cancelled or made confidential is never
served stale, and partnership B's pages stay cached when A changes. A hit costs one round trip
to the cache (the versions and the page together) and no query.
"""

import re
from collections import deque

from django.apps import apps
from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.encoding import escape_uri_path
from django.utils.http import parse_http_date_safe

GLOBAL_VERSION = "page-cache-version"
SITE_VERSION = "page-cache-version:site"  # pages outside any partnership: home, accessibility
PUBLIC_PREFIXES = ("/partnerships/", "/accessibility/")
PARTNERSHIP_PATH = re.compile(r"^/partnerships/([-a-zA-Z0-9_]+)/")
GOVERNANCE_APPS = {"boards", "members", "meetings", "commissions"}
PARTNERSHIP_MODEL = "boards.partnership"  # a label, not an import: this module knows no app
TRACKING_PARAMETERS = re.compile(r"^(utm_[a-z_]+|fbclid|gclid)$")
MAX_PAGE_DIGITS = 4  # page numbers up to 9999: fifty members or twenty meetings to a page
MAX_DEPTH = 4  # item -> meeting -> body -> partnership is three steps
# Kept with the page: a stored PDF's name and its validators, so a hit answers If-None-Match too.
STORED_HEADERS = ("Content-Type", "Content-Disposition", "ETag", "Last-Modified")


def enabled() -> bool:
    return settings.PAGE_CACHE_SECONDS > 0


def app_cookies() -> set[str]:
    """The cookies the app reads: a request carrying one may see a page of its own."""
    return {
        settings.SESSION_COOKIE_NAME,
        settings.CSRF_COOKIE_NAME,
        settings.LANGUAGE_COOKIE_NAME,
        CookieStorage.cookie_name,
    }


def _eligible(request) -> bool:
    return (
        enabled()
        and request.method in ("GET", "HEAD")
        and (request.path == "/" or request.path.startswith(PUBLIC_PREFIXES))
        and not app_cookies() & request.COOKIES.keys()
    )


def _cache_key(request) -> str | None:
    """The page's key, or None to serve it uncached: only the query a public page reads (a page
    number, the pages listing meetings or members) makes another entry; tracking parameters are
    left out of the key. The scheme and host are part of it: feeds and links carry absolute
    addresses, so a page rendered for one allowed host is never served to another."""
    path = f"{request.scheme}://{request.get_host()}{escape_uri_path(request.path)}"
    query = {name: values for name, values in request.GET.lists() if not TRACKING_PARAMETERS.match(name)}
    if not query:
        return f"page:{path}"
    numbers = query.get("page", [])
    if list(query) == ["page"] and len(numbers) == 1 and re.fullmatch(rf"[0-9]{{1,{MAX_PAGE_DIGITS}}}", numbers[0]):
        return f"page:{path}?page={int(numbers[0])}"
    return None


def partnership_version_key(slug: str) -> str:
    return f"page-cache-version:partnership:{slug}"


def _version_keys(request) -> tuple[str, str]:
    """The global version and the page's own: its partnership's, or the site's."""
    found = PARTNERSHIP_PATH.match(request.path)
    return GLOBAL_VERSION, partnership_version_key(found[1]) if found else SITE_VERSION


def _current_versions(keys: tuple[str, ...], found: dict) -> tuple[int, ...]:
    versions = []
    for key in keys:
        version = found.get(key)
        if version is None:
            cache.add(key, 1, timeout=None)  # atomic: a concurrent first request may win
            version = cache.get(key, 1)
        versions.append(version)
    return tuple(versions)


def _bump(key: str) -> None:
    try:
        cache.incr(key)
    except ValueError:  # not there yet (or evicted): any stored page then carries a lower number
        cache.add(key, 2, timeout=None)


def invalidate(slug: str | None = None) -> None:
    """Pages of the partnership `slug` and those outside any partnership; every page when None."""
    if slug is None:
        _bump(GLOBAL_VERSION)
    else:
        _bump(partnership_version_key(slug))
        _bump(SITE_VERSION)


# -- Which partnership a changed record belongs to --------------------------------------------

_paths: dict[type, list[tuple[str, ...]]] = {}


def _paths_to_partnership(model) -> list[tuple[str, ...]]:
    """The chains of foreign keys from `model` to the partnership, shortest first (worked out
    once per model from its _meta)."""
    if model not in _paths:
        paths, queue = [], deque([(model, ())])
        while queue:
            current, path = queue.popleft()
            if len(path) >= MAX_DEPTH:
                continue
            for field in current._meta.get_fields():
                if not (field.concrete and field.is_relation and (field.many_to_one or field.one_to_one)):
                    continue
                target = field.related_model
                if target._meta.label_lower == PARTNERSHIP_MODEL:
                    paths.append((*path, field.name))
                elif target._meta.app_label in GOVERNANCE_APPS:
                    queue.append((target, (*path, field.name)))
        _paths[model] = paths
    return _paths[model]


def partnership_slug(instance) -> str | None:
    """The slug of the partnership `instance` belongs to, or None when it cannot be told."""
    if type(instance)._meta.label_lower == PARTNERSHIP_MODEL:
        return None  # its own address may have changed: every page
    for path in _paths_to_partnership(type(instance)):
        current = instance
        try:
            for name in path:
                current = getattr(current, name)
                if current is None:
                    break
        except ObjectDoesNotExist:  # a parent deleted in the same cascade
            continue
        if current is not None:
            return current.slug
    return None


def _is_history(model) -> bool:
    return getattr(model, "instance_type", None) is not None  # django-simple-history's rows


def _on_change(sender, instance, **kwargs) -> None:
    if not enabled() or kwargs.get("action", "post").startswith("pre"):
        return
    model = type(instance)
    slug = partnership_slug(instance) if model._meta.app_label in GOVERNANCE_APPS else None
    transaction.on_commit(lambda: invalidate(slug))


def connect_signals() -> None:
    for model in apps.get_models():
        if model._meta.app_label in GOVERNANCE_APPS and not _is_history(model):
            post_save.connect(_on_change, sender=model, weak=False)
            post_delete.connect(_on_change, sender=model, weak=False)
    for model in apps.get_models(include_auto_created=True):
        if model._meta.auto_created and model._meta.app_label in GOVERNANCE_APPS:
            m2m_changed.connect(_on_change, sender=model, weak=False)


class AnonymousPageCacheMiddleware:
    """Innermost middleware: the security headers, CSP and the rest are still added around it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = _cache_key(request) if _eligible(request) else None
        if key is None:
            return self.get_response(request)
        version_keys = _version_keys(request)
        found = cache.get_many([*version_keys, key])  # one round trip to the cache
        versions = _current_versions(version_keys, found)
        cached = found.get(key)
        if cached is not None and cached[0] == versions:
            return _replay(request, *cached[1:])
        response = self.get_response(request)
        if response.status_code == 200 and not response.streaming and not response.cookies:
            # Stored with the versions it was rendered under: any change since makes it a miss.
            headers = {name: response[name] for name in STORED_HEADERS if response.has_header(name)}
            cache.set(key, (versions, response.content, headers), settings.PAGE_CACHE_SECONDS)
        return response


def _replay(request, content: bytes, headers: dict) -> HttpResponse:
    response = HttpResponse(content, headers=headers)
    response["X-Page-Cache"] = "hit"
    patch_vary_headers(response, ("Cookie",))  # as rendered: a signed-in visitor sees another page
    last_modified = parse_http_date_safe(headers["Last-Modified"]) if "Last-Modified" in headers else None
    return get_conditional_response(request, etag=headers.get("ETag"), last_modified=last_modified, response=response)
