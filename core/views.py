"""View helpers shared by every app: one way to render a single-form page, to run a form's
service (form → service → message → redirect: `attempt`), and to put a service's refusal on a form."""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import render

from .audit import StaleEdit


def form_error(form, error: ValidationError, field: str | None = None) -> None:
    """Put a service's refusal on the form: on the field it names, else on `field`, else on top."""
    if hasattr(error, "error_dict"):
        for name, messages_ in error.message_dict.items():
            form.add_error(name if name in form.fields else field, messages_)
        return
    for message in error.messages:
        form.add_error(field, message)


@dataclass(frozen=True)
class Saved:
    """A form's service that ran (always true): what it returned is `result`."""

    result: object = None


def attempt(form, action: Callable[[], object], *, field: str | None = None) -> Saved | None:
    """Run a form's service: `Saved` (true, with the service's result) when it saved, None when it
    was refused. A refusal goes on the form, which re-renders with what the user typed: a stale
    edit on top (with the version now saved, when the form can carry it, so saving again after
    looking goes through), a broken rule on the field it names (else on `field`, else on top)."""
    try:
        result = action()
    except StaleEdit as stale:
        form.add_error(None, stale.message)
        if hasattr(form, "reload_version"):
            form.reload_version()
        return None
    except ValidationError as error:
        form_error(form, error, field)
        return None
    return Saved(result)


def versioned(form, *, missing: int | None = None) -> dict:
    """A versioned form's values for its service: the fields, and the version it loaded as
    `loaded_version`; `missing` when it came back without one (None: nothing to compare; 0: a
    save is checked against the record's first version)."""
    values = {name: value for name, value in form.cleaned_data.items() if name != "version"}
    version = form.cleaned_data.get("version")
    return {**values, "loaded_version": missing if version is None else version}


def form_page(request, form, *, title: str, back_url: str, partnership, **extra) -> HttpResponse:
    """Every single-form page renders one way: error summary, heading, the form."""
    context = {"form": form, "title": title, "back_url": back_url, "partnership": partnership, **extra}
    return render(request, "form_page.html", context)


def confirm_page(
    request, *, title: str, warning: str, button: str, back_url: str, partnership, caption: str = ""
) -> HttpResponse:
    """A removal asks first (WCAG 2.2, 3.3.4): the address answers GET with this page, whose
    button posts back to it; the POST does the removal."""
    context = {
        "title": title,
        "warning": warning,
        "button": button,
        "back_url": back_url,
        "partnership": partnership,
        "caption": caption,
    }
    return render(request, "confirm_page.html", context)


def run_action(request, action: Callable[[], object], success: str | Callable[[object], str]) -> bool:
    """Run a one-click service action (a POST button): success or the refusal as a message. The
    success message may be worked out from what the service returned."""
    try:
        result = action()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return False
    messages.success(request, success(result) if callable(success) else success)
    return True


def page_numbers(page) -> list:
    """The page numbers to link for `page`, with ellipses in long runs (GOV.UK pagination)."""
    return list(page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1))


def locked_page(request, lock, *, title: str, back_url: str, partnership, caption: str = "") -> HttpResponse:
    """A locked record never opens an edit form: this page says why it is locked and offers the
    correction route instead (`lock` has `why`, `route_url` and `route_label`). A form posted to a
    locked record changes nothing and gets the same page (409)."""
    context = {"lock": lock, "title": title, "back_url": back_url, "partnership": partnership, "caption": caption}
    return render(request, "locked_page.html", context, status=409 if request.method == "POST" else 200)
