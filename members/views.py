"""The register of members: officers keep it under /manage/<partnership>/register/; members sign
the Nolan undertaking and keep their interests; the public reads the membership and each
member's page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from boards.models import Body, Partnership
from core.history import history_page
from core.views import attempt, form_page, page_numbers

from . import register, services, spreadsheet
from .access import get_member_for_user, get_membership_for_officer, get_partnership_for_officer, get_person_for_officer
from .forms import (
    DeputyForm,
    EndMembershipForm,
    InterestForm,
    MembershipCorrectionForm,
    MembershipForm,
    OrganisationForm,
    PersonForm,
    RegisterUploadForm,
    UndertakingForm,
    WithdrawMembershipForm,
)
from .models import (
    NOLAN_PRINCIPLES,
    Deputy,
    InterestEntry,
    Membership,
    NolanUndertaking,
    Organisation,
    Person,
    RegisterImport,
    not_ended_q,
)

SEATS_PER_PAGE = 50
PEOPLE_PER_PAGE = 50


def _register_url(partnership: Partnership) -> str:
    return reverse("members:register", args=[partnership.slug])


# -- The officers' register -----------------------------------------------------------------------


def register_home(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = get_partnership_for_officer(request, slug)
    people = Paginator(Person.objects.in_partnership(partnership), PEOPLE_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "partnership": partnership,
        "organisations": Organisation.objects.filter(partnership=partnership)
        .prefetch_related(Prefetch("deputies", queryset=Deputy.objects.select_related("person", "body")))
        .order_by("name"),
        "people": people,
        "page_numbers": page_numbers(people),
        "statuses": register.member_statuses(partnership),
    }
    return render(request, "members/manage/register.html", context)


def organisation_edit(request: HttpRequest, slug: str, pk: int | None = None) -> HttpResponse:
    partnership = get_partnership_for_officer(request, slug)
    organisation = get_object_or_404(Organisation, pk=pk, partnership=partnership) if pk else None
    heading = organisation.name if organisation else "Add an organisation"  # as saved, not as typed
    form = OrganisationForm(request.POST or None, instance=organisation, partnership=partnership)
    if (
        request.method == "POST"
        and form.is_valid()
        and attempt(
            form,
            lambda: services.organisation_save(
                organisation=form.instance, by=request.user, loaded_version=form.loaded_version()
            ),
        )
    ):
        messages.success(request, f"{form.instance.name} saved.")
        return redirect(_register_url(partnership))
    deputies = (
        organisation.deputies.select_related("person", "body").order_by("body__name", "person__family_name")
        if organisation
        else []
    )
    context = {
        "form": form,
        "title": heading,
        "partnership": partnership,
        "back_url": _register_url(partnership),
        "caption": "Register",
        "organisation": organisation,
        "deputies": deputies,
    }
    return render(request, "members/manage/organisation.html", context)


def deputy_add(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership = get_partnership_for_officer(request, slug)
    organisation = get_object_or_404(Organisation, pk=pk, partnership=partnership)
    form = DeputyForm(request.POST or None, partnership=partnership)
    if (
        request.method == "POST"
        and form.is_valid()
        and attempt(form, lambda: services.deputy_add(organisation=organisation, by=request.user, **form.cleaned_data))
    ):
        messages.success(request, "Deputy named.")
        return redirect(_register_url(partnership))
    return form_page(
        request,
        form,
        title=f"Name a deputy for {organisation.name}",
        partnership=partnership,
        back_url=_register_url(partnership),
        caption="Register",
    )


def person_edit(request: HttpRequest, slug: str, pk: int | None = None) -> HttpResponse:
    if pk:
        partnership, person = get_person_for_officer(request, slug, pk)
    else:
        partnership, person = get_partnership_for_officer(request, slug), None
    heading = person.full_name if person else "Add a person"  # as saved, not as typed
    form = PersonForm(request.POST or None, instance=person, partnership=partnership)
    if (
        request.method == "POST"
        and form.is_valid()
        and attempt(
            form,
            lambda: services.person_save(person=form.instance, by=request.user, loaded_version=form.loaded_version()),
        )
    ):
        messages.success(request, f"{form.instance.full_name} saved.")
        return redirect("members:person", slug=partnership.slug, pk=form.instance.pk)
    return form_page(
        request,
        form,
        title=heading,
        partnership=partnership,
        back_url=_register_url(partnership),
        caption="Register",
        intro="Contact details stay private: they are never shown to the public.",
    )


def person_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership, person = get_person_for_officer(request, slug, pk)
    memberships = person.memberships.filter(body__partnership=partnership).select_related("body", "organisation")
    return render(
        request,
        "members/manage/person.html",
        {
            "partnership": partnership,
            "person": person,
            "memberships": memberships.order_by("starts_on"),
            "undertakings": person.undertakings.filter(partnership=partnership),
            "interests": person.interests.filter(partnership=partnership),
            "deputy_for": person.deputy_for.filter(body__partnership=partnership)
            .select_related("organisation", "body")
            .order_by("body__name", "organisation__name"),
        },
    )


def membership_add(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership, person = get_person_for_officer(request, slug, pk)
    form = MembershipForm(
        request.POST or None, partnership=partnership, person=person, initial={"starts_on": timezone.localdate()}
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and attempt(form, lambda: services.membership_save(membership=form.instance, by=request.user))
    ):
        messages.success(request, "Membership saved.")
        return redirect("members:person", slug=partnership.slug, pk=person.pk)
    return form_page(
        request,
        form,
        title=f"Add a membership for {person.full_name}",
        partnership=partnership,
        back_url=reverse("members:person", args=[partnership.slug, person.pk]),
        caption="Register",
    )


def membership_end(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership = get_partnership_for_officer(request, slug)
    membership = get_object_or_404(Membership, pk=pk, body__partnership=partnership)
    form = EndMembershipForm(request.POST or None, initial={"ends_on": timezone.localdate()})
    if (
        request.method == "POST"
        and form.is_valid()
        and attempt(form, lambda: services.membership_end(membership=membership, by=request.user, **form.cleaned_data))
    ):
        messages.success(request, "Membership ended. The person keeps their history.")
        return redirect("members:person", slug=partnership.slug, pk=membership.person_id)
    return form_page(
        request,
        form,
        title=f"End {membership}",
        partnership=partnership,
        back_url=reverse("members:person", args=[partnership.slug, membership.person_id]),
        caption="Register",
    )


def membership_correct(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Correct a seat recorded wrongly (dates, role, organisation, job title), with the reason."""
    partnership, membership = get_membership_for_officer(request, slug, pk)
    form = MembershipCorrectionForm(request.POST or None, instance=membership, partnership=partnership)
    if request.method == "POST" and form.is_valid():
        values = {k: v for k, v in form.cleaned_data.items() if k not in ("version", "reason")}
        saved = attempt(
            form,
            lambda: services.membership_correct(
                membership=membership,
                reason=form.cleaned_data["reason"],
                by=request.user,
                loaded_version=form.loaded_version(),
                **values,
            ),
        )
        if saved:
            messages.success(request, "Membership corrected. The reason is recorded in the history.")
            return redirect("members:person_history", slug=partnership.slug, pk=membership.person_id)
    return form_page(
        request,
        form,
        title=f"Correct the membership: {membership.get_role_display()}, {membership.body.name}",
        partnership=partnership,
        back_url=reverse("members:person", args=[partnership.slug, membership.person_id]),
        caption=membership.person.full_name,
    )


