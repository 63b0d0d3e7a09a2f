"""Paste a whole set of minutes (issue 15 §4): the parser, the matcher, the preview and the record
the officer confirms."""

import datetime as dt
from pathlib import Path

import pytest
from django.urls import reverse

from meetings.models import Action, AgendaItem, Attendance, ItemMinutes, Meeting, PastedMinutes, Resolution
from meetings.services.paste_minutes import (
    APOLOGIES,
    CERTAIN,
    IN_ATTENDANCE,
    NONE,
    PRESENT,
    UNCERTAIN,
    match_person,
    parse_attendee,
    parse_minutes,
)
from members.models import Membership, Person
from tests.conftest import html, make_member, make_person, text_of

SEEDS = Path("/work/shared/seeds")
SEED_001 = next(SEEDS.glob("001_*.txt"), None)
needs_seed = pytest.mark.skipif(SEED_001 is None, reason="the seed documents are not on this machine")

# -- Seed 001: every person, item and resolution --------------------------------------------------

SEED_PRESENT = [
    ("Councillor", "Sandra", "Clark"),
    ("", "Carolyn", "Boyd"),
    ("", "Naomi", "Eisenstadt"),
    ("", "Amanda", "Farr"),
    ("", "Alistair", "Gibbons"),
    ("", "Vanessa", "Gwynn"),
    ("", "Claire", "Hutley"),
    ("", "Gillian", "Kern"),
    ("", "John", "Liversidge"),
    ("", "David", "Moore"),
    ("", "Ian", "Revell"),
    ("", "Mary", "Sexton"),
    ("", "Jill", "Wilkinson"),
    ("", "Peter", "Taylor"),
]
SEED_APOLOGIES = [("", "Barbara", "Kennedy"), ("", "Simon", "Viccars")]
SEED_ITEMS = [
    "MINUTES",
    "CHILDREN'S TRUST",
    "COMMISSIONING FRAMEWORK",
    "LOCAL AREA AGREEMENT",
    "FINANCIAL POSITION 2006/07 AND 2007/08",
    "SYSTEMS THINKING",
    "JOINT MEETING WITH THE CHILDREN AND YOUNG PEOPLE'S JOINT PLANNING GROUP",
    "LOCAL SAFEGUARDING CHILDREN BOARDS",
    "CHILDREN AND YOUNG PEOPLE'S PLANNING GROUP",
    "DATES OF FUTURE MEETINGS",
]
SEED_RESOLUTIONS = [
    ["That the Minutes of the Children and Young People's Strategy Group held on 17 November 2006 be approved"],
    ["That the Social Enterprise and Council-led models for the Children's Trust be presented"],
    ["That the Commissioning Framework be considered at a future meeting"],
    ["That the final version of the Local Area Agreement be noted."],
    ["That the current financial positions of the partners"],
    ["That suitable locations for a Systems Thinking study be identified"],
    ["The Group decided to extend the next meeting to a whole morning session"],
    ["That the report be noted."],
    ["That the report be noted."],
    ["That meeting of the Children and Young People's Strategy Group be held on the following dates:"],
]


@needs_seed
def test_seed_001_every_person_item_and_resolution_is_recognised():
    parsed = parse_minutes(SEED_001.read_text(), held_on=dt.date(2007, 2, 19))

    def names(status):
        return [(a.honorific, a.given_name, a.family_name) for a in parsed.by_status(status)]

    assert names(PRESENT) == SEED_PRESENT
    assert names(APOLOGIES) == SEED_APOLOGIES
    assert names(IN_ATTENDANCE) == []
    chairs = [a.family_name for a in parsed.attendees if a.chair]
    assert chairs == ["Clark"]
    assert parsed.attendees[0].role == "MKC Cabinet Member"
    assert [item.title for item in parsed.items] == SEED_ITEMS
    assert [item.number for item in parsed.items] == [str(n) for n in range(1, 11)]
    assert len(SEED_RESOLUTIONS) == len(parsed.items)
    for item, expected in zip(parsed.items, SEED_RESOLUTIONS, strict=True):
        assert len(item.resolutions) == len(expected), item.title
        for text, start in zip(item.resolutions, expected, strict=True):
            assert text.startswith(start), (item.title, text)
    # The dates after "on the following dates:" belong to the resolution; the closing line does not.
    dates = parsed.items[-1].resolutions[0]
    assert "Friday 30 March" in dates and "Friday 28 September" in dates
    assert "CLOSED THE MEETING" not in dates
    assert parsed.closed_at == dt.time(11, 42)
    assert parsed.items[-1].text == ""
    # An item's text keeps its paragraphs and bullets, and not its resolution.
    trust = parsed.items[1].text
    assert trust.startswith("The Group received a verbal update from the Senior Education Officer")
    assert "- Budget issues." in trust
    assert "be presented to the next meeting" not in trust
    assert parsed.problems == []


