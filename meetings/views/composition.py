"""The board's composition against the constitution, with attendance by organisation: a page of
the register that reads the meetings, so it lives here (members cannot import meetings). Its
address keeps its name, `members:composition` (`member_urlpatterns` in meetings/urls.py)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from boards.models import Body, Partnership
from meetings.selectors import attendance_by_organisation
from members import permissions, register


def composition(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = get_object_or_404(Partnership, slug=slug)
    if not (permissions.is_officer(request.user, partnership) or permissions.is_chair(request.user, partnership)):
        permissions.refuse(request.user, partnership)
    board = get_object_or_404(Body, partnership=partnership, kind=Body.Kind.BOARD)
    rules = register.composition(board)
    return render(
        request,
        "members/manage/composition.html",
        {
            "partnership": partnership,
            "board": board,
            "rules": rules,
            "gaps": [rule for rule in rules if not rule.met],
            "partners": register.other_partners(board),
            "attendance": attendance_by_organisation(board),
        },
    )
