"""Random and hostile values posted to every form: never a 5xx, an invalid post changes nothing,
and nothing typed is ever rendered as live markup."""

import pytest
from django.apps import apps
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from meetings import services
from tests.commissions.helpers import make_commission
from tests.conftest import html, london, make_meeting, text_of

pytestmark = pytest.mark.django_db

HOSTILE = [
    "<script>alert('xss')</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    "'; DROP TABLE meetings_meeting; --",
    "\x00\x01\x02",
    "‮ reversed",
    "0000-00-00",
    "2030-02-30",
    "99:99",
    "-1",
    "9" * 40,
    "𝕌𝕟𝕚𝕔𝕠𝕕𝕖 ✓ — “quotes”",
    "A" * 5000,
    "",
    " ",
]
values = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=300), st.integers().map(str))


def live_markup(soup) -> list[str]:
    """Elements a browser would run: inline scripts without our nonce, event handlers, script links."""
    found = [str(tag)[:80] for tag in soup.select("script") if not tag.get("src") and not tag.get("nonce")]
    found += [str(tag)[:80] for tag in soup.find_all(True) if any(a.lower().startswith("on") for a in tag.attrs)]
    found += [str(tag)[:80] for tag in soup.select("a[href]") if tag["href"].strip().lower().startswith("javascript")]
    return found


FIELDS = {
    # name of the form: the fields it posts
    # Setting the partnership up (without its address, so a lucky draw never moves the pages away).
    "settings_partnership": [
        "name",
        "area",
        "vision",
        "resolution_style",
        "minutes_approval_wording",
        "item_numbering",
        "nolan_undertaking",
        "version",
    ],
    "settings_focus_areas": ["focus_areas", "principles"],
    "settings_body": [
        "kind",
        "name",
        "slug",
        "terms_of_reference",
        "quorum",
        "usual_start_time",
        "max_meeting_minutes",
        "contact_email",
        "contact_telephone",
    ],
    "invite": ["email", "role", "person"],
    "deactivate": ["reason"],
    "item": [
        "title",
        "purpose",
        "presenter",
        "expected_minutes",
        "confidential",
        "exempt_paragraph",
        "exempt_reason",
        "title_exempt",
        "version",
    ],
    "report": ["purpose", "recommendations", "accountable_cabinet_member", "financial_implications", "version"],
    "meeting": ["body_choice", "date", "start_time", "duration", "venue"],
    "series": ["body", "first_date", "every_months", "rule", "count", "start_time", "duration", "venue"],
    "cancel": ["reason"],
    "postpone": ["date", "start_time", "reason", "late_reason", "version"],
    "record_past": ["body_choice", "date", "start_time", "duration", "venue"],
    "paste_minutes": ["body_choice", "date", "start_time", "duration", "venue", "text"],
    "historical": ["body", "date", "start_time", "venue", "title", "minutes_text"],
    "historical_zip": ["upload"],
    "resolution": ["text", "decided_by", "votes_for", "votes_against", "abstentions", "proposed_by", "seconded_by"],
    "publish_minutes": ["approve_previous", "corrections"],
    "item_minutes": ["narrative", "version"],
    "action": ["description", "owner", "owner_name", "due_on", "due_month"],
    # Corrections and withdrawals, posted without the version their page carries: refused whatever
    # else comes (a stale or versionless edit never saves), never a 5xx, nothing echoed live.
    "action_correct": ["description", "owner", "owner_name", "due_on", "due_month", "reason"],
    "action_withdraw": ["reason"],
    "resolution_edit": ["text", "reason"],
    "resolution_withdraw": ["reason"],
    "membership_correct": ["role", "basis", "organisation", "job_title", "starts_on", "ends_on", "reason"],
    "membership_withdraw": ["reason"],
    "item_correction": ["title", "purpose", "presenter", "expected_minutes", "reason"],
    "close": ["closed_at"],
    "propose_commission": [
        "title",
        "issue",
        "remit",
        "starts_on",
        "ends_on",
        "participation_strategy",
        "focus_areas",
        "members",
        "chair",
    ],
    "person": ["honorific", "given_name", "family_name", "email", "phone"],
    "organisation": ["name", "short_name", "sector"],
    "membership": ["body", "role", "basis", "organisation", "job_title", "starts_on", "ends_on"],
    "deputy": ["body", "person"],
    "interest": ["category", "description", "organisation_name", "registered_on", "ends_on"],
    "undertaking": ["acknowledged"],
    "attendance_other": ["name", "role", "organisation"],
    "declaration": ["person", "kind", "nature"],
    "correction": ["text"],
    "publish": ["late_reason", "changes"],
    "publish_exempt": ["exclusion_resolution", "changes"],
    "establish": ["resolution", "established_on"],
    "commission_member": ["person", "given_name", "family_name", "role", "starts_on", "ends_on"],
    "session": ["kind", "held_on", "heard", "summary"],
    "recommendation": ["text", "addressed_to"],
    "extend": ["new_end", "reason", "resolution"],
    "report_final": ["final_report"],
    "decide": ["status", "resolution", "response"],
    "progress": ["status", "outcome"],
    "recommendation_action": ["description", "owner", "owner_name", "due_on"],
    "meeting_edit": ["date", "start_time", "duration", "venue", "version"],
    "attendance": [
        "status_{seat}",
        "substitute_{seat}",
        "new_given_{seat}",
        "new_family_{seat}",
        "chair",
        "minutes_taken_by",
    ],
    "paper": ["title", "upload"],
    "planning_group": ["people"],
    "proposal": ["title", "purpose", "details"],
    "decline": ["decision", "reason"],
    "approve": ["at_meeting", "corrections"],
    "end_membership": ["ends_on"],
    "schedule_dates": ["date_1", "date_2", "recheck"],
    "sign_in": ["username", "password"],
}
MEMBER_FORMS = {"interest", "undertaking", "proposal"}
CHAIR_FORMS = {"planning_group", "approve"}


