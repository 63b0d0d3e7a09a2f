"""Every URL pattern of the project, classified: who may reach it in which state, and what they
get. A pattern missing from the table fails the first test; every combination is requested
against the real database and any 5xx fails."""

import datetime as dt

import pytest
from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from commissions import services as commission_services
from core.audit import save_audited
from meetings import services
from meetings.models import AgendaProposal, MinutesArchiveUpload
from members.models import InterestEntry, RegisterImport
from tests.commissions.helpers import make_commission
from tests.conftest import london, make_meeting
from tests.meetings.helpers import build_agenda

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "member", "officer", "chair", "other_officer")


def names_in(resolver=None, namespace: str = "") -> set[str]:
    names = set()
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}:{pattern.namespace}".strip(":") if pattern.namespace else namespace
            names |= names_in(pattern, inner)
        elif isinstance(pattern, URLPattern):
            names.add(f"{namespace}:{pattern.name}".strip(":") if pattern.name else f"{namespace}:<unnamed>")
    return names


def expect(anonymous, member, officer, chair, other_officer) -> dict[str, int]:
    return dict(zip(ROLES, (anonymous, member, officer, chair, other_officer), strict=True))


PUBLIC = expect(200, 200, 200, 200, 200)
GONE = expect(404, 404, 404, 404, 404)
OFFICERS = expect(302, 403, 200, 403, 404)  # the partnership's officers only
OFFICERS_AND_CHAIR = expect(302, 403, 200, 200, 404)
CHAIR = expect(302, 403, 403, 200, 404)
MEMBER_SELF = expect(302, 200, 403, 200, 404)  # the member's own undertaking and interests
POST_ONLY = expect(302, 405, 405, 405, 405)
DRAFT_VIEW = expect(302, 404, 200, 200, 404)  # an unpublished meeting: officers and the chair see it
DRAFT_CHANGE = expect(302, 404, 200, 403, 404)
PUBLISHED_CHANGE = expect(302, 403, 200, 403, 404)
HELD_MINUTES = expect(302, 404, 200, 200, 404)  # held, but no agenda was ever published


@pytest.fixture
def world(partnership, board, council, officer, chair, member, other_officer):
    draft = make_meeting(board, london(2030, 8, 14, 14), hours=3, by=officer)
    draft_items = build_agenda(draft, officer)
    published = make_meeting(board, london(2030, 6, 12, 14), hours=3, by=officer)
    published_items = build_agenda(published, officer)
    services.agenda_publish(meeting=published, by=officer)
    held = make_meeting(board, london(2026, 9, 2, 14), hours=2, by=officer)
    services.agenda_start(meeting=held, by=officer)
    services.meeting_hold(meeting=held, by=officer)
    minuted = make_meeting(board, london(2026, 7, 1, 14), hours=2, by=officer)
    services.agenda_start(meeting=minuted, by=officer)
    services.meeting_hold(meeting=minuted, by=officer)
    services.attendance_record(
        meeting=minuted, entries=[(m, "present", None) for m in services.members_expected(minuted)], by=officer
    )
    item = minuted.items.first()
    resolution = services.resolution_add(item=item, text="That the apologies be noted.", by=officer)
    action = services.action_add(
        item=item, description="Follow up", owner=None, owner_name="Jo", due_on=None, by=officer
    )
    services.meeting_close_time(meeting=minuted, closed_at=dt.time(15, 0), by=officer)
    services.minutes_publish(meeting=minuted, by=officer)
    active = make_commission(
        partnership,
        "Active Commission",
        by=chair,
        strategy="Youth Cabinet",
        resolution=resolution,
        establish_by=officer,
    )
    recommendation = commission_services.recommendation_add(
        commission=active, text="Do it", addressed_to=None, by=officer
    )
    proposed = make_commission(partnership, "Proposed Commission", by=chair)
    proposal = save_audited(AgendaProposal(meeting=draft, proposed_by=member.person, title="Idea"), by=None, reason="t")
    interest = save_audited(
        InterestEntry(
            person=member.person,
            partnership=partnership,
            category="other",
            description="Trustee",
            registered_on=dt.date(2026, 2, 1),
        ),
        by=None,
        reason="t",
    )
    membership = member.person.memberships.first()
    from meetings.models import PastedMinutes

    paste_draft = PastedMinutes.objects.create(
        partnership=partnership,
        officer=officer,
        body=board,
        starts_at=london(2026, 9, 3, 10),
        ends_at=london(2026, 9, 3, 12),
        venue="Hall",
        text="1. Item\n",
    )
    archive = MinutesArchiveUpload.objects.create(
        partnership=partnership, uploaded_by=officer, data=b"", expires_at=london(2030, 1, 1)
    )
    return {
        "paste_draft": paste_draft,
        "archive": archive,
        "slug": partnership.slug,
        "draft": draft,
        "draft_items": draft_items,
        "published": published,
        "published_items": published_items,
        "held": held,
        "minuted": minuted,
        "resolution": resolution,
        "action": action,
        "active": active,
        "proposed": proposed,
        "recommendation": recommendation,
        "proposal": proposal,
        "interest": interest,
        "register_upload": RegisterImport.objects.create(
            partnership=partnership, uploaded_by=officer, file_name="register.csv", rows=[]
        ),
        "membership": membership,
        "person": member.person,
        "council": council,
    }


