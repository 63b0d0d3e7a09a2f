"""The leak crawl as every role, at every stage of the life cycle ("crawl as every role", "change,
then look").

Two partnerships, each with unique markers planted per kind: a confidential item (title, exempt
reason, report, paper), draft agenda items, changes after publication not yet in a supplement,
an item made confidential after publication, draft minutes, an action on an exempt item, a
sensitive interest, private contact details and a proposed commission. At each stage every role
(anonymous, a member of the board, the chair, an officer, the other partnership's officer and a
member of its board) requests every address of the project (each URL pattern reversed with every
object id of both partnerships) and follows every link, reading HTML, headers, PDF text and bytes,
papers and feeds. Each role must see exactly what the table below allows: a marker seen that it
may not see fails, and so does a marker it must see and did not (so the crawl cannot pass by
seeing nothing)."""

import datetime as dt
import json
import logging
import re
import time
from dataclasses import dataclass

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from boards.models import Body, Partnership
from commissions.models import Commission, Recommendation
from core.audit import save_audited
from meetings import services
from meetings.models import (
    Action,
    AgendaItem,
    AgendaProposal,
    Attendance,
    Meeting,
    MinutesArchiveUpload,
    PastedMinutes,
    ReportFile,
    Resolution,
)
from members.models import InterestEntry, Membership, Organisation, Person, RegisterImport
from onboarding.models import Invitation
from tests.commissions.helpers import make_commission
from tests.conftest import london, make_meeting, make_member, make_person, make_user, seat_user
from tests.meetings.helpers import MINIMAL_PDF, upload

from .crawl import addresses, crawl, pk_segment

pytestmark = pytest.mark.django_db

STAGES = ("before publication", "after publication", "draft minutes", "published minutes", "approved minutes")
ROLES = ("anonymous", "member", "chair", "officer", "other_officer", "other_member")

# Who may see a marker, widest last. A role sees its own partnership's markers up to its level,
# and another partnership's only where they are public.
PUBLIC, BODY, STAFF, OFFICERS = 0, 1, 2, 3
LEVEL_NAMES = {PUBLIC: "everyone", BODY: "members of the body", STAFF: "officers and the chair", OFFICERS: "officers"}
ROLE_OF = {  # role → (partnership code, level)
    "anonymous": (None, PUBLIC),
    "member": ("A", BODY),
    "chair": ("A", STAFF),
    "officer": ("A", OFFICERS),
    "other_officer": ("B", OFFICERS),
    "other_member": ("B", BODY),
}


def may(allowed: int, required: int) -> tuple[int, int]:
    """Allowed from level `allowed`, but required only from `required` (no page shows it lower)."""
    return (allowed, required)


# Marker kind → (stage it is planted at, {stage: audience from that stage on}). Stages count from 1.
# An audience is a level (allowed and required from it) or may(allowed, required).
TABLE: dict[str, tuple[int, dict[int, int | tuple[int, int]]]] = {
    # A future meeting: its agenda is drafted at stage 1 and published at stage 2.
    "conftitle": (1, {1: STAFF, 2: BODY}),  # members of the body read exempt items in full
    "confreason": (1, {1: may(STAFF, OFFICERS), 2: may(BODY, OFFICERS)}),  # on the officers' item form
    "confpurpose": (1, {1: STAFF, 2: BODY}),
    "confrecs": (1, {1: may(STAFF, OFFICERS), 2: may(BODY, OFFICERS)}),  # on the officers' report form
    "confpapertitle": (1, {1: STAFF, 2: BODY}),
    "confpapercontent": (1, {1: STAFF, 2: BODY}),
    "pubtitle": (1, {1: STAFF, 2: PUBLIC}),
    "pubpurpose": (1, {1: STAFF, 2: PUBLIC}),
    "pubpapertitle": (1, {1: STAFF, 2: PUBLIC}),
    "pubpapercontent": (1, {1: STAFF, 2: PUBLIC}),
    # Public when published, made confidential after publication (stage 2): the body's only.
    "latetitle": (1, {1: STAFF, 2: BODY}),
    "latepurpose": (1, {1: STAFF, 2: BODY}),
    "latepapertitle": (1, {1: STAFF, 2: BODY}),
    "latepapercontent": (1, {1: STAFF, 2: BODY}),
    # Changes after publication not yet in a supplement: members see the agenda as published.
    "newitem": (2, {2: STAFF}),
    "editedtitle": (2, {2: STAFF}),
    # An agenda never published.
    "draftitem": (1, {1: STAFF}),
    # A past meeting: its agenda published at stage 2, minutes drafted (3), published (4), approved (5).
    "minconftitle": (1, {1: STAFF, 2: BODY}),
    "narrative": (3, {3: STAFF, 4: PUBLIC}),
    "resolution": (3, {3: STAFF, 4: PUBLIC}),
    "confnarrative": (3, {3: STAFF, 4: may(BODY, STAFF)}),  # confidential minutes: officers' and chair's page
    "exemptaction": (3, {3: STAFF, 4: may(BODY, STAFF)}),
    # The register: officers only.
    "sensitive": (1, {1: OFFICERS}),
    "email": (1, {1: OFFICERS}),
    "phone": (1, {1: OFFICERS}),
    "unseatedemail": (1, {1: OFFICERS}),  # someone in the register without a seat yet
    "unseatedphone": (1, {1: OFFICERS}),
    # A commission only proposed: those who manage commissions (the chair and officers).
    "commname": (1, {1: STAFF}),
    "commissue": (1, {1: STAFF}),
    "commremit": (1, {1: STAFF}),
}

