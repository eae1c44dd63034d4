"""The question types by name: ``{type name: QuestionType}``. Each type registers itself with
:func:`register` (see :mod:`.base`); every place that depends on the type asks
:func:`question_type` instead of switching on the name."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from aiact_kit.engines.quiz.errors import QuizError

if TYPE_CHECKING:
    from aiact_kit.engines.quiz.base import QuestionType

QUESTION_TYPES: dict[str, QuestionType] = {}

T = TypeVar("T", bound="type[QuestionType]")


def register(cls: T) -> T:
    """Class decorator: register one instance of a question type under its ``name``."""
    if cls.name in QUESTION_TYPES:
        raise ValueError(f"question type {cls.name!r} is registered twice")
    QUESTION_TYPES[cls.name] = cls()
    return cls


def question_type(name: str, question_id: str | None = None) -> QuestionType:
    """The question type called ``name``; :class:`QuizError` for an unknown name."""
    try:
        return QUESTION_TYPES[name]
    except KeyError:
        raise QuizError(f"unknown question type {name!r}", question_id=question_id) from None


__all__ = ["QUESTION_TYPES", "question_type", "register"]
