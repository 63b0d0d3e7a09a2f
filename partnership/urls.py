from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import include, path
from django.utils.cache import patch_cache_control

from boards import views as board_views
from core.forms import SignInForm
from dashboard import urls as dashboard_urls
from meetings import urls as meeting_urls
from meetings.views import papers
from members import urls as member_urls

admin.site.site_header = "Partnership governance: system administration"
admin.site.site_title = "Partnership governance admin"


@login_not_required
def healthz(request):
    """A trivial view behind the same middleware: the benchmark's baseline, and a health check."""
    return HttpResponse("ok", content_type="text/plain")


@login_not_required
def favicon(request):
    """Browsers and feed readers ask for /favicon.ico whatever the page says: send them to the
    icon among the static files (hashed, cached for a year there), and let them keep this answer
    for a day."""
    response = HttpResponsePermanentRedirect(static("favicon.ico"))
    patch_cache_control(response, public=True, max_age=60 * 60 * 24)
    return response


def accessibility_statement(request):
    return render(request, "accessibility.html", {"contact": settings.ACCESSIBILITY_CONTACT})


urlpatterns = [
    path("favicon.ico", favicon, name="favicon"),
    path("", board_views.home, name="home"),
    path("healthz", healthz, name="healthz"),
    path(
        "accessibility/",
        login_not_required(accessibility_statement),
        name="accessibility",
    ),
    path("", include("onboarding.urls")),
    # Commissions and members first: their public addresses sit beside the bodies' ones.
    path("", include("commissions.urls")),
    path("", include((member_urls.urlpatterns + meeting_urls.member_urlpatterns, "members"))),
    path("partnerships/", include("meetings.public_urls")),
    # The dashboard and the meetings' staff pages share the `manage` namespace.
    path("manage/", include((dashboard_urls.urlpatterns + meeting_urls.urlpatterns, "manage"))),
    path("papers/<int:pk>/", papers.paper_download, name="paper"),
    path(
        "sign-in/",
        auth_views.LoginView.as_view(template_name="registration/sign_in.html", authentication_form=SignInForm),
        name="login",
    ),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
]