MARKER = re.compile(rb"ZMK[AB][A-Z]+?QX", re.IGNORECASE)


def mark(code: str, kind: str) -> str:
    return f"ZMK{code}{kind.upper()}QX"


def find_markers(haystack: bytes) -> set[str]:
    return {m.decode().upper() for m in MARKER.findall(haystack)}


def audience(kind: str, stage: int) -> tuple[int, int] | None:
    """(allowed level, required level) of a marker kind at a stage; None before it is planted."""
    planted, by_stage = TABLE[kind]
    if stage < planted:
        return None
    value = by_stage[max(s for s in by_stage if s <= stage)]
    return value if isinstance(value, tuple) else (value, value)


def expected(role: str, stage: int) -> tuple[set[str], set[str]]:
    """The markers `role` may see at `stage`, and those it must see."""
    own, level = ROLE_OF[role]
    allowed, required = set(), set()
    for code in ("A", "B"):
        clearance = level if code == own else PUBLIC
        for kind in TABLE:
            found = audience(kind, stage)
            if found is None:
                continue
            if clearance >= found[0]:
                allowed.add(mark(code, kind))
            if clearance >= found[1]:
                required.add(mark(code, kind))
    return allowed, required


# -- The world ------------------------------------------------------------------------------------


@dataclass
class Side:
    """One partnership and what is planted in it."""

    code: str
    partnership: Partnership
    board: Body
    officer: object
    chair: object  # who approves the minutes (the other partnership has no chair persona)
    published: Meeting | None = None
    held: Meeting | None = None
    following: Meeting | None = None
    items: dict | None = None

    def m(self, kind: str) -> str:
        return mark(self.code, kind)


def _paper(item, title: str, content: str, by) -> ReportFile:
    return services.report_file_attach(
        item=item, title=title, upload=upload("paper.pdf", MINIMAL_PDF + content.encode()), by=by
    )


