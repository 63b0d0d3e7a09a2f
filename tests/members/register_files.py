"""Register spreadsheets for tests and the browser journey: 12 organisations and 20 people, with
seats on the board (some with no known start, some "before" a date), written with openpyxl."""

import csv
import io

import openpyxl

from members.spreadsheet import COLUMNS

HEADINGS = [heading for heading, _, _ in COLUMNS]

ORGANISATIONS = [
    ("Northvale Council", "Local authority", "Yes"),
    ("Northvale NHS Foundation Trust", "Health", "Yes"),
    ("Northvale Integrated Care Board", "Health", "Yes"),
    ("Northvale Police", "Police", "Yes"),
    ("Probation Service, Northvale", "Probation", "Yes"),
    ("Northvale Schools Forum", "Schools and colleges", "No"),
    ("Little Steps Nurseries", "Early years", "No"),
    ("Northvale Council for Voluntary Service", "Community and voluntary sector", "No"),
    ("Jobcentre Plus Northvale", "Employment and benefits", "No"),
    ("Northvale Safeguarding Children Partnership", "Safeguarding", "No"),
    ("Northvale Youth Cabinet", "Youth voice", "No"),
    ("Northvale Labour Group", "Political party", "No"),
]

GIVEN = ["Asha", "Ben", "Cara", "Dev", "Ella", "Femi", "Grace", "Hugo", "Iris", "Jon",
         "Kemi", "Liam", "Maya", "Noah", "Olu", "Priya", "Quinn", "Rosa", "Sam", "Tariq"]  # fmt: skip
FAMILY = ["Adams", "Bell", "Cole", "Dunn", "Eze", "Ford", "Gray", "Hill", "Ives", "Jones",
          "Khan", "Lowe", "Mills", "Nash", "Okoro", "Patel", "Quirke", "Reid", "Shaw", "Toor"]  # fmt: skip


def register_table(body: str = "Testshire Board", *, extra_rows: list[dict] | None = None) -> list[list[str]]:
    """Headings and 20 rows: 20 people, each with a seat on `body` for one of the 12 organisations
    (the first is the chair; every third has no known start, every fifth started "before")."""
    rows = []
    for index in range(20):
        organisation, sector, duty = ORGANISATIONS[index % 12]
        if index % 3 == 1:
            start = ""
        elif index % 5 == 0:
            start = "before 2017-03-27"
        else:
            start = f"2024-{(index % 12) + 1:02d}-01"
        values = {
            "Given name": GIVEN[index],
            "Family name": FAMILY[index],
            "Honorific": "Cllr" if sector == "Political party" else "",
            "Email": f"{GIVEN[index].lower()}.{FAMILY[index].lower()}@example.org",
            "Organisation": organisation,
            "Sector": sector,
            "Duty to cooperate": duty,
            "Body": body,
            "Role": "Chair" if index == 0 else "Member",
            "Seat represents": "Political party on the council" if sector == "Political party" else "",
            "Job title": f"Director {index + 1}",
            "Voting": "Yes",
            "Start date": start,
        }
        rows.append(values)
    rows += extra_rows or []
    return [HEADINGS] + [[row.get(heading, "") for heading in HEADINGS] for row in rows]


def write_xlsx(table: list[list], path_or_buffer=None):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Register"
    for row in table:
        sheet.append(row)
    buffer = path_or_buffer if path_or_buffer is not None else io.BytesIO()
    book.save(buffer)
    return buffer.getvalue() if isinstance(buffer, io.BytesIO) and path_or_buffer is None else buffer


def register_xlsx(path_or_buffer=None, *, body: str = "Testshire Board", extra_rows: list[dict] | None = None):
    """Write the 12-organisation, 20-person register as .xlsx to a path or buffer; with neither,
    return its bytes."""
    return write_xlsx(register_table(body, extra_rows=extra_rows), path_or_buffer)


def register_csv(*, body: str = "Testshire Board", extra_rows: list[dict] | None = None) -> bytes:
    buffer = io.StringIO(newline="")
    csv.writer(buffer).writerows(register_table(body, extra_rows=extra_rows))
    return buffer.getvalue().encode("utf-8")
