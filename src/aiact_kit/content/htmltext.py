"""Limited HTML in decision-tree texts: sanitise it for display, or turn it into plain text.

Texts of beslishulp trees may contain a little HTML (``<br>``, ``<strong>``, lists, links). A
tree file is data that a user may point the kit at, so its HTML is never trusted: only an
allowlist of tags survives, attributes are dropped (except an ``http(s)`` ``href`` on links),
and all text is escaped.
"""

from __future__ import annotations

import re
from html import escape
from html.parser import HTMLParser

__all__ = ["sanitize", "to_text"]

_ALLOWED = {"b", "strong", "i", "em", "u", "br", "p", "ul", "ol", "li", "a", "code", "sub", "sup"}
_VOID = {"br"}


class _Sanitizer(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in _ALLOWED:
            return
        if tag == "a":
            href = dict(attrs).get("href") or ""
            if re.match(r"^https?://", href):
                self.out.append(f'<a href="{escape(href)}" rel="noopener" target="_blank">')
            else:
                self.out.append("<a>")
        else:
            self.out.append(f"<{tag}>")
        if tag not in _VOID:
            self.open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID:
            self.out.append(f"<{tag}>")

    def handle_endtag(self, tag: str) -> None:
        if tag in _ALLOWED and tag not in _VOID and tag in self.open:
            while self.open:
                last = self.open.pop()
                self.out.append(f"</{last}>")
                if last == tag:
                    break

    def handle_data(self, data: str) -> None:
        self.out.append(escape(data, quote=False))

    def result(self) -> str:
        self.close()
        return "".join(self.out) + "".join(f"</{t}>" for t in reversed(self.open))


def sanitize(text: str) -> str:
    """``text`` with only allowlisted tags left and everything else escaped."""
    parser = _Sanitizer()
    parser.feed(text)
    return parser.result()


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.out.append("\n")
        elif tag == "li":
            self.out.append("\n- ")
        elif tag in ("p", "ul", "ol"):
            self.out.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("p", "ul", "ol"):
            self.out.append("\n")

    def handle_data(self, data: str) -> None:
        self.out.append(data)


def to_text(text: str) -> str:
    """Plain text: tags removed, line breaks and list items kept, whitespace tidied."""
    parser = _Text()
    parser.feed(text)
    parser.close()
    raw = "".join(parser.out)
    lines = [re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in raw.split("\n")]
    tidy = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", tidy).strip()
