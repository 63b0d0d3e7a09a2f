"""The W3C Nu HTML checker finds no errors on the public pages (demo data)."""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command

from meetings.models import Meeting

pytestmark = pytest.mark.django_db
VNU = Path(__file__).resolve().parents[2] / "frontend" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

PUBLIC_PAGES = [
    "/",
    "/partnerships/milton-keynes/",
    "/partnerships/milton-keynes/meetings/",
    "/partnerships/milton-keynes/board/",
    "{approved board meeting}",  # the demo's dates are worked out from the day it is built
    "{upcoming board meeting}",
    "/partnerships/milton-keynes/commissions/",
    "/partnerships/milton-keynes/commissions/child-poverty-commission/",
    "/partnerships/milton-keynes/members/",
    "/partnerships/milton-keynes/board/members/",
    "/partnerships/milton-keynes/members/john-liversidge/",
    "/partnerships/milton-keynes/nolan-principles/",
    "/sign-in/",
    "/accessibility/",
    "/no-such-page/",
]


def test_public_pages_are_valid_html(client, settings, tmp_path):
    java = shutil.which("java")
    if not (java and VNU.exists()):
        if os.environ.get("CI"):
            pytest.fail("The Nu HTML checker needs java and vnu-jar (cd frontend && npm ci)")
        pytest.skip("java or vnu-jar missing (cd frontend && npm ci)")
    settings.DEBUG = True
    call_command("load_demo", "--quiet-sign-ins")
    board = Meeting.objects.filter(body__partnership__slug="milton-keynes", body__slug="board")
    demo_meetings = {
        "{approved board meeting}": board.get(status=Meeting.Status.MINUTES_APPROVED).get_absolute_url(),
        "{upcoming board meeting}": board.get(status=Meeting.Status.AGENDA_PUBLISHED).get_absolute_url(),
    }
    files = []
    for n, url in enumerate(demo_meetings.get(url, url) for url in PUBLIC_PAGES):
        response = client.get(url)
        assert response.status_code in (200, 404), url
        path = tmp_path / f"page{n}.html"
        path.write_bytes(response.content)
        files.append(str(path))
    result = subprocess.run(
        [java, "-jar", str(VNU), "--errors-only", "--format", "json", *files], capture_output=True, text=True
    )
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    errors = [
        f"{PUBLIC_PAGES[int(Path(m['url']).stem[4:])]}: {m['message']} ({m.get('extract', '')[:60]!r})"
        for m in messages
        if m.get("type") == "error"
    ]
    assert not errors, "\n".join(errors)
