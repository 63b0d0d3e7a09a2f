"""Cross-partnership writes: another partnership's officer (and its chair and member) asks for every
staff address that names an object, with the first partnership's object in every position, by GET
and by POST with a plausible form: always 404, and nothing written (no new history row). Then every
staff form of their own partnership, with each field that names an object set to the first
partnership's object: refused on the form (or 404), never saved."""

import itertools

import pytest
from bs4 import BeautifulSoup
from django.db import transaction
from django.test import Client
from django.urls import reverse

from tests.quality.cross_world import (
    HistoryWatch,
    build_world,
    describe,
    forms_of,
    owned_ids,
    references,
    second_partnership,
    staff_routes,
)

pytestmark = pytest.mark.django_db

MEETINGS = ("draft", "published", "held", "minuted")
ITEMS = (
    "draft_item",
    "draft_secret",
    "published_item",
    "published_secret",
    "held_item",
    "held_secret",
    "minuted_item",
)
COMMISSIONS = ("active", "proposed")
PEOPLE = ("person", "chair_person", "deputy_person", "seatless")

# URL name → the kinds of object its id names (keys of the world). A slug is the partnership's.
OBJECTS = {
    "onboarding:body_edit": ("board",),
    "onboarding:deactivate": ("account",),
    **{
        f"manage:{name}": MEETINGS
        for name in (
            "meeting",
            "meeting_edit",
            "meeting_cancel",
            "meeting_postpone",
            "agenda_start",
            "item_new",
            "publish",
            "history",
            "proposal_new",
            "minutes",
            "meeting_hold",
            "attendance",
            "attendance_other",
            "close_time",
            "minutes_publish",
            "minutes_approve",
            "minutes_correct",
        )
    },
    **{
        f"manage:{name}": ITEMS
        for name in (
            "item_edit",
            "item_move",
            "item_remove",
            "report_edit",
            "paper_new",
            "item_minutes",
            "resolution_new",
            "action_new",
            "declaration_new",
        )
    },
    "manage:paper_remove": ("draft_paper", "published_paper", "secret_paper"),
    "paper": ("draft_paper", "secret_paper"),  # a published public paper is public: not another's secret
    "manage:proposal_decide": ("proposal",),
    "manage:minutes_record_approved": MEETINGS,
    "manage:historical_preview": ("archive",),
    "manage:resolution_remove": ("resolution",),
    **{f"manage:{name}": ("in_attendance",) for name in ("attendance_up", "attendance_down")},
    "manage:action_done": ("action", "recommendation_action"),
    **{
        f"commissions:{name}": COMMISSIONS
        for name in (
            "detail",
            "establish",
            "member_add",
            "session_add",
            "recommendation_add",
            "extend",
            "report",
            "close",
        )
    },
    **{f"commissions:{name}": ("recommendation",) for name in ("decide", "progress", "action_add")},
    "members:organisation": ("organisation",),
    "members:deputy_add": ("organisation",),
    **{f"members:{name}": PEOPLE for name in ("person", "person_edit", "membership_add", "remind")},
    "members:membership_end": ("membership",),
    "members:interest_edit": ("interest",),
    # Corrections and withdrawals, with their history pages.
    **{
        f"manage:{name}": ("action", "recommendation_action")
        for name in ("action_correct", "action_withdraw", "action_history")
    },
    **{f"manage:{name}": ("resolution",) for name in ("resolution_edit", "resolution_withdraw")},
    **{f"members:{name}": ("membership",) for name in ("membership_correct", "membership_withdraw")},
    "members:person_history": PEOPLE,
    "members:register_import_preview": ("register_upload",),
    "manage:paste_minutes_preview": ("pasted_minutes",),
}

# Extra fields a POST-only action reads.
ACTION_FIELDS = {"manage:item_move": {"direction": "up"}, "manage:proposal_decide": {"decision": "accept"}}

# Which of a partnership's people owns a page's form (the one whose GET shows it).
OWNERS = ("officer", "chair", "member")

B_ROLES = ("other_officer", "other_chair", "other_member")


@pytest.fixture
def worlds(client, partnership, board, council, officer, chair, member, other_officer):
    a = build_world(
        partnership=partnership, board=board, organisation=council, officer=officer, chair=chair, member=member, tag="A"
    )
    b_partnership, b_board, b_org, b_chair, b_member = second_partnership(other_officer)
    b = build_world(
        partnership=b_partnership,
        board=b_board,
        organisation=b_org,
        officer=other_officer,
        chair=b_chair,
        member=b_member,
        tag="B",
    )
    # A person added to each register, with no seat yet: added through the page, as an officer does.
    from members.models import Person

    for world, user, name in ((a, officer, "Seatless Ayes"), (b, other_officer, "Seatless Bees")):
        given, family = name.split()
        client.force_login(user)
        response = client.post(
            reverse("members:person_new", args=[world["slug"]]),
            {"given_name": given, "family_name": family, "email": f"{family.lower()}@example.org"},
        )
        assert response.status_code == 302, response.content[:2000]
        world["seatless"] = Person.objects.get(family_name=family)
    client.logout()
    users = {
        "officer": officer,
        "chair": chair,
        "member": member,
        "other_officer": other_officer,
        "other_chair": b_chair,
        "other_member": b_member,
    }
    clients = {}
    for key, user in users.items():
        clients[key] = Client()
        clients[key].force_login(user)
    return a, b, clients


