"""Question types answered by picking from one list: ``single``, ``multiple``, ``true_false``
and ``date``. Feedback is given per option."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from aiact_kit.content import Content
from aiact_kit.content.vocabulary import format_date
from aiact_kit.engines.quiz.base import Context, Graded, QuestionType, fail, option_id, text_of
from aiact_kit.engines.quiz.errors import QuizError
from aiact_kit.engines.quiz.registry import register
from aiact_kit.engines.quiz.views import Choice, Feedback, QuestionView
from aiact_kit.engines.quiz.wording import quiz_ui

if TYPE_CHECKING:
    from aiact_kit.content.schema.questions import Question

_SETS = (list, tuple, set, frozenset)


def _option_feedback(
    question: Question, chosen: set[str], ctx: Context
) -> tuple[tuple[Feedback, ...], tuple[str, ...]]:
    """Feedback on every option, and the texts of the right options."""
    feedback = []
    expected = []
    for o in question.options:
        selected = o.id in chosen
        feedback.append(
            Feedback(
                o.id,
                ctx.render(o.text),
                selected == o.correct,
                selected,
                o.correct,
                message=ctx.render_opt(o.feedback) if selected else None,
            )
        )
        if o.correct:
            expected.append(ctx.render(o.text))
    return tuple(feedback), tuple(expected)


def _option_choices(question: Question, ctx: Context) -> tuple[Choice, ...]:
    return ctx.arrange([Choice(o.id, ctx.render(o.text)) for o in question.options])


class _OneOption(QuestionType):
    """Shared by the types whose answer is the id of one of the view's choices."""

    control = "radio"
    option_feedback = True

    def answer_lines(self, view: QuestionView, answer: Any) -> list[str]:
        return [text_of(view.choices)[answer]]


@register
class Single(_OneOption):
    """An option id (``str``). Score 1 for the correct option, else 0."""

    name = "single"
    instruction = "choose_one"

    def view(self, question: Question, ctx: Context) -> dict[str, Any]:
        return {"choices": _option_choices(question, ctx)}

    def grade(self, question: Question, answer: Any, ctx: Context) -> Graded:
        ids = [o.id for o in question.options]
        if answer is None:
            raise fail(question, "no answer given; expected an option id", answer, "no_answer")
        chosen = option_id(question, answer, ids)
        feedback, expected = _option_feedback(question, {chosen}, ctx)
        score = 1.0 if question.options[ids.index(chosen)].correct else 0.0
        return Graded(chosen, score, feedback, expected, int(score), 1)

    def right_answer(self, question: Question, content: Content) -> Any:
        return next(o.id for o in question.options if o.correct)


@register
class Multiple(QuestionType):
    """A list of distinct option ids (at least one). Partial credit: ``(correct options chosen
    - wrong options chosen) / number of correct options``, floored at 0; only exactly the set of
    correct options scores 1."""

    name = "multiple"
    instruction = "choose_all"
    control = "checkboxes"
    option_feedback = True
    shows_missed = True

    def view(self, question: Question, ctx: Context) -> dict[str, Any]:
        return {"choices": _option_choices(question, ctx)}

    def grade(self, question: Question, answer: Any, ctx: Context) -> Graded:
        ids = [o.id for o in question.options]
        if answer is None or (isinstance(answer, _SETS) and not answer):
            raise fail(question, "no answer given; choose at least one option", answer, "no_answer")
        if isinstance(answer, str) or not isinstance(answer, _SETS):
            raise fail(
                question,
                f"expected a list of option ids, got {type(answer).__name__} {answer!r}",
                answer,
            )
        chosen_list = [option_id(question, a, ids) for a in answer]
        dupes = {a for a in chosen_list if chosen_list.count(a) > 1}
        if dupes:
            raise fail(question, f"option id {sorted(dupes)[0]!r} chosen twice", answer)
        chosen = set(chosen_list)
        n_correct = sum(o.correct for o in question.options)
        good = sum(1 for o in question.options if o.correct and o.id in chosen)
        bad = sum(1 for o in question.options if not o.correct and o.id in chosen)
        score = max(0.0, (good - bad) / n_correct)
        feedback, expected = _option_feedback(question, chosen, ctx)
        normalised = [o.id for o in question.options if o.id in chosen]  # content order
        right = sum(f.right for f in feedback)
        return Graded(normalised, score, feedback, expected, right, len(feedback))

    def right_answer(self, question: Question, content: Content) -> Any:
        return [o.id for o in question.options if o.correct]

    def answer_lines(self, view: QuestionView, answer: Any) -> list[str]:
        return [c.text for c in view.choices if c.id in answer]


