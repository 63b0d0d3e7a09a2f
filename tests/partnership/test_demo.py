"""The demo command builds the partnerships of the seeds, dated from the day it is built: whatever
that day, the board met about two months ago (minutes approved) and about two weeks ago (draft
minutes published), meets next within about three weeks with its agenda published, and every two
months for a year; its commission the same. A second run changes nothing; --reset rebuilds for today.

The day is given to the builder (`build_demo(today=...)`, `load_demo --today`), never mocked."""

import datetime as dt
import io
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from pypdf import PdfReader

from boards.models import Body, Partnership
from commissions.models import Commission
from core.dates import format_date
from demo.data import build_demo, demo_calendar
from demo.models import DemoBuild
from meetings.models import AgendaItem, Attendance, Meeting, ReportFile
from meetings.services.calendar import agenda_deadline, is_working_day
from tests.conftest import html, text_of

pytestmark = pytest.mark.django_db

# A spring day and a summer day two years on (every day of a year is checked on the calendar alone).
DAYS = [dt.date(2027, 3, 15), dt.date(2028, 7, 1)]


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


def meetings_of(slug: str) -> list[Meeting]:
    return list(Meeting.objects.filter(body__partnership__slug="milton-keynes", body__slug=slug).order_by("starts_at"))


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
    current = board.memberships.current(timezone.localdate())
    assert current.get(role="chair").person.full_name == "Gail Tolley"
    assert current.get(role="vice_chair").person.full_name == "Councillor Sandra Clark"
    assert DemoBuild.objects.get().built_on == timezone.localdate()
    # Built through the services: the records' history names the officer who did it and why.
    publication = Meeting.objects.filter(body=board).exclude(agenda_published_at=None).first().publications.first()
    row = publication.history.get()
    assert row.history_user.username == "officer" and row.history_change_reason == "Agenda published"


@pytest.mark.parametrize("today", DAYS, ids=[d.isoformat() for d in DAYS])
def test_whatever_the_day_the_demo_shows_a_past_a_recent_and_a_published_upcoming_meeting(settings, client, today):
    settings.DEBUG = True
    build_demo(today)
    for slug in ("board", "child-poverty-commission"):
        meetings = meetings_of(slug)
        approved, recent, upcoming, *later = meetings
        # About two months ago, minutes approved at the meeting about two weeks ago.
        assert 50 <= (today - approved.date).days <= 70, (slug, approved.date)
        assert approved.status == Meeting.Status.MINUTES_APPROVED
        assert approved.minutes_approved_at_meeting == recent
        assert approved.minutes_approved_at == recent.starts_at + dt.timedelta(minutes=5)
        # About two weeks ago, its draft minutes published before today.
        assert 10 <= (today - recent.date).days <= 21, (slug, recent.date)
        assert recent.status == Meeting.Status.MINUTES_PUBLISHED
        assert timezone.localtime(recent.minutes_published_at).date() < today
        # Within about three weeks, its agenda published in time (and in the past).
        assert 7 <= (upcoming.date - today).days <= 21, (slug, upcoming.date)
        assert upcoming.status == Meeting.Status.AGENDA_PUBLISHED and not upcoming.late_publication_reason
        published = timezone.localtime(upcoming.agenda_published_at).date()
        assert published <= agenda_deadline(upcoming.date) and published < today
        # Then every two months, a year ahead, on working days.
        assert all(m.status == Meeting.Status.SCHEDULED for m in later)
        assert len(later) >= 4 and (later[-1].date - today).days <= 366
        assert all(55 <= (b.date - a.date).days <= 66 for a, b in zip([upcoming, *later], later, strict=False))
        assert all(is_working_day(m.date) for m in meetings)

    board_upcoming = meetings_of("board")[2]
    standard = list(board_upcoming.items.order_by("position").values_list("title", "kind")[:3])
    assert standard == [
        ("Apologies for absence", AgendaItem.Kind.BUSINESS),
        ("Declarations of interest", AgendaItem.Kind.BUSINESS),
        ("Minutes of the previous meeting", AgendaItem.Kind.PREVIOUS_MINUTES),
    ]
    assert [p.number for p in board_upcoming.publications.order_by("number")] == [0, 1]

    # What the public reads of it: the exempt item as its neutral line, the report, the paper, the supplement.
    page = html(client.get(board_upcoming.get_absolute_url()))
    agenda = text_of(page.select_one("[data-testid=public-agenda]"))
    # An exempt item's title is public (the officer did not mark the title itself exempt); its
    # reason, report and papers are not.
    assert "8. Short breaks service: contract award" in agenda
    assert "Exempt information: information relating to the financial or business affairs" in agenda
    assert "prices they tendered" not in text_of(page)
    assert f"5. Children and Young People's Plan {demo_calendar(today).plan_years}" in agenda
    assert "Supplement 1" in text_of(page) and "added to item 5" in text_of(page)
    report = client.get(page.find("a", string=lambda s: s and s.startswith("Children and Young People's Plan"))["href"])
    assert "Councillor Sandra Clark" in text_of(html(report))
    paper = ReportFile.objects.get(item__meeting=board_upcoming)
    download = client.get(f"/papers/{paper.pk}/")
    pdf = b"".join(download.streaming_content)
    assert pdf.startswith(b"%PDF-") and "Public safety" in PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    pack = client.get(board_upcoming.get_absolute_url() + "agenda.pdf")
    pack_text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pack.content)).pages)
    assert "Short breaks service: contract award" in pack_text and "prices they tendered" not in pack_text

    recent = html(client.get(meetings_of("board")[1].get_absolute_url()))
    assert text_of(recent.select_one("[data-testid=minutes-status]")) == "Draft — subject to approval"
    minutes = text_of(recent.select_one("[data-testid=minutes]"))
    approved = meetings_of("board")[0]
    assert f"That the minutes of the meeting held on {format_date(approved.starts_at)} be approved" in minutes
    assert "Ian Revell declared" in minutes or "Ian Revell" in minutes
    # The year's ordinary events show: a named deputy substituting, the chair marked, who took the
    # minutes, and how the decisions were reached.
    assert "Rachel Ward (substitute for John Liversidge, Thames Valley Police)" in minutes
    assert "Gail Tolley — Corporate Director, Children and Families — Milton Keynes Council (Chair)" in minutes
    assert "Minutes taken by Peter Taylor." in minutes
    assert "Carried unanimously." in minutes and "Agreed by consensus." in minutes
    past = html(client.get(approved.get_absolute_url()))
    assert "Approved as a correct record" in text_of(past.select_one("[data-testid=minutes-status]"))


