"""A set of minutes pasted from a word processor, read into a structured record (issue 15 §4).

`parse_minutes(text)` is pure: it reads the attendance lists, the numbered items with their text,
the resolutions and the actions, and tolerates what Word leaves in pasted text (non-breaking
spaces, smart quotes, dashes, tabs, bullets, page footers, headers repeated on every page).
`match_person` proposes who in the partnership's register each name is; `pasted_minutes_confirm` writes
the officer's confirmed record through the ordinary services, in one transaction.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from members.models import Membership, Person
from members.services import person_save

from ..models import Attendance, Meeting, PastedMinutes
from .actions import action_add
from .agenda import agenda_item_add
from .attendance import Presiding, attendance_add_other, attendance_record, meeting_hold
from .minutes import item_minutes_save, meeting_close_time, resolution_add
from .schedule import meeting_record_past

# ---------------------------------------------------------------------------------------------
# The parsed record


PRESENT = "present"
APOLOGIES = "apologies"
IN_ATTENDANCE = "in_attendance"

MAX_CHARS = 200_000
MAX_ITEMS = 100  # one meeting's minutes; more is several sets pasted at once
MAX_PEOPLE = 150


@dataclass
class Attendee:
    raw: str
    status: str
    honorific: str = ""
    given_name: str = ""
    family_name: str = ""
    initials: str = ""  # as written, "(GT)"; else worked out from the name
    role: str = ""
    chair: bool = False

    @property
    def name(self) -> str:
        return " ".join(part for part in (self.honorific, self.given_name, self.family_name) if part)


@dataclass
class ParsedAction:
    description: str
    owner: str = ""
    due_text: str = ""
    due_on: dt.date | None = None
    due_precision: str = "day"
    item_ref: str = ""  # an actions table's "Item" column: the item the action belongs to


@dataclass
class ParsedItem:
    number: str
    title: str
    text: str = ""
    resolutions: list[str] = field(default_factory=list)
    actions: list[ParsedAction] = field(default_factory=list)


@dataclass
class ParsedMinutes:
    attendees: list[Attendee] = field(default_factory=list)
    items: list[ParsedItem] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    closed_at: dt.time | None = None  # "The Chair closed the meeting at 11.42 am"

    def by_status(self, status: str) -> list[Attendee]:
        return [a for a in self.attendees if a.status == status]


# ---------------------------------------------------------------------------------------------
# Cleaning what a word processor leaves behind

DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
BULLETS = "•●▪■◦‣∙·○o*-"
_TRANSLATE = {
    "\u00a0": " ",
    "\u202f": " ",
    "\u2007": " ",
    "\u200b": "",
    "\u200c": "",
    "\u200d": "",
    "\ufeff": "",
    "\u00ad": "",
    "\u2018": "'",
    "\u2019": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u2026": "...",
    "\f": "\n",
    "\v": "\n",
}
PAGE_JUNK = re.compile(
    r"^\s*(?:page\s+\d+(?:\s+of\s+\d+)?|-\s*\d+\s*-|\d+\s*/\s*\d+|\[?page\s*break\]?)\s*$", re.IGNORECASE
)
BULLET_START = re.compile(r"^\s*(?:[•●▪■◦‣∙·○]|[-*o](?=\s))\s*")


def clean_text(text: str) -> str:
    """One form of the text: Word's spaces, quotes and dashes made plain; markdown emphasis a
    converter left (`**`) dropped; page footers and breaks taken out; line ends unified."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = "".join(_TRANSLATE.get(ch, ch) for ch in text)
    for dash in DASHES:
        text = text.replace(dash, "–" if dash in "\u2013\u2014\u2015\u2212" else "-")
    text = re.sub(r"</?[bi]>|\*\*|__", "", text)
    lines = []
    for line in text.split("\n"):
        line = line.rstrip()
        if PAGE_JUNK.match(line):
            continue
        line = re.sub(r"^#{1,6}\s+", "", line)
        lines.append(line)
    return _drop_repeated_headers("\n".join(lines))


def _drop_repeated_headers(text: str) -> str:
    """A running header (the body's name and date at the top of every page): a line from the top
    of the first page, not a sentence, that comes again word for word on a line of its own. Keep
    its first appearance only. A sentence said twice ("The board noted the report.") is never one."""
    lines = text.split("\n")
    top = [line.strip() for line in lines if line.strip()][:15]
    counts: dict[str, int] = {}
    for line in lines:
        key = line.strip()
        if len(key) > 10 and key in top and not key.endswith((".", ":")) and not BULLET_START.match(line):
            counts[key] = counts.get(key, 0) + 1
    seen: set[str] = set()
    kept = []
    for line in lines:
        key = line.strip()
        if counts.get(key, 0) >= 2 and not _marker(key):
            if key in seen:
                continue
            seen.add(key)
        kept.append(line)
    return "\n".join(kept)


