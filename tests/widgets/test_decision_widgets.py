"""The decision-aid and exercise widgets, driven without a browser."""

from __future__ import annotations

import base64
import re
from pathlib import Path

import pytest
from beslishulp_data import official_dir

import aiact_kit
from aiact_kit.engines import events
from aiact_kit.widgets.case_exercise import CaseExercise
from aiact_kit.widgets.decision import DecisionAid

# the decision aid's first question, as the learner reads it
FIRST_QUESTION_NL = "Zit er een algoritme in de toepassing die je gebruikt of van plan bent?"
FIRST_QUESTION_EN = "Does the application you use or plan to use have an algorithm in it?"
SPAM = ["yes", "system", "yes", "deployer", "none", "none", "none", "no", "none", "none", "no"]


def _decode(link_html: str, name: str) -> str:
    m = re.search(rf'href="data:([^;]+);charset=utf-8;base64,([^"]+)" download="{name}"', link_html)
    assert m, link_html[:300]
    return base64.b64decode(m.group(2)).decode("utf-8")


def test_public_api_is_lazy_and_complete():
    assert callable(aiact_kit.decision_aid) and callable(aiact_kit.case_exercise)
    assert "case-benefits-fraud-scoring" in aiact_kit.case_ids()


def test_wizard_walk_back_restart():
    aid = aiact_kit.decision_aid("nl")
    assert isinstance(aid, DecisionAid) and "aiact-decision" in aid._dom_classes
    assert aid._answers.description == "Antwoord" and aid._next.description == "Volgende"
    assert aid._back.disabled and aid._answers.value is None
    assert FIRST_QUESTION_NL in aid._question.value
    aid.next()  # nothing chosen yet
    assert 'role="alert"' in aid._message.value and aid.session.current.id == "algorithm"
    for a in SPAM[:4]:
        aid.answer(a)
    assert aid.session.current.id == "exclusions"
    assert aid._progress.value > 0
    assert "(4)" in aid._path.value and "gebruiksverantwoordelijke" not in aid._path.value.lower()
    labels_before = aid.session.labels
    aid.back()
    # back shows the previous question with the answer that was given
    assert aid.session.current.id == "role"
    chosen = aid.session.current.answer("deployer").index
    assert aid._answers.value == chosen and not aid._next.disabled
    aid.next()
    assert aid.session.labels == labels_before
    aid.restart()
    assert aid.session.current.id == "algorithm" and aid.session.labels == ()
    assert aid._back.disabled


def test_conclusion_page_and_exports():
    aid = DecisionAid(lang="nl")
    for a in SPAM:
        aid.answer(a)
    assert aid.session.done and aid.session.conclusion.id == "minimal"
    assert aid._answers.layout.display == "none" and aid._next.layout.display == "none"
    page = aid._conclusion.value
    assert "Vanaf 2 februari 2025" in page and "AI-geletterdheid" in page
    md = aid.export_markdown()
    html = aid.export_html()
    assert _decode(aid._downloads.value, "beslishulp-resultaat.md") == md
    assert _decode(aid._downloads.value, "beslishulp-resultaat.html") == html
    # Markdown: answers given, conclusion, obligations by date, as-of date, disclaimer
    assert "## Jouw antwoorden" in md and "**Ja**" in md
    assert "### Vanaf 2 februari 2025" in md
    assert "29 november 2026" in md and "geen juridisch advies" in md
    # HTML: complete, printable, self-contained
    assert html.startswith("<!DOCTYPE html>") and '<html lang="nl">' in html
    assert "@media print" in html
    assert not re.search(r"<(script|link|img|iframe)\b", html)
    assert "29 november 2026" in html and "geen juridisch advies" in html
    assert FIRST_QUESTION_NL in html


def test_export_before_the_end_says_so():
    aid = DecisionAid(lang="en")
    aid.answer("yes")
    md = aid.export_markdown()
    assert "not finished yet" in md and f"1. {FIRST_QUESTION_EN}" in md
    assert "not legal advice" in aid.export_html()