def date_kwargs(meeting) -> dict:
    return {"slug": "testshire", "body": meeting.body.slug, "date": meeting.date.isoformat()}


def cases(w) -> dict[str, list[tuple[str, dict[str, int]]]]:
    """URL name → [(address, expected status by role)]."""
    s = w["slug"]
    draft, published, held, minuted = w["draft"], w["published"], w["held"], w["minuted"]
    d_item, p_item = w["draft_items"]["public"], w["published_items"]["public"]
    secret = w["published_items"]["secret"]
    r = reverse
    return {
        "home": [("/", PUBLIC)],
        "healthz": [("/healthz", PUBLIC)],
        "accessibility": [("/accessibility/", PUBLIC)],
        "favicon": [("/favicon.ico", expect(301, 301, 301, 301, 301))],
        "login": [("/sign-in/", PUBLIC)],
        "logout": [("/sign-out/", expect(302, 405, 405, 405, 405))],  # POST only; anonymous sent to sign in
        "paper": [
            (r("paper", args=[w["published_items"]["public_paper"].pk]), PUBLIC),
            (r("paper", args=[w["published_items"]["secret_paper"].pk]), expect(404, 200, 200, 200, 404)),
            (r("paper", args=[w["draft_items"]["public_paper"].pk]), expect(404, 404, 200, 200, 404)),
        ],
        "public:partnership": [(r("public:partnership", args=[s]), PUBLIC)],
        "public:calendar": [(r("public:calendar", args=[s]), PUBLIC)],
        "public:calendar_ics": [(r("public:calendar_ics", args=[s]), PUBLIC)],
        "public:minutes_feed": [(r("public:minutes_feed", args=[s]), PUBLIC)],
        "public:body_meetings": [(r("public:body_meetings", args=[s, "board"]), PUBLIC)],
        "public:meeting": [
            (draft.get_absolute_url(), PUBLIC),
            (published.get_absolute_url(), PUBLIC),
            ("/partnerships/testshire/board/not-a-date/", GONE),
        ],
        "public:agenda_pack": [
            (r("public:agenda_pack", kwargs=date_kwargs(published)), PUBLIC),
            (r("public:agenda_pack", kwargs=date_kwargs(draft)), GONE),
        ],
        "public:minutes_pdf": [
            (r("public:minutes_pdf", kwargs=date_kwargs(minuted)), PUBLIC),
            (r("public:minutes_pdf", kwargs=date_kwargs(held)), GONE),
        ],
        "public:report": [
            (r("public:report", kwargs={**date_kwargs(published), "number": p_item.position}), PUBLIC),
            (r("public:report", kwargs={**date_kwargs(published), "number": secret.position}), GONE),
            (r("public:report", kwargs={**date_kwargs(draft), "number": d_item.position}), GONE),
        ],
        "commissions:public_list": [(r("commissions:public_list", args=[s]), PUBLIC)],
        "commissions:public_detail": [
            (w["active"].get_absolute_url(), PUBLIC),
            (w["proposed"].get_absolute_url(), GONE),
        ],
        "members:public_membership": [(r("members:public_membership", args=[s]), PUBLIC)],
        "members:public_body_membership": [
            (r("members:public_body_membership", args=[s, "board"]), PUBLIC),
            (r("members:public_body_membership", args=[s, w["proposed"].body.slug]), GONE),
            (r("members:public_body_membership", args=[s, "no-such-body"]), GONE),
        ],
        "public:nolan": [
            (r("public:nolan", args=[s]), PUBLIC),
            (r("public:nolan", args=["no-such-partnership"]), GONE),
        ],
        "public:public_member": [
            (r("public:public_member", args=[s, w["person"].slug]), PUBLIC),
            (r("public:public_member", args=[s, "nobody"]), GONE),
        ],
        "manage:dashboard": [("/manage/", expect(302, 200, 200, 200, 200))],
        # Setting a partnership up: a platform administrator creates one; its officers do the rest.
        **{
            name: [(r(name), expect(302, 403, 403, 403, 403))]
            for name in ("onboarding:partnership_list", "onboarding:partnership_new")
        },
        "onboarding:accept": [("/invitations/1/not-a-token/", GONE)],
        **{
            name: [(r(name, args=[s]), OFFICERS)]
            for name in (
                "onboarding:settings",
                "onboarding:partnership_edit",
                "onboarding:focus_areas",
                "onboarding:body_new",
                "onboarding:people",
                "onboarding:invite",
            )
        },
        "onboarding:body_edit": [(r("onboarding:body_edit", args=[s, draft.body_id]), OFFICERS)],
        "onboarding:deactivate": [(r("onboarding:deactivate", args=[s, w["person"].user_id]), OFFICERS)],
        **{
            name: [(r(name, args=[s]), OFFICERS)]
            for name in (
                "manage:meetings",
                "manage:schedule",
                "manage:meeting_new",
                "manage:meeting_record_past",
                "manage:paste_minutes",
                "manage:historical_new",
                "manage:historical_bulk",
                "manage:actions",
                "members:register",
                "members:organisation_new",
                "members:person_new",
                "members:register_import",
                "members:register_template",
                "members:register_export",
            )
        },
        "manage:paste_minutes_preview": [(r("manage:paste_minutes_preview", args=[s, w["paste_draft"].pk]), OFFICERS)],
        "manage:schedule_preview": [(r("manage:schedule_preview", args=[s]), expect(302, 403, 302, 403, 404))],
        "manage:planning_group": [(r("manage:planning_group", args=[s]), CHAIR)],
        "members:register_import_preview": [
            (r("members:register_import_preview", args=[s, w["register_upload"].pk]), OFFICERS)
        ],
        # A ZIP of past minutes awaiting confirmation: the officer who uploaded it only.
        "manage:historical_preview": [(r("manage:historical_preview", args=[s, w["archive"].pk]), OFFICERS)],
        "manage:minutes_record_approved": [(r("manage:minutes_record_approved", args=[held.pk]), POST_ONLY)],
        "public:minutes_document": [(r("public:minutes_document", kwargs=date_kwargs(minuted)), GONE)],
        "members:composition": [(r("members:composition", args=[s]), OFFICERS_AND_CHAIR)],
        "members:organisation": [(r("members:organisation", args=[s, w["council"].pk]), OFFICERS)],
        "members:deputy_add": [(r("members:deputy_add", args=[s, w["council"].pk]), OFFICERS)],
        "members:person": [(r("members:person", args=[s, w["person"].pk]), OFFICERS)],
        "members:person_edit": [(r("members:person_edit", args=[s, w["person"].pk]), OFFICERS)],
        "members:membership_add": [(r("members:membership_add", args=[s, w["person"].pk]), OFFICERS)],
        "members:membership_end": [(r("members:membership_end", args=[s, w["membership"].pk]), OFFICERS)],
        **{
            name: [(r(name, args=[s, w["membership"].pk]), OFFICERS)]
            for name in ("members:membership_correct", "members:membership_withdraw")
        },
        "members:person_history": [(r("members:person_history", args=[s, w["person"].pk]), OFFICERS)],
        "members:remind": [(r("members:remind", args=[s, w["person"].pk]), POST_ONLY)],
        "members:undertaking": [(r("members:undertaking", args=[s]), MEMBER_SELF)],
        "members:interests": [(r("members:interests", args=[s]), MEMBER_SELF)],
        "members:interest_new": [(r("members:interest_new", args=[s]), MEMBER_SELF)],
        "members:interest_edit": [
            (r("members:interest_edit", args=[s, w["interest"].pk]), expect(302, 200, 403, 404, 404))
        ],
        "members:register_confirm": [(r("members:register_confirm", args=[s]), POST_ONLY)],
        "commissions:list": [(r("commissions:list", args=[s]), OFFICERS_AND_CHAIR)],
        "commissions:propose": [(r("commissions:propose", args=[s]), OFFICERS_AND_CHAIR)],
        **{
            name: [
                (r(name, args=[w["active"].pk]), OFFICERS_AND_CHAIR),
                (r(name, args=[w["proposed"].pk]), expect(302, 404, 200, 200, 404)),
            ]
            for name in (
                "commissions:detail",
                "commissions:establish",
                "commissions:member_add",
                "commissions:session_add",
                "commissions:recommendation_add",
                "commissions:extend",
                "commissions:report",
            )
        },
        "commissions:close": [(r("commissions:close", args=[w["active"].pk]), POST_ONLY)],
        **{
            name: [(r(name, args=[w["recommendation"].pk]), OFFICERS_AND_CHAIR)]
            for name in ("commissions:decide", "commissions:progress", "commissions:action_add")
        },
        "manage:meeting": [
            (r("manage:meeting", args=[draft.pk]), DRAFT_VIEW),
            (r("manage:meeting", args=[published.pk]), expect(302, 200, 200, 200, 404)),
        ],
        **{
            name: [(r(name, args=[draft.pk]), DRAFT_CHANGE), (r(name, args=[published.pk]), PUBLISHED_CHANGE)]
            for name in (
                "manage:meeting_edit",
                "manage:meeting_cancel",
                "manage:meeting_postpone",
                "manage:item_new",
                "manage:publish",
                "manage:history",
            )
        },
        "manage:proposal_new": [(r("manage:proposal_new", args=[draft.pk]), expect(302, 403, 403, 403, 404))],
        **{
            name: [(r(name, args=[d_item.pk]), DRAFT_CHANGE), (r(name, args=[p_item.pk]), PUBLISHED_CHANGE)]
            for name in ("manage:item_edit", "manage:report_edit", "manage:paper_new")
        },
        "manage:proposal_decide": [
            (r("manage:proposal_decide", args=[w["proposal"].pk]), expect(302, 404, 200, 404, 404))
        ],
        **{name: [(r(name, args=[draft.pk]), POST_ONLY)] for name in ("manage:agenda_start", "manage:meeting_hold")},
        "manage:item_move": [(r("manage:item_move", args=[d_item.pk]), POST_ONLY)],
        # A removal asks first: its address answers GET with a confirmation page.
        "manage:item_remove": [(r("manage:item_remove", args=[d_item.pk]), DRAFT_CHANGE)],
        "manage:paper_remove": [(r("manage:paper_remove", args=[w["draft_items"]["public_paper"].pk]), DRAFT_CHANGE)],
        "manage:action_done": [(r("manage:action_done", args=[w["action"].pk]), POST_ONLY)],
        "manage:resolution_remove": [
            (r("manage:resolution_remove", args=[w["resolution"].pk]), expect(302, 403, 200, 200, 404))
        ],
        # Officers and the chair draft the minutes; these are published, so the page says why
        # the resolution is locked (200) rather than opening its form.
        **{
            name: [(r(name, args=[w["resolution"].pk]), expect(302, 403, 200, 200, 404))]
            for name in ("manage:resolution_edit", "manage:resolution_withdraw")
        },
        **{
            name: [(r(name, args=[w["action"].pk]), expect(302, 404, 200, 404, 404))]
            for name in ("manage:action_correct", "manage:action_withdraw", "manage:action_history")
        },
        **{
            name: [(r(name, args=[minuted.attendances.first().pk]), POST_ONLY)]
            for name in ("manage:attendance_up", "manage:attendance_down")
        },
        **{
            name: [(r(name, args=[held.pk]), HELD_MINUTES)]
            for name in (
                "manage:minutes",
                "manage:attendance",
                "manage:attendance_other",
                "manage:close_time",
                "manage:minutes_correct",
            )
        },
        "manage:minutes_approve": [(r("manage:minutes_approve", args=[minuted.pk]), expect(302, 403, 403, 200, 404))],
        # The publishing page (it asks about the previous meeting's minutes when they await approval).
        "manage:minutes_publish": [(r("manage:minutes_publish", args=[held.pk]), expect(302, 404, 200, 403, 404))],
        **{
            name: [(r(name, args=[held.items.first().pk]), HELD_MINUTES)]
            for name in ("manage:item_minutes", "manage:resolution_new", "manage:action_new", "manage:declaration_new")
        },
    }