@pytest.mark.parametrize(
    ("name", "expected_items"),
    [
        ("000_*.txt", ["Purpose", "Recommendations", "Background"]),
        ("003_*.txt", ["Purpose", "Recommendation", "Issues and Choices", "Implications"]),
    ],
)
def test_other_seed_documents_numbered_sections_are_read_as_items(name, expected_items):
    path = next(SEEDS.glob(name), None)
    if path is None:
        pytest.skip("the seed documents are not on this machine")
    parsed = parse_minutes(path.read_text())
    assert [item.title for item in parsed.items] == expected_items
    # Sub-paragraphs (1.1, 3.2) are the item's text, not items of their own.
    assert parsed.items[0].text.startswith("- 1.1 To ")


def test_seed_004_item_reference_and_tabbed_headings():
    path = next(SEEDS.glob("004_*.txt"), None)
    if path is None:
        pytest.skip("the seed documents are not on this machine")
    parsed = parse_minutes(path.read_text())
    # "Item 3.2" at the top is the report's reference, not item 3; "3.<tab>What are…" is an item.
    assert [item.number for item in parsed.items] == ["1", "2", "3", "4"]
    assert parsed.items[3].title == "What is being asked?"


# -- The parser's rules, one by one ----------------------------------------------------------------


def test_attendance_entries_with_initials_titles_and_chair():
    gail = parse_attendee("Gail Tolley (GT) – Corporate Director, Milton Keynes Council (Chair)", PRESENT)
    assert (gail.given_name, gail.family_name, gail.initials, gail.chair) == ("Gail", "Tolley", "GT", True)
    assert gail.role == "Corporate Director, Milton Keynes Council"
    sandra = parse_attendee("Cllr Sandra Clark", PRESENT)
    assert (sandra.honorific, sandra.given_name, sandra.family_name) == ("Cllr", "Sandra", "Clark")
    assert sandra.initials == "SC"
    vice = parse_attendee("Dr Ann de Souza (Vice-Chair)\tHealth", PRESENT)
    assert (vice.honorific, vice.given_name, vice.family_name, vice.chair, vice.role) == (
        "Dr",
        "Ann",
        "de Souza",
        False,
        "Health",
    )
    assert parse_attendee("The Group noted the report and agreed to proceed with it.", PRESENT) is None


def test_inline_lists_and_in_attendance():
    parsed = parse_minutes(
        "Present: Cllr Sandra Clark (Chair); Gail Tolley (GT)\n"
        "Apologies: Barbara Kennedy, Simon Viccars\n"
        "In attendance:\nPeter Taylor – Committee Manager\n\n"
        "1. Welcome\nThe Chair welcomed everyone.\n"
    )
    assert [(a.status, a.family_name) for a in parsed.attendees] == [
        (PRESENT, "Clark"),
        (PRESENT, "Tolley"),
        (APOLOGIES, "Kennedy"),
        (APOLOGIES, "Viccars"),
        (IN_ATTENDANCE, "Taylor"),
    ]
    assert parsed.attendees[0].chair
    assert parsed.items[0].title == "Welcome"


