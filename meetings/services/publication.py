"""Publishing the agenda: the frozen snapshot, the pack's PDF, supplements and withdrawals."""

import datetime as dt
import itertools
import json
import re

from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from core.audit import save_audited
from core.dates import format_date

from ..models import (
    AgendaItem,
    AgendaPublication,
    Meeting,
)
from .agenda_pack import render_agenda_pack
from .calendar import agenda_deadline


def recorded_after_the_fact(meeting: Meeting) -> bool:
    """A meeting held with no agenda published here (recorded after it happened): the business it
    took is added as its items while its minutes are drafted."""
    return meeting.agenda_published_at is None and meeting.status in (
        Meeting.Status.HELD,
        Meeting.Status.MINUTES_DRAFTED,
    )


def agenda_is_editable(meeting: Meeting) -> bool:
    return meeting.status in (Meeting.Status.SCHEDULED, Meeting.Status.AGENDA_PUBLISHED) or recorded_after_the_fact(
        meeting
    )


def check_agenda_open(meeting: Meeting) -> None:
    """The agenda of a meeting still to be held (or being held): it may be published, items
    proposed for it."""
    if meeting.is_cancelled:
        raise ValidationError("This meeting has been cancelled: its agenda cannot change.")
    if meeting.status not in (Meeting.Status.SCHEDULED, Meeting.Status.AGENDA_PUBLISHED):
        raise ValidationError("The meeting has been held: its agenda can no longer change.")


def check_editable(meeting: Meeting) -> None:
    """Its items may change: before the meeting is held, or, for a meeting recorded after it
    happened with no agenda published, while its minutes are drafted."""
    if not recorded_after_the_fact(meeting):
        check_agenda_open(meeting)


def deadline_for(meeting: Meeting) -> dt.date:
    return agenda_deadline(meeting.date)


def _letters(index: int) -> str:
    """A, B, ... Z, AA, AB, ...: the letter of an item added between published ones."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _base(label: str) -> int:
    digits = "".join(itertools.takewhile(str.isdigit, label))
    return int(digits) if digits else 0


def _published_labels(meeting: Meeting) -> set[str]:
    """Every number the meeting's agenda has been published with: never given to another item."""
    labels = set()
    for snapshot, restricted in meeting.publications.values_list("snapshot", "restricted"):
        labels |= {str(entry["number"]) for entry in snapshot.get("items", [])}
        labels |= {str(entry["number"]) for entry in restricted.values()}
    return labels


def agenda_numbers(meeting: Meeting, items: list[AgendaItem] | None = None) -> dict[int, str]:
    """Each item's number on the public agenda, by item id.

    Before the agenda is first published the numbers follow the order. After that a published
    item keeps its number (`AgendaItem.number_label`) whatever happens around it; an item added
    since gets the next number when nothing published comes after it, otherwise the number of
    the published item before it with the next free letter ("7A", "7B"). A number once
    published is never given to another item."""
    items = items if items is not None else list(meeting.items.order_by("position"))
    used = _published_labels(meeting) | {item.number_label for item in items if item.number_label}
    if not used:
        return {item.pk: str(item.position) for item in items}
    numbers, previous = {}, None
    highest = max(_base(label) for label in used)
    for index, item in enumerate(items):
        if item.number_label:
            numbers[item.pk] = previous = item.number_label
            continue
        published_after = any(later.number_label for later in items[index + 1 :])
        if previous is None or not published_after:
            highest += 1
            label = str(highest)
        else:
            base = _base(previous)
            label = next(f"{base}{_letters(n)}" for n in itertools.count() if f"{base}{_letters(n)}" not in used)
        used.add(label)
        numbers[item.pk] = previous = label
    return numbers


def _freeze_numbers(meeting: Meeting, numbers: dict[int, str], by) -> None:
    """Store each new item's public number as it is published."""
    for item in meeting.items.filter(number_label=""):
        item.number_label = numbers[item.pk]
        save_audited(item, by=by, reason=f"Published as item {item.number_label}")


def previous_meeting(meeting: Meeting) -> Meeting | None:
    """The body's meeting before this one (not cancelled): whose minutes this one approves."""
    return (
        Meeting.objects.public()
        .filter(body=meeting.body, starts_at__lt=meeting.starts_at)
        .exclude(status=Meeting.Status.CANCELLED)
        .order_by("-starts_at")
        .first()
    )