def test_the_calendar_publishes_agendas_in_time_on_every_day_of_a_year():
    """Every day of a year, bank holidays included: no agenda would be published late or in the
    future, and the next meeting is never more than about three weeks away."""
    day = dt.date(2027, 1, 1)
    while day.year == 2027:
        calendar = demo_calendar(day)
        for series in (calendar.board, calendar.commission):
            first = series.upcoming[0]
            assert series.agenda_on <= agenda_deadline(first), day
            assert series.agenda_on < series.supplement_on < day, day
            assert 5 <= (first - day).days <= 21, day
            assert (day - series.recent).days >= 10 and series.approved < series.recent, day
        day += dt.timedelta(days=1)


def test_demo_past_meeting_follows_seed_001_item_by_item(demo):
    meeting = meetings_of("board")[0]
    assert meeting.closed_at == dt.time(11, 42)
    assert meeting.publications.get().number == 0  # its agenda was published, on time
    assert not meeting.late_publication_reason
    assert meeting.chaired_by.full_name == "Councillor Sandra Clark"
    titles = [item.title for item in meeting.items.all()]
    assert titles[:4] == [
        "Apologies for absence",
        "Declarations of interest",
        "Minutes of the previous meeting",
        "Matters arising",
    ]
    assert titles[4] == "Children's Trust" and titles[-1] == "Dates of Future Meetings" and len(titles) == 13
    assert meeting.resolutions.count() == 10
    assert meeting.resolutions.get(number=4).text == "That the final version of the Local Area Agreement be noted."
    present = meeting.attendances.filter(status=Attendance.Status.PRESENT).count()
    in_attendance = meeting.attendances.filter(status=Attendance.Status.IN_ATTENDANCE).count()
    apologies = set(
        meeting.attendances.filter(status=Attendance.Status.APOLOGIES).values_list("person__family_name", flat=True)
    )
    assert (present, in_attendance) == (12, 2)  # seed 001's 14 present, two of them officers
    assert apologies == {"Kennedy", "Viccars"}
    dates_text = meeting.resolutions.get(number=10).text
    for later in meetings_of("board")[1:5]:
        assert format_date(later.starts_at) in dates_text


