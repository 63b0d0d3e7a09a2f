"""Two partnerships with one of everything, and the tools the cross-partnership sweep needs: the
staff URL patterns that name an object, the forms a page offers (harvested from its HTML), and
the history rows written by a request (django-simple-history's tables)."""

import datetime as dt
import re
from dataclasses import dataclass, field

from bs4 import BeautifulSoup
from django.apps import apps
from django.db import connection, models
from django.urls import URLPattern, URLResolver, get_resolver

from boards.models import Body, FocusArea, Partnership
from commissions import services as commission_services
from core.audit import save_audited
from meetings import services
from meetings.models import (
    Action,
    AgendaItem,
    AgendaProposal,
    Meeting,
    MinutesArchiveUpload,
    PastedMinutes,
    Resolution,
)
from members.models import Deputy, InterestEntry, Membership, Organisation, Person, RegisterImport
from tests.commissions.helpers import make_commission
from tests.conftest import london, make_meeting, seat_user
from tests.meetings.helpers import MINIMAL_PDF, build_agenda, upload

# -- The URL patterns ------------------------------------------------------------------------------

# Patterns that are not staff pages, or name nothing: the public pages have their own crawl.
NOT_STAFF = re.compile(
    r"^(admin:|public:|commissions:public_|members:public_|home$|healthz$|favicon$|accessibility$|login$|logout$|onboarding:accept$)"
)


@dataclass(frozen=True)
class Route:
    name: str
    params: tuple[str, ...]  # converter names in the address, e.g. ("slug", "pk")


def staff_routes(resolver=None, namespace: str = "", params: tuple = ()) -> list[Route]:
    """Every named staff pattern with at least one object named in its address (a slug or an id)."""
    routes = []
    for pattern in (resolver or get_resolver()).url_patterns:
        found = params + tuple(pattern.pattern.converters)
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}:{pattern.namespace}".strip(":") if pattern.namespace else namespace
            routes += staff_routes(pattern, inner, found)
        elif isinstance(pattern, URLPattern) and pattern.name:
            name = f"{namespace}:{pattern.name}".strip(":")
            if not NOT_STAFF.match(name) and found:
                routes.append(Route(name, found))
    return routes


# -- The world -------------------------------------------------------------------------------------


