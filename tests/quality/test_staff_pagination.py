"""Every staff list stays small: fifty to a page (GOV.UK pagination), whatever the years hold.
Each test makes one more row than a page holds (with the page size made small where making fifty
would only slow the test), and finds the older rows on page 2."""

import datetime as dt
from functools import partial

import pytest
from django.urls import reverse

from commissions import services as commission_services
from commissions import views as commission_views
from core.history import history_page
from meetings import services, staff_selectors
from members import views as member_views
from tests.commissions.helpers import make_commission
from tests.conftest import html, london, make_meeting, make_person, text_of
from tests.meetings.minutes_helpers import held_meeting

pytestmark = pytest.mark.django_db


def links_to(soup, name: str, pks) -> list[bool]:
    hrefs = {a["href"] for a in soup.select("a[href]")}
    return [reverse(name, args=[pk]) in hrefs for pk in pks]


def has_next_page(soup) -> bool:
    return soup.select_one(".govuk-pagination a[rel=next]") is not None


def test_meeting_list_shows_the_latest_past_meetings_and_the_older_ones_on_page_2(client, monkeypatch, board, officer):
    monkeypatch.setattr(staff_selectors, "PER_PAGE", 2)
    january, february, march = (make_meeting(board, london(2026, month, 7, 14), by=officer) for month in (1, 2, 3))
    coming = make_meeting(board, london(2030, 6, 12, 14), by=officer)
    client.force_login(officer)
    address = reverse("manage:meetings", args=[board.partnership.slug])

    first = html(client.get(address))
    assert links_to(first, "manage:meeting", [coming.pk, march.pk, february.pk, january.pk]) == [
        True,
        True,
        True,
        False,
    ]
    assert has_next_page(first)

    second = html(client.get(address, {"page": 2}))
    assert links_to(second, "manage:meeting", [coming.pk, march.pk, february.pk, january.pk]) == [
        False,
        False,
        False,
        True,
    ]
    assert not has_next_page(second)


def test_open_actions_list_shows_the_later_actions_on_page_2(client, monkeypatch, board, officer):
    monkeypatch.setattr(staff_selectors, "PER_PAGE", 2)
    meeting = held_meeting(board, officer)
    item = meeting.items.first()
    for n, due in enumerate((dt.date(2027, 3, 1), dt.date(2027, 1, 1), dt.date(2027, 2, 1)), start=1):
        services.action_add(
            item=item, description=f"Action {n}", owner=None, owner_name="Clerk", due_on=due, by=officer
        )
    client.force_login(officer)
    address = reverse("manage:actions", args=[board.partnership.slug])

    first = [text_of(row) for row in html(client.get(address)).select("[data-testid=actions] tbody tr")]
    assert [row.split(" Clerk")[0] for row in first] == ["Action 2", "Action 3"]
    second = [text_of(row) for row in html(client.get(address, {"page": 2})).select("[data-testid=actions] tbody tr")]
    assert [row.split(" Clerk")[0] for row in second] == ["Action 1"]


def test_register_lists_people_fifty_to_a_page(client, monkeypatch, partnership, officer):
    monkeypatch.setattr(member_views, "PEOPLE_PER_PAGE", 2)
    for family in ("Carter", "Adams", "Brown"):
        make_person("Sam", family, partnership=partnership, by=officer)
    client.force_login(officer)
    address = reverse("members:register", args=[partnership.slug])

    first = html(client.get(address))
    assert [text_of(li) for li in first.select("[data-testid=people] li")] == ["Sam Adams", "Sam Brown"]
    assert has_next_page(first)
    second = html(client.get(address, {"page": 2}))
    assert [text_of(li) for li in second.select("[data-testid=people] li")] == ["Sam Carter"]


def test_commission_list_shows_the_rest_on_page_2(client, monkeypatch, partnership, officer):
    monkeypatch.setattr(commission_views, "PER_PAGE", 2)
    commissions = [
        make_commission(partnership, f"Commission {n}", by=officer, ends_on=dt.date(2027, n, 1)) for n in (1, 2, 3)
    ]
    client.force_login(officer)
    address = reverse("commissions:list", args=[partnership.slug])
    pks = [c.pk for c in commissions]

    assert links_to(html(client.get(address)), "commissions:detail", pks) == [True, True, False]
    assert links_to(html(client.get(address, {"page": 2})), "commissions:detail", pks) == [False, False, True]


def test_meeting_history_shows_fifty_changes_and_the_older_ones_on_page_2(client, officer, future_meeting):
    for n in range(1, 56):
        services.agenda_item_add(meeting=future_meeting, by=officer, title=f"Item number {n}", expected_minutes=5)
    client.force_login(officer)
    address = reverse("manage:history", args=[future_meeting.pk])

    first = html(client.get(address))
    rows = [text_of(row) for row in first.select("table tbody tr")]
    assert len(rows) == 50
    assert "Item number 55" in rows[0] and not any("Created meeting" in row for row in rows)
    assert has_next_page(first)
    second = [text_of(row) for row in html(client.get(address, {"page": 2})).select("table tbody tr")]
    assert "Created meeting" in second[-1] and not any("Item number 55" in row for row in second)


def test_commission_history_is_paginated_newest_first(client, monkeypatch, partnership, officer):
    monkeypatch.setattr(commission_views, "history_page", partial(history_page, per_page=2))
    commission = make_commission(partnership, "Child Poverty Commission", by=officer)
    for given in ("Ann", "Ben"):
        commission_services.commission_member_add(
            commission=commission,
            new_person={"honorific": "", "given_name": given, "family_name": "Advisor"},
            role="advisor",
            voting=False,
            starts_on=dt.date(2026, 11, 2),
            ends_on=None,
            by=officer,
        )
    client.force_login(officer)
    address = reverse("commissions:detail", args=[commission.pk])

    def history(response) -> str:
        return text_of(html(response).select_one("#history").find_next("table"))

    first = history(client.get(address))
    assert "Ben Advisor" in first and "Created commission" not in first
    second_page = client.get(address, {"page": 2})
    assert "Ben Advisor" not in history(second_page)
    last = history(client.get(address, {"page": 99}))
    assert "Created commission" in last


def test_commission_page_lists_its_latest_meetings_only(client, monkeypatch, partnership, officer):
    monkeypatch.setattr(commission_views, "MEETINGS_SHOWN", 2)
    commission = make_commission(partnership, "Child Poverty Commission", by=officer)
    meetings = [make_meeting(commission.body, london(2026, month, 9, 10), by=officer) for month in (1, 2, 3)]
    client.force_login(officer)
    page = html(client.get(reverse("commissions:detail", args=[commission.pk])))
    listed = page.select_one("[data-testid=commission-meetings]")
    assert links_to(listed, "manage:meeting", [m.pk for m in meetings]) == [False, True, True]
    assert "The latest 2 meetings" in text_of(page)
