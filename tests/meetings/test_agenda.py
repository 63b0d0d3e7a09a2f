"""Building the agenda: standard items, numbering, reordering, the running total, and no lost edits."""

import pytest

from core.audit import StaleEdit
from meetings import services
from meetings.models import AgendaItem
from tests.conftest import html, text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer_client(client, officer, partnership):
    client.force_login(officer)
    return client


def titles(meeting) -> list[str]:
    return [f"{i.position}. {i.title}" for i in meeting.items.order_by("position")]


def test_starting_an_agenda_proposes_the_standard_opening_items(officer_client, future_meeting):
    officer_client.post(f"/manage/meetings/{future_meeting.pk}/agenda/start/")
    assert titles(future_meeting) == [
        "1. Apologies for absence",
        "2. Declarations of interest",
        "3. Minutes of the previous meeting",
        "4. Matters arising",
    ]
    marked = future_meeting.items.filter(kind=AgendaItem.Kind.PREVIOUS_MINUTES)
    assert list(marked.values_list("position", flat=True)) == [3]


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("9223372036854775807", "at most 600 minutes"),
        ("601", "at most 600 minutes"),
        ("0", "1 or more"),
    ],
)
def test_an_items_expected_time_is_a_plausible_number_of_minutes(officer_client, future_meeting, typed, message):
    response = officer_client.post(
        f"/manage/meetings/{future_meeting.pk}/items/new/",
        {"title": "Child poverty strategy", "purpose": "decision", "presenter": "Director", "expected_minutes": typed},
    )
    assert response.status_code == 200
    assert message in text_of(html(response).select_one(".govuk-error-summary"))
    assert not future_meeting.items.filter(title="Child poverty strategy").exists()


def test_items_are_numbered_automatically_and_can_be_reordered_and_removed(officer_client, future_meeting, officer):
    services.agenda_start(meeting=future_meeting, by=officer)
    response = officer_client.post(
        f"/manage/meetings/{future_meeting.pk}/items/new/",
        {"title": "Child poverty strategy", "purpose": "decision", "presenter": "Director", "expected_minutes": "30"},
    )
    assert response.status_code == 302
    new = future_meeting.items.get(title="Child poverty strategy")
    assert new.position == 5
    officer_client.post(f"/manage/items/{new.pk}/move/", {"direction": "up"})
    assert titles(future_meeting)[3:] == ["4. Child poverty strategy", "5. Matters arising"]
    apologies = future_meeting.items.get(position=1)
    officer_client.post(f"/manage/items/{apologies.pk}/remove/")
    assert titles(future_meeting) == [
        "1. Declarations of interest",
        "2. Minutes of the previous meeting",
        "3. Child poverty strategy",
        "4. Matters arising",
    ]


def test_running_total_warns_when_the_agenda_overruns_the_meeting(officer_client, future_meeting, officer):
    services.agenda_item_add(meeting=future_meeting, by=officer, title="Long item", expected_minutes=150)
    page = html(officer_client.get(f"/manage/meetings/{future_meeting.pk}/"))
    assert text_of(page.select_one("[data-testid=running-total]")) == "Expected time: 150 of 180 minutes."
    assert page.select_one(".govuk-warning-text") is None
    services.agenda_item_add(meeting=future_meeting, by=officer, title="Another", expected_minutes=45)
    page = html(officer_client.get(f"/manage/meetings/{future_meeting.pk}/"))
    assert "overruns" in text_of(page.select_one(".govuk-warning-text"))


def test_confidential_item_needs_its_paragraph_and_reason_and_keeps_what_was_typed(officer_client, future_meeting):
    response = officer_client.post(
        f"/manage/meetings/{future_meeting.pk}/items/new/",
        {"title": "Staffing matter", "purpose": "decision", "confidential": "on"},
    )
    assert response.status_code == 200
    soup = html(response)
    summary = text_of(soup.select_one(".govuk-error-summary"))
    assert "Schedule 12A paragraph" in summary and "Say why" in summary
    assert soup.select_one("#id_title")["value"] == "Staffing matter"
    assert not AgendaItem.objects.exists()


def test_second_editor_is_told_who_changed_the_item_and_keeps_their_text(client, officer, partnership, future_meeting):
    from tests.conftest import make_user

    colleague = make_user("colleague", "Colin", "League")
    partnership.officers.add(colleague)
    item = services.agenda_item_add(meeting=future_meeting, by=officer, title="Original title")
    client.force_login(officer)
    loaded = html(client.get(f"/manage/items/{item.pk}/edit/"))
    version = loaded.select_one("input[name=version]")["value"]
    # The colleague saves first.
    services.agenda_item_update(item=item, loaded_version=int(version), by=colleague, title="Colleague's title")
    response = client.post(
        f"/manage/items/{item.pk}/edit/",
        {"title": "My careful title", "purpose": "noting", "version": version},
    )
    assert response.status_code == 200
    soup = html(response)
    assert "changed by Colin League" in text_of(soup.select_one(".govuk-error-summary"))
    assert soup.select_one("#id_title")["value"] == "My careful title"
    item.refresh_from_db()
    assert item.title == "Colleague's title"


def test_second_editor_of_a_report_is_refused_too(officer, future_meeting):
    item = services.agenda_item_add(meeting=future_meeting, by=officer, title="With report")
    services.report_save(item=item, loaded_version=0, by=officer, purpose="First", recommendations="R")
    with pytest.raises(StaleEdit):
        services.report_save(item=item, loaded_version=0, by=officer, purpose="Second", recommendations="R")


def test_a_form_page_carries_one_csrf_token(officer_client, future_meeting):
    response = officer_client.get(f"/manage/meetings/{future_meeting.pk}/items/new/")
    form = html(response).select_one("main form[method=post]")
    assert len(form.select("input[name=csrfmiddlewaretoken]")) == 1
