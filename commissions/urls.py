from django.urls import path

from . import views

app_name = "commissions"

manage_patterns = [
    path("manage/<slug:slug>/commissions/", views.commission_list, name="list"),
    path("manage/<slug:slug>/commissions/propose/", views.commission_propose, name="propose"),
    path("manage/commissions/<int:pk>/", views.commission_detail, name="detail"),
    path("manage/commissions/<int:pk>/establish/", views.commission_establish, name="establish"),
    path("manage/commissions/<int:pk>/members/new/", views.member_add, name="member_add"),
    path("manage/commissions/<int:pk>/sessions/new/", views.session_add, name="session_add"),
    path("manage/commissions/<int:pk>/recommendations/new/", views.recommendation_add, name="recommendation_add"),
    path("manage/commissions/<int:pk>/extend/", views.commission_extend, name="extend"),
    path("manage/commissions/<int:pk>/report/", views.commission_report, name="report"),
    path("manage/commissions/<int:pk>/close/", views.commission_close, name="close"),
    path("manage/recommendations/<int:pk>/decision/", views.recommendation_decide, name="decide"),
    path("manage/recommendations/<int:pk>/progress/", views.recommendation_progress, name="progress"),
    path("manage/recommendations/<int:pk>/actions/new/", views.recommendation_action, name="action_add"),
]

public_patterns = [
    path("partnerships/<slug:slug>/commissions/", views.public_list, name="public_list"),
    path("partnerships/<slug:slug>/commissions/<slug:commission>/", views.public_detail, name="public_detail"),
]

urlpatterns = manage_patterns + public_patterns