@register
class TrueFalse(_OneOption):
    """``True``/``False`` (or the choice ids ``"true"``/``"false"``). Score 1 or 0."""

    name = "true_false"
    instruction = "choose_one"

    def view(self, question: Question, ctx: Context) -> dict[str, Any]:
        return {"choices": tuple(Choice(key, quiz_ui(key, ctx.lang)) for key in ("true", "false"))}

    def grade(self, question: Question, answer: Any, ctx: Context) -> Graded:
        if answer is None:
            raise fail(question, "no answer given; expected true or false", answer, "no_answer")
        if isinstance(answer, str) and answer in ("true", "false"):
            value = answer == "true"
        elif isinstance(answer, bool):
            value = answer
        else:
            raise fail(
                question,
                f"expected True or False (or 'true'/'false'), got {type(answer).__name__} "
                f"{answer!r}",
                answer,
            )
        score = 1.0 if value == question.answer else 0.0
        feedback = tuple(
            Feedback(
                "true" if b else "false",
                quiz_ui("true" if b else "false", ctx.lang),
                (value == b) == (question.answer == b),
                value == b,
                question.answer == b,
            )
            for b in (True, False)
        )
        expected = (quiz_ui("true" if question.answer else "false", ctx.lang),)
        return Graded(value, score, feedback, expected, int(score), 1)

    def right_answer(self, question: Question, content: Content) -> Any:
        return question.answer

    def answer_lines(self, view: QuestionView, answer: Any) -> list[str]:
        value = answer if isinstance(answer, bool) else answer == "true"
        return [quiz_ui("true" if value else "false", view.lang)]


def date_options(question: Question, content: Content) -> list[tuple[str, date]]:
    """(milestone id, date) of the answer and its distractors, deduplicated, chronological."""
    version = question.version
    answer = content.milestone_date(str(question.milestone), version)
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


@register
class DateChoice(_OneOption):
    """A choice id (the id of a milestone). The choices are the dates of the answer milestone
    and of its distractor milestones, in the question's version of the law, deduplicated by
    date and listed chronologically. Dates come from the timeline data only."""

    name = "date"
    instruction = "choose_date"

    def view(self, question: Question, ctx: Context) -> dict[str, Any]:
        options = date_options(question, ctx.content)
        return {"choices": tuple(Choice(m, format_date(d, ctx.lang)) for m, d in options)}

    def grade(self, question: Question, answer: Any, ctx: Context) -> Graded:
        options = date_options(question, ctx.content)
        ids = [m for m, _ in options]
        if answer is None:
            raise fail(question, "no answer given; expected a date choice", answer, "no_answer")
        chosen = option_id(question, answer, ids, "date choice")
        feedback = []
        expected = []
        for m, d in options:
            is_answer = m == question.milestone
            shown = format_date(d, ctx.lang)
            feedback.append(Feedback(m, shown, (m == chosen) == is_answer, m == chosen, is_answer))
            if is_answer:
                expected.append(shown)
        score = 1.0 if chosen == question.milestone else 0.0
        return Graded(chosen, score, tuple(feedback), tuple(expected), int(score), 1)

    def right_answer(self, question: Question, content: Content) -> Any:
        return str(question.milestone)


__all__ = ["DateChoice", "Multiple", "Single", "TrueFalse", "date_options"]
