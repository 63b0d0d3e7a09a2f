"""The register from a spreadsheet, and back: upload, preview, confirm (all or none, with the
history reason "Imported from <file name>"), export and round trip, hostile files, and
partnership isolation."""

import datetime as dt
import io
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from members import spreadsheet
from members.models import Membership, Organisation, Person, RegisterImport
from tests.conftest import html, make_member, make_user, text_of
from tests.members.register_files import register_csv, register_table, register_xlsx, write_xlsx

pytestmark = pytest.mark.django_db


def history_count() -> int:
    return Organisation.history.count() + Person.history.count() + Membership.history.count()


def upload(client, partnership, name: str, data: bytes):
    url = reverse("members:register_import", args=[partnership.slug])
    return client.post(url, {"upload": SimpleUploadedFile(name, data)})


def preview_url(partnership, pending) -> str:
    return reverse("members:register_import_preview", args=[partnership.slug, pending.pk])


@pytest.fixture
def officer_client(client, officer, board):
    client.force_login(officer)
    return client


def test_xlsx_of_12_organisations_and_20_people_previews_then_imports_with_the_reason(officer_client, partnership):
    before = history_count()
    response = upload(officer_client, partnership, "northvale.xlsx", register_xlsx())
    pending = RegisterImport.objects.get()
    assert response.status_code == 302 and response["Location"] == preview_url(partnership, pending)
    page = officer_client.get(preview_url(partnership, pending))
    text = text_of(html(page))
    assert "20 rows will add or change the register" in text
    assert "Organisation added: Northvale Police" in text and "Person added: Asha Adams" in text
    assert history_count() == before  # the preview wrote nothing
    assert not Person.objects.filter(partnership=partnership).exists()

    response = officer_client.post(preview_url(partnership, pending))
    assert response.status_code == 302
    assert Organisation.objects.filter(partnership=partnership).count() == 12
    assert Person.objects.filter(partnership=partnership).count() == 20
    assert Membership.objects.filter(body__partnership=partnership).count() == 20
    reasons = set(Membership.history.values_list("history_change_reason", flat=True))
    reasons |= set(Person.history.values_list("history_change_reason", flat=True))
    reasons |= set(
        Organisation.history.filter(name__startswith="Northvale").values_list("history_change_reason", flat=True)
    )
    assert reasons == {"Imported from northvale.xlsx"}
    assert Person.history.filter(history_user=pending.uploaded_by).count() == 20
    unknown = Membership.objects.get(person__given_name="Ben")
    assert unknown.starts_on is None and unknown.started_before is None
    before_seat = Membership.objects.get(person__given_name="Asha")
    assert before_seat.role == "chair" and before_seat.started_before == dt.date(2017, 3, 27)
    # an unknown start counts as serving since before records began
    assert Membership.objects.current(dt.date(2000, 1, 1)).filter(pk=unknown.pk).exists()

    # a second confirm (a double click, a second tab) does nothing
    again = history_count()
    response = officer_client.post(preview_url(partnership, pending), follow=True)
    assert "imported already" in text_of(html(response))
    assert history_count() == again


def test_csv_import_works_the_same(officer_client, partnership):
    upload(officer_client, partnership, "register.csv", register_csv())
    officer_client.post(preview_url(partnership, RegisterImport.objects.get()))
    assert Person.objects.filter(partnership=partnership).count() == 20


def test_rows_in_error_are_listed_with_reasons_and_nothing_is_written(officer_client, partnership, council):
    extra = [
        {"Given name": "Zed", "Family name": "Zane", "Organisation": "Northvale Police", "Body": "Tesshire Bord"},
        {"Given name": "Yan", "Family name": "Yu", "Organisation": "Northvale Polise", "Body": "Testshire Board"},
        {"Given name": "Asha", "Family name": "Adams", "Email": "other@example.org", "Body": ""},
        {"Given name": "Xi", "Family name": "Xu", "Body": "Testshire Board", "Start date": "last spring"},
    ]
    before = history_count()
    upload(officer_client, partnership, "bad.xlsx", register_xlsx(extra_rows=extra))
    pending = RegisterImport.objects.get()
    text = text_of(html(officer_client.get(preview_url(partnership, pending))))
    assert "4 rows cannot be imported: nothing will be saved" in text
    assert "Row 22 (Zed Zane · Northvale Police · Tesshire Bord): Body “Tesshire Bord” is not in this" in text
    assert "Did you mean “Testshire Board”?" in text
    assert "spelled differently from “Northvale Police”" in text
    assert "Row 2 gives Asha Adams a different email" in text
    assert "“last spring” is not a date" in text
    assert "Import 2" not in text  # no confirm button
    response = officer_client.post(preview_url(partnership, pending))
    assert response.status_code == 200
    assert history_count() == before
    assert not Person.objects.filter(partnership=partnership).exists()
    assert list(Organisation.objects.filter(partnership=partnership)) == [council]


