from django.urls import path

from . import views

app_name = "members"

urlpatterns = [
    path("manage/<slug:slug>/register/", views.register_home, name="register"),
    path("manage/<slug:slug>/register/import/", views.register_import, name="register_import"),
    path("manage/<slug:slug>/register/import/<int:pk>/", views.register_import_preview, name="register_import_preview"),
    path("manage/<slug:slug>/register/import/template/", views.register_template, name="register_template"),
    path("manage/<slug:slug>/register/export/", views.register_export, name="register_export"),
    path("manage/<slug:slug>/register/organisations/new/", views.organisation_edit, name="organisation_new"),
    path("manage/<slug:slug>/register/organisations/<int:pk>/", views.organisation_edit, name="organisation"),
    path("manage/<slug:slug>/register/organisations/<int:pk>/deputies/new/", views.deputy_add, name="deputy_add"),
    path("manage/<slug:slug>/register/people/new/", views.person_edit, name="person_new"),
    path("manage/<slug:slug>/register/people/<int:pk>/", views.person_detail, name="person"),
    path("manage/<slug:slug>/register/people/<int:pk>/edit/", views.person_edit, name="person_edit"),
    path("manage/<slug:slug>/register/people/<int:pk>/memberships/new/", views.membership_add, name="membership_add"),
    path("manage/<slug:slug>/register/memberships/<int:pk>/end/", views.membership_end, name="membership_end"),
    path(
        "manage/<slug:slug>/register/memberships/<int:pk>/correct/", views.membership_correct, name="membership_correct"
    ),
    path(
        "manage/<slug:slug>/register/memberships/<int:pk>/withdraw/",
        views.membership_withdraw,
        name="membership_withdraw",
    ),
    path("manage/<slug:slug>/register/people/<int:pk>/history/", views.person_history, name="person_history"),
    path("manage/<slug:slug>/register/people/<int:pk>/remind/", views.undertaking_remind, name="remind"),
    path("manage/<slug:slug>/undertaking/", views.undertaking_sign, name="undertaking"),
    path("manage/<slug:slug>/interests/", views.interests, name="interests"),
    path("manage/<slug:slug>/interests/new/", views.interest_edit, name="interest_new"),
    path("manage/<slug:slug>/interests/<int:pk>/", views.interest_edit, name="interest_edit"),
    path("manage/<slug:slug>/interests/confirm/", views.register_confirm, name="register_confirm"),
    path("partnerships/<slug:slug>/members/", views.public_membership, name="public_membership"),
    path("partnerships/<slug:slug>/<slug:body>/members/", views.public_body_membership, name="public_body_membership"),
]