def build_world(*, partnership, board, organisation, officer, chair, member, tag: str) -> dict:
    """One of every object of a partnership, made through the services (as the permission matrix's
    world, plus papers, declarations, deputies, a person with no seat yet and a recommendation's
    action). `tag` keeps names unique across partnerships."""
    for position, name in enumerate(["Early years", "Public safety"], start=1):
        if not FocusArea.objects.filter(partnership=partnership, name=name).exists():
            save_audited(FocusArea(partnership=partnership, position=position, name=name), by=officer, reason="t")
    draft = make_meeting(board, london(2030, 8, 14, 14), hours=3, by=officer)
    draft_items = build_agenda(draft, officer)
    published = make_meeting(board, london(2030, 6, 12, 14), hours=3, by=officer)
    published_items = build_agenda(published, officer)
    services.agenda_publish(meeting=published, by=officer)
    held = make_meeting(board, london(2026, 9, 2, 14), hours=2, by=officer)
    services.agenda_start(meeting=held, by=officer)
    services.agenda_item_add(
        meeting=held, by=officer, title="Held secret", confidential=True, exempt_paragraph=1, exempt_reason="Staff"
    )
    services.meeting_hold(meeting=held, by=officer)
    services.attendance_record(
        meeting=held, entries=[(m, "present", None) for m in services.members_expected(held)], by=officer
    )
    for guest in ("Guest", "Visitor"):  # those in attendance, in an order the officer may change
        in_attendance = services.attendance_add_other(
            meeting=held, name=f"{guest} {tag}", role="", organisation="", by=officer
        )
    held_item = held.items.order_by("position").first()
    declaration = services.declaration_add(
        item=held_item,
        person=member.person,
        nature="Trustee",
        kind="other",
        left_room=False,
        took_no_part=False,
        by=officer,
    )
    minuted = make_meeting(board, london(2026, 7, 1, 14), hours=2, by=officer)
    services.agenda_start(meeting=minuted, by=officer)
    services.meeting_hold(meeting=minuted, by=officer)
    services.attendance_record(
        meeting=minuted, entries=[(m, "present", None) for m in services.members_expected(minuted)], by=officer
    )
    minuted_item = minuted.items.order_by("position").first()
    resolution = services.resolution_add(item=minuted_item, text="That the apologies be noted.", by=officer)
    action = services.action_add(
        item=minuted_item, description="Follow up", owner=member.person, owner_name="", due_on=None, by=officer
    )
    services.meeting_close_time(meeting=minuted, closed_at=dt.time(15, 0), by=officer)
    services.minutes_publish(meeting=minuted, by=officer)
    active = make_commission(
        partnership,
        f"Active Commission {tag}",
        by=officer,
        strategy="Youth Cabinet",
        resolution=resolution,
        establish_by=officer,
    )
    recommendation = commission_services.recommendation_add(
        commission=active, text="Do it", addressed_to=organisation, by=officer
    )
    recommendation_action = commission_services.recommendation_action_add(
        recommendation=recommendation, description="Act", owner=member.person, owner_name="", due_on=None, by=officer
    )
    proposed = make_commission(partnership, f"Proposed Commission {tag}", by=officer)
    proposal = save_audited(
        AgendaProposal(meeting=draft, proposed_by=member.person, title="Idea"), by=None, reason="test"
    )
    interest = save_audited(
        InterestEntry(
            person=member.person,
            partnership=partnership,
            category="other",
            description="Trustee",
            registered_on=dt.date(2026, 2, 1),
        ),
        by=None,
        reason="test",
    )
    deputy_person = _person("Dee", f"Deputy{tag}", partnership=partnership, by=officer, email=f"dee@{tag}.example")
    save_audited(
        Membership(person=deputy_person, body=board, organisation=organisation, starts_on=dt.date(2026, 1, 1)),
        by=officer,
        reason="test",
    )
    deputy = save_audited(Deputy(organisation=organisation, body=board, person=deputy_person), by=officer, reason="t")
    archive = MinutesArchiveUpload.objects.create(
        partnership=partnership, uploaded_by=officer, data=b"", expires_at=london(2030, 1, 1)
    )
    return {
        "partnership": partnership,
        "slug": partnership.slug,
        "archive": archive,  # a ZIP of past minutes awaiting confirmation
        "board": board,
        "account": member,
        "focus_area": partnership.focus_areas.first(),
        # meetings
        "draft": draft,
        "published": published,
        "held": held,
        "minuted": minuted,
        # items
        "draft_item": draft_items["public"],
        "draft_secret": draft_items["secret"],
        "published_item": published_items["public"],
        "published_secret": published_items["secret"],
        "held_item": held_item,
        "held_secret": held.items.get(confidential=True),
        "minuted_item": minuted_item,
        # papers
        "draft_paper": draft_items["public_paper"],
        "published_paper": published_items["public_paper"],
        "secret_paper": published_items["secret_paper"],
        "proposal": proposal,
        "resolution": resolution,
        "action": action,
        "recommendation_action": recommendation_action,
        "declaration": declaration,
        "in_attendance": in_attendance,
        "active": active,
        "proposed": proposed,
        "recommendation": recommendation,
        "interest": interest,
        "membership": member.person.memberships.get(body=board),
        "person": member.person,
        "chair_person": chair.person,
        "deputy_person": deputy_person,
        "deputy": deputy,
        "register_upload": RegisterImport.objects.create(
            partnership=partnership, uploaded_by=officer, file_name=f"register-{tag}.csv", rows=[]
        ),
        "organisation": organisation,
        "pasted_minutes": PastedMinutes.objects.create(
            partnership=partnership,
            officer=officer,
            body=board,
            starts_at=london(2026, 5, 6, 14),
            ends_at=london(2026, 5, 6, 16),
            venue="Civic Offices",
            text=f"PASTED-{tag}\n1. Apologies\nNone.",
        ),
    }


def _person(given: str, family: str, *, partnership, by, **extra) -> Person:
    """Someone in the partnership's register (where the register is kept per partnership)."""
    if any(f.name == "partnership" for f in Person._meta.fields):
        extra["partnership"] = partnership
    slug = f"{given}-{family}".lower()
    return save_audited(Person(given_name=given, family_name=family, slug=slug, **extra), by=by, reason="test")


