"""A legal term links to its explanation where a lesson first uses it (issue 15).

Lessons are notebooks whose text is markdown. The first time a lesson's text uses a term from
the glossary, that use becomes a link to the term's entry in the lesson's own "terms in this
lesson" block (rendered by :func:`aiact_kit.glossary`, whose entries carry the id
``aiact-<glossary id>``), so a learner gets the plain explanation one click away without leaving
the page. ``scripts/link_terms.py`` applies this to the notebooks; a test checks that they are
up to date.

Pure text processing: headings, inline code and existing links are left alone; a term may
break over lines in the source; a term inside the link of a longer term (``AI-systeem`` inside
``AI-systeem voor algemene doeleinden``) does not count as its first use.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

__all__ = ["anchor", "link_first_uses", "linked_ids"]

# links (their text may break over lines) and inline code
_PROTECTED = re.compile(r"\[[^\]]*\]\([^)\n]*\)|`[^`\n]*`")
_GLOSSARY_LINK = re.compile(r"\[([^\]]*)\]\(#aiact-g-[\w-]+\)")
_HEADING = re.compile(r"^[ \t]*#.*$", re.MULTILINE)


def anchor(glossary_id: str) -> str:
    """The HTML id of a glossary entry as :func:`aiact_kit.glossary` renders it."""
    return f"aiact-{glossary_id}"


def _term_pattern(term: str) -> re.Pattern[str]:
    """``term`` as a whole word, its words separated by any white space (a notebook's source
    may break a line inside a term: ``**AI\nsystem**``)."""
    words = r"\s+".join(re.escape(word) for word in term.split())
    return re.compile(rf"(?<![\w-]){words}(?![\w-])", re.IGNORECASE)


def _first_use(text: str, term: str) -> tuple[int, int] | None:
    """Where ``term`` is first used in ``text`` outside headings, code and links, as
    (start, end); None when the text does not use it there."""
    skipped = [m.span() for m in (*_HEADING.finditer(text), *_PROTECTED.finditer(text))]
    for m in _term_pattern(term).finditer(text):
        if not any(a <= m.start() < b or a < m.end() <= b for a, b in skipped):
            return m.span()
    return None


def link_first_uses(
    cells: Sequence[str], terms: Sequence[tuple[str, str]]
) -> tuple[list[str], list[str]]:
    """``cells`` (markdown sources, in page order) with the first use of every term linked,
    and the glossary ids used, in the order of ``terms``. ``terms`` are (glossary id, term);
    longer terms are handled first, so a long term wins over a short one it contains. Links to
    glossary entries that are no longer a first use (the text changed) are removed."""
    out = [_GLOSSARY_LINK.sub(r"\1", text) for text in cells]
    used: set[str] = set()
    for gid, term in sorted(terms, key=lambda t: -len(t[1])):
        for i, text in enumerate(out):
            found = _first_use(text, term)
            if found is not None:
                start, end = found
                out[i] = f"{text[:start]}[{text[start:end]}](#{anchor(gid)}){text[end:]}"
                used.add(gid)
                break
    return out, [gid for gid, _ in terms if gid in used]


def linked_ids(text: str) -> list[str]:
    """The glossary ids that ``text`` links to, in order of appearance."""
    return re.findall(r"\]\(#aiact-(g-[\w-]+)\)", text)
