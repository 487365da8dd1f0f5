"""Following a rendered page's forms and links as a person would, without a browser: a test
posts where, and how, the page's own form posts, and opens the address its link gives."""

import re
from dataclasses import dataclass
from html import unescape


@dataclass(frozen=True)
class PageForm:
    action: str  # where it posts: the page's own address when the form names none
    enctype: str
    fields: frozenset[str]  # the names of its inputs, text areas and selects


def form_with_button(html: str, button: str, *, page_url: str) -> PageForm:
    """The form on the page whose submit button reads `button`."""
    for attributes, body in re.findall(r"<form\b([^>]*)>(.*?)</form>", html, re.S):
        buttons = re.findall(r"<button\b[^>]*>(.*?)</button>", body, re.S)
        buttons += re.findall(r'<input\b[^>]*type="submit"[^>]*value="([^"]*)"', body)
        if button not in (unescape(b).strip() for b in buttons):
            continue
        action = re.search(r'\baction="([^"]*)"', attributes)
        enctype = re.search(r'\benctype="([^"]*)"', attributes)
        names = re.findall(r'<(?:input|textarea|select)\b[^>]*\bname="([^"]+)"', body)
        return PageForm(
            action=unescape(action.group(1)) if action and action.group(1) else page_url,
            enctype=enctype.group(1) if enctype else "application/x-www-form-urlencoded",
            fields=frozenset(names),
        )
    raise AssertionError(f"The page has no form with a {button!r} button")


def link_with_text(html: str, text: str) -> str:
    """The address of the link on the page that reads `text`."""
    for href, label in re.findall(r'<a\b[^>]*\bhref="([^"]*)"[^>]*>(.*?)</a>', html, re.S):
        if unescape(re.sub(r"<[^>]+>", "", label)).strip() == text:
            return unescape(href)
    raise AssertionError(f"The page has no link reading {text!r}")
