"""Confidential and draft material stays where it belongs after the agenda changes: holes found by
an outside test (issue 12), each reproduced here as the user who found it would."""

import io

import pytest
from django.test import Client
from pypdf import PdfReader

from meetings import services
from meetings.models import Action
from tests.commissions.helpers import make_commission
from tests.conftest import html, make_user, seat_user, text_of
from tests.meetings.helpers import MINIMAL_PDF, build_agenda, upload
from tests.meetings.minutes_helpers import held_meeting

pytestmark = pytest.mark.django_db

PUBLIC_URL = "/partnerships/testshire/board/2030-06-12/"


def pdf_text(content: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


@pytest.fixture
def published(future_meeting, officer):
    """A published agenda: four opening items, a public item with a report and paper (5), a
    confidential item (6), and a second public item with a report and paper (7)."""
    items = build_agenda(future_meeting, officer)
    later = services.agenda_item_add(
        meeting=future_meeting, by=officer, title="LATER-ITEM youth cabinet", purpose="decision"
    )
    services.report_save(
        item=later,
        loaded_version=0,
        by=officer,
        purpose="LATER-PURPOSE youth voice",
        recommendations="That it be agreed.",
    )
    services.report_file_attach(item=later, title="LATER-PAPER survey", upload=upload("s.pdf", MINIMAL_PDF), by=officer)
    services.agenda_publish(meeting=future_meeting, by=officer)
    later.refresh_from_db()
    return {**items, "later": later}


def make_confidential(item, officer):
    item.refresh_from_db()
    return services.agenda_item_update(
        item=item, loaded_version=item.version, by=officer, confidential=True, exempt_paragraph=3, title_exempt=True
    )


def test_item_made_confidential_after_a_move_is_hidden_by_identity_not_by_number(client, published, officer):
    # The officer moves the later item up (it becomes 6 in the draft), then makes it confidential.
    services.agenda_item_move(item=published["later"], up=True, by=officer)
    make_confidential(published["later"], officer)

    page = text_of(html(client.get(PUBLIC_URL)))
    assert "LATER-ITEM" not in page
    assert "Exempt item: information relating to the financial or business affairs" in page
    # The public item that kept its place is still there, in full.
    assert "Child poverty strategy" in page
    # Its report page answers 404 to anyone, at the number it was published under.
    assert client.get(PUBLIC_URL + "items/7/").status_code == 404
    assert client.get(PUBLIC_URL + "items/5/").status_code == 200


def test_item_made_confidential_after_another_is_removed_is_hidden(client, published, officer):
    services.agenda_item_remove(item=published["public"], by=officer)  # item 5 goes; 6 and 7 renumber
    make_confidential(published["later"], officer)

    page = text_of(html(client.get(PUBLIC_URL)))
    assert "LATER-ITEM" not in page
    assert client.get(PUBLIC_URL + "items/7/").status_code == 404


def test_stored_agenda_pack_drops_an_item_made_confidential_since(client, published, officer):
    before = pdf_text(client.get(PUBLIC_URL + "agenda.pdf").content)
    assert "LATER-ITEM" in before and "LATER-PURPOSE" in before

    make_confidential(published["later"], officer)

    after = client.get(PUBLIC_URL + "agenda.pdf")
    assert after.status_code == 200
    text = pdf_text(after.content)
    for secret in ("LATER-ITEM", "LATER-PURPOSE", "LATER-PAPER"):
        assert secret not in text
        assert secret.encode() not in after.content
    assert "Child poverty strategy" in text
    paper = published["later"].files.get()
    assert client.get(f"/papers/{paper.pk}/").status_code == 404


def test_withdrawal_is_in_the_history_with_who_and_why(published, officer):
    make_confidential(published["later"], officer)
    publication = published["later"].meeting.publications.get()
    latest = publication.history.first()
    assert latest.history_user == officer
    assert "withdrawn from the public agenda" in latest.history_change_reason


@pytest.fixture
def outsider_client(outsider):
    c = Client()
    c.force_login(outsider)
    return c


def test_staff_meeting_page_is_404_to_anyone_outside_the_partnership(published, outsider, other_officer):
    meeting = published["public"].meeting
    for user in (outsider, other_officer):
        c = Client()
        c.force_login(user)
        assert c.get(f"/manage/meetings/{meeting.pk}/").status_code == 404
        assert c.get(f"/manage/meetings/{meeting.pk}/minutes/").status_code == 404
        for item in (published["public"], published["secret"]):
            assert c.get(f"/manage/items/{item.pk}/minutes/").status_code == 404
            assert c.get(f"/manage/items/{item.pk}/edit/").status_code == 404


def test_member_sees_the_agenda_as_published_not_drafts_or_later_edits(client, published, officer, member):
    meeting = published["public"].meeting
    services.agenda_item_add(meeting=meeting, by=officer, title="DRAFT-ADDED after publication")
    item = published["public"]
    item.refresh_from_db()
    services.agenda_item_update(item=item, loaded_version=item.version, by=officer, title="DRAFT-RENAMED strategy")
    services.report_file_attach(
        item=published["later"], title="DRAFT-PAPER not yet published", upload=upload("d.pdf", MINIMAL_PDF), by=officer
    )

    client.force_login(member)
    response = client.get(f"/manage/meetings/{meeting.pk}/")
    page = text_of(html(response))
    assert "DRAFT" not in page
    assert "Child poverty strategy" in page  # as published
    # A member of the board reads the confidential item as published to members.
    assert "SECRET-TITLE" in page and "SECRET-PAPER" in page
    secret_paper = published["secret_paper"]
    assert client.get(f"/papers/{secret_paper.pk}/").status_code == 200
    draft_paper = published["later"].files.get(title__startswith="DRAFT")
    assert client.get(f"/papers/{draft_paper.pk}/").status_code == 404


def test_member_of_another_body_does_not_see_the_confidential_item(client, published, partnership, council, officer):
    from boards.models import Body
    from core.audit import save_audited

    group = save_audited(
        Body(partnership=partnership, kind=Body.Kind.GROUP, name="Strategy Group", slug="strategy-group"),
        by=officer,
        reason="test",
    )
    user = make_user("groupie", "Gus", "Group")
    seat_user(user, group, council)
    client.force_login(user)
    meeting = published["public"].meeting
    response = client.get(f"/manage/meetings/{meeting.pk}/")
    assert response.status_code == 200
    assert b"SECRET" not in response.content
    assert client.get(f"/papers/{published['secret_paper'].pk}/").status_code == 404
    # The same 404 for the confidential item and for an item that does not exist.
    assert client.get(f"/manage/items/{published['secret'].pk}/minutes/").status_code == 404


def test_member_does_not_see_actions_on_exempt_items_from_draft_minutes(client, board, officer, member):
    held = held_meeting(board, officer)
    secret = held.items.get(position=6)
    services.action_add(
        item=secret, description="DRAFT-ACTION about named staff", owner=None, owner_name="HR", due_on=None, by=officer
    )
    assert Action.objects.filter(description__startswith="DRAFT-ACTION").exists()
    next_meeting = build_agenda_for_next(board, officer)
    client.force_login(member)
    response = client.get(f"/manage/meetings/{next_meeting.pk}/")
    assert response.status_code == 200
    assert b"DRAFT-ACTION" not in response.content


def build_agenda_for_next(board, officer):
    from tests.conftest import london, make_meeting

    meeting = make_meeting(board, london(2030, 10, 9, 14), hours=2, by=officer)
    services.agenda_start(meeting=meeting, by=officer)
    services.agenda_publish(meeting=meeting, by=officer)
    return meeting


def test_proposed_commission_has_no_public_body_page(client, partnership, officer):
    make_commission(partnership, "PROPOSED-COMMISSION on child poverty", by=officer)
    for url in ("/partnerships/testshire/", "/partnerships/testshire/meetings/", "/partnerships/testshire/members/"):
        assert b"PROPOSED-COMMISSION" not in client.get(url).content
    slug = partnership.bodies.get(name__startswith="PROPOSED").slug
    assert client.get(f"/partnerships/testshire/{slug}/").status_code == 404
    assert client.get(f"/partnerships/testshire/{slug}/members/").status_code == 404


def test_member_of_another_partnership_gets_404_not_403_on_staff_addresses(client, other_officer, partnership):
    client.force_login(other_officer)
    for url in ("/manage/testshire/meetings/", "/manage/testshire/register/", "/manage/testshire/actions/"):
        assert client.get(url).status_code == 404, url


def test_a_meeting_outside_the_years_served_is_refused_by_the_model_not_only_by_forms(board, officer):
    import datetime as dt

    from django.core.exceptions import ValidationError
    from django.utils import timezone

    from tests.conftest import make_meeting

    start = timezone.make_aware(dt.datetime(9999, 12, 31, 10))
    with pytest.raises(ValidationError, match="Enter a date from 1 January 2000"):
        make_meeting(board, start, hours=1, by=officer)


def test_minutes_records_refuse_a_person_of_another_partnership_whatever_the_path(board, officer, other_officer):
    """The forms offer only the partnership's people; the models refuse the rest (scripts, the admin)."""
    from django.core.exceptions import ValidationError

    from boards.models import Partnership
    from core.audit import save_audited
    from meetings.models import Attendance, Declaration
    from tests.conftest import make_person

    stranger = make_person("Sam", "Stranger", partnership=Partnership.objects.get(slug="elsewhere"))
    held = held_meeting(board, officer)
    with pytest.raises(ValidationError, match="another partnership's register"):
        save_audited(Attendance(meeting=held, person=stranger, status="present"), by=officer, reason="t")
    with pytest.raises(ValidationError, match="another partnership's register"):
        save_audited(
            Declaration(meeting=held, item=held.items.first(), person=stranger, nature="x"), by=officer, reason="t"
        )
    with pytest.raises(ValidationError, match="another partnership's register"):
        services.action_add(
            item=held.items.first(), description="x", owner=stranger, owner_name="", due_on=None, by=officer
        )


def test_a_member_finds_the_published_meetings_of_their_bodies_on_the_dashboard(client, published, member):
    client.force_login(member)
    listed = html(client.get("/manage/")).select_one("[data-testid=published-meetings]")
    meeting = published["public"].meeting
    assert listed is not None and f"/manage/meetings/{meeting.pk}/" in str(listed)
    assert client.get(f"/manage/meetings/{meeting.pk}/").status_code == 200


def test_moving_a_published_meeting_reissues_its_agenda_and_the_old_address_follows(client, published, officer):
    meeting = published["public"].meeting
    services.agenda_item_add(meeting=meeting, by=officer, title="DRAFT-BEFORE-MOVE not yet published")
    meeting.refresh_from_db()
    from tests.conftest import london

    new_start = london(2030, 6, 19, 15)
    services.meeting_move(
        meeting=meeting,
        starts_at=new_start,
        ends_at=new_start + (meeting.ends_at - meeting.starts_at),
        venue="NEW-VENUE Council Chamber",
        by=officer,
    )

    new_url = "/partnerships/testshire/board/2030-06-19/"
    for old, new in (
        (PUBLIC_URL, new_url),
        (PUBLIC_URL + "agenda.pdf", new_url + "agenda.pdf"),
        (PUBLIC_URL + "items/5/", new_url + "items/5/"),
    ):
        response = client.get(old)
        assert response.status_code == 301 and response["Location"] == new, old
        assert "max-age=86400" in response["Cache-Control"], old  # kept a day: the old day may be reused
    page = text_of(html(client.get(new_url)))
    assert "NEW-VENUE" in page and "Supplement 1" in page and "has moved from Wednesday 12 June 2030" in page
    assert "Moved from Wednesday 12 June 2030." in page
    assert "DRAFT-BEFORE-MOVE" not in page  # the move re-issues the agenda as published, nothing more
    assert "The items are unchanged: the agenda as last published, for the new date" in page
    pack = pdf_text(client.get(new_url + "agenda.pdf").content)
    assert "19 June 2030" in pack and "NEW-VENUE" in pack
    assert "The items are unchanged" in pack
    assert "DRAFT-BEFORE-MOVE" not in pack
    assert client.get("/partnerships/testshire/board/2030-06-13/").status_code == 404
    # The draft item is still a change waiting for a supplement of its own.
    assert services.changes_since_publication(meeting) == 1
    services.agenda_publish(meeting=meeting, by=officer, changes="Item 8 added")
    assert "DRAFT-BEFORE-MOVE" in text_of(html(client.get(new_url)))


def _move(meeting, officer, day, *, hour=14, venue=None, late_reason=""):
    import datetime as dt

    from django.utils import timezone

    meeting.refresh_from_db()
    start = timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))
    return services.meeting_move(
        meeting=meeting,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
        venue=venue or meeting.venue,
        late_reason=late_reason,
        by=officer,
    )


