"""The course outline as an engine: lessons in order, tool pages, which notebooks exist,
previous/next lesson, the counterpart page in the other language, and page titles.

Pure Python (no ipywidgets). Paths are relative to the ``notebooks/`` folder, e.g.
``nl/01-wat-is-een-ai-systeem.ipynb``; links between pages are relative URLs
(``01-wat-is-een-ai-systeem.ipynb``, ``../en/00-welcome.ipynb``) so that they work in Voila
(``/voila/render/...``), Jupyter Notebook 7 (``/notebooks/...``) and JupyterLab alike.

Conventions (see ``content/data/lessons.yaml``):

- a lesson is ``notebooks/<lang>/NN-<slug>.ipynb``; a tool page is
  ``notebooks/<lang>/<slug>.ipynb``;
- the landing page of a language is ``notebooks/<lang>/index.ipynb``;
- every notebook carries metadata ``lang`` and ``title`` (the title is :func:`page_title`).
"""

from __future__ import annotations

import json
import posixpath
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from aiact_kit.content import Content, default_content
from aiact_kit.content.records import LANGS
from aiact_kit.content.text import text
from aiact_kit.content.vocabulary import check_lang

if TYPE_CHECKING:  # annotations only: app kernels never import the pydantic schema
    from aiact_kit.content.schema.law import Meta
    from aiact_kit.content.schema.lessons import Lesson

LANDING = "index.ipynb"
LANDING_ID = "index"


def landing_path(lang: str) -> str:
    """The landing page of ``lang``, relative to ``notebooks/``: ``nl/index.ipynb``."""
    return f"{check_lang(lang)}/{LANDING}"


def other_lang(lang: str) -> str:
    check_lang(lang)
    return next(lg for lg in LANGS if lg != lang)


def notebooks_dir(root: str | Path | None = None) -> Path | None:
    """The ``notebooks/`` folder of the kit (None when it cannot be found)."""
    if root is not None:
        return Path(root)
    from aiact_kit.settings import project_root

    try:
        return project_root() / "notebooks"
    except FileNotFoundError:
        return None


def _number(lesson: Lesson) -> int:
    """A lesson's number (the schema requires one for every item of type ``lesson``)."""
    assert lesson.number is not None
    return lesson.number


def relative_href(from_path: str, to_path: str) -> str:
    """The relative URL from the page ``from_path`` to the page ``to_path`` (both relative to
    ``notebooks/``): ``relative_href('nl/00-welkom.ipynb', 'en/00-welcome.ipynb')`` is
    ``'../en/00-welcome.ipynb'``."""
    start = posixpath.dirname(from_path) or "."
    return posixpath.relpath(to_path, start)


@dataclass(frozen=True)
class Outline:
    """The lessons and tools of a content set, with the notebooks that exist on disk.

    ``root`` is the ``notebooks/`` folder; when it is None every planned page counts as
    available (useful for tests and for a kit installed without its notebooks)."""

    content: Content
    root: Path | None

    # -- items --------------------------------------------------------------------------------
    # Content.kind and Content.get return Any: the items of kind "lessons" are Lessons (schema)
    def _items(self) -> list[Lesson]:
        items: list[Lesson] = self.content.kind("lessons")
        return items

    def lessons(self) -> list[Lesson]:
        """All lessons (planned and available) in course order."""
        items = [i for i in self._items() if i.type == "lesson"]
        return sorted(items, key=_number)

    def tools(self) -> list[Lesson]:
        """The stand-alone tool pages, in file order."""
        return [i for i in self._items() if i.type == "tool"]

    def get(self, page_id: str) -> Lesson:
        try:
            item: Lesson = self.content.get(page_id, "lessons")
            return item
        except KeyError:
            known = ", ".join(i.id for i in self.content.kind("lessons"))
            raise KeyError(f"unknown lesson or tool id {page_id!r}; known ids: {known}") from None

    def by_path(self, path: str) -> Lesson | None:
        """The lesson (preferred) or tool whose notebook is ``path`` (``en/00-welcome.ipynb``)."""
        matches = [i for i in self._items() if path in (i.notebook.nl, i.notebook.en)]
        matches.sort(key=lambda i: i.type != "lesson")
        return matches[0] if matches else None

    def lesson_for_topic(self, topic: str) -> Lesson | None:
        """The first lesson that lists ``topic`` among its ``topics`` (None when none does)."""
        return next((i for i in self.lessons() if topic in i.topics), None)

    # -- files --------------------------------------------------------------------------------
    def exists(self, path: str) -> bool:
        if self.root is None:
            return True
        return (self.root / path).is_file()

    def available(self, item: Lesson, lang: str) -> bool:
        return self.exists(item.notebook.get(check_lang(lang)))

    def available_lessons(self, lang: str) -> list[Lesson]:
        return [i for i in self.lessons() if self.available(i, lang)]

    # -- navigation -----------------------------------------------------------------------------
    def neighbours(self, page_id: str, lang: str) -> tuple[Lesson | None, Lesson | None]:
        """The previous and next *available* lesson of a lesson in ``lang`` (None at the ends;
        for a tool page: (None, None))."""
        item = self.get(page_id)
        if item.type != "lesson":
            return None, None
        before = [i for i in self.available_lessons(lang) if _number(i) < _number(item)]
        after = [i for i in self.available_lessons(lang) if _number(i) > _number(item)]
        return (before[-1] if before else None, after[0] if after else None)

    def counterpart(self, path: str) -> str:
        """The same page in the other language; the other landing page when that page does not
        exist (yet) or is not a known page."""
        lang, _, _ = path.partition("/")
        check_lang(lang)
        other = other_lang(lang)
        if path == landing_path(lang):
            return landing_path(other)
        item = self.by_path(path)
        if item is not None:
            target = item.notebook.get(other)
            if self.exists(target):
                return target
        return landing_path(other)