def history_rows() -> int:
    return sum(m.objects.count() for m in apps.get_models() if m.__name__.startswith("Historical"))


@pytest.fixture
def targets(partnership, board, council, officer, member):
    import datetime as dt

    from commissions import services as commission_services
    from tests.meetings.minutes_helpers import held_meeting, minute_it

    meeting = make_meeting(board, london(2030, 6, 12, 14), hours=3, by=officer)
    item = services.agenda_item_add(meeting=meeting, by=officer, title="An item")
    exempt_meeting = make_meeting(board, london(2030, 7, 10, 14), hours=3, by=officer)
    services.agenda_item_add(
        meeting=exempt_meeting,
        by=officer,
        title="Exempt",
        confidential=True,
        exempt_paragraph=3,
        exempt_reason="Tender",
    )
    held = make_meeting(board, london(2026, 9, 2, 14), hours=2, by=officer)
    held_item = services.agenda_item_add(meeting=held, by=officer, title="Held item")
    services.meeting_hold(meeting=held, by=officer)
    resolution = services.resolution_add(item=held_item, text="That a commission be set up.", by=officer)
    commission = make_commission(partnership, "Fuzz Commission", by=officer, strategy="Surveys")
    active = make_commission(
        partnership, "Active Fuzz Commission", by=officer, strategy="Surveys", resolution=resolution
    )
    recommendation = commission_services.recommendation_add(
        commission=active, text="Do it", addressed_to=None, by=officer
    )
    person = member.person
    seat = person.memberships.get(body=board)
    services.planning_group_appoint(partnership=partnership, people=[person], by=officer)
    proposal = services.proposal_submit(
        meeting=meeting, person=person, by=member, title="An idea", purpose="noting", details=""
    )
    published = held_meeting(board, officer, day=dt.date(2026, 8, 5))
    minute_it(published, officer)
    services.minutes_publish(meeting=published, by=officer)
    action = services.action_add(
        item=held_item, description="Report back", owner=None, owner_name="Jo", due_on=None, by=officer
    )
    agenda_out = make_meeting(board, london(2030, 7, 10, 14), hours=3, by=officer)
    out_item = services.agenda_item_add(meeting=agenda_out, by=officer, title="Published item")
    services.agenda_publish(meeting=agenda_out, by=officer)
    return {
        "action_correct": f"/manage/actions/{action.pk}/correct/",
        "action_withdraw": f"/manage/actions/{action.pk}/withdraw/",
        "resolution_edit": f"/manage/resolutions/{resolution.pk}/edit/",
        "resolution_withdraw": f"/manage/resolutions/{resolution.pk}/withdraw/",
        "membership_correct": f"/manage/testshire/register/memberships/{seat.pk}/correct/",
        "membership_withdraw": f"/manage/testshire/register/memberships/{seat.pk}/withdraw/",
        "item_correction": f"/manage/items/{out_item.pk}/edit/",
        "_names": {"seat": seat.pk, "board": board.pk},
        "meeting_edit": f"/manage/meetings/{meeting.pk}/edit/",
        "attendance": f"/manage/meetings/{held.pk}/attendance/",
        "paper": f"/manage/items/{item.pk}/papers/new/",
        "planning_group": "/manage/testshire/planning-group/",
        "proposal": f"/manage/meetings/{meeting.pk}/propose/",
        "decline": f"/manage/proposals/{proposal.pk}/",
        "approve": f"/manage/meetings/{published.pk}/minutes/approve/",
        "end_membership": f"/manage/testshire/register/memberships/{seat.pk}/end/",
        "schedule_dates": "/manage/testshire/meetings/schedule/preview/",
        "sign_in": "/sign-in/",
        "membership": f"/manage/testshire/register/people/{person.pk}/memberships/new/",
        "deputy": f"/manage/testshire/register/organisations/{council.pk}/deputies/new/",
        "interest": "/manage/testshire/interests/new/",
        "undertaking": "/manage/testshire/undertaking/",
        "attendance_other": f"/manage/meetings/{held.pk}/attendance/other/",
        "declaration": f"/manage/items/{held_item.pk}/declarations/new/",
        "correction": f"/manage/meetings/{held.pk}/minutes/correct/",
        "publish": f"/manage/meetings/{meeting.pk}/publish/",
        "publish_exempt": f"/manage/meetings/{exempt_meeting.pk}/publish/",
        "establish": f"/manage/commissions/{commission.pk}/establish/",
        "commission_member": f"/manage/commissions/{active.pk}/members/new/",
        "session": f"/manage/commissions/{active.pk}/sessions/new/",
        "recommendation": f"/manage/commissions/{active.pk}/recommendations/new/",
        "extend": f"/manage/commissions/{active.pk}/extend/",
        "report_final": f"/manage/commissions/{active.pk}/report/",
        "decide": f"/manage/recommendations/{recommendation.pk}/decision/",
        "progress": f"/manage/recommendations/{recommendation.pk}/progress/",
        "recommendation_action": f"/manage/recommendations/{recommendation.pk}/actions/new/",
        "item": f"/manage/meetings/{meeting.pk}/items/new/",
        "report": f"/manage/items/{item.pk}/report/",
        "meeting": "/manage/testshire/meetings/new/",
        "series": "/manage/testshire/meetings/schedule/",
        "cancel": f"/manage/meetings/{meeting.pk}/cancel/",
        "postpone": f"/manage/meetings/{meeting.pk}/postpone/",
        "record_past": "/manage/testshire/meetings/record-past/",
        "paste_minutes": "/manage/testshire/meetings/paste-minutes/",
        "historical": "/manage/testshire/meetings/past-minutes/",
        "historical_zip": "/manage/testshire/meetings/past-minutes/zip/",
        "resolution": f"/manage/items/{held_item.pk}/resolutions/new/",
        # held's previous meeting is `published`, awaiting approval: the page asks about it.
        "publish_minutes": f"/manage/meetings/{held.pk}/minutes/publish/",
        "item_minutes": f"/manage/items/{held_item.pk}/minutes/",
        "action": f"/manage/items/{held_item.pk}/actions/new/",
        "close": f"/manage/meetings/{held.pk}/closing-time/",
        "propose_commission": "/manage/testshire/commissions/propose/",
        "person": "/manage/testshire/register/people/new/",
        "organisation": "/manage/testshire/register/organisations/new/",
        "settings_partnership": "/manage/testshire/settings/partnership/",
        "settings_focus_areas": "/manage/testshire/settings/focus-areas/",
        "settings_body": "/manage/testshire/settings/bodies/new/",
        "invite": "/manage/testshire/accounts/invite/",
        "deactivate": f"/manage/testshire/accounts/{member.pk}/deactivate/",
    }


