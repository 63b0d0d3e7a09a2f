"""Links for long lists: Django's reverse() costs tens of microseconds a call, which adds up to a
large part of a page listing fifty meetings or members. Here the address is reversed once per
process with a marker in place of its last part, and each link fills the marker in."""

from functools import lru_cache

from django.urls import get_script_prefix, get_urlconf, reverse

MARKER = "0-link-0"  # a valid slug and str path part


def reverse_last(name: str, last: str, value: str, **kwargs: str) -> str:
    """`reverse(name, kwargs={**kwargs, last: value})` for a `last` part that ends the address and
    is a slug or an ISO date (nothing to quote)."""
    prefix, suffix = _split(get_urlconf(), get_script_prefix(), name, last, tuple(sorted(kwargs.items())))
    return f"{prefix}{value}{suffix}"


@lru_cache(maxsize=4096)
def _split(urlconf, script_prefix: str, name: str, last: str, fixed: tuple) -> tuple[str, str]:
    url = reverse(name, urlconf=urlconf, kwargs={**dict(fixed), last: MARKER})
    prefix, suffix = url.rsplit(MARKER, 1)
    return prefix, suffix
