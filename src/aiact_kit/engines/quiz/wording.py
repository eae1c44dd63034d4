"""The quiz's interface strings, from the text catalogue (``content/text/quiz.yaml``), and the
one label of each topic (``label.topic.<id>``)."""

from __future__ import annotations

from typing import Any

from aiact_kit.content.records import DEFAULT_LANG, TOPICS
from aiact_kit.content.text import label, text
from aiact_kit.content.vocabulary import check_lang
from aiact_kit.engines.quiz.errors import QuizError


def quiz_ui(key: str, lang: str = DEFAULT_LANG, **values: Any) -> str:
    """The quiz interface string ``quiz.<key>`` in ``lang``, with ``{name}`` fields filled from
    ``values``. Raises ``ValueError`` for an unknown language and ``KeyError`` (a
    :class:`~aiact_kit.content.text.TextError`) for an unknown key."""
    check_lang(lang)
    return text(f"quiz.{key}", lang, **values)


def topic_label(topic: str, lang: str = DEFAULT_LANG) -> str:
    """The label of a quiz topic (the kit's one label, ``label("topic", topic, lang)``)."""
    check_lang(lang)
    if topic not in TOPICS:
        raise QuizError(f"unknown topic {topic!r}; expected one of {', '.join(TOPICS)}")
    return label("topic", topic, lang)


__all__ = ["quiz_ui", "topic_label"]
