"""The settings module fails loudly on unsafe production values."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env={**clean, **env}, capture_output=True, text=True
    )


def test_production_refuses_to_start_without_a_real_secret_key():
    result = run_manage("check", DJANGO_DEBUG="0", DJANGO_ALLOWED_HOSTS="example.org")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_refuses_a_bad_debug_value():
    result = run_manage("check", DJANGO_DEBUG="maybe")
    assert result.returncode != 0
    assert "DJANGO_DEBUG must be 1 or 0" in result.stderr


def test_deploy_check_is_clean_with_debug_off_and_a_real_key():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="k" * 20 + "a-real-long-random-production-secret-key-0123456789",
        DJANGO_ALLOWED_HOSTS="partnership.example.org",
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "WARNING" not in result.stderr + result.stdout


def database_options(**env: str) -> str:
    code = "from django.conf import settings; print(settings.DATABASES['default'].get('OPTIONS', {}))"
    result = run_manage("shell", "-c", code, DATABASE_URL="postgres://nobody@localhost:5432/none", **env)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_postgresql_uses_djangos_defaults_unless_prepared_statements_are_asked_for():
    assert "server_side_binding" not in database_options()
    assert "server_side_binding" not in database_options(DJANGO_DB_PREPARED="0")
    opted_in = database_options(DJANGO_DB_PREPARED="1")
    assert "'server_side_binding': True" in opted_in and "'prepare_threshold': 5" in opted_in


def test_an_ambiguous_prepared_statements_value_is_refused():
    result = run_manage("check", DJANGO_DB_PREPARED="sometimes")
    assert result.returncode != 0
    assert "DJANGO_DB_PREPARED must be 1 or 0" in result.stderr