def test_obligations_grouped_by_date_in_english():
    aid = DecisionAid(lang="en")
    case = aiact_kit.default_content().get("case-emotion-call-centre", "cases")
    for step in case.answer_path:
        aid.answer(step.answer)
    page = aid._conclusion.value
    order = [
        page.index(h)
        for h in ("From 2 February 2025", "From 2 August 2026", "From 2 December 2027")
    ]
    assert order == sorted(order)
    assert "Informing people about emotion recognition" in page


def test_wizard_runs_the_official_tree():
    aid = aiact_kit.decision_aid("en", tree=official_dir() / "decision-tree.yaml")
    assert "Beslishulp AI-verordening" in aid._title.value
    aid.answer(1)
    assert aid.session.conclusion.id == "11.0"
    assert "AVG" in aid._conclusion.value
    assert "<script" not in aid._conclusion.value


def test_user_text_is_escaped(tmp_path):
    tree = tmp_path / "t.yaml"
    tree.write_text(
        "name: '<b>x</b>'\nquestions:\n- questionId: q\n  question: <script>alert(1)</script>Q?\n"
        "  explanation: <img src=x onerror=alert(1)>uitleg\n  category: c\n  subcategory: s\n"
        "  answers:\n  - answer: <i>Ja</i>\n    nextConclusionId: c\nconclusions:\n"
        "- conclusionId: c\n  conclusion: '<a href=\"javascript:alert(1)\">klik</a>'\n"
        "  obligation: ''\n",
        encoding="utf-8",
    )
    aid = DecisionAid(lang="nl", tree=tree)
    assert "<script" not in aid._question.value and "<img" not in aid._question.value
    assert "uitleg" in aid._question.value
    aid.answer(0)
    assert "javascript:" not in aid._conclusion.value and "klik" in aid._conclusion.value
    assert "<script" not in aid.export_html()


def test_exercise_predict_walk_compare():
    got = []
    unsubscribe = events.subscribe("answer", got.append)
    try:
        ex = aiact_kit.case_exercise("case-exam-emotion", "en")
        assert isinstance(ex, CaseExercise) and "aiact-case" in ex._dom_classes
        assert ex._walk_box is None and ex.children == (ex.children[0], ex._predict_box)
        assert ex.lock() is False  # nothing predicted yet
        assert "Choose an outcome and a role." in ex._predict_msg.value
        assert ex._predict_box.children[-1] is ex._predict_msg
        ex.predict("high-risk", ["deployer"])  # wrong risk group, right role
        assert ex.lock() is True and ex._risk.disabled
        assert ex._predict_msg.value == "" and ex._walk_box.layout.display is None
        assert ex.children[2] is ex._walk_box and ex.aid in ex._walk_box.children
        for step in ex.case.answer_path:
            ex.aid.answer(step.answer)
        comparison = ex._comparison.value
        assert "Not correct" in comparison and "Correct" in comparison
        assert "same conclusion" in comparison
        assert "emotions of people in education is prohibited" in comparison
        assert got[-1]["question_id"] == "case-exam-emotion"
        assert got[-1]["correct"] is False and got[-1]["score"] == 0.5
        assert ex.grade() == {"risk_group": False, "roles": True, "correct": False, "score": 0.5}
    finally:
        unsubscribe()


def test_exercise_walk_that_goes_elsewhere_is_explained():
    ex = CaseExercise("case-spam-filter", lang="nl")
    ex.predict("minimal", "deployer")
    ex.lock()
    ex.aid.answer("no")  # "no algorithm"
    comparison = ex._comparison.value
    # where the walks part: at the very first question
    assert re.search(
        r"andere conclusie[^<]*<em>" + re.escape(FIRST_QUESTION_NL) + "</em>", comparison
    )
    assert ex.grade()["correct"] is True


def test_exercise_show_without_walking():
    ex = CaseExercise("case-civic-score", lang="nl")
    ex.predict("prohibited", ["provider", "deployer"])
    ex.lock()
    ex._show.click()
    assert "(niet doorlopen)" in ex._comparison.value
    assert "Art. 5(1)(c)" in ex._comparison.value


def test_unknown_case_is_a_clear_error():
    with pytest.raises(KeyError, match="no case 'case-nope'; known cases: case-benefits"):
        aiact_kit.case_exercise("case-nope")


