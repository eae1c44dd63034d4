"""The Dutch-practice content (issue 17): its schema, citations of Dutch law, the checklist,
the Dutch links under each decision-aid conclusion and the questions in the final test."""

from __future__ import annotations

import shutil

import pytest
from kitroot import ROOT

from aiact_kit.commands import practice
from aiact_kit.content import CONTENT_DIR, ContentError, load_content
from aiact_kit.content.citations import CitationError, parse_citation
from aiact_kit.engines.final_test import final_test_ids
from aiact_kit.present.checklist import (
    STAGES,
    ChecklistError,
    checklist_answer_html,
    checklist_html,
    checklist_items,
)
from aiact_kit.present.nl_links import nl_links_html
from aiact_kit.widgets.decision import DecisionAid

# answers that walk the kit's tree to the conclusion "minimal"
TO_MINIMAL = [
    "yes",
    "system",
    "yes",
    "deployer",
    "none",
    "none",
    "none",
    "no",
    "none",
    "none",
    "no",
]


def test_dutch_acts_and_court_decisions_are_citations():
    assert parse_citation("Awb Art. 3:46").act == "Awb"
    assert parse_citation("UAVG Art. 40").article == "40"
    assert parse_citation("ECLI:NL:RVS:2017:1259").kind == "ecli"
    for bad in ("Awb 3:46", "Awb Art 3:2", "ECLI:NL:RVS", "UAVG Art. forty"):
        with pytest.raises(CitationError):
            parse_citation(bad)


def _copy(tmp_path):
    target = tmp_path / "data"
    shutil.copytree(CONTENT_DIR, target)
    return target


def test_a_procurement_item_without_its_checklist_line_is_refused(tmp_path):
    data = _copy(tmp_path)
    path = data / "nl_practice.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("    check:\n      nl: Heeft het systeem een CE-markering")
    end = text.index("    citations:", start)
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    with pytest.raises(ContentError) as err:
        load_content(data)
    assert any(
        "nl_practice.yaml: item 'nlp-buy-ce-marking'" in str(i) and "'check' and 'stage'" in str(i)
        for i in err.value.issues
    ), err.value.issues


def test_every_conclusion_has_dutch_links_and_a_missing_one_is_named(tmp_path, content):
    assert practice.validate(content) == []
    data = _copy(tmp_path)
    path = data / "nl_links.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("conclusions: [minimal]", "conclusions: [minimal-typo]")
    path.write_text(text, encoding="utf-8")
    problems = practice.validate(load_content(data))
    assert "nl_links.yaml: conclusion 'minimal' of aiact-kit.yaml has no Dutch links" in problems
    assert any("no conclusion 'minimal-typo'" in p for p in problems), problems


def test_links_name_the_dutch_duties_with_sources_and_algoritmekader_ids(content):
    html = nl_links_html("high-risk-annex-iii", "nl", content=content)
    for title_of in ("nlp-fria", "nlp-gdpr-dpia", "nlp-register", "nlp-iama"):
        assert content.get(title_of, "nl_practice").title.nl.split(":")[0] in html
    assert "aia-27" in html and "bzk-01" in html and "https://algoritmes.overheid.nl" in html
    assert "Art. 27(1)" in html  # the cited detail behind the plain title
    # a conclusion without an entry (e.g. of the official tree) gets nothing
    assert nl_links_html("11.0", "nl", content=content) == ""


def test_the_decision_aid_conclusion_shows_the_dutch_links():
    aid = DecisionAid(lang="en")
    for a in TO_MINIMAL:
        aid.answer(a)
    assert aid.session.conclusion.id == "minimal"
    page = aid._conclusion.value
    assert "In Dutch public practice" in page and "Algoritmeregister" in page
    aid.back()  # back to a question: the conclusion block is emptied
    assert aid._conclusion.value == ""


def test_checklist_numbers_every_procurement_check_in_stage_order(content):
    items = checklist_items(content=content)
    assert [i.stage for i in items] == sorted((i.stage for i in items), key=STAGES.index)
    html = checklist_html(lang="en", content=content)
    for item in items:
        assert item.check.en.split("(")[0].strip()[:40] in html.replace("&#x27;", "'")
    assert html.count("<li>") == len(items)
    # the answer cites the law and marks a reported fact
    answer = checklist_answer_html(stage="contract", lang="nl", content=content)
    assert "Art. 47(1)" not in answer and "Art. 47" in answer and "gemeld" in answer.lower()
    with pytest.raises(ChecklistError, match="unknown stage 'after-lunch'"):
        checklist_items("after-lunch", content)


def test_final_test_draws_from_the_new_topics(content):
    ids = final_test_ids(content=content)
    topics = {content.get(i, "questions").topic for i in ids}
    assert {"nl-practice", "procurement-rights"} <= topics
    assert len(content.ids_where("questions", topic="nl-practice")) >= 12
    assert len(content.ids_where("questions", topic="procurement-rights")) >= 12


def test_the_worksheet_sources_exist_in_both_languages():
    for lang in ("nl", "en"):
        assert (ROOT / "worksheets" / lang / "04-checklist-before-we-buy.md").is_file()
        suffix = {"nl": ("opgave", "uitwerking"), "en": ("exercise", "solution")}[lang]
        for variant, tail in zip(("exercises", "solutions"), suffix, strict=True):
            assert (ROOT / variant / lang / f"04-checklist-before-we-buy-{tail}.ipynb").is_file()


def test_nl_links_command_lists_every_conclusion(capsys):
    import json

    from aiact_kit.commands.cli import main

    assert main(["nl-links", "--lang", "en"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert "aia-27" in out["high-risk-annex-iii"]["algoritmekader"]
    assert any("FRIA" in t for t in out["high-risk-annex-iii"]["practice"])
    from aiact_kit.engines.decision import default_tree

    assert set(out) == set(default_tree().conclusions)  # every conclusion of the kit's tree