@pytest.mark.parametrize("form", sorted(FIELDS))
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_hostile_posts_never_break_a_form_or_inject_markup(client, officer, chair, member, targets, form, data):
    from django.core.exceptions import SuspiciousFileOperation
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.files.utils import validate_file_name

    client.force_login(member if form in MEMBER_FORMS else chair if form in CHAIR_FORMS else officer)
    if form == "schedule_dates":  # the preview's dates follow a described series, kept in the session
        series = {"body": targets["_names"]["board"], "first_date": "2031-01-15", "every_months": "2"}
        series |= {"rule": "same_weekday", "count": "2", "start_time": "14:00", "duration": "120", "venue": "Hall"}
        assert client.post(targets["series"], series).status_code == 302
    if form == "sign_in":
        client.logout()
    payload = {name.format(**targets["_names"]): data.draw(values, label=name) for name in FIELDS[form]}
    if "upload" in payload:  # a file with a hostile name and content
        name = payload["upload"][:200]
        try:
            validate_file_name(name)  # what a client can send at all: no path, not empty
        except SuspiciousFileOperation:
            name = "paper.pdf"
        payload["upload"] = SimpleUploadedFile(name, data.draw(st.binary(max_size=2000)))
    before = history_rows()
    response = client.post(targets[form], payload)
    assert response.status_code < 500
    if response.status_code == 200:  # re-rendered with errors: nothing saved
        assert history_rows() == before, f"an invalid post to {form} changed something"
        soup = html(response)
        assert not live_markup(soup), f"live markup echoed by {form}: {live_markup(soup)}"
        assert soup.select_one(".govuk-error-summary") is not None
    elif response.status_code == 409:  # the record is locked now (an earlier example cancelled it)
        assert history_rows() == before, f"a post to locked {form} changed something"
    else:  # saved and moved on; or, signing in, locked out after ten failures
        assert response.status_code == 302 or (form == "sign_in" and response.status_code == 429)