def _agenda_entry(item: AgendaItem, number: str, previous: Meeting | None = None) -> dict:
    """One item as a frozen agenda holds it, in full: what the public reads of a public item,
    what members of the body read of a confidential one."""
    report = getattr(item, "report", None)
    entry = {
        "id": item.pk,
        "number": number,
        "exempt": False,
        "title": item.title,
        "purpose": item.get_purpose_display(),
        "presenter": item.presenter,
        "expected_minutes": item.expected_minutes,
        "report": None
        if report is None
        else {
            "key_decision": report.key_decision,
            "listed_on_forward_plan": report.listed_on_forward_plan,
            "within_policy": report.within_policy,
            "accountable_cabinet_member": report.accountable_cabinet_member,
            "contact_officer": report.contact_officer,
            "purpose": report.purpose,
            "recommendations": report.recommendations,
            "implications": report.implications,
            "background_papers": report.background_papers,
        },
        "files": [
            {"id": paper.pk, "title": paper.title, "kind": paper.get_kind_display(), "size": paper.size}
            for paper in item.files.all()
        ],
    }
    if item.kind == AgendaItem.Kind.PREVIOUS_MINUTES and previous is not None:
        # The minutes this item approves: their meeting's public page, where they are published.
        entry["minutes_of"] = {"date": format_date(previous.date), "url": previous.get_absolute_url() + "#minutes"}
    return entry


def neutral_entry(item: AgendaItem, number) -> dict:
    """What the public reads of an item it may not read in full: its number, its title (or, when
    the title itself is exempt, only the paragraph it cites) and why it is exempt."""
    return {
        "id": item.pk,
        "number": number,
        "exempt": True,
        "title": item.public_line,
        "title_withheld": item.confidential and item.title_exempt,
        "exempt_description": item.exempt_description if item.confidential and item.exempt_paragraph else "",
    }


def agenda_snapshots(meeting: Meeting) -> tuple[dict, dict]:
    """The agenda frozen as data, twice: what the public may read (from the public queryset;
    a neutral line for every other item), and the confidential items in full for those
    entitled to them, keyed by item id."""
    public_ids = set(AgendaItem.objects.public().filter(meeting=meeting).values_list("pk", flat=True))
    items = list(meeting.items.select_related("report").prefetch_related("files").order_by("position"))
    numbers = agenda_numbers(meeting, items)
    previous = previous_meeting(meeting) if any(i.kind == AgendaItem.Kind.PREVIOUS_MINUTES for i in items) else None
    public, restricted = [], {}
    for item in items:
        number = numbers[item.pk]
        if item.pk in public_ids:
            public.append(_agenda_entry(item, number, previous))
        else:
            public.append(neutral_entry(item, number))
            restricted[str(item.pk)] = {**_agenda_entry(item, number), "exempt": True, "public_line": item.public_line}
    snapshot = {"items": public}
    exempt = [entry for entry in public if entry["exempt"]]
    if exempt and meeting.exclusion_resolution:
        snapshot["exclusion_resolution"] = meeting.exclusion_resolution
        snapshot["exclusion_before"] = exempt[0]["id"]
    return snapshot, restricted


def public_agenda_snapshot(meeting: Meeting) -> dict:
    """What the public may read of the agenda, from the public querysets, frozen as data."""
    return agenda_snapshots(meeting)[0]


def standard_exclusion_resolution(meeting: Meeting) -> str:
    """The usual wording of the resolution to exclude the press and public, naming the exempt
    items (as they will be numbered) and the Schedule 12A paragraphs they cite. Empty when the
    agenda has no exempt item."""
    items = list(meeting.items.order_by("position"))
    numbers = agenda_numbers(meeting, items)
    exempt = [item for item in items if item.confidential]
    if not exempt:
        return ""
    listed = ", ".join(numbers[item.pk] for item in exempt)
    paragraphs = ", ".join(str(p) for p in sorted({item.exempt_paragraph for item in exempt if item.exempt_paragraph}))
    plural = len(exempt) > 1
    return (
        "That under section 100A(4) of the Local Government Act 1972 the press and public be excluded from "
        f"the meeting for {'items' if plural else 'item'} {listed} on the grounds that "
        f"{'they involve' if plural else 'it involves'} the likely disclosure of exempt information as defined in "
        f"{'paragraphs' if ',' in paragraphs else 'paragraph'} {paragraphs} of Part 1 of Schedule 12A to the Act."
    )


STANDARD_EXCLUSION = re.compile(
    r"^That under section 100A\(4\) of the Local Government Act 1972 the press and public be excluded from the "
    r"meeting for items? [0-9A-Z, ]+ on the grounds that .* of Part 1 of Schedule 12A to the Act\.$"
)