def address(route, world, *, slug=None, key=None) -> str:
    kwargs = {}
    if "slug" in route.params:
        kwargs["slug"] = slug
    if "pk" in route.params:
        kwargs["pk"] = world[key].pk
    return reverse(route.name, kwargs=kwargs)


def harvested(clients, url, prefix="") -> list[dict]:
    """The form bodies of the page, as the first of the partnership's officer, chair and member who
    can open it sees them."""
    for owner in OWNERS:
        with transaction.atomic():
            response = clients[prefix + owner].get(url)
            transaction.set_rollback(True)
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            specs = forms_of(response.content)
            if specs:
                return [spec.filled().body() for spec in specs]
    return [{}]


def probe(client, watch, method, url, data=None, *, response_too=False):
    """One request in a savepoint rolled back after it: its status and the history rows it wrote."""
    response = None
    with transaction.atomic():
        before = watch.mark()
        try:
            response = getattr(client, method)(url, data or {})
            status = response.status_code
        except Exception as error:  # a server error is a finding, reported with the rest
            status = f"raised {error.__class__.__name__}: {error}"[:160]
        written = watch.written(before)
        transaction.set_rollback(True)
    return (status, written, response) if response_too else (status, written)


def test_every_staff_pattern_that_names_an_object_is_swept():
    """A new staff address that names an object must say which objects to sweep it with."""
    missing = [r.name for r in staff_routes() if "pk" in r.params and r.name not in OBJECTS]
    assert not missing, f"Add these URL patterns to OBJECTS in {__file__}: {missing}"


def attempts(a, b):
    """(route, variant, address, the address of the same page on B's own object) for every staff
    pattern: A's object in every position, A's slug, and the mixed B slug with A's id."""
    for route in staff_routes():
        keys = OBJECTS.get(route.name, (None,))
        for key in keys:
            own_b = address(route, b, slug=b["slug"], key=key)
            if route.params == ("slug",):
                yield route, "A slug", address(route, a, slug=a["slug"]), own_b
            elif "slug" not in route.params:
                yield route, f"A {key}", address(route, a, key=key), own_b
            else:
                yield route, f"A slug, A {key}", address(route, a, slug=a["slug"], key=key), own_b
                yield route, f"B slug, A {key}", address(route, a, slug=b["slug"], key=key), own_b
                yield route, f"A slug, B {key}", address(route, b, slug=a["slug"], key=key), own_b


@pytest.mark.parametrize("role", B_ROLES)
def test_another_partnerships_people_get_404_and_write_nothing(worlds, role):
    a, b, clients = worlds
    client = clients[role]
    watch = HistoryWatch()
    failures, requests, patterns, ids = [], 0, set(), set()
    bodies_cache, own_status = {}, {}
    for route, variant, url, own_b in attempts(a, b):
        patterns.add(route.name)
        ids.add(url)
        # A body that would be valid on the page: as A's owner sees A's page, and as B's owner sees
        # B's own page (B's bodies, organisations, ... in the choices).
        if url not in bodies_cache:
            bodies_cache[url] = harvested(clients, url)
        if own_b not in bodies_cache:
            bodies_cache[own_b] = harvested(clients, own_b, prefix="other_")
            # May this role use the page in its own partnership at all?
            own_status[own_b] = probe(client, watch, "get", own_b)[0]
            if own_status[own_b] == 405:
                own_status[own_b] = probe(client, watch, "post", own_b, bodies_cache[own_b][0])[0]
        bodies = [
            {**body, **ACTION_FIELDS.get(route.name, {})}
            for body in itertools.chain(bodies_cache[url], bodies_cache[own_b])
        ]
        get_status, written = probe(client, watch, "get", url)
        requests += 1
        if written:
            failures.append(f"GET {url} ({route.name}, {variant}): wrote {[describe(r) for r in written]}")
        post_statuses = []
        for body in bodies:
            status, written = probe(client, watch, "post", url, body)
            requests += 1
            post_statuses.append(status)
            if written:
                failures.append(
                    f"POST {url} ({route.name}, {variant}): {status}, wrote {[describe(r) for r in written]}"
                )
        # Someone refused a page of their own partnership (B slug) for who they are (403, as on
        # B's own object) is refused before any id is read: that reveals nothing of A.
        allowed = {404}
        if variant.startswith("B slug") and own_status[own_b] == 403:
            allowed = {403, 404}
        bad_posts = sorted({str(s) for s in post_statuses if s not in allowed})
        get_ok = get_status in allowed or (get_status == 405 and not bad_posts)
        if not get_ok or bad_posts:
            failures.append(f"{url} ({route.name}, {variant}): GET {get_status}, POST {bad_posts or 'ok'}")
    print(f"\n{role}: {len(patterns)} patterns, {len(ids)} addresses, {requests} requests, {len(failures)} failures")
    assert not failures, f"as {role} ({len(failures)} of {requests} requests):\n" + "\n".join(failures)


