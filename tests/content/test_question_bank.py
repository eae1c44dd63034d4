"""Checks on the quiz question bank (``content/questions-*.yaml``).

The schema validates each question on its own; these tests check the bank as a whole: minimum
counts per topic, all seven question types present, date questions that are answerable from the
timeline data (distinct dates under the question's version), orderings without ties, matching
questions without duplicate answers, unique prompts, and text that renders without leftover
date placeholders.
"""

from __future__ import annotations

import pytest

from aiact_kit.content import CONTENT_DIR
from aiact_kit.content.schema.base import DATE_PLACEHOLDER, LANGS, I18n
from aiact_kit.content.schema.questions import Question

# Topics whose questions live in one file each, with the minimum number of questions.
OWNED_TOPICS = {
    "prohibited": 14,
    "high-risk": 16,
    "transparency": 10,
    "gpai": 10,
    "timeline": 12,
    "penalties-supervision": 8,
}
ALL_TYPES = {"single", "multiple", "true_false", "matching", "ordering", "date", "scenario"}


def _questions(content) -> list[Question]:
    return content.kind("questions")


def _owned(content) -> list[Question]:
    return [q for q in _questions(content) if content.files[q.id] in _owned_files()]


def _owned_files() -> set[str]:
    return {f"questions-{topic}.yaml" for topic in OWNED_TOPICS}


def _i18n_values(value):
    """Every I18n text inside a question (prompt, options, pairs, steps, parts, ...)."""
    if isinstance(value, I18n):
        yield value
    elif isinstance(value, (list, tuple)):
        for sub in value:
            yield from _i18n_values(sub)
    elif hasattr(type(value), "model_fields"):
        for name in type(value).model_fields:
            yield from _i18n_values(getattr(value, name))


# -- checkers (pure functions, also tested on bad input below) ---------------------------------
def date_question_problems(content, q: Question) -> list[str]:
    """Why a date question cannot be answered unambiguously from the timeline data."""
    problems = []
    answer = content.milestone_date(q.milestone, q.version)
    if answer is None:
        problems.append(f"milestone '{q.milestone}' has no date in version '{q.version}'")
    seen = {answer}
    for d in q.distractors:
        dd = content.milestone_date(d, q.version)
        if dd is None:
            problems.append(f"distractor '{d}' has no date in version '{q.version}'")
        elif dd == answer:
            problems.append(f"distractor '{d}' has the same date as the answer ({dd})")
        elif dd in seen:
            problems.append(f"distractor '{d}' repeats the date {dd} of another option")
        seen.add(dd)
    if len(q.distractors) < 2:
        problems.append("a date question needs at least two distractors")
    return problems


def ordering_problems(content, q: Question) -> list[str]:
    """Ties or missing dates in an ordering question whose steps are all milestones."""
    if not q.sequence or not all(s.milestone for s in q.sequence):
        return []
    problems = []
    dates = {}
    for step in q.sequence:
        d = content.milestone_date(step.milestone, q.version)
        if d is None:
            problems.append(f"step '{step.id}': milestone has no date in version '{q.version}'")
        elif d in dates.values():
            problems.append(f"step '{step.id}' ties with another step on {d}")
        dates[step.id] = d
    return problems


def matching_problems(q: Question) -> list[str]:
    problems = []
    for lang in LANGS:
        for side in ("left", "right"):
            texts = [getattr(p, side).get(lang) for p in q.pairs]
            if len(set(texts)) != len(texts):
                problems.append(f"duplicate {side} text in '{lang}'")
    return problems


# -- the bank --------------------------------------------------------------------------------
def test_owned_files_exist():
    missing = [f for f in sorted(_owned_files()) if not (CONTENT_DIR / f).is_file()]
    assert not missing, f"missing question files: {missing}"


@pytest.mark.parametrize("topic,minimum", sorted(OWNED_TOPICS.items()))
def test_topic_minimum_count(content, topic, minimum):
    n = sum(1 for q in _questions(content) if q.topic == topic)
    assert n >= minimum, f"topic '{topic}' has {n} questions, needs at least {minimum}"


def test_owned_file_holds_only_its_topic(content):
    wrong = [
        (q.id, q.topic, content.files[q.id])
        for q in _owned(content)
        if content.files[q.id] != f"questions-{q.topic}.yaml"
    ]
    assert not wrong, f"question in the file of another topic: {wrong}"


def test_owned_ids_carry_topic_prefix(content):
    bad = [q.id for q in _owned(content) if not q.id.startswith(f"q-{q.topic}-")]
    assert not bad, f"ids without the q-<topic>- prefix: {bad}"


def test_all_seven_types_in_bank(content):
    present = {q.type for q in _questions(content)}
    assert present >= ALL_TYPES, f"missing question types: {sorted(ALL_TYPES - present)}"


def test_types_spread_over_owned_files(content):
    """Each owned file uses at least four different question types."""
    by_file: dict[str, set[str]] = {}
    for q in _owned(content):
        by_file.setdefault(content.files[q.id], set()).add(q.type)
    thin = {f: sorted(t) for f, t in by_file.items() if len(t) < 4}
    assert not thin, f"files with fewer than four question types: {thin}"


def test_date_questions_are_answerable(content):
    problems = {
        q.id: date_question_problems(content, q) for q in _questions(content) if q.type == "date"
    }
    problems = {k: v for k, v in problems.items() if v}
    assert not problems, problems


