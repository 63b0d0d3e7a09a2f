"""The set-up pages: thin views (access helper, form, service, redirect)."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from boards.models import Body, Partnership, principles_with_aims
from core.views import attempt, form_page
from members.access import get_partnership_for_officer

from . import permissions, services
from .forms import (
    BodyForm,
    DeactivateForm,
    FocusAreasForm,
    InvitationPasswordForm,
    InviteForm,
    PartnershipCreateForm,
    PartnershipSettingsForm,
)
from .models import Invitation


def _site_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/")


def partnership_new(request: HttpRequest) -> HttpResponse:
    permissions.require_platform_administrator(request.user)
    form = PartnershipCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        saved = attempt(
            form,
            lambda: services.partnership_create(**form.cleaned_data, by=request.user, site_url=_site_url(request)),
        )
        if saved:
            partnership, invitation = saved.result
            messages.success(request, f"{partnership.name} created. An invitation was sent to {invitation.email}.")
            return redirect("onboarding:partnership_list")
    return form_page(
        request, form, title="Create a partnership", back_url=reverse("onboarding:partnership_list"), partnership=None
    )


def partnership_list(request: HttpRequest) -> HttpResponse:
    permissions.require_platform_administrator(request.user)
    partnerships = Partnership.objects.order_by("name").prefetch_related("officers")
    return render(request, "onboarding/partnership_list.html", {"partnerships": partnerships})


def settings_home(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = get_partnership_for_officer(request, slug)
    context = {
        "partnership": partnership,
        "bodies": partnership.bodies.exclude(kind=Body.Kind.COMMISSION).order_by("kind", "name"),
        "focus_areas": partnership.focus_areas.order_by("position"),
        "principles": principles_with_aims(partnership),
    }
    return render(request, "onboarding/settings.html", context)


def partnership_edit(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = get_partnership_for_officer(request, slug)
    form = PartnershipSettingsForm(request.POST or None, instance=partnership)
    if request.method == "POST" and form.is_valid():
        saved = attempt(
            form,
            lambda: services.partnership_update(
                partnership=form.instance, by=request.user, loaded_version=form.loaded_version()
            ),
        )
        if saved:
            messages.success(request, "Settings saved.")
            return redirect("onboarding:settings", slug=saved.result.slug)
    partnership.refresh_from_db()
    return form_page(
        request,
        form,
        title="Name, address and house style",
        back_url=reverse("onboarding:settings", kwargs={"slug": partnership.slug}),
        partnership=partnership,
    )


def focus_areas_edit(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = get_partnership_for_officer(request, slug)
    initial = {
        "focus_areas": "\n".join(partnership.focus_areas.order_by("position").values_list("name", flat=True)),
        "principles": "\n\n".join(
            "\n".join([p.title, *(f"- {aim}" for aim in p.aims)]) for p in principles_with_aims(partnership)
        ),
    }
    form = FocusAreasForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = attempt(
            form,
            lambda: services.focus_areas_and_principles_save(
                partnership=partnership,
                focus_areas=form.cleaned_data["focus_areas"],
                principles=form.cleaned_data["principles"],
                by=request.user,
            ),
        )
        if saved:
            messages.success(request, "Focus areas and principles saved.")
            return redirect("onboarding:settings", slug=partnership.slug)
    return form_page(
        request,
        form,
        title="Focus areas and principles",
        back_url=reverse("onboarding:settings", kwargs={"slug": partnership.slug}),
        partnership=partnership,
    )


def body_edit(request: HttpRequest, slug: str, pk: int | None = None) -> HttpResponse:
    partnership = get_partnership_for_officer(request, slug)
    body = None
    if pk is not None:
        body = get_object_or_404(Body.objects.exclude(kind=Body.Kind.COMMISSION), pk=pk, partnership=partnership)
    form = BodyForm(request.POST or None, instance=body, partnership=partnership)
    if request.method == "POST" and form.is_valid():
        saved = attempt(
            form,
            lambda: services.body_save(body=form.instance, by=request.user, loaded_version=form.loaded_version()),
        )
        if saved:
            messages.success(request, f"{saved.result.name} saved.")
            return redirect("onboarding:settings", slug=partnership.slug)
    return form_page(
        request,
        form,
        title=f"{body.name}: settings" if body else "Add a body",
        back_url=reverse("onboarding:settings", kwargs={"slug": partnership.slug}),
        partnership=partnership,
    )


def people(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = get_partnership_for_officer(request, slug)
    accounts = list(services.account_users(partnership))
    officer_ids = set(partnership.officers.values_list("pk", flat=True))
    invitations = partnership.invitations.select_related("person")
    context = {
        "partnership": partnership,
        "accounts": accounts,
        "officer_ids": officer_ids,
        "invitations": invitations[:50],
    }
    return render(request, "onboarding/people.html", context)


def invite(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = get_partnership_for_officer(request, slug)
    form = InviteForm(request.POST or None, partnership=partnership)
    if request.method == "POST" and form.is_valid():
        saved = attempt(
            form,
            lambda: services.invitation_send(
                partnership=partnership, by=request.user, site_url=_site_url(request), **form.cleaned_data
            ),
        )
        if saved:
            messages.success(request, f"Invitation sent to {saved.result.email}.")
            return redirect("onboarding:people", slug=partnership.slug)
    return form_page(
        request,
        form,
        title="Invite someone",
        back_url=reverse("onboarding:people", kwargs={"slug": partnership.slug}),
        partnership=partnership,
    )


def deactivate(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership = get_partnership_for_officer(request, slug)
    user = get_object_or_404(services.account_users(partnership), pk=pk)
    form = DeactivateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        saved = attempt(
            form,
            lambda: services.account_deactivate(
                partnership=partnership, user=user, reason=form.cleaned_data["reason"], by=request.user
            ),
        )
        if saved:
            messages.success(request, f"The account {user.get_username()} was deactivated. It was not deleted.")
            return redirect("onboarding:people", slug=partnership.slug)
    return form_page(
        request,
        form,
        title=f"Deactivate the account {user.get_username()}",
        warning="They will no longer be able to sign in. The account and its history are kept.",
        back_url=reverse("onboarding:people", kwargs={"slug": partnership.slug}),
        partnership=partnership,
    )


@login_not_required
@never_cache
@sensitive_post_parameters("new_password1", "new_password2")
def accept(request: HttpRequest, pk: int, token: str) -> HttpResponse:
    invitation = Invitation.objects.select_related("user", "partnership").filter(pk=pk).first()
    if invitation is None or not services.invitation_check(invitation, token):
        return render(request, "onboarding/invitation_invalid.html", status=404)
    form = InvitationPasswordForm(invitation.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        saved = attempt(
            form,
            lambda: services.invitation_accept(
                invitation=invitation, token=token, password=form.cleaned_data["new_password1"]
            ),
        )
        if saved:
            login(request, saved.result, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, f"Welcome to {invitation.partnership.name}. Your password is set.")
            if invitation.role == Invitation.Role.OFFICER:
                return redirect("onboarding:settings", slug=invitation.partnership.slug)
            return redirect("manage:dashboard")
    return form_page(
        request,
        form,
        title="Set your password",
        intro=f"You have been invited to {invitation.partnership.name} as "
        f"{invitation.get_role_display().lower()}. Your username is {invitation.user.get_username()}.",
        back_url=reverse("home"),
        partnership=invitation.partnership,
    )
