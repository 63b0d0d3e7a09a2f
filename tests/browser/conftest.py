"""Browser journeys: Playwright driving Debian's chromium (never `playwright install`)."""

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"

# pytest-django's live server runs in a thread beside Playwright's event loop.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    if os.path.exists(CHROMIUM) or os.environ.get("CI"):
        return  # in CI a missing browser must fail, not skip
    skip = pytest.mark.skip(reason="Debian's chromium is not installed (apt-get install chromium)")
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "en-GB", "timezone_id": "Europe/London", "reduced_motion": "reduce"}


AXE = Path(__file__).resolve().parents[2] / "frontend" / "node_modules" / "axe-core" / "axe.min.js"
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.fixture
def axe():
    """Run axe-core (WCAG 2.2 AA) on the page as it stands; fail on any violation."""
    if not AXE.exists():
        if os.environ.get("CI"):
            pytest.fail("axe-core is missing: run `cd frontend && npm ci`")
        pytest.skip("axe-core is not installed (cd frontend && npm ci)")
    source = AXE.read_text()
    checked = []

    def check(page) -> None:
        page.wait_for_load_state("load")
        if page.evaluate("typeof window.axe") == "undefined":
            page.evaluate(source)  # evaluate is not subject to the page's Content Security Policy
        result = page.evaluate(
            "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_22_AA
        )
        problems = [
            f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
            for v in result["violations"]
        ]
        assert not problems, f"{page.url}: {problems}"
        checked.append(page.url)

    check.checked = checked
    return check


def fill_date(page, legend: str, typed: str) -> None:
    """Type a date as "13/01/2027" into the GOV.UK date input whose legend is `legend`."""
    day, month, year = typed.split("/")
    group = page.get_by_role("group", name=legend, exact=True)
    group.get_by_label("Day").fill(day)
    group.get_by_label("Month").fill(month)
    group.get_by_label("Year").fill(year)