def proposed_exclusion_resolution(meeting: Meeting) -> str:
    """The resolution to exclude the press and public to propose when the agenda is published:
    the officer's own words as last proposed, unless they were the usual wording, which is
    worked out again for the exempt items as they now stand (an item made exempt since is
    named)."""
    stored = meeting.exclusion_resolution.strip()
    if not stored or STANDARD_EXCLUSION.match(stored):
        return standard_exclusion_resolution(meeting)
    return stored


DETAILS = (("purpose", "purpose"), ("presenter", "presenter"), ("expected_minutes", "expected time"))


def _entry_title(entry: dict) -> str:
    return entry["title"]


def agenda_change_list(previous: dict, current: dict, previous_restricted: dict, current_restricted: dict) -> list:
    """What changed between two frozen agendas, item by item, as the public may read it: added,
    withdrawn, retitled, made exempt or public, report added or revised, papers added or
    withdrawn, other details. A confidential item's content is never described."""
    before = {entry.get("id"): entry for entry in previous.get("items", [])}
    after = {entry["id"]: entry for entry in current.get("items", [])}
    changes = []

    def note(number, change: str, text: str) -> None:
        changes.append({"number": str(number), "change": change, "text": text})

    for entry in current.get("items", []):
        number, old = entry["number"], before.get(entry["id"])
        if old is None:
            note(number, "added", f"Item {number} added: {_entry_title(entry)}")
            continue
        if old["exempt"] != entry["exempt"]:
            if entry["exempt"]:
                note(number, "exempt", f"Item {number} is now exempt: {_entry_title(entry)}")
            else:
                note(number, "public", f"Item {number} is now public: {_entry_title(entry)}")
            continue
        if old["title"] != entry["title"]:
            note(number, "retitled", f"Item {number} retitled: “{_entry_title(old)}” is now “{_entry_title(entry)}”")
        if entry["exempt"]:
            key = str(entry["id"])
            if (
                previous_restricted.get(key, {}) | {"number": None}
                != current_restricted.get(key, {}) | {"number": None}
                and old["title"] == entry["title"]
            ):
                note(number, "exempt_changed", f"Item {number}: exempt papers or details changed (for members only)")
            continue
        old_files = {paper["id"]: paper for paper in old.get("files", [])}
        new_files = {paper["id"]: paper for paper in entry.get("files", [])}
        for paper_id, paper in new_files.items():
            if paper_id not in old_files:
                note(number, "paper_added", f"Item {number}: paper added: {paper['title']}")
        for paper_id, paper in old_files.items():
            if paper_id not in new_files:
                note(number, "paper_withdrawn", f"Item {number}: paper withdrawn: {paper['title']}")
        if old.get("report") is None and entry.get("report") is not None:
            note(number, "report_added", f"Item {number}: report added")
        elif old.get("report") is not None and entry.get("report") is None:
            note(number, "report_withdrawn", f"Item {number}: report withdrawn")
        elif old.get("report") != entry.get("report"):
            note(number, "report_revised", f"Item {number}: report revised")
        if old.get("minutes_of") != entry.get("minutes_of") and entry.get("minutes_of"):
            day = entry["minutes_of"]["date"]
            note(number, "minutes_of", f"Item {number}: now the minutes of the meeting of {day}")
        details = [label for key, label in DETAILS if old.get(key) != entry.get(key)]
        if details:
            note(number, "details", f"Item {number}: {' and '.join(details)} changed")
    for key, old in before.items():
        if key not in after:
            note(old["number"], "withdrawn", f"Item {old['number']} withdrawn: {_entry_title(old)}")
    common_before = [key for key in before if key in after]
    common_after = [key for key in after if key in before]
    if common_before != common_after:
        note("", "reordered", "The order of the items changed")
    if previous.get("exclusion_resolution", "") != current.get("exclusion_resolution", ""):
        note("", "exclusion", "The resolution to exclude the press and public changed")
    return changes


def pending_change_list(meeting: Meeting) -> list:
    """What a supplement published now would list (nothing before the first publication)."""
    last = meeting.publications.defer("pdf").order_by("-number").first()
    if last is None:
        return []
    snapshot, restricted = json.loads(json.dumps(agenda_snapshots(meeting), cls=DjangoJSONEncoder))
    return agenda_change_list(last.snapshot, snapshot, last.restricted, restricted)


def _render_agenda_pack(meeting: Meeting, publication: AgendaPublication) -> bytes:
    return render_agenda_pack(publication, meeting)


