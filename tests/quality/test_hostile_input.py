"""Random and hostile values posted to every form: never a 5xx, an invalid post changes nothing,
and nothing typed is ever rendered as live markup."""

import pytest
from django.apps import apps
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from meetings import minutes, services
from tests.conftest import html, london, make_meeting

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
    "item": [
        "title",
        "purpose",
        "presenter",
        "expected_minutes",
        "confidential",
        "exempt_paragraph",
        "exempt_reason",
        "version",
    ],
    "report": ["purpose", "recommendations", "accountable_cabinet_member", "financial_implications", "version"],
    "meeting": ["body_choice", "date", "start_time", "duration", "venue"],
    "series": ["body", "first_date", "every_months", "rule", "count", "start_time", "duration", "venue"],
    "cancel": ["reason"],
    "resolution": ["text"],
    "item_minutes": ["narrative", "version"],
    "action": ["description", "owner", "owner_name", "due_on"],
    "close": ["closed_at"],
    "propose_commission": ["title", "issue", "remit", "starts_on", "ends_on", "participation_strategy"],
    "person": ["honorific", "given_name", "family_name", "email", "phone"],
    "organisation": ["name", "short_name", "sector"],
}


def history_rows() -> int:
    return sum(m.objects.count() for m in apps.get_models() if m.__name__.startswith("Historical"))


@pytest.fixture
def targets(partnership, board, officer):
    meeting = make_meeting(board, london(2030, 6, 12, 14), hours=3, by=officer)
    item = services.agenda_item_add(meeting=meeting, by=officer, title="An item")
    held = make_meeting(board, london(2026, 9, 2, 14), hours=2, by=officer)
    held_item = services.agenda_item_add(meeting=held, by=officer, title="Held item")
    minutes.meeting_hold(meeting=held, by=officer)
    return {
        "item": f"/manage/meetings/{meeting.pk}/items/new/",
        "report": f"/manage/items/{item.pk}/report/",
        "meeting": "/manage/testshire/meetings/new/",
        "series": "/manage/testshire/meetings/schedule/",
        "cancel": f"/manage/meetings/{meeting.pk}/cancel/",
        "resolution": f"/manage/items/{held_item.pk}/resolutions/new/",
        "item_minutes": f"/manage/items/{held_item.pk}/minutes/",
        "action": f"/manage/items/{held_item.pk}/actions/new/",
        "close": f"/manage/meetings/{held.pk}/closing-time/",
        "propose_commission": "/manage/testshire/commissions/propose/",
        "person": "/manage/testshire/register/people/new/",
        "organisation": "/manage/testshire/register/organisations/new/",
    }


@pytest.mark.parametrize("form", sorted(FIELDS))
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_hostile_posts_never_break_a_form_or_inject_markup(client, officer, targets, form, data):
    client.force_login(officer)
    payload = {name: data.draw(values, label=name) for name in FIELDS[form]}
    before = history_rows()
    response = client.post(targets[form], payload)
    assert response.status_code < 500
    if response.status_code == 200:  # re-rendered with errors: nothing saved
        assert history_rows() == before, f"an invalid post to {form} changed something"
        soup = html(response)
        assert not live_markup(soup), f"live markup echoed by {form}: {live_markup(soup)}"
        assert soup.select_one(".govuk-error-summary") is not None
    else:
        assert response.status_code == 302


@settings(max_examples=40, deadline=None)
@given(narrative=st.one_of(st.sampled_from(HOSTILE), st.text(max_size=500)))
def test_minutes_markdown_never_becomes_live_markup(narrative):
    from bs4 import BeautifulSoup

    from partnership.templatetags.richtext import ALLOWED_TAGS, render_markdown

    soup = BeautifulSoup(str(render_markdown(narrative)), "html.parser")
    assert not live_markup(soup)
    assert {tag.name for tag in soup.find_all(True)} <= ALLOWED_TAGS
