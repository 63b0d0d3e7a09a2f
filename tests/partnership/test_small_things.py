"""The small things clerks notice: times read "9:30am" everywhere, the schedule summary included;
the minutes editor says what it leaves out; no radio button reads "- Select an option -"; an
overdue register of interests says "overdue"; /favicon.ico answers."""

import datetime as dt
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.templatetags.static import static

from core.templatetags.richtext import removed_markup, render_markdown
from meetings.models import Meeting
from meetings.services.minutes import resolution_add
from tests.commissions.helpers import make_commission
from tests.conftest import html, make_member, make_user, seat_user, text_of
from tests.meetings.minutes_helpers import held_meeting

pytestmark = pytest.mark.django_db


def test_the_schedule_summary_reads_the_time_the_uk_way(client, officer, board):
    client.force_login(officer)
    series = {
        "body": board.pk,
        "first_date": "2027-01-13",
        "every_months": "2",
        "rule": "same_weekday",
        "count": "3",
        "start_time": "09:30",
        "duration": "180",
        "venue": "Civic Offices",
    }
    response = client.post("/manage/testshire/meetings/schedule/", series)
    summary = text_of(html(client.get(response["Location"])).select_one("main h1 + p"))
    assert "starting at 9:30am for 180 minutes" in summary
    assert "09:30" not in summary
    series["start_time"] = "12:00"
    client.post("/manage/testshire/meetings/schedule/", series)
    assert "starting at midday" in text_of(html(client.get(response["Location"])).select_one("main h1 + p"))
    assert not Meeting.objects.exists()


@pytest.mark.parametrize(
    ("text", "removed"),
    [
        ("Plain **minutes** with a [link](https://example.org) and <a@b.org>", []),
        ("<script>alert('x')</script>\n\nThe Board noted.", ["a script"]),
        ("![chart](https://example.org/a.png) ![map](b.png)", ["2 images"]),
        ('<iframe src="https://example.org"></iframe>', ["an iframe (embedded page)"]),
        ("[click](javascript:alert(1))", ["a link's address that is not a web or e-mail address"]),
        ("<div>Kept text</div>", ["other HTML (div), keeping its text"]),
    ],
)
def test_what_the_sanitiser_removes_is_named(text, removed):
    assert removed_markup(text) == removed
    rendered = str(render_markdown(text))
    for tag in ("<script", "<img", "<iframe", "javascript:", "<div"):
        assert tag not in rendered


def test_the_minutes_editor_tells_the_author_what_it_left_out(client, board, officer):
    meeting = held_meeting(board, officer)
    item = meeting.items.get(position=5)
    client.force_login(officer)
    narrative = "The Board noted the report.\n\n<script>steal()</script>\n\n![graph](https://example.org/g.png)"
    response = client.post(f"/manage/items/{item.pk}/minutes/", {"narrative": narrative, "version": 0}, follow=True)
    banners = [text_of(banner) for banner in html(response).select(".govuk-notification-banner")]
    assert banners[0] == "Success Minutes of item 5 saved."
    assert "The minutes of item 5 cannot contain scripts, images" in banners[1]
    assert banners[1].endswith("left out of what is shown and published: a script and an image.")
    response = client.post(f"/manage/items/{item.pk}/minutes/", {"narrative": "Clean text.", "version": 1}, follow=True)
    assert [text_of(b) for b in html(response).select(".govuk-notification-banner")] == [
        "Success Minutes of item 5 saved."
    ]
    response = client.post(f"/manage/items/{item.pk}/resolutions/new/", {"text": "That <img src=x> it be noted."})
    page = html(client.get(response["Location"]))
    assert "Resolution 1 cannot contain" in text_of(page) and "an image" in text_of(page)


def radios(page) -> list[tuple[str, str]]:
    return [
        (radio["value"], text_of(page.find("label", attrs={"for": radio["id"]})))
        for radio in page.select("input[type=radio]")
    ]


def test_no_radio_button_reads_select_an_option(client, partnership, board, council, officer, chair, member):
    resolution = held_meeting(board, officer).items.get(position=5)
    commission = make_commission(
        partnership,
        "Radio Commission",
        by=chair,
        strategy="S",
        resolution=resolution_add(item=resolution, text="E", by=officer),
    )
    client.force_login(member)
    interest = html(client.get("/manage/testshire/interests/new/"))
    assert radios(interest) and all(value and "Select an option" not in label for value, label in radios(interest))
    refused = html(client.post("/manage/testshire/interests/new/", {"description": "x", "registered_on": "2026-01-01"}))
    assert "Choose the category of the interest." in text_of(refused.select_one(".govuk-error-summary"))
    client.force_login(officer)
    session = html(client.get(f"/manage/commissions/{commission.pk}/sessions/new/"))
    assert [value for value, _ in radios(session)] == ["evidence", "participation"]
    refused = html(client.post(f"/manage/commissions/{commission.pk}/sessions/new/", {"heard": "x", "summary": "y"}))
    assert "Choose whether it was an evidence or a participation session." in text_of(
        refused.select_one(".govuk-error-summary")
    )


def test_an_overdue_register_of_interests_says_overdue(client, officer, board, council):
    late = seat_user(make_user("late", "Lee", "Late"), board, council)  # joined 1 January 2026: 28 days long past
    make_member(board, council, "New", "Joiner", starts_on=dt.date(2026, 12, 1))
    client.force_login(officer)
    rows = {
        text_of(row.select_one("td")): text_of(row.select("td")[2])
        for row in html(client.get("/manage/testshire/register/")).select("[data-testid=statuses] tbody tr")
    }
    assert rows["Lee Late"] == "Overdue was due by 29 January 2026"
    assert rows["New Joiner"] == "due by 29 December 2026"
    client.force_login(late.person.user)
    own = text_of(html(client.get("/manage/testshire/interests/")).select_one("main p"))
    assert own.startswith("Overdue Your register was due by Thursday 29 January 2026")


def test_favicon_ico_answers_with_a_real_icon_and_may_be_cached(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert "max-age=86400" in response["Cache-Control"] and "public" in response["Cache-Control"]
    assert response["Location"] == static("favicon.ico")
    found = finders.find(response["Location"].removeprefix(settings.STATIC_URL).removeprefix("/static/"))
    assert found, "the icon is among the static files"
    assert Path(found).read_bytes()[:4] == b"\x00\x00\x01\x00"  # an ICO file's header


def test_accessibility_statement_names_the_installations_contact(client, settings):
    settings.ACCESSIBILITY_CONTACT = {
        "name": "Priya Shah, Accessibility lead",
        "email": "access@testshire.example",
        "telephone": "01234 567890",
    }
    page = html(client.get("/accessibility/"))
    body = text_of(page)
    assert "contact Priya Shah, Accessibility lead" in body
    contact = text_of(page.select_one("[data-testid=accessibility-contact]"))
    assert "email access@testshire.example" in contact
    assert "call 01234 567890" in contact
    assert page.select_one("a[href='mailto:access@testshire.example']")