def _marker(line: str) -> bool:
    """A line that means something wherever it comes: an attendance heading, a resolution, an
    action, an item's heading."""
    return bool(HEADER_LINE.match(line) or RESOLVED_MARK.match(line) or ACTION.match(line) or ITEM_HEADING.match(line))


def _plain(line: str) -> str:
    """A line without its bullet and surrounding space."""
    return BULLET_START.sub("", line, count=1).strip()


# ---------------------------------------------------------------------------------------------
# Attendance

HEADERS = {
    PRESENT: re.compile(r"^(?:members\s+)?present|^attendees|^attending", re.IGNORECASE),
    APOLOGIES: re.compile(r"^apologies(?:\s+for\s+absence)?(?:\s+(?:were\s+)?received\s+from)?", re.IGNORECASE),
    IN_ATTENDANCE: re.compile(r"^(?:also\s+)?in\s+attendance|^also\s+present|^officers\s+present", re.IGNORECASE),
}
HEADER_LINE = re.compile(
    r"^(?P<head>(?:members\s+)?present|attendees|attending|apologies(?:\s+for\s+absence)?"
    r"(?:\s+(?:were\s+)?received\s+from)?|(?:also\s+)?in\s+attendance|also\s+present|officers\s+present)"
    r"\s*(?:[:–-]\s*|$)(?P<rest>.*)$",
    re.IGNORECASE,
)
TITLES = {
    "cllr": "Cllr",
    "councillor": "Councillor",
    "cound": "Councillor",
    "dr": "Dr",
    "doctor": "Dr",
    "mr": "Mr",
    "mrs": "Mrs",
    "ms": "Ms",
    "miss": "Miss",
    "mx": "Mx",
    "prof": "Prof",
    "professor": "Professor",
    "sir": "Sir",
    "dame": "Dame",
    "rev": "Rev",
    "revd": "Revd",
    "reverend": "Reverend",
    "canon": "Canon",
}
PARTICLES = {"de", "van", "von", "der", "den", "le", "la", "du", "da", "di", "st", "st."}
CHAIR = re.compile(r"\(\s*(vice[- ]?)?chair(?:man|woman|person)?(?:\s+for\s+[^)]*)?\s*\)", re.IGNORECASE)
INITIALS = re.compile(r"\(\s*([A-Z]{2,4})\s*\)")
NAME_WORD = re.compile(r"^[A-Z][\w'’.-]*$|^[A-Z]\.?$")


def _split_name_role(entry: str) -> tuple[str, str]:
    found = [(entry.find(s), s) for s in ("\t", " – ", " - ", " -", "- ", ",", ":") if s in entry]
    if found:
        position, separator = min(found)
        return entry[:position].strip(), entry[position + len(separator) :].strip(" ,–-\t")
    # "Gail Tolley (GT) Corporate Director" has no separator: the name ends at the initials
    match = INITIALS.search(entry)
    if match:
        return entry[: match.end()].strip(), entry[match.end() :].strip(" ,–-")
    return entry.strip(), ""


def parse_attendee(entry: str, status: str) -> Attendee | None:
    """One line of an attendance list, or None where it is not a person."""
    raw = " ".join(re.sub(r"\s*\t+\s*", " – ", _plain(entry).strip()).split())
    if not raw:
        return None
    text = raw
    chair = bool(CHAIR.search(text) and not CHAIR.search(text).group(1))
    text = CHAIR.sub("", text).strip(" .;,")
    name, role = _split_name_role(text)
    initials = ""
    match = INITIALS.search(name)
    if match:
        initials = match.group(1)
        name = INITIALS.sub("", name)
    else:
        match = INITIALS.search(role)
        if match and match.start() == 0:
            initials, role = match.group(1), role[match.end() :].strip(" ,–-")
    words = [w.strip(",.;") if w.lower().rstrip(".") in TITLES else w.strip(",;") for w in name.split()]
    words = [w for w in words if w]
    honorific = []
    while words and words[0].lower().rstrip(".") in TITLES:
        honorific.append(TITLES[words.pop(0).lower().rstrip(".")])
    if not words or len(words) > 6 or not all(NAME_WORD.match(w) or w.lower() in PARTICLES for w in words):
        return None
    if len(words) == 1:
        given, family = "", words[0]
    else:
        cut = len(words) - 1
        while cut > 1 and words[cut - 1].lower() in PARTICLES:
            cut -= 1
        given, family = " ".join(words[:cut]), " ".join(words[cut:])
    if not initials:
        initials = "".join(w[0] for w in ([*given.split()[:1], family.replace(" ", "")]) if w).upper()
    return Attendee(
        raw=raw,
        status=status,
        honorific=" ".join(honorific),
        given_name=given,
        family_name=family,
        initials=initials,
        role=role,
        chair=chair,
    )