def agenda_reissue(*, meeting: Meeting, changes: str, late_reason: str = "", by) -> AgendaPublication:
    """A published agenda whose meeting has moved is issued again at once as a numbered
    supplement saying so: the same agenda as last published (edits not yet published stay
    unpublished), its pack rendered with the new date, time and place. The old public address
    redirects to the new one (`public_views.moved_meeting`)."""
    last = meeting.publications.order_by("-number").first()
    publication = AgendaPublication(
        meeting=meeting,
        number=last.number + 1,
        published_at=timezone.now(),
        published_by=by,
        changes=changes,
        late_reason=late_reason,
        deadline=deadline_for(meeting),
        snapshot=last.snapshot,
        restricted=last.restricted,
        change_list=[
            {
                "number": "",
                "change": "moved",
                "text": "The items are unchanged: the agenda as last published, for the new date",
            }
        ],
    )
    publication.pdf = _render_agenda_pack(meeting, publication)
    return save_audited(publication, by=by, reason=f"Supplement {publication.number} published: meeting moved")


def agenda_withdraw_item(*, item: AgendaItem, by) -> int:
    """An item made confidential after its agenda was published leaves the public record at
    once, by its identity: in every publication of the meeting its entry becomes the neutral
    line (the full entry moves to what members of the body read), and each stored agenda pack
    is rendered again. So does the title of an exempt item once the officer marks the title
    itself exempt. Making it public again needs a supplement. Returns how many publications
    changed."""
    meeting = Meeting.objects.select_for_update().select_related("body__partnership").get(pk=item.meeting_id)
    publications = list(meeting.publications.select_for_update().order_by("number"))
    # Every title the item was published under: a supplement's list of changes and its summary
    # name it too ("Item 5 added: …"), and must stop doing so.
    titles = {item.title} | {
        entry["title"]
        for publication in publications
        for entry in publication.snapshot["items"]
        if entry.get("id") == item.pk and entry["title"] != item.public_line
    }
    changed = 0
    for publication in publications:
        entries = publication.snapshot["items"]
        hits = [
            i
            for i, entry in enumerate(entries)
            if entry.get("id") == item.pk and (not entry["exempt"] or entry["title"] != item.public_line)
        ]
        scrubbed = _scrub_titles(publication, titles, item.public_line)
        if not hits and not scrubbed:
            continue
        for index in hits:
            entry = entries[index]
            neutral = neutral_entry(item, entry["number"])
            if not entry["exempt"]:
                publication.restricted[str(item.pk)] = {**entry, "exempt": True, "public_line": item.public_line}
            else:
                publication.restricted.setdefault(str(item.pk), {})["public_line"] = item.public_line
            entries[index] = neutral
        publication.pdf = _render_agenda_pack(meeting, publication)
        save_audited(
            publication,
            by=by,
            reason=f"Item “{item.title}” withdrawn from the public agenda: made confidential since publication",
        )
        changed += 1
    return changed


def _scrub_titles(publication: AgendaPublication, titles: set[str], public_line: str) -> bool:
    """Replace each withheld title in the publication's list of changes and summary by the line
    the public may read. Whether anything changed."""
    found = False

    def scrub(text: str) -> str:
        nonlocal found
        for title in sorted((t for t in titles if t and t != public_line), key=len, reverse=True):
            if title in text:
                found = True
                text = text.replace(title, public_line)
        return text

    for change in publication.change_list:
        change["text"] = scrub(change["text"])
    publication.changes = scrub(publication.changes)
    return found


def changes_since_publication(meeting: Meeting) -> int:
    """How many items differ between the agenda as it stands and as last published (added,
    removed, moved, edited, their reports or papers changed): what a supplement would publish.
    Compared by content, not by history, so an edit undone is no change, and a supplement that
    only re-issued the agenda for a moved meeting leaves earlier edits still counted."""
    last = meeting.publications.defer("pdf").order_by("-number").first()
    if last is None:
        return 0
    # As the database gives it back (JSON: tuples become lists), to compare like with like.
    snapshot, restricted = json.loads(json.dumps(agenda_snapshots(meeting), cls=DjangoJSONEncoder))
    published = {entry.get("id"): entry for entry in last.snapshot["items"]}
    current = {entry["id"]: entry for entry in snapshot["items"]}
    differing = {key for key in published.keys() | current.keys() if published.get(key) != current.get(key)}
    differing |= {
        int(key)
        for key in last.restricted.keys() | restricted.keys()
        if last.restricted.get(key) != restricted.get(key)
    }
    # Published numbers do not follow a move: the order is compared on its own.
    common = [key for key in published if key in current]
    reordered = common != [key for key in current if key in published]
    # An item made exempt since publication left the public agenda at once; the resolution to
    # exclude the press and public that names it goes out in a supplement.
    # (An agenda published before the resolution was recorded with it has none to compare.)
    exclusion_due = (
        "exclusion_resolution" in last.snapshot
        and any(entry["exempt"] for entry in snapshot["items"])
        and proposed_exclusion_resolution(meeting) != last.snapshot["exclusion_resolution"]
    )
    return len(differing) + int(reordered) + int(exclusion_due)


