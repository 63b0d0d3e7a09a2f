"""Shared fixtures: named personas and a small partnership built through the audit helpers."""

import datetime as dt

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.utils import timezone

from boards.models import Body, FocusArea, Partnership
from core.audit import save_audited
from meetings.models import Meeting
from members.models import Membership, Organisation, Person


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """Uploaded papers go to a throwaway folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


def html(response) -> BeautifulSoup:
    assert response["Content-Type"].startswith("text/html")
    return BeautifulSoup(response.content, "html.parser")


def text_of(soup: BeautifulSoup) -> str:
    return " ".join(soup.get_text(" ").split())


def london(year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime(year, month, day, hour, minute))


@pytest.fixture
def officer(db):
    return get_user_model().objects.create_user("officer", password="pw-officer", first_name="Olive")


@pytest.fixture
def outsider(db):
    return get_user_model().objects.create_user("outsider", password="pw-outsider")


@pytest.fixture
def partnership(db, officer) -> Partnership:
    p = save_audited(
        Partnership(
            name="Testshire Children and Families Partnership",
            slug="testshire",
            area="Testshire",
            vision="Better services\nBetter connected\nBetter outcomes",
        ),
        by=officer,
        reason="Set up for a test",
    )
    p.officers.add(officer)
    for position, name in enumerate(["Early years", "Public safety"], start=1):
        save_audited(FocusArea(partnership=p, position=position, name=name), by=officer, reason="test")
    return p


@pytest.fixture
def board(partnership, officer) -> Body:
    return save_audited(
        Body(partnership=partnership, kind=Body.Kind.BOARD, name="Testshire Board", slug="board", quorum=3),
        by=officer,
        reason="test",
    )


@pytest.fixture
def council(partnership, officer) -> Organisation:
    return save_audited(
        Organisation(
            partnership=partnership,
            name="Testshire Council",
            sector=Organisation.Sector.LOCAL_AUTHORITY,
            duty_to_cooperate=True,
        ),
        by=officer,
        reason="test",
    )


def make_person(given: str, family: str, *, partnership: Partnership, by=None, **extra) -> Person:
    """Someone in `partnership`'s register (a person belongs to one partnership's register)."""
    slug = f"{given}-{family}".lower()
    return save_audited(
        Person(partnership=partnership, given_name=given, family_name=family, slug=slug, **extra), by=by, reason="test"
    )


def make_member(body, organisation, given, family, *, role=Membership.Role.MEMBER, by=None, **extra) -> Membership:
    person = make_person(given, family, partnership=body.partnership, by=by)
    return save_audited(
        Membership(
            person=person,
            body=body,
            organisation=organisation,
            role=role,
            starts_on=extra.pop("starts_on", dt.date(2026, 1, 1)),
            **extra,
        ),
        by=by,
        reason="test",
    )


def make_meeting(body, start: dt.datetime, hours: float = 2, *, by=None, **extra) -> Meeting:
    return save_audited(
        Meeting(body=body, starts_at=start, ends_at=start + dt.timedelta(hours=hours), venue="Civic Offices", **extra),
        by=by,
        reason="test",
    )


# -- Personas for the meetings work: officer, chair, member, officer of another partnership --------


def make_user(username: str, first: str = "", last: str = ""):
    return get_user_model().objects.create_user(username, password=f"pw-{username}", first_name=first, last_name=last)


def seat_user(user, body, organisation, role=Membership.Role.MEMBER, *, signed: bool = True) -> Membership:
    """A member with a sign-in; an established member has signed the Nolan undertaking."""
    from members.models import NOLAN_PRINCIPLES
    from members.services import undertaking_sign

    person = make_person(
        user.first_name or user.username, user.last_name or "Person", partnership=body.partnership, user=user
    )
    seat = save_audited(
        Membership(person=person, body=body, organisation=organisation, role=role, starts_on=dt.date(2026, 1, 1)),
        by=None,
        reason="test",
    )
    if signed:
        undertaking_sign(
            person=person,
            partnership=body.partnership,
            acknowledged=[n for n, _ in NOLAN_PRINCIPLES],
            by=user,
            on=dt.date(2026, 1, 5),
        )
    return seat


@pytest.fixture
def chair(board, council):
    user = make_user("chair", "Cara", "Chair")
    seat_user(user, board, council, role=Membership.Role.CHAIR)
    return user


@pytest.fixture
def member(board, council):
    user = make_user("member", "Mo", "Member")
    seat_user(user, board, council)
    return user


@pytest.fixture
def other_officer(db):
    other = save_audited(
        Partnership(name="Elsewhere Partnership", slug="elsewhere", area="Elsewhere", vision="Other"),
        by=None,
        reason="test",
    )
    save_audited(
        Body(partnership=other, kind=Body.Kind.BOARD, name="Elsewhere Board", slug="board"), by=None, reason="test"
    )
    user = make_user("other-officer", "Otto", "Other")
    other.officers.add(user)
    return user


@pytest.fixture
def future_meeting(board, officer):
    """A board meeting well ahead of any deadline."""
    return make_meeting(board, london(2030, 6, 12, 14), hours=3, by=officer)


def migration_targets_before(executor, before: tuple[str, str]) -> list[tuple[str, str | None]]:
    """Targets that unapply the migrations of `before`'s app after `before` and, in every other
    app, only what depends on them (newer apps' migrations that build on them): one backward plan."""
    graph = executor.loader.graph
    app = before[0]
    leaf = next(node for node in graph.leaf_nodes() if node[0] == app)
    undone = set(graph.forwards_plan(leaf)) - set(graph.forwards_plan(before))
    undone = {node for node in undone if node[0] == app}
    affected = set(undone)
    for node in undone:
        affected |= set(graph.backwards_plan(node))
    targets: list[tuple[str, str | None]] = [before]
    for other in graph.leaf_nodes():
        if other[0] == app:
            continue
        own = [node for node in graph.forwards_plan(other) if node[0] == other[0] and node not in affected]
        targets.append(own[-1] if own else (other[0], None))
    return targets