def plant(side: Side, council: Organisation) -> None:
    """Stage 1: every agenda drafted, nothing published; the register and a proposed commission."""
    m, by, board = side.m, side.officer, side.board
    # The future meeting whose agenda is published at stage 2.
    published = make_meeting(board, london(2030, 6, 12, 14), hours=3, by=by)
    services.agenda_item_add(meeting=published, by=by, title="Matters arising")  # lists open actions
    public = services.agenda_item_add(meeting=published, by=by, title=m("pubtitle"), expected_minutes=10)
    services.report_save(item=public, loaded_version=0, by=by, purpose=m("pubpurpose"), recommendations="Noted")
    _paper(public, m("pubpapertitle"), m("pubpapercontent"), by)
    removed = services.agenda_item_add(meeting=published, by=by, title="An item removed after publication")
    secret = services.agenda_item_add(
        meeting=published,
        by=by,
        title=m("conftitle"),
        confidential=True,
        title_exempt=True,  # the title itself would disclose the exempt information
        exempt_paragraph=1,
        exempt_reason=m("confreason"),
    )
    services.report_save(item=secret, loaded_version=0, by=by, purpose=m("confpurpose"), recommendations=m("confrecs"))
    _paper(secret, m("confpapertitle"), m("confpapercontent"), by)
    renamed = services.agenda_item_add(meeting=published, by=by, title="An item renamed after publication")
    late = services.agenda_item_add(meeting=published, by=by, title=m("latetitle"))
    services.report_save(item=late, loaded_version=0, by=by, purpose=m("latepurpose"), recommendations="Agreed")
    _paper(late, m("latepapertitle"), m("latepapercontent"), by)
    # A future meeting whose agenda is never published.
    draft = make_meeting(board, london(2030, 8, 14, 14), hours=3, by=by)
    services.agenda_item_add(meeting=draft, by=by, title=m("draftitem"))
    # A past meeting, minuted from stage 3, and the next one, where its minutes are approved.
    held = make_meeting(board, london(2026, 9, 2, 14), hours=2, by=by)
    business = services.agenda_item_add(meeting=held, by=by, title="Public business")
    exempt = services.agenda_item_add(
        meeting=held,
        by=by,
        title=m("minconftitle"),
        confidential=True,
        title_exempt=True,
        exempt_paragraph=3,
        exempt_reason="Contract",
    )
    following = make_meeting(board, london(2026, 10, 7, 14), hours=2, by=by)
    # The register: a member's private contact details and a sensitive interest.
    seat = make_member(board, council, "Priya", f"Private{side.code}")
    seat.person.email, seat.person.phone = f"{m('email').lower()}@example.org", m("phone")
    save_audited(seat.person, by=by, reason="Contact details")
    save_audited(
        InterestEntry(
            person=seat.person,
            partnership=side.partnership,
            category="land",
            sensitive=True,
            description=m("sensitive"),
            registered_on=dt.date(2026, 1, 1),
        ),
        by=by,
        reason="Interest registered",
    )
    make_person(
        "Uma",
        f"Unseated{side.code}",
        partnership=side.partnership,
        by=by,
        email=f"{m('unseatedemail').lower()}@example.org",
        phone=m("unseatedphone"),
    )
    # A commission only proposed.
    make_commission(
        side.partnership, f"{m('commname')} Commission", by=side.chair, issue=m("commissue"), remit=m("commremit")
    )
    side.published, side.held, side.following = published, held, following
    side.items = {"removed": removed, "renamed": renamed, "late": late, "business": business, "exempt": exempt}


def _fresh(item: AgendaItem) -> AgendaItem:
    return AgendaItem.objects.get(pk=item.pk)


def publish_then_change(side: Side) -> None:
    """Stage 2: both agendas published; then, with no supplement, an item removed, the late item
    moved up and made confidential, an item renamed and one added."""
    m, by, items = side.m, side.officer, side.items
    services.agenda_publish(meeting=side.published, by=by)
    services.agenda_publish(meeting=side.held, by=by, late_reason="The papers were delayed by the audit.")
    services.agenda_item_remove(item=_fresh(items["removed"]), by=by)
    services.agenda_item_move(item=_fresh(items["late"]), up=True, by=by)
    late = _fresh(items["late"])
    services.agenda_item_update(
        item=late,
        loaded_version=late.version,
        by=by,
        confidential=True,
        title_exempt=True,
        exempt_paragraph=3,
        exempt_reason="Contract",
    )
    renamed = _fresh(items["renamed"])
    services.agenda_item_update(item=renamed, loaded_version=renamed.version, by=by, title=m("editedtitle"))
    services.agenda_item_add(meeting=side.published, by=by, title=m("newitem"))


def draft_minutes(side: Side) -> None:
    """Stage 3: the past meeting held and its minutes drafted."""
    m, by, held = side.m, side.officer, Meeting.objects.get(pk=side.held.pk)
    services.meeting_hold(meeting=held, by=by)
    services.attendance_record(
        meeting=held, entries=[(s, "present", None) for s in services.members_expected(held)], by=by
    )
    business, exempt = _fresh(side.items["business"]), _fresh(side.items["exempt"])
    services.item_minutes_save(item=business, loaded_version=0, narrative=m("narrative"), public_summary="", by=by)
    services.resolution_add(item=business, text=f"That {m('resolution')} be agreed.", by=by)
    services.item_minutes_save(
        item=exempt,
        loaded_version=0,
        narrative=m("confnarrative"),
        public_summary="The Board considered a contract.",
        by=by,
    )
    services.action_add(item=exempt, description=m("exemptaction"), owner=None, owner_name="Jo", due_on=None, by=by)
    services.meeting_close_time(meeting=Meeting.objects.get(pk=held.pk), closed_at=dt.time(15, 30), by=by)


def publish_minutes(side: Side) -> None:
    services.minutes_publish(meeting=Meeting.objects.get(pk=side.held.pk), by=side.officer)


def approve_minutes(side: Side) -> None:
    services.minutes_approve(
        meeting=Meeting.objects.get(pk=side.held.pk),
        at_meeting=Meeting.objects.get(pk=side.following.pk),
        corrections=[],
        by=side.chair,
    )


