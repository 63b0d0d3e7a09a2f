"""The dashboard's address. The root URLs put it in the `manage` namespace beside the meetings'
staff pages, so its name stays `manage:dashboard`."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
]