WORD_PASTE = (
    "Children\u2019s Partnership Board \u2013 minutes\n"
    "Present:\n"
    "\u2022\tGail\u00a0Tolley (GT)\t\u2013 Corporate Director (Chair)\n"
    "\u2022\tCllr Sandra Clark \u2014 Cabinet Member\n"
    "\n"
    "1.0\tWelcome and apologies\n"
    "1.1\tThe Chair welcomed members to the meeting.\n"
    "Page 1 of 3\n"
    "Children\u2019s Partnership Board \u2013 minutes\n"
    "\n"
    "ITEM 2\n"
    "\n"
    "\u201cEarly help\u201d strategy\n"
    "The board discussed the strategy.\n"
    "\u2022\tFunding was agreed in principle.\n"
    "1. First numbered point.\n"
    "2. Second numbered point.\n"
    "\n"
    "AGREED \u2013 that the strategy be adopted.\n"
    "\f"
    "- 2 -\n"
    "Children\u2019s Partnership Board \u2013 minutes\n"
    "3.0 Any other business\n"
    "Decision: That no other business be taken.\n"
)


def test_word_artefacts_are_tolerated():
    parsed = parse_minutes(WORD_PASTE)
    assert [(a.given_name, a.family_name, a.initials) for a in parsed.attendees] == [
        ("Gail", "Tolley", "GT"),
        ("Sandra", "Clark", "SC"),
    ]
    assert parsed.attendees[0].chair and parsed.attendees[0].role == "Corporate Director"
    titles = [item.title for item in parsed.items]
    assert titles == ["Welcome and apologies", '"Early help" strategy', "Any other business"]
    welcome, strategy, other = parsed.items
    assert welcome.text == "1.1 The Chair welcomed members to the meeting."  # no page footer, no repeated header
    assert "Page 1" not in strategy.text and "minutes" not in strategy.text
    assert "- Funding was agreed in principle." in strategy.text
    assert "1. First numbered point." in strategy.text  # a numbered list inside an item is its text
    assert strategy.resolutions == ["That the strategy be adopted."]
    assert other.resolutions == ["That no other business be taken."]


def test_numbered_resolutions_are_split():
    parsed = parse_minutes(
        "1. Budget\nThe board considered the budget.\n\n"
        "RESOLVED \u2013 (1) That the budget be approved. (2) That the Director report back in March.\n\n"
        "2. Plan\n\nRESOLVED:\n\n(a) That the plan be noted;\n\n(b) That partners be thanked.\n"
    )
    assert parsed.items[0].resolutions == ["That the budget be approved.", "That the Director report back in March."]
    assert parsed.items[0].text == "The board considered the budget."
    assert parsed.items[1].resolutions == ["That the plan be noted;", "That partners be thanked."]


def test_it_was_resolved_that():
    parsed = parse_minutes("1. Plan\nIt was RESOLVED that the plan be noted.\n")
    assert parsed.items[0].resolutions == ["That the plan be noted."]


def test_actions_with_owner_and_due_date():
    parsed = parse_minutes(
        "Present:\nDavid Moore (DM) - Head of Commissioning\nGail Tolley - Director\n\n"
        "1. Finance\nThe board noted the position.\n"
        "Action: DM to circulate the revised budget by 31 March\n\n"
        "ACTION: Circulate the report to partners (Owner: Gail Tolley, by 30 April 2027)\n\n"
        "Action: Review the plan \u2013 end of June 2027\n",
        held_on=dt.date(2026, 10, 5),
    )
    first, second, third = parsed.items[0].actions
    assert (first.owner, first.description, first.due_on) == (
        "DM",
        "Circulate the revised budget",
        dt.date(2027, 3, 31),  # the first 31 March after the meeting
    )
    assert (second.owner, second.description, second.due_on) == (
        "Gail Tolley",
        "Circulate the report to partners",
        dt.date(2027, 4, 30),
    )
    assert third.due_on == dt.date(2027, 6, 30) and third.due_precision == "month"
    assert parsed.items[0].text == "The board noted the position."


def test_actions_table_pasted_as_tabs():
    parsed = parse_minutes(
        "1. Actions from the meeting\n"
        "Action\tOwner\tDue\n"
        "Write to schools\tGT\t12/01/2027\n"
        "Update the risk register\tSandra Clark\tFebruary 2027\n",
    )
    actions = parsed.items[0].actions
    assert [(a.description, a.owner, a.due_on) for a in actions] == [
        ("Write to schools", "GT", dt.date(2027, 1, 12)),
        ("Update the risk register", "Sandra Clark", dt.date(2027, 2, 28)),
    ]