def test_conclusion_facts_are_a_styled_list_with_capitalised_values():
    aid = DecisionAid(lang="en")
    for a in SPAM:
        aid.answer(a)
    page = aid._conclusion.value
    facts = re.search(r'<dl class="aiact-facts">(.*?)</dl>', page).group(1)
    values = re.findall(r"<dd>(.*?)</dd>", facts)
    assert values and all(v[:1].isupper() or not v[:1].isalpha() for v in values), values
    assert ".aiact-conclusion dl.aiact-facts{display:grid" in aid._title.value


def test_case_prediction_options_start_with_a_capital():
    ex = CaseExercise("case-citizen-chatbot", lang="en")
    labels = [label for label, _ in ex._risk.options + ex._role.options]
    assert "High-risk" in labels and "No role" in labels
    assert all(label[:1].isupper() for label in labels), labels


def _widget_count() -> int:
    from ipywidgets.widgets.widget import _instances

    return len(_instances)


def _prefix_kept(before: tuple, after: tuple) -> bool:
    """Widgets added later go after the ones already shown: the browser keeps the views (and
    the keyboard focus) of the children that were there."""
    return len(after) > len(before) and after[: len(before)] == before


def test_a_case_exercise_builds_its_steps_when_the_learner_gets_there():
    """First render: the case and the prediction form only, the same number of widgets for
    every case however long its walk; the walk, the conclusion and the comparison are added
    in order as the learner gets there, and the walk ends as the worked answer says."""
    from aiact_kit.content import default_content
    from aiact_kit.engines.decision import case_ids, default_tree, walk

    content = default_content()
    first_render = set()
    lengths = set()
    for case_id in case_ids():
        case = content.get(case_id, "cases")
        lengths.add(len(case.answer_path))
        n0 = _widget_count()
        ex = CaseExercise(case_id, lang="nl")
        first_render.add(_widget_count() - n0)
        assert ex._aid is None and ex._walk_box is None and ex._comparison is None
        assert ex._predict_msg is None and len(ex.children) == 2
        shown = ex.children
        exp = case.expected
        ex.predict(exp.risk_group, list(exp.roles))
        assert ex.lock() is True
        assert _prefix_kept(shown, ex.children) and ex.children[-1] is ex._walk_box
        assert ex.aid.session.current.id == case.answer_path[0].question
        assert ex.aid._conclusion is None  # no conclusion before the walk gets there
        shown, n1 = ex.children, _widget_count()
        for i, step in enumerate(case.answer_path):
            ex.aid.answer(step.answer)
            if i < len(case.answer_path) - 1:
                assert _widget_count() == n1  # a next question reuses the widgets
        model = walk(default_tree(), [(s.question, s.answer) for s in case.answer_path])
        assert ex.aid.session.done and ex.aid.session.conclusion.id == exp.conclusion
        assert model.conclusion.id == exp.conclusion
        assert _prefix_kept(shown, ex.children) and ex.children[-1] is ex._comparison
        assert ex.aid.children.index(ex.aid._conclusion) < ex.aid.children.index(ex.aid._buttons)
        assert "dezelfde conclusie" in ex._comparison.value and ex.grade()["correct"] is True
        # walking again neither adds widgets nor moves them
        kids, n2 = ex.aid.children, _widget_count()
        ex.aid.back()
        assert ex.aid._conclusion.value == "" and ex.aid._downloads.value == ""
        ex.aid.next()
        radio = type(ex.aid._answers)  # a fresh RadioButtons per question (_set_options)
        assert [k for k in ex.aid.children if not isinstance(k, radio)] == [
            k for k in kids if not isinstance(k, radio)
        ]
        assert len(ex.aid.children) == len(kids) and _widget_count() == n2
        assert "dezelfde conclusie" in ex._comparison.value and ex.attempts == 2
    assert len(lengths) > 1, "cases with walks of different length"
    assert len(first_render) == 1 and first_render.pop() <= 25