@settings(max_examples=40, deadline=None)
@given(narrative=st.one_of(st.sampled_from(HOSTILE), st.text(max_size=500)))
def test_minutes_markdown_never_becomes_live_markup(narrative):
    from bs4 import BeautifulSoup

    from core.templatetags.richtext import ALLOWED_TAGS, render_markdown

    soup = BeautifulSoup(str(render_markdown(narrative)), "html.parser")
    assert not live_markup(soup)
    assert {tag.name for tag in soup.find_all(True)} <= ALLOWED_TAGS


# -- Dates at either end of time: year 1 and year 9999 on every date field and public address -----

EXTREME_DAYS = ["0001-01-01", "9999-12-31"]
DATE_FIELDS = {
    # name of the form: its date fields, and what else it needs to be valid but for the date
    "meeting": (["date"], {"date": "2031-03-12", "start_time": "23:00", "venue": "Hall"}),
    "meeting_edit": (["date"], {"start_time": "23:00"}),
    "postpone": (["date"], {"date": "2031-03-12", "start_time": "23:00", "reason": "Snow"}),
    "record_past": (["date"], {"date": "2026-03-11", "start_time": "14:00", "venue": "Hall"}),
    "paste_minutes": (["date"], {"date": "2026-03-11", "start_time": "14:00", "venue": "Hall", "text": "1. Item\n"}),
    "historical": (["date"], {"date": "2024-03-14", "minutes_text": "Approved minutes"}),
    "series": (["first_date"], {"first_date": "2031-01-15", "venue": "Hall"}),
    "schedule_dates": (["date_1", "date_2"], {}),
    "action": (["due_on"], {"description": "Report back", "owner_name": "Ann Other"}),
    "propose_commission": (
        ["starts_on", "ends_on"],
        {"title": "A", "issue": "B", "remit": "C", "starts_on": "2031-01-01", "ends_on": "2031-12-31"},
    ),
    "membership": (["starts_on", "ends_on"], {"job_title": "Director", "starts_on": "2026-02-01"}),
    "interest": (["registered_on", "ends_on"], {"description": "Trustee", "registered_on": "2026-01-01"}),
    "establish": (["established_on"], {"established_on": "2026-09-03"}),
    "commission_member": (["starts_on", "ends_on"], {"starts_on": "2026-10-01"}),
    "session": (["held_on"], {"held_on": "2026-10-01", "heard": "Young people", "summary": "What they said"}),
    "extend": (["new_end"], {"new_end": "2032-01-01", "reason": "More evidence"}),
    "recommendation_action": (["due_on"], {"description": "Report back", "owner_name": "Ann Other"}),
    "end_membership": (["ends_on"], {"ends_on": "2026-12-31"}),
    "action_correct": (["due_on"], {"reason": "Date typed wrongly"}),
    "membership_correct": (["starts_on", "ends_on"], {"starts_on": "2026-02-01", "reason": "Date typed wrongly"}),
}
HOSTILE += [*EXTREME_DAYS, "9999-12-31T23:00", "0001-01-01 00:00"]


