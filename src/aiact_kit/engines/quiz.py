"""The quiz engine: question views, grading, seeded sessions, tries, hints and scores.

Pure Python: this module never imports ipywidgets (a test checks it). The widgets in
:mod:`aiact_kit.widgets.quiz` render a :class:`QuizSession` and forward the learner's answers.

Answer shapes and grading, per question type (a question is *correct* when its score is 1):

- ``single``: an option id (``str``). Score 1 for the correct option, else 0.
- ``multiple``: a list of distinct option ids (at least one). Partial credit:
  ``(correct options chosen - wrong options chosen) / number of correct options``, floored at 0.
  Only exactly the set of correct options scores 1.
- ``true_false``: ``True``/``False`` (or the choice ids ``"true"``/``"false"``). Score 1 or 0.
- ``matching``: a mapping ``{left pair id: right choice id}`` with an entry for every left item.
  Right choices are identified by a pair id; pairs that share the same right-hand text share one
  choice, so several left items may match the same right item. Score = fraction of left items
  matched right.
- ``ordering``: the list of all step ids in the learner's order. Score = fraction of positions
  holding a right step. When every step refers to a milestone, the right order is by the
  milestones' dates in the question's version of the law, and steps with the same date may
  stand in either order; otherwise the order listed in the content is the right one.
- ``date``: a choice id (the id of a milestone). The choices are the dates of the answer
  milestone and of its distractor milestones, in the question's version of the law, deduplicated
  by date (a distractor with the same date as the answer, or as an earlier distractor, is dropped)
  and listed chronologically. Dates come from the timeline data only.
- ``scenario``: a mapping ``{part id: option id}`` with an entry for every part; each part is a
  single choice. Score = fraction of parts right.

Invalid input (an unknown option id, a wrong answer shape, an answer to a question that is not
in the quiz) raises :class:`QuizError`, naming the question and the bad value.

A :class:`QuizSession` shuffles questions and options with a seed (the same seed gives the same
order), allows a number of tries per question (default 2; after the last wrong try the right
answer is shown), offers hints, keeps the score per quiz and per topic, and emits an ``"answer"``
event (see :mod:`aiact_kit.engines.events`) for every checked answer.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from html import escape
from typing import TYPE_CHECKING, Any

from aiact_kit.content import Content, default_content
from aiact_kit.content.citations import parse_citation
from aiact_kit.content.records import TOPICS
from aiact_kit.content.vocabulary import check_lang, format_date
from aiact_kit.engines import events

if TYPE_CHECKING:  # annotations only: app kernels never import the pydantic schema
    from aiact_kit.content.schema.base import I18n
    from aiact_kit.content.schema.questions import Question

# -- interface strings ----------------------------------------------------------------------
# Quiz-specific interface words (no legal facts). Generic words live in
# aiact_kit.content.vocabulary.UI.
QUIZ_UI: dict[str, dict[str, str]] = {
    "true": {"nl": "Waar", "en": "True"},
    "false": {"nl": "Niet waar", "en": "False"},
    "choose_one": {"nl": "Kies één antwoord", "en": "Choose one answer"},
    "choose_all": {"nl": "Kies alle juiste antwoorden", "en": "Choose all correct answers"},
    "choose_date": {"nl": "Kies een datum", "en": "Choose a date"},
    "match_heading": {
        "nl": "Kies bij elk onderdeel het passende antwoord",
        "en": "For each item, choose the matching answer",
    },
    "order_heading": {
        "nl": "Geef elke stap een plaats in de volgorde (1 = eerst)",
        "en": "Give each step its place in the order (1 = first)",
    },
    "position": {"nl": "Plaats {n}", "en": "Position {n}"},
    "not_chosen": {"nl": "(nog niet gekozen)", "en": "(not chosen yet)"},
    "scenario_heading": {"nl": "Casus", "en": "Case"},
    "question_of": {"nl": "Vraag {n} van {total}", "en": "Question {n} of {total}"},
    "progress": {"nl": "Voortgang", "en": "Progress"},
    "answered_of": {"nl": "{n} van {total} beantwoord", "en": "{n} of {total} answered"},
    "items_right": {"nl": "{n} van {total} goed", "en": "{n} of {total} right"},
    "try_again": {
        "nl": "Probeer het nog eens. Je hebt nog {n} pogingen.",
        "en": "Try again. You have {n} more tries.",
    },
    "try_again_one": {
        "nl": "Probeer het nog eens. Je hebt nog 1 poging.",
        "en": "Try again. You have 1 more try.",
    },
    "answer_shown": {"nl": "Het juiste antwoord", "en": "The correct answer"},
    "explanation": {"nl": "Uitleg", "en": "Explanation"},
    "your_choice": {"nl": "jouw keuze", "en": "your choice"},
    "right_choice": {"nl": "juist", "en": "right"},
    "wrong_choice": {"nl": "onjuist", "en": "wrong"},
    "missed_choice": {"nl": "gemist", "en": "missed"},
    "no_answer": {
        "nl": "Kies eerst een antwoord en klik dan op Controleer.",
        "en": "Choose an answer first, then click Check.",
    },
    "incomplete": {
        "nl": "Maak eerst bij elk onderdeel een keuze.",
        "en": "Make a choice for every item first.",
    },
    "duplicate_position": {
        "nl": "Elke plaats mag maar één keer voorkomen.",
        "en": "Each position can be used only once.",
    },
    "finished": {
        "nl": "Deze vraag is al afgerond. Ga naar de volgende vraag.",
        "en": "This question is already finished. Go to the next question.",
    },
    "invalid": {
        "nl": "Dit antwoord kan niet worden verwerkt",
        "en": "This answer cannot be processed",
    },
    "no_hint": {"nl": "Bij deze vraag is geen hint.", "en": "There is no hint for this question."},
    "summary": {"nl": "Resultaat", "en": "Result"},
    "total_score": {"nl": "Je score: {pct}%", "en": "Your score: {pct}%"},
    "topic": {"nl": "Onderwerp", "en": "Topic"},
    "per_topic": {"nl": "Score per onderwerp", "en": "Score per topic"},
    "questions": {"nl": "Vragen", "en": "Questions"},
    "retry_wrong": {"nl": "Oefen de foute antwoorden opnieuw", "en": "Retry wrong answers"},
    "finish": {"nl": "Naar het resultaat", "en": "Show result"},
    "all_right": {
        "nl": "Je hebt alle vragen goed beantwoord.",
        "en": "You answered every question correctly.",
    },
    "reported": {
        "nl": "Deze vraag steunt op feiten die alleen in secundaire bronnen zijn gemeld.",
        "en": "This question rests on facts reported only in secondary sources.",
    },
    "band_excellent": {
        "nl": "Uitstekend! Je beheerst deze stof goed.",
        "en": "Excellent! You know this material well.",
    },
    "band_good": {
        "nl": "Goed gedaan. Bekijk nog even de uitleg bij de vragen die je miste.",
        "en": "Well done. Have another look at the explanations of the questions you missed.",
    },
    "band_fair": {
        "nl": "Een redelijk begin. Lees de uitleg bij de gemiste vragen en oefen ze opnieuw.",
        "en": "A fair start. Read the explanations of the missed questions and retry them.",
    },
    "band_low": {
        "nl": "Deze stof is nog nieuw voor je. Neem de les nog eens door en probeer het opnieuw.",
        "en": "This material is still new to you. Go through the lesson again and retry.",
    },
}

# Feedback at the end of a quiz: the first band whose lower bound the score reaches.
SCORE_BANDS: tuple[tuple[float, str], ...] = (
    (0.9, "band_excellent"),
    (0.7, "band_good"),
    (0.5, "band_fair"),
    (0.0, "band_low"),
)

TOPIC_LABELS: dict[str, dict[str, str]] = {
    "definition": {"nl": "Wat is een AI-systeem?", "en": "What is an AI system?"},
    "scope": {"nl": "Toepassingsgebied", "en": "Scope"},
    "roles": {"nl": "Rollen", "en": "Roles"},
    "prohibited": {"nl": "Verboden AI-praktijken", "en": "Prohibited AI practices"},
    "high-risk": {"nl": "Hoog-risico-AI-systemen", "en": "High-risk AI systems"},
    "transparency": {"nl": "Transparantieverplichtingen", "en": "Transparency obligations"},
    "gpai": {"nl": "AI voor algemene doeleinden", "en": "General-purpose AI"},
    "timeline": {"nl": "Tijdlijn", "en": "Timeline"},
    "penalties-supervision": {"nl": "Sancties en toezicht", "en": "Penalties and supervision"},
    "literacy": {"nl": "AI-geletterdheid", "en": "AI literacy"},
}


def quiz_ui(key: str, lang: str = "nl", **values: Any) -> str:
    """A quiz interface string in ``lang``, with ``{name}`` fields filled from ``values``."""
    check_lang(lang)
    try:
        text = QUIZ_UI[key][lang]
    except KeyError:
        raise KeyError(f"no quiz interface string {key!r}") from None
    return text.format(**values) if values else text


def topic_label(topic: str, lang: str = "nl") -> str:
    check_lang(lang)
    if topic not in TOPIC_LABELS:
        raise QuizError(f"unknown topic {topic!r}; expected one of {', '.join(TOPICS)}")
    return TOPIC_LABELS[topic][lang]


def band_key(score: float) -> str:
    """The key of the score band (see :data:`SCORE_BANDS`) for a score in 0..1."""
    for lower, key in SCORE_BANDS:
        if score >= lower:
            return key
    return SCORE_BANDS[-1][1]


# -- errors -----------------------------------------------------------------------------------
class QuizError(ValueError):
    """Invalid quiz input or set-up. ``reason`` is a stable code the widgets translate:

    ``no_answer`` (nothing chosen), ``incomplete`` (a matching/scenario/ordering answer misses
    items), ``duplicate_position`` (widgets: two steps given the same place), ``invalid`` (wrong
    shape or unknown id), ``finished`` (the question was already finished),
    ``unknown_question``, ``selection`` (nothing to quiz on), ``config`` (bad settings),
    ``content`` (the content cannot make this question, e.g. a missing date).
    """

    def __init__(
        self,
        message: str,
        *,
        question_id: str | None = None,
        value: Any = None,
        reason: str = "invalid",
    ):
        self.question_id = question_id
        self.value = value
        self.reason = reason
        prefix = f"question '{question_id}': " if question_id else ""
        super().__init__(prefix + message)


# -- views --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Choice:
    """Something the learner can pick: an option, a date, a matching target, a step."""

    id: str
    text: str


@dataclass(frozen=True)
class PartView:
    id: str
    label: str
    choices: tuple[Choice, ...]


@dataclass(frozen=True)
class QuestionView:
    """A question as the learner sees it, rendered in one language, options in shown order."""

    id: str
    type: str
    topic: str
    difficulty: int
    lang: str
    prompt: str
    choices: tuple[Choice, ...] = ()  # single, multiple, true_false, date
    lefts: tuple[Choice, ...] = ()  # matching: the items to match (id = pair id)
    rights: tuple[Choice, ...] = ()  # matching: the choices for every left item
    steps: tuple[Choice, ...] = ()  # ordering: the steps, in shown (not correct) order
    scenario: str | None = None
    parts: tuple[PartView, ...] = ()
    has_hint: bool = False
    status: str = "confirmed"

    @property
    def instruction(self) -> str:
        """A short instruction for the answer control (its visible label)."""
        key = {
            "single": "choose_one",
            "true_false": "choose_one",
            "multiple": "choose_all",
            "date": "choose_date",
            "matching": "match_heading",
            "ordering": "order_heading",
            "scenario": "choose_one",
        }[self.type]
        return quiz_ui(key, self.lang)


def _render(content: Content, text: I18n, lang: str, version: str) -> str:
    return content.render(text, lang, version)


def _date_options(question: Question, content: Content) -> list[tuple[str, date]]:
    """(milestone id, date) of the answer and its distractors, deduplicated, chronological."""
    version = question.version
    answer = content.milestone_date(question.milestone, version)
    if answer is None:
        raise QuizError(
            f"milestone '{question.milestone}' has no date in the {version} version of the law",
            question_id=question.id,
            value=question.milestone,
            reason="content",
        )
    options = [(str(question.milestone), answer)]
    seen = {answer}
    for milestone in question.distractors:
        d = content.milestone_date(milestone, version)
        if d is None or d in seen:
            continue
        seen.add(d)
        options.append((str(milestone), d))
    if len(options) < 2:
        raise QuizError(
            "every distractor has the same date as the answer (or none in this version)",
            question_id=question.id,
            reason="content",
        )
    return sorted(options, key=lambda item: item[1])


def _step_keys(question: Question, content: Content) -> dict[str, Any]:
    """Sort key of every step: the milestone date when all steps have one, else list position."""
    if all(step.milestone is not None for step in question.sequence):
        keys: dict[str, Any] = {}
        for step in question.sequence:
            d = content.milestone_date(step.milestone, question.version)
            if d is None:
                raise QuizError(
                    f"step '{step.id}': milestone '{step.milestone}' has no date in the "
                    f"{question.version} version of the law",
                    question_id=question.id,
                    reason="content",
                )
            keys[step.id] = d
        return keys
    return {step.id: i for i, step in enumerate(question.sequence)}


def _step_text(question: Question, step: Any, content: Content, lang: str) -> str:
    if step.text is not None:
        return _render(content, step.text, lang, question.version)
    return _render(content, content.get(step.milestone, "timeline").title, lang, question.version)


def _right_key(pair: Any) -> tuple[str, str]:
    return (pair.right.nl, pair.right.en)


def _right_ids(question: Question) -> dict[str, str]:
    """pair id -> the id of the choice for its right side (shared by pairs with equal text)."""
    first: dict[tuple[str, str], str] = {}
    out = {}
    for pair in question.pairs:
        out[pair.id] = first.setdefault(_right_key(pair), pair.id)
    return out


def build_view(
    question: Question,
    lang: str = "nl",
    content: Content | None = None,
    rng: random.Random | None = None,
) -> QuestionView:
    """Render ``question`` in ``lang``. With ``rng`` the options are shuffled; without it they
    keep content order, except that matching targets and ordering steps are sorted
    alphabetically so that the content order never gives the answer away."""
    check_lang(lang)
    content = content or default_content()
    v = question.version

    def r(text: I18n) -> str:
        return _render(content, text, lang, v)

    def arrange(items: list[Choice], alphabetical: bool = False) -> tuple[Choice, ...]:
        items = list(items)
        if rng is not None:
            rng.shuffle(items)
        elif alphabetical:
            items.sort(key=lambda c: c.text.casefold())
        return tuple(items)

    base = {
        "id": question.id,
        "type": question.type,
        "topic": question.topic,
        "difficulty": question.difficulty,
        "lang": lang,
        "prompt": r(question.prompt),
        "has_hint": question.hint is not None,
        "status": question.status,
    }
    t = question.type
    if t in ("single", "multiple"):
        choices = arrange([Choice(o.id, r(o.text)) for o in question.options])
        return QuestionView(**base, choices=choices)
    if t == "true_false":
        choices = (Choice("true", quiz_ui("true", lang)), Choice("false", quiz_ui("false", lang)))
        return QuestionView(**base, choices=choices)
    if t == "date":
        choices = tuple(
            Choice(m, format_date(d, lang)) for m, d in _date_options(question, content)
        )
        return QuestionView(**base, choices=choices)
    if t == "matching":
        right_ids = _right_ids(question)
        lefts = arrange([Choice(p.id, r(p.left)) for p in question.pairs])
        rights = [Choice(p.id, r(p.right)) for p in question.pairs if right_ids[p.id] == p.id]
        return QuestionView(**base, lefts=lefts, rights=arrange(rights, alphabetical=True))
    if t == "ordering":
        _step_keys(question, content)  # fail early when a milestone date is missing
        steps = [Choice(s.id, _step_text(question, s, content, lang)) for s in question.sequence]
        return QuestionView(**base, steps=arrange(steps, alphabetical=True))
    if t == "scenario":
        parts = tuple(
            PartView(p.id, r(p.label), arrange([Choice(o.id, r(o.text)) for o in p.options]))
            for p in question.parts
        )
        return QuestionView(**base, scenario=r(question.scenario), parts=parts)
    raise QuizError(f"unknown question type {t!r}", question_id=question.id)  # pragma: no cover


# -- grading -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Feedback:
    """Feedback on one option (single, multiple, true_false, date) or one item (a matching left
    item, an ordering step, a scenario part).

    For an option: ``selected`` (chosen by the learner), ``is_answer`` (a correct option),
    ``right`` (selected == is_answer). For an item: ``chosen`` (the learner's choice as text),
    ``expected`` (the right choice as text), ``right``. ``message`` is the content's feedback for
    the chosen option, if any.
    """

    id: str
    label: str
    right: bool
    selected: bool = False
    is_answer: bool = False
    chosen: str | None = None
    expected: str | None = None
    message: str | None = None


@dataclass(frozen=True)
class Result:
    """The grade of one answer."""

    question_id: str
    type: str
    topic: str
    lang: str
    answer: Any  # the answer, normalised and JSON-able
    score: float  # 0..1
    correct: bool
    feedback: tuple[Feedback, ...]
    explanation: str
    citations: tuple[str, ...]  # citation labels in the result's language
    correct_answer: tuple[str, ...]  # the right answer, as lines of text
    items_right: int
    items_total: int

    def explanation_html(self) -> str:
        """The explanation followed by its sources, escaped HTML."""
        label = "Bron" if self.lang == "nl" else "Source"
        if len(self.citations) > 1:
            label = "Bronnen" if self.lang == "nl" else "Sources"
        cites = ", ".join(escape(c) for c in self.citations)
        return (
            f'<p class="aiact-explanation">{escape(self.explanation)} '
            f'<span class="aiact-cite">{label}: {cites}</span></p>'
        )


def _fail(question: Question, message: str, value: Any, reason: str = "invalid") -> QuizError:
    return QuizError(message, question_id=question.id, value=value, reason=reason)


def _option_id(question: Question, value: Any, valid: Iterable[str], what: str = "option") -> str:
    valid = list(valid)
    if not isinstance(value, str):
        raise _fail(
            question,
            f"expected the id of a {what} (a string), got {type(value).__name__} {value!r}",
            value,
        )
    if value not in valid:
        raise _fail(
            question, f"unknown {what} id {value!r}; expected one of {', '.join(valid)}", value
        )
    return value


def _check_mapping(question: Question, answer: Any, keys: list[str], what: str) -> dict[str, Any]:
    if answer is None or (isinstance(answer, Mapping) and not answer):
        raise _fail(
            question, f"no answer given; expected a choice for every {what}", answer, "no_answer"
        )
    if not isinstance(answer, Mapping):
        raise _fail(
            question,
            f"expected a mapping {{{what} id: choice id}}, got {type(answer).__name__} {answer!r}",
            answer,
        )
    unknown = [k for k in answer if k not in keys]
    if unknown:
        raise _fail(
            question,
            f"unknown {what} id {unknown[0]!r}; expected {', '.join(keys)}",
            unknown[0],
        )
    missing = [k for k in keys if answer.get(k) is None]
    if missing:
        raise _fail(
            question,
            f"no choice for {what} {', '.join(repr(m) for m in missing)}",
            answer,
            "incomplete",
        )
    return dict(answer)


def grade(
    question: Question,
    answer: Any,
    lang: str = "nl",
    content: Content | None = None,
) -> Result:
    """Grade ``answer`` to ``question`` (see the module docstring for answer shapes and rules).

    Raises :class:`QuizError` for an answer of the wrong shape or with an unknown id.
    """
    check_lang(lang)
    content = content or default_content()
    v = question.version

    def r(text: I18n | None) -> str | None:
        return None if text is None else _render(content, text, lang, v)

    t = question.type
    feedback: list[Feedback] = []
    expected_lines: list[str] = []
    if t == "single":
        ids = [o.id for o in question.options]
        if answer is None:
            raise _fail(question, "no answer given; expected an option id", answer, "no_answer")
        chosen = _option_id(question, answer, ids)
        for o in question.options:
            selected = o.id == chosen
            feedback.append(
                Feedback(
                    o.id,
                    r(o.text),
                    selected == o.correct,
                    selected,
                    o.correct,
                    message=r(o.feedback) if selected else None,
                )
            )
            if o.correct:
                expected_lines.append(r(o.text))
        score = 1.0 if question.options[ids.index(chosen)].correct else 0.0
        normalised: Any = chosen
        right, total = int(score), 1
    elif t == "multiple":
        ids = [o.id for o in question.options]
        if answer is None or (isinstance(answer, (list, tuple, set, frozenset)) and not answer):
            raise _fail(
                question, "no answer given; choose at least one option", answer, "no_answer"
            )
        if isinstance(answer, str) or not isinstance(answer, (list, tuple, set, frozenset)):
            raise _fail(
                question,
                f"expected a list of option ids, got {type(answer).__name__} {answer!r}",
                answer,
            )
        chosen_list = [_option_id(question, a, ids) for a in answer]
        dupes = {a for a in chosen_list if chosen_list.count(a) > 1}
        if dupes:
            raise _fail(question, f"option id {sorted(dupes)[0]!r} chosen twice", answer)
        chosen_set = set(chosen_list)
        n_correct = sum(o.correct for o in question.options)
        good = sum(1 for o in question.options if o.correct and o.id in chosen_set)
        bad = sum(1 for o in question.options if not o.correct and o.id in chosen_set)
        score = max(0.0, (good - bad) / n_correct)
        for o in question.options:
            selected = o.id in chosen_set
            feedback.append(
                Feedback(
                    o.id,
                    r(o.text),
                    selected == o.correct,
                    selected,
                    o.correct,
                    message=r(o.feedback) if selected else None,
                )
            )
            if o.correct:
                expected_lines.append(r(o.text))
        normalised = [o.id for o in question.options if o.id in chosen_set]  # content order
        right = sum(f.right for f in feedback)
        total = len(feedback)
    elif t == "true_false":
        if answer is None:
            raise _fail(question, "no answer given; expected true or false", answer, "no_answer")
        if isinstance(answer, str) and answer in ("true", "false"):
            value = answer == "true"
        elif isinstance(answer, bool):
            value = answer
        else:
            raise _fail(
                question,
                f"expected True or False (or 'true'/'false'), got {type(answer).__name__} "
                f"{answer!r}",
                answer,
            )
        score = 1.0 if value == question.answer else 0.0
        for b in (True, False):
            key = "true" if b else "false"
            feedback.append(
                Feedback(
                    key,
                    quiz_ui(key, lang),
                    (value == b) == (question.answer == b),
                    value == b,
                    question.answer == b,
                )
            )
        expected_lines.append(quiz_ui("true" if question.answer else "false", lang))
        normalised = value
        right, total = int(score), 1
    elif t == "date":
        options = _date_options(question, content)
        ids = [m for m, _ in options]
        if answer is None:
            raise _fail(question, "no answer given; expected a date choice", answer, "no_answer")
        chosen = _option_id(question, answer, ids, "date choice")
        for m, d in options:
            is_answer = m == question.milestone
            feedback.append(
                Feedback(
                    m, format_date(d, lang), (m == chosen) == is_answer, m == chosen, is_answer
                )
            )
            if is_answer:
                expected_lines.append(format_date(d, lang))
        score = 1.0 if chosen == question.milestone else 0.0
        normalised = chosen
        right, total = int(score), 1
    elif t == "matching":
        lefts = [p.id for p in question.pairs]
        right_ids = _right_ids(question)
        choice_ids = [p.id for p in question.pairs]  # any pair id names its right side
        given = _check_mapping(question, answer, lefts, "left item")
        text_of = {p.id: r(p.right) for p in question.pairs}
        normalised = {}
        for p in question.pairs:
            chosen = _option_id(question, given[p.id], choice_ids, "right-hand choice")
            ok = right_ids[chosen] == right_ids[p.id]
            normalised[p.id] = right_ids[chosen]
            feedback.append(
                Feedback(p.id, r(p.left), ok, chosen=text_of[chosen], expected=text_of[p.id])
            )
            expected_lines.append(f"{r(p.left)} → {text_of[p.id]}")
        right = sum(f.right for f in feedback)
        total = len(feedback)
        score = right / total
    elif t == "ordering":
        steps = [s.id for s in question.sequence]
        if answer is None or (isinstance(answer, (list, tuple)) and not answer):
            raise _fail(
                question, "no answer given; expected the step ids in order", answer, "no_answer"
            )
        if isinstance(answer, str) or not isinstance(answer, (list, tuple)):
            raise _fail(
                question,
                f"expected a list of step ids in order, got {type(answer).__name__} {answer!r}",
                answer,
            )
        order = [_option_id(question, a, steps, "step") for a in answer]
        dupes = sorted({a for a in order if order.count(a) > 1})
        if dupes:
            raise _fail(question, f"step id {dupes[0]!r} appears more than once", answer)
        missing = [s for s in steps if s not in order]
        if missing:
            raise _fail(
                question,
                f"steps missing from the order: {', '.join(missing)}",
                answer,
                "incomplete",
            )
        keys = _step_keys(question, content)
        correct_order = sorted(steps, key=lambda s: (keys[s], steps.index(s)))
        by_id = {s.id: s for s in question.sequence}
        texts = {s: _step_text(question, by_id[s], content, lang) for s in steps}
        position_of = {s: i for i, s in enumerate(order)}
        for s in steps:
            i = position_of[s]
            ok = keys[s] == keys[correct_order[i]]
            # the right place(s): every position whose correct step has the same key
            places = [j + 1 for j, c in enumerate(correct_order) if keys[c] == keys[s]]
            feedback.append(
                Feedback(
                    s,
                    texts[s],
                    ok,
                    chosen=str(i + 1),
                    expected=" / ".join(str(p) for p in places),
                )
            )
        expected_lines = [f"{i + 1}. {texts[s]}" for i, s in enumerate(correct_order)]
        right = sum(f.right for f in feedback)
        total = len(feedback)
        score = right / total
        normalised = order
    elif t == "scenario":
        part_ids = [p.id for p in question.parts]
        given = _check_mapping(question, answer, part_ids, "part")
        normalised = {}
        for p in question.parts:
            ids = [o.id for o in p.options]
            chosen = _option_id(question, given[p.id], ids, f"option in part '{p.id}'")
            option = p.options[ids.index(chosen)]
            correct_option = next(o for o in p.options if o.correct)
            normalised[p.id] = chosen
            feedback.append(
                Feedback(
                    p.id,
                    r(p.label),
                    option.correct,
                    chosen=r(option.text),
                    expected=r(correct_option.text),
                    message=r(option.feedback),
                )
            )
            expected_lines.append(f"{r(p.label)}: {r(correct_option.text)}")
        right = sum(f.right for f in feedback)
        total = len(feedback)
        score = right / total
    else:  # pragma: no cover - the schema allows only the seven types
        raise _fail(question, f"unknown question type {t!r}", t)

    return Result(
        question_id=question.id,
        type=t,
        topic=question.topic,
        lang=lang,
        answer=normalised,
        score=score,
        correct=score == 1.0,
        feedback=tuple(feedback),
        explanation=r(question.explanation),
        citations=tuple(parse_citation(c).label(lang) for c in question.citations),
        correct_answer=tuple(expected_lines),
        items_right=right,
        items_total=total,
    )


def right_answer(question: Question, content: Content | None = None) -> Any:
    """The fully right answer to ``question``, in the answer shape :func:`grade` takes."""
    content = content or default_content()
    t = question.type
    if t == "single":
        return next(o.id for o in question.options if o.correct)
    if t == "multiple":
        return [o.id for o in question.options if o.correct]
    if t == "true_false":
        return question.answer
    if t == "date":
        return str(question.milestone)
    if t == "matching":
        return _right_ids(question)  # left id -> the id of the right-hand choice shown
    if t == "ordering":
        keys = _step_keys(question, content)
        steps = [s.id for s in question.sequence]
        return sorted(steps, key=lambda s: (keys[s], steps.index(s)))
    if t == "scenario":
        return {p.id: next(o.id for o in p.options if o.correct) for p in question.parts}
    raise QuizError(f"unknown question type {t!r}", question_id=question.id)  # pragma: no cover


# -- selecting questions ----------------------------------------------------------------------
def questions_for(selection: str | Iterable[str], content: Content | None = None) -> list[str]:
    """Question ids for a topic, a question id, or a list mixing topics and question ids
    (in content order per topic, duplicates removed)."""
    content = content or default_content()
    bank = content.items.get("questions", {})
    items = [selection] if isinstance(selection, str) else list(selection)
    if not items:
        raise QuizError("empty selection: give a topic or question ids", reason="selection")
    ids: list[str] = []
    for item in items:
        if not isinstance(item, str):
            raise QuizError(
                f"a selection item must be a topic or question id, not {type(item).__name__} "
                f"{item!r}",
                value=item,
                reason="selection",
            )
        if item in bank:
            found = [item]
        elif item in TOPICS:
            found = content.ids_where("questions", topic=item)  # reads only those questions
            if not found:
                raise QuizError(
                    f"there are no questions on topic {item!r} yet", value=item, reason="selection"
                )
        else:
            raise QuizError(
                f"{item!r} is neither a topic ({', '.join(TOPICS)}) nor a question id",
                value=item,
                reason="selection",
            )
        ids.extend(i for i in found if i not in ids)
    return ids


def quiz_topics(content: Content | None = None) -> dict[str, int]:
    """Topics that have questions, with the number of questions, in the kit's topic order."""
    content = content or default_content()
    counts = dict.fromkeys(TOPICS, 0)
    for q in content.kind("questions"):
        counts[q.topic] += 1
    return {topic: n for topic, n in counts.items() if n}


# -- sessions ----------------------------------------------------------------------------------
@dataclass
class QuestionState:
    attempts: int = 0
    result: Result | None = None  # the latest graded answer
    hint_shown: bool = False
    finished: bool = False  # answered right, or no tries left
    revealed: bool = False  # the right answer was shown because the tries ran out

    @property
    def score(self) -> float:
        return self.result.score if self.result is not None else 0.0

    @property
    def correct(self) -> bool:
        return self.result is not None and self.result.correct


@dataclass(frozen=True)
class Attempt:
    """What :meth:`QuizSession.check` returns: the grade plus the tries bookkeeping."""

    result: Result
    attempt: int  # 1 for the first try
    tries_left: int  # 0 when finished
    finished: bool
    revealed: bool  # tries used up without a right answer: show the right answer


@dataclass(frozen=True)
class TopicScore:
    topic: str
    label: str
    total: int
    answered: int
    correct: int
    score: float  # mean score over the topic's questions (unanswered count as 0)


@dataclass(frozen=True)
class Progress:
    answered: int  # questions checked at least once
    finished: int  # questions answered right or out of tries
    total: int


@dataclass(frozen=True)
class Summary:
    score: float
    correct: int
    answered: int
    total: int
    topics: tuple[TopicScore, ...]
    band: str  # a key of SCORE_BANDS
    message: str  # the band's text in the session language
    wrong: tuple[str, ...]  # ids of wrongly answered questions


class QuizSession:
    """One learner working through a set of questions.

    ``selection`` is a topic, a question id, or a list of them (see :func:`questions_for`).
    ``seed`` fixes the shuffling (``None``: a fresh random seed, kept in ``self.seed``);
    ``tries`` is the number of tries per question before the answer is shown; ``shuffle=False``
    keeps content order; ``limit`` keeps only the first ``limit`` questions (after shuffling).
    A question's score is the score of its latest try; a question never answered scores 0.
    """

    def __init__(
        self,
        selection: str | Iterable[str],
        lang: str = "nl",
        *,
        seed: int | str | None = None,
        tries: int = 2,
        shuffle: bool = True,
        limit: int | None = None,
        quiz_id: str | None = None,
        content: Content | None = None,
    ):
        try:
            check_lang(lang)
        except ValueError as exc:
            raise QuizError(str(exc), value=lang, reason="config") from None
        if isinstance(tries, bool) or not isinstance(tries, int) or tries < 1:
            raise QuizError(
                f"tries must be a whole number of at least 1, got {tries!r}",
                value=tries,
                reason="config",
            )
        if limit is not None and (
            isinstance(limit, bool) or not isinstance(limit, int) or limit < 1
        ):
            raise QuizError(
                f"limit must be a whole number of at least 1 or None, got {limit!r}",
                value=limit,
                reason="config",
            )
        if seed is not None and (isinstance(seed, bool) or not isinstance(seed, (int, str))):
            raise QuizError(
                f"seed must be an int, a str or None, got {seed!r}", value=seed, reason="config"
            )
        self.content = content or default_content()
        self.lang = lang
        self.tries = tries
        self.shuffle = shuffle
        self.limit = limit
        self.seed = seed if seed is not None else random.SystemRandom().randrange(2**32)
        self.selection = selection
        ids = questions_for(selection, self.content)
        if quiz_id is None:
            quiz_id = selection if isinstance(selection, str) else "custom"
        self.quiz_id = str(quiz_id)
        if shuffle:
            random.Random(f"order:{self.seed}").shuffle(ids)
        if limit is not None:
            ids = ids[:limit]
        self.ids: list[str] = ids
        self._questions: dict[str, Question] = {i: self.content.get(i, "questions") for i in ids}
        self._views: dict[str, QuestionView] = {}
        for i in ids:
            rng = random.Random(f"options:{self.seed}:{i}") if shuffle else None
            self._views[i] = build_view(self._questions[i], lang, self.content, rng)
        self._state: dict[str, QuestionState] = {i: QuestionState() for i in ids}

    # -- access ------------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self.ids)

    def _id(self, question: str | int) -> str:
        if isinstance(question, int) and not isinstance(question, bool):
            if not 0 <= question < len(self.ids):
                raise QuizError(
                    f"question number {question} is out of range 0..{len(self.ids) - 1}",
                    value=question,
                    reason="unknown_question",
                )
            return self.ids[question]
        if question not in self._state:
            raise QuizError(
                f"question {question!r} is not in this quiz ({self.quiz_id})",
                value=question,
                reason="unknown_question",
            )
        return question

    def view(self, question: str | int) -> QuestionView:
        return self._views[self._id(question)]

    def question(self, question: str | int) -> Question:
        """The content item (for tools; learners see :meth:`view`)."""
        return self._questions[self._id(question)]

    def state(self, question: str | int) -> QuestionState:
        return self._state[self._id(question)]

    # -- actions ---------------------------------------------------------------------------
    def hint(self, question: str | int) -> str | None:
        """The hint text (or None when the question has none); records that it was shown."""
        qid = self._id(question)
        q = self._questions[qid]
        if q.hint is None:
            return None
        self._state[qid].hint_shown = True
        return _render(self.content, q.hint, self.lang, q.version)

    def check(self, question: str | int, answer: Any) -> Attempt:
        """Grade ``answer``, count the try, and emit an ``"answer"`` event."""
        qid = self._id(question)
        state = self._state[qid]
        if state.finished:
            raise QuizError(
                "this question is already finished",
                question_id=qid,
                value=answer,
                reason="finished",
            )
        q = self._questions[qid]
        result = grade(q, answer, self.lang, self.content)
        state.attempts += 1
        state.result = result
        if result.correct:
            state.finished = True
        elif state.attempts >= self.tries:
            state.finished = True
            state.revealed = True
        events.emit(
            "answer",
            {
                "question_id": qid,
                "answer": result.answer,
                "correct": result.correct,
                "score": round(result.score, 4),
                "attempt": state.attempts,
                "topic": q.topic,
                "quiz_id": self.quiz_id,
            },
        )
        return Attempt(
            result=result,
            attempt=state.attempts,
            tries_left=0 if state.finished else self.tries - state.attempts,
            finished=state.finished,
            revealed=state.revealed,
        )

    # -- scores ----------------------------------------------------------------------------
    @property
    def progress(self) -> Progress:
        states = self._state.values()
        return Progress(
            answered=sum(s.attempts > 0 for s in states),
            finished=sum(s.finished for s in states),
            total=len(self.ids),
        )

    @property
    def done(self) -> bool:
        """Every question is finished."""
        return all(s.finished for s in self._state.values())

    @property
    def score(self) -> float:
        if not self.ids:
            return 0.0
        return sum(s.score for s in self._state.values()) / len(self.ids)

    def topic_scores(self) -> dict[str, TopicScore]:
        out: dict[str, TopicScore] = {}
        for topic in TOPICS:
            ids = [i for i in self.ids if self._questions[i].topic == topic]
            if not ids:
                continue
            states = [self._state[i] for i in ids]
            out[topic] = TopicScore(
                topic=topic,
                label=topic_label(topic, self.lang),
                total=len(ids),
                answered=sum(s.attempts > 0 for s in states),
                correct=sum(s.correct for s in states),
                score=sum(s.score for s in states) / len(ids),
            )
        return out

    def wrong_ids(self) -> list[str]:
        """Ids of questions answered (at least once) whose latest answer was not right."""
        return [i for i in self.ids if self._state[i].attempts and not self._state[i].correct]

    def summary(self) -> Summary:
        score = self.score
        key = band_key(score)
        return Summary(
            score=score,
            correct=sum(s.correct for s in self._state.values()),
            answered=self.progress.answered,
            total=len(self.ids),
            topics=tuple(self.topic_scores().values()),
            band=key,
            message=quiz_ui(key, self.lang),
            wrong=tuple(self.wrong_ids()),
        )

    def retry_wrong(self, seed: int | str | None = None) -> QuizSession:
        """A new session with only the wrongly answered questions (same language, tries and
        shuffling; a new seed unless given)."""
        wrong = self.wrong_ids()
        if not wrong:
            raise QuizError("there are no wrongly answered questions to retry", reason="selection")
        return QuizSession(
            wrong,
            self.lang,
            seed=seed,
            tries=self.tries,
            shuffle=self.shuffle,
            quiz_id=self.quiz_id,
            content=self.content,
        )


__all__ = [
    "QuizError",
    "QuizSession",
    "QuestionView",
    "Choice",
    "PartView",
    "Feedback",
    "Result",
    "Attempt",
    "QuestionState",
    "TopicScore",
    "Progress",
    "Summary",
    "build_view",
    "grade",
    "right_answer",
    "questions_for",
    "quiz_topics",
    "quiz_ui",
    "topic_label",
    "band_key",
    "QUIZ_UI",
    "SCORE_BANDS",
    "TOPIC_LABELS",
]
