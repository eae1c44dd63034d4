"""The quiz widgets without a browser: set control values, click buttons, read what the learner
sees in the feedback area, the progress bar and the summary."""

from __future__ import annotations

import importlib
import re
import subprocess
import sys

import ipywidgets as widgets
import pytest
from quiz_bank import load_bank

from aiact_kit.content import default_content
from aiact_kit.engines import events
from aiact_kit.engines.quiz import QuizError, right_answer
from aiact_kit.widgets.quiz import QuizWidget, quiz


@pytest.fixture(scope="module")
def bank(tmp_path_factory):
    return load_bank(tmp_path_factory.mktemp("bank"))


def make(bank, ids, lang="nl", **kw) -> QuizWidget:
    kw.setdefault("shuffle", False)
    return quiz(ids, lang, content=bank, **kw)


def text(html: str) -> str:
    """What a reader sees: tags removed, entities as they are escaped."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def fill(w: QuizWidget, answer) -> None:
    """Set the controls of the current question to an answer in the engine's shape."""
    v, c = w.view, w.controls
    if v.type in ("single", "date"):
        c.value = answer
    elif v.type == "true_false":
        c.value = "true" if answer else "false"
    elif v.type == "multiple":
        for choice, box in zip(v.choices, c, strict=True):
            box.value = choice.id in answer
    elif v.type == "matching":
        for left, drop in c.items():
            drop.value = answer[left]
    elif v.type == "ordering":
        for position, step in enumerate(answer, start=1):
            c[step].value = position
    elif v.type == "scenario":
        for part, option in answer.items():
            c[part].value = option


