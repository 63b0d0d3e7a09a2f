"""Paste a whole set of minutes (issue 15 §4): the text and the meeting's date on one page; the
structured record it reads as on the next, with who each person is; nothing saved until the
officer confirms. The confirmed minutes open on the ordinary minutes page, to edit and publish."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from core.views import attempt, form_page
from meetings import services
from meetings.forms.paste_minutes import PasteChoicesForm, PasteMinutesForm
from meetings.models import PastedMinutes
from meetings.services.paste_minutes import (
    match_people,
    owner_of,
    parse_minutes,
    pasted_minutes_confirm,
    pasted_minutes_keep,
    pasted_minutes_parse,
)
from members.access import get_partnership_for_officer
from members.models import Person


def paste_minutes(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = get_partnership_for_officer(request, slug)
    form = PasteMinutesForm(request.POST or None, partnership=partnership)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        parsed = parse_minutes(data["text"], held_on=data["date"])
        if parsed.problems:
            for problem in parsed.problems:
                form.add_error("text", problem)
        elif attempt(form, lambda: services.check_body_free(data["body_choice"], data["date"]), field="date"):
            starts_at = services.london(data["date"], data["start_time"])
            draft = pasted_minutes_keep(
                partnership=partnership,
                officer=request.user,
                body=data["body_choice"],
                starts_at=starts_at,
                ends_at=starts_at + data["duration"],
                venue=data["venue"],
                text=data["text"],
            )
            return redirect("manage:paste_minutes_preview", slug=partnership.slug, pk=draft.pk)
    return form_page(
        request,
        form,
        title="Paste a set of minutes",
        partnership=partnership,
        back_url=reverse("manage:meetings", args=[partnership.slug]),
        caption=partnership.name,
        intro="For a meeting that has already taken place, whose minutes were written in a word processor. "
        "The next page shows what was read from them, to check before anything is saved.",
    )


def paste_minutes_preview(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership = get_partnership_for_officer(request, slug)
    draft = get_object_or_404(
        PastedMinutes.objects.live().select_related("body", "meeting"),
        pk=pk,
        partnership=partnership,
        officer=request.user,
    )
    if draft.meeting_id:
        messages.info(request, "These minutes have already been recorded: here they are.")
        return redirect("manage:minutes", pk=draft.meeting_id)
    parsed = pasted_minutes_parse(draft)
    matches = match_people(parsed, partnership, draft.body)
    people = Person.objects.in_partnership(partnership)
    form = PasteChoicesForm(request.POST or None, matches=matches, people=people)
    if request.method == "POST" and form.is_valid():
        saved = attempt(form, lambda: pasted_minutes_confirm(draft=draft, choices=form.choices(), by=request.user))
        if saved:
            messages.success(
                request,
                "Minutes recorded from the pasted text. Check and edit them here, then publish them.",
            )
            return redirect("manage:minutes", pk=saved.result.pk)
    owners = {}
    for item in parsed.items:
        for action in item.actions:
            index = owner_of(action.owner, parsed.attendees)
            owners[id(action)] = parsed.attendees[index].name if index is not None else ""
    return render(
        request,
        "meetings/manage/paste_preview.html",
        {
            "partnership": partnership,
            "draft": draft,
            "parsed": parsed,
            "form": form,
            "items": [
                (item, [(action, owners.get(id(action), "")) for action in item.actions]) for item in parsed.items
            ],
            "starts_at": timezone.localtime(draft.starts_at),
        },
    )
