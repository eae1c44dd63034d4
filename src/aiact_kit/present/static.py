"""Non-interactive output as plain display data (no ipywidgets): HTML with a ``text/plain``
fallback.

Facts of the law (``show(...)``), the navigation bar and the landing page do not react to the
learner, so they are not widgets: a :class:`StaticHTML` is shown by IPython as an ordinary
``text/html`` output (plus ``text/plain``). Such an output is saved in the notebook, so a lesson
reopened without a kernel still shows its text; JupyterLab and Notebook 7 resolve its relative
links against the notebook's own folder and open them inside the interface; Voilà renders it as
part of the page.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

_BLOCK = {"p", "div", "ul", "ol", "dl", "table", "tr", "nav", "section", "h1", "h2", "h3", "h4"}
_LINE = {"br", "li", "dt", "dd"}


class _PlainText(HTMLParser):
    """HTML to readable text: ``<style>``/``<script>`` dropped, blocks on their own lines."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("style", "script"):
            self._skip += 1
        elif tag == "li":
            self.out.append("\n- ")
        elif tag in _LINE or tag in _BLOCK:
            self.out.append("\n")
        elif tag in ("td", "th"):
            self.out.append(" | ")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "script"):
            self._skip = max(0, self._skip - 1)
        elif tag in _BLOCK:
            self.out.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.out.append(data)


def plain_text(html: str) -> str:
    """The text of an HTML fragment, one block per line (for ``text/plain`` outputs)."""
    parser = _PlainText()
    parser.feed(html)
    parser.close()
    lines = [re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in "".join(parser.out).split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


class StaticHTML:
    """An HTML fragment shown as display data: ``text/html`` (``style`` + ``html``) and
    ``text/plain`` (the text of ``html``). ``value`` is the full HTML, as on an HTML widget."""

    def __init__(self, html: str, style: str = ""):
        self.html = html
        self.style = style

    @property
    def value(self) -> str:
        return self.style + self.html

    @property
    def text(self) -> str:
        return plain_text(self.html)

    def _repr_html_(self) -> str:
        return self.value

    def __repr__(self) -> str:
        return self.text

    def __str__(self) -> str:
        return self.text


__all__ = ["StaticHTML", "plain_text"]
