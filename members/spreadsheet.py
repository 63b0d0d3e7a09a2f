"""The register as a spreadsheet, and back: one sheet (CSV or XLSX), one row a seat.

A row names a person, the body they sit on, their role, the organisation they represent and
when they started; a row with no body adds a person (or, with no person, an organisation) only.
`read_upload` turns an uploaded file into rows of text, refusing what is not a small, sound
spreadsheet before a parser reads it; `apply_rows` works the rows into the register through the
register's services, all or nothing, and `preview_rows` is the same run rolled back: what the
officer confirms is exactly what will be written. `export_rows` writes the register in the same
layout, so an export imported again changes nothing.
"""

import csv
import datetime as dt
import difflib
import io
import re
import zipfile
from dataclasses import asdict, dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from boards.models import Body, Partnership
from core.audit import save_audited
from core.validators import DATES

from . import services
from .models import IMPORT_KEPT, Membership, Organisation, Person, RegisterImport

# -- The layout ------------------------------------------------------------------------------------

# (heading, key, what it holds): the order of the columns in a template and an export.
COLUMNS: list[tuple[str, str, str]] = [
    ("Given name", "given_name", "Required for a person. Up to 100 characters."),
    ("Family name", "family_name", "Required for a person. Up to 100 characters."),
    ("Honorific", "honorific", "Optional, for example “Councillor” or “Dr”."),
    ("Email", "email", "Optional. Private: never shown to the public."),
    ("Phone", "phone", "Optional. Private: never shown to the public."),
    ("Organisation", "organisation", "The organisation represented. Added to the register if new."),
    ("Sector", "sector", "Optional, for a new organisation: for example “Health”, “Police”. Blank: “Other”."),
    ("Duty to cooperate", "duty_to_cooperate", "“Yes” or “No” (Children Act 2004, s.10). Blank: unchanged."),
    ("Body", "body", "The board or group the person sits on, as named in the register. Blank: no seat."),
    ("Role", "role", "Chair, Vice-chair, Member, Co-opted member, Specialist advisor or Officer in attendance."),
    ("Seat represents", "basis", "Optional: blank means the organisation named (or expertise, with none)."),
    ("Job title", "job_title", "As listed in minutes. Up to 200 characters."),
    ("Voting", "voting", "“Yes” or “No”. Blank: Yes."),
    ("Start date", "starts_on", "2017-03-27, or blank if not known, or “before 2017-03-27”."),
    ("End date", "ends_on", "Blank while they serve."),
]
HEADINGS = {heading.lower(): key for heading, key, _ in COLUMNS}
MAX_LENGTHS = {
    "given_name": 100,
    "family_name": 100,
    "honorific": 40,
    "email": 254,
    "phone": 40,
    "organisation": 200,
    "job_title": 200,
    "body": 200,
    "sector": 60,
    "role": 40,
    "basis": 60,
    "duty_to_cooperate": 10,
    "voting": 10,
    "starts_on": 30,
    "ends_on": 30,
}
HEADING_OF = {key: heading for heading, key, _ in COLUMNS}

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_ROWS = 1000
MAX_CELL = 1000  # characters kept of a cell: more than any column holds, so the check can name it
# A ZIP bomb is refused from the zip's own directory, before any of it is decompressed.
MAX_UNCOMPRESSED = 50 * 1024 * 1024
MAX_RATIO = 100
MAX_ZIP_ENTRIES = 500

# OWASP "CSV injection": a cell a spreadsheet would take for a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


NOT_XLSX = "This file is not an Excel workbook (.xlsx). Save it as .xlsx or CSV and try again."


class UploadRefused(Exception):
    """The file cannot be read as the register: the message says why, for the officer."""


