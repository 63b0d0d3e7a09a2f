"""The partnership's minutes wording is a setting the system administrator edits in the admin."""

import pytest
from django.contrib.auth import get_user_model

from tests.conftest import html

pytestmark = pytest.mark.django_db


def test_the_admin_edits_the_minutes_wording_of_a_partnership(client, partnership):
    admin = get_user_model().objects.create_superuser("root", password="pw-root")
    client.force_login(admin)
    page = html(client.get(f"/admin/boards/partnership/{partnership.pk}/change/"))
    wording = {o["value"]: o.get_text(strip=True) for o in page.select("select[name=minutes_approval_wording] option")}
    style = {o["value"]: o.get_text(strip=True) for o in page.select("select[name=resolution_style] option")}
    assert wording == {"correct_record": "approved as a correct record", "true_record": "agreed as a true record"}
    assert style == {"resolved": "RESOLVED –", "agreed": "AGREED –"}
    assert partnership.approval_status == "Approved as a correct record"
    assert (partnership.record_phrase, partnership.resolution_heading) == ("a correct record", "RESOLVED –")