def test_demo_has_the_two_foreseen_commissions_and_a_second_partnership(demo, client):
    names = set(Commission.objects.public().values_list("body__name", flat=True))
    assert names == {"Child Poverty Commission", "Early Intervention Commission"}
    page = html(client.get("/partnerships/milton-keynes/commissions/child-poverty-commission/"))
    members = text_of(page.select_one("[data-testid=commission-members]"))
    assert "Dr Priya Shah — Co-opted member" in members and "Michael Bracey — Specialist advisor" in members
    assert "Youth Cabinet" in text_of(page.select_one("[data-testid=participation]"))
    derby = Partnership.objects.get(slug="derby")
    brought_over, draft = Meeting.objects.filter(body__partnership=derby).order_by("starts_at")
    assert draft.status == Meeting.Status.SCHEDULED and draft.items.exists()  # a draft agenda, not public
    assert draft.date > timezone.localdate()
    # Minutes approved before Derby used the site, brought over: public, marked as added on the day.
    assert brought_over.status == Meeting.Status.MINUTES_APPROVED and brought_over.date < timezone.localdate()
    page = text_of(html(client.get(brought_over.get_absolute_url())))
    assert "Approved minutes" in page and "Added to this site on" in page and "Draft" not in page


def test_demo_command_is_idempotent_history_included_even_on_a_later_day(settings):
    settings.DEBUG = True
    built_for = dt.date(2027, 3, 15)
    build_demo(built_for)
    before = history_counts()
    call_command("load_demo", "--quiet-sign-ins")  # today is not 2027-03-15: the demo keeps its day
    call_command("load_demo", "--quiet-sign-ins", today=built_for)
    assert history_counts() == before
    assert DemoBuild.objects.get().built_on == built_for
    with pytest.raises(CommandError, match="load_demo --reset"):
        call_command("load_demo", "--quiet-sign-ins", today=dt.date(2027, 4, 1))
    assert history_counts() == before


def test_reset_deletes_the_demo_and_its_history_and_rebuilds_it_for_today(settings, django_capture_on_commit_callbacks):
    settings.DEBUG = True
    build_demo(dt.date(2028, 7, 1))
    old_paper = Path(ReportFile.objects.get().file.path)
    old_meetings = set(Meeting.objects.values_list("pk", flat=True))
    assert old_paper.exists()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", "--quiet-sign-ins", "--reset")
    today = timezone.localdate()
    assert DemoBuild.objects.get().built_on == today
    assert not old_paper.exists()
    assert not Meeting.objects.filter(pk__in=old_meetings).exists()
    upcoming = meetings_of("board")[2]
    assert 7 <= (upcoming.date - today).days <= 21 and upcoming.status == Meeting.Status.AGENDA_PUBLISHED
    # No history row is left of a record that no longer exists.
    for model in apps.get_models():
        if not model.__name__.startswith("Historical"):
            continue
        if hasattr(model, "history_type"):
            original = model.instance_type
            orphans = model.objects.exclude(**{f"{original._meta.pk.attname}__in": original.objects.values("pk")})
        else:  # the history of a many-to-many field, row by row of its record's history
            orphans = model.objects.exclude(history__in=model._meta.get_field("history").related_model.objects.all())
        assert not orphans.exists(), model.__name__
    # The users survive, and sign in as before.
    assert get_user_model().objects.get(username="officer").check_password("partnership-demo")


def test_demo_refuses_to_build_over_a_demo_it_did_not_record(settings):
    """A database holding the demo partnerships without the day they were built for (an earlier
    demo) is not built over: the command says to reset."""
    settings.DEBUG = True
    build_demo(dt.date(2027, 3, 15))
    DemoBuild.objects.all().delete()
    with pytest.raises(CommandError, match="--reset"):
        call_command("load_demo", "--quiet-sign-ins")


def test_demo_command_refuses_to_run_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="development only"):
        call_command("load_demo")
    assert not Partnership.objects.exists()


def test_demo_seed_meeting_minutes_are_published_and_read_like_seed_001(demo, client):
    import pikepdf

    url = meetings_of("board")[0].get_absolute_url()
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
    assert items[0] == "1. Apologies for absence" and items[-1] == "13. Dates of Future Meetings"  # as typed
    assert "The chair closed the meeting at 11:42am." in text_of(page.select_one("[data-testid=closed]"))
    recent = meetings_of("board")[1]
    assert format_date(recent.starts_at) in text_of(page.select_one("[data-testid=future-meetings]"))
    pdf = client.get(url + "minutes.pdf").content
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "That the final version of the Local Area Agreement be noted." in text
    assert "RESOLVED" in text and "11:42am" in text
    assert "/StructTreeRoot" in pikepdf.open(io.BytesIO(pdf)).Root
