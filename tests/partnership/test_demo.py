"""The demo command builds the partnerships of the seeds, and a second run changes nothing."""

import datetime as dt

import pytest
from django.apps import apps
from django.core.management import call_command

from boards.models import Body, Partnership
from commissions.models import Commission
from core.dates import format_date
from meetings.models import AgendaItem, Attendance, Meeting

pytestmark = pytest.mark.django_db


def history_counts() -> dict[str, int]:
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model.__name__.startswith("Historical")
    }


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("load_demo", "--quiet-sign-ins")


def test_demo_builds_milton_keynes_from_the_seeds(demo):
    mk = Partnership.objects.get(slug="milton-keynes")
    assert mk.name == "Milton Keynes Children and Families Partnership"
    assert mk.vision_lines == ["Better services", "Better connected", "Better outcomes"]
    assert [a.name for a in mk.focus_areas.all()] == [
        "Health and child poverty",
        "Early years",
        "Family and parenting",
        "Learning and school achievement",
        "Continuing education",
        "Employment",
        "Public safety",
    ]
    assert [p.aims.count() for p in mk.principles.all()] == [4, 4, 4]
    duty = set(mk.organisations.filter(duty_to_cooperate=True).values_list("sector", flat=True))
    assert duty == {"local_authority", "health", "police", "probation"}
    board = mk.bodies.get(kind=Body.Kind.BOARD)
    current = board.memberships.current(dt.date(2026, 12, 1))
    assert current.get(role="chair").person.full_name == "Gail Tolley"
    assert current.get(role="vice_chair").person.full_name == "Councillor Sandra Clark"


def test_demo_past_meeting_follows_seed_001_item_by_item(demo):
    meeting = Meeting.objects.get(body__partnership__slug="milton-keynes", status=Meeting.Status.MINUTES_PUBLISHED)
    assert meeting.closed_at == dt.time(11, 42)
    assert meeting.publications.get().number == 0  # its agenda was published, on time
    assert meeting.chaired_by.full_name == "Councillor Sandra Clark"
    titles = [item.title for item in meeting.items.all()]
    assert len(titles) == 10
    assert titles[0] == "Minutes" and titles[-1] == "Dates of Future Meetings"
    marked = meeting.items.filter(kind=AgendaItem.Kind.PREVIOUS_MINUTES)
    assert list(marked.values_list("position", flat=True)) == [1]  # the minutes of the meeting before
    assert meeting.resolutions.count() == 10
    assert meeting.resolutions.get(number=4).text == "That the final version of the Local Area Agreement be noted."
    present = meeting.attendances.filter(status=Attendance.Status.PRESENT).count()
    in_attendance = meeting.attendances.filter(status=Attendance.Status.IN_ATTENDANCE).count()
    apologies = set(
        meeting.attendances.filter(status=Attendance.Status.APOLOGIES).values_list("person__family_name", flat=True)
    )
    assert (present, in_attendance) == (12, 2)  # seed 001's 14 present, two of them officers
    assert apologies == {"Kennedy", "Viccars"}
    future = Meeting.objects.filter(body=meeting.body, starts_at__gt=meeting.starts_at)
    assert future.count() == 6
    dates_text = meeting.resolutions.get(number=10).text
    for upcoming in future[:4]:
        assert format_date(upcoming.starts_at) in dates_text
    # A year of bimonthly meetings on the second Friday, 9:30am (London time, GMT or BST).
    assert [format_date(m.starts_at) for m in future][:2] == ["Friday 11 December 2026", "Friday 12 February 2027"]


def test_demo_has_the_two_foreseen_commissions_and_a_second_partnership(demo, client):
    from tests.conftest import html, text_of

    names = set(Commission.objects.public().values_list("body__name", flat=True))
    assert names == {"Child Poverty Commission", "Early Intervention Commission"}
    page = html(client.get("/partnerships/milton-keynes/commissions/child-poverty-commission/"))
    members = text_of(page.select_one("[data-testid=commission-members]"))
    assert "Dr Priya Shah — Co-opted member" in members and "Michael Bracey — Specialist advisor" in members
    assert "Youth Cabinet" in text_of(page.select_one("[data-testid=participation]"))
    assert Partnership.objects.filter(slug="derby").exists()


def test_demo_command_is_idempotent_history_included(demo):
    before = history_counts()
    call_command("load_demo", "--quiet-sign-ins")
    assert history_counts() == before


def test_demo_command_refuses_to_run_with_debug_off(settings):
    from django.core.management.base import CommandError

    settings.DEBUG = False
    with pytest.raises(CommandError, match="development only"):
        call_command("load_demo")
    assert not Partnership.objects.exists()


def test_demo_seed_meeting_minutes_are_published_and_read_like_seed_001(demo, client):
    import io

    import pikepdf
    from pypdf import PdfReader

    from tests.conftest import html, text_of

    url = "/partnerships/milton-keynes/board/2026-10-19/"
    page = html(client.get(url))
    present = text_of(page.select_one("[data-testid=present]"))
    assert present.startswith(
        "Councillor Sandra Clark — Cabinet Member for Children and Young People — Milton Keynes Council (Chair)"
    )
    assert "John Liversidge — Chief Superintendent — Thames Valley Police" in present
    assert "Simon Viccars — Headteacher — Leon Secondary School and Sports College" in text_of(
        page.select_one("[data-testid=apologies]")
    )
    items = [text_of(section.h2) for section in page.select("[data-testid=minutes-item]")]
    assert items[0] == "1. Minutes" and items[9] == "10. Dates of Future Meetings"  # titles as typed
    assert "The chair closed the meeting at 11:42am." in text_of(page.select_one("[data-testid=closed]"))
    assert "Friday 11 December 2026" in text_of(page.select_one("[data-testid=future-meetings]"))
    pdf = client.get(url + "minutes.pdf").content
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "That the final version of the Local Area Agreement be noted." in text
    assert "RESOLVED" in text and "11:42am" in text
    assert "/StructTreeRoot" in pikepdf.open(io.BytesIO(pdf)).Root
