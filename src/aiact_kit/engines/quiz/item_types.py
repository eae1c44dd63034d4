"""Question types with several items to answer: ``matching``, ``ordering`` and ``scenario``.
Feedback is given per item; the score is the fraction of items answered right."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from aiact_kit.content import Content
from aiact_kit.engines.quiz.base import (
    Context,
    Graded,
    QuestionType,
    check_mapping,
    fail,
    option_id,
    text_of,
)
from aiact_kit.engines.quiz.errors import QuizError
from aiact_kit.engines.quiz.registry import register
from aiact_kit.engines.quiz.views import Choice, Feedback, PartView, QuestionView
from aiact_kit.engines.quiz.wording import quiz_ui

if TYPE_CHECKING:
    from aiact_kit.content.schema.questions import Question


def _graded(answer: Any, feedback: list[Feedback], expected: list[str]) -> Graded:
    right = sum(f.right for f in feedback)
    total = len(feedback)
    return Graded(answer, right / total, tuple(feedback), tuple(expected), right, total)


def right_ids(question: Question) -> dict[str, str]:
    """pair id -> the id of the choice for its right side (shared by pairs with equal text)."""
    first: dict[tuple[str, str], str] = {}
    return {p.id: first.setdefault((p.right.nl, p.right.en), p.id) for p in question.pairs}


@register
class Matching(QuestionType):
    """A mapping ``{left pair id: right choice id}`` with an entry for every left item. Right
    choices are identified by a pair id; pairs that share the same right-hand text share one
    choice, so several left items may match the same right item."""

    name = "matching"
    instruction = "match_heading"
    control = "match"

    def view(self, question: Question, ctx: Context) -> dict[str, Any]:
        shared = right_ids(question)
        lefts = ctx.arrange([Choice(p.id, ctx.render(p.left)) for p in question.pairs])
        rights = [Choice(p.id, ctx.render(p.right)) for p in question.pairs if shared[p.id] == p.id]
        return {"lefts": lefts, "rights": ctx.arrange(rights, alphabetical=True)}

    def grade(self, question: Question, answer: Any, ctx: Context) -> Graded:
        lefts = [p.id for p in question.pairs]
        shared = right_ids(question)
        choice_ids = [p.id for p in question.pairs]  # any pair id names its right side
        given = check_mapping(question, answer, lefts, "left item")
        right_text = {p.id: ctx.render(p.right) for p in question.pairs}
        normalised = {}
        feedback = []
        expected = []
        for p in question.pairs:
            chosen = option_id(question, given[p.id], choice_ids, "right-hand choice")
            ok = shared[chosen] == shared[p.id]
            normalised[p.id] = shared[chosen]
            left = ctx.render(p.left)
            feedback.append(
                Feedback(p.id, left, ok, chosen=right_text[chosen], expected=right_text[p.id])
            )
            expected.append(f"{left} → {right_text[p.id]}")
        return _graded(normalised, feedback, expected)

    def right_answer(self, question: Question, content: Content) -> Any:
        return right_ids(question)  # left id -> the id of the right-hand choice shown

    def answer_lines(self, view: QuestionView, answer: Any) -> list[str]:
        rights = text_of(view.rights)
        return [f"{c.text} \u2192 {rights[answer[c.id]]}" for c in view.lefts]


def step_keys(question: Question, content: Content) -> dict[str, Any]:
    """Sort key of every step: the milestone date when all steps have one, else list position."""
    if all(step.milestone is not None for step in question.sequence):
        keys: dict[str, Any] = {}
        for step in question.sequence:
            d = content.milestone_date(str(step.milestone), question.version)
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


def _step_text(step: Any, ctx: Context) -> str:
    if step.text is not None:
        return ctx.render(step.text)
    return ctx.render(ctx.content.get(step.milestone, "timeline").title)


def _right_order(question: Question, keys: dict[str, Any]) -> list[str]:
    steps = [s.id for s in question.sequence]
    return sorted(steps, key=lambda s: (keys[s], steps.index(s)))


@register
class Ordering(QuestionType):
    """The list of all step ids in the learner's order. Score = fraction of positions holding a
    right step. When every step refers to a milestone, the right order is by the milestones'
    dates in the question's version of the law, and steps with the same date may stand in
    either order; otherwise the order listed in the content is the right one."""

    name = "ordering"
    instruction = "order_heading"
    control = "order"

    def view(self, question: Question, ctx: Context) -> dict[str, Any]:
        step_keys(question, ctx.content)  # fail early when a milestone date is missing
        steps = [Choice(s.id, _step_text(s, ctx)) for s in question.sequence]
        return {"steps": ctx.arrange(steps, alphabetical=True)}

    def grade(self, question: Question, answer: Any, ctx: Context) -> Graded:
        steps = [s.id for s in question.sequence]
        if answer is None or (isinstance(answer, (list, tuple)) and not answer):
            raise fail(
                question, "no answer given; expected the step ids in order", answer, "no_answer"
            )
        if isinstance(answer, str) or not isinstance(answer, (list, tuple)):
            raise fail(
                question,
                f"expected a list of step ids in order, got {type(answer).__name__} {answer!r}",
                answer,
            )
        order = [option_id(question, a, steps, "step") for a in answer]
        dupes = sorted({a for a in order if order.count(a) > 1})
        if dupes:
            raise fail(question, f"step id {dupes[0]!r} appears more than once", answer)
        missing = [s for s in steps if s not in order]
        if missing:
            message = f"steps missing from the order: {', '.join(missing)}"
            raise fail(question, message, answer, "incomplete")
        keys = step_keys(question, ctx.content)
        correct_order = _right_order(question, keys)
        texts = {s.id: _step_text(s, ctx) for s in question.sequence}
        position_of = {s: i for i, s in enumerate(order)}
        feedback = []
        for s in steps:
            i = position_of[s]
            ok = keys[s] == keys[correct_order[i]]
            # the right place(s): every position whose correct step has the same key
            places = [j + 1 for j, c in enumerate(correct_order) if keys[c] == keys[s]]
            feedback.append(
                Feedback(s, texts[s], ok, chosen=str(i + 1), expected=" / ".join(map(str, places)))
            )
        expected = [f"{i + 1}. {texts[s]}" for i, s in enumerate(correct_order)]
        return _graded(order, feedback, expected)

    def right_answer(self, question: Question, content: Content) -> Any:
        return _right_order(question, step_keys(question, content))

    def answer_lines(self, view: QuestionView, answer: Any) -> list[str]:
        steps = text_of(view.steps)
        return [steps[s] for s in answer]

    def chosen_label(self, feedback: Feedback, lang: str) -> str:
        return quiz_ui("position", lang, n=feedback.chosen)


@register
class Scenario(QuestionType):
    """A case with parts: a mapping ``{part id: option id}`` with an entry for every part; each
    part is a single choice. Score = fraction of parts right."""

    name = "scenario"
    instruction = "choose_one"
    control = "parts"

    def view(self, question: Question, ctx: Context) -> dict[str, Any]:
        parts = tuple(
            PartView(
                p.id,
                ctx.render(p.label),
                ctx.arrange([Choice(o.id, ctx.render(o.text)) for o in p.options]),
            )
            for p in question.parts
        )
        return {"scenario": ctx.render_opt(question.scenario), "parts": parts}

    def grade(self, question: Question, answer: Any, ctx: Context) -> Graded:
        given = check_mapping(question, answer, [p.id for p in question.parts], "part")
        normalised = {}
        feedback = []
        expected = []
        for p in question.parts:
            ids = [o.id for o in p.options]
            chosen = option_id(question, given[p.id], ids, f"option in part '{p.id}'")
            option = p.options[ids.index(chosen)]
            correct_option = next(o for o in p.options if o.correct)
            normalised[p.id] = chosen
            label = ctx.render(p.label)
            feedback.append(
                Feedback(
                    p.id,
                    label,
                    option.correct,
                    chosen=ctx.render(option.text),
                    expected=ctx.render(correct_option.text),
                    message=ctx.render_opt(option.feedback),
                )
            )
            expected.append(f"{label}: {ctx.render(correct_option.text)}")
        return _graded(normalised, feedback, expected)

    def right_answer(self, question: Question, content: Content) -> Any:
        return {p.id: next(o.id for o in p.options if o.correct) for p in question.parts}

    def answer_lines(self, view: QuestionView, answer: Any) -> list[str]:
        return [f"{p.label} \u2192 {text_of(p.choices)[answer[p.id]]}" for p in view.parts]


__all__ = ["Matching", "Ordering", "Scenario", "right_ids", "step_keys"]