def _inline_entries(rest: str) -> list[str]:
    """People listed on the heading's own line: "Present: Cllr A Smith (Chair); B Jones"."""
    if ";" in rest:
        return [part for part in rest.split(";") if part.strip()]
    if " – " in rest or " - " in rest or "\t" in rest:
        return [rest]
    parts = re.split(r",|\band\b", rest)
    return [part for part in parts if part.strip()]


# ---------------------------------------------------------------------------------------------
# Items, resolutions, actions

ITEM_HEADING = re.compile(
    r"^(?:(?:item|minute|agenda\s+item)\s+(?P<n1>\d{1,3})(?:\.0)?(?!\.?\d)\s*[.:–-]?\s*(?P<t1>.*)"
    r"|(?P<n2>\d{1,3})(?:\.0|\.)?(?:\s+|\t+|\s*[:–-]\s*)(?P<t2>\S.*))$",
    re.IGNORECASE,
)
SUB_PARAGRAPH = re.compile(r"^(?P<n>\d{1,3})\.(?P<m>[1-9]\d?)\.?\s+(?P<t>.+)$")
RESOLVED = re.compile(
    r"^(?:it\s+was\s+)?(?:resolved|agreed|decision|decided|recommendation\s+agreed)\b\s*(?:that\b)?\s*[:–-]?\s*",
    re.IGNORECASE,
)
RESOLVED_MARK = re.compile(
    r"^(?:it\s+was\s+)?(?:RESOLVED|AGREED|Resolved|Agreed)\s*(?:[:–-]|that\b)|^(?:Decision|DECISION)\s*:", re.IGNORECASE
)
RESOLVED_THAT = re.compile(r"^(?:it\s+was\s+)?(?:resolved|agreed)\s+that\b", re.IGNORECASE)
ACTION = re.compile(r"^actions?\s*(?:[:–-]|\bpoint\b\s*[:–-]?)\s*(?P<rest>.*)$", re.IGNORECASE)
NUMBERED_PART = re.compile(r"(?:^|\s)\(\s*(?:\d{1,2}|[a-h]|i{1,3}|iv|v|vi{0,3})\s*\)\s+", re.IGNORECASE)
MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): number for number, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9
DATE_WORDS = re.compile(
    r"(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?P<month>[A-Za-z]{3,9})\.?(?:\s+(?P<year>\d{4}))?"
    r"|(?P<d>\d{1,2})[/.](?P<m>\d{1,2})[/.](?P<y>\d{2,4})"
    r"|(?:end\s+of\s+|by\s+)?(?P<month_only>[A-Za-z]{3,9})\s+(?P<month_year>\d{4})",
)


def _title_like(text: str) -> bool:
    """An item's title: short, and not a sentence (a numbered list's entries end in a full stop)."""
    text = text.strip()
    if not text or len(text) > 160 or (text.endswith((".", ";", ",")) and not text.isupper()):
        return False
    return bool(re.match(r"^[A-Z0-9'\"(]", text))


def due_date(text: str, *, after: dt.date | None = None) -> tuple[dt.date | None, str]:
    """The first date named in `text` ("31 March", "31/03/2027", "end of March 2027") and its
    precision; a day without a year is the first such day on or after `after` (the meeting)."""
    for match in DATE_WORDS.finditer(text):
        try:
            if match.group("day"):
                month = MONTHS.get(match.group("month").lower())
                if not month:
                    continue
                day = int(match.group("day"))
                if match.group("year"):
                    return dt.date(int(match.group("year")), month, day), "day"
                base = after or dt.date.today()
                candidate = dt.date(base.year, month, day)
                if candidate < base:
                    candidate = dt.date(base.year + 1, month, day)
                return candidate, "day"
            if match.group("d"):
                year = int(match.group("y"))
                year = year + 2000 if year < 100 else year
                return dt.date(year, int(match.group("m")), int(match.group("d"))), "day"
            month = MONTHS.get(match.group("month_only").lower())
            if month:
                year = int(match.group("month_year"))
                return dt.date(year, month, calendar.monthrange(year, month)[1]), "month"
        except ValueError:
            continue
    return None, "day"


