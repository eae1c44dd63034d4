"""The quiz's entry points per question, dispatched to the question's type: render a view,
grade an answer, give the right answer, and name an answer in words."""

from __future__ import annotations

import random
from typing import TYPE_CHECKING, Any

from aiact_kit.content import Content, default_content
from aiact_kit.content.citations import parse_citation
from aiact_kit.content.records import DEFAULT_LANG
from aiact_kit.content.vocabulary import check_lang
from aiact_kit.engines.quiz.base import Context
from aiact_kit.engines.quiz.registry import question_type
from aiact_kit.engines.quiz.views import QuestionView, Result

if TYPE_CHECKING:
    from aiact_kit.content.schema.questions import Question


def build_view(
    question: Question,
    lang: str = DEFAULT_LANG,
    content: Content | None = None,
    rng: random.Random | None = None,
) -> QuestionView:
    """Render ``question`` in ``lang``. With ``rng`` the options are shuffled; without it they
    keep content order, except that matching targets and ordering steps are sorted
    alphabetically so that the content order never gives the answer away."""
    check_lang(lang)
    content = content or default_content()
    kind = question_type(question.type, question.id)
    ctx = Context(content, lang, question.version, rng)
    return QuestionView(
        id=question.id,
        type=question.type,
        topic=question.topic,
        difficulty=question.difficulty,
        lang=lang,
        prompt=ctx.render(question.prompt),
        has_hint=question.hint is not None,
        status=question.status,
        **kind.view(question, ctx),
    )


def grade(
    question: Question,
    answer: Any,
    lang: str = DEFAULT_LANG,
    content: Content | None = None,
) -> Result:
    """Grade ``answer`` to ``question`` (see :mod:`aiact_kit.engines.quiz` for the answer
    shapes and rules of every type).

    Raises :class:`QuizError` for an answer of the wrong shape or with an unknown id.
    """
    check_lang(lang)
    content = content or default_content()
    kind = question_type(question.type, question.id)
    ctx = Context(content, lang, question.version)
    graded = kind.grade(question, answer, ctx)
    return Result(
        question_id=question.id,
        type=question.type,
        topic=question.topic,
        lang=lang,
        answer=graded.answer,
        score=graded.score,
        correct=graded.score == 1.0,
        feedback=graded.feedback,
        explanation=ctx.render(question.explanation),
        citations=tuple(parse_citation(c).label(lang) for c in question.citations),
        correct_answer=graded.correct_answer,
        items_right=graded.items_right,
        items_total=graded.items_total,
    )


def right_answer(question: Question, content: Content | None = None) -> Any:
    """The fully right answer to ``question``, in the answer shape :func:`grade` takes."""
    content = content or default_content()
    return question_type(question.type, question.id).right_answer(question, content)


def answer_lines(view: QuestionView, answer: Any) -> list[str]:
    """``answer`` (in the shape :func:`grade` takes, e.g. :func:`right_answer`) as readable
    lines in the view's language: option texts, ``left → right``, steps in order, ...."""
    return question_type(view.type, view.id).answer_lines(view, answer)


__all__ = ["answer_lines", "build_view", "grade", "right_answer"]
