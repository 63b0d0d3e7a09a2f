"""Project-wide request rules: the client's address behind a trusted proxy, the HTTP methods the
site answers, and private pages that no browser or proxy may store."""

import ipaddress

from django.conf import settings
from django.core.exceptions import TooManyFieldsSent
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.utils.cache import add_never_cache_headers

ALLOWED_METHODS = ("GET", "HEAD", "OPTIONS", "POST")
# Pages for the signed-in: the dashboard and every staff page, signing in and out, the admin.
STAFF_PREFIXES = ("/manage/", "/sign-in/", "/sign-out/", "/admin/")


def client_address(request: HttpRequest) -> str | None:
    """The address a request came from, for the sign-in lockout (`AXES_CLIENT_IP_CALLABLE`).

    With `TRUSTED_PROXY_COUNT` at 0 the connection's own address, whatever X-Forwarded-For
    says (anyone can send that header). Behind N trusted proxies, each appends the address it
    was reached from, so the client's is the Nth from the right: entries further left were sent
    by the client and are not believed.
    """
    remote = request.META.get("REMOTE_ADDR")
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if proxies <= 0 or not forwarded:
        return remote
    candidate = forwarded[-proxies] if len(forwarded) >= proxies else forwarded[0]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote


class HttpMethodsMiddleware:
    """OPTIONS is answered with the methods allowed and no body; TRACE and every method no view
    uses are refused (405), so no page is ever returned to them. A query string with more fields
    than Django reads (`DATA_UPLOAD_MAX_NUMBER_FIELDS`) is refused here, plainly, before anything
    (the debug error page among them) tries to read it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            request.GET  # noqa: B018 - parsed now, so a flood is refused here
        except TooManyFieldsSent:
            return HttpResponseBadRequest("Too many fields in the address.", content_type="text/plain")
        if request.method == "OPTIONS":
            response = HttpResponse(status=200)
        elif request.method not in ALLOWED_METHODS:
            response = HttpResponse(status=405)
        else:
            return self.get_response(request)
        response["Allow"] = ", ".join(ALLOWED_METHODS)
        response["Content-Length"] = "0"
        return response


class PrivatePagesMiddleware:
    """Staff pages, signing in, and every response to a signed-in user: `Cache-Control: private,
    no-store` (with Django's never-cache headers), so no browser history or shared proxy keeps a
    copy. Public pages for anonymous visitors keep their own caching."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if request.path.startswith(STAFF_PREFIXES) or (user is not None and user.is_authenticated):
            add_never_cache_headers(response)
        return response
