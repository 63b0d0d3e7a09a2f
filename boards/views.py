from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .models import Partnership


@login_not_required
def home(request: HttpRequest) -> HttpResponse:
    partnerships = Partnership.objects.order_by("name").only("name", "slug", "area", "vision")
    return render(request, "boards/home.html", {"partnerships": partnerships})