def test_every_url_pattern_is_classified(world):
    table = cases(world)
    unclassified = sorted(name for name in names_in() if not name.startswith("admin:") and name not in table)
    assert not unclassified, f"Add these URL patterns to the permission matrix: {unclassified}"


@pytest.mark.parametrize("role", ROLES)
def test_every_url_answers_each_role_as_classified(client, world, role, request):
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    wrong = []
    for name, entries in cases(world).items():
        for address, expected in entries:
            status = client.get(address).status_code
            assert status < 500, f"{name} {address} answered {status} to {role}"
            if status != expected[role]:
                wrong.append(f"{name} {address}: {status}, expected {expected[role]}")
    assert not wrong, f"as {role}:\n" + "\n".join(wrong)


def governance_records() -> dict[str, object]:
    """Every history table's row count and every tracked record as it stands: what a refused
    action must leave exactly as it was."""
    models = apps.get_models()
    return {
        **{f"{m._meta.label} rows": m._default_manager.count() for m in models if hasattr(m, "instance_type")},
        **{
            m._meta.label: list(m._default_manager.order_by("pk").values())
            for m in models
            if hasattr(m._meta, "simple_history_manager_attribute")
        },
    }


@pytest.mark.parametrize("role", ["anonymous", "member", "other_officer"])
def test_post_only_actions_refuse_those_who_may_not_take_them(client, world, role, request):
    """The POST-only actions, posted by someone not allowed: refused, nothing changed (no history
    row written, no record altered)."""
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    posts = [name for name, entries in cases(world).items() if entries[0][1] is POST_ONLY]
    for name in posts:
        address = cases(world)[name][0][0]
        before = governance_records()
        status = client.post(address).status_code
        allowed = name.startswith("members:register_confirm") and role == "member"
        assert status in ((302,) if allowed else (302, 403, 404)), f"{name} answered {status} to {role}"
        if role == "anonymous":
            assert status == 302
        elif not allowed:
            assert status in (403, 404), f"{name} let {role} in ({status})"
        if not allowed:
            after = governance_records()
            changed = [label for label in before if before[label] != after[label]]
            assert not changed, f"{name}, refused to {role}, changed {changed}"