def test_duplicate_person_in_the_register_asks_which(officer_client, partnership, board, council):
    make_member(board, council, "Asha", "Adams")
    Person.objects.create(partnership=partnership, given_name="Asha", family_name="Adams", slug="asha-adams-2")
    table = register_table()
    table[1][3] = ""  # no e-mail to tell them apart
    upload(officer_client, partnership, "dup.xlsx", write_xlsx(table))
    text = text_of(html(officer_client.get(preview_url(partnership, RegisterImport.objects.get()))))
    assert "2 people in the register are called Asha Adams: give the e-mail address" in text


def test_an_export_imported_again_changes_nothing(officer_client, partnership):
    upload(officer_client, partnership, "first.xlsx", register_xlsx())
    officer_client.post(preview_url(partnership, RegisterImport.objects.get()))
    Organisation.objects.create(partnership=partnership, name='=HYPERLINK("http://evil.example","x")', sector="other")
    for fmt in ("xlsx", "csv"):
        exported = officer_client.get(reverse("members:register_export", args=[partnership.slug]) + "?format=" + fmt)
        assert exported.status_code == 200 and exported["Content-Disposition"].endswith(f'.{fmt}"')
        data = b"".join(exported.streaming_content) if exported.streaming else exported.content
        before = history_count()
        upload(officer_client, partnership, f"export.{fmt}", data)
        pending = RegisterImport.objects.latest("pk")
        text = text_of(html(officer_client.get(preview_url(partnership, pending))))
        assert "0 rows will add or change the register; 21 rows change nothing" in text, text[:2000]
        officer_client.post(preview_url(partnership, pending))
        assert history_count() == before


def test_formula_cells_are_neutralised_on_export_and_kept_as_text_on_import(officer_client, partnership, board):
    table = register_table()
    table[1][0] = '=HYPERLINK("http://evil.example","click")'
    table[2][4] = "+44 20 7946 0000"
    upload(officer_client, partnership, "formula.xlsx", write_xlsx(table))
    officer_client.post(preview_url(partnership, RegisterImport.objects.get()))
    person = Person.objects.get(family_name="Adams")
    assert person.given_name == '=HYPERLINK("http://evil.example","click")'  # text, never evaluated
    exported = officer_client.get(reverse("members:register_export", args=[partnership.slug]) + "?format=" + "xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(exported.content)).active
    cells = [cell for row in sheet.iter_rows(values_only=True) for cell in row if cell]
    assert '\'=HYPERLINK("http://evil.example","click")' in cells
    assert "'+44 20 7946 0000" in cells
    assert not [cell for cell in cells if str(cell).startswith(spreadsheet.FORMULA_STARTS)]
    csv_text = officer_client.get(
        reverse("members:register_export", args=[partnership.slug]) + "?format=" + "csv"
    ).content.decode()
    assert "\"'=HYPERLINK(" in csv_text and ",=" not in csv_text


def _zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (60 * 1024 * 1024))
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("register.xlsx", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "This file is not an Excel workbook"),
        ("register.xlsx", b"", "empty"),
        ("register.docx", b"hello", "Upload a CSV file (.csv) or an Excel workbook (.xlsx)"),
        ("register.csv", b"Name,Age\nAsha,3\n", "columns this register does not know: Name, Age"),
        ("register.csv", b"Given name,Family name\nAsha,Adams\n", "missing: Organisation, Body"),
        ("register.csv", b"\x00\x01\x02binary", "This file is not a CSV file"),
        ("bomb.xlsx", None, "unpacks to more than 50 MB"),
        (
            "register.csv",
            b"Given name,Family name,Organisation,Body\n" + b"A,B,C,\n" * 1001,
            "more than 1000 rows",
        ),
        ("register.xlsx", b"PK\x03\x04" + b"junk" * 100, "This file is not an Excel workbook"),
    ],
)
def test_hostile_files_are_refused_with_a_message_and_nothing_is_kept(officer_client, partnership, name, data, message):
    data = _zip_bomb() if data is None else data
    response = upload(officer_client, partnership, name, data)
    assert response.status_code == 200
    assert message in text_of(html(response))
    assert not RegisterImport.objects.exists()