def membership_withdraw(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Withdraw a seat recorded in error, with the reason (its history keeps it)."""
    partnership, membership = get_membership_for_officer(request, slug, pk)
    form = WithdrawMembershipForm(request.POST or None, membership=membership)
    if request.method == "POST" and form.is_valid():
        saved = attempt(
            form,
            lambda: services.membership_withdraw(
                membership=membership,
                reason=form.cleaned_data["reason"],
                by=request.user,
                loaded_version=form.cleaned_data["version"],
            ),
            field="reason",
        )
        if saved:
            messages.success(request, "Membership withdrawn. The reason is recorded in the history.")
            return redirect("members:person", slug=partnership.slug, pk=membership.person_id)
    return form_page(
        request,
        form,
        title=f"Withdraw the membership: {membership.get_role_display()}, {membership.body.name}",
        partnership=partnership,
        back_url=reverse("members:person", args=[partnership.slug, membership.person_id]),
        caption=membership.person.full_name,
        intro="Withdraw a membership recorded in error. A member who stood down keeps their membership, "
        "ended: end it instead.",
    )


def person_history(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Every change to a person's entry in the register: details, memberships, undertakings and
    interests, with who, when and why."""
    partnership, person = get_person_for_officer(request, slug, pk)
    page = history_page(
        Person.history.filter(id=person.pk).select_related("history_user"),
        Membership.history.filter(person_id=person.pk).select_related("history_user"),
        NolanUndertaking.history.filter(person_id=person.pk, partnership_id=partnership.pk).select_related(
            "history_user"
        ),
        InterestEntry.history.filter(person_id=person.pk, partnership_id=partnership.pk).select_related("history_user"),
        number=request.GET.get("page"),
    )
    context = {
        "partnership": partnership,
        "title": "History of changes",
        "caption": person.full_name,
        "intro": "Every change to this person's entry in the register: details, memberships, undertakings and "
        "interests, with who made it, when and why.",
        "back_url": reverse("members:person", args=[partnership.slug, person.pk]),
        "entries": page,
        "page": page,
        "page_numbers": page_numbers(page),
    }
    return render(request, "record_history.html", context)


@require_POST
def undertaking_remind(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership, person = get_person_for_officer(request, slug, pk)
    if services.undertaking_remind(person=person, partnership=partnership, by=request.user):
        messages.success(request, f"Reminder sent to {person.full_name}.")
    else:
        messages.error(request, f"{person.full_name} has no email address in the register.")
    return redirect(_register_url(partnership) + "#undertakings")


# -- The register from a spreadsheet, and back ------------------------------------------------------

SPREADSHEET_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _spreadsheet_response(request: HttpRequest, table: list[list[str]], name: str) -> HttpResponse:
    """The table as `?format=xlsx` (the default) or `?format=csv`."""
    fmt = request.GET.get("format", "xlsx")
    if fmt not in SPREADSHEET_TYPES:
        raise Http404("No such format")
    data = spreadsheet.to_csv(table) if fmt == "csv" else spreadsheet.to_xlsx(table)
    response = HttpResponse(data, content_type=SPREADSHEET_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    response["Cache-Control"] = "private, no-store"
    return response


def register_import(request: HttpRequest, slug: str) -> HttpResponse:
    """Upload the register as a spreadsheet: read, checked and kept for the preview; nothing is
    written to the register until the officer confirms."""
    partnership = get_partnership_for_officer(request, slug)
    form = RegisterUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["upload"]
        try:
            pending = spreadsheet.upload(
                partnership,
                by=request.user,
                file_name=upload.name,
                data=upload.read(spreadsheet.MAX_UPLOAD_BYTES + 1),
            )
        except spreadsheet.UploadRefused as refused:
            form.add_error("upload", str(refused))
        else:
            return redirect("members:register_import_preview", slug=partnership.slug, pk=pending.pk)
    context = {
        "form": form,
        "title": "Import the register from a spreadsheet",
        "caption": "Register",
        "partnership": partnership,
        "back_url": _register_url(partnership),
        "columns": spreadsheet.COLUMNS,
        "max_rows": spreadsheet.MAX_ROWS,
        "multipart": True,
    }
    return render(request, "members/manage/register_import.html", context)


def register_import_preview(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Every row that will be created or changed, and every row in error with its reason; the
    officer's POST confirms it (all or none). Only the officer who uploaded it, within a day."""
    partnership = get_partnership_for_officer(request, slug)
    pending = get_object_or_404(RegisterImport, pk=pk, partnership=partnership, uploaded_by=request.user)
    if pending.confirmed_at is not None:
        messages.info(request, f"{pending.file_name} is imported already: nothing more was changed.")
        return redirect(_register_url(partnership))
    if not RegisterImport.objects.open_for(partnership, request.user).filter(pk=pending.pk).exists():
        messages.error(request, "This upload has expired: upload the file again.")
        return redirect("members:register_import", slug=partnership.slug)
    if request.method == "POST":
        try:
            outcome = spreadsheet.confirm(pending, by=request.user)
        except spreadsheet.PreviewOutdated as outdated:
            messages.error(
                request,
                "The register has changed since this preview, so importing now would do something else: nothing "
                "was imported. Check the preview below, worked out again, and confirm it if it is right.",
            )
            outcome = outdated.args[0]
            return render(request, "members/manage/register_import_preview.html", _preview_context(pending, outcome))
        if outcome is None:
            messages.info(request, f"{pending.file_name} is imported already: nothing more was changed.")
            return redirect(_register_url(partnership))
        if not outcome.errors:
            messages.success(
                request,
                f"Imported from {pending.file_name}: {len(outcome.changes)} rows added or changed, "
                f"{outcome.unchanged} unchanged.",
            )
            return redirect(_register_url(partnership))
        messages.error(
            request, "The register changed since the preview and some rows are now refused: nothing was imported."
        )
    else:
        if pending.rows and not pending.preview:  # uploaded before previews were kept
            outcome = spreadsheet.preview_rows(partnership, pending.rows, by=request.user, file_name=pending.file_name)
            pending.preview = spreadsheet.outcome_rows(outcome)
            pending.save(update_fields=["preview"])
        outcome = spreadsheet.outcome_from(pending.preview)
    return render(request, "members/manage/register_import_preview.html", _preview_context(pending, outcome))


def _preview_context(pending: RegisterImport, outcome) -> dict:
    partnership = pending.partnership
    return {
        "partnership": partnership,
        "pending": pending,
        "outcome": outcome,
        "title": f"Check the import of {pending.file_name}",
        "caption": "Register",
        "back_url": reverse("members:register_import", args=[partnership.slug]),
    }


def register_template(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = get_partnership_for_officer(request, slug)
    return _spreadsheet_response(request, spreadsheet.template_table(partnership), "register-template")


def register_export(request: HttpRequest, slug: str) -> HttpResponse:
    """The register in the import's layout, with contact details: its officers only."""
    partnership = get_partnership_for_officer(request, slug)
    return _spreadsheet_response(request, spreadsheet.export_rows(partnership), f"{partnership.slug}-register")


# -- Members: the undertaking and their own interests --------------------------------------------


def undertaking_sign(request: HttpRequest, slug: str) -> HttpResponse:
    partnership, person = get_member_for_user(request, slug)
    form = UndertakingForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and attempt(
            form,
            lambda: services.undertaking_sign(
                person=person, partnership=partnership, acknowledged=form.cleaned_data["acknowledged"], by=request.user
            ),
        )
    ):
        messages.success(request, "Thank you: your undertaking is signed and recorded.")
        return redirect("members:interests", slug=partnership.slug)
    last = NolanUndertaking.objects.filter(person=person, partnership=partnership).first()
    intro = services.UNDERTAKING_PREAMBLE.format(partnership=partnership.name)
    if last:
        intro = f"You last signed on {last.signed_on:%-d %B %Y}. The undertaking is renewed every year. " + intro
    return form_page(
        request,
        form,
        title="The Nolan undertaking",
        partnership=partnership,
        back_url=reverse("manage:dashboard"),
        caption=partnership.name,
        intro=intro,
    )


def interests(request: HttpRequest, slug: str) -> HttpResponse:
    partnership, person = get_member_for_user(request, slug)
    statuses = register.member_statuses(partnership, person=person)
    return render(
        request,
        "members/manage/interests.html",
        {
            "partnership": partnership,
            "person": person,
            "entries": person.interests.filter(partnership=partnership).order_by("category", "registered_on"),
            "status": statuses[0] if statuses else None,
        },
    )


def interest_edit(request: HttpRequest, slug: str, pk: int | None = None) -> HttpResponse:
    partnership, person = get_member_for_user(request, slug)
    entry = get_object_or_404(InterestEntry, pk=pk, person=person, partnership=partnership) if pk else None
    form = InterestForm(
        request.POST or None,
        instance=entry,
        person=person,
        partnership=partnership,
        # A new interest is held from today unless the member says otherwise; an edited one keeps
        # its own "held since" (an initial value would overwrite the instance's).
        initial=None if entry else {"registered_on": timezone.localdate()},
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and attempt(
            form,
            lambda: services.interest_save(entry=form.instance, by=request.user, loaded_version=form.loaded_version()),
        )
    ):
        messages.success(request, "Your register of interests is updated.")
        return redirect("members:interests", slug=partnership.slug)
    return form_page(
        request,
        form,
        title="Edit an interest" if entry else "Register an interest",
        partnership=partnership,
        back_url=reverse("members:interests", args=[partnership.slug]),
        caption="Your register of interests",
    )


@require_POST
def register_confirm(request: HttpRequest, slug: str) -> HttpResponse:
    partnership, person = get_member_for_user(request, slug)
    services.register_confirm(person=person, partnership=partnership, by=request.user)
    messages.success(request, "Thank you: your register is confirmed complete and up to date.")
    return redirect("members:interests", slug=partnership.slug)


# -- Public ---------------------------------------------------------------------------------------


@login_not_required
def public_membership(request: HttpRequest, slug: str) -> HttpResponse:
    """The partnership's bodies, each with how many serve on it (or are appointed to) and a link
    to its members."""
    partnership = get_object_or_404(Partnership, slug=slug)
    not_ended = not_ended_q(timezone.localdate(), "memberships__")
    bodies = (
        Body.objects.public()
        .filter(partnership=partnership)
        .annotate(member_count=Count("memberships", filter=not_ended))
        .order_by("kind", "name")
    )
    return render(request, "members/public/membership.html", {"partnership": partnership, "bodies": bodies})


@login_not_required
def public_nolan(request: HttpRequest, slug: str) -> HttpResponse:
    """The seven principles of public life, the undertaking the partnership's members sign, and
    who has signed it and when, fifty to a page."""
    partnership = get_object_or_404(Partnership, slug=slug)
    page = Paginator(register.public_signatories(partnership), SEATS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "partnership": partnership,
        "principles": NOLAN_PRINCIPLES,
        "undertaking": services.undertaking_preamble(partnership),
        "page": page,
        "page_numbers": page_numbers(page),
    }
    return render(request, "members/public/nolan.html", context)


@login_not_required
def public_body_membership(request: HttpRequest, slug: str, body: str) -> HttpResponse:
    """Who serves on one body now, and who is appointed to start later, fifty to a page."""
    body = get_object_or_404(Body.objects.public().select_related("partnership"), partnership__slug=slug, slug=body)
    seats = Membership.objects.public().not_ended().filter(body=body).by_name()
    page = Paginator(seats, SEATS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "members/public/body_membership.html",
        {"partnership": body.partnership, "body": body, "page": page, "page_numbers": page_numbers(page)},
    )
