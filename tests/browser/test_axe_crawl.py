"""axe-core (WCAG 2.2 AA) on every kind of page each role reaches, and on every form's error state.

The demo, built for today, is crawled as each role (the public, the partnership's officer, the
chair, a board member): one page per view (a view's pages share a template, so one stands for the
rest). Each is opened in Chromium and checked with axe. Every page with a form a person fills in
is then submitted with its fields emptied, as a hurried user would, and the error state checked
the same way. The other partnership's officer reaches the same views as the officer, so is not
crawled again."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from playwright.sync_api import Page

from demo.data import build_demo
from tests.quality.crawl import body_of, demo_meeting_being_minuted, links_in

pytestmark = pytest.mark.django_db(transaction=True)

NOT_PAGES = (".pdf", ".ics", ".xml", ".atom", ".csv", ".rss")


def one_page_per_view(client: Client, start: list[str], under: tuple[str, ...]) -> dict[str, str]:
    """{view name: the first HTML page of that view reached from `start`, under the given paths}."""
    seen, queue, found = set(), list(start), {}
    while queue:
        url = queue.pop(0)
        if url in seen or url.split("?")[0].endswith(NOT_PAGES) or not url.startswith(under):
            continue
        seen.add(url)
        try:
            view = resolve(url.split("?")[0]).view_name
        except Resolver404:
            continue
        if view in found and url not in start:
            continue
        response = client.get(url)
        if response.status_code != 200 or not response.get("Content-Type", "").startswith("text/html"):
            continue
        found.setdefault(view, url)
        queue.extend(link for link in links_in(url, body_of(response)) if link not in seen)
    return found


EMPTY_THE_FORM = """() => {
  const form = [...document.querySelectorAll('main form[method=post]')].find(f =>
    [...f.elements].some(e => e.name && !['hidden', 'submit', 'button'].includes(e.type)));
  if (!form) return false;
  for (const e of form.elements) {
    if (!e.name || ['hidden', 'submit', 'button'].includes(e.type)) continue;
    if (e.type === 'checkbox' || e.type === 'radio') e.checked = false;
    else if (e.tagName === 'SELECT') e.selectedIndex = 0;
    else if (e.type !== 'file') e.value = '';
  }
  form.noValidate = true;
  form.dataset.emptied = 'yes';
  return true;
}"""


@pytest.fixture
def demo_today(settings):
    settings.DEBUG = True  # the demo loads only in development
    build_demo(timezone.localdate())
    settings.DEBUG = False
    return demo_meeting_being_minuted()


def sign_in(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/sign-in/")
    page.fill("#id_username", username)
    page.fill("#id_password", "partnership-demo")
    page.click("main button.govuk-button")
    page.wait_for_load_state("load")


def test_axe_finds_nothing_on_any_page_or_error_state_any_role_reaches(live_server, page: Page, axe, demo_today):
    users = get_user_model().objects
    checked_pages, checked_errors = {}, {}
    minutes_pages = [reverse(name, args=[demo_today.pk]) for name in ("manage:attendance", "manage:close_time")]
    for role in ("anonymous", "officer", "chair", "member"):
        client = Client()
        if role == "anonymous":
            start, under = ["/", "/accessibility/", "/sign-in/"], ("/",)
        else:
            client.force_login(users.get(username=role))
            sign_in(page, live_server.url, role)
            start, under = ["/manage/", *minutes_pages], ("/manage/",)
        for view, url in sorted(one_page_per_view(client, start, under).items()):
            page.goto(f"{live_server.url}{url}")
            axe(page)
            parts = page.title().split(" – ")
            assert len(parts) == len(set(parts)), f"{url}: the page title repeats itself: {page.title()!r}"
            checked_pages.setdefault(view, url)
            if page.evaluate(EMPTY_THE_FORM):
                with page.expect_navigation():
                    page.evaluate("document.querySelector('form[data-emptied]').requestSubmit()")
                if page.locator(".govuk-error-summary").count():
                    axe(page)
                    checked_errors.setdefault(view, url)
        page.context.clear_cookies()
    # The crawl reached the public pages, the staff pages and the forms' error states.
    for view in ("home", "public:meeting", "manage:dashboard", "manage:meeting_new", "manage:attendance"):
        assert view in checked_pages, f"{view} was not reached: {sorted(checked_pages)}"
    for view in ("manage:meeting_new", "manage:schedule", "manage:attendance", "manage:item_new"):
        assert view in checked_errors, f"{view}'s error state was not checked: {sorted(checked_errors)}"
    assert len(checked_pages) > 50 and len(checked_errors) > 25, (len(checked_pages), len(checked_errors))
