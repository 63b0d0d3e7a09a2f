"""Minutes approval never strands: minutes are approved at any later meeting of the body that has
been held, whatever the state of that meeting's own minutes (the approval is added to them, and
said publicly, if they are already published); publishing warns of the previous meeting's
unapproved minutes and offers their approval in the same step; the dashboards list minutes
awaiting approval; the wording is the partnership's own; the dates of future meetings are frozen
when the minutes are first published. And resolutions record how they were decided."""

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from pypdf import PdfReader

from core.audit import save_audited
from meetings import services
from meetings.models import AgendaItem, Meeting, MinutesPublication, Resolution
from tests.conftest import html, london, make_meeting, make_person, text_of
from tests.meetings.minutes_helpers import held_meeting, minute_it

pytestmark = pytest.mark.django_db

OCTOBER = dt.date(2026, 10, 7)
NOVEMBER = dt.date(2026, 11, 4)


def pdf_text(content: bytes) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(content)).pages)


def published_minutes(board, officer, day):
    meeting = held_meeting(board, officer, day=day)
    minute_it(meeting, officer)
    services.minutes_publish(meeting=meeting, by=officer)
    meeting.refresh_from_db()
    return meeting


@pytest.fixture
def october(board, officer, chair, member):
    return published_minutes(board, officer, OCTOBER)


def public_text(client, meeting) -> str:
    return text_of(html(client.get(meeting.get_absolute_url())))


# Approval at any later meeting that has been held


def test_minutes_of_a_meeting_can_be_approved_at_a_later_meeting_whose_minutes_are_already_published(
    client, board, october, officer, chair
):
    november = published_minutes(board, officer, NOVEMBER)
    assert services.approval_meetings(october) == [november]
    published_numbers = list(november.resolutions.order_by("number").values_list("number", "text"))

    services.minutes_approve(meeting=october, at_meeting=november, corrections=["Item 5: read “three”"], by=chair)

    october.refresh_from_db()
    assert october.status == Meeting.Status.MINUTES_APPROVED
    assert october.minutes_approved_at_meeting == november
    # November's published resolutions keep their numbers; the approval comes after them, in the
    # item for the previous minutes, and a correction says so publicly.
    resolutions = list(november.resolutions.order_by("number"))
    assert [(r.number, r.text) for r in resolutions[:-1]] == published_numbers
    approval = resolutions[-1]
    assert approval.number == len(published_numbers) + 1
    assert approval.item.kind == AgendaItem.Kind.PREVIOUS_MINUTES
    assert approval.text.startswith(
        "That the minutes of the meeting held on Wednesday 7 October 2026 be approved as a correct record"
    )
    assert november.minutes_publications.latest("number").kind == MinutesPublication.Kind.CORRECTED
    page = html(client.get(november.get_absolute_url()))
    corrections = text_of(page.select_one("[data-testid=corrections]"))
    assert "Added after these minutes were published" in corrections
    assert "Wednesday 7 October 2026 were approved as a correct record at this meeting" in corrections
    assert "be approved as a correct record subject to the following corrections" in text_of(page)
    pdf = pdf_text(client.get(november.get_absolute_url() + "minutes.pdf").content)
    assert "Added after these minutes were published" in pdf
    assert "Approved as a correct record at the meeting held on Wednesday 4 November 2026" in public_text(
        client, october
    )


def test_minutes_can_be_approved_at_a_later_meeting_whose_own_minutes_are_approved(
    client, board, october, officer, chair
):
    november = published_minutes(board, officer, NOVEMBER)
    december = make_meeting(board, london(2026, 12, 2, 14), by=officer)
    services.minutes_approve(meeting=november, at_meeting=december, corrections=[], by=chair)
    november.refresh_from_db()
    assert november.status == Meeting.Status.MINUTES_APPROVED
    # October was left behind: it is approved at November all the same, and November's approved
    # minutes change only by a recorded correction.
    services.minutes_approve(meeting=october, at_meeting=november, corrections=[], by=chair)
    october.refresh_from_db()
    assert october.status == Meeting.Status.MINUTES_APPROVED and october.minutes_approved_at_meeting == november
    assert "Added after these minutes were published" in text_of(
        html(client.get(november.get_absolute_url())).select_one("[data-testid=corrections]")
    )


