from django.urls import path

from . import views

app_name = "boards"

urlpatterns = [
    path("<slug:slug>/", views.partnership_detail, name="partnership"),
]
