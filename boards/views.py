from django.contrib.auth.decorators import login_not_required
from django.db.models import OuterRef, Subquery
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from meetings.models import Meeting
from members.models import board_members_by_organisation

from .models import Body, Partnership, principles_with_aims


@login_not_required
def home(request: HttpRequest) -> HttpResponse:
    partnerships = Partnership.objects.order_by("name").only("name", "slug", "area", "vision")
    return render(request, "boards/home.html", {"partnerships": partnerships})


@login_not_required
def partnership_detail(request: HttpRequest, slug: str) -> HttpResponse:
    board = Body.objects.filter(partnership=OuterRef("pk"), kind=Body.Kind.BOARD)
    partnership = get_object_or_404(
        Partnership.objects.prefetch_related("focus_areas").annotate(board_name=Subquery(board.values("name")[:1])),
        slug=slug,
    )
    upcoming = Meeting.objects.public().filter(body__partnership=partnership).upcoming()[:6]
    context = {
        "partnership": partnership,
        "principles": principles_with_aims(partnership),
        "board_name": partnership.board_name,
        "board_groups": board_members_by_organisation(partnership) if partnership.board_name else [],
        "upcoming_meetings": upcoming,
    }
    return render(request, "boards/partnership_detail.html", context)
