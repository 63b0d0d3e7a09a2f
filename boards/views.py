from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from meetings.models import Meeting
from members.models import board_members_by_organisation

from .models import Body, Partnership


@login_not_required
def home(request: HttpRequest) -> HttpResponse:
    partnerships = Partnership.objects.order_by("name").only("name", "slug", "area", "vision")
    return render(request, "boards/home.html", {"partnerships": partnerships})


@login_not_required
def partnership_detail(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = get_object_or_404(Partnership.objects.prefetch_related("focus_areas", "principles__aims"), slug=slug)
    board = Body.objects.filter(partnership=partnership, kind=Body.Kind.BOARD).first()
    if board:
        board.partnership = partnership
    upcoming = Meeting.objects.public().filter(body__partnership=partnership).upcoming()[:6]
    context = {
        "partnership": partnership,
        "board": board,
        "board_groups": board_members_by_organisation(board) if board else [],
        "upcoming_meetings": upcoming,
    }
    return render(request, "boards/partnership_detail.html", context)