def test_minutes_can_be_approved_at_any_later_held_meeting_but_not_a_future_or_earlier_or_other_bodys(
    board, october, officer, chair, partnership
):
    from boards.models import Body

    earlier = make_meeting(board, london(2026, 9, 2, 14), by=officer)
    later_held = make_meeting(board, london(2026, 11, 4, 14), by=officer)
    second_held = make_meeting(board, london(2026, 12, 2, 14), by=officer)
    future = make_meeting(board, london(2027, 1, 13, 14), by=officer)
    cancelled = make_meeting(board, london(2026, 11, 18, 14), by=officer)
    services.meeting_cancel(meeting=cancelled, reason="No business", by=officer)
    group = save_audited(
        Body(partnership=partnership, kind=Body.Kind.PLANNING_GROUP, name="Planning group", slug="planning"),
        by=officer,
        reason="test",
    )
    other_body = make_meeting(group, london(2026, 11, 11, 14), by=officer)

    assert services.approval_meetings(october) == [later_held, second_held]
    for wrong in (earlier, future, cancelled, other_body):
        with pytest.raises(ValidationError, match="later meeting of the same body"):
            services.minutes_approve(meeting=october, at_meeting=wrong, corrections=[], by=chair)
    services.minutes_approve(meeting=october, at_meeting=second_held, corrections=[], by=chair)
    october.refresh_from_db()
    assert october.minutes_approved_at_meeting == second_held


# Publishing warns of the previous meeting's unapproved minutes, and offers their approval


def test_publishing_warns_of_the_previous_unapproved_minutes_and_approves_them_in_the_same_step(
    client, board, october, officer, chair
):
    november = held_meeting(board, officer, day=NOVEMBER)
    minute_it(november, officer)
    client.force_login(officer)
    minutes_page = html(client.get(f"/manage/meetings/{november.pk}/minutes/"))
    assert "Wednesday 7 October 2026" in text_of(minutes_page.select_one("[data-testid=previous-unapproved]"))

    url = f"/manage/meetings/{november.pk}/minutes/publish/"
    page = html(client.get(url))
    assert "have not yet been approved as a correct record" in text_of(page.select_one(".govuk-warning-text"))
    refused = html(client.post(url, {}))
    summary = text_of(refused.select_one(".govuk-error-summary"))
    assert "Say whether this meeting agreed that the minutes of Wednesday 7 October 2026 be approved" in summary
    november.refresh_from_db()
    assert november.status == Meeting.Status.MINUTES_DRAFTED

    response = client.post(url, {"approve_previous": "yes", "corrections": "Item 5: read “three”\n"})
    assert response.status_code == 302
    october.refresh_from_db()
    november.refresh_from_db()
    assert october.status == Meeting.Status.MINUTES_APPROVED and october.minutes_approved_at_meeting == november
    assert november.status == Meeting.Status.MINUTES_PUBLISHED
    # The approval is part of November's minutes as first published: no correction needed.
    assert list(november.minutes_publications.values_list("kind", flat=True)) == [MinutesPublication.Kind.PUBLISHED]
    assert not november.corrections.exists()
    client.logout()
    page = public_text(client, november)
    assert "That the minutes of the meeting held on Wednesday 7 October 2026 be approved as a correct record" in page
    assert "“three”" in text_of(html(client.get(october.get_absolute_url())).select_one("[data-testid=corrections]"))


def test_publishing_can_leave_the_previous_minutes_awaiting_approval(client, board, october, officer):
    november = held_meeting(board, officer, day=NOVEMBER)
    minute_it(november, officer)
    client.force_login(officer)
    response = client.post(f"/manage/meetings/{november.pk}/minutes/publish/", {"approve_previous": "no"})
    assert response.status_code == 302
    october.refresh_from_db()
    november.refresh_from_db()
    assert (october.status, november.status) == (Meeting.Status.MINUTES_PUBLISHED, Meeting.Status.MINUTES_PUBLISHED)
    # Not stranded: they can still be approved at November.
    assert services.approval_meetings(october)[0] == november


def test_publishing_warns_when_the_previous_minutes_are_not_even_published(client, board, officer, chair, member):
    october = held_meeting(board, officer, day=OCTOBER)
    minute_it(october, officer)
    november = held_meeting(board, officer, day=NOVEMBER)
    minute_it(november, officer)
    client.force_login(officer)
    url = f"/manage/meetings/{november.pk}/minutes/publish/"
    page = html(client.get(url))
    assert "have not been published yet" in text_of(page.select_one(".govuk-warning-text"))
    assert page.select("input[name=approve_previous]") == []  # nothing to approve yet
    assert client.post(url, {}).status_code == 302
    november.refresh_from_db()
    assert november.status == Meeting.Status.MINUTES_PUBLISHED


def test_approving_the_previous_minutes_when_publishing_is_refused_with_a_message_if_publishing_is(
    client, board, october, officer
):
    november = held_meeting(board, officer, day=NOVEMBER)  # no attendance, no closing time
    client.force_login(officer)
    response = client.post(f"/manage/meetings/{november.pk}/minutes/publish/", {"approve_previous": "yes"})
    assert response.status_code == 200
    assert "closed the meeting" in text_of(html(response).select_one(".govuk-error-summary"))
    october.refresh_from_db()
    assert october.status == Meeting.Status.MINUTES_PUBLISHED  # one step: neither part happened
    assert not november.resolutions.exists()


