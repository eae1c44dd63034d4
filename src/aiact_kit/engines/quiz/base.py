"""What every question type provides, and the helpers they share.

A question type is one class (registered with :func:`~.registry.register`) that owns, for its
kind of question:

- ``view``: the type's part of the :class:`~.views.QuestionView` (choices, items, steps, parts);
- ``grade``: checking the answer's shape and scoring it (a :class:`Graded`);
- ``right_answer``: the fully right answer, in the shape ``grade`` takes;
- ``answer_lines``: an answer as readable lines (its label), from the view;
- ``chosen_label``: how the learner's choice for one item is named in the feedback;
- ``instruction`` (the key of the answer control's label in ``quiz.yaml``), ``control`` (which
  kind of control a widget shows), ``option_feedback`` (feedback per option rather than per
  item) and ``shows_missed`` (name the right options the learner did not pick).

To add a question type: a schema model in ``content/schema/questions.py``, a class here (in
:mod:`.choice_types` or :mod:`.item_types`), and, for a new ``control``, a control in
``widgets/quiz_controls.py``.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from aiact_kit.content import Content
from aiact_kit.engines.quiz.errors import QuizError
from aiact_kit.engines.quiz.views import Choice, Feedback, QuestionView

if TYPE_CHECKING:  # annotations only: app kernels never import the pydantic schema
    from aiact_kit.content.schema.base import I18n
    from aiact_kit.content.schema.questions import Question


@dataclass(frozen=True)
class Context:
    """Where a question is rendered: the content, the language, the question's version of the
    law, and (for a shuffled view) the random generator."""

    content: Content
    lang: str
    version: str
    rng: random.Random | None = None

    def render(self, text: I18n) -> str:
        return self.content.render(text, self.lang, self.version)

    def render_opt(self, text: I18n | None) -> str | None:
        return None if text is None else self.render(text)

    def arrange(self, items: list[Choice], alphabetical: bool = False) -> tuple[Choice, ...]:
        """Shuffled with the generator; without one, in content order, or alphabetical when
        the content order would give the answer away."""
        items = list(items)
        if self.rng is not None:
            self.rng.shuffle(items)
        elif alphabetical:
            items.sort(key=lambda c: c.text.casefold())
        return tuple(items)


@dataclass(frozen=True)
class Graded:
    """A question type's grade of an answer (the rest of a Result comes from the question)."""

    answer: Any  # normalised and JSON-able
    score: float
    feedback: tuple[Feedback, ...]
    correct_answer: tuple[str, ...]
    items_right: int
    items_total: int


class QuestionType:
    """One kind of question. Subclasses set the class attributes and implement the methods."""

    name: ClassVar[str]
    instruction: ClassVar[str]  # a key of quiz.yaml
    control: ClassVar[str]  # "radio", "checkboxes", "match", "order" or "parts"
    option_feedback: ClassVar[bool] = False
    shows_missed: ClassVar[bool] = False

    def view(self, question: Question, ctx: Context) -> dict[str, Any]:
        """The fields of the QuestionView that belong to this type."""
        raise NotImplementedError

    def grade(self, question: Question, answer: Any, ctx: Context) -> Graded:
        raise NotImplementedError

    def right_answer(self, question: Question, content: Content) -> Any:
        raise NotImplementedError

    def answer_lines(self, view: QuestionView, answer: Any) -> list[str]:
        """``answer`` (in the shape :meth:`grade` takes) as readable lines, from ``view``."""
        raise NotImplementedError

    def chosen_label(self, feedback: Feedback, lang: str) -> str:
        """The learner's choice for one item, as shown in the feedback."""
        return feedback.chosen or ""


# -- shared checks ----------------------------------------------------------------------------
def fail(question: Question, message: str, value: Any, reason: str = "invalid") -> QuizError:
    return QuizError(message, question_id=question.id, value=value, reason=reason)


def option_id(question: Question, value: Any, valid: Iterable[str], what: str = "option") -> str:
    valid = list(valid)
    if not isinstance(value, str):
        raise fail(
            question,
            f"expected the id of a {what} (a string), got {type(value).__name__} {value!r}",
            value,
        )
    if value not in valid:
        raise fail(
            question, f"unknown {what} id {value!r}; expected one of {', '.join(valid)}", value
        )
    return value


def check_mapping(question: Question, answer: Any, keys: list[str], what: str) -> dict[str, Any]:
    if answer is None or (isinstance(answer, Mapping) and not answer):
        raise fail(
            question, f"no answer given; expected a choice for every {what}", answer, "no_answer"
        )
    if not isinstance(answer, Mapping):
        raise fail(
            question,
            f"expected a mapping {{{what} id: choice id}}, got {type(answer).__name__} {answer!r}",
            answer,
        )
    unknown = [k for k in answer if k not in keys]
    if unknown:
        raise fail(
            question,
            f"unknown {what} id {unknown[0]!r}; expected {', '.join(keys)}",
            unknown[0],
        )
    missing = [k for k in keys if answer.get(k) is None]
    if missing:
        raise fail(
            question,
            f"no choice for {what} {', '.join(repr(m) for m in missing)}",
            answer,
            "incomplete",
        )
    return dict(answer)


def text_of(choices: Iterable[Choice]) -> dict[str, str]:
    return {c.id: c.text for c in choices}


__all__ = [
    "Context",
    "Graded",
    "QuestionType",
    "check_mapping",
    "fail",
    "option_id",
    "text_of",
]
