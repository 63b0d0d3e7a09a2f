"""The PDF renderer fetches nothing but the project's own static files."""

from pathlib import Path

import pytest
from django.conf import settings

from core.pdf import StaticOnlyFetcher


def test_renderer_serves_our_static_files():
    css = (Path(settings.STATICFILES_DIRS[0]) / "pdf" / "document.css").resolve()
    response = StaticOnlyFetcher().fetch(css.as_uri())
    assert b"@page" in response.read()


@pytest.mark.parametrize(
    "url",
    [
        "http://169.254.169.254/latest/meta-data/",
        "https://example.org/tracker.png",
        "file:///etc/passwd",
        (Path(settings.STATICFILES_DIRS[0]) / ".." / "partnership" / "settings.py").resolve().as_uri(),
    ],
)
def test_renderer_refuses_everything_else(url):
    with pytest.raises(ValueError, match="fetches only the project's static files"):
        StaticOnlyFetcher().fetch(url)
