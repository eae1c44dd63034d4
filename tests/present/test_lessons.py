"""The course outline (content kind ``lessons``), its engine and the page renderers."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from content_sets import write_set
from kitroot import ROOT

from aiact_kit.content import ContentError, load_content
from aiact_kit.content.text import text
from aiact_kit.engines.course import (
    check_outline,
    landing_path,
    lesson_label,
    notebook_metadata_problems,
    outline,
    page_title,
    relative_href,
)
from aiact_kit.present.pages import landing_html, nav_html

NOTEBOOKS = ROOT / "notebooks"
LESSON = {
    "id": "lesson-x",
    "number": 0,
    "title": {"nl": "Welkom", "en": "Welcome"},
    "summary": {"nl": "Een regel.", "en": "One line."},
    "minutes": 10,
    "notebook": {"nl": "nl/00-welkom.ipynb", "en": "en/00-welcome.ipynb"},
}


def lessons_set(tmp_path: Path, *items: dict) -> Path:
    return write_set(tmp_path / "c", lessons={"kind": "lessons", "items": list(items)})


def errors_of(tmp_path: Path, *items: dict) -> str:
    with pytest.raises(ContentError) as err:
        load_content(lessons_set(tmp_path, *items))
    return str(err.value)


# -- schema --------------------------------------------------------------------------------------
def test_shipped_outline_has_thirteen_lessons_and_the_tools(content):
    o = outline(content, root=None)
    assert [i.number for i in o.lessons()] == list(range(13))
    assert {t.id for t in o.tools()} == {
        "tool-decision-aid",
        "tool-timeline",
        "tool-final-test",
        "tool-workshop-join",
        "tool-workshop-facilitator",
        "tool-workshop-screen",
    }
    assert check_outline(content) == []
    final = o.get("tool-final-test")
    assert final.notebook == o.get("lesson-final-test").notebook


def test_a_valid_lesson_loads(tmp_path):
    c = load_content(lessons_set(tmp_path, LESSON))
    assert c.get("lesson-x", "lessons").minutes == 10


@pytest.mark.parametrize(
    "change, message",
    [
        ({"number": None}, "a lesson needs a 'number'"),
        ({"notebook": {"nl": "nl/01-welkom.ipynb", "en": "en/00-welcome.ipynb"}}, "'nl/00-'"),
        ({"notebook": {"nl": "en/00-welkom.ipynb", "en": "en/00-welcome.ipynb"}}, "folder 'nl/'"),
        ({"notebook": {"nl": "nl/00-Welkom.ipynb", "en": "en/00-welcome.ipynb"}}, "must look like"),
        ({"notebook": {"nl": "nl/00-welkom.py", "en": "en/00-welcome.ipynb"}}, "must look like"),
        ({"summary": {"nl": "twee\nregels", "en": "x"}}, "summary.nl must be one line"),
        ({"summary": {"nl": "x" * 201, "en": "x"}}, "longer than 200"),
        ({"minutes": 0}, "minutes"),
        ({"lesson": "lesson-x"}, "only used by a tool"),
        ({"colour": "red"}, "unknown field"),
        ({"summary": {"nl": "vanaf 2 augustus 2026", "en": "x"}}, "literal date"),
    ],
)
def test_invalid_lessons_are_reported(tmp_path, change, message):
    item = {**LESSON, **change}
    item = {k: v for k, v in item.items() if v is not None}
    err = errors_of(tmp_path, item)
    assert "lessons.yaml: item 'lesson-x'" in err
    assert message in err


def test_tool_rules(tmp_path):
    tool = {**LESSON, "id": "tool-x", "type": "tool", "number": None}
    tool.pop("number")
    tool["notebook"] = {"nl": "nl/beslishulp.ipynb", "en": "en/decision-aid.ipynb"}
    load_content(lessons_set(tmp_path / "ok", LESSON, {**tool, "lesson": "lesson-x"}))
    err = errors_of(tmp_path / "num", LESSON, {**tool, "number": 3})
    assert "a tool has no 'number'" in err
    err = errors_of(tmp_path / "ref", LESSON, {**tool, "lesson": "lesson-nope"})
    assert "unknown lessons id 'lesson-nope'" in err


def test_check_outline_finds_gaps_and_shared_notebooks(tmp_path):
    two = {**LESSON, "id": "lesson-y", "number": 2}
    two["notebook"] = {"nl": "nl/02-twee.ipynb", "en": "en/02-two.ipynb"}
    c = load_content(lessons_set(tmp_path / "gap", LESSON, two))
    assert any("without gaps" in p for p in check_outline(c))
    dup = {**LESSON, "id": "lesson-z"}  # same number, same notebooks
    c = load_content(lessons_set(tmp_path / "dup", LESSON, dup))
    problems = check_outline(c)
    assert any("'nl/00-welkom.ipynb' is also used by lesson-x" in p for p in problems)


# -- engine -------------------------------------------------------------------------------------
def make_notebooks(tmp_path: Path, paths: list[str]) -> Path:
    root = tmp_path / "notebooks"
    for rel in paths:
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text("{}")
    return root


def test_neighbours_skip_lessons_that_do_not_exist_yet(tmp_path, content):
    o0 = outline(content, root=None)
    l0, l1, l2, l3 = (o0.lessons()[i] for i in range(4))
    root = make_notebooks(
        tmp_path, [l0.notebook.nl, l1.notebook.nl, l3.notebook.nl, l0.notebook.en]
    )
    o = outline(content, root)
    assert o.neighbours(l1.id, "nl") == (l0, l3)  # lesson 2 does not exist
    assert o.neighbours(l0.id, "nl") == (None, l1)
    assert o.neighbours(l3.id, "nl") == (l1, None)
    assert o.neighbours(l0.id, "en") == (None, None)
    assert o.neighbours("tool-decision-aid", "nl") == (None, None)
    with pytest.raises(KeyError, match="unknown lesson or tool id 'lesson-nope'"):
        o.neighbours("lesson-nope", "nl")


def test_counterpart_falls_back_to_the_other_landing_page(tmp_path, content):
    o0 = outline(content, root=None)
    l0, l1 = o0.lessons()[:2]
    o = outline(content, make_notebooks(tmp_path, [l0.notebook.nl, l0.notebook.en, l1.notebook.nl]))
    assert o.counterpart(l0.notebook.nl) == l0.notebook.en
    assert o.counterpart(l0.notebook.en) == l0.notebook.nl
    assert o.counterpart(l1.notebook.nl) == "en/index.ipynb"  # English lesson 1 not written yet
    assert o.counterpart("nl/index.ipynb") == "en/index.ipynb"
    assert o.counterpart("nl/unknown.ipynb") == "en/index.ipynb"
    with pytest.raises(ValueError, match="unknown language"):
        o.counterpart("de/index.ipynb")


def test_relative_href():
    assert relative_href("nl/00-welkom.ipynb", "en/00-welcome.ipynb") == "../en/00-welcome.ipynb"
    assert relative_href("nl/index.ipynb", "nl/01-x.ipynb") == "01-x.ipynb"


def test_titles(content):
    assert page_title("lesson-ai-system", "nl", content) == (
        "Les 1: Wat is een AI-systeem? – AI Act Leerkit"
    )
    assert page_title("lesson-ai-system", "en", content) == (
        "Lesson 1: What is an AI system? – AI Act Learning Kit"
    )
    assert page_title("index", "en", content) == "AI Act Learning Kit – Overview"
    assert page_title("tool-decision-aid", "nl", content) == "Beslishulp – AI Act Leerkit"


# -- renderers ----------------------------------------------------------------------------------
class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[dict] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag == "a":
            self.links.append(dict(attrs))


def parse(html: str) -> Links:
    p = Links()
    p.feed(html)
    return p


def test_nav_html_of_a_lesson(tmp_path, content):
    o0 = outline(content, root=None)
    l0, l1, l2 = o0.lessons()[:3]
    root = make_notebooks(tmp_path, [l0.notebook.nl, l1.notebook.nl, l2.notebook.nl])
    o = outline(content, root)
    html = nav_html(l1.id, "nl", o=o)
    assert '<nav class="aiact-nav aiact-nav-top" aria-label="Lesnavigatie">' in html
    links = {a["class"]: a for a in parse(html).links}
    assert links["aiact-nav-home"]["href"] == "index.ipynb"
    assert links["aiact-nav-prev"]["href"] == Path(l0.notebook.nl).name
    assert links["aiact-nav-prev"]["rel"] == "prev"
    assert links["aiact-nav-next"]["href"] == Path(l2.notebook.nl).name
    switch = links["aiact-lang-switch"]
    assert switch["href"] == "../en/index.ipynb"  # no English lesson 1 in this folder
    assert switch["lang"] == "en" and switch["hreflang"] == "en"
    bottom = nav_html(l1.id, "nl", place="bottom", o=o)
    assert 'aria-label="Lesnavigatie onderaan"' in bottom
    with pytest.raises(ValueError, match="place must be"):
        nav_html(l1.id, "nl", place="side", o=o)
    with pytest.raises(ValueError, match="unknown language"):
        nav_html(l1.id, "de", o=o)


def test_nav_html_of_a_tool_links_its_lesson(tmp_path, content):
    o0 = outline(content, root=None)
    tool = o0.get("tool-decision-aid")
    lesson = o0.get(tool.lesson)
    o = outline(content, make_notebooks(tmp_path, [tool.notebook.en, lesson.notebook.en]))
    links = {a["class"]: a for a in parse(nav_html(tool.id, "en", o=o)).links}
    assert links["aiact-nav-related"]["href"] == Path(lesson.notebook.en).name
    assert "aiact-nav-prev" not in links and "aiact-nav-next" not in links


def test_landing_html_links_only_existing_notebooks(tmp_path, content):
    o0 = outline(content, root=None)
    l0 = o0.lessons()[0]
    o = outline(content, make_notebooks(tmp_path, [l0.notebook.en]))
    html = landing_html("en", o=o)
    for item in o.lessons() + o.tools():
        assert f'data-id="{item.id}"' in html
        assert lesson_label(item, "en") in html
    hrefs = [a["href"] for a in parse(html).links]
    assert hrefs == ["../nl/index.ipynb", Path(l0.notebook.en).name]
    assert html.count('<span class="aiact-planned">coming soon</span>') == (
        len(o.lessons()) + len(o.tools()) - 1
    )
    assert "29 November 2026" in html  # the as-of date of meta.yaml
    assert "<h1>AI Act Learning Kit</h1>" in html
    assert "The whole kit: 13 lessons, together about 5.5 hours." in html  # 335 minutes


def test_renderers_escape_text(tmp_path):
    evil = {**LESSON, "title": {"nl": "<script>alert(1)</script>", "en": "A & B"}}
    c = load_content(lessons_set(tmp_path, evil))
    o = outline(c, root=None)
    html = landing_html("nl", o=o) + landing_html("en", o=o) + nav_html("lesson-x", "nl", o=o)
    assert "<script>" not in html
    assert "&lt;script&gt;" in html and "A &amp; B" in html


# -- the notebooks follow the conventions --------------------------------------------------------
def all_notebooks() -> list[Path]:
    return sorted(p for p in NOTEBOOKS.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)


@pytest.mark.parametrize("path", all_notebooks(), ids=lambda p: p.relative_to(NOTEBOOKS).as_posix())
def test_notebook_follows_the_conventions(path, content):
    rel = path.relative_to(NOTEBOOKS).as_posix()
    assert notebook_metadata_problems(path, rel, content) == []
    nb = json.loads(path.read_text(encoding="utf-8"))
    assert "widgets" not in nb["metadata"], "strip the widget state (tooling.md §2)"
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None, "strip outputs"
    lang = rel.split("/")[0]
    first = "".join(nb["cells"][0]["source"])
    if path.name == "index.ipynb":
        assert f'landing(lang="{lang}")' in first
    else:
        item = outline(content, root=None).by_path(rel)
        assert re.search(rf'page_nav\("{item.id}", lang="{lang}"\)', first), (
            "the first cell of a lesson or tool notebook is its page_nav(...) call"
        )


def test_both_landing_pages_exist():
    for lang in ("nl", "en"):
        assert (NOTEBOOKS / landing_path(lang)).is_file()


def test_metadata_problems_are_specific(tmp_path, content):
    nb = tmp_path / "x.ipynb"
    nb.write_text(json.dumps({"metadata": {"lang": "en", "title": "x"}, "cells": []}))
    problems = notebook_metadata_problems(nb, "nl/00-welkom.ipynb", content)
    assert problems == [
        "nl/00-welkom.ipynb: metadata 'lang' is 'en', expected 'nl'",
        "nl/00-welkom.ipynb: metadata 'title' is 'x', expected "
        "'Les 0: Welkom en zo werkt de leerkit – AI Act Leerkit'",
    ]
    assert notebook_metadata_problems(nb, "nl/zz.ipynb", content)[-1] == (
        "nl/zz.ipynb: not listed in content/data/lessons.yaml"
    )


def test_lessons_yaml_is_listed_as_not_legal(content):
    from aiact_kit.content.schema import LEGAL_KINDS

    assert "lessons" not in LEGAL_KINDS
    raw = yaml.safe_load((ROOT / "src/aiact_kit/content/data/lessons.yaml").read_text())
    assert raw["kind"] == "lessons"


def test_the_course_is_complete_every_lesson_and_tool_page_exists_in_both_languages():
    """The landing page shows an entry without a notebook as "coming soon": in the kit as
    shipped, every lesson and tool (decision aid, timeline, final test, workshop) has its page."""
    o = outline(root=NOTEBOOKS)
    missing = [
        f"{item.id} ({lang})"
        for item in o.lessons() + o.tools()
        for lang in ("nl", "en")
        if not o.available(item, lang)
    ]
    assert not missing, f"pages still missing: {missing}"
    html = landing_html("nl")
    assert text("pages.planned", "nl") not in html