def test_a_case_exercise_needs_no_decision_engine_until_the_walk():
    import json
    import os
    import subprocess
    import sys

    code = (
        "import sys, json, ipywidgets\n"
        "from aiact_kit import case_exercise\n"
        "ex = case_exercise('case-spam-filter', lang='en')\n"
        "before = 'aiact_kit.engines.decision' in sys.modules\n"
        "ex.predict('minimal', 'deployer'); ex.lock()\n"
        "print(json.dumps([before, 'aiact_kit.engines.decision' in sys.modules]))\n"
    )
    src = str(Path(aiact_kit.__file__).resolve().parents[1])
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([src, os.environ.get("PYTHONPATH", "")]))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout.strip().splitlines()[-1]) == [False, True]


def test_a_wizard_adds_its_conclusion_once_before_the_buttons():
    aid = DecisionAid(lang="nl")
    assert aid._conclusion is None and aid._downloads is None
    first = aid.children
    for a in SPAM:
        aid.answer(a)
    kids = aid.children
    at = kids.index(aid._buttons)
    assert kids[at - 3 : at] == (aid._conclusion, aid._details, aid._downloads)
    added = (aid._conclusion, aid._details, aid._downloads)
    # the answers are a fresh RadioButtons per question (widgets/decision.py, _set_options)
    kept = [k if k is not aid._answers else "answers" for k in kids if k not in added]
    assert kept == ["answers" if isinstance(k, type(aid._answers)) else k for k in first]
    assert "beslishulp-resultaat.md" in aid._downloads.value
    aid.restart()
    assert aid._conclusion.value == "" and len(aid.children) == len(kids)
    assert [k for k in aid.children if k is not aid._answers] == [
        k for k in kids if not isinstance(k, type(aid._answers))
    ]


def test_restart_asks_for_confirmation_first():
    aid = DecisionAid(lang="en")
    for a in SPAM[:4]:
        aid.answer(a)
    aid._restart.click()  # the button asks; nothing is lost yet
    assert aid.session.current.id == "exclusions" and len(aid.session.history) == 4
    box = aid._confirm
    assert box is not None and box.layout.display is None and box in aid.children
    assert "Your answers will be lost" in box.children[0].value
    yes, no = box.children[1].children
    no.click()
    assert len(aid.session.history) == 4 and box.layout.display == "none"
    aid._restart.click()
    yes.click()
    assert aid.session.history == [] and aid.session.current.id == "algorithm"
    assert box.layout.display == "none"
    aid._restart.click()  # nothing answered: starts again without asking
    assert box.layout.display == "none"


def test_the_report_carries_what_the_user_typed_and_the_versions():
    import json

    aid = DecisionAid(lang="en")
    for a in SPAM:
        aid.answer(a)
    aid.set_details(
        system="Mail <b>sorter</b>", organisation="Gemeente X", assessor="A. B.", date="2026-12-03"
    )
    md, page, data = aid.export_markdown(), aid.export_html(), aid.export_json()
    assert _decode(aid._downloads.value, "decision-aid-result.json") == data
    assert _decode(aid._downloads.value, "decision-aid-result.md") == md
    rec = json.loads(data)
    assert rec["details"] == {
        "system": "Mail <b>sorter</b>",
        "organisation": "Gemeente X",
        "assessor": "A. B.",
        "date": "2026-12-03",
    }
    assert rec["versions"]["law"] and rec["versions"]["kit"] and rec["versions"]["tree"]
    assert [a["question_id"] for a in rec["answers"]][:2] == ["algorithm", "what"]
    assert all(a["explanation"] for a in rec["answers"])
    assert rec["conclusion"]["id"] == "minimal" and rec["conclusion"]["what_to_do_now"]
    assert "arguable_forks" in rec["conclusion"]
    assert "Mail &lt;b&gt;sorter&lt;/b&gt;" in page and "<b>sorter" not in page
    assert "Gemeente X" in md and "Name of the system" in md and "Version of the kit" in md
    assert "Explanation:" in md  # every question with its explanation


def test_an_arguable_case_shows_the_other_reading():
    ex = CaseExercise("case-chatbot-purpose-change", lang="en")
    ex.predict("high-risk", ["provider", "deployer"])
    ex.lock()
    ex.show_comparison()
    html = ex._comparison_widget().value
    assert "Depends on interpretation" in html and "Whoever chooses" in html
    assert "Deployer" in html.split("Whoever chooses", 1)[1]