STEPS = (None, publish_then_change, draft_minutes, publish_minutes, approve_minutes)


@pytest.fixture
def quiet(settings):
    """Thousands of expected 403s and 404s, and papers pypdf cannot decode, need no log line each;
    sessions in signed cookies save each request a query (the crawl does not test sessions)."""
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.signed_cookies"
    loggers = [logging.getLogger(name) for name in ("django.request", "pypdf")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.CRITICAL)
    yield
    for logger, level in zip(loggers, levels, strict=True):
        logger.setLevel(level)


@pytest.fixture
def personas(partnership, board, council, officer, chair, member, other_officer, quiet):
    """Both partnerships with their personas: the other one gets a council and a board member."""
    other = Partnership.objects.get(slug="elsewhere")
    other_board = Body.objects.get(partnership=other, kind=Body.Kind.BOARD)
    other_council = save_audited(
        Organisation(partnership=other, name="Elsewhere Council", sector=Organisation.Sector.LOCAL_AUTHORITY),
        by=other_officer,
        reason="test",
    )
    other_member = make_user("other-member", "Oona", "Elsewhere")
    seat_user(other_member, other_board, other_council)
    sides = [
        (Side("A", partnership, board, officer, chair), council),
        (Side("B", other, other_board, other_officer, other_officer), other_council),
    ]
    users = {
        "member": member,
        "chair": chair,
        "officer": officer,
        "other_officer": other_officer,
        "other_member": other_member,
    }
    return sides, users


# -- Every address, with every object id of both partnerships --------------------------------------

MODEL_OF_SEGMENT = {
    "meetings": Meeting,
    "items": AgendaItem,
    "papers": ReportFile,
    "proposals": AgendaProposal,
    "actions": Action,
    "resolutions": Resolution,
    "attendance": Attendance,
    "commissions": Commission,
    "recommendations": Recommendation,
    "organisations": Organisation,
    "people": Person,
    "memberships": Membership,
    "interests": InterestEntry,
    "bodies": Body,
    "accounts": get_user_model(),
    "zip": MinutesArchiveUpload,  # a ZIP of past minutes awaiting its officer's confirmation
    "import": RegisterImport,  # a register spreadsheet awaiting its officer's confirmation
    "paste-minutes": PastedMinutes,  # pasted minutes awaiting their officer's confirmation
}


def parameter_values(name: str, parameters: list[str], route: str) -> list[dict]:
    """Every combination of values for a pattern's parameters, from both partnerships' objects."""
    slugs = list(Partnership.objects.values_list("slug", flat=True))
    if parameters == []:
        return [{}]
    if parameters == ["slug"]:
        return [{"slug": s} for s in slugs]
    if parameters in (["pk"], ["pk", "slug"]):
        segment = pk_segment(route)
        assert segment in MODEL_OF_SEGMENT, f"Teach the role crawl which objects '{segment}' names ({name})"
        ids = list(MODEL_OF_SEGMENT[segment].objects.values_list("pk", flat=True))
        if parameters == ["pk"]:
            return [{"pk": pk} for pk in ids]
        return [{"slug": s, "pk": pk} for s in slugs for pk in ids]
    if parameters == ["body", "slug"]:
        return [{"slug": b.partnership.slug, "body": b.slug} for b in Body.objects.select_related("partnership")]
    meetings = [
        ({"slug": m.body.partnership.slug, "body": m.body.slug, "date": timezone.localtime(m.starts_at).date()}, m)
        for m in Meeting.objects.select_related("body__partnership")
    ]
    if parameters == ["body", "date", "slug"]:
        return [{**kw, "date": kw["date"].isoformat()} for kw, _ in meetings] + [
            {"slug": s, "body": "board", "date": "2099-01-01"} for s in slugs
        ]
    if parameters == ["body", "date", "number", "slug"]:
        found = []
        for kw, meeting in meetings:
            count = max(
                [meeting.items.count(), *(len(p.snapshot["items"]) for p in meeting.publications.only("snapshot"))]
            )
            found += [{**kw, "date": kw["date"].isoformat(), "number": n} for n in range(1, count + 1)]
        return found
    if parameters == ["pk", "token"]:  # an invitation's link, with a token that is not its own
        return [{"pk": pk, "token": "1-not-a-token"} for pk in Invitation.objects.values_list("pk", flat=True)] or [
            {"pk": 1, "token": "1-not-a-token"}
        ]
    if parameters == ["person", "slug"]:
        return [{"slug": s, "person": p} for s in slugs for p in Person.objects.values_list("slug", flat=True)]
    if parameters == ["commission", "slug"]:
        return [
            {"slug": c.body.partnership.slug, "commission": c.body.slug}
            for c in Commission.objects.select_related("body__partnership")
        ]
    raise AssertionError(f"Teach the role crawl the parameters of {name}: {parameters}")


