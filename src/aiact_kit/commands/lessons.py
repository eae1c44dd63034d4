"""``aiact-kit lessons``: the course outline, and new lesson notebooks that follow the
conventions.

    aiact-kit lessons                 # every lesson and tool page, and which notebooks exist
    aiact-kit lessons --check         # exit 1 when a notebook's metadata (lang, title) is wrong
    aiact-kit lessons new <id>        # create notebooks/nl/... and notebooks/en/... for <id>
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from aiact_kit.content import Content, default_content
from aiact_kit.content.schema.base import LANGS
from aiact_kit.content.text import text
from aiact_kit.engines.course import (
    LANDING_ID,
    check_outline,
    landing_path,
    notebook_metadata_problems,
    outline,
    page_title,
)
from aiact_kit.settings import project_root

if TYPE_CHECKING:
    import nbformat  # imported where used: it takes 1.5 s (its JSON schema checks)

KERNELSPEC = {"display_name": "Python 3", "language": "python", "name": "python3"}


def register(subparsers: Any) -> None:
    p = subparsers.add_parser("lessons", help="list the lessons; create lesson notebooks")
    p.add_argument("--check", action="store_true", help="check every notebook's metadata")
    p.set_defaults(func=cmd_list)
    sub = p.add_subparsers(dest="action", metavar="ACTION")
    n = sub.add_parser("new", help="create the nl and en notebooks of a lesson or tool")
    n.add_argument("id", help="lesson or tool id from content/data/lessons.yaml")
    n.add_argument("--force", action="store_true", help="overwrite existing notebooks")
    n.set_defaults(func=cmd_new)


def _code(source: str) -> nbformat.NotebookNode:
    import nbformat

    return nbformat.v4.new_code_cell(source)


def new_notebook(page_id: str, lang: str, content: Content | None = None) -> nbformat.NotebookNode:
    """A stripped notebook for a lesson or tool page (or the landing page, id ``index``) that
    follows the conventions: metadata ``lang`` and ``title``, navigation first (and last)."""
    import nbformat

    content = content or default_content()
    nb = nbformat.v4.new_notebook()
    nb.metadata = {
        "kernelspec": dict(KERNELSPEC),
        "language_info": {"name": "python"},
        "lang": lang,
        "title": page_title(page_id, lang, content),
    }
    if page_id == LANDING_ID:
        nb.cells = [_code(f'from aiact_kit import landing\n\nlanding(lang="{lang}")')]
        return nb
    item = outline(content).get(page_id)
    heading = page_title(page_id, lang, content).rsplit(" – ", 1)[0]
    todo = text("pages.lesson_todo", lang)
    nb.cells = [
        _code(f'from aiact_kit import page_nav\n\npage_nav("{item.id}", lang="{lang}")'),
        nbformat.v4.new_markdown_cell(f"# {heading}\n\n{item.summary.get(lang)}\n\n{todo}"),
        _code(f'page_nav("{item.id}", lang="{lang}", place="bottom")'),
    ]
    return nb


def write_notebook(nb: nbformat.NotebookNode, path: Path) -> None:
    import nbformat

    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.validate(nb)
    nbformat.write(nb, str(path))


def cmd_new(args: argparse.Namespace) -> int:
    content = default_content()
    root = project_root() / "notebooks"
    o = outline(content, root)
    try:
        item = o.get(args.id) if args.id != LANDING_ID else None
    except KeyError as err:
        print(err.args[0], file=sys.stderr)
        return 1
    for lang in LANGS:
        rel = landing_path(lang) if item is None else item.notebook.get(lang)
        path = root / rel
        if path.exists() and not args.force:
            print(f"exists, left alone: notebooks/{rel}")
            continue
        write_notebook(new_notebook(args.id, lang, content), path)
        print(f"created notebooks/{rel}")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    if getattr(args, "action", None):
        return 0  # handled by the sub-action
    content = default_content()
    root = project_root() / "notebooks"
    o = outline(content, root)
    for item in [] if args.check else o.lessons() + o.tools():
        marks = " ".join(f"{lang}:{'yes' if o.available(item, lang) else 'no '}" for lang in LANGS)
        number = f"{item.number:>2}" if item.type == "lesson" else "  "
        print(f"{number} {item.id:<22} {marks}  {item.notebook.nl} | {item.notebook.en}")
    if not args.check:
        return 0
    problems = check_outline(content)
    for lang in LANGS:
        for path in sorted((root / lang).glob("*.ipynb")):
            problems += notebook_metadata_problems(path, f"{lang}/{path.name}", content)
    for path in sorted(root.glob("*.ipynb")):  # notebooks belong in nl/ or en/
        problems.append(f"{path.name}: notebooks live in notebooks/nl/ or notebooks/en/")
    for problem in problems:
        print(f"PROBLEM: {problem}", file=sys.stderr)
    print("OK: notebooks follow the conventions" if not problems else f"{len(problems)} problem(s)")
    return 1 if problems else 0


def stats(content: Content) -> dict[str, Any]:
    o = outline(content)
    return {
        "lessons": {
            "planned": len(o.lessons()),
            **{f"available_{lang}": len(o.available_lessons(lang)) for lang in LANGS},
        }
    }
