"""Workshop worksheets: written once, built into exercise and solution notebooks.

A worksheet is a Markdown file ``worksheets/<lang>/<name>.md``::

    ---
    title: Casussen indelen
    lang: nl
    ---
    # Casussen indelen
    Some narrative.

    ```python
    from aiact_kit import case_exercise
    case_exercise("case-id", lang="nl")
    ```

    <!-- solution -->
    The worked answer (Markdown and code cells) — only in the solution notebook.
    <!-- /solution -->

    <!-- exercise -->
    Only in the exercise notebook (e.g. "write your answer here").
    <!-- /exercise -->

Fenced ``python`` blocks become code cells, everything else Markdown cells. ``build`` writes
``exercises/<lang>/<name>-<opgave|exercise>.ipynb`` (solution parts stripped) and
``solutions/<lang>/<name>-<uitwerking|solution>.ipynb`` (exercise-only parts stripped), so the
two have different file names and titles (tabs a learner can tell apart). Each starts with a cell
that says how to run it and links to its counterpart (``worksheet.exercise_intro`` /
``solution_intro``). The notebooks are committed
without outputs; ``check`` reports every notebook that differs from what ``build`` would write.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from aiact_kit.content.text import text

FENCE = re.compile(r"^```python\s*$")
FENCE_END = re.compile(r"^```\s*$")
# Section markers are syntax of the worksheet file format (the same in every language), not
# interface text: marker -> (the section it opens or closes, whether it opens it).
MARKERS = {
    "<!-- solution -->": ("solution", True),
    "<!-- /solution -->": ("solution", False),
    "<!-- exercise -->": ("exercise", True),
    "<!-- /exercise -->": ("exercise", False),
}
VARIANTS = ("exercises", "solutions")


class WorksheetError(ValueError):
    """A worksheet source that cannot be built (names the file and line)."""


@dataclass(frozen=True)
class Block:
    kind: str  # markdown | code
    text: str
    only: str | None  # None (both), "solution" or "exercise"


# A worksheet's front matter (YAML) and a notebook (JSON): values of any JSON/YAML type.
Meta = dict[str, Any]
Notebook = dict[str, Any]


def parse(path: Path) -> tuple[Meta, list[Block]]:
    """Parse a worksheet into its front matter and blocks."""
    lines = path.read_text(encoding="utf-8").splitlines()
    meta: Meta = {}
    start = 0
    if lines and lines[0].strip() == "---":
        try:
            end = lines.index("---", 1)
        except ValueError:
            raise WorksheetError(f"{path}: front matter is not closed with '---'") from None
        meta = yaml.safe_load("\n".join(lines[1:end])) or {}
        start = end + 1
    for key in ("title", "lang"):
        if not isinstance(meta.get(key), str) or not meta[key].strip():
            raise WorksheetError(f"{path}: front matter needs '{key}'")
    if meta["lang"] not in ("nl", "en"):
        raise WorksheetError(f"{path}: front matter 'lang' must be nl or en")

    blocks: list[Block] = []
    only: str | None = None
    buf: list[str] = []
    in_code = False

    def flush(kind: str) -> None:
        source = "\n".join(buf).strip("\n")
        if source.strip():
            blocks.append(Block(kind, source, only))
        buf.clear()

    for number, line in enumerate(lines[start:], start=start + 1):
        stripped = line.strip()
        if in_code:
            if FENCE_END.match(stripped):
                flush("code")
                in_code = False
            else:
                buf.append(line)
            continue
        if FENCE.match(stripped):
            flush("markdown")
            in_code = True
            continue
        if stripped in MARKERS:
            section, opening = MARKERS[stripped]
            flush("markdown")
            if opening and only is not None:
                raise WorksheetError(f"{path}:{number}: '{stripped}' inside another section")
            if not opening and only != section:
                raise WorksheetError(f"{path}:{number}: '{stripped}' without its opening marker")
            only = section if opening else None
            continue
        if stripped == "":
            # a blank line separates Markdown cells only when followed by a heading
            buf.append(line)
            continue
        if stripped.startswith("#") and buf and any(b.strip() for b in buf):
            flush("markdown")
        buf.append(line)
    if in_code:
        raise WorksheetError(f"{path}: a ```python block is not closed")
    if only is not None:
        raise WorksheetError(f"{path}: the '{only}' section is not closed")
    flush("markdown")
    return meta, blocks


def notebook_name(stem: str, lang: str, variant: str) -> str:
    """The file name of the ``variant`` notebook of worksheet ``stem``."""
    key = "worksheet.exercise_file" if variant == "exercises" else "worksheet.solution_file"
    return f"{stem}-{text(key, lang)}.ipynb"


def _intro(meta: Meta, variant: str, stem: str) -> Block:
    """The first cell: how to run the notebook, and a link to its counterpart."""
    lang = meta["lang"]
    other = "solutions" if variant == "exercises" else "exercises"
    name = notebook_name(stem, lang, other)
    href = f"../../{other}/{lang}/{name}"
    if variant == "exercises":
        body = text("worksheet.exercise_intro", lang, solution=name, href=href)
    else:
        body = text("worksheet.solution_intro", lang, exercise=name, href=href)
    return Block("markdown", body, None)


def to_notebook(meta: Meta, blocks: list[Block], variant: str, stem: str | None = None) -> Notebook:
    """The notebook JSON (nbformat 4.5) for ``variant`` ('exercises' or 'solutions'); with the
    worksheet's file ``stem``, a first cell on how to run it and a link to its counterpart
    (after the first heading, if the worksheet starts with one)."""
    keep_out = "solution" if variant == "exercises" else "exercise"
    cells: list[dict[str, Any]] = []
    if stem is not None:
        intro = _intro(meta, variant, stem)
        at = 1 if blocks and blocks[0].kind == "markdown" and blocks[0].text.startswith("#") else 0
        blocks = [*blocks[:at], intro, *blocks[at:]]
    for block in blocks:
        if block.only == keep_out:
            continue
        cell: dict[str, Any] = {
            "cell_type": block.kind,
            "id": f"c{len(cells):03d}",
            "metadata": {},
            "source": block.text,
        }
        if block.kind == "code":
            cell["execution_count"] = None
            cell["outputs"] = []
        cells.append(cell)
    title_key = "worksheet.exercise_title" if variant == "exercises" else "worksheet.solution_title"
    title = text(title_key, meta["lang"], title=meta["title"])
    return {
        "cells": cells,
        "metadata": {
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python"},
            "title": title,
            "lang": meta["lang"],
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }


def dumps(nb: Notebook) -> str:
    return json.dumps(nb, indent=1, ensure_ascii=False, sort_keys=True) + "\n"


def plan(root: Path) -> dict[Path, str]:
    """Every notebook ``build`` writes, with its text."""
    out: dict[Path, str] = {}
    for src in sorted((root / "worksheets").glob("*/*.md")):
        meta, blocks = parse(src)
        lang = src.parent.name
        if meta["lang"] != lang:
            raise WorksheetError(f"{src}: front matter lang '{meta['lang']}' != folder '{lang}'")
        for variant in VARIANTS:
            out[root / variant / lang / notebook_name(src.stem, lang, variant)] = dumps(
                to_notebook(meta, blocks, variant, src.stem)
            )
    return out


def build(root: Path) -> list[Path]:
    """Write the exercise and solution notebooks; remove generated ones whose source is gone."""
    wanted = plan(root)
    for path, notebook in wanted.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists() or path.read_text(encoding="utf-8") != notebook:
            path.write_text(notebook, encoding="utf-8")
    for stale in _generated(root) - set(wanted):
        stale.unlink()
    return sorted(wanted)


def check(root: Path) -> list[str]:
    """Differences between the committed notebooks and what ``build`` would write."""
    wanted = plan(root)
    problems = []
    for path, notebook in sorted(wanted.items()):
        rel = path.relative_to(root)
        if not path.exists():
            problems.append(f"{rel}: missing (run aiact-kit build-exercises)")
        elif path.read_text(encoding="utf-8") != notebook:
            problems.append(f"{rel}: differs from its worksheet (run aiact-kit build-exercises)")
    for stale in sorted(_generated(root) - set(wanted)):
        problems.append(f"{stale.relative_to(root)}: has no worksheet source")
    return problems


def _generated(root: Path) -> set[Path]:
    return {p for variant in VARIANTS for p in (root / variant).glob("*/*.ipynb")}
