"""Following a rendered page's forms and links as a person would, without a browser: a test
posts where, and how, the page's own form posts, and opens the address its link gives."""

import re
from dataclasses import dataclass
from html import unescape
from html.parser import HTMLParser


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


class _FormValues(HTMLParser):
    """What a browser would send from a form as it stands: its text, the options selected,
    the boxes ticked, and its hidden fields."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.values: dict[str, list[str]] = {}
        self._textarea: str | None = None
        self._select: str | None = None
        self._select_values: list[str] = []
        self._first_option: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {k: v or "" for k, v in attrs}
        name = found.get("name", "")
        if tag == "input" and name:
            kind = found.get("type", "text")
            if kind in ("submit", "button", "file", "image", "reset"):
                return
            if kind in ("checkbox", "radio"):
                if "checked" in found:
                    self.values.setdefault(name, []).append(found.get("value", "on"))
                return
            self.values.setdefault(name, []).append(found.get("value", ""))
        elif tag == "textarea" and name:
            self._textarea = name
            self.values[name] = [""]
        elif tag == "select" and name:
            self._select, self._select_values, self._first_option = name, [], None
        elif tag == "option" and self._select is not None:
            value = found.get("value", "")
            if self._first_option is None:
                self._first_option = value
            if "selected" in found:
                self._select_values.append(value)

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self.values[self._textarea][0] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea":
            self._textarea = None
        elif tag == "select" and self._select is not None:
            chosen = self._select_values or [self._first_option or ""]
            self.values[self._select] = chosen
            self._select = None


def form_values(html: str, button: str) -> dict[str, list[str]]:
    """The values the form with the `button` submit button would post as the page stands."""
    for _, body in re.findall(r"<form\b([^>]*)>(.*?)</form>", html, re.S):
        buttons = re.findall(r"<button\b[^>]*>(.*?)</button>", body, re.S)
        buttons += re.findall(r'<input\b[^>]*type="submit"[^>]*value="([^"]*)"', body)
        if button in (unescape(b).strip() for b in buttons):
            parser = _FormValues()
            parser.feed(body)
            return parser.values
    raise AssertionError(f"The page has no form with a {button!r} button")