# The dashboards


def test_officer_and_chair_dashboards_list_minutes_awaiting_approval_with_where(client, board, october, officer, chair):
    november = make_meeting(board, london(2026, 11, 4, 14), by=officer)
    for user, testid in ((officer, "officer-awaiting-approval"), (chair, "chair-awaiting-approval")):
        client.force_login(user)
        listed = html(client.get("/manage/")).select_one(f"[data-testid={testid}]")
        assert "Testshire Board, Wednesday 7 October 2026" in text_of(listed)
        assert "can be approved as a correct record at the meeting held on Wednesday 4 November 2026" in text_of(listed)
        links = [a["href"] for a in listed.select("a")]
        assert f"/manage/meetings/{november.pk}/minutes/" in links
    assert f"/manage/meetings/{october.pk}/minutes/approve/" in links  # the chair's
    services.minutes_approve(meeting=october, at_meeting=november, corrections=[], by=chair)
    assert html(client.get("/manage/")).select_one("[data-testid=chair-awaiting-approval]") is None


def test_dashboard_says_when_the_next_meeting_is_still_to_come(client, board, october, officer):
    make_meeting(board, london(2027, 1, 13, 14), by=officer)
    client.force_login(officer)
    listed = html(client.get("/manage/")).select_one("[data-testid=officer-awaiting-approval]")
    assert "to be approved as a correct record at the next meeting, Wednesday 13 January 2027" in text_of(listed)


# The partnership's own wording


def test_the_minutes_use_the_partnerships_own_wording(client, partnership, board, october, officer, chair):
    partnership.minutes_approval_wording = partnership.ApprovalWording.TRUE_RECORD
    partnership.resolution_style = partnership.ResolutionStyle.AGREED
    save_audited(partnership, by=officer, reason="Wording of the standing orders")
    november = held_meeting(board, officer, day=NOVEMBER)
    minute_it(november, officer)
    client.force_login(chair)
    form = html(client.get(f"/manage/meetings/{october.pk}/minutes/approve/"))
    assert text_of(form.select_one("h1")) == "Agree the minutes as a true record"
    assert form.select_one("main button").get_text(strip=True) == "Agree and sign as a true record"
    client.force_login(officer)
    assert html(client.get(f"/manage/items/{november.items.first().pk}/resolutions/new/")).select_one(
        "label[for=id_text]"
    ).get_text(strip=True) == ("AGREED –")
    client.post(f"/manage/meetings/{november.pk}/minutes/publish/", {"approve_previous": "yes"})
    client.logout()

    november_page = html(client.get(november.get_absolute_url()))
    headings = [text_of(div.find("p")) for div in november_page.select("[data-testid=resolution]")]
    assert headings and all(heading.startswith("AGREED –") for heading in headings)
    assert "RESOLVED" not in text_of(november_page)
    assert "That the minutes of the meeting held on Wednesday 7 October 2026 be agreed as a true record." in text_of(
        november_page
    )
    october_page = html(client.get(october.get_absolute_url()))
    assert text_of(october_page.select_one("[data-testid=minutes-status]")).startswith("Agreed as a true record")
    pdf = pdf_text(client.get(october.get_absolute_url() + "minutes.pdf").content)
    assert "Signed as a true record" in pdf and "AGREED –" in pdf and "RESOLVED" not in pdf


# Nothing changes in approved minutes but the recorded corrections


def test_the_dates_of_future_meetings_are_frozen_at_publication_not_rebuilt_at_approval(
    client, board, officer, chair, member
):
    november = make_meeting(board, london(2026, 11, 4, 14), by=officer)
    make_meeting(board, london(2027, 1, 13, 14), by=officer)
    october = published_minutes(board, officer, OCTOBER)
    frozen = html(client.get(october.get_absolute_url())).select_one("[data-testid=future-meetings]")
    assert "Wednesday 4 November 2026" in text_of(frozen) and "Wednesday 13 January 2027" in text_of(frozen)
    # The schedule changes after publication: a meeting added, one cancelled.
    make_meeting(board, london(2026, 12, 9, 14), by=officer)
    services.meeting_cancel(meeting=Meeting.objects.get(starts_at=london(2027, 1, 13, 14)), reason="x", by=officer)

    services.minutes_approve(meeting=october, at_meeting=november, corrections=[], by=chair)
    approved = html(client.get(october.get_absolute_url()))
    dates = text_of(approved.select_one("[data-testid=future-meetings]"))
    assert "Wednesday 13 January 2027" in dates and "9 December" not in dates
    pdf = pdf_text(client.get(october.get_absolute_url() + "minutes.pdf").content)
    assert "Wednesday 13 January 2027" in pdf and "9 December" not in pdf


