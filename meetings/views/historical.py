"""Past minutes brought over as the approved record: one meeting, a ZIP in bulk (upload, preview,
confirm), the button that publishes a brought-over meeting's typed minutes as approved, and the
public download of a document brought over."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from core.views import attempt, form_page, run_action
from meetings import services
from meetings.access import get_minutes_for_officer
from meetings.forms.historical import HistoricalRecordForm, MinutesArchiveForm
from meetings.models import MinutesArchiveUpload, PastMinutes
from meetings.views.public import get_public_meeting
from members.access import get_partnership_for_officer

PUBLISHED = "Published as approved minutes, marked with the date they were added to this site."


def historical_new(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = get_partnership_for_officer(request, slug)
    posted = request.method == "POST"  # bound even when the browser sent no field the parser kept
    form = HistoricalRecordForm(
        request.POST if posted else None, request.FILES if posted else None, partnership=partnership
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        saved = attempt(
            form,
            lambda: services.historical_record_create(
                body=data["body"],
                day=data["date"],
                start_time=data["start_time"],
                venue=data["venue"],
                title=data["title"],
                upload=data["minutes_file"],
                text=data["minutes_text"],
                by=request.user,
            ),
        )
        if saved:
            messages.success(
                request, "Published as approved minutes, marked with the date they were added to this site."
            )
            return redirect(saved.result.get_absolute_url())
    return form_page(
        request,
        form,
        title="Add the approved minutes of a past meeting",
        partnership=partnership,
        back_url=reverse("manage:meetings", args=[partnership.slug]),
        caption=partnership.name,
        multipart=True,
        intro="For a meeting held before the partnership used this site, whose minutes were approved then. "
        "They are published at once as approved minutes, with no agenda, marked “Added to this site on” today's date. "
        "Many at once: upload a ZIP file of minutes instead.",
    )


def historical_bulk(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = get_partnership_for_officer(request, slug)
    posted = request.method == "POST"  # bound even when the browser sent no field the parser kept
    form = MinutesArchiveForm(request.POST if posted else None, request.FILES if posted else None)
    if request.method == "POST" and form.is_valid():
        saved = attempt(
            form,
            lambda: services.archive_upload(
                partnership=partnership, upload=form.cleaned_data["upload"], by=request.user
            ),
            field="upload",
        )
        if saved:
            return redirect("manage:historical_preview", slug=partnership.slug, pk=saved.result.pk)
    return form_page(
        request,
        form,
        title="Add past minutes from a ZIP file",
        partnership=partnership,
        back_url=reverse("manage:meetings", args=[partnership.slug]),
        caption=partnership.name,
        multipart=True,
        intro="A ZIP file of approved minutes (PDF, DOCX or ODT) and an index, index.csv, with one row a meeting "
        "and the columns date, body, title, file. You see every row before anything is added; "
        "then all are added, or none.",
    )


def historical_preview(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Every row to be created and every row in error; the confirmation works from the archive kept
    on the server, never from what the page posts back."""
    partnership = get_partnership_for_officer(request, slug)
    upload = services.archive_for_officer(partnership, request.user, pk)
    if upload is None:
        done = MinutesArchiveUpload.objects.filter(
            pk=pk, partnership=partnership, uploaded_by=request.user, confirmed_at__isnull=False
        ).exists()
        if not done:
            raise Http404
        # A second confirmation (a double click, a second tab): nothing more is added.
        messages.info(request, "These past minutes are added already: nothing more was added.")
        return redirect("manage:meetings", slug=partnership.slug)
    if request.method == "POST":
        try:
            meetings = services.archive_confirm(upload=upload, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("manage:historical_preview", slug=partnership.slug, pk=upload.pk)
        messages.success(
            request, f"{len(meetings)} past meeting{'s' if len(meetings) != 1 else ''} added with approved minutes."
        )
        return redirect("manage:meetings", slug=partnership.slug)
    preview = services.archive_preview(partnership, bytes(upload.data))
    context = {"partnership": partnership, "upload": upload, "preview": preview}
    return render(request, "meetings/manage/historical_preview.html", context)


@require_POST
def minutes_record_approved(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_minutes_for_officer(request, pk)
    run_action(
        request,
        lambda: services.minutes_record_as_approved(meeting=meeting, by=request.user),
        PUBLISHED,
    )
    return redirect("manage:minutes", pk=meeting.pk)


@login_not_required
def minutes_document(request: HttpRequest, slug: str, body: str, date: str) -> HttpResponse:
    """The approved minutes of a past meeting as the document brought over (public once published)."""
    meeting = get_public_meeting(slug, body, date)
    record = PastMinutes.objects.filter(meeting=meeting).first()
    if not meeting.minutes_are_public or record is None or not record.is_document or not record.file:
        raise Http404
    return FileResponse(
        record.file.open("rb"), content_type=record.content_type, as_attachment=True, filename=record.download_name
    )