# -- Form fields that name objects ---------------------------------------------------------------


def a_choices(a) -> dict[str, list[int]]:
    """A's objects to put in a field, by what the field names."""
    people = [a[k].pk for k in PEOPLE]
    return {
        "person": people,
        "people": people,
        "members": people,
        "chair": people,
        "owner": people,
        "proposed_by": people,
        "seconded_by": people,
        "substitute": people,
        "item_chair": people,
        "minutes_taken_by": people,
        "organisation": [a["organisation"].pk],
        "addressed_to": [a["organisation"].pk],
        "body": [a["board"].pk, a["active"].body_id],
        "body_choice": [a["board"].pk, a["active"].body_id],
        "resolution": [a["resolution"].pk],
        "at_meeting": [a["held"].pk, a["minuted"].pk],
        "focus_areas": [a["focus_area"].pk],
    }


def error_messages(response) -> str:
    """The field errors of a re-rendered form, else its error summary."""
    soup = BeautifulSoup(response.content, "html.parser")
    fields = [
        f"{tag.get('id', '?')}: {' '.join(tag.get_text(' ').split())}" for tag in soup.select(".govuk-error-message")
    ]
    summary = soup.select_one(".govuk-error-summary")
    return "; ".join(fields) or (" ".join(summary.get_text(" ").split()) if summary else "")


def field_kind(name: str) -> str:
    if name.startswith("item_chair_"):
        return "item_chair"
    return "substitute" if name.startswith("substitute_") else name


def b_forms(clients, b):
    """Every staff page of B with a form, as B's owner (officer, else chair, else member) sees it."""
    for route in staff_routes():
        for key in OBJECTS.get(route.name, (None,)):
            url = address(route, b, slug=b["slug"], key=key)
            for owner in OWNERS:
                with transaction.atomic():
                    response = clients[f"other_{owner}"].get(url)
                    transaction.set_rollback(True)
                if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
                    specs = [spec for spec in forms_of(response.content) if spec.data or spec.files]
                    if specs:
                        yield route, key, url, owner, specs
                        break


def test_form_fields_naming_another_partnerships_objects_are_refused(worlds):
    a, b, clients = worlds
    watch = HistoryWatch()
    owned = owned_ids(a["partnership"], extra_people=[a["seatless"], a["deputy_person"]])
    choices = a_choices(a)
    failures, unmapped, forms, fields, requests, baseline_invalid = [], set(), 0, 0, 0, []
    for route, _key, url, owner, specs in b_forms(clients, b):
        client = clients[f"other_{owner}"]
        for found in specs:
            if not found.object_choices:
                continue
            forms += 1
            # The form as sent by a browser, else with its empty choices filled: accepted, so that a
            # refusal below is the foreign object's.
            accepted = False
            for spec in (found, found.filled()):
                status, _, response = probe(client, watch, "post", url, spec.body(), response_too=True)
                requests += 1
                if status == 302:
                    accepted = True
                    break
            else:
                errors = error_messages(response) if status == 200 else ""
                baseline_invalid.append(f"{route.name} {url}: {status} {errors}")
            for name, multiple in spec.object_choices.items():
                kind = field_kind(name)
                if kind not in choices:
                    unmapped.add(f"{route.name}:{name}")
                    continue
                fields += 1
                for foreign in choices[kind]:
                    value = [*spec.data.get(name, []), str(foreign)] if multiple else str(foreign)
                    status, written, response = probe(
                        client, watch, "post", url, spec.body(**{name: value}), response_too=True
                    )
                    requests += 1
                    pointing = [f"{describe(r)}: {', '.join(refs)}" for r in written if (refs := references(r, owned))]
                    # Refused on the field where the form was otherwise accepted; else refused at all.
                    shown = b"govuk-error-message" if accepted else b"govuk-error-summary"
                    refused = status == 404 or (status == 200 and shown in response.content)
                    if pointing or not refused:
                        failures.append(
                            f"{route.name} {url} as B's {owner}, {name}={foreign} (A's): {status}"
                            + (f", wrote {pointing}" if pointing else "")
                        )
    print(f"\nform fields: {forms} forms, {fields} fields naming objects, {requests} requests")
    print("forms whose plausible body was refused even before (the field check is weaker there):")
    print("\n".join(baseline_invalid))
    assert not unmapped, f"Say which of A's objects to put in these fields (a_choices): {sorted(unmapped)}"
    assert not failures, "\n".join(failures)