def parse_action(text: str, *, after: dt.date | None = None) -> ParsedAction:
    """ "DM to circulate the paper by 31 March" or "Circulate the report (Owner: Gail Tolley, by
    30 April 2027)"."""
    text = " ".join(text.split()).strip(" –-")
    owner, due_text = "", ""
    bracket = re.search(r"\((?P<inner>[^()]*\b(?:owner|lead|by|due)\b[^()]*)\)\s*\.?$", text, re.IGNORECASE)
    if bracket:
        inner = bracket.group("inner")
        text = text[: bracket.start()].strip()
        found = re.search(r"(?:owner|lead)\s*[:–-]?\s*(?P<o>[^,;]+)", inner, re.IGNORECASE)
        if found:
            owner = found.group("o").strip()
        found = re.search(r"(?:\bby\b|\bdue\b)\s*[:–-]?\s*(?P<d>[^,;]+)", inner, re.IGNORECASE)
        if found:
            due_text = found.group("d").strip()
    found = re.search(r"\s*[,(–-]?\s*\b(?:owner|lead)\s*[:–-]\s*(?P<o>[^,;()]+)\)?", text, re.IGNORECASE)
    if found and not owner:
        owner, text = found.group("o").strip(" ."), (text[: found.start()] + text[found.end() :]).strip()
    if not owner:
        found = re.match(
            r"^(?P<o>[A-Z]{2,4}(?:\s*(?:/|&|and)\s*[A-Z]{2,4})*|(?:Cllr\s+|Dr\s+)?[A-Z][a-z]+(?:\s+[A-Z][\w'-]+)?)"
            r"\s+(?:to|will)\s+(?P<rest>.+)$",
            text,
        )
        if found:
            owner, text = found.group("o"), found.group("rest")
    if not due_text:
        found = re.search(
            r"\s*[,(]?\s*(?:\b(?:by|before|due)\s*[:–-]?\s+|\s[–-]\s+)(?:the\s+)?(?P<d>(?:end\s+of\s+)?\d{1,2}(?:st|nd|rd|th)?\s+"
            r"[A-Za-z]{3,9}\.?(?:\s+\d{4})?|\d{1,2}[/.]\d{1,2}[/.]\d{2,4}|(?:end\s+of\s+)?[A-Za-z]{3,9}\s+\d{4}"
            r"|(?:the\s+)?next\s+meeting)\)?\s*\.?$",
            text,
            re.IGNORECASE,
        )
        if found:
            due_text, text = found.group("d"), text[: found.start()]
    due_on, precision = due_date(due_text, after=after) if due_text else (None, "day")
    text = text.strip(" .,;–-")
    return ParsedAction(
        description=text[:1].upper() + text[1:] if text else "",
        owner=owner,
        due_text=due_text,
        due_on=due_on,
        due_precision=precision,
    )


def split_resolutions(text: str) -> list[str]:
    """ "(1) That … (2) That …": one resolution each; otherwise the text is one."""
    text = text.strip()
    marks = list(NUMBERED_PART.finditer(text))
    if len(marks) < 2 or (marks[0].start() > 0 and text[: marks[0].start()].strip()):
        return [text] if text else []
    parts = []
    for index, mark in enumerate(marks):
        end = marks[index + 1].start() if index + 1 < len(marks) else len(text)
        part = text[mark.end() : end].strip()
        if part:
            parts.append(part)
    return parts


# ---------------------------------------------------------------------------------------------
# The parser


def _paragraphs(lines: list[str]) -> list[str]:
    """Paragraphs split at blank lines, and before a resolution, an action or an actions table
    written straight after the text above it."""
    paragraphs, current = [], []
    for line in lines:
        plain = _plain(line)
        if current and (ACTION.match(plain) or RESOLVED_MARK.match(plain) or _table_header(line)):
            paragraphs.append("\n".join(current))
            current = []
        if line.strip():
            current.append(line.rstrip())
        elif current:
            paragraphs.append("\n".join(current))
            current = []
    if current:
        paragraphs.append("\n".join(current))
    return paragraphs


def _table_header(line: str) -> dict[str, int] | None:
    """An actions table's heading row, pasted as tab-separated cells: which column is which."""
    cells = [c.strip().lower() for c in line.split("\t")]
    if len(cells) < 2:
        return None
    columns: dict[str, int] = {}
    for index, cell in enumerate(cells):
        if re.match(r"^(?:action|actions|description|what)\b", cell) and "description" not in columns:
            columns["description"] = index
        elif re.match(r"^(?:owner|lead|who|by whom|responsible|officer)\b", cell):
            columns["owner"] = index
        elif re.match(r"^(?:due|date|deadline|by when|when|target)\b", cell):
            columns["due"] = index
        elif re.match(r"^(?:item|minute|ref|no\.?)\b", cell):
            columns["item"] = index
    return columns if "description" in columns and ("owner" in columns or "due" in columns) else None