def outline(content: Content | None = None, root: str | Path | None = None) -> Outline:
    """The outline of ``content`` (default: the shipped content) with the notebooks under
    ``root`` (default: the kit's ``notebooks/`` folder)."""
    return Outline(content or default_content(), notebooks_dir(root))


# -- titles -----------------------------------------------------------------------------------
def lesson_label(item: Lesson, lang: str) -> str:
    """'Les 1: Wat is een AI-systeem?' for a lesson, the plain title for a tool."""
    title = item.title.get(check_lang(lang))
    if item.type == "lesson":
        return text("pages.lesson_label", lang, number=item.number, title=title)
    return title


def kit_title(lang: str, content: Content | None = None) -> str:
    content = content or default_content()
    meta: Meta = content.meta  # Content.meta returns Any: the item "law" of kind "meta"
    return meta.title.get(check_lang(lang))


def page_title(page_id: str, lang: str, content: Content | None = None) -> str:
    """The ``<title>`` of a page: 'Les 1: Wat is een AI-systeem? – AI Act Leerkit'; for the
    landing page (id ``index``): 'AI Act Leerkit – Overzicht'."""
    content = content or default_content()
    kit = kit_title(lang, content)
    if page_id == LANDING_ID:
        return text("pages.landing_title", lang, kit=kit)
    item = Outline(content, None).get(page_id)
    return f"{lesson_label(item, lang)} – {kit}"


# -- checks -----------------------------------------------------------------------------------
def check_outline(content: Content | None = None) -> list[str]:
    """Problems across items of ``lessons`` that the item schema cannot see: lesson numbers
    unique and consecutive from 0, notebook paths unique among lessons (a tool may reuse a
    lesson's notebook), the nl/en paths of a lesson share the number."""
    content = content or default_content()
    o = Outline(content, None)
    problems: list[str] = []
    numbers = [i.number for i in o.lessons()]
    if numbers != list(range(len(numbers))):
        problems.append(f"lesson numbers must be 0, 1, 2, ... without gaps or repeats: {numbers}")
    for group in (o.lessons(), o.tools()):
        seen: dict[str, str] = {}
        for item in group:
            for lang in LANGS:
                path = item.notebook.get(lang)
                if path in seen:
                    problems.append(f"{item.id}: notebook {path!r} is also used by {seen[path]}")
                seen.setdefault(path, item.id)
    return problems


def notebook_metadata_problems(path: Path, rel: str, content: Content | None = None) -> list[str]:
    """Problems with the metadata of the notebook at ``path`` (``rel`` relative to notebooks/):
    ``lang`` must match the folder, ``title`` must be the page title of a known page."""
    content = content or default_content()
    nb = json.loads(path.read_text(encoding="utf-8"))
    meta = nb.get("metadata", {})
    problems = []
    lang, _, name = rel.partition("/")
    if lang not in LANGS:
        return [f"{rel}: notebooks live in notebooks/nl/ or notebooks/en/"]
    if meta.get("lang") != lang:
        problems.append(f"{rel}: metadata 'lang' is {meta.get('lang')!r}, expected {lang!r}")
    o = Outline(content, None)
    if name == LANDING:
        expected = page_title(LANDING_ID, lang, content)
    else:
        item = o.by_path(rel)
        if item is None:
            return problems + [f"{rel}: not listed in content/data/lessons.yaml"]
        expected = page_title(item.id, lang, content)
    if meta.get("title") != expected:
        problems.append(f"{rel}: metadata 'title' is {meta.get('title')!r}, expected {expected!r}")
    return problems


__all__ = [
    "LANDING",
    "LANDING_ID",
    "Outline",
    "outline",
    "landing_path",
    "other_lang",
    "relative_href",
    "notebooks_dir",
    "lesson_label",
    "kit_title",
    "page_title",
    "check_outline",
    "notebook_metadata_problems",
]
