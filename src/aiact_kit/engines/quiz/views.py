"""What the learner sees and gets back: a question rendered in one language
(:class:`QuestionView`) and the grade of an answer (:class:`Result`, with :class:`Feedback` per
option or item)."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from typing import Any

from aiact_kit.content.text import text
from aiact_kit.engines.quiz.registry import question_type
from aiact_kit.engines.quiz.wording import quiz_ui


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
        return quiz_ui(question_type(self.type, self.id).instruction, self.lang)


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
        label = text("common.sources" if len(self.citations) > 1 else "common.source", self.lang)
        cites = ", ".join(escape(c) for c in self.citations)
        return (
            f'<p class="aiact-explanation">{escape(self.explanation)} '
            f'<span class="aiact-cite">{escape(label)}: {cites}</span></p>'
        )


__all__ = ["Choice", "Feedback", "PartView", "QuestionView", "Result"]