def walk(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from walk(child)


def test_public_quiz_is_the_widget_function_in_every_import_order():
    # `from aiact_kit import quiz` is the widget function with its real signature, whether or
    # not the engine module (aiact_kit.engines.quiz) was imported first; no module shares the name
    code = (
        "import inspect\n"
        "import aiact_kit.engines.quiz as engine\n"
        "from aiact_kit import quiz\n"
        "assert inspect.isfunction(quiz) and quiz is not engine, quiz\n"
        "params = inspect.signature(quiz).parameters\n"
        "assert {'lang', 'seed', 'tries', 'shuffle', 'limit'} <= set(params), params\n"
        "w = quiz('definition', lang='en', seed=1)\n"
        "assert type(w).__name__ == 'QuizWidget', type(w)\n"
        "print('ok')\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0 and out.stdout.strip() == "ok", out.stderr
    from aiact_kit import quiz as public

    assert not callable(importlib.import_module("aiact_kit.engines.quiz"))
    widget = public("literacy", lang="en", seed=2, limit=3)
    assert isinstance(widget, QuizWidget) and len(widget.session) == 3


def test_single_wrong_then_right(bank):
    w = make(bank, ["t-single", "t-tf"])
    assert "aiact-quiz" in w._dom_classes and "aiact-feedback" in w.feedback._dom_classes
    assert isinstance(w.controls, widgets.RadioButtons)
    assert w.controls.options == (("Optie a", "a"), ("Optie b", "b"), ("Optie c", "c"))
    assert w.progress.value == 0 and w.progress.max == 2
    w.controls.value = "b"
    w.check_button.click()
    seen = text(w.feedback.value)
    assert "✘ Niet goed" in seen and "Fout gekozen" in seen
    assert "Probeer het nog eens. Je hebt nog 1 poging." in seen
    assert "Uitleg" not in seen  # not yet: a try is left
    assert w.progress.value == 1 and w.progress_label.value == "1 van 2 beantwoord"
    assert not w.check_button.disabled
    w.controls.value = "a"
    w.check_button.click()
    seen = text(w.feedback.value)
    assert "✔ Goed" in seen and "Goed gekozen" in seen
    assert "Uitleg:" in seen and "Bronnen: Art. 2(1), Bijlage III 5(a)" in seen
    assert w.check_button.disabled and w.controls.disabled


def test_check_without_answer_and_tries_used_up(bank):
    w = make(bank, ["t-tf"], lang="en")
    w.check_button.click()
    assert "Choose an answer first" in text(w.feedback.value)
    assert w.progress.value == 0
    assert [o[0] for o in w.controls.options] == ["True", "False"]
    for _ in range(2):
        w.controls.value = "true"
        w.check_button.click()
    seen = text(w.feedback.value)
    assert "✘ Not correct" in seen and "The correct answer: False" in seen
    assert "Explanation: False." in seen
    w.check_button.click()  # disabled in the browser; a stray call still must not raise
    assert "already finished" in text(w.feedback.value)


def test_hint_button(bank):
    w = make(bank, ["t-single", "t-tf"])
    assert w.hint_button.layout.display is None
    w.hint_button.click()
    assert text(w.hint_area.value) == "Hint: Denk aan a."
    assert w.session.state("t-single").hint_shown
    w.next_button.click()
    assert w.hint_button.layout.display == "none" and w.hint_area.value == ""
    w.prev_button.click()
    assert "Denk aan a." in w.hint_area.value  # kept when coming back


def test_multiple_partial_then_right(bank):
    w = make(bank, ["t-multiple"])
    boxes = w.controls
    assert all(isinstance(b, widgets.Checkbox) and b.description for b in boxes)
    assert "Kies alle juiste antwoorden" in w.answer_area.children[0].children[0].value
    boxes[0].value = True  # a
    boxes[2].value = True  # c (wrong)
    boxes[2].value = False
    w.check_button.click()
    assert "◐ Gedeeltelijk goed" in text(w.feedback.value)
    boxes[1].value = True
    w.check_button.click()
    assert "✔ Goed" in text(w.feedback.value)


def test_matching_incomplete_wrong_and_right(bank):
    w = make(bank, ["t-match"], lang="en")
    drops = w.controls
    assert [d.description for d in drops.values()] == ["Left 1", "Left 2", "Left 3"]
    assert drops["p1"].options[0] == ("(not chosen yet)", "")
    drops["p1"].value = "p1"
    w.check_button.click()
    assert "Make a choice for every item first." in text(w.feedback.value)
    drops["p2"].value = "p1"
    drops["p3"].value = "p1"
    w.check_button.click()
    seen = text(w.feedback.value)
    assert "◐ Partly correct (2 of 3 right)" in seen
    assert "✘ wrong: Left 2 → Right A" in seen and "✔ right: Left 1 → Right A" in seen
    drops["p2"].value = "p2"
    w.check_button.click()
    assert "✔ Correct" in text(w.feedback.value)


def test_ordering_positions(bank):
    w = make(bank, ["t-order"])
    drops = w.controls
    assert all(d.options[1] == ("Plaats 1", 1) for d in drops.values())
    for step in ("s1", "s2", "s3", "s4"):
        drops[step].value = 1
    w.check_button.click()
    assert "Elke plaats mag maar één keer voorkomen." in text(w.feedback.value)
    assert w.session.progress.answered == 0
    fill(w, ["s2", "s1", "s3", "s4"])
    w.check_button.click()
    assert "Gedeeltelijk goed (2 van 4 goed)" in text(w.feedback.value)
    fill(w, ["s1", "s2", "s3", "s4"])
    w.check_button.click()
    assert "✔ Goed" in text(w.feedback.value)


def test_date_and_scenario_controls(bank, content):
    w = make(bank, ["t-date", "t-scenario"])
    labels = [label for label, _ in w.controls.options]
    assert "2 december 2027" in labels and all(re.fullmatch(r"\d+ \w+ \d{4}", x) for x in labels)
    w.controls.value = "general-application"
    w.check_button.click()
    assert "✘ Niet goed" in text(w.feedback.value)
    w.next_button.click()
    radios = w.controls
    assert [r.description for r in radios.values()] == ["Rol", "Risico", "Plicht"]
    assert "Casus: Een gemeente doet iets." in text(w.prompt.value)
    radios["q1"].value = "y"
    w.check_button.click()
    assert "Maak eerst bij elk onderdeel een keuze." in text(w.feedback.value)
    radios["q2"].value = "y"
    radios["q3"].value = "x"
    w.check_button.click()
    seen = text(w.feedback.value)
    assert "(2 van 3 goed)" in seen and "Y is fout" in seen


def test_navigation_keeps_answers_and_summary_then_retry(bank):
    got = []
    unsubscribe = events.subscribe("answer", got.append)
    try:
        w = make(bank, ["t-single", "t-tf", "t-match"], quiz_id="w-test")
        assert w.prev_button.disabled
        w.controls.value = "a"
        w.check_button.click()
        w.next_button.click()
        assert w.index == 1 and not w.prev_button.disabled
        w.controls.value = "true"
        w.check_button.click()
        w.check_button.click()  # second wrong try: finished, answer shown
        w.prev_button.click()
        assert w.controls.value == "a" and "✔ Goed" in text(w.feedback.value)
        w.next_button.click()
        w.next_button.click()
        assert w.next_button.description.startswith("Naar het resultaat")
        w.next_button.click()  # last question unanswered: go to the summary
        assert w.on_summary and w.question_box.layout.display == "none"
        summary = text(w.summary.value)
        assert "Je eindscore: 1 van 3 goed (33%)" in summary
        assert "Je hebt 1 van de 3 vragen niet beantwoord. Die tellen als fout." in summary
        assert (
            "Toepassingsgebied 1 van 1 1 van 1" in summary and "Rollen 0 van 2 0 van 2" in summary
        )
        practise = [b.description for b in w.practise_row.children]
        assert practise == ["Oefen opnieuw: Toepassingsgebied", "Oefen opnieuw: Rollen"]
        assert w.retry_button.layout.display is None
        assert [e["quiz_id"] for e in got] == ["w-test"] * 3
        w.retry_button.click()
        assert not w.on_summary and w.session.ids == ["t-tf"]
        assert w.progress.value == 0 and w.progress.max == 1
        assert w.controls.value is None and w.feedback.value == ""
        w.controls.value = "false"
        w.check_button.click()
        w.next_button.click()
        assert "Je hebt alle vragen goed beantwoord." in text(w.summary.value)
        assert w.retry_button.layout.display == "none"
        w.restart_button.click()
        assert w.session.ids == ["t-single", "t-tf", "t-match"] and w.index == 0
        w.next_button.click()
        w.next_button.click()
        w.next_button.click()
        w.practise_row.children[1].click()  # practise "Rollen": every roles question
        assert not w.on_summary and w.session.quiz_id == "practise-roles"
        assert sorted(w.session.ids) == ["t-match", "t-order", "t-tf"]
    finally:
        unsubscribe()


def test_click_handlers_never_raise(bank, monkeypatch):
    w = make(bank, ["t-single"])

    def broken(*_args, **_kwargs):
        raise RuntimeError("database is down")

    monkeypatch.setattr(w.session, "check", broken)
    w.controls.value = "a"
    w.check_button.click()
    assert "database is down" in text(w.feedback.value)
    monkeypatch.setattr(w.session, "hint", broken)
    w.hint_button.click()
    assert "aiact-error" in w.feedback.value


def test_bad_selection_raises_for_the_notebook_author(bank):
    with pytest.raises(QuizError, match=r"'no-such-topic' is neither a topic"):
        make(bank, "no-such-topic")


def test_every_control_has_a_label(bank):
    ids = ["t-single", "t-multiple", "t-tf", "t-match", "t-order", "t-date", "t-scenario"]
    w = make(bank, ids)
    for _ in ids:
        for node in walk(w):
            if isinstance(node, (widgets.RadioButtons, widgets.Dropdown, widgets.Checkbox)):
                assert node.description.strip(), (w.qid, node)
            if isinstance(node, widgets.Button):
                assert node.description.strip() and node.tooltip
        w.next_button.click()
    assert w.progress.description == "Voortgang"


BANK_IDS = [q.id for q in default_content().kind("questions")]


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("qid", BANK_IDS)
def test_every_bank_question_renders_and_answers(content, qid, lang):
    """Every question in the shipped bank renders in both languages; a wrong answer is graded
    wrong and the right answer, set through the controls, is graded right with an explanation."""
    question = content.get(qid, "questions")
    w = quiz(qid, lang, seed=0, tries=3)
    assert w.qid == qid and text(w.prompt.value) and w.view.instruction
    for node in walk(w.answer_area):
        if isinstance(node, (widgets.RadioButtons, widgets.Dropdown, widgets.Checkbox)):
            assert node.description.strip()
    right = right_answer(question, content)
    wrong = wrong_answer(w, right)
    if wrong is not None:
        fill(w, wrong)
        w.check_button.click()
        assert text(w.feedback.value).startswith(("✘", "◐")), text(w.feedback.value)
    fill(w, right)
    w.check_button.click()
    seen = text(w.feedback.value)
    assert seen.startswith("✔"), seen
    assert ("Uitleg:" if lang == "nl" else "Explanation:") in seen
    w.next_button.click()
    # a question's score is that of its latest try
    assert w.on_summary and ("100%" in text(w.summary.value))


def wrong_answer(w: QuizWidget, right):
    """Some answer that is not fully right, in the engine's shape (None if none exists)."""
    v = w.view
    if v.type in ("single", "date"):
        return next(c.id for c in v.choices if c.id != right)
    if v.type == "true_false":
        return not right
    if v.type == "multiple":
        return [c.id for c in v.choices if c.id not in right][:1] or None
    if v.type == "matching":
        ids = [c.id for c in v.rights]
        return {k: ids[(ids.index(r) + 1) % len(ids)] for k, r in right.items()}
    if v.type == "ordering":
        return list(reversed(right))
    if v.type == "scenario":
        return {p.id: next(c.id for c in p.choices if c.id != right[p.id]) for p in v.parts}
    return None


def test_tries_left_in_singular_and_plural(bank):
    w = make(bank, ["t-single"], lang="en", tries=3)
    w.controls.value = "b"
    w.check_button.click()
    assert "You have 2 more tries." in text(w.feedback.value)
    w.check_button.click()
    assert "You have 1 more try." in text(w.feedback.value)


def test_every_question_type_has_an_answer_control():
    from aiact_kit.engines.quiz import QUESTION_TYPES
    from aiact_kit.widgets.quiz_controls import CONTROLS

    assert {kind.control for kind in QUESTION_TYPES.values()} <= set(CONTROLS)