@pytest.mark.parametrize("text", ["", "   \n\n ", "The board met and talked about many things.\nNo numbers here."])
def test_no_items_is_a_clear_message(text):
    parsed = parse_minutes(text)
    assert parsed.items == []
    assert parsed.problems and ("numbered items" in parsed.problems[0] or "Paste" in parsed.problems[0])


# -- Matching people to the register ---------------------------------------------------------------


class P:
    """A person of the register, as the matcher reads one."""

    def __init__(self, given, family, honorific="", pk=None):
        self.given_name, self.family_name, self.honorific, self.pk = given, family, honorific, pk


def match(entry, people):
    return match_person(parse_attendee(entry, PRESENT), people)


def test_matcher_titles_middle_names_hyphens_and_case():
    clark, tolley = P("Sandra", "Clark", "Councillor"), P("Gail Elizabeth", "Tolley")
    smith_jones = P("Mary", "Smith-Jones")
    register = [clark, tolley, smith_jones, P("Sandra", "Clarke")]
    assert (m := match("Cllr Sandra Clark", register)).kind == CERTAIN and m.person is clark
    assert match("Councillor SANDRA CLARK", register).person is clark
    assert (m := match("Gail E Tolley", register)).kind == CERTAIN and m.person is tolley
    assert match("Dr Gail Tolley (GT)", register).kind == CERTAIN
    assert (m := match("Mary Smith Jones", register)).kind == CERTAIN and m.person is smith_jones
    assert (m := match("Mary Jones", register)).kind == UNCERTAIN and m.person is smith_jones
    assert (m := match("S Clark", register)).kind == UNCERTAIN and m.person is clark
    assert (m := match("Sandy Clark", register)).kind == UNCERTAIN and m.person is clark
    assert match("Naomi Eisenstadt", register).kind == NONE


def test_matcher_two_of_the_same_name_is_uncertain_unless_one_has_a_seat():
    register = [P("John", "Smith", pk=1), P("John", "Smith", pk=2)]
    m = match("John Smith", register)
    assert m.kind == UNCERTAIN and len(m.candidates) == 2
    m = match_person(parse_attendee("John Smith", PRESENT), register, frozenset({2}))
    assert m.kind == CERTAIN and m.person.pk == 2
    m = match_person(parse_attendee("J Smith", PRESENT), register, frozenset({2}))
    assert m.kind == UNCERTAIN and [p.pk for p in m.candidates] == [2, 1]


# -- The pages: paste, preview, confirm ------------------------------------------------------------

MINUTES = """Minutes of the Testshire Board held on 5 October 2026

Present:
Cllr Sandra Clark – Cabinet Member (Chair)
Gail Tolley (GT) – Corporate Director
Naomi Eisenstadt – Non Executive Director
Apologies:
Barbara Kennedy – Chief Executive

1. Minutes of the last meeting
RESOLVED – That the minutes of the meeting held on 6 July be approved as a correct record.

2. Early help strategy
The board considered the draft strategy.
• Partners supported the approach.

RESOLVED – (1) That the strategy be adopted. (2) That progress be reported in March.

Action: GT to circulate the final strategy by 31 October

3. Any other business
There was no other business.

The Chair closed the meeting at 11.15 am.
"""


def paste_url(partnership):
    return reverse("manage:paste_minutes", args=[partnership.slug])


def paste(client, partnership, board, text=MINUTES, day="2026-10-05"):
    return client.post(
        paste_url(partnership),
        {
            "body_choice": board.pk,
            "date": day,
            "start_time": "09:30",
            "duration": "120",
            "venue": "Civic Offices",
            "text": text,
        },
    )


@pytest.fixture
def register(board, council, officer):
    clark = make_member(board, council, "Sandra", "Clark", role=Membership.Role.CHAIR, by=officer)
    clark.person.honorific = "Councillor"
    clark.person.save()
    tolley = make_person("Gail", "Tolley", partnership=board.partnership, by=officer)
    tolley.given_name = "Gail Elizabeth"  # a middle name the minutes leave out
    tolley.save()
    kennedy = make_member(board, council, "Barbara", "Kennedy", by=officer)
    return {"clark": clark.person, "tolley": tolley, "kennedy": kennedy.person}


