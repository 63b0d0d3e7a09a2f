"""Markdown that users write, rendered safely: Markdown to HTML, then cleaned with nh3 against
an explicit allow-list. No script, no raw HTML, no attributes but a link's address."""

from collections import Counter
from html.parser import HTMLParser
from urllib.parse import urlsplit

import markdown as markdown_lib
import nh3
from django import template
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

ALLOWED_TAGS = {"p", "ul", "ol", "li", "strong", "em", "a", "br", "blockquote", "h3", "h4"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}


def render_markdown(text: str) -> SafeString:
    html = markdown_lib.markdown(text or "", extensions=["sane_lists"], output_format="html")
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"https", "http", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
    return mark_safe(cleaned)


@register.filter
def markdown(text: str) -> SafeString:
    return render_markdown(text)


# What the allow-list removes, in words an author knows: (singular, plural) by tag.
REMOVED_KINDS = {
    "script": ("a script", "scripts"),
    "img": ("an image", "images"),
    "iframe": ("an iframe (embedded page)", "iframes (embedded pages)"),
    "frame": ("an iframe (embedded page)", "iframes (embedded pages)"),
    "object": ("an embedded object", "embedded objects"),
    "embed": ("an embedded object", "embedded objects"),
    "video": ("a video", "videos"),
    "audio": ("a sound recording", "sound recordings"),
    "style": ("a style sheet", "style sheets"),
    "form": ("a form", "forms"),
}
URL_SCHEMES = {"https", "http", "mailto", ""}


class _Tags(HTMLParser):
    """The tags and link addresses of an HTML fragment, counted."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: Counter = Counter()
        self.bad_links = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags[tag] += 1
        if tag == "a":
            href = dict(attrs).get("href") or ""
            if urlsplit(href.strip()).scheme.lower() not in URL_SCHEMES:
                self.bad_links += 1

    handle_startendtag = handle_starttag


def removed_markup(text: str) -> list[str]:
    """What rendering `text` leaves out, in plain words ("a script", "2 images", "other HTML
    (div, span)"), so the author is told rather than finding it silently dropped. Empty when
    nothing is removed. The same Markdown step as `render_markdown`, before its allow-list."""
    parser = _Tags()
    parser.feed(markdown_lib.markdown(text or "", extensions=["sane_lists"], output_format="html"))
    parser.close()
    found: Counter = Counter()
    other = []
    for tag, count in parser.tags.items():
        if tag in ALLOWED_TAGS:
            continue
        if tag in REMOVED_KINDS:
            found[REMOVED_KINDS[tag]] += count
        else:
            other.append(tag)
    described = [single if count == 1 else f"{count} {plural}" for (single, plural), count in found.items()]
    if parser.bad_links:
        described.append(
            "a link's address that is not a web or e-mail address"
            if parser.bad_links == 1
            else f"{parser.bad_links} links' addresses that are not web or e-mail addresses"
        )
    if other:
        described.append(f"other HTML ({', '.join(sorted(other))}), keeping its text")
    return described
