"""The onboarding journey runs in the browser: the same Chromium set-up and axe check as
tests/browser (their fixtures, imported)."""

from tests.browser.conftest import axe, browser_context_args, browser_type_launch_args  # noqa: F401
