"""From the meeting to published, approved and corrected minutes, and who may take each step."""

import datetime as dt
import io

import pikepdf
import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from pypdf import PdfReader

from core.audit import save_audited
from meetings import services
from meetings.models import AgendaItem, Attendance, Meeting, MinutesPublication
from meetings.services import minutes as minutes_services
from members.models import Membership
from tests.conftest import html, london, make_meeting, make_member, text_of
from tests.meetings.minutes_helpers import held_meeting, minute_it

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


@pytest.fixture
def meeting(board, officer, chair, member):
    return held_meeting(board, officer)


def test_a_meeting_is_held_only_once_it_has_started(board, officer):
    future = make_meeting(board, london(2030, 1, 9, 14), by=officer)
    with pytest.raises(ValidationError, match="once it has started"):
        services.meeting_hold(meeting=future, by=officer)


def test_quorum_counts_voting_members_present_and_substitutes(meeting, officer, board, council):
    board.quorum = 2  # set by an administrator (bodies have no service of their own)
    save_audited(board, by=officer, reason="Quorum changed")
    expected = {m.person.family_name: m for m in services.members_expected(meeting)}
    deputy = make_member(board, council, "Dee", "Puty", voting=False, role=Membership.Role.CO_OPTED).person
    entries = [
        (expected["Chair"], Attendance.Status.PRESENT, None),
        (expected["Member"], Attendance.Status.SUBSTITUTE, deputy),
    ]
    services.attendance_record(meeting=meeting, entries=entries, by=officer)
    result = services.quorum(meeting)
    assert (result.present, result.required, result.quorate) == (2, 2, True)
    assert meeting.attendances.get(person=deputy).substitute_for == expected["Member"].person


def test_resolutions_are_numbered_within_the_meeting_in_agenda_order(meeting, officer):
    minute_it(meeting, officer)
    first = meeting.items.get(position=1)
    services.resolution_add(item=first, text="That the apologies be noted.", by=officer)
    texts = [r.text[:30] for r in meeting.resolutions.order_by("number")]
    assert texts[0] == "That the apologies be noted."
    assert [r.number for r in meeting.resolutions.order_by("number")] == [1, 2, 3, 4]


def test_publishing_needs_the_closing_time_and_attendance(board, officer, chair):
    meeting = held_meeting(board, officer)
    services.item_minutes_save(
        item=meeting.items.first(), loaded_version=0, narrative="Noted.", public_summary="", by=officer
    )
    with pytest.raises(ValidationError, match="closed the meeting"):
        services.minutes_publish(meeting=meeting, by=officer)


def test_public_sees_no_minutes_until_published_then_a_draft_without_confidential_parts(client, meeting, officer):
    minute_it(meeting, officer)
    page = client.get(meeting.get_absolute_url())
    assert b"Local Area Agreement be noted" not in page.content
    assert client.get(meeting.get_absolute_url() + "minutes.pdf").status_code == 404

    services.minutes_publish(meeting=meeting, by=officer)
    page = client.get(meeting.get_absolute_url())
    soup = html(page)
    assert text_of(soup.select_one("[data-testid=minutes-status]")) == "Draft — subject to approval"
    resolutions = [text_of(r) for r in soup.select("[data-testid=resolution]")]
    assert resolutions == [
        "RESOLVED – (1) That the final version of the Local Area Agreement be noted.",
        "RESOLVED – (2) That partners report progress in six months.",
    ]
    assert "The Board considered a staffing matter." in text_of(soup)
    assert "Exempt item: information relating to an individual (paragraph 1)" in text_of(soup)  # as typed
    assert b"SECRET" not in page.content
    assert "The chair closed the meeting at 3:42pm." in text_of(soup.select_one("[data-testid=closed]"))

    pdf = client.get(meeting.get_absolute_url() + "minutes.pdf")
    text = pdf_text(pdf.content)
    assert "That partners report progress in six months." in text
    assert "Draft — subject to approval" in text
    assert "SECRET" not in text and b"SECRET" not in pdf.content
    assert "Page 1 of" in text and "Testshire Board" in text
    document = pikepdf.open(io.BytesIO(pdf.content))
    assert document.Root.MarkInfo.Marked and str(document.Root.Lang) == "en-GB"
    assert "/StructTreeRoot" in document.Root
    assert str(document.docinfo["/Title"]).startswith("Minutes: Testshire Board")


