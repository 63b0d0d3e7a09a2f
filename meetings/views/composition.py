"""The board's composition against the constitution, with attendance by organisation: a page of
the register that reads the meetings, so it lives here (members cannot import meetings). Its
address keeps its name, `members:composition` (`member_urlpatterns` in meetings/urls.py)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from meetings.selectors import attendance_by_organisation
from members import register
from members.access import get_composition_for_user


def composition(request: HttpRequest, slug: str) -> HttpResponse:
    partnership, board = get_composition_for_user(request, slug)
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