def neutralise(value: str) -> str:
    """Text a spreadsheet would run as a formula, kept as text: a single quote before it."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def _unneutralise(value: str) -> str:
    """Read back what `neutralise` wrote: the text as it was."""
    return value[1:] if value.startswith("'") and value[1:].startswith(FORMULA_STARTS) else value


# -- Reading a file --------------------------------------------------------------------------------


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    # A formula cell arrives as its text ("=HYPERLINK(...)"): kept as text, never evaluated.
    return _unneutralise(str(value).strip())[:MAX_CELL]


def _check_zip(data: bytes) -> None:
    """Refuse a ZIP bomb from the zip's central directory, before anything is decompressed."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as error:
        raise UploadRefused(NOT_XLSX) from error
    entries = archive.infolist()
    if len(entries) > MAX_ZIP_ENTRIES:
        raise UploadRefused("This workbook has too many parts to be a register. Save it as CSV and try again.")
    total = sum(entry.file_size for entry in entries)
    if total > MAX_UNCOMPRESSED:
        raise UploadRefused(
            f"This workbook unpacks to more than {MAX_UNCOMPRESSED // (1024 * 1024)} MB, far more than a register: "
            "it was not read."
        )
    for entry in entries:
        if entry.file_size > 1024 * 1024 and entry.file_size > MAX_RATIO * max(entry.compress_size, 1):
            raise UploadRefused("This workbook is compressed far more than a spreadsheet can be: it was not read.")
    if "xl/workbook.xml" not in {entry.filename for entry in entries}:
        raise UploadRefused(NOT_XLSX)


def _xlsx_rows(data: bytes):
    _check_zip(data)
    import openpyxl  # only after the zip's directory has passed

    try:
        # Formulas are read as their text (data_only=False), never evaluated.
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
        sheet = book["Register"] if "Register" in book.sheetnames else book.worksheets[0]
        for row in sheet.iter_rows(max_col=len(COLUMNS) + 10, values_only=True):
            yield [_cell_text(value) for value in row]
        book.close()
    except UploadRefused:
        raise
    except Exception as error:  # openpyxl raises many kinds on a damaged workbook
        raise UploadRefused("This workbook could not be read: it may be damaged. Save it again and try.") from error


