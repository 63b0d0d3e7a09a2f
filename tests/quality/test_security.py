"""Security settings, each tested: CSP without inline script, headers, production cookies and
HSTS, and sign-in locked after ten failures per user and address."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from axes.models import AccessAttempt

from tests.conftest import html, make_user, text_of

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def test_public_pages_carry_the_security_headers(client, partnership):
    response = client.get("/partnerships/testshire/")
    csp = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in csp.split(";") if part.strip())
    assert directives["script-src"] == "'self'"  # no inline script, not even with a nonce
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    scripts = html(response).select("script")
    assert scripts and all(s.get("src", "").startswith("/static/") for s in scripts)


def test_production_sets_hsts_secure_cookies_and_https():
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(DJANGO_DEBUG="0", DJANGO_SECRET_KEY="s" * 60, DJANGO_ALLOWED_HOSTS="partnership.example.org")
    code = (
        "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'partnership.settings'); django.setup();"
        "from django.conf import settings as s;"
        "print(s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE,"
        " s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_HTTPONLY)"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.stdout.split() == ["31536000", "True", "True", "True", "True", "True"], result.stderr


def attempt(client, username, password, address):
    return client.post("/sign-in/", {"username": username, "password": password}, REMOTE_ADDR=address)


def test_sign_in_locks_after_ten_failures_per_user_and_address_only(client, officer, caplog):
    other = make_user("colleague", "Col", "League")
    for _ in range(9):
        response = attempt(client, "officer", "wrong", "203.0.113.5")
        assert response.status_code == 200 and "There is a problem" in text_of(html(response))
    assert attempt(client, "officer", "wrong", "203.0.113.5").status_code == 429  # the tenth failure locks
    locked = attempt(client, "officer", "pw-officer", "203.0.113.5")  # even the right password now
    assert locked.status_code == 429
    assert "Sign-in locked" in text_of(html(locked))
    assert AccessAttempt.objects.get(username="officer").failures_since_start >= 10
    assert any("locking out" in record.getMessage().lower() for record in caplog.records)  # the event logged
    # Other users from the same address, and the same user elsewhere, are unaffected.
    assert attempt(client, other.username, "pw-colleague", "203.0.113.5").status_code == 302
    client.logout()
    assert attempt(client, "officer", "pw-officer", "198.51.100.7").status_code == 302


def test_lockout_gives_no_hint_whether_a_username_exists(client, officer):
    for username in ("officer", "nobody-by-this-name"):
        for _ in range(10):
            attempt(client, username, "wrong", "203.0.113.9")
    real = attempt(client, "officer", "wrong", "203.0.113.9")
    invented = attempt(client, "nobody-by-this-name", "wrong", "203.0.113.9")
    assert real.status_code == invented.status_code == 429
    assert text_of(html(real).select_one("main")) == text_of(html(invented).select_one("main"))
