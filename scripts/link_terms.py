"""Link the first use of every glossary term in each lesson to its explanation (issue 15).

Run after changing a lesson's text or the glossary:

    python scripts/link_terms.py          # rewrite the lesson notebooks
    python scripts/link_terms.py --check  # exit 1 when a notebook is not up to date

For each lesson notebook (every ``lesson-*`` item of lessons.yaml, both languages) the first use
of a glossary term in the markdown becomes a link to the term's entry on the same page, and a
"terms in this lesson" block just before the key points shows the entries that no other glossary
block on the page shows already. See ``aiact_kit.present.term_links``.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import Any

import nbformat

from aiact_kit.content import default_content
from aiact_kit.present.term_links import link_first_uses

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
BLOCK_TAG = "aiact-terms"  # cell metadata tag of the generated block
HEADING = {
    "nl": (
        "## Begrippen in deze les\n\n"
        "De onderstreepte begrippen in de tekst verwijzen naar deze uitleg."
    ),
    "en": "## Terms in this lesson\n\nThe underlined terms in the text link to these explanations.",
}
GLOSSARY_CALL = re.compile(r"glossary\((?P<args>.*?)\)", re.S)


def _tagged(cell) -> bool:
    return BLOCK_TAG in cell.get("metadata", {}).get("tags", [])


def _ids_shown(cells) -> set[str]:
    """Glossary ids that a hand-written glossary(...) cell on the page already shows."""
    shown: set[str] = set()
    for cell in cells:
        if cell.cell_type == "code" and not _tagged(cell):
            for m in GLOSSARY_CALL.finditer(cell.source):
                shown.update(re.findall(r"[\"'](g-[\w-]+)[\"']", m.group("args")))
    return shown


def _block(lang: str, ids: list[str]) -> list:
    listed = ", ".join(f'"{i}"' for i in ids)
    code = f'from aiact_kit import glossary\n\nglossary(lang="{lang}", ids=[{listed}])'
    cells = [nbformat.v4.new_markdown_cell(HEADING[lang]), nbformat.v4.new_code_cell(code)]
    for cell, suffix in zip(cells, ("text", "list"), strict=True):
        cell.metadata["tags"] = [BLOCK_TAG]
        cell["id"] = f"{BLOCK_TAG}-{suffix}"  # fixed ids: running the script twice changes nothing
    return cells


def _link(path: Path, terms: list[tuple[str, str]]) -> tuple[Any, str, list[str]]:
    """The notebook with its terms linked (block not yet added), its text before, ids used."""
    nb = nbformat.read(path, as_version=4)
    before = nbformat.writes(nb)
    nb.cells = [c for c in nb.cells if not _tagged(c)]
    markdown = [c for c in nb.cells if c.cell_type == "markdown"]
    linked, used = link_first_uses([c.source for c in markdown], terms)
    for cell, source in zip(markdown, linked, strict=True):
        cell.source = source
    return nb, before, used


def _finish(nb: Any, lang: str, ids: list[str]) -> str:
    shown = _ids_shown(nb.cells)
    missing = [gid for gid in ids if gid not in shown]
    if missing:
        # the block goes just before the key points (the last markdown cell)
        last = max(i for i, c in enumerate(nb.cells) if c.cell_type == "markdown")
        nb.cells[last:last] = _block(lang, missing)
    for cell in nb.cells:
        if "id" not in cell:
            cell["id"] = nbformat.v4.new_code_cell().id
    return nbformat.writes(nb)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report outdated notebooks")
    args = parser.parse_args(argv)
    content = default_content()
    glossary = content.kind("glossary")
    order = [g.id for g in glossary]
    outdated = []
    for item in content.kind("lessons"):
        if not item.id.startswith("lesson-"):
            continue
        linked = {}
        for lang in ("nl", "en"):
            terms = [(g.id, content.render(g.term, lang)) for g in glossary]
            linked[lang] = _link(NOTEBOOKS / item.notebook.get(lang), terms)
        # one block for both languages (their notebooks run the same code): every term either
        # language links, in glossary order
        used = {gid for _, _, ids in linked.values() for gid in ids}
        ids = [gid for gid in order if gid in used]
        for lang, (nb, before, _) in linked.items():
            after = _finish(nb, lang, ids)
            if after == before:
                continue
            rel = item.notebook.get(lang)
            if args.check:
                outdated.append(rel)
            else:
                (NOTEBOOKS / rel).write_text(after + "\n", encoding="utf-8")
                print(f"linked terms in notebooks/{rel}")
    if outdated:
        print("not up to date (run python scripts/link_terms.py):", *outdated, sep="\n  ")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