def test_bank_has_original_and_amended_date_questions(content):
    versions = {q.version for q in _questions(content) if q.type == "date"}
    assert versions == {"amended", "original"}


def test_milestone_orderings_have_no_ties(content):
    problems = {q.id: ordering_problems(content, q) for q in _questions(content)}
    problems = {k: v for k, v in problems.items() if v}
    assert not problems, problems


def test_matching_answers_are_unique(content):
    problems = {q.id: matching_problems(q) for q in _questions(content) if q.type == "matching"}
    problems = {k: v for k, v in problems.items() if v}
    assert not problems, problems


def test_prompts_are_unique(content):
    for lang in LANGS:
        seen: dict[str, str] = {}
        for q in _questions(content):
            text = " ".join(q.prompt.get(lang).split()).casefold()
            assert text not in seen, f"questions '{seen[text]}' and '{q.id}' share a {lang} prompt"
            seen[text] = q.id


@pytest.mark.parametrize("version", ["amended", "original"])
@pytest.mark.parametrize("lang", LANGS)
def test_owned_text_renders_without_placeholders(content, lang, version):
    for q in _owned(content):
        for text in _i18n_values(q):
            rendered = content.render(text, lang, version)
            assert not DATE_PLACEHOLDER.search(rendered), (q.id, rendered)
            assert "{date" not in rendered, (q.id, rendered)


def test_original_version_questions_name_the_version_of_every_date(content):
    """A question about the original text must not leave the version of a date to the renderer."""
    vague = [
        (q.id, m.group(0))
        for q in _questions(content)
        if q.version == "original"
        for text in _i18n_values(q)
        for lang in LANGS
        for m in DATE_PLACEHOLDER.finditer(text.get(lang))
        if m.group("version") is None
    ]
    assert not vague, f"date placeholders without :original or :amended: {vague}"


def test_owned_prompts_are_translated(content):
    same = [q.id for q in _owned(content) if q.prompt.nl == q.prompt.en]
    assert not same, f"prompt identical in nl and en (untranslated?): {same}"


def test_owned_questions_explain_wrong_choices(content):
    """Single and multiple questions give feedback on at least one wrong option."""
    bare = [
        q.id
        for q in _owned(content)
        if q.type in ("single", "multiple")
        and not any(o.feedback for o in q.options if not o.correct)
    ]
    assert not bare, f"no feedback on any wrong option: {bare}"


def test_about_half_of_owned_questions_have_a_hint(content):
    owned = _owned(content)
    with_hint = sum(1 for q in owned if q.hint is not None)
    assert 0.35 <= with_hint / len(owned) <= 0.75, f"{with_hint} of {len(owned)} have a hint"


# -- the checkers catch bad questions ----------------------------------------------------------
def _date_question(**overrides) -> Question:
    data = {
        "id": "q-timeline-test",
        "type": "date",
        "topic": "timeline",
        "difficulty": 1,
        "prompt": {"nl": "Wanneer?", "en": "When?"},
        "milestone": "annex-iii-high-risk",
        "distractors": ["general-application", "annex-i-high-risk"],
        "explanation": {"nl": "Daarom.", "en": "Because."},
        "citations": ["Art. 113(c)(i)"],
    }
    data.update(overrides)
    return Question.model_validate(data)


def test_checker_accepts_a_good_date_question(content):
    assert date_question_problems(content, _date_question()) == []


def test_checker_rejects_distractor_with_answer_date_in_original(content):
    # In the original text Annex III high-risk rules started on the general date of application.
    q = _date_question(version="original")
    problems = date_question_problems(content, q)
    assert any("general-application" in p and "same date" in p for p in problems), problems


def test_checker_rejects_amended_only_milestone_in_original(content):
    q = _date_question(version="original", milestone="new-prohibitions")
    problems = date_question_problems(content, q)
    assert any("new-prohibitions" in p and "no date" in p for p in problems), problems


def test_checker_rejects_distractors_sharing_a_date(content):
    # gpai-legacy and annex-x-cutoff fall on the same day.
    q = _date_question(distractors=["gpai-legacy", "annex-x-cutoff"])
    problems = date_question_problems(content, q)
    assert any("repeats the date" in p for p in problems), problems


def test_checker_rejects_tied_ordering(content):
    q = Question.model_validate(
        {
            "id": "q-timeline-tie",
            "type": "ordering",
            "topic": "timeline",
            "difficulty": 1,
            "prompt": {"nl": "Volgorde?", "en": "Order?"},
            "sequence": [
                {"id": "a", "milestone": "new-prohibitions"},
                {"id": "b", "milestone": "generative-legacy"},
            ],
            "explanation": {"nl": "Zo.", "en": "Like this."},
            "citations": ["Art. 113(a)"],
        }
    )
    assert any("ties" in p for p in ordering_problems(content, q))


def test_checker_rejects_duplicate_matching_answer():
    q = Question.model_validate(
        {
            "id": "q-high-risk-dup",
            "type": "matching",
            "topic": "high-risk",
            "difficulty": 1,
            "prompt": {"nl": "Koppel.", "en": "Match."},
            "pairs": [
                {"id": "a", "left": {"nl": "A", "en": "A"}, "right": {"nl": "X", "en": "X"}},
                {"id": "b", "left": {"nl": "B", "en": "B"}, "right": {"nl": "X", "en": "Y"}},
            ],
            "explanation": {"nl": "Zo.", "en": "Like this."},
            "citations": ["Art. 6(2)"],
        }
    )
    assert matching_problems(q) == ["duplicate right text in 'nl'"]
