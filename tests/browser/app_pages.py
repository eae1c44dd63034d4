"""The notebook pages of the app and what each one should show (from content/data/lessons.yaml)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from aiact_kit.engines.course import LANDING, LANDING_ID, outline, page_title


def notebook_pages(notebooks: Path) -> list[str]:
    """Every notebook under notebooks/, as a path relative to it ('nl/00-welkom.ipynb')."""
    return sorted(
        p.relative_to(notebooks).as_posix()
        for p in notebooks.rglob("*.ipynb")
        if ".ipynb_checkpoints" not in p.parts
    )


def page_kind(rel: str, notebooks: Path) -> tuple[str, Any]:
    """('landing', None), ('lesson', item) or ('tool', item) for a notebook path."""
    if rel.endswith("/" + LANDING):
        return "landing", None
    item = outline(root=notebooks).by_path(rel)
    if item is None:
        raise AssertionError(f"notebooks/{rel} is not listed in content/data/lessons.yaml")
    return item.type, item


def expected_title(rel: str, notebooks: Path) -> str:
    lang = rel.split("/")[0]
    kind, item = page_kind(rel, notebooks)
    return page_title(LANDING_ID if kind == "landing" else item.id, lang)