def _csv_rows(data: bytes):
    if b"\x00" in data[:4096]:
        raise UploadRefused("This file is not a CSV file. Save the spreadsheet as CSV (UTF-8) or .xlsx and try again.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError as error:
            raise UploadRefused(
                "This CSV file's text could not be read. Save it as “CSV UTF-8” and try again."
            ) from error
    # A spreadsheet saved as CSV where the decimal comma is used separates with semicolons.
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    try:
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
            yield [_cell_text(value) for value in row[: len(COLUMNS) + 10]]
    except csv.Error as error:
        raise UploadRefused(f"This CSV file could not be read: {error}.") from error


def read_upload(name: str, data: bytes) -> list[dict]:
    """The rows of an uploaded register, as text keyed by column (`COLUMNS`), each with its row
    number in the file (`_row`). Raises UploadRefused with a message for the officer."""
    if not data:
        raise UploadRefused("The file is empty.")
    if len(data) > MAX_UPLOAD_BYTES:
        raise UploadRefused(f"The file is larger than {MAX_UPLOAD_BYTES // (1024 * 1024)} MB: split the register.")
    lower = name.lower()
    if lower.endswith(".xlsx"):
        source = _xlsx_rows(data)
    elif lower.endswith(".csv"):
        source = _csv_rows(data)
    else:
        raise UploadRefused("Upload a CSV file (.csv) or an Excel workbook (.xlsx).")
    keys: list[str | None] | None = None
    rows: list[dict] = []
    for number, cells in enumerate(source, start=1):
        if keys is None:
            if not any(cells):
                continue
            keys = [HEADINGS.get(cell.lower()) for cell in cells]
            unknown = [cell for cell, key in zip(cells, keys, strict=True) if cell and key is None]
            if unknown:
                raise UploadRefused(
                    "Row " + str(number) + " has columns this register does not know: " + ", ".join(unknown[:5]) + ". "
                    "Use the headings of the template."
                )
            missing = [HEADING_OF[k] for k in ("given_name", "family_name", "organisation", "body") if k not in keys]
            if missing:
                raise UploadRefused(
                    "The first row must hold the column headings of the template; missing: " + ", ".join(missing) + "."
                )
            continue
        if not any(cells):
            continue
        if len(rows) >= MAX_ROWS:
            raise UploadRefused(f"The file has more than {MAX_ROWS} rows: split the register into smaller files.")
        row = {key: "" for _, key, _ in COLUMNS}
        for key, cell in zip(keys, cells, strict=False):
            if key:
                row[key] = cell
        row["_row"] = number
        rows.append(row)
    if keys is None:
        raise UploadRefused("The file has no rows: the first row holds the column headings of the template.")
    if not rows:
        raise UploadRefused("The file has column headings but no rows of the register.")
    return rows


# -- Working the rows into the register ----------------------------------------------------------


@dataclass
class RowResult:
    number: int
    summary: str
    actions: list[str] = field(default_factory=list)  # "Organisation added: …", "Membership changed: …"
    errors: list[str] = field(default_factory=list)

    @property
    def state(self) -> str:
        if self.errors:
            return "error"
        return "change" if self.actions else "unchanged"


@dataclass
class Outcome:
    rows: list[RowResult]

    @property
    def errors(self) -> list[RowResult]:
        return [row for row in self.rows if row.errors]

    @property
    def changes(self) -> list[RowResult]:
        return [row for row in self.rows if row.state == "change"]

    @property
    def unchanged(self) -> int:
        return sum(1 for row in self.rows if row.state == "unchanged")


class _Rollback(Exception):
    pass


class PreviewOutdated(Exception):
    """Confirming would now do something other than the preview showed (the register changed
    since): nothing was written, and the preview is worked out again."""


def outcome_rows(outcome: Outcome) -> list[dict]:
    return [asdict(row) for row in outcome.rows]


def outcome_from(rows: list[dict]) -> Outcome:
    return Outcome([RowResult(**row) for row in rows])


def _norm(name: str) -> str:
    name = name.lower().replace("&", " and ")
    return " ".join(re.sub(r"[^a-z0-9 ]+", " ", name).split())


def _closest(name: str, options: list[str]) -> str | None:
    by_norm = {_norm(option): option for option in options}
    match = difflib.get_close_matches(_norm(name), list(by_norm), n=1, cutoff=0.8)
    return by_norm[match[0]] if match else None


def _choice(value: str, choices, default: str, column: str) -> str:
    if not value:
        return default
    for key, label in choices:
        if value.lower() in (key.lower(), str(label).lower()):
            return key
    labels = ", ".join(str(label) for _, label in choices)
    raise ValidationError(f"{HEADING_OF[column]} “{value}” is not one of: {labels}.")


def _yes_no(value: str, column: str) -> bool | None:
    if not value:
        return None
    if value.lower() in ("yes", "y", "true", "1"):
        return True
    if value.lower() in ("no", "n", "false", "0"):
        return False
    raise ValidationError(f"{HEADING_OF[column]} is “{value}”: write Yes or No.")


def _date(value: str, column: str) -> dt.date | None:
    if not value:
        return None
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d %B %Y", "%d %b %Y"):
        try:
            day = dt.datetime.strptime(value, pattern).date()
        except ValueError:
            continue
        if day not in DATES:
            raise ValidationError(f"{HEADING_OF[column]} “{value}”: {DATES.message}")
        return day
    raise ValidationError(f"{HEADING_OF[column]} “{value}” is not a date: write it as 2017-03-27.")


def _start(value: str) -> tuple[dt.date | None, dt.date | None]:
    """(starts_on, started_before) from "2017-03-27", "before 2017-03-27" or blank."""
    match = re.fullmatch(r"before\s+(.+)", value.strip(), flags=re.IGNORECASE)
    if match:
        return None, _date(match.group(1), "starts_on")
    return _date(value, "starts_on"), None


class _Run:
    """One pass over the rows, inside a transaction the caller commits or rolls back."""

    def __init__(self, partnership: Partnership, by, reason: str) -> None:
        self.seen: dict[tuple, int] = {}  # each row's content → the first row that had it
        self.partnership = partnership
        self.by = by
        self.reason = reason
        self.load_organisations()
        self.bodies = list(Body.objects.filter(partnership=partnership))
        self.person_rows: dict[int, int] = {}  # person pk -> the first row that named them

    def load_organisations(self) -> None:
        """The register's organisations as the database holds them (again after a refused row,
        whose additions and changes were rolled back)."""
        self.organisations = {o.name.lower(): o for o in Organisation.objects.filter(partnership=self.partnership)}
        self.by_short = {o.short_name.lower(): o for o in self.organisations.values() if o.short_name}

    def save(self, record):
        return save_audited(record, by=self.by, reason=self.reason)

    def organisation(self, row: dict, result: RowResult) -> Organisation | None:
        name = row["organisation"]
        if not name:
            return None
        organisation = self.organisations.get(name.lower()) or self.by_short.get(name.lower())
        sector = row["sector"]
        duty = _yes_no(row["duty_to_cooperate"], "duty_to_cooperate")
        if organisation is None:
            near = _closest(name, [o.name for o in self.organisations.values()])
            if near:
                raise ValidationError(
                    f"Organisation “{name}” is spelled differently from “{near}” in the register (or earlier in "
                    f"this file): if they are the same, use “{near}”."
                )
            organisation = Organisation(
                partnership=self.partnership,
                name=name,
                sector=_choice(sector, Organisation.Sector.choices, Organisation.Sector.OTHER, "sector"),
                duty_to_cooperate=bool(duty),
            )
            self.save(organisation)
            self.organisations[name.lower()] = organisation
            result.actions.append(f"Organisation added: {name}")
            return organisation
        changed = []
        if sector:
            value = _choice(sector, Organisation.Sector.choices, organisation.sector, "sector")
            if value != organisation.sector:
                organisation.sector = value
                changed.append("sector")
        if duty is not None and duty != organisation.duty_to_cooperate:
            organisation.duty_to_cooperate = duty
            changed.append("duty to cooperate")
        if changed:
            self.save(organisation)
            result.actions.append(f"Organisation changed: {organisation.name} ({', '.join(changed)})")
        return organisation

    def person(self, row: dict, result: RowResult) -> Person | None:
        given, family = row["given_name"], row["family_name"]
        if not given and not family:
            return None
        if not given or not family:
            raise ValidationError("Give both the given name and the family name.")
        people = Person.objects.filter(partnership=self.partnership)
        email = row["email"]
        matches = list(people.filter(email__iexact=email)) if email else []
        if not matches:
            matches = list(people.filter(given_name__iexact=given, family_name__iexact=family))
        if len(matches) > 1:
            raise ValidationError(
                f"{len(matches)} people in the register are called {given} {family}: give the e-mail address of "
                "the one this row means."
            )
        person = matches[0] if matches else None
        values = {"honorific": row["honorific"], "email": email, "phone": row["phone"]}
        if person is None:
            person = Person(partnership=self.partnership, given_name=given, family_name=family, **values)
            services.person_save(person=person, by=self.by, reason=self.reason)
            self.person_rows[person.pk] = row["_row"]
            result.actions.append(f"Person added: {person.full_name}")
            return person
        changed = [name for name, value in values.items() if value and getattr(person, name) != value]
        if changed and person.pk in self.person_rows:
            first = self.person_rows[person.pk]
            raise ValidationError(
                f"Row {first} gives {person.full_name} a different {', '.join(c.replace('_', ' ') for c in changed)}: "
                "is this a second person of the same name, or a duplicate?"
            )
        self.person_rows.setdefault(person.pk, row["_row"])
        if changed:
            for name in changed:
                setattr(person, name, values[name])
            services.person_save(person=person, by=self.by, reason=self.reason)
            result.actions.append(f"Person changed: {person.full_name} ({', '.join(changed)})")
        return person

    def body(self, name: str) -> Body:
        for body in self.bodies:
            if name.lower() in (body.name.lower(), body.slug.lower()):
                return body
        near = _closest(name, [body.name for body in self.bodies])
        hint = f" Did you mean “{near}”?" if near else " Add the body first, or correct its name."
        raise ValidationError(f"Body “{name}” is not in this partnership's register.{hint}")

    def membership(self, row: dict, person: Person | None, organisation: Organisation | None, result: RowResult):
        if not row["body"]:
            for column in ("role", "job_title", "starts_on", "ends_on"):
                if row[column]:
                    raise ValidationError(f"{HEADING_OF[column]} is given but Body is blank: name the body.")
            return
        if person is None:
            raise ValidationError("A seat on a body needs the person's given name and family name.")
        body = self.body(row["body"])
        role = _choice(row["role"], Membership.Role.choices, Membership.Role.MEMBER, "role")
        default_basis = Membership.Basis.ORGANISATION if organisation else Membership.Basis.EXPERTISE
        basis = _choice(row["basis"], Membership.Basis.choices, default_basis, "basis")
        starts_on, started_before = _start(row["starts_on"])
        ends_on = _date(row["ends_on"], "ends_on")
        voting = _yes_no(row["voting"], "voting")
        values = {
            "basis": basis,
            "organisation": organisation,
            "job_title": row["job_title"],
            "voting": True if voting is None else voting,
            "ends_on": ends_on,
        }
        seat = Membership.objects.filter(
            person=person, body=body, role=role, starts_on=starts_on, started_before=started_before
        ).first()
        label = f"{person.full_name}, {dict(Membership.Role.choices)[role]}, {body.name}"
        if seat is None:
            seat = Membership(person=person, body=body, role=role, starts_on=starts_on, started_before=started_before)
            for name, value in values.items():
                setattr(seat, name, value)
            self._membership_save(seat)
            result.actions.append(f"Membership added: {label}")
            return
        changed = [name for name, value in values.items() if getattr(seat, name) != value]
        if changed:
            for name in changed:
                setattr(seat, name, values[name])
            self._membership_save(seat)
            result.actions.append(f"Membership changed: {label} ({', '.join(c.replace('_', ' ') for c in changed)})")

    def _membership_save(self, seat: Membership) -> None:
        services.membership_save(membership=seat, by=self.by, reason=self.reason)

    def run_row(self, row: dict) -> RowResult:
        summary = " · ".join(
            part
            for part in (Person.join_name(row["given_name"], row["family_name"]), row["organisation"], row["body"])
            if part
        )
        result = RowResult(row["_row"], summary or "(blank)")
        content = tuple(sorted((key, " ".join(value.split()).lower()) for key, value in row.items() if key != "_row"))
        if content in self.seen:
            result.errors.append(f"This row repeats row {self.seen[content]}: remove one of them.")
            return result
        self.seen[content] = row["_row"]
        too_long = [
            f"{HEADING_OF[key]} is longer than {limit} characters"
            for key, limit in MAX_LENGTHS.items()
            if len(row.get(key, "")) > limit
        ]
        if too_long:
            result.errors += too_long
            return result
        person_rows = dict(self.person_rows)
        try:
            with transaction.atomic():  # a refused row leaves nothing of itself behind
                organisation = self.organisation(row, result)
                person = self.person(row, result)
                if person is None and organisation is None:
                    raise ValidationError("The row names neither a person nor an organisation.")
                self.membership(row, person, organisation, result)
        except ValidationError as error:
            result.actions = []
            result.errors += _messages(error)
            self.person_rows = person_rows
            self.load_organisations()
        return result


def _messages(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        return [f"{message}" for messages in error.message_dict.values() for message in messages]
    return list(error.messages)


def _run(
    partnership: Partnership, rows: list[dict], *, by, reason: str, commit: bool, expected: list[dict] | None = None
) -> Outcome:
    outcome = Outcome([])
    outdated = False
    try:
        with transaction.atomic():
            run = _Run(partnership, by, reason)
            outcome.rows = [run.run_row(row) for row in rows]
            outdated = expected is not None and outcome_rows(outcome) != expected
            if outcome.errors or not commit or outdated:
                raise _Rollback
    except _Rollback:
        pass
    if outdated:
        raise PreviewOutdated(outcome)
    return outcome


def preview_rows(partnership: Partnership, rows: list[dict], *, by, file_name: str) -> Outcome:
    """What importing the rows would do, row by row, with every row in error and why: the import
    itself, rolled back."""
    return _run(partnership, rows, by=by, reason=import_reason(file_name), commit=False)


def apply_rows(
    partnership: Partnership, rows: list[dict], *, by, file_name: str, expected: list[dict] | None = None
) -> Outcome:
    """Import the rows: all of them, or (if any row is refused) none. Every record written is
    attributed to `by` with the reason "Imported from <file name>". With `expected` (the preview
    the officer saw), PreviewOutdated when the import would now do anything else."""
    return _run(partnership, rows, by=by, reason=import_reason(file_name), commit=True, expected=expected)


def import_reason(file_name: str) -> str:
    return f"Imported from {file_name}"[:100]


# -- Writing the register --------------------------------------------------------------------------


def _yes(value: bool) -> str:
    return "Yes" if value else "No"


def export_rows(partnership: Partnership) -> list[list[str]]:
    """The register in the import's layout (headings first): every seat, then every person with
    none, then every organisation no seat names. Formula-like text is neutralised."""
    headings = [heading for heading, _, _ in COLUMNS]
    out: list[dict] = []
    seats = (
        Membership.objects.filter(body__partnership=partnership)
        .select_related("person", "organisation", "body")
        .order_by("person__family_name", "person__given_name", "person_id", "body__name", "pk")
    )
    named_people, named_organisations = set(), set()

    def person_cells(person: Person) -> dict:
        return {
            "given_name": person.given_name,
            "family_name": person.family_name,
            "honorific": person.honorific,
            "email": person.email,
            "phone": person.phone,
        }

    def organisation_cells(organisation: Organisation | None) -> dict:
        if organisation is None:
            return {}
        return {
            "organisation": organisation.name,
            "sector": organisation.get_sector_display(),
            "duty_to_cooperate": _yes(organisation.duty_to_cooperate),
        }

    for seat in seats:
        named_people.add(seat.person_id)
        if seat.organisation_id:
            named_organisations.add(seat.organisation_id)
        if seat.starts_on:
            start = seat.starts_on.isoformat()
        else:
            start = f"before {seat.started_before.isoformat()}" if seat.started_before else ""
        out.append(
            {
                **person_cells(seat.person),
                **organisation_cells(seat.organisation),
                "body": seat.body.name,
                "role": seat.get_role_display(),
                "basis": seat.get_basis_display(),
                "job_title": seat.job_title,
                "voting": _yes(seat.voting),
                "starts_on": start,
                "ends_on": seat.ends_on.isoformat() if seat.ends_on else "",
            }
        )
    for person in Person.objects.in_partnership(partnership).exclude(pk__in=named_people):
        out.append(person_cells(person))
    for organisation in Organisation.objects.filter(partnership=partnership).exclude(pk__in=named_organisations):
        out.append(organisation_cells(organisation))
    return [headings] + [[neutralise(str(row.get(key, ""))) for _, key, _ in COLUMNS] for row in out]


def to_csv(table: list[list[str]]) -> bytes:
    buffer = io.StringIO(newline="")
    csv.writer(buffer).writerows(table)
    return buffer.getvalue().encode("utf-8-sig")


def to_xlsx(table: list[list[str]]) -> bytes:
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Register")
    for row in table:
        sheet.append(row)  # every cell text; formula-like text already begins with a quote
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def template_table(partnership: Partnership) -> list[list[str]]:
    """The headings, and an example row: a seat on the partnership's board."""
    board = Body.objects.filter(partnership=partnership, kind=Body.Kind.BOARD).first()
    headings = [heading for heading, _, _ in COLUMNS]
    example = {
        "given_name": "Amira",
        "family_name": "Khan",
        "honorific": "Dr",
        "organisation": "Example NHS Trust",
        "sector": "Health",
        "duty_to_cooperate": "Yes",
        "body": board.name if board else "",
        "role": "Member",
        "job_title": "Director of Nursing",
        "voting": "Yes",
        "starts_on": "before 2017-03-27",
    }
    return [headings, [example.get(key, "") for _, key, _ in COLUMNS]]


# -- An upload, between its preview and its confirmation --------------------------------------------


def upload(partnership: Partnership, *, by, file_name: str, data: bytes) -> RegisterImport:
    """Read an uploaded register and keep its rows for the preview (UploadRefused if unreadable)."""
    file_name = (file_name.replace("\\", "/").rsplit("/", 1)[-1] or "upload")[:200]
    rows = read_upload(file_name, data)
    # Uploads never confirmed are not kept past their day: they hold private contact details.
    RegisterImport.objects.filter(uploaded_at__lt=timezone.now() - IMPORT_KEPT).delete()
    # The preview is worked out once, here: reading the page again costs nothing.
    preview = outcome_rows(preview_rows(partnership, rows, by=by, file_name=file_name))
    return RegisterImport.objects.create(
        partnership=partnership, uploaded_by=by, file_name=file_name, rows=rows, preview=preview
    )


@transaction.atomic
def confirm(pending: RegisterImport, *, by) -> Outcome | None:
    """Write the previewed upload: all of it or none. None when it was confirmed already (a second
    confirm, from a second tab or a double click, does nothing)."""
    pending = RegisterImport.objects.select_for_update().get(pk=pending.pk)
    if pending.confirmed_at is not None:
        return None
    try:
        outcome = apply_rows(
            pending.partnership, pending.rows, by=by, file_name=pending.file_name, expected=pending.preview or None
        )
    except PreviewOutdated as outdated:
        pending.preview = outcome_rows(outdated.args[0])
        pending.save(update_fields=["preview"])
        raise
    if not outcome.errors:
        pending.confirmed_at = timezone.now()
        pending.rows = []  # the register holds them now; private details are not kept twice
        pending.save(update_fields=["confirmed_at", "rows"])
    return outcome
