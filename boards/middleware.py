"""A partnership's old address keeps working: the one place an old slug is honoured."""

from django.http import HttpResponsePermanentRedirect
from django.urls import NoReverseMatch, Resolver404, resolve, reverse

from .models import Partnership, PartnershipSlugRedirect


def partnership_redirect(path: str, query: str = "") -> str | None:
    """Where a request for `path` belongs when it names a partnership by an address it no longer
    has: the same page under the partnership's address now; None when it names no old address
    (a current address always wins over an old one)."""
    try:
        match = resolve(path)
    except Resolver404:
        return None
    slug = match.kwargs.get("slug")
    if not slug or Partnership.objects.filter(slug=slug).exists():
        return None
    moved = PartnershipSlugRedirect.objects.filter(old_slug=slug).select_related("partnership").first()
    if moved is None:
        return None
    try:
        url = reverse(match.view_name, kwargs={**match.kwargs, "slug": moved.partnership.slug})
    except NoReverseMatch:
        return None
    return f"{url}?{query}" if query else url


class OldSlugRedirectMiddleware:
    """A page that is not found because it names a partnership's old address answers 301 to the
    same page at the new one, for the public pages and the staff pages alike."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 404 and request.method in ("GET", "HEAD"):
            target = partnership_redirect(request.path_info, request.META.get("QUERY_STRING", ""))
            if target is not None:
                return HttpResponsePermanentRedirect(target)
        return response
