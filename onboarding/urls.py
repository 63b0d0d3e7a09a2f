from django.urls import path

from . import views

app_name = "onboarding"

urlpatterns = [
    path("setup/partnerships/", views.partnership_list, name="partnership_list"),
    path("setup/partnerships/new/", views.partnership_new, name="partnership_new"),
    path("invitations/<int:pk>/<str:token>/", views.accept, name="accept"),
    path("manage/<slug:slug>/settings/", views.settings_home, name="settings"),
    path("manage/<slug:slug>/settings/partnership/", views.partnership_edit, name="partnership_edit"),
    path("manage/<slug:slug>/settings/focus-areas/", views.focus_areas_edit, name="focus_areas"),
    path("manage/<slug:slug>/settings/bodies/new/", views.body_edit, name="body_new"),
    path("manage/<slug:slug>/settings/bodies/<int:pk>/", views.body_edit, name="body_edit"),
    path("manage/<slug:slug>/accounts/", views.people, name="people"),
    path("manage/<slug:slug>/accounts/invite/", views.invite, name="invite"),
    path("manage/<slug:slug>/accounts/<int:pk>/deactivate/", views.deactivate, name="deactivate"),
]