def test_paste_preview_then_confirm_writes_the_structured_record(client, partnership, board, officer, register):
    client.force_login(officer)
    response = paste(client, partnership, board)
    assert response.status_code == 302
    draft = PastedMinutes.objects.get()
    preview_url = reverse("manage:paste_minutes_preview", args=[partnership.slug, draft.pk])
    assert response["Location"] == preview_url

    page = client.get(preview_url)
    assert page.status_code == 200
    soup = html(page)
    text = text_of(soup)
    assert "Check the pasted minutes" in text
    assert len(soup.select("[data-testid=paste-person]")) == 4
    assert len(soup.select("[data-testid=paste-item]")) == 3
    assert len(soup.select("[data-testid=paste-resolution]")) == 3
    action = text_of(soup.select_one("[data-testid=paste-action]"))
    assert action.startswith("Circulate the final strategy. Owner: Gail Tolley; due ")
    assert "31 October 2026" in action
    # Clark and Kennedy matched; Tolley matched (her middle name aside); Eisenstadt new.
    assert soup.select_one("#id_person_0 option[selected]")["value"] == str(register["clark"].pk)
    assert soup.select_one("#id_person_1 option[selected]")["value"] == str(register["tolley"].pk)
    assert soup.select_one("#id_person_2 option[selected]")["value"] == "new"
    assert Meeting.objects.count() == 0  # nothing saved before the officer confirms

    choices = {
        "person_0": register["clark"].pk,
        "person_1": register["tolley"].pk,
        "person_2": "new",
        "person_3": register["kennedy"].pk,
    }
    response = client.post(preview_url, choices)
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("manage:minutes", args=[meeting.pk])
    assert meeting.status == Meeting.Status.MINUTES_DRAFTED
    assert meeting.chaired_by == register["clark"]

    eisenstadt = Person.objects.get(family_name="Eisenstadt")
    assert eisenstadt.partnership == partnership and eisenstadt.given_name == "Naomi"
    attendance = {a.person.family_name: a for a in Attendance.objects.filter(meeting=meeting)}
    assert {name: a.status for name, a in attendance.items()} == {
        "Clark": "present",
        "Tolley": "present",
        "Eisenstadt": "present",
        "Kennedy": "apologies",
    }
    assert attendance["Eisenstadt"].role_shown == "Non Executive Director"

    items = list(AgendaItem.objects.filter(meeting=meeting).order_by("position"))
    assert [i.title for i in items] == ["Minutes of the last meeting", "Early help strategy", "Any other business"]
    assert ItemMinutes.objects.get(item=items[1]).narrative == (
        "The board considered the draft strategy.\n- Partners supported the approach."
    )
    assert list(Resolution.objects.filter(meeting=meeting).order_by("number").values_list("text", flat=True)) == [
        "That the minutes of the meeting held on 6 July be approved as a correct record.",
        "That the strategy be adopted.",
        "That progress be reported in March.",
    ]
    action = Action.objects.get(meeting=meeting)
    assert (action.description, action.owner, action.due_on) == (
        "Circulate the final strategy",
        register["tolley"],
        dt.date(2026, 10, 31),
    )
    # The history names the officer on every record written.
    for model in (Meeting, AgendaItem, Attendance, ItemMinutes, Resolution, Action, Person):
        rows = model.history.all()
        if model is Person:
            rows = rows.filter(family_name="Eisenstadt")
        assert rows.exists() and all(row.history_user == officer for row in rows), model

    assert meeting.closed_at == dt.time(11, 15)
    assert ItemMinutes.objects.get(item=items[2]).narrative == "There was no other business."

    # The ordinary minutes page shows them, to edit and publish with its own button.
    minutes_page = text_of(html(client.get(response["Location"], follow=True)))
    assert "That the strategy be adopted." in minutes_page
    client.post(reverse("manage:minutes_publish", args=[meeting.pk]))
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.MINUTES_PUBLISHED

    # A second confirmation writes nothing more.
    again = client.post(preview_url, choices)
    assert again.status_code == 302 and again["Location"] == reverse("manage:minutes", args=[meeting.pk])
    assert Meeting.objects.count() == 1 and Resolution.objects.count() == 3 and Person.objects.count() == 4