def test_admin_is_for_staff_only(client, world, officer):
    for address in ["/admin/", "/admin/meetings/meeting/", "/admin/members/person/"]:
        assert client.get(address).status_code == 302
        client.force_login(officer)
        assert client.get(address).status_code == 302  # an officer is not a system administrator
        client.logout()


FLOODS = (
    "?page=99999999999999999999999",
    "?page=-1&page=0&page=abc",
    "?q=" + "%F0%9F%92%A5" * 300 + "&" + "&".join(f"p{n}={n}" for n in range(300)),
    "?%00=%00&next=//evil.example/&format=json&__proto__=1",
)


@pytest.mark.parametrize("role", ["anonymous", "officer", "other_officer"])
def test_a_query_string_flood_on_every_address_is_never_a_server_error_nor_cached(client, world, role, request):
    """Every address in the matrix, with hostile query strings: what it answers without one (or a
    clear refusal), never a 5xx; and the page cache keeps no entry for any of them."""
    from django.core.cache import cache
    from django.test import Client, override_settings

    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    cache.clear()
    with override_settings(PAGE_CACHE_SECONDS=300):
        for name, entries in cases(world).items():
            if name == "logout":
                continue
            for address, expected in entries:
                for flood in FLOODS:
                    if role == "anonymous":
                        client.cookies.clear()  # a visitor without cookies: the page cache's case
                    status = client.get(address + flood).status_code
                    assert status < 500, f"{name} {address}{flood[:40]}… answered {status} to {role}"
                    assert status in (expected[role], 200, 302, 400, 404), f"{name} {address}: {status}"
        if role == "anonymous":  # the cache is on here: a bare address is kept, a flooded one never
            Client().get("/partnerships/testshire/")  # no cookie yet (the sign-in page sets one)
            keys = [str(key) for key in cache._cache]
            assert any(key.endswith("page:http://testserver/partnerships/testshire/") for key in keys), keys
            assert not [key for key in keys if "?" in key and not key.split("?", 1)[1].startswith("page=")], keys
            assert not [key for key in keys if "p299" in key or "page=-1" in key or "page=9999" in key], keys
    cache.clear()