def test_user_markdown_is_rendered_safely(client, meeting, officer):
    minute_it(meeting, officer)
    item = meeting.items.get(position=5)
    services.item_minutes_save(
        item=item,
        loaded_version=1,
        by=officer,
        public_summary="",
        narrative="Noted <script>alert('x')</script> **well** <img src=x onerror=alert(1)> [link](javascript:alert(1))",
    )
    services.minutes_publish(meeting=meeting, by=officer)
    soup = html(client.get(meeting.get_absolute_url()))
    minutes_html = soup.select_one("[data-testid=minutes]")
    assert minutes_html.select("script, img") == []
    assert "well" in [strong.get_text() for strong in minutes_html.select("strong")]  # Markdown, rendered
    assert all(not a.get("href", "").startswith("javascript") for a in minutes_html.select("a"))


def test_who_may_take_each_step(client, meeting, officer, chair, member, other_officer):
    minute_it(meeting, officer)
    url = f"/manage/meetings/{meeting.pk}/"
    # The agenda was never published: to anyone but officers and the chair, the meeting is not there.
    for user, expected in [(member, 404), (other_officer, 404), (chair, 200), (officer, 200)]:
        client.force_login(user)
        assert client.get(url + "minutes/").status_code == expected, user
    client.force_login(chair)
    assert client.post(url + "minutes/publish/").status_code == 403
    client.force_login(officer)
    assert client.post(url + "minutes/publish/").status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.MINUTES_PUBLISHED
    assert client.get(url + "minutes/approve/").status_code == 403