def second_partnership(other_officer, *, tag: str = "B"):
    """The other partnership (made by the `other_officer` fixture) with an organisation, a chair and
    a member who has signed the undertaking."""
    from tests.conftest import make_user

    partnership = other_officer.officer_of.get()
    board = Body.objects.get(partnership=partnership, kind=Body.Kind.BOARD)
    if board.quorum is None or board.quorum < 1:
        board.quorum = 3
        save_audited(board, by=None, reason="test")
    organisation = save_audited(
        Organisation(partnership=partnership, name="Elsewhere Council", sector="local_authority"),
        by=None,
        reason="test",
    )
    chair = make_user("other-chair", "Bea", "Chairelsewhere")
    seat_user(chair, board, organisation, role=Membership.Role.CHAIR)
    member = make_user("other-member", "Ben", "Memberelsewhere")
    seat_user(member, board, organisation)
    return partnership, board, organisation, chair, member


def owned_ids(partnership: Partnership, extra_people=()) -> dict[type, set[int]]:
    """The ids of everything the partnership holds, by model: what another partnership's writes
    must never point at."""
    p = partnership
    people = set(Person.objects.filter(memberships__body__partnership=p).values_list("pk", flat=True))
    if any(f.name == "partnership" for f in Person._meta.fields):  # a register per partnership
        people |= set(Person.objects.filter(partnership=p).values_list("pk", flat=True))
    people |= {person.pk for person in extra_people}
    return {
        Partnership: {p.pk},
        Person: people,
        Organisation: set(Organisation.objects.filter(partnership=p).values_list("pk", flat=True)),
        Body: set(Body.objects.filter(partnership=p).values_list("pk", flat=True)),
        FocusArea: set(FocusArea.objects.filter(partnership=p).values_list("pk", flat=True)),
        Meeting: set(Meeting.objects.filter(body__partnership=p).values_list("pk", flat=True)),
        AgendaItem: set(AgendaItem.objects.filter(meeting__body__partnership=p).values_list("pk", flat=True)),
        Resolution: set(Resolution.objects.filter(meeting__body__partnership=p).values_list("pk", flat=True)),
        Membership: set(Membership.objects.filter(body__partnership=p).values_list("pk", flat=True)),
        InterestEntry: set(InterestEntry.objects.filter(partnership=p).values_list("pk", flat=True)),
        Action: set(Action.objects.filter(meeting__body__partnership=p).values_list("pk", flat=True))
        | set(Action.objects.filter(recommendation__commission__body__partnership=p).values_list("pk", flat=True)),
    }


# -- History: what a request wrote -----------------------------------------------------------------


def historical_models() -> list[type[models.Model]]:
    return sorted((m for m in apps.get_models() if m.__name__.startswith("Historical")), key=lambda m: m._meta.db_table)


class HistoryWatch:
    """The latest history id of every historical table, read in one query."""

    def __init__(self):
        self.models = historical_models()
        quote = connection.ops.quote_name
        parts = [f"(SELECT COALESCE(MAX(history_id), 0) FROM {quote(m._meta.db_table)})" for m in self.models]
        self.sql = "SELECT " + ", ".join(parts)

    def mark(self) -> tuple[int, ...]:
        with connection.cursor() as cursor:
            cursor.execute(self.sql)
            return tuple(cursor.fetchone())

    def written(self, before: tuple[int, ...]) -> list[models.Model]:
        """History rows written since `before`."""
        after = self.mark()
        rows = []
        for model, old, new in zip(self.models, before, after, strict=True):
            if new != old:
                rows += list(model.objects.filter(history_id__gt=old))
        return rows


def describe(row) -> str:
    return f"{row.__class__.__name__}(id={row.id}, {row.history_type}, {row.history_change_reason!r})"


def references(row, owned: dict[type, set[int]]) -> list[str]:
    """The fields of a history row that point at one of `owned`'s objects (or the row itself)."""
    found = []
    instance_model = row.instance_type
    if row.id in owned.get(instance_model, set()):
        found.append(f"is {instance_model.__name__} {row.id}")
    for f in row._meta.concrete_fields:
        if isinstance(f, models.ForeignKey) and f.name not in ("history_user",):
            value = getattr(row, f.attname)
            target = f.related_model
            if value is not None and value in owned.get(target, set()):
                found.append(f"{f.name}={target.__name__} {value}")
    return found


# -- Forms as a browser sees them -------------------------------------------------------------------