@needs_seed
def test_seed_001_confirmed_as_pasted(client, partnership, board, officer):
    client.force_login(officer)
    response = paste(client, partnership, board, text=SEED_001.read_text(), day="2026-09-14")
    preview_url = response["Location"]
    soup = html(client.get(preview_url))
    rows = soup.select("[data-testid=paste-person]")
    assert len(rows) == 16
    choices = {f"person_{i}": "new" for i in range(16)}
    client.post(preview_url, choices)
    meeting = Meeting.objects.get()
    assert meeting.items.count() == 10
    assert meeting.resolutions.count() == 10
    assert meeting.attendances.filter(status="present").count() == 14
    assert meeting.attendances.filter(status="apologies").count() == 2
    assert meeting.chaired_by.family_name == "Clark"


def test_a_person_of_another_partnership_cannot_be_chosen(client, partnership, board, officer, other_officer):
    from boards.models import Partnership

    elsewhere = Partnership.objects.get(slug="elsewhere")
    stranger = make_person("Sandra", "Clark", partnership=elsewhere)
    client.force_login(officer)
    preview_url = paste(client, partnership, board)["Location"]
    soup = html(client.get(preview_url))
    assert not soup.select(f"option[value='{stranger.pk}']")
    response = client.post(preview_url, {f"person_{i}": stranger.pk for i in range(4)})
    assert response.status_code == 200
    assert "Choose who Cllr Sandra Clark is from the list" in text_of(html(response))
    assert Meeting.objects.count() == 0


def test_other_partnerships_officers_get_404(client, partnership, board, officer, other_officer, member):
    client.force_login(officer)
    preview_url = paste(client, partnership, board)["Location"]
    draft = PastedMinutes.objects.get()
    own_slug_url = reverse("manage:paste_minutes_preview", args=["elsewhere", draft.pk])

    client.force_login(other_officer)
    for url in (paste_url(partnership), preview_url, own_slug_url):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"person_0": "new"}).status_code == 404, url
    assert paste(client, partnership, board).status_code == 404
    # A member of the partnership who is not an officer: refused.
    client.force_login(member)
    assert client.get(paste_url(partnership)).status_code == 403
    assert client.post(preview_url, {"person_0": "new"}).status_code == 403
    client.logout()
    assert client.get(preview_url).status_code in (302, 404)
    assert Meeting.objects.count() == 0


def test_another_officer_of_the_same_partnership_does_not_see_the_draft(client, partnership, board, officer):
    from tests.conftest import make_user

    client.force_login(officer)
    preview_url = paste(client, partnership, board)["Location"]
    colleague = make_user("colleague")
    partnership.officers.add(colleague)
    client.force_login(colleague)
    assert client.get(preview_url).status_code == 404