def form_defaults(soup) -> dict:
    """What a browser would post from the page's form untouched: values, the checked boxes, each
    select's chosen option (else its first real one), and the first of each set of radios."""
    form = soup.select_one("main form[method=post]")
    data = {}
    for field in form.select("input[name]"):
        kind = field.get("type", "text")
        if kind in ("checkbox", "radio"):
            if field.has_attr("checked") or (kind == "radio" and field["name"] not in data):
                data[field["name"]] = field.get("value", "on")
        elif kind not in ("submit", "button", "file"):
            data[field["name"]] = field.get("value", "")
    for select in form.select("select[name]"):
        chosen = select.select_one("option[selected]") or next(
            (option for option in select.select("option") if option.get("value")), None
        )
        if chosen is not None:
            data[select["name"]] = chosen.get("value", "")
    for area in form.select("textarea[name]"):
        data[area["name"]] = area.get_text()
    data.pop("csrfmiddlewaretoken", None)
    return data


@pytest.mark.parametrize("form", sorted(DATE_FIELDS))
def test_every_date_field_refuses_year_one_and_year_9999_with_a_message(client, officer, chair, member, targets, form):
    client.force_login(member if form in MEMBER_FORMS else chair if form in CHAIR_FORMS else officer)
    if form == "schedule_dates":
        series = {"body": targets["_names"]["board"], "first_date": "2031-01-15", "every_months": "2"}
        series |= {"rule": "same_weekday", "count": "2", "start_time": "14:00", "duration": "120", "venue": "Hall"}
        assert client.post(targets["series"], series).status_code == 302
    fields, valid = DATE_FIELDS[form]
    baseline = form_defaults(html(client.get(targets[form]))) | valid
    for field in fields:
        for day in EXTREME_DAYS:
            before = history_rows()
            response = client.post(targets[form], baseline | {field: day})
            assert response.status_code == 200, f"{form}: {field}={day}"
            assert history_rows() == before, f"{form} saved {field}={day}"
            summary = html(response).select_one(".govuk-error-summary")
            # The summary links to the date input's day box and names the field and the range.
            refusal = summary.select_one(f'a[href="#id_{field}_day"]') if summary else None
            assert refusal is not None and "must be between" in text_of(refusal), f"{form}: {field}={day}"


def date_addresses(patterns=None, prefix: str = "") -> list[str]:
    """Every address pattern that names a day, as its route (`partnerships/<slug:slug>/...`)."""
    from django.urls import URLResolver, get_resolver

    found = []
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            found += date_addresses(pattern.url_patterns, route)
        elif "<str:date>" in route:
            found.append(route)
    return found


@pytest.mark.parametrize("day", EXTREME_DAYS)
def test_every_address_naming_a_day_answers_not_found_for_year_one_and_year_9999(client, targets, day):
    import re

    routes = date_addresses()
    assert len(routes) >= 4, routes  # a meeting's page, its two PDFs and its items
    names = {"slug": "testshire", "body": "board", "date": day, "number": "1", "pk": "1"}
    for route in routes:
        url = "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m: names[m.group(1)], route)
        assert client.get(url).status_code == 404, url