def test_chair_approves_at_the_next_meeting_whose_minutes_item_records_it(client, board, meeting, officer, chair):
    minute_it(meeting, officer)
    services.minutes_publish(meeting=meeting, by=officer)
    assert services.approval_meetings(meeting) == []
    next_meeting = make_meeting(board, london(2026, 11, 4, 14), by=officer)
    client.force_login(chair)
    response = client.post(
        f"/manage/meetings/{meeting.pk}/minutes/approve/",
        {"at_meeting": next_meeting.pk, "corrections": "Item 5: “six” should read “three” months\n"},
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.MINUTES_APPROVED
    assert meeting.minutes_approved_at_meeting == next_meeting
    assert meeting.history.latest().history_user == chair
    recorded = next_meeting.resolutions.get()
    assert recorded.item.title == "Minutes of the previous meeting"
    assert recorded.item.kind == AgendaItem.Kind.PREVIOUS_MINUTES
    assert (
        "Wednesday 7 October 2026 be approved as a correct record subject to the following corrections" in recorded.text
    )
    assert "“six” should read “three”" in recorded.text

    client.logout()
    page = html(client.get(meeting.get_absolute_url()))
    assert "Approved as a correct record at the meeting held on Wednesday 4 November 2026" in text_of(page)
    assert "“six” should read “three” months" in text_of(page.select_one("[data-testid=corrections]"))
    text = pdf_text(client.get(meeting.get_absolute_url() + "minutes.pdf").content)
    assert "Signed as a correct record" in text and "Draft — subject to approval" not in text


def test_an_item_about_other_minutes_is_not_taken_for_the_previous_minutes_item(board, meeting, officer, chair):
    minute_it(meeting, officer)
    services.minutes_publish(meeting=meeting, by=officer)
    next_meeting = make_meeting(board, london(2026, 11, 4, 14), by=officer)
    services.agenda_start(meeting=next_meeting, by=officer)
    youth_voice = services.agenda_item_add(meeting=next_meeting, by=officer, title="Minutes of the Youth Voice event")
    for _ in range(3):  # up above the standard item: the earliest item whose title says "minutes"
        services.agenda_item_move(item=youth_voice, up=True, by=officer)
    youth_voice.refresh_from_db()
    previous = next_meeting.items.get(kind=AgendaItem.Kind.PREVIOUS_MINUTES)
    assert youth_voice.position < previous.position
    services.minutes_approve(meeting=meeting, at_meeting=next_meeting, corrections=[], by=chair)
    assert next_meeting.resolutions.get().item == previous
    assert not youth_voice.resolutions.exists()


def test_approval_at_a_meeting_without_the_standard_items_adds_the_previous_minutes_item(
    board, meeting, officer, chair
):
    minute_it(meeting, officer)
    services.minutes_publish(meeting=meeting, by=officer)
    next_meeting = make_meeting(board, london(2026, 11, 4, 14), by=officer)
    youth_voice = services.agenda_item_add(meeting=next_meeting, by=officer, title="Minutes of the Youth Voice event")
    services.minutes_approve(meeting=meeting, at_meeting=next_meeting, corrections=[], by=chair)
    recorded = next_meeting.resolutions.get()
    assert recorded.item != youth_voice
    assert (recorded.item.title, recorded.item.kind) == (
        "Minutes of the previous meeting",
        AgendaItem.Kind.PREVIOUS_MINUTES,
    )


def test_approved_minutes_are_locked_and_change_only_by_recorded_correction(client, board, meeting, officer, chair):
    minute_it(meeting, officer)
    services.minutes_publish(meeting=meeting, by=officer)
    next_meeting = make_meeting(board, london(2026, 11, 4, 14), by=officer)
    services.minutes_approve(meeting=meeting, at_meeting=next_meeting, corrections=[], by=chair)
    item = meeting.items.get(position=5)
    with pytest.raises(ValidationError, match="locked"):
        services.item_minutes_save(
            item=item, loaded_version=item.minutes.version, narrative="Rewritten", public_summary="", by=officer
        )
    with pytest.raises(ValidationError, match="locked"):
        services.resolution_add(item=item, text="That history be rewritten.", by=officer)
    client.force_login(officer)
    client.post(
        f"/manage/meetings/{meeting.pk}/minutes/correct/", {"text": "Resolution 2: for “partners” read “all partners”"}
    )
    assert meeting.minutes_publications.latest("number").kind == MinutesPublication.Kind.CORRECTED
    client.logout()
    text = pdf_text(client.get(meeting.get_absolute_url() + "minutes.pdf").content)
    assert "for “partners” read “all partners”" in text
    assert "for “partners” read “all partners”" in text_of(html(client.get(meeting.get_absolute_url())))


def test_a_failure_rendering_the_pdf_publishes_nothing(monkeypatch, meeting, officer):
    minute_it(meeting, officer)

    def broken(*args, **kwargs):
        raise RuntimeError("renderer failed")

    monkeypatch.setattr(minutes_services, "render_pdf", broken)
    with pytest.raises(RuntimeError):
        services.minutes_publish(meeting=meeting, by=officer)
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.MINUTES_DRAFTED
    assert meeting.minutes_published_at is None
    assert not meeting.minutes_publications.exists()


def test_the_web_page_shows_the_minutes_stored_with_the_pdf(client, meeting, officer):
    minute_it(meeting, officer)
    publication = services.minutes_publish(meeting=meeting, by=officer)
    assert "Local Area Agreement" in publication.html and "SECRET" not in publication.html
    # The page serves the stored record: a stand-in proves it is not rebuilt from the tables (no
    # service rewrites a publication; saved with a reason so even the stand-in leaves a history row).
    publication.html = "<p>As stored at publication</p>"
    save_audited(publication, by=officer, reason="Test: a stand-in for the stored page")
    assert "As stored at publication" in text_of(html(client.get(meeting.get_absolute_url())))


def test_regenerate_command_renders_the_stored_pdfs_and_pages_again(client, meeting, officer):
    minute_it(meeting, officer)
    publication = services.minutes_publish(meeting=meeting, by=officer)
    # A publication as stored before pages were stored: no service writes one, so simulated here
    # (meetings 0011 stores the missing pages: see test_minutes_migrations.py).
    publication.pdf, publication.html = b"broken", ""
    save_audited(publication, by=officer, reason="Test: as stored before pages were stored")
    call_command("regenerate_pdfs")
    assert "Local Area Agreement" in pdf_text(client.get(meeting.get_absolute_url() + "minutes.pdf").content)
    publication.refresh_from_db()
    assert "Local Area Agreement" in publication.html


def test_second_editor_of_minutes_is_refused_and_keeps_their_text(client, meeting, officer, chair):
    item = meeting.items.get(position=5)
    client.force_login(officer)
    form = html(client.get(f"/manage/items/{item.pk}/minutes/"))
    version = form.select_one("input[name=version]")["value"]
    services.item_minutes_save(item=item, loaded_version=0, narrative="The chair's text", public_summary="", by=chair)
    response = client.post(f"/manage/items/{item.pk}/minutes/", {"narrative": "My own long text", "version": version})
    soup = html(response)
    assert "changed by Cara Chair" in text_of(soup.select_one(".govuk-error-summary"))
    assert soup.select_one("#id_narrative").get_text().strip() == "My own long text"
    assert item.minutes.narrative == "The chair's text"


def test_officer_sees_every_change_to_the_minutes_with_differences(client, meeting, officer):
    item = meeting.items.get(position=5)
    services.item_minutes_save(
        item=item, loaded_version=0, narrative="First line\nSecond line", public_summary="", by=officer
    )
    services.item_minutes_save(
        item=item, loaded_version=1, narrative="First line\nSecond line, amended", public_summary="", by=officer
    )
    client.force_login(officer)
    changes = [
        text_of(ul)
        for ul in html(client.get(f"/manage/meetings/{meeting.pk}/history/")).select("[data-testid=changes]")
    ]
    assert any("removed: Second line" in c and "added: Second line, amended" in c for c in changes)


def test_open_actions_are_listed_overdue_first_and_shown_at_the_next_meetings_matters_arising(
    client, board, meeting, officer
):
    item = meeting.items.get(position=5)
    owner = services.members_expected(meeting)[0].person
    services.action_add(
        item=item, description="Report progress", owner=owner, owner_name="", due_on=dt.date(2030, 1, 1), by=officer
    )
    services.action_add(
        item=item,
        description="Circulate the targets",
        owner=None,
        owner_name="Jo Analyst",
        due_on=dt.date(2026, 10, 14),
        by=officer,
    )
    client.force_login(officer)
    rows = [text_of(r) for r in html(client.get("/manage/testshire/actions/")).select("[data-testid=actions] tbody tr")]
    assert rows[0].startswith("Circulate the targets Jo Analyst") and "Overdue" in rows[0]
    assert rows[1].startswith("Report progress")

    next_meeting = make_meeting(board, london(2030, 3, 6, 14), by=officer)
    services.agenda_start(meeting=next_meeting, by=officer)
    page = html(client.get(f"/manage/meetings/{next_meeting.pk}/"))
    arising = text_of(page.select_one("[data-testid=matters-arising]"))
    assert "Report progress" in arising and "Circulate the targets" in arising


def test_an_action_needs_an_owner(meeting, officer):
    item = meeting.items.get(position=5)
    with pytest.raises(ValidationError, match=r"Every action needs an owner: choose a member or type a name\."):
        services.action_add(item=item, description="Orphan", owner=None, owner_name="   ", due_on=None, by=officer)
    assert not item.actions.exists()