def parse_minutes(text: str, *, held_on: dt.date | None = None) -> ParsedMinutes:
    """The structured record proposed for a pasted set of minutes. `held_on`, the meeting's day,
    gives the year to a due date written without one."""
    result = ParsedMinutes()
    text = clean_text(text or "")
    if not text.strip():
        result.problems.append("Paste the text of the minutes.")
        return result
    lines = text.split("\n")

    # 1. Attendance: from a "Present" heading to the first item.
    index, status, last = 0, None, None
    body_start = 0
    while index < len(lines):
        plain = _plain(lines[index])
        heading = HEADER_LINE.match(plain)
        if heading and any(p.match(heading.group("head")) for p in HEADERS.values()):
            status = next(s for s, p in HEADERS.items() if p.match(heading.group("head")))
            for entry in _inline_entries(heading.group("rest").strip()):
                attendee = parse_attendee(entry, status)
                if attendee:
                    result.attendees.append(attendee)
                    last = attendee
            index += 1
            body_start = index
            continue
        if status is not None:
            if not plain:
                index += 1
                continue
            if _item_heading(plain, expected=None) and not parse_attendee(plain, status):
                break
            if CHAIR.fullmatch(plain) and last is not None:  # "(Chair)" on its own line
                last.chair = True
                index += 1
                body_start = index
                continue
            attendee = parse_attendee(plain, status)
            if attendee is None:
                break
            result.attendees.append(attendee)
            last = attendee
            body_start = index + 1
        elif _item_heading(plain, expected=None):
            break  # the items begin, and no attendance list came before them
        index += 1
        if status is None and index >= len(lines):
            index = body_start = 0
            break
    # 2. Items: numbered headings in sequence.
    current: ParsedItem | None = None
    body: list[str] = []
    item_lines: list[tuple[ParsedItem, list[str]]] = []
    expected = None
    index = body_start
    while index < len(lines):
        line = lines[index]
        plain = _plain(line)
        heading = _item_heading(plain, expected=expected)
        if heading is not None and (not BULLET_START.match(line) or plain.isupper()):
            number, title = heading
            if not title:  # "ITEM 3" with the title on the next line
                look = index + 1
                while look < len(lines) and not lines[look].strip():
                    look += 1
                if look < len(lines) and _title_like(_plain(lines[look])):
                    title, index = _plain(lines[look]), look
            current = ParsedItem(number=str(number), title=title.strip(" .:–-")[:255] or f"Item {number}")
            body = []
            item_lines.append((current, body))
            expected = number + 1
        elif current is not None:
            body.append(line)
        index += 1
    for item, item_body in item_lines:
        result.closed_at = _read_item(item, item_body, held_on) or result.closed_at
        result.items.append(item)
    _move_to_their_items(result.items)
    if not result.by_status(APOLOGIES):
        result.attendees.extend(_apologies_item(result.items))
    if len(result.items) > MAX_ITEMS or len(result.attendees) > MAX_PEOPLE:
        result.problems.append(
            f"{len(result.items)} items and {len(result.attendees)} people were found: more than one meeting's "
            f"minutes hold (at most {MAX_ITEMS} items and {MAX_PEOPLE} people). Paste one meeting's minutes at a time."
        )
    if not result.items:
        result.problems.append(
            "No numbered items were found. Number each item as the minutes do (“1.”, “1.0” or “Item 1”), "
            "each on a line of its own, and paste again."
        )
    return result


def _move_to_their_items(items: list[ParsedItem]) -> None:
    """An actions table with an "Item" column (often at the end of the minutes) gives each action
    to the item it names."""
    by_number = {item.number: item for item in items}
    for item in items:
        for action in list(item.actions):
            found = re.match(r"^\s*(?:item\s*)?(\d{1,3})", action.item_ref, re.IGNORECASE)
            target = by_number.get(found.group(1)) if found else None
            if target is not None and target is not item:
                item.actions.remove(action)
                target.actions.append(action)


def _apologies_item(items: list[ParsedItem]) -> list[Attendee]:
    """An item "Apologies for absence" whose text names them: "Apologies were received from
    Cllr A Smith, B Jones and Dr C Brown." """
    for item in items:
        if not re.match(r"^apologies", item.title, re.IGNORECASE):
            continue
        found = re.search(r"\bfrom\s+(?P<names>[^.]+(?:\.[^.\s][^.]*)*)\.?", item.text)
        if not found:
            return []
        people = [parse_attendee(entry, APOLOGIES) for entry in _inline_entries(found.group("names"))]
        return [person for person in people if person is not None]
    return []


def _item_heading(plain: str, *, expected: int | None) -> tuple[int, str] | None:
    match = ITEM_HEADING.match(plain)
    if not match or (SUB_PARAGRAPH.match(plain) and not re.match(r"^\d{1,3}\.0\b", plain)):
        return None
    number = int(match.group("n1") or match.group("n2"))
    title = (match.group("t1") if match.group("n1") else match.group("t2")) or ""
    if expected is not None and number != expected:
        return None
    if expected is None and number > 30:
        return None
    if match.group("n2") and not _title_like(title):
        return None
    if match.group("n2") and re.match(r"^\d{1,3}\s", plain) and title.split()[0].lower().strip(",") in MONTHS:
        return None  # "19 February 2007": a date, not item 19
    if match.group("n1") and title and not _title_like(title):
        return None
    return number, title.strip()


def closing_time(paragraph: str) -> dt.time | None:
    """The time a closing line gives ("closed the meeting at 11.42 am"), or None."""
    match = CLOSED_AT.search(paragraph)
    if not match or len(paragraph) > 160:
        return None
    hour, minute = int(match.group("h")), int(match.group("m") or 0)
    half = (match.group("half") or "").replace(".", "").lower()
    if half == "pm" and hour < 12:
        hour += 12
    elif half == "am" and hour == 12:
        hour = 0
    try:
        return dt.time(hour, minute)
    except ValueError:
        return None


