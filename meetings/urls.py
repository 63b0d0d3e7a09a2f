"""Staff pages, all under /manage/ (the dashboard, at /manage/ itself, is the dashboard app's:
the root URLs add it to this namespace). `member_urlpatterns` join the `members` namespace."""

from django.urls import path

from .views import (
    actions,
    agenda,
    attendance,
    composition,
    historical,
    minutes,
    papers,
    proposals,
    publication,
    schedule,
)
from .views import paste_minutes as paste

app_name = "manage"

urlpatterns = [
    path("<slug:slug>/meetings/", schedule.meeting_list, name="meetings"),
    path("<slug:slug>/meetings/schedule/", schedule.schedule_series, name="schedule"),
    path("<slug:slug>/meetings/schedule/preview/", schedule.schedule_preview, name="schedule_preview"),
    path("<slug:slug>/meetings/new/", schedule.meeting_new, name="meeting_new"),
    path("<slug:slug>/planning-group/", proposals.planning_group, name="planning_group"),
    path("meetings/<int:pk>/", schedule.meeting_detail, name="meeting"),
    path("meetings/<int:pk>/edit/", schedule.meeting_edit, name="meeting_edit"),
    path("meetings/<int:pk>/cancel/", schedule.meeting_cancel, name="meeting_cancel"),
    path("meetings/<int:pk>/postpone/", schedule.meeting_postpone, name="meeting_postpone"),
    path("<slug:slug>/meetings/record-past/", schedule.meeting_record_past, name="meeting_record_past"),
    path("<slug:slug>/meetings/paste-minutes/", paste.paste_minutes, name="paste_minutes"),
    path(
        "<slug:slug>/meetings/paste-minutes/<int:pk>/",
        paste.paste_minutes_preview,
        name="paste_minutes_preview",
    ),
    path("<slug:slug>/meetings/past-minutes/", historical.historical_new, name="historical_new"),
    path("<slug:slug>/meetings/past-minutes/zip/", historical.historical_bulk, name="historical_bulk"),
    path("<slug:slug>/meetings/past-minutes/zip/<int:pk>/", historical.historical_preview, name="historical_preview"),
    path(
        "meetings/<int:pk>/minutes/record-approved/", historical.minutes_record_approved, name="minutes_record_approved"
    ),
    path("meetings/<int:pk>/agenda/start/", agenda.agenda_start, name="agenda_start"),
    path("meetings/<int:pk>/items/new/", agenda.item_new, name="item_new"),
    path("meetings/<int:pk>/publish/", publication.agenda_publish, name="publish"),
    path("meetings/<int:pk>/history/", schedule.meeting_history, name="history"),
    path("meetings/<int:pk>/propose/", proposals.proposal_new, name="proposal_new"),
    path("items/<int:pk>/edit/", agenda.item_edit, name="item_edit"),
    path("items/<int:pk>/move/", agenda.item_move, name="item_move"),
    path("items/<int:pk>/remove/", agenda.item_remove, name="item_remove"),
    path("items/<int:pk>/report/", agenda.report_edit, name="report_edit"),
    path("items/<int:pk>/papers/new/", papers.paper_new, name="paper_new"),
    path("papers/<int:pk>/remove/", papers.paper_remove, name="paper_remove"),
    path("proposals/<int:pk>/", proposals.proposal_decide, name="proposal_decide"),
    # Attendance and minutes
    path("<slug:slug>/actions/", actions.action_list, name="actions"),
    path("actions/<int:pk>/done/", actions.action_done, name="action_done"),
    path("actions/<int:pk>/correct/", actions.action_correct, name="action_correct"),
    path("actions/<int:pk>/withdraw/", actions.action_withdraw, name="action_withdraw"),
    path("actions/<int:pk>/history/", actions.action_history, name="action_history"),
    path("meetings/<int:pk>/minutes/", minutes.minutes_page, name="minutes"),
    path("meetings/<int:pk>/held/", attendance.meeting_hold, name="meeting_hold"),
    path("meetings/<int:pk>/attendance/", attendance.attendance, name="attendance"),
    path("meetings/<int:pk>/attendance/other/", attendance.attendance_other, name="attendance_other"),
    path("attendance/<int:pk>/up/", attendance.attendance_move, {"direction": "up"}, name="attendance_up"),
    path("attendance/<int:pk>/down/", attendance.attendance_move, {"direction": "down"}, name="attendance_down"),
    path("meetings/<int:pk>/closing-time/", minutes.close_time, name="close_time"),
    path("meetings/<int:pk>/minutes/publish/", minutes.minutes_publish, name="minutes_publish"),
    path("meetings/<int:pk>/minutes/approve/", minutes.minutes_approve, name="minutes_approve"),
    path("meetings/<int:pk>/minutes/correct/", minutes.minutes_correct, name="minutes_correct"),
    path("items/<int:pk>/minutes/", minutes.item_minutes, name="item_minutes"),
    path("items/<int:pk>/resolutions/new/", minutes.resolution_new, name="resolution_new"),
    path("resolutions/<int:pk>/remove/", minutes.resolution_remove, name="resolution_remove"),
    path("resolutions/<int:pk>/edit/", minutes.resolution_edit, name="resolution_edit"),
    path("resolutions/<int:pk>/withdraw/", minutes.resolution_withdraw, name="resolution_withdraw"),
    path("items/<int:pk>/actions/new/", actions.action_new, name="action_new"),
    path("items/<int:pk>/declarations/new/", attendance.declaration_new, name="declaration_new"),
]

# Pages of the register that read the meetings: in the `members` namespace (see partnership/urls.py).
member_urlpatterns = [
    path("manage/<slug:slug>/composition/", composition.composition, name="composition"),
]
