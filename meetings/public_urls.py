"""The public's addresses under /partnerships/: the partnership's page, a member's page, the
calendar and feeds, each body's meetings, a meeting's page, reports and PDFs, in the `public` namespace."""

from django.contrib.auth.decorators import login_not_required
from django.urls import path

from meetings.views import feeds, historical
from meetings.views import public as public_views
from members import views as member_views

app_name = "public"

urlpatterns = [
    path("<slug:slug>/", public_views.partnership_detail, name="partnership"),
    path("<slug:slug>/members/<slug:person>/", public_views.public_member, name="public_member"),
    path("<slug:slug>/nolan-principles/", member_views.public_nolan, name="nolan"),
    path("<slug:slug>/meetings/", public_views.meeting_calendar, name="calendar"),
    path("<slug:slug>/meetings.ics", feeds.meetings_ics, name="calendar_ics"),
    path("<slug:slug>/minutes.atom", login_not_required(feeds.MinutesFeed()), name="minutes_feed"),
    path("<slug:slug>/<slug:body>/", public_views.body_meetings, name="body_meetings"),
    path("<slug:slug>/<slug:body>/<str:date>/", public_views.meeting_page, name="meeting"),
    path("<slug:slug>/<slug:body>/<str:date>/minutes.pdf", public_views.minutes_pdf, name="minutes_pdf"),
    path("<slug:slug>/<slug:body>/<str:date>/minutes-document/", historical.minutes_document, name="minutes_document"),
    path("<slug:slug>/<slug:body>/<str:date>/agenda.pdf", public_views.agenda_pack, name="agenda_pack"),
    path("<slug:slug>/<slug:body>/<str:date>/items/<slug:number>/", public_views.public_report, name="report"),
]