# How a resolution was decided


def test_a_resolution_records_a_vote_with_proposer_and_seconder_in_the_web_and_pdf_minutes(
    client, board, officer, chair, member
):
    meeting = held_meeting(board, officer, day=OCTOBER)
    minute_it(meeting, officer)
    item = meeting.items.get(position=5)
    client.force_login(officer)
    response = client.post(
        f"/manage/items/{item.pk}/resolutions/new/",
        {
            "text": "That the partnership fund the pilot.",
            "decided_by": "vote",
            "votes_for": "1",
            "votes_against": "0",
            "abstentions": "1",
            "proposed_by": chair.person.pk,
            "seconded_by": member.person.pk,
        },
    )
    assert response.status_code == 302, text_of(html(response).select_one(".govuk-error-summary"))
    services.minutes_publish(meeting=meeting, by=officer)
    client.logout()
    expected = "Carried by 1 vote to 0, with 1 abstention. Proposed by Cara Chair, seconded by Mo Member."
    decisions = [
        text_of(p) for p in html(client.get(meeting.get_absolute_url())).select("[data-testid=resolution-decision]")
    ]
    assert decisions == [expected]
    assert expected in pdf_text(client.get(meeting.get_absolute_url() + "minutes.pdf").content)


@pytest.mark.parametrize(
    ("decided_by", "expected"),
    [("consensus", "Agreed by consensus."), ("unanimous", "Carried unanimously.")],
)
def test_a_resolution_decided_without_a_count_says_how(meeting_minuted, officer, decided_by, expected):
    item = meeting_minuted.items.get(position=5)
    resolution = services.resolution_add(
        item=item, text="That it be so.", by=officer, decision=services.Decision(decided_by=decided_by)
    )
    assert resolution.decision_summary == expected
    assert Resolution.objects.get(pk=resolution.pk).decided_by == decided_by


@pytest.fixture
def meeting_minuted(board, officer, chair, member):
    meeting = held_meeting(board, officer, day=OCTOBER)
    minute_it(meeting, officer)
    return meeting


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"decided_by": "vote"}, "votes_for", "Enter the number of votes for, 0 if there were none."),
        (
            {"decided_by": "vote", "votes_for": "2", "votes_against": "5", "abstentions": "0"},
            "votes_for",
            "cannot be fewer",
        ),
        ({"decided_by": "consensus", "votes_for": "3"}, "votes_for", "only for a resolution decided by a vote"),
        (
            {"decided_by": "vote", "votes_for": "0", "votes_against": "0", "abstentions": "0"},
            "votes_for",
            "a vote needs at least one vote for or against",
        ),
        (
            {"decided_by": "vote", "votes_for": "50", "votes_against": "0", "abstentions": "0"},
            "votes_for",
            "add up to 50, but",
        ),
        (
            {"decided_by": "vote", "votes_for": "-1", "votes_against": "0", "abstentions": "0"},
            "votes_for",
            "cannot be less than 0",
        ),
        ({"decided_by": "secret ballot"}, "decided_by", "Choose how the resolution was decided."),
        ({"proposed_by": "999999"}, "proposed_by", "Choose the proposer from those present."),
        ({"proposed_by": "same", "seconded_by": "same"}, "seconded_by", "someone other than the proposer"),
    ],
)
def test_a_resolution_with_a_wrong_decision_is_refused_with_a_field_error(
    client, meeting_minuted, officer, chair, data, field, message
):
    item = meeting_minuted.items.get(position=5)
    before = Resolution.objects.count()
    data = {key: (chair.person.pk if value == "same" else value) for key, value in data.items()}
    client.force_login(officer)
    response = client.post(f"/manage/items/{item.pk}/resolutions/new/", {"text": "That it be so.", **data})
    assert response.status_code == 200
    page = html(response)
    summary = page.select_one(".govuk-error-summary")
    assert message in text_of(summary)
    assert (
        summary.select_one(f"a[href='#id_{field}']") is not None
        or summary.select_one(f"a[href^='#id_{field}']") is not None
    )
    assert Resolution.objects.count() == before


def test_only_people_present_propose_or_second(meeting_minuted, officer, partnership):
    absent = make_person("Abe", "Sent", partnership=partnership, by=officer)
    item = meeting_minuted.items.get(position=5)
    with pytest.raises(ValidationError, match="Abe Sent is not recorded as present"):
        services.resolution_add(
            item=item, text="That it be so.", by=officer, decision=services.Decision(proposed_by=absent)
        )


def test_the_database_refuses_counts_without_a_vote(meeting_minuted):
    from django.db import IntegrityError, transaction

    resolution = meeting_minuted.resolutions.first()
    resolution.votes_for = 3
    with pytest.raises(IntegrityError), transaction.atomic():
        resolution.save()