def every_address() -> list[list[str]]:
    found = addresses(parameter_values, skip=lambda name: name.startswith("admin:") or name == "logout")
    return [["/", "/manage/", "/no-such-page/"], *found.values()]


# -- Coverage, for the README -----------------------------------------------------------------------

COVERAGE = {"stages": set(), "roles": set(), "addresses": set(), "requests": 0, "seconds": 0.0}


@pytest.fixture(scope="module", autouse=True)
def coverage_report(tmp_path_factory):
    yield
    if not COVERAGE["stages"]:
        return
    summary = {
        "stages": len(COVERAGE["stages"]),
        "roles": len(COVERAGE["roles"]),
        "distinct_addresses": len(COVERAGE["addresses"]),
        "requests": COVERAGE["requests"],
        "crawl_seconds": round(COVERAGE["seconds"]),
    }
    path = tmp_path_factory.getbasetemp() / "role_crawl_coverage.json"
    path.write_text(json.dumps(summary, indent=2))
    print(f"\nrole crawl coverage: {summary} (written to {path})")


# -- The crawl --------------------------------------------------------------------------------------


def test_every_role_sees_exactly_what_it_may_at_every_stage(personas):
    """One world taken through the five stages; at each, every role crawls everything. The
    failures of every stage are listed together: role, marker, and where it was seen."""
    sides, users = personas
    for side, council in sides:
        plant(side, council)
    report, server_errors = [], []
    for stage, step in enumerate(STEPS, start=1):
        if step is not None:
            for side, _ in sides:
                step(side)
        problems, errors = crawl_as_every_role(users, stage)
        server_errors += errors
        if problems:
            report.append(f"stage {stage} ({STAGES[stage - 1]}):\n  " + "\n  ".join(problems))
    assert not server_errors, "\n".join(server_errors)
    assert not report, "\n".join(report)


def crawl_as_every_role(users: dict, stage: int) -> tuple[list[str], list[str]]:
    groups = every_address()
    problems, server_errors = [], []
    for role in ROLES:
        client = Client()
        if role != "anonymous":
            client.force_login(users[role])
        started = time.monotonic()
        result = crawl(client, groups, find_markers)
        COVERAGE["seconds"] += time.monotonic() - started
        COVERAGE["roles"].add(role)
        COVERAGE["addresses"].update(result.statuses)
        COVERAGE["requests"] += len(result.statuses)
        server_errors += [f"stage {stage}, {role}: {error}" for error in result.server_errors]
        if result.truncated:
            server_errors.append(f"stage {stage}, {role}: the crawl reached its limit; raise it")
        allowed, required = expected(role, stage)
        for marker in sorted(set(result.markers) - allowed):
            where = sorted(result.markers[marker])
            problems.append(f"{role} saw {marker} ({_describe(marker, stage)}) at {', '.join(where)}")
        for marker in sorted(required - set(result.markers)):
            problems.append(f"{role} did not see {marker} ({_describe(marker, stage)}) on any page")
    COVERAGE["stages"].add(stage)
    return problems, server_errors


def _describe(marker: str, stage: int) -> str:
    code, kind = marker[3], marker[4:-2].lower()
    allowed, _ = audience(kind, stage)
    return f"{kind} of partnership {code}, for {LEVEL_NAMES[allowed]}"


def test_the_visibility_table_is_what_the_product_promises():
    """Spot checks of the table itself, so a slip in it cannot hide a leak."""
    anonymous, _ = expected("anonymous", 2)
    assert mark("A", "pubtitle") in anonymous and mark("A", "latetitle") not in anonymous
    member, _ = expected("member", 2)
    assert mark("A", "conftitle") in member and mark("A", "newitem") not in member
    assert mark("B", "conftitle") not in member and mark("A", "email") not in member
    other, _ = expected("other_officer", 5)
    assert not {mark("A", kind) for kind in ("conftitle", "draftitem", "email", "commname")} & other
    assert mark("B", "email") in other and mark("A", "narrative") in other
    chair, must = expected("chair", 3)
    assert mark("A", "draftitem") in must and mark("A", "sensitive") not in chair


def test_markers_are_distinct():
    markers = [mark(code, kind) for code in "AB" for kind in TABLE]
    assert all(find_markers(m.encode()) == {m} for m in markers)
    assert not any(a != b and a in b for a in markers for b in markers)
