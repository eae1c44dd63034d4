"""The quiz engine: grading of every question type, sessions, tries, hints, scores, events."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import get_args

import pytest
from quiz_bank import load_bank, set_milestone

from aiact_kit.content.vocabulary import format_date
from aiact_kit.engines import events
from aiact_kit.engines.quiz import (
    QUESTION_TYPES,
    QuizError,
    QuizSession,
    answer_lines,
    band_key,
    build_view,
    grade,
    questions_for,
    quiz_topics,
    quiz_ui,
    right_answer,
)

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def bank(tmp_path_factory):
    return load_bank(tmp_path_factory.mktemp("bank"))


@pytest.fixture
def recorded():
    got: list[dict] = []
    unsubscribe = events.subscribe("answer", got.append)
    yield got
    unsubscribe()


def q(bank, qid):
    return bank.get(qid, "questions")


def g(bank, qid, answer, lang="nl"):
    return grade(q(bank, qid), answer, lang, bank)


def test_engine_does_not_import_ipywidgets():
    code = (
        "import sys\n"
        "from aiact_kit.engines.quiz import QuizSession, right_answer\n"
        "s = QuizSession('definition', 'en', seed=1)\n"
        "s.check(0, right_answer(s.question(0)))\n"
        "assert 'ipywidgets' not in sys.modules, 'the quiz engine imported ipywidgets'\n"
        "print('clean')\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "clean"


# -- single ---------------------------------------------------------------------------------------
def test_single_right_wrong_and_feedback(bank):
    right = g(bank, "t-single", "a")
    assert (right.score, right.correct) == (1.0, True)
    assert [f.message for f in right.feedback if f.selected] == ["Goed gekozen"]
    wrong = g(bank, "t-single", "b")
    assert (wrong.score, wrong.correct) == (0.0, False)
    chosen = next(f for f in wrong.feedback if f.selected)
    assert (chosen.id, chosen.right, chosen.is_answer, chosen.message) == (
        "b",
        False,
        False,
        "Fout gekozen",
    )
    assert wrong.correct_answer == ("Optie a",)


def test_single_invalid_input_names_question_and_value(bank):
    with pytest.raises(QuizError, match=r"question 't-single': unknown option id 'z'") as err:
        g(bank, "t-single", "z")
    assert err.value.value == "z" and err.value.question_id == "t-single"
    with pytest.raises(QuizError, match=r"'t-single'.*got list \['a'\]"):
        g(bank, "t-single", ["a"])
    with pytest.raises(QuizError) as err:
        g(bank, "t-single", None)
    assert err.value.reason == "no_answer"


# -- multiple -------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "answer, score",
    [
        (["a", "b"], 1.0),
        (["b", "a"], 1.0),
        (["a"], 0.5),
        (["a", "c"], 0.0),  # (1 right - 1 wrong) / 2
        (["a", "b", "c"], 0.5),  # (2 - 1) / 2
        (["c", "d", "e"], 0.0),  # floored at 0
        (["a", "b", "c", "d", "e"], 0.0),
    ],
)
def test_multiple_partial_credit(bank, answer, score):
    result = g(bank, "t-multiple", answer)
    assert result.score == pytest.approx(score)
    assert result.correct is (score == 1.0)


def test_multiple_feedback_and_invalid(bank):
    result = g(bank, "t-multiple", ["a", "c"])
    by_id = {f.id: f for f in result.feedback}
    assert by_id["c"].message == "Niet c" and not by_id["c"].right
    assert by_id["b"].is_answer and not by_id["b"].selected and not by_id["b"].right
    assert result.answer == ["a", "c"]
    with pytest.raises(QuizError, match=r"option id 'a' chosen twice"):
        g(bank, "t-multiple", ["a", "a"])
    with pytest.raises(QuizError, match=r"unknown option id 'q'"):
        g(bank, "t-multiple", ["a", "q"])
    with pytest.raises(QuizError, match=r"expected a list of option ids, got str 'a'"):
        g(bank, "t-multiple", "a")
    with pytest.raises(QuizError) as err:
        g(bank, "t-multiple", [])
    assert err.value.reason == "no_answer"


# -- true/false -----------------------------------------------------------------------------------
def test_true_false(bank):
    assert g(bank, "t-tf", False).correct
    assert g(bank, "t-tf", "false").correct
    assert g(bank, "t-tf", True).score == 0.0
    assert g(bank, "t-tf", "true", "en").correct_answer == ("False",)
    with pytest.raises(QuizError, match=r"'t-tf': expected True or False.*got int 1"):
        g(bank, "t-tf", 1)
    with pytest.raises(QuizError, match=r"got str 'no'"):
        g(bank, "t-tf", "no")


# -- matching -------------------------------------------------------------------------------------
def test_matching_shared_right_side_and_partial(bank):
    view = build_view(q(bank, "t-match"), "nl", bank)
    assert [c.text for c in view.rights] == ["Rechts A", "Rechts B"]  # shared text shown once
    assert g(bank, "t-match", {"p1": "p1", "p2": "p2", "p3": "p1"}).correct
    assert g(bank, "t-match", {"p1": "p3", "p2": "p2", "p3": "p3"}).correct  # same text
    partial = g(bank, "t-match", {"p1": "p2", "p2": "p1", "p3": "p1"})
    assert partial.score == pytest.approx(1 / 3) and not partial.correct
    assert [f.right for f in partial.feedback] == [False, False, True]
    assert partial.feedback[0].chosen == "Rechts B" and partial.feedback[0].expected == "Rechts A"


def test_matching_invalid(bank):
    with pytest.raises(QuizError) as err:
        g(bank, "t-match", {"p1": "p1", "p2": "p2"})
    assert err.value.reason == "incomplete" and "'p3'" in str(err.value)
    with pytest.raises(QuizError, match=r"unknown left item id 'p9'"):
        g(bank, "t-match", {"p1": "p1", "p2": "p2", "p3": "p1", "p9": "p1"})
    with pytest.raises(QuizError, match=r"unknown right-hand choice id 'zz'"):
        g(bank, "t-match", {"p1": "zz", "p2": "p2", "p3": "p1"})
    with pytest.raises(QuizError, match=r"expected a mapping"):
        g(bank, "t-match", ["p1", "p2", "p3"])


# -- ordering -------------------------------------------------------------------------------------
def test_ordering_text_steps(bank):
    assert g(bank, "t-order", ["s1", "s2", "s3", "s4"]).correct
    swapped = g(bank, "t-order", ["s2", "s1", "s3", "s4"])
    assert swapped.score == 0.5
    by_id = {f.id: f for f in swapped.feedback}
    assert (by_id["s2"].chosen, by_id["s2"].expected, by_id["s2"].right) == ("1", "2", False)
    assert g(bank, "t-order", ["s4", "s3", "s2", "s1"]).score == 0.0
    assert g(bank, "t-order", ["s1", "s2", "s3", "s4"]).correct_answer[0] == "1. Stap een"


def test_ordering_invalid(bank):
    with pytest.raises(QuizError) as err:
        g(bank, "t-order", ["s1", "s2", "s3"])
    assert err.value.reason == "incomplete" and "s4" in str(err.value)
    with pytest.raises(QuizError, match=r"step id 's1' appears more than once"):
        g(bank, "t-order", ["s1", "s1", "s2", "s3", "s4"])
    with pytest.raises(QuizError, match=r"unknown step id 's9'"):
        g(bank, "t-order", ["s1", "s2", "s3", "s9"])
    with pytest.raises(QuizError, match=r"expected a list of step ids"):
        g(bank, "t-order", {"s1": 1})


def test_ordering_by_milestone_dates_with_ties(bank):
    # amended: chapters-i-ii < general-application < new-prohibitions == generative-legacy
    assert g(bank, "t-order-ms", ["first", "general", "nudify", "marking"]).correct
    assert g(bank, "t-order-ms", ["first", "general", "marking", "nudify"]).correct
    wrong = g(bank, "t-order-ms", ["general", "first", "nudify", "marking"])
    assert wrong.score == 0.5
    view = build_view(q(bank, "t-order-ms"), "nl", bank)
    # steps without text show the milestone title, never the date
    assert "Algemene toepassingsdatum" in [s.text for s in view.steps]
    assert not any(re.search(r"\b20\d\d\b", s.text) for s in view.steps)


def test_ordering_follows_the_timeline_data(tmp_path):
    moved = load_bank(
        tmp_path, timeline_edit=set_milestone("general-application", "date_amended", "2024-09-01")
    )
    qn = moved.get("t-order-ms", "questions")
    assert right_answer(qn, moved)[:2] == ["general", "first"]
    assert grade(qn, ["general", "first", "nudify", "marking"], "nl", moved).correct


# -- date -----------------------------------------------------------------------------------------
def test_date_options_from_timeline_deduplicated(bank, content):
    view = build_view(q(bank, "t-date"), "nl", bank)
    ids = [c.id for c in view.choices]
    # sandboxes and gpai-legacy share a date in the amended law: only the first is offered
    assert "gpai-legacy" not in ids and "sandboxes" in ids
    assert ids == sorted(ids, key=lambda m: content.milestone_date(m))  # chronological
    answer = next(c for c in view.choices if c.id == "annex-iii-high-risk")
    assert answer.text == format_date(content.milestone_date("annex-iii-high-risk"), "nl")
    assert g(bank, "t-date", "annex-iii-high-risk").correct
    assert not g(bank, "t-date", "general-application").correct
    with pytest.raises(QuizError, match=r"unknown date choice id 'gpai-legacy'"):
        g(bank, "t-date", "gpai-legacy")


def test_date_original_version(bank):
    view = build_view(q(bank, "t-date-original"), "en", bank)
    # original: annex III = general application date (dropped); new-prohibitions has no date
    assert [c.id for c in view.choices] == ["annex-iii-high-risk", "annex-i-high-risk"]
    assert view.choices[0].text == "2 August 2026"
    result = g(bank, "t-date-original", "annex-iii-high-risk", "en")
    assert result.correct and result.explanation == "From 2 August 2026."


def test_date_right_option_follows_the_timeline_data(tmp_path, content):
    moved = load_bank(
        tmp_path, timeline_edit=set_milestone("annex-iii-high-risk", "date_amended", "2029-03-15")
    )
    view = build_view(moved.get("t-date", "questions"), "nl", moved)
    answer = next(c for c in view.choices if c.id == "annex-iii-high-risk")
    assert answer.text == "15 maart 2029"
    assert view.choices[-1].id == "annex-iii-high-risk"  # now the latest date
    result = grade(moved.get("t-date", "questions"), "annex-iii-high-risk", "nl", moved)
    assert result.correct_answer == ("15 maart 2029",)
    assert "15 maart 2029" in result.explanation


def test_date_distractor_with_the_answers_date_is_dropped(tmp_path):
    same = load_bank(
        tmp_path, timeline_edit=set_milestone("annex-iii-high-risk", "date_amended", "2026-08-02")
    )
    view = build_view(same.get("t-date", "questions"), "nl", same)
    assert "general-application" not in [c.id for c in view.choices]
    assert len({c.text for c in view.choices}) == len(view.choices)


# -- scenario -------------------------------------------------------------------------------------
def test_scenario_parts(bank):
    assert g(bank, "t-scenario", {"q1": "x", "q2": "y", "q3": "x"}).correct
    two = g(bank, "t-scenario", {"q1": "y", "q2": "y", "q3": "x"})
    assert two.score == pytest.approx(2 / 3)
    assert two.feedback[0].message == "Y is fout" and two.feedback[0].expected == "Optie x"
    assert two.correct_answer[0] == "Rol: Optie x"
    with pytest.raises(QuizError) as err:
        g(bank, "t-scenario", {"q1": "x"})
    assert err.value.reason == "incomplete"
    with pytest.raises(QuizError, match=r"unknown option in part 'q3' id 'y'"):
        g(bank, "t-scenario", {"q1": "x", "q2": "y", "q3": "y"})


# -- rendering ------------------------------------------------------------------------------------
def test_explanation_rendered_with_citations(bank, content):
    nl = g(bank, "t-single", "a", "nl")
    assert (
        nl.explanation
        == "Uitleg vanaf " + format_date(content.milestone_date("chapters-i-ii"), "nl") + "."
    )
    assert nl.citations == ("Art. 2(1)", "Bijlage III 5(a)")
    html = nl.explanation_html()
    assert "Bronnen: Art. 2(1), Bijlage III 5(a)" in html
    assert g(bank, "t-single", "a", "en").citations == ("Art. 2(1)", "Annex III 5(a)")


def test_shipped_bank_every_question_right_answer_is_graded_correct(content):
    for question in content.kind("questions"):
        for lang in ("nl", "en"):
            build_view(question, lang, content)
            result = grade(question, right_answer(question, content), lang, content)
            assert result.correct, (question.id, lang)
            assert result.explanation and result.citations


# -- sessions -------------------------------------------------------------------------------------
ALL = [
    "t-single",
    "t-multiple",
    "t-tf",
    "t-match",
    "t-order",
    "t-order-ms",
    "t-date",
    "t-scenario",
]


def order_of(session):
    return [
        (i, [c.id for c in session.view(i).choices + session.view(i).steps]) for i in session.ids
    ]


def test_seeded_shuffling_is_deterministic(bank):
    a = QuizSession(ALL, seed=42, content=bank)
    b = QuizSession(ALL, seed=42, content=bank)
    assert order_of(a) == order_of(b)
    others = [order_of(QuizSession(ALL, seed=s, content=bank)) for s in range(1, 6)]
    assert any(o != order_of(a) for o in others)
    assert sorted(a.ids) == sorted(ALL)
    unseeded = QuizSession(ALL, content=bank)
    assert order_of(QuizSession(ALL, seed=unseeded.seed, content=bank)) == order_of(unseeded)


def test_no_shuffle_keeps_content_order_and_limit(bank):
    s = QuizSession(ALL, shuffle=False, limit=3, content=bank)
    assert s.ids == ALL[:3]
    assert [c.id for c in s.view("t-single").choices] == ["a", "b", "c"]
    # steps are listed alphabetically so the content order never gives the answer away
    steps = [c.text for c in QuizSession(["t-order"], shuffle=False, content=bank).view(0).steps]
    assert steps == sorted(steps, key=str.casefold)


def test_session_config_errors(bank):
    with pytest.raises(QuizError, match=r"tries must be a whole number of at least 1, got 0"):
        QuizSession(ALL, tries=0, content=bank)
    with pytest.raises(QuizError, match=r"limit must be"):
        QuizSession(ALL, limit=0, content=bank)
    with pytest.raises(QuizError, match=r"unknown language 'de'"):
        QuizSession(ALL, "de", content=bank)
    with pytest.raises(QuizError, match=r"'nope' is neither a topic"):
        QuizSession("nope", content=bank)
    with pytest.raises(QuizError, match=r"no questions on topic 'gpai'"):
        QuizSession("gpai", content=bank)


def test_answer_to_question_not_in_quiz(bank):
    s = QuizSession(["t-single", "t-tf"], content=bank)
    with pytest.raises(QuizError, match=r"question 't-match' is not in this quiz") as err:
        s.check("t-match", {"p1": "p1"})
    assert err.value.reason == "unknown_question"
    with pytest.raises(QuizError, match=r"question number 5 is out of range"):
        s.check(5, "a")


def test_tries_policy_default_two(bank, recorded):
    s = QuizSession(["t-single"], content=bank)
    first = s.check("t-single", "b")
    assert (first.attempt, first.tries_left, first.finished, first.revealed) == (1, 1, False, False)
    second = s.check("t-single", "c")
    assert (second.attempt, second.tries_left, second.finished, second.revealed) == (
        2,
        0,
        True,
        True,
    )
    assert second.result.correct_answer == ("Optie a",)
    with pytest.raises(QuizError, match=r"already finished") as err:
        s.check("t-single", "a")
    assert err.value.reason == "finished"
    assert [e["attempt"] for e in recorded] == [1, 2]  # the refused third try emits nothing


def test_tries_policy_configurable_and_right_on_second_try(bank):
    s = QuizSession(["t-single", "t-tf"], tries=3, content=bank)
    assert s.check("t-single", "b").tries_left == 2
    assert s.check("t-single", "c").tries_left == 1
    third = s.check("t-single", "a")
    assert third.finished and not third.revealed and third.result.correct
    one = QuizSession(["t-tf"], tries=1, content=bank).check("t-tf", True)
    assert one.finished and one.revealed


def test_answer_event_payload(bank, recorded):
    s = QuizSession(["t-multiple"], quiz_id="demo", content=bank)
    with pytest.raises(QuizError):
        s.check("t-multiple", ["zz"])
    assert recorded == []  # invalid answers are not events
    s.check("t-multiple", ["b", "a", "c"])
    assert recorded == [
        {
            "question_id": "t-multiple",
            "answer": ["a", "b", "c"],
            "correct": False,
            "score": 0.5,
            "attempt": 1,
            "topic": "scope",
            "quiz_id": "demo",
        }
    ]


def test_hints(bank):
    s = QuizSession(["t-single", "t-tf"], content=bank)
    assert s.view("t-single").has_hint and not s.view("t-tf").has_hint
    assert s.hint("t-single") == "Denk aan a." and s.state("t-single").hint_shown
    assert s.hint("t-tf") is None
    assert QuizSession(["t-single"], "en", content=bank).hint(0) == "Think of a."


def test_scores_progress_summary_and_retry_wrong(bank):
    s = QuizSession(["t-single", "t-multiple", "t-tf", "t-scenario"], seed=7, content=bank)
    assert s.progress.answered == 0 and s.summary().band == "band_low"
    s.check("t-single", "a")  # right
    s.check("t-multiple", ["a"])  # 0.5, one try left
    s.check("t-tf", True)  # wrong, one try left
    p = s.progress
    assert (p.answered, p.finished, p.total) == (3, 1, 4)
    assert s.score == pytest.approx((1 + 0.5 + 0 + 0) / 4)
    topics = s.topic_scores()
    assert (topics["scope"].total, topics["scope"].correct) == (2, 1)
    assert topics["scope"].score == pytest.approx(0.75)
    assert topics["roles"].answered == 1 and topics["literacy"].answered == 0
    assert topics["scope"].label == "Toepassingsgebied"
    assert s.wrong_ids() == [i for i in s.ids if i in ("t-multiple", "t-tf")]
    summary = s.summary()
    assert summary.band == "band_low" and summary.message.startswith("Deze stof")
    assert not s.done

    retry = s.retry_wrong(seed=1)
    assert sorted(retry.ids) == ["t-multiple", "t-tf"]
    assert (retry.lang, retry.tries, retry.quiz_id) == (s.lang, s.tries, s.quiz_id)
    for i in retry.ids:
        retry.check(i, right_answer(retry.question(i), bank))
    assert retry.done and retry.score == 1.0 and retry.summary().band == "band_excellent"
    with pytest.raises(QuizError, match=r"no wrongly answered questions"):
        retry.retry_wrong()


@pytest.mark.parametrize(
    "score, band",
    [
        (1.0, "band_excellent"),
        (0.9, "band_excellent"),
        (0.89, "band_good"),
        (0.7, "band_good"),
        (0.5, "band_fair"),
        (0.49, "band_low"),
        (0.0, "band_low"),
    ],
)
def test_score_bands(score, band):
    assert band_key(score) == band


def test_selection_and_topics(bank, content):
    assert questions_for(["t-tf", "scope", "t-single"], bank) == ["t-tf", "t-single", "t-multiple"]
    with pytest.raises(QuizError, match=r"empty selection"):
        questions_for([], bank)
    with pytest.raises(QuizError, match=r"not int 3"):
        questions_for(["t-tf", 3], bank)
    topics = quiz_topics(content)
    for topic in ("definition", "scope", "roles", "literacy"):
        assert topics[topic] >= 10
    assert quiz_topics(bank) == {"scope": 2, "roles": 3, "timeline": 3, "literacy": 1}


def test_stats_and_check_command(content, capsys):
    from aiact_kit.commands.cli import main
    from aiact_kit.commands.quiz import stats

    data = stats(content)["questions"]
    n = len(content.kind("questions"))
    assert data["total"] == n == data["per_language"]["nl"] == data["per_language"]["en"]
    assert sum(data["per_topic"].values()) == n == sum(data["per_type"].values())
    assert set(data["per_type"]) == {
        "single",
        "multiple",
        "true_false",
        "matching",
        "ordering",
        "date",
        "scenario",
    }
    assert main(["quiz", "--check"]) == 0
    assert capsys.readouterr().out.startswith(f"OK: {n} questions")


# -- question types -------------------------------------------------------------------------------
def test_every_question_type_of_the_schema_is_one_registered_class():
    from aiact_kit.content.schema.questions import QuestionType as SchemaType

    assert set(QUESTION_TYPES) == set(get_args(SchemaType))
    for name, kind in QUESTION_TYPES.items():
        assert kind.name == name
        assert quiz_ui(kind.instruction, "en") and quiz_ui(kind.instruction, "nl")
    with pytest.raises(QuizError, match="unknown question type 'essay'"):
        build_view(SimpleNamespace(id="x", type="essay", version="amended"), "en")


@pytest.mark.parametrize(
    ("qid", "lines"),
    [
        ("t-single", ["Option a"]),
        ("t-multiple", ["Option a", "Option b"]),
        ("t-tf", ["False"]),
        ("t-match", ["Left 1 \u2192 Right A", "Left 2 \u2192 Right B", "Left 3 \u2192 Right A"]),
        ("t-order", ["Step one", "Step two", "Step three", "Step four"]),
        ("t-date", ["2 December 2027"]),
        ("t-scenario", ["Role \u2192 Option x", "Risk \u2192 Option y", "Duty \u2192 Option x"]),
    ],
)
def test_answer_lines_name_an_answer_in_words(bank, qid, lines):
    question = q(bank, qid)
    assert answer_lines(build_view(question, "en", bank), right_answer(question, bank)) == lines


def test_the_packages_modules_are_private_to_it():
    package = ROOT / "src" / "aiact_kit" / "engines" / "quiz"
    modules = sorted(p.stem for p in package.glob("*.py") if p.stem != "__init__")
    private = re.compile(rf"aiact_kit\.engines\.quiz\.({'|'.join(modules)})\b")
    files = [*(ROOT / "src").rglob("*.py"), *(ROOT / "tests").rglob("*.py")]
    found = [
        f"{path.relative_to(ROOT)}: {m.group(0)}"
        for path in files
        if package not in path.parents
        for m in private.finditer(path.read_text(encoding="utf-8"))
    ]
    assert not found, f"import these names from aiact_kit.engines.quiz: {found}"