def _read_item(item: ParsedItem, lines: list[str], held_on: dt.date | None) -> dt.time | None:
    """An item's text, its resolutions and its actions; the closing time, where the item ends
    with the line that gives it (that line is not the item's text)."""
    closed_at = None
    narrative: list[str] = []
    table: dict[str, int] | None = None
    paragraphs = _paragraphs(lines)
    index = 0
    while index < len(paragraphs):
        paragraph = paragraphs[index]
        first = _plain(paragraph.split("\n", 1)[0])
        # An actions table, pasted as tab-separated rows
        rows = paragraph.split("\n")
        header = _table_header(rows[0])
        if header or (table and "\t" in rows[0]):
            table = header or table
            for row in rows[1 if header else 0 :]:
                cells = [c.strip() for c in row.split("\t")]
                description = cells[table["description"]] if table["description"] < len(cells) else ""
                if not description:
                    continue
                owner = cells[table["owner"]] if "owner" in table and table["owner"] < len(cells) else ""
                due = cells[table["due"]] if "due" in table and table["due"] < len(cells) else ""
                due_on, precision = due_date(due, after=held_on) if due else (None, "day")
                ref = cells[table["item"]] if "item" in table and table["item"] < len(cells) else ""
                item.actions.append(ParsedAction(description, owner, due, due_on, precision, item_ref=ref))
            index += 1
            continue
        table = None
        if re.fullmatch(
            r"(?:actions?(?:\s+(?:log|points|list|arising|agreed))?|summary\s+of\s+actions)\s*:?",
            paragraph.strip(),
            re.I,
        ):
            index += 1  # the heading of an actions table
            continue
        action = ACTION.match(first)
        if action:
            rest = " ".join([action.group("rest"), *paragraph.split("\n")[1:]]).strip()
            if rest:
                item.actions.append(parse_action(rest, after=held_on))
            index += 1
            continue
        resolved = RESOLVED.match(first)
        if resolved and (
            RESOLVED_THAT.match(first)
            or first[: resolved.end()].strip(" :–-").isupper()
            or ":" in first[: resolved.end()]
            or re.search(r"\s[–-]|[–-](?:\s|$)", first[: resolved.end() + 1])  # not "Decision-making"
        ):
            inline = paragraph[paragraph.index(first) + resolved.end() :] if first in paragraph else ""
            if RESOLVED_THAT.match(first):
                inline = "That " + inline.lstrip()
            collected = [inline.strip()] if inline.strip() else []
            index += 1
            # The resolution runs on: its first paragraph, then the parts of a list it introduces
            while index < len(paragraphs):
                following = paragraphs[index]
                head = _plain(following.split("\n", 1)[0])
                if (
                    ACTION.match(head)
                    or RESOLVED.match(head)
                    or _table_header(following.split("\n")[0])
                    or CLOSING.search(following)
                    or (following.isupper() and not previous_colon(collected))
                ):
                    break
                previous = collected[-1] if collected else ""
                if (
                    not collected
                    or previous.rstrip().endswith(":")
                    or NUMBERED_PART.match(following)
                    or (previous and len(following) < 60 and not following.rstrip().endswith("."))
                ):
                    collected.append(following.strip())
                    index += 1
                    continue
                break
            item.resolutions.extend(r[:1].upper() + r[1:] for r in split_resolutions("\n\n".join(collected)))
            continue
        closing = closing_time(paragraph)
        if closing is not None:
            closed_at = closing
        else:
            narrative.append("\n".join(_bullet(line) for line in paragraph.split("\n")))
        index += 1
    item.text = "\n\n".join(narrative).strip()
    return closed_at


CLOSED_AT = re.compile(
    r"(?:closed|ended|finished|concluded|closed\s+the\s+meeting)\s+at\s+(?P<h>\d{1,2})(?:[.:](?P<m>\d{2}))?"
    r"\s*(?P<half>a\.?m\.?|p\.?m\.?)?",
    re.IGNORECASE,
)
CLOSING = re.compile(r"closed the meeting|meeting (?:closed|ended|finished)", re.IGNORECASE)


def previous_colon(collected: list[str]) -> bool:
    return bool(collected) and collected[-1].rstrip().endswith(":")


def _bullet(line: str) -> str:
    line = re.sub(r"[ \t]*\t[ \t]*", " ", line)
    return "- " + _plain(line) if BULLET_START.match(line) else line.strip()


# ---------------------------------------------------------------------------------------------
# Matching people to the register


CERTAIN = "certain"
UNCERTAIN = "uncertain"
NONE = "none"


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.sub(r"[^a-z ]", "", text.casefold().replace("-", " ").replace("'", "")).strip()


@dataclass
class Match:
    attendee: Attendee
    kind: str  # certain, uncertain or none
    candidates: list = field(default_factory=list)  # Person, best first

    @property
    def person(self):
        return self.candidates[0] if self.candidates else None


