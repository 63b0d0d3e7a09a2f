"""Staff pages, all under /manage/."""

from django.urls import path

from . import minutes_views, views

app_name = "manage"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("<slug:slug>/meetings/", views.meeting_list, name="meetings"),
    path("<slug:slug>/meetings/schedule/", views.schedule_series, name="schedule"),
    path("<slug:slug>/meetings/schedule/preview/", views.schedule_preview, name="schedule_preview"),
    path("<slug:slug>/meetings/new/", views.meeting_new, name="meeting_new"),
    path("<slug:slug>/planning-group/", views.planning_group, name="planning_group"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting"),
    path("meetings/<int:pk>/edit/", views.meeting_edit, name="meeting_edit"),
    path("meetings/<int:pk>/cancel/", views.meeting_cancel, name="meeting_cancel"),
    path("meetings/<int:pk>/agenda/start/", views.agenda_start, name="agenda_start"),
    path("meetings/<int:pk>/items/new/", views.item_new, name="item_new"),
    path("meetings/<int:pk>/publish/", views.agenda_publish, name="publish"),
    path("meetings/<int:pk>/history/", views.meeting_history, name="history"),
    path("meetings/<int:pk>/propose/", views.proposal_new, name="proposal_new"),
    path("items/<int:pk>/edit/", views.item_edit, name="item_edit"),
    path("items/<int:pk>/move/", views.item_move, name="item_move"),
    path("items/<int:pk>/remove/", views.item_remove, name="item_remove"),
    path("items/<int:pk>/report/", views.report_edit, name="report_edit"),
    path("items/<int:pk>/papers/new/", views.paper_new, name="paper_new"),
    path("papers/<int:pk>/remove/", views.paper_remove, name="paper_remove"),
    path("proposals/<int:pk>/", views.proposal_decide, name="proposal_decide"),
    # Attendance and minutes
    path("<slug:slug>/actions/", minutes_views.action_list, name="actions"),
    path("actions/<int:pk>/done/", minutes_views.action_done, name="action_done"),
    path("meetings/<int:pk>/minutes/", minutes_views.minutes_page, name="minutes"),
    path("meetings/<int:pk>/held/", minutes_views.meeting_hold, name="meeting_hold"),
    path("meetings/<int:pk>/attendance/", minutes_views.attendance, name="attendance"),
    path("meetings/<int:pk>/attendance/other/", minutes_views.attendance_other, name="attendance_other"),
    path("meetings/<int:pk>/closing-time/", minutes_views.close_time, name="close_time"),
    path("meetings/<int:pk>/minutes/publish/", minutes_views.minutes_publish, name="minutes_publish"),
    path("meetings/<int:pk>/minutes/approve/", minutes_views.minutes_approve, name="minutes_approve"),
    path("meetings/<int:pk>/minutes/correct/", minutes_views.minutes_correct, name="minutes_correct"),
    path("items/<int:pk>/minutes/", minutes_views.item_minutes, name="item_minutes"),
    path("items/<int:pk>/resolutions/new/", minutes_views.resolution_new, name="resolution_new"),
    path("resolutions/<int:pk>/remove/", minutes_views.resolution_remove, name="resolution_remove"),
    path("items/<int:pk>/actions/new/", minutes_views.action_new, name="action_new"),
    path("items/<int:pk>/declarations/new/", minutes_views.declaration_new, name="declaration_new"),
]
