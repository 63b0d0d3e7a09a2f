from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from meetings.models import public_meeting_rows, upcoming_meeting_values
from members.models import board_members_by_organisation

from .models import Partnership, board_name, focus_area_names, principles_with_aims


@login_not_required
def home(request: HttpRequest) -> HttpResponse:
    partnerships = Partnership.objects.order_by("name").only("name", "slug", "area", "vision")
    return render(request, "boards/home.html", {"partnerships": partnerships})


@login_not_required
def partnership_detail(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = get_object_or_404(Partnership, slug=slug)
    name = board_name(partnership)
    context = {
        "partnership": partnership,
        "focus_areas": focus_area_names(partnership),
        "principles": principles_with_aims(partnership),
        "board_name": name,
        "board_groups": board_members_by_organisation(partnership) if name else [],
        "upcoming_meetings": public_meeting_rows(upcoming_meeting_values(partnership)),
    }
    return render(request, "boards/partnership_detail.html", context)
