"""Links reversed once per process. Django's reverse() costs tens of microseconds a call: on a
public page its header, footer and breadcrumbs alone spent more time reversing their links than
the trivial view takes to answer. The parts of these addresses are slugs, dates and numbers, so
a reversed address can be kept for the same name and parts.

- `link(name, *args, **kwargs)`: `reverse()` kept per name and parts (the `{% link %}` tag).
- `reverse_last(name, last, value, **kwargs)`: for long lists, the address reversed once with a
  marker in place of its last part, which each link fills in.

Both key on the URL configuration and script prefix in force, and are emptied when
ROOT_URLCONF changes (as in tests). The project has no instance namespaces, so `current_app` is
not needed."""

from functools import lru_cache

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf, reverse

MARKER = "0-link-0"  # a valid slug and str path part


def link(name: str, *args, **kwargs) -> str:
    return _reverse(
        get_urlconf(), get_script_prefix(), name, tuple(str(a) for a in args), tuple(sorted(kwargs.items()))
    )


def reverse_last(name: str, last: str, value: str, **kwargs: str) -> str:
    """`reverse(name, kwargs={**kwargs, last: value})` for a `last` part that ends the address and
    is a slug or an ISO date (nothing to quote)."""
    prefix, suffix = _split(get_urlconf(), get_script_prefix(), name, last, tuple(sorted(kwargs.items())))
    return f"{prefix}{value}{suffix}"


@lru_cache(maxsize=4096)
def _reverse(urlconf, script_prefix: str, name: str, args: tuple, kwargs: tuple) -> str:
    return reverse(name, urlconf=urlconf, args=args or None, kwargs=dict(kwargs) or None)


@lru_cache(maxsize=4096)
def _split(urlconf, script_prefix: str, name: str, last: str, fixed: tuple) -> tuple[str, str]:
    url = reverse(name, urlconf=urlconf, kwargs={**dict(fixed), last: MARKER})
    prefix, suffix = url.rsplit(MARKER, 1)
    return prefix, suffix


@receiver(setting_changed)
def _forget(*, setting: str, **kwargs) -> None:
    if setting == "ROOT_URLCONF":
        _reverse.cache_clear()
        _split.cache_clear()
