"""A legal term links to its plain explanation where a lesson first uses it (issue 15): the
linking rule, and every lesson notebook kept up to date with it (``scripts/link_terms.py``)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from kitroot import ROOT

from aiact_kit.present.term_links import anchor, link_first_uses, linked_ids

TERMS = [("g-ai-system", "AI-systeem"), ("g-gpai-system", "AI-systeem voor algemene doeleinden")]


def test_the_first_use_outside_headings_and_longer_terms_is_linked():
    cells = [
        "# Les 1: Wat is een AI-systeem?\n\nEen `AI-systeem` in code telt niet.",
        "Een AI-systeem voor algemene doeleinden is breed. Elk AI-systeem valt onder de wet.",
        "Nog een AI-systeem.",
    ]
    out, used = link_first_uses(cells, TERMS)
    assert out[0] == cells[0]  # heading and code untouched
    assert out[1] == (
        "Een [AI-systeem voor algemene doeleinden](#aiact-g-gpai-system) is breed. "
        "Elk [AI-systeem](#aiact-g-ai-system) valt onder de wet."
    )
    assert out[2] == cells[2]  # only the first use
    assert used == ["g-ai-system", "g-gpai-system"]
    assert link_first_uses(out, TERMS) == (out, used)  # running it again changes nothing


def test_a_term_is_not_found_inside_a_longer_word():
    out, used = link_first_uses(["AI-systemen en AI-systeemeisen"], TERMS[:1])
    assert out == ["AI-systemen en AI-systeemeisen"] and used == []


def test_a_term_broken_over_source_lines_is_linked_where_it_is_first_used():
    terms = [("g-ai-system", "AI system")]
    cells = ["Is this an **AI\nsystem**? Learn what counts.", "An AI system is defined in law."]
    out, used = link_first_uses(cells, terms)
    assert out[0] == "Is this an **[AI\nsystem](#aiact-g-ai-system)**? Learn what counts."
    assert out[1] == cells[1] and used == ["g-ai-system"]
    assert link_first_uses(out, terms) == (out, used)


def test_a_link_that_is_no_longer_the_first_use_moves_to_it():
    """When a text changes so that a term is used earlier, the old link goes."""
    cells = ["A new AI system.", "The [AI system](#aiact-g-ai-system) here was first."]
    out, _ = link_first_uses(cells, [("g-ai-system", "AI system")])
    assert out == ["A new [AI system](#aiact-g-ai-system).", "The AI system here was first."]


def test_a_heading_that_continues_a_term_is_left_alone():
    out, used = link_first_uses(["Read about AI\n# System design"], [("g-x", "AI system")])
    assert out == ["Read about AI\n# System design"] and used == []


def _lessons():
    import yaml

    data = yaml.safe_load((ROOT / "src/aiact_kit/content/data/lessons.yaml").read_text("utf-8"))
    return [
        (item["id"], lang, item["notebook"][lang])
        for item in data["items"]
        if item["id"].startswith("lesson-")
        for lang in ("nl", "en")
    ]


@pytest.mark.parametrize(("lesson", "lang", "rel"), _lessons())
def test_every_linked_term_has_its_explanation_on_the_page(lesson, lang, rel):
    nb = json.loads((ROOT / "notebooks" / rel).read_text(encoding="utf-8"))
    markdown = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    code = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")
    linked = linked_ids(markdown)
    assert linked, f"{rel}: no glossary term linked"
    assert len(linked) == len(set(linked)), f"{rel}: a term is linked more than once"
    missing = [gid for gid in linked if f'"{gid}"' not in code]
    assert missing == [], f"{rel}: no glossary entry on the page for {missing}"
    assert all(anchor(gid) == f"aiact-{gid}" for gid in linked)


def test_the_lesson_notebooks_are_up_to_date():
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts/link_terms.py"), "--check"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stdout + result.stderr