def test_an_expired_draft_is_gone(client, partnership, board, officer):
    client.force_login(officer)
    preview_url = paste(client, partnership, board)["Location"]
    PastedMinutes.objects.update(created_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    assert client.get(preview_url).status_code == 404
    assert client.post(preview_url, {"person_0": "new"}).status_code == 404
    paste(client, partnership, board, day="2026-10-06")  # pasting again clears the expired text away
    assert PastedMinutes.objects.count() == 1
    assert Meeting.objects.count() == 0


# -- Hostile input ---------------------------------------------------------------------------------


def test_empty_text_is_refused_with_the_field_named(client, partnership, board, officer):
    client.force_login(officer)
    response = paste(client, partnership, board, text="   ")
    assert response.status_code == 200
    assert "Paste the text of the minutes" in text_of(html(response))
    assert PastedMinutes.objects.count() == 0


def test_very_long_text_is_refused_and_kept(client, partnership, board, officer):
    client.force_login(officer)
    response = paste(client, partnership, board, text="1. Item\n" + "x" * 300_000)
    assert response.status_code == 200
    page = text_of(html(response))
    assert "200,000 characters or fewer" in page
    assert PastedMinutes.objects.count() == 0


def test_no_numbered_items_is_a_clear_message(client, partnership, board, officer):
    client.force_login(officer)
    response = paste(client, partnership, board, text="Present:\nGail Tolley\n\nWe talked about things.")
    assert response.status_code == 200
    assert "No numbered items were found" in text_of(html(response))
    assert PastedMinutes.objects.count() == 0


def test_a_meeting_already_on_that_day_is_refused(client, partnership, board, officer):
    from tests.conftest import london, make_meeting

    make_meeting(board, london(2026, 10, 5, 14), by=officer)
    client.force_login(officer)
    response = paste(client, partnership, board)
    assert response.status_code == 200
    assert "already meets on" in text_of(html(response))


def test_a_script_is_shown_as_text_never_run(client, partnership, board, officer):
    client.force_login(officer)
    text = "1. Budget <script>alert('x')</script>\nRESOLVED – That <script>alert(1)</script> be noted.\n"
    preview_url = paste(client, partnership, board, text=text)["Location"]
    body = client.get(preview_url).content.decode()
    assert "<script>alert" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body


@pytest.mark.parametrize(
    "changes",
    [
        {"date": "0001-01-01"},
        {"date": "9999-12-31"},
        {"date": "2030-01-01"},
        {"body_choice": "999999"},
        {"body_choice": "not a number"},
        {"start_time": "25:99"},
        {"duration": "-5"},
        {"venue": "x" * 1000},
        {"text": "\x00\ufeff1. Item\n"},
    ],
)
def test_hostile_posts_re_render_with_messages(client, partnership, board, officer, changes):
    client.force_login(officer)
    data = {
        "body_choice": board.pk,
        "date": "2026-10-05",
        "start_time": "09:30",
        "duration": "120",
        "venue": "Civic Offices",
        "text": MINUTES,
        **changes,
    }
    response = client.post(paste_url(partnership), data)
    assert response.status_code == 200
    assert html(response).select_one(".govuk-error-summary") is not None
    assert PastedMinutes.objects.count() == 0


def test_hostile_choices_on_the_preview(client, partnership, board, officer):
    client.force_login(officer)
    preview_url = paste(client, partnership, board)["Location"]
    for value in ("", "999999", "<script>", "new\x00"):
        response = client.post(preview_url, {f"person_{i}": value for i in range(4)})
        assert response.status_code == 200, value
        assert html(response).select_one(".govuk-error-summary") is not None, value
    assert Meeting.objects.count() == 0


def test_item_headings_written_as_item_n_and_minute_n():
    parsed = parse_minutes(
        "ITEM 1 – WELCOME\nThe Chair welcomed everyone.\n\nItem 2\n\nPerformance report\n"
        "The board noted the report.\n\nMinute 3: Any other business\nNone.\n"
    )
    assert [(i.number, i.title) for i in parsed.items] == [
        ("1", "WELCOME"),
        ("2", "Performance report"),
        ("3", "Any other business"),
    ]
    assert parsed.items[1].text == "The board noted the report."


def test_apologies_as_an_item_and_dates_are_not_items():
    parsed = parse_minutes(
        "Testshire Board\n19 February 2026\n\n"
        "1. Apologies for absence\n"
        "Apologies for absence were received from Cllr Sandra Clark, Gail Tolley and Dr Ann Smith.\n\n"
        "2. Declarations of interest\nThere were none. Apologies were noted above.\n"
    )
    assert [item.title for item in parsed.items] == ["Apologies for absence", "Declarations of interest"]
    assert [(a.status, a.honorific, a.family_name) for a in parsed.attendees] == [
        (APOLOGIES, "Cllr", "Clark"),
        (APOLOGIES, "", "Tolley"),
        (APOLOGIES, "Dr", "Smith"),
    ]
    assert parsed.items[0].text.startswith("Apologies for absence were received from")


def test_a_resolution_said_three_times_is_three_resolutions():
    parsed = parse_minutes(
        "".join(
            f"{n}. Report {n}\nThe board received the report.\nThat the report be noted.\n\n" for n in (1, 2, 3)
        ).replace("That the report be noted.", "RESOLVED – That the report be noted.")
    )
    assert [item.resolutions for item in parsed.items] == [["That the report be noted."]] * 3
    assert [item.text for item in parsed.items] == ["The board received the report."] * 3


def test_the_meeting_taken_that_day_meanwhile_is_refused_on_confirm(client, partnership, board, officer):
    from tests.conftest import london, make_meeting

    client.force_login(officer)
    preview_url = paste(client, partnership, board)["Location"]
    make_meeting(board, london(2026, 10, 5, 14), by=officer)  # recorded by a colleague meanwhile
    response = client.post(preview_url, {f"person_{i}": "new" for i in range(4)})
    assert response.status_code == 200
    assert "already meets on" in text_of(html(response))
    assert Meeting.objects.count() == 1 and not Person.objects.filter(family_name="Eisenstadt").exists()


def test_more_than_one_meetings_worth_is_refused(client, partnership, board, officer):
    client.force_login(officer)
    text = "".join(f"{n}. Title {n}\nText.\n" for n in range(1, 150))
    response = paste(client, partnership, board, text=text)
    assert response.status_code == 200
    assert "Paste one meeting's minutes at a time" in text_of(html(response))
    assert PastedMinutes.objects.count() == 0


def test_the_preview_reads_the_register_in_a_fixed_number_of_queries(client, partnership, board, officer, council):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(officer)
    preview_url = paste(client, partnership, board)["Location"]

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(preview_url).status_code == 200
        return len(queries)

    small = count()
    for n in range(12):
        make_member(board, council, f"Given{n}", f"Family{n}", by=officer)
    # session, user, partnership, officer check, draft, the register (once for matching, once for
    # the choices): the same however many people the register holds.
    assert count() == small


def test_a_new_person_needs_a_first_name(client, partnership, board, officer):
    client.force_login(officer)
    preview_url = paste(client, partnership, board, text="Present:\nCllr Smith\n\n1. Welcome\nHello.\n")["Location"]
    response = client.post(preview_url, {"person_0": "new"})
    assert response.status_code == 200
    soup = html(response)
    assert "give no first name for Cllr Smith" in text_of(soup.select_one(".govuk-error-summary"))
    assert Meeting.objects.count() == 0 and Person.objects.count() == 0
    response = client.post(preview_url, {"person_0": "omit"})
    assert response.status_code == 302 and Meeting.objects.count() == 1


def test_an_actions_table_at_the_end_gives_each_action_to_its_item():
    parsed = parse_minutes(
        "1. Budget\nNoted.\n\n2. Plan\nNoted.\n\n3. Any other business\nNone.\n\n"
        "Actions\n"
        "Item\tAction\tOwner\tDue date\n"
        "1\tRevise the budget\tGT\t31 March 2027\n"
        "2.1\tPublish the plan\tSandra Clark\t\n"
        "\tTidy up\tDM\t\n",
    )
    budget, plan, other = parsed.items
    assert [a.description for a in budget.actions] == ["Revise the budget"]
    assert [(a.description, a.owner, a.due_on) for a in plan.actions] == [("Publish the plan", "Sandra Clark", None)]
    assert [a.description for a in other.actions] == ["Tidy up"]  # no item named: where the table is
    assert other.text == "None."


def test_someone_in_attendance_can_be_recorded_by_name_alone(client, partnership, board, officer):
    client.force_login(officer)
    text = "Present:\nGail Tolley\nIn attendance:\nPeter Taylor – Committee Manager\n\n1. Welcome\nHello.\n"
    preview_url = paste(client, partnership, board, text=text)["Location"]
    soup = html(client.get(preview_url))
    assert soup.select_one("#id_person_1 option[value=name]") is not None
    assert soup.select_one("#id_person_0 option[value=name]") is None  # members present are in the register
    response = client.post(preview_url, {"person_0": "new", "person_1": "name"})
    assert response.status_code == 302
    guest = Attendance.objects.get(name="Peter Taylor")
    assert (guest.person, guest.status, guest.role_shown) == (None, "in_attendance", "Committee Manager")
    assert not Person.objects.filter(family_name="Taylor").exists()


def test_a_sentence_beginning_decision_making_is_text_not_a_resolution():
    parsed = parse_minutes("1. Governance\nDecision-making was discussed.\n\nResolved - that the report be noted.\n")
    assert parsed.items[0].text == "Decision-making was discussed."
    assert parsed.items[0].resolutions == ["That the report be noted."]