@transaction.atomic
def agenda_publish(
    *,
    meeting: Meeting,
    by,
    late_reason: str = "",
    changes: str = "",
    exclusion_resolution: str | None = None,
    site: str = "",
    now: dt.datetime | None = None,
) -> AgendaPublication:
    """Publish the agenda (the first time) or a numbered supplement (after that).

    Late publication needs a reason, recorded and shown on the public agenda. Each item's public
    number is frozen as it is first published. An agenda with an exempt item carries the
    resolution to exclude the press and public (`exclusion_resolution`; the usual wording when
    not given), recorded on the meeting for its minutes. A supplement lists what changed, item
    by item. The agenda pack PDF is rendered here, once, with the public PDF papers appended
    (`site`, the address of this website, makes the links in it absolute), and stored with the
    frozen public agenda.
    """
    meeting = Meeting.objects.select_for_update().select_related("body__partnership").get(pk=meeting.pk)
    now = now or timezone.now()
    check_agenda_open(meeting)
    if not meeting.items.exists():
        raise ValidationError("Add at least one item before publishing the agenda.")
    # Read after the lock: a second identical post waits for the first, then finds nothing new.
    number = meeting.publications.count()
    if number > 0 and changes_since_publication(meeting) == 0:
        last = "the agenda" if number == 1 else f"supplement {number - 1}"
        raise ValidationError(f"Nothing has changed since {last} was published: there is no supplement to publish.")
    deadline = deadline_for(meeting)
    late = timezone.localtime(now).date() > deadline
    if number == 0 and late and not late_reason.strip():
        raise ValidationError(
            f"The deadline for publishing this agenda was {format_date(deadline)}. "
            "Give the special circumstances that make it late: they are recorded and shown on the agenda."
        )
    if number > 0 and not changes.strip():
        raise ValidationError("Say what the supplement changes.")
    if meeting.items.filter(confidential=True).exists():
        exclusion = (
            proposed_exclusion_resolution(meeting) if exclusion_resolution is None else exclusion_resolution.strip()
        )
        if not exclusion:
            raise ValidationError(
                "Enter the resolution to exclude the press and public: the agenda has an exempt item."
            )
    else:
        exclusion = ""
    if meeting.exclusion_resolution != exclusion:
        meeting.exclusion_resolution = exclusion
        reason = "Resolution to exclude the press and public proposed" if exclusion else "No exempt items"
        save_audited(meeting, by=by, reason=reason)
    if number == 0:
        meeting.status = Meeting.Status.AGENDA_PUBLISHED
        meeting.agenda_published_at = now
        meeting.late_publication_reason = late_reason.strip() if late else ""
        save_audited(meeting, by=by, reason="Agenda published" + (" late" if late else ""))
    _freeze_numbers(meeting, agenda_numbers(meeting), by)
    last = meeting.publications.defer("pdf").order_by("-number").first()
    snapshot, restricted = agenda_snapshots(meeting)
    snapshot["site"] = site
    # Numbered as the partnership wrote them when published: a later change of house style does
    # not renumber a published agenda (its PDF keeps the style it was made in).
    snapshot["item_numbering"] = meeting.body.partnership.item_numbering
    change_list = []
    if last is not None:
        fresh, fresh_restricted = json.loads(json.dumps((snapshot, restricted), cls=DjangoJSONEncoder))
        change_list = agenda_change_list(last.snapshot, fresh, last.restricted, fresh_restricted)
    publication = AgendaPublication(
        meeting=meeting,
        number=number,
        published_at=now,
        published_by=by,
        changes=changes.strip(),
        late_reason=late_reason.strip() if (late and number == 0) else "",
        deadline=deadline,
        snapshot=snapshot,
        restricted=restricted,
        change_list=change_list,
    )
    publication.pdf = _render_agenda_pack(meeting, publication)
    return save_audited(
        publication, by=by, reason="Agenda published" if number == 0 else f"Supplement {number} published"
    )