# Choices by number that are not objects.
NUMBERED_CHOICES = {"exempt_paragraph", "duration", "every_months", "count"}


@dataclass
class FormSpec:
    """A form of a page posting to the page itself: its fields as a browser would send them, and
    which of them are choices of objects (select/radio/checkbox options that are ids)."""

    data: dict[str, list[str]] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)
    object_choices: dict[str, bool] = field(default_factory=dict)  # name -> multiple?
    first_choices: dict[str, str] = field(default_factory=dict)  # a choice for a field left empty

    def filled(self) -> "FormSpec":
        """The same form with every choice the page left empty set to its first option."""
        data = {name: list(values) for name, values in self.data.items()}
        for name, value in self.first_choices.items():
            if not any(data.get(name, [])):
                data[name] = [value]
        return FormSpec(data, list(self.files), dict(self.object_choices), dict(self.first_choices))

    def body(self, **override) -> dict:
        data = {name: list(values) for name, values in self.data.items()}
        data.update(override)
        for name in self.files:
            data.setdefault(name, upload("paper.pdf", MINIMAL_PDF))
        return {
            name: (value if not isinstance(value, list) or len(value) != 1 else value[0])
            for name, value in data.items()
        }


PLAUSIBLE = {
    "date": "2030-03-04",
    "email": "probe@example.org",
    "number": "3",
    "tel": "01234 567890",
    "time": "10:00",
    "url": "https://example.org/",
}


def _plausible(tag) -> str:
    name = tag.get("name", "")
    kind = (tag.get("type") or "text").lower()
    if kind in PLAUSIBLE:
        return PLAUSIBLE[kind]
    lowered = name.lower()
    if lowered in ("ends_on", "new_end", "due_on"):
        return "2031-06-30"
    if lowered.endswith("_on") or "date" in lowered or lowered in ("new_end",):
        return "2030-03-04"
    if lowered.endswith("_at") or "time" in lowered:
        return "15:00"
    if lowered in ("duration", "expected_minutes", "count", "every_months", "exempt_paragraph"):
        return "60" if lowered == "duration" else "2"
    return "Cross-partnership probe"


def forms_of(content: bytes) -> list[FormSpec]:
    """Every POST form of the page without an action of its own (it posts to the page), with
    each field filled as the page shows it, and plausible values where the page left it empty."""
    soup = BeautifulSoup(content, "html.parser")
    specs = []
    for form in soup.find_all("form"):
        if (form.get("method") or "get").lower() != "post" or form.get("action"):
            continue
        spec = FormSpec()
        for tag in form.find_all(["input", "select", "textarea", "button"]):
            name = tag.get("name")
            if not name or name == "csrfmiddlewaretoken":
                continue
            if tag.name == "button":
                if tag.get("value") is not None and name not in spec.data:
                    spec.data[name] = [tag["value"]]
                continue
            if tag.name == "textarea":
                text = tag.get_text().removeprefix("\n")  # as a browser reads it
                spec.data[name] = [text or "Cross-partnership probe"]
                continue
            if tag.name == "select":
                options = [o.get("value", o.get_text()) for o in tag.find_all("option")]
                chosen = [o.get("value", o.get_text()) for o in tag.find_all("option") if o.has_attr("selected")]
                if name not in NUMBERED_CHOICES and any(re.fullmatch(r"\d+", value or "") for value in options):
                    spec.object_choices[name] = tag.has_attr("multiple")
                filled = [value for value in options if value]
                if filled:
                    spec.first_choices[name] = filled[0]
                if tag.has_attr("multiple"):
                    spec.data[name] = chosen
                else:
                    spec.data[name] = chosen or options[:1] or [""]  # what a browser sends
                continue
            kind = (tag.get("type") or "text").lower()
            if kind == "file":
                spec.files.append(name)
            elif kind in ("checkbox", "radio"):
                value = tag.get("value", "on")
                if name not in NUMBERED_CHOICES and re.fullmatch(r"\d+", value):
                    spec.object_choices[name] = kind == "checkbox"
                spec.first_choices.setdefault(name, value)
                values = spec.data.setdefault(name, [])
                if tag.has_attr("checked"):
                    values.append(value)
            elif kind in ("submit", "reset", "image"):
                continue
            else:
                spec.data[name] = [tag.get("value") or ("" if kind == "hidden" else _plausible(tag))]
        specs.append(spec)
    return specs