def test_huge_cells_are_named_by_row_and_column(officer_client, partnership):
    table = register_table()
    table[3][11] = "x" * 5000  # job title
    upload(officer_client, partnership, "huge.xlsx", write_xlsx(table))
    text = text_of(html(officer_client.get(preview_url(partnership, RegisterImport.objects.get()))))
    assert "Row 4 (Cara Cole · Northvale Integrated Care Board · Testshire Board): Job title is longer than 200" in text


def test_upload_page_documents_the_columns_and_offers_templates(officer_client, partnership):
    page = html(officer_client.get(reverse("members:register_import", args=[partnership.slug])))
    assert "Start date" in text_of(page.find(attrs={"data-testid": "columns"}))
    for fmt in ("xlsx", "csv"):
        response = officer_client.get(reverse("members:register_template", args=[partnership.slug]) + "?format=" + fmt)
        assert response.status_code == 200
    data = officer_client.get(
        reverse("members:register_template", args=[partnership.slug]) + "?format=" + "csv"
    ).content
    assert spreadsheet.read_upload("template.csv", data)[0]["body"] == "Testshire Board"


def test_another_partnerships_officer_reaches_none_of_it(client, officer_client, partnership, other_officer):
    upload(officer_client, partnership, "northvale.xlsx", register_xlsx())
    pending = RegisterImport.objects.get()
    client.force_login(other_officer)
    urls = [
        reverse("members:register_import", args=[partnership.slug]),
        preview_url(partnership, pending),
        reverse("members:register_template", args=[partnership.slug]) + "?format=" + "xlsx",
        reverse("members:register_export", args=[partnership.slug]) + "?format=" + "csv",
        reverse("members:register_export", args=[partnership.slug]) + "?format=" + "xlsx",
    ]
    for url in urls:
        assert client.get(url).status_code in (403, 404), url
        assert client.post(url).status_code in (403, 404), url
    # their own partnership's address with this partnership's upload id: not found
    assert client.get(reverse("members:register_import_preview", args=["elsewhere", pending.pk])).status_code == 404
    assert client.post(reverse("members:register_import_preview", args=["elsewhere", pending.pk])).status_code == 404
    assert not Person.objects.exists()


def test_export_is_for_officers_only(client, partnership, member):
    client.force_login(member)
    assert client.get(reverse("members:register_export", args=[partnership.slug]) + "?format=" + "csv").status_code in (
        403,
        404,
    )
    client.logout()
    response = client.get(reverse("members:register_export", args=[partnership.slug]) + "?format=" + "csv")
    assert response.status_code in (302, 403, 404)


def test_public_pages_show_member_without_an_invented_since(client, officer_client, partnership, board):
    upload(officer_client, partnership, "northvale.xlsx", register_xlsx())
    officer_client.post(preview_url(partnership, RegisterImport.objects.get()))
    client.logout()
    page = html(client.get(reverse("members:public_body_membership", args=[partnership.slug, board.slug])))
    rows = {text_of(row.find("a")): text_of(row) for row in page.select("[data-testid=membership] tbody tr")}
    assert "Since" not in rows["Ben Bell"] and "Member" in rows["Ben Bell"]
    assert "Since" not in rows["Asha Adams"]  # "before 2017-03-27": still no invented date
    assert "Since 1 March 2024" in rows["Cara Cole"]
    person = Person.objects.get(given_name="Ben")
    member_page = text_of(html(client.get(reverse("public:public_member", args=[partnership.slug, person.slug]))))
    assert "Member, Testshire Board, representing Northvale NHS Foundation Trust" in member_page
    assert "to date" not in member_page


def test_register_and_composition_pages_read_an_imported_register(officer_client, partnership):
    upload(officer_client, partnership, "northvale.xlsx", register_xlsx())
    officer_client.post(preview_url(partnership, RegisterImport.objects.get()))
    register_page = officer_client.get(reverse("members:register", args=[partnership.slug]))
    assert register_page.status_code == 200 and "Ben Bell" in text_of(html(register_page))
    assert officer_client.get(reverse("members:composition", args=[partnership.slug])).status_code == 200
    person = Person.objects.get(given_name="Ben")
    page = text_of(html(officer_client.get(reverse("members:person", args=[partnership.slug, person.pk]))))
    assert "start not known" in page
    asha = Person.objects.get(given_name="Asha")
    page = text_of(html(officer_client.get(reverse("members:person", args=[partnership.slug, asha.pk]))))
    assert "start not known (before 27 March 2017)" in page