def test_an_old_address_taken_by_another_meeting_is_that_meetings_and_redirects_never_loop(
    client, published, board, officer
):
    import datetime as dt

    from tests.conftest import london, make_meeting

    meeting = published["public"].meeting
    _move(meeting, officer, dt.date(2030, 6, 19))
    assert client.get(PUBLIC_URL)["Location"] == "/partnerships/testshire/board/2030-06-19/"
    # Another board meeting is arranged on the old day: the address is now its own.
    other = make_meeting(board, london(2030, 6, 12, 10), hours=2, by=officer)
    response = client.get(PUBLIC_URL)
    assert response.status_code == 200 and "Wednesday 12 June 2030, 10am" in text_of(html(response))
    assert client.get(PUBLIC_URL + "agenda.pdf").status_code == 404  # its agenda is not published
    # Moving back and forth never makes a loop: an address with a meeting on it answers itself.
    _move(meeting, officer, dt.date(2030, 7, 3))
    _move(other, officer, dt.date(2030, 6, 19), hour=10)
    for address in (PUBLIC_URL + "minutes.pdf", "/partnerships/testshire/board/2030-06-19/minutes.pdf"):
        response = client.get(address, follow=True)
        assert response.status_code == 404 and len(response.redirect_chain) <= 1, address
    # The old day was given to another meeting, which has moved on too: the address follows it.
    assert client.get("/partnerships/testshire/board/2030-06-12/").status_code in (301, 404)