def _given_parts(person) -> list[str]:
    return _norm(person.given_name).split()


def match_person(attendee: Attendee, people, seated: frozenset[int] = frozenset()) -> Match:
    """Who in the register `attendee` is. Certain: one person with the same family name and first
    given name (titles, middle names, hyphens and case aside), or, of several, the one with a seat
    on the body (`seated`: their ids). Uncertain, for the officer to confirm: the same family name
    with a matching initial or another given name, a family name spelt nearly the same, one part
    of a double-barrelled name, or initials alone; those with a seat first."""
    family = _norm(attendee.family_name)
    given = _norm(attendee.given_name).split()
    people = list(people)
    certain, likely, possible = [], [], []
    whole = (" ".join(given) + family).replace(" ", "")
    for person in people:
        their_family = _norm(person.family_name)
        their_given = _given_parts(person)
        if whole and whole == "".join(their_given) + their_family.replace(" ", ""):
            certain.append(person)  # "Mary Smith Jones" is Mary Smith-Jones
            continue
        same_family = their_family.replace(" ", "") == family.replace(" ", "")
        if same_family:
            if given and their_given and given[0] == their_given[0]:
                certain.append(person)
            elif not given or (their_given and (given[0][0] == their_given[0][0] or set(given) & set(their_given))):
                likely.append(person)
            else:
                possible.append(person)
            continue
        parts_theirs, parts_ours = set(their_family.split()), set(family.split())
        close = family and SequenceMatcher(None, their_family, family).ratio() >= 0.85
        if (parts_theirs & parts_ours or close) and given and their_given and given[0] == their_given[0]:
            likely.append(person)

    def seated_first(found: list) -> list:
        return sorted(found, key=lambda p: p.pk not in seated)  # stable: best first within each

    if len(certain) > 1 and len([p for p in certain if p.pk in seated]) == 1:
        return Match(attendee, CERTAIN, seated_first(certain) + likely)
    if len(certain) == 1:
        return Match(attendee, CERTAIN, certain + likely)
    if certain or likely or possible:
        return Match(attendee, UNCERTAIN, seated_first(certain + likely) + seated_first(possible))
    if not family and attendee.initials:
        by_initials = [p for p in people if _initials(p) == attendee.initials.upper()]
        if by_initials:
            return Match(attendee, UNCERTAIN, by_initials)
    return Match(attendee, NONE, [])


def _initials(person) -> str:
    given = person.given_name.split()[:1]
    return "".join(w[0] for w in [*given, person.family_name.replace(" ", "")] if w).upper()


def match_people(parsed: ParsedMinutes, partnership, body=None) -> list[Match]:
    """Each attendee against the partnership's own register (no other partnership's people);
    those who have held a seat on `body` are preferred."""
    people = list(Person.objects.in_partnership(partnership))
    seated = (
        frozenset(Membership.objects.filter(body=body).values_list("person_id", flat=True)) if body else frozenset()
    )
    return [match_person(attendee, people, seated) for attendee in parsed.attendees]


def owner_of(owner: str, attendees: list[Attendee]) -> int | None:
    """Which attendee an action's owner names: by initials ("DM") or by name; None when it is
    nobody on the lists (the owner is then kept as written)."""
    owner = owner.strip()
    if not owner:
        return None
    for index, attendee in enumerate(attendees):
        if owner.upper() == attendee.initials.upper() and re.fullmatch(r"[A-Za-z]{2,4}", owner):
            return index
    wanted = _norm(owner).split()
    for index, attendee in enumerate(attendees):
        family = _norm(attendee.family_name)
        if wanted and family and (wanted[-1] == family.split()[-1] or " ".join(wanted) == _norm(attendee.name)):
            return index
    return None


# ---------------------------------------------------------------------------------------------
# Writing the confirmed record

NEW = "new"
OMIT = "omit"
NAME_ONLY = "name"  # someone in attendance recorded by name, not added to the register
NOT_NAMED = "Not named in the minutes"


def pasted_minutes_keep(
    *, partnership, officer, body, starts_at: dt.datetime, ends_at: dt.datetime, venue: str, text: str
) -> PastedMinutes:
    """Keep the pasted text for its preview and confirmation, the officer's own for two days (the
    expired texts of every officer are cleared away as this one is kept)."""
    PastedMinutes.objects.expired().delete()
    return PastedMinutes.objects.create(
        partnership=partnership,
        officer=officer,
        body=body,
        starts_at=starts_at,
        ends_at=ends_at,
        venue=venue,
        text=text,
    )


def pasted_minutes_parse(draft: PastedMinutes) -> ParsedMinutes:
    """The draft's text parsed as the preview showed it (the same text gives the same record)."""
    return parse_minutes(draft.text, held_on=timezone.localtime(draft.starts_at).date())


