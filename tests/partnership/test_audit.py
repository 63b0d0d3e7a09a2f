"""Every change to a governance record is attributable: who, when, and why."""

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.urls import reverse

from boards.models import Partnership
from core.audit import ensure, save_audited
from tests.conftest import html, text_of

pytestmark = pytest.mark.django_db


def test_history_records_the_acting_user_and_reason(partnership, officer):
    before = partnership.history.count()
    partnership.area = "Testshire and district"
    save_audited(partnership, by=officer, reason="Area renamed after boundary review")
    latest = partnership.history.latest()
    assert latest.history_user == officer
    assert latest.history_change_reason == "Area renamed after boundary review"
    assert latest.area == "Testshire and district"
    assert partnership.history.count() == before + 1


def test_ensure_writes_no_history_when_nothing_changed(partnership, officer):
    before = partnership.history.count()
    ensure(Partnership, {"slug": "testshire"}, {"area": "Testshire"}, by=officer, reason="again")
    assert partnership.history.count() == before
    ensure(Partnership, {"slug": "testshire"}, {"area": "Elsewhere"}, by=officer, reason="moved")
    assert partnership.history.count() == before + 1


def test_admin_shows_history_of_a_record_edited_in_the_admin_naming_the_user(client, partnership):
    admin_user = get_user_model().objects.create_superuser("sysadmin", password="pw", first_name="Sys")
    client.force_login(admin_user)
    change_url = reverse("admin:boards_partnership_change", args=[partnership.pk])
    response = client.post(
        change_url,
        {
            "name": partnership.name,
            "slug": partnership.slug,
            "area": "Edited in the admin",
            "vision": partnership.vision,
            "vision_statement": "",
            "participation_statement": "",
            "administering_authority": "",
            "minutes_approval_wording": partnership.minutes_approval_wording,
            "resolution_style": partnership.resolution_style,
            "item_numbering": partnership.item_numbering,
        },
    )
    assert response.status_code == 302, response.content[:2000]
    latest = partnership.history.latest()
    assert latest.history_user == admin_user
    assert latest.area == "Edited in the admin"

    history_page = client.get(reverse("admin:boards_partnership_history", args=[partnership.pk]))
    assert history_page.status_code == 200
    page_text = text_of(html(history_page))
    assert "sysadmin" in page_text
    assert "Changed" in page_text or "Changed:" in page_text


def test_every_governance_model_has_history_and_an_admin_with_it():
    from django.contrib import admin
    from simple_history.admin import SimpleHistoryAdmin
    from simple_history.models import registered_models

    ours = [
        m
        for m in apps.get_models()
        if m._meta.app_label in {"boards", "members", "meetings", "commissions"}
        and not m.__name__.startswith("Historical")
        # Working copies between a preview and its confirmation, owned by one officer, expiring:
        # not records; what they write carries its own history ("Imported from …").
        and m.__name__ not in {"RegisterImport", "PastedMinutes"}
    ]
    missing_history = [m.__name__ for m in ours if m not in registered_models.values()]
    assert not missing_history, missing_history
    missing_admin = [m.__name__ for m in ours if not isinstance(admin.site._registry.get(m), SimpleHistoryAdmin)]
    assert not missing_admin, missing_admin