def test_a_live_meeting_on_the_day_of_a_cancelled_one_has_the_address(client, board, officer):
    from core.audit import save_audited
    from tests.conftest import london, make_meeting

    cancelled = make_meeting(board, london(2030, 9, 11, 14), hours=2, by=officer)
    services.meeting_cancel(meeting=cancelled, reason="Venue unavailable", by=officer)
    replacement = make_meeting(board, london(2030, 9, 11, 16), hours=2, by=officer)
    replacement.venue = "REPLACEMENT hall"
    save_audited(replacement, by=officer, reason="test")
    services.agenda_start(meeting=replacement, by=officer)
    services.agenda_publish(meeting=replacement, by=officer)
    page = text_of(html(client.get("/partnerships/testshire/board/2030-09-11/")))
    assert "REPLACEMENT" in page and "Apologies for absence" in page


def test_a_published_meeting_cannot_be_moved_into_the_past_nor_closer_without_the_circumstances(client, board, officer):
    import datetime as dt

    from django.core.exceptions import ValidationError
    from django.utils import timezone

    from tests.conftest import make_meeting

    today = timezone.localdate()
    start = timezone.make_aware(dt.datetime.combine(today + dt.timedelta(days=40), dt.time(14)))
    meeting = make_meeting(board, start, hours=2, by=officer)
    services.agenda_start(meeting=meeting, by=officer)
    services.agenda_publish(meeting=meeting, by=officer)
    with pytest.raises(ValidationError, match="cannot be moved to a time that has passed"):
        _move(meeting, officer, today - dt.timedelta(days=3))
    with pytest.raises(ValidationError, match="special circumstances"):
        _move(meeting, officer, today + dt.timedelta(days=2))
    _move(meeting, officer, today + dt.timedelta(days=2), late_reason="LATE-CIRCUMSTANCES the room flooded")
    meeting.refresh_from_db()
    page = text_of(html(client.get(meeting.get_absolute_url())))
    assert "LATE-CIRCUMSTANCES" in page
    # Through the page, the officer is asked for the circumstances on the form itself.
    client.force_login(officer)
    local = timezone.localtime(meeting.starts_at)
    response = client.post(
        f"/manage/meetings/{meeting.pk}/edit/",
        {
            "date": (today + dt.timedelta(days=1)).isoformat(),
            "start_time": "14:00",
            "duration": 120,
            "venue": meeting.venue,
            "late_reason": "",
            "version": __import__("core.audit", fromlist=["x"]).record_version(meeting),
        },
    )
    assert response.status_code == 200 and local.date() == meeting.date
    assert "special circumstances" in text_of(html(response).select_one(".govuk-error-summary"))


def test_dashboard_lists_only_meetings_a_member_can_open(client, board, officer, member):
    import datetime as dt

    from django.utils import timezone

    from tests.conftest import make_meeting

    start = timezone.now() - dt.timedelta(days=3)
    held = make_meeting(board, start, hours=2, by=officer)
    services.meeting_hold(meeting=held, by=officer)  # held, its agenda never published
    client.force_login(member)
    response = client.get("/manage/")
    assert f"/manage/meetings/{held.pk}/" not in response.content.decode()
    assert client.get(f"/manage/meetings/{held.pk}/").status_code == 404


@pytest.mark.parametrize("alias", ["20300612", "2030-W24-3", "2030W243", "2030-163"])
def test_one_address_a_day(client, published, alias):
    assert client.get(f"/partnerships/testshire/board/{alias}/").status_code == 404
