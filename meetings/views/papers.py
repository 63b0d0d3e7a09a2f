"""Papers: attaching, removing and downloading them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods

from core.views import attempt, confirm_page, form_page, run_action
from meetings import services
from meetings.access import get_item_for_officer, get_paper_for_officer, get_paper_for_user
from meetings.forms.agenda import (
    PaperForm,
)
from meetings.views.corrections import locked_agenda
from meetings.views.schedule import meeting_url


def paper_new(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_item_for_officer(request, pk)
    if locked := locked_agenda(request, item.meeting, title=f"Attach a paper to item {item.position}"):
        return locked
    form = PaperForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        saved = attempt(
            form,
            lambda: services.report_file_attach(
                item=item, title=form.cleaned_data["title"], upload=form.cleaned_data["upload"], by=request.user
            ),
            field="upload",
        )
        if saved:
            messages.success(request, f"Paper attached to item {item.position}.")
            return redirect(meeting_url(item.meeting))
    return form_page(
        request,
        form,
        title=f"Attach a paper to item {item.position}",
        partnership=item.meeting.body.partnership,
        back_url=meeting_url(item.meeting),
        caption=item.title,
        multipart=True,
        intro="Papers are kept outside the website's public files and served only to those allowed to read them."
        + (" This item is confidential: its papers never reach the public." if item.confidential else ""),
    )


@require_http_methods(["GET", "POST"])
def paper_remove(request: HttpRequest, pk: int) -> HttpResponse:
    paper = get_paper_for_officer(request, pk)
    item = paper.item
    if request.method != "POST":
        return confirm_page(
            request,
            title=f"Remove the paper “{paper.title}”?",
            warning=f"It is taken off item {item.position}, “{item.title}”.",
            button="Yes, remove the paper",
            back_url=meeting_url(item.meeting) + f"#item-{item.pk}",
            partnership=item.meeting.body.partnership,
            caption=str(item.meeting),
        )
    run_action(
        request, lambda: services.report_file_remove(paper=paper, by=request.user), f"Paper “{paper.title}” removed."
    )
    return redirect(meeting_url(item.meeting))


@login_not_required
def paper_download(request: HttpRequest, pk: int) -> FileResponse:
    """Papers are served only through here, after the permission check; never as static files."""
    paper = get_paper_for_user(request, pk)
    response = FileResponse(
        paper.file.open("rb"), as_attachment=True, filename=paper.download_name, content_type=paper.content_type
    )
    response["Cache-Control"] = "private, no-store"
    return response