def pasted_minutes_confirm(
    *, draft: PastedMinutes, choices: dict[int, str], by, now: dt.datetime | None = None
) -> Meeting:
    """Write the pasted minutes, as the officer confirmed them, through the ordinary services and
    in one transaction: the meeting recorded as already held, its agenda items, the people the
    officer asked to add, the attendance (and the chair), each item's minutes, resolutions and
    actions. `choices` maps each attendee's place in the list to a person's id, `NEW`, `OMIT` or (for
    someone in attendance) `NAME_ONLY`.
    A draft already confirmed writes nothing and returns its meeting."""
    with transaction.atomic():
        draft = PastedMinutes.objects.select_for_update().get(pk=draft.pk)
        if draft.meeting_id:
            return draft.meeting
        parsed = pasted_minutes_parse(draft)
        if parsed.problems:
            raise ValidationError(parsed.problems)
        register = {p.pk: p for p in Person.objects.filter(partnership=draft.partnership)}
        meeting = meeting_record_past(
            body=draft.body, starts_at=draft.starts_at, ends_at=draft.ends_at, venue=draft.venue, by=by, now=now
        )
        agenda = [
            agenda_item_add(meeting=meeting, by=by, title=item.title, reason="Agenda item added from pasted minutes")
            for item in parsed.items
        ]
        meeting_hold(meeting=meeting, by=by, now=now)

        people: dict[int, Person] = {}
        names_only: list[Attendee] = []
        for index, attendee in enumerate(parsed.attendees):
            choice = str(choices.get(index, OMIT))
            if choice == OMIT:
                continue
            if choice == NAME_ONLY:
                if attendee.status != IN_ATTENDANCE:
                    raise ValidationError(
                        {
                            f"person_{index}": "Only those in attendance are recorded by name alone: "
                            f"choose who {attendee.name} is"
                        }
                    )
                names_only.append(attendee)
                continue
            if choice == NEW:
                if not attendee.given_name:
                    raise ValidationError(
                        {
                            f"person_{index}": f"The minutes give no first name for {attendee.name}: choose them "
                            "from the register, or add them to the register first"
                        }
                    )
                person = Person(
                    partnership=draft.partnership,
                    honorific=attendee.honorific[:40],
                    given_name=attendee.given_name[:100],
                    family_name=attendee.family_name[:100],
                )
                people[index] = person_save(person=person, by=by)
                continue
            if not choice.isdigit() or int(choice) not in register:
                raise ValidationError(f"Choose who {attendee.name} is, from this partnership's register.")
            people[index] = register[int(choice)]

        statuses = {
            PRESENT: Attendance.Status.PRESENT,
            APOLOGIES: Attendance.Status.APOLOGIES,
            IN_ATTENDANCE: Attendance.Status.IN_ATTENDANCE,
        }
        seats = {m.person_id: m for m in draft.body.memberships.current(meeting.date).select_related("organisation")}
        entries, recorded, chair = [], set(), None
        for index, attendee in enumerate(parsed.attendees):
            person = people.get(index)
            if person is None or person.pk in recorded:
                continue
            recorded.add(person.pk)
            seat = (
                seats.get(person.pk)
                or Membership(  # someone without a seat that day: as the minutes list them
                    person=person,
                    body=draft.body,
                    role=Membership.Role.OFFICER if attendee.status == IN_ATTENDANCE else Membership.Role.MEMBER,
                    job_title=attendee.role[:200],
                )
            )
            entries.append((seat, statuses[attendee.status], None))
            if attendee.chair and attendee.status == PRESENT and chair is None:
                chair = person
        attendance_record(meeting=meeting, entries=entries, by=by, presiding=Presiding(chair=chair) if chair else None)
        for attendee in names_only:
            attendance_add_other(
                meeting=meeting, name=attendee.name[:200], role=attendee.role[:200], organisation="", by=by
            )

        for item, agenda_item in zip(parsed.items, agenda, strict=True):
            if item.text:
                item_minutes_save(item=agenda_item, loaded_version=0, narrative=item.text, public_summary="", by=by)
            for text in item.resolutions:
                resolution_add(item=agenda_item, text=text, by=by)
            for action in item.actions:
                owner_index = owner_of(action.owner, parsed.attendees)
                owner = people.get(owner_index) if owner_index is not None else None
                action_add(
                    item=agenda_item,
                    description=action.description or action.owner or "Action",
                    owner=owner,
                    owner_name="" if owner else (action.owner or NOT_NAMED)[:200],
                    due_on=action.due_on,
                    due_precision=action.due_precision,
                    by=by,
                )
        if parsed.closed_at is not None and parsed.closed_at > timezone.localtime(meeting.starts_at).time():
            meeting_close_time(meeting=meeting, closed_at=parsed.closed_at, by=by)
        draft.meeting = meeting
        draft.save(update_fields=["meeting"])
        return meeting


def default_choice(match: Match) -> str:
    """What the preview proposes: the person matched (certain or the likeliest), else a new one."""
    return str(match.person.pk) if match.person is not None else NEW