def test_a_membership_may_be_added_by_hand_without_a_start(officer_client, partnership, board, council):
    person = Person.objects.create(partnership=partnership, given_name="Una", family_name="Known", slug="una")
    response = officer_client.post(
        reverse("members:membership_add", args=[partnership.slug, person.pk]),
        {"body": board.pk, "role": "member", "basis": "organisation", "organisation": council.pk, "voting": "on"},
    )
    assert response.status_code == 302, text_of(html(response))
    seat = Membership.objects.get(person=person)
    assert seat.starts_on is None and Membership.objects.current().filter(pk=seat.pk).exists()


def test_an_upload_expires_after_a_day_and_belongs_to_its_officer(officer_client, partnership, officer, board):
    colleague = make_user("colleague")
    partnership.officers.add(colleague)
    upload(officer_client, partnership, "northvale.xlsx", register_xlsx())
    pending = RegisterImport.objects.get()
    officer_client.force_login(colleague)
    assert officer_client.post(preview_url(partnership, pending)).status_code == 404
    officer_client.force_login(officer)
    RegisterImport.objects.filter(pk=pending.pk).update(uploaded_at=pending.uploaded_at - dt.timedelta(days=2))
    response = officer_client.post(preview_url(partnership, pending), follow=True)
    assert "This upload has expired" in text_of(html(response))
    assert not Person.objects.filter(partnership=partnership).exists()


def test_a_confirm_that_would_now_undo_an_edit_made_since_the_preview_is_refused(officer_client, partnership, officer):
    """Previewed as "changes nothing", then someone corrects a person's job title: confirming the
    old spreadsheet must not quietly put the old value back."""
    upload(officer_client, partnership, "first.xlsx", register_xlsx())
    officer_client.post(preview_url(partnership, RegisterImport.objects.get()))
    exported = officer_client.get(reverse("members:register_export", args=[partnership.slug]) + "?format=csv")
    data = b"".join(exported.streaming_content) if exported.streaming else exported.content
    upload(officer_client, partnership, "roundtrip.csv", data)
    pending = RegisterImport.objects.latest("pk")
    assert "0 rows will add or change the register" in text_of(
        html(officer_client.get(preview_url(partnership, pending)))
    )
    seat = Membership.objects.get(person__family_name="Bell")
    seat.job_title = "Corrected since the preview"
    seat.save()
    before = history_count()
    response = officer_client.post(preview_url(partnership, pending))
    assert response.status_code == 200
    page = text_of(html(response))
    assert "The register has changed since this preview" in page and "nothing was imported" in page
    assert "1 row will add or change the register" in page  # the preview, worked out again
    assert history_count() == before
    seat.refresh_from_db()
    assert seat.job_title == "Corrected since the preview"
    pending.refresh_from_db()
    assert pending.confirmed_at is None


def test_semicolons_repeated_rows_and_impossible_dates_are_read_as_a_clerk_would_expect(officer_client, partnership):
    table = register_table()
    table[2][table[0].index("Start date")] = "1066-10-14"
    table.append(list(table[3]))  # row 3 again
    semicolons = "\n".join(";".join(cell for cell in row) for row in table).encode()
    upload(officer_client, partnership, "register.csv", semicolons)
    pending = RegisterImport.objects.latest("pk")
    errors = [
        text_of(a)
        for a in html(officer_client.get(preview_url(partnership, pending))).select("[data-testid=import-errors] a")
    ]
    assert any("Start date “1066-10-14”: Enter a date from 1 January 1900" in line for line in errors), errors
    assert any(f"Row {len(table)}" in line and "repeats row 4" in line for line in errors), errors
    assert len(errors) == 2, errors
    assert not Person.objects.filter(partnership=partnership).exists()
    # Row 3 was refused, and with it the organisation it would have added: the next row naming that
    # organisation adds it (it never reuses what the refused row left in memory).
    later = html(officer_client.get(preview_url(partnership, pending))).select_one("#row-15")
    assert "Organisation added: Northvale NHS Foundation Trust" in text_of(later)
