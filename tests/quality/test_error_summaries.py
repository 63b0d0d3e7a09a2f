"""Every form's error state, as each role reaches it: submitted empty, its error summary must
link every line to its field (an element that exists and is the field's first input: a radio or
checkbox group's first box, the date input's day box), and name the field: never a bare "This
field is required.". The forms are found by crawling the demo as each role, so a form added
later is checked without being listed here."""

import logging

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import Resolver404, resolve, reverse

from tests.conftest import html, text_of

from .crawl import body_of, demo_meeting_being_minuted, links_in

pytestmark = pytest.mark.django_db

BARE = {"This field is required.", "Enter a valid date.", "Enter a valid time."}
FIELD_TAGS = {"input", "select", "textarea"}


def forms_reached(client: Client, start: list[str], per_view: int = 8) -> dict[str, tuple[str, object]]:
    """One page per view that shows a POST form with fields a person fills in: {view: (url, form)}.
    Each view is visited at most `per_view` times (public pages and PDFs not at all): enough to
    reach every form without reading every meeting."""
    seen, queue, found, visits = set(), list(start), {}, {}
    while queue:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        try:
            view = resolve(url.split("?")[0]).view_name
        except Resolver404:
            continue
        if not url.startswith(("/manage/", "/sign-in/")) or url.endswith((".pdf", ".ics")):
            continue
        first_hand = url in start
        if not first_hand and (visits.get(view, 0) >= per_view or (view in found and visits[view] >= 1)):
            continue
        visits[view] = visits.get(view, 0) + 1
        response = client.get(url)
        content = body_of(response)
        if response.status_code != 200 or not response.get("Content-Type", "").startswith("text/html"):
            continue
        queue.extend(link for link in links_in(url, content) if link not in seen)
        if view in found:
            continue
        for form in html(response).select("main form[method=post]"):
            visible = [
                f
                for f in form.select("input, select, textarea")
                if f.get("type") not in ("hidden", "submit", "button") and f.get("name")
            ]
            if visible:
                found[view] = (url, form)
                break
    return found


def empty_post(form) -> dict:
    """What a browser posts for the form with nothing filled in: hidden fields as they were."""
    return {f["name"]: f.get("value", "") for f in form.select("input[type=hidden][name]")}


def check_summary(where: str, soup) -> list[str]:
    problems = []
    summary = soup.select_one(".govuk-error-summary")
    if summary is None:
        return problems
    for link in summary.select("a"):
        message = text_of(link)
        target = link.get("href", "")
        if message in BARE or not message:
            problems.append(f"{where}: a summary line says only {message!r}")
        if not target.startswith("#") or len(target) < 2:
            problems.append(f"{where}: {message!r} links to {target!r}, not to a field")
            continue
        element = soup.find(id=target[1:])
        if element is None:
            problems.append(f"{where}: {message!r} links to {target}, which is not on the page")
        elif element.name not in FIELD_TAGS or element.get("type") == "hidden":
            problems.append(f"{where}: {message!r} links to {target}, a <{element.name}>, not a field")
        else:
            group = element.find_parent(class_="govuk-form-group--error")
            if group is None or message not in text_of(group):
                problems.append(f"{where}: {message!r} links to {target}, which is not the field with that error")
    return problems


@pytest.fixture
def demo(settings):
    settings.DEBUG = True  # the demo loads only in development
    call_command("load_demo", "--quiet-sign-ins")
    logger = logging.getLogger("django.request")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    settings.DEBUG = False
    yield
    logger.setLevel(level)


def test_every_error_summary_link_lands_on_its_field_and_names_it(demo):
    users = get_user_model().objects
    checked, problems = [], []
    drafting = demo_meeting_being_minuted()
    held = [drafting]
    minutes_pages = [reverse(name, args=[m.pk]) for m in held for name in ("manage:attendance", "manage:close_time")]
    for username in ("officer", "chair", "member"):
        client = Client()
        client.force_login(users.get(username=username))
        for view, (url, form) in sorted(forms_reached(client, ["/manage/", "/sign-in/", *minutes_pages]).items()):
            action = form.get("action") or url
            response = client.post(action, empty_post(form))
            assert response.status_code < 500, f"{username}: {action} answered {response.status_code}"
            if response.status_code != 200:
                continue  # a form with nothing required did its work
            soup = html(response)
            if soup.select_one(".govuk-error-summary") is None:
                continue
            checked.append(view)
            problems += check_summary(f"{username} at {action} ({view})", soup)
    assert not problems, "\n".join(problems)
    # The crawl reaches the forms that carried the faults the audit found.
    for view in ("manage:meeting_new", "manage:schedule", "manage:attendance", "manage:item_new"):
        assert any(name == view for name in checked), f"{view} was not reached: {sorted(set(checked))}"
