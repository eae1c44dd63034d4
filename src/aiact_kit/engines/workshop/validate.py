"""Validation of everything a participant or facilitator types: pseudonyms, session codes,
answers, titles and quiz selections.

A pseudonym is stored as typed but compared as :func:`pseudonym_key` (NFKC, case folded,
invisible characters dropped), so look-alikes are one person; a pseudonym of invisible
characters only is refused. Keys stored by kit versions up to schema 2 (NFKC and case only)
are still found (:func:`legacy_pseudonym_key`).
"""

from __future__ import annotations

import json
import math
import re
import string
import unicodedata
from dataclasses import dataclass
from typing import Any

from aiact_kit.engines.workshop.errors import (
    InvalidAnswer,
    InvalidInput,
    InvalidPseudonym,
    SessionNotFound,
)

PSEUDONYM_MAX = 40
TITLE_MAX = 200
ID_MAX = 200
ANSWER_MAX = 20_000  # characters of the answer as JSON
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no I, O, 0, 1: easy to read aloud
CODE_LENGTH = 6
TOKEN_ALPHABET = string.ascii_letters + string.digits
TOKEN_LENGTH = 24
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _bad_char(text: str) -> str | None:
    for ch in text:
        if unicodedata.category(ch) in ("Cc", "Cs", "Zl", "Zp") or ch in _BIDI_CONTROLS:
            return ch
    return None


def validate_pseudonym(value: Any) -> str:
    """The pseudonym with surrounding white space removed, or :class:`InvalidPseudonym`.

    1 to :data:`PSEUDONYM_MAX` characters; any letters, digits, emoji and right-to-left text;
    no control characters (NUL, line breaks, tabs inside, bidirectional overrides); at least
    one visible character (not only white space, zero-width or other format characters,
    combining marks). Stored as typed; :func:`pseudonym_key` decides who is the same person.
    """
    if not isinstance(value, str):
        raise InvalidPseudonym("a pseudonym must be text", "type")
    text = value.strip()
    if not text:
        raise InvalidPseudonym("a pseudonym must not be empty", "empty", PSEUDONYM_MAX)
    if len(text) > PSEUDONYM_MAX:
        raise InvalidPseudonym(
            f"a pseudonym has at most {PSEUDONYM_MAX} characters (this one has {len(text)})",
            "too_long",
            PSEUDONYM_MAX,
        )
    bad = _bad_char(text)
    if bad is not None:
        raise InvalidPseudonym(
            f"a pseudonym may not contain control characters (found U+{ord(bad):04X})",
            "control",
        )
    if not any(_visible(ch) for ch in text):
        raise InvalidPseudonym(
            "a pseudonym needs at least one visible letter, digit or symbol (this one has only "
            "white space, invisible characters or combining marks)",
            "invisible",
        )
    return text


# Code points that show nothing by themselves: Unicode's Default_Ignorable_Code_Point (zero-width
# space/joiners, soft hyphen, word joiner, variation selectors, Hangul fillers, tags, ...) and
# the blank Braille pattern. They are dropped before two pseudonyms are compared.
_INVISIBLE_RANGES = (
    (0x00AD, 0x00AD),
    (0x034F, 0x034F),
    (0x061C, 0x061C),
    (0x115F, 0x1160),
    (0x17B4, 0x17B5),
    (0x180B, 0x180F),
    (0x200B, 0x200F),
    (0x202A, 0x202E),
    (0x2060, 0x206F),
    (0x2800, 0x2800),
    (0x3164, 0x3164),
    (0xFE00, 0xFE0F),
    (0xFEFF, 0xFEFF),
    (0xFFA0, 0xFFA0),
    (0xFFF0, 0xFFF8),
    (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A),
    (0xE0000, 0xE0FFF),
)
# Categories that are not visible on their own: format and control characters, white space,
# combining marks, private-use, surrogate and unassigned code points.
_INVISIBLE_CATEGORIES = frozenset(
    ("Cf", "Cc", "Cs", "Co", "Cn", "Zs", "Zl", "Zp", "Mn", "Mc", "Me")
)


def _ignorable(ch: str) -> bool:
    cp = ord(ch)
    return any(lo <= cp <= hi for lo, hi in _INVISIBLE_RANGES)


def _visible(ch: str) -> bool:
    """A letter, digit, punctuation mark or symbol that shows on its own."""
    return unicodedata.category(ch) not in _INVISIBLE_CATEGORIES and not _ignorable(ch)


def _drop_ignorable(text: str) -> str:
    return "".join(ch for ch in text if not _ignorable(ch) and unicodedata.category(ch) != "Cf")


def pseudonym_key(pseudonym: str) -> str:
    """The form two pseudonyms are compared in, so look-alikes are one person: 'Anna',
    ' anna ', 'ANNA', fullwidth 'Ａｎｎａ' and 'Anna' with a zero-width space are the same key.

    NFKC (compatibility forms such as fullwidth letters and ligatures), invisible and format
    characters dropped, case folded, white space runs collapsed to one space. Letters of
    different scripts that merely look alike (Latin 'a', Cyrillic 'а') stay different.
    """
    text = _drop_ignorable(unicodedata.normalize("NFKC", pseudonym))
    text = _drop_ignorable(unicodedata.normalize("NFKC", text.casefold()))
    return " ".join(text.split())


def legacy_pseudonym_key(pseudonym: str) -> str:
    """The key kit versions up to schema 2 stored (NFKC and case only): joining again under a
    name stored that way still finds its participant."""
    return " ".join(unicodedata.normalize("NFKC", pseudonym).casefold().split())


def clean_text(value: Any, what: str, max_len: int, *, allow_empty: bool = False) -> str:
    if not isinstance(value, str):
        raise InvalidAnswer(f"{what} must be text, not {type(value).__name__}", "type")
    text = value.strip()
    if not text and not allow_empty:
        raise InvalidAnswer(f"{what} must not be empty", "empty")
    if len(text) > max_len:
        raise InvalidAnswer(f"{what} has at most {max_len} characters", "too_long", max_len)
    bad = _bad_char(text)
    if bad is not None:
        raise InvalidAnswer(
            f"{what} may not contain control characters (found U+{ord(bad):04X})", "control"
        )
    return text


def normalize_code(code: Any) -> str:
    """'abc-234 ' -> 'ABC234'; a clear error for anything that cannot be a session code."""
    if not isinstance(code, str):
        raise SessionNotFound("a session code is text such as 'K7M2QX'")
    text = re.sub(r"[\s-]+", "", code).upper()
    if not text:
        raise SessionNotFound("enter a session code")
    if len(text) != CODE_LENGTH or any(ch not in CODE_ALPHABET for ch in text):
        raise SessionNotFound(
            f"{code.strip()!r} is not a session code (a code has {CODE_LENGTH} letters and digits)"
        )
    return text


@dataclass(frozen=True)
class AnswerRecord:
    """A validated answer ready to be written."""

    question_id: str
    answer_json: str
    correct: bool
    score: float
    attempt: int
    topic: str = ""
    quiz_id: str = ""


def validate_answer(
    question_id: Any,
    answer: Any,
    correct: Any,
    score: Any = None,
    attempt: Any = 1,
    topic: Any = "",
    quiz_id: Any = "",
) -> AnswerRecord:
    """Check one answer; raises :class:`InvalidAnswer` naming the field that is wrong."""
    qid = clean_text(question_id, "question_id", ID_MAX)
    if isinstance(correct, bool):
        ok = correct
    elif isinstance(correct, int) and correct in (0, 1):
        ok = bool(correct)
    else:
        raise InvalidAnswer(f"correct must be true or false, not {correct!r}", "correct")
    if score is None:
        score = 1.0 if ok else 0.0
    if isinstance(score, bool) or not isinstance(score, (int, float)):
        raise InvalidAnswer(f"score must be a number from 0 to 1, not {score!r}", "score")
    score = float(score)
    if not math.isfinite(score) or not 0.0 <= score <= 1.0:
        raise InvalidAnswer(f"score must be a number from 0 to 1, not {score!r}", "score")
    if isinstance(attempt, bool) or not isinstance(attempt, int) or attempt < 1:
        raise InvalidAnswer(f"attempt must be a whole number from 1, not {attempt!r}", "attempt")
    try:
        answer_json = json.dumps(answer, sort_keys=True, ensure_ascii=False, allow_nan=False)
        answer_json.encode("utf-8")
    except (TypeError, ValueError) as exc:
        raise InvalidAnswer(f"the answer cannot be stored as JSON: {exc}", "answer") from None
    if len(answer_json) > ANSWER_MAX:
        raise InvalidAnswer(
            f"the answer is too long ({len(answer_json)} characters as JSON; at most {ANSWER_MAX})",
            "too_long",
            ANSWER_MAX,
        )
    return AnswerRecord(
        question_id=qid,
        answer_json=answer_json,
        correct=ok,
        score=score,
        attempt=attempt,
        topic=clean_text(topic or "", "topic", ID_MAX, allow_empty=True),
        quiz_id=clean_text(quiz_id or "", "quiz_id", ID_MAX, allow_empty=True),
    )


def answer_from_event(payload: dict[str, Any]) -> AnswerRecord:
    """Validate an ``"answer"`` event payload (see :mod:`aiact_kit.engines.events`)."""
    if not isinstance(payload, dict):
        raise InvalidAnswer("an answer event must be a dictionary", "type")
    for key in ("question_id", "answer", "correct"):
        if key not in payload:
            raise InvalidAnswer(f"the answer event has no {key!r}", "missing")
    return validate_answer(
        payload["question_id"],
        payload["answer"],
        payload["correct"],
        payload.get("score"),
        payload.get("attempt", 1),
        payload.get("topic", ""),
        payload.get("quiz_id", ""),
    )


_ID_RE = re.compile(r"^[a-z0-9][a-z0-9._-]*$")


def quiz_ids(selection: Any) -> list[str]:
    """A session's quiz selection as a list of ids (format check only)."""
    if isinstance(selection, str):
        selection = [s for s in re.split(r"[,\s]+", selection) if s]
    ids = []
    for item in selection or ():
        if not isinstance(item, str) or not _ID_RE.match(item) or len(item) > 80:
            raise InvalidInput(
                f"{item!r} is not a topic or question id (lowercase letters, digits, . _ -)",
                "quiz",
            )
        if item not in ids:
            ids.append(item)
    return ids


def check_quiz_selection(selection: Any, content: Any = None) -> list[str]:
    """The selection as a list, each entry a quiz topic or a question id of the content;
    :class:`InvalidInput` naming the first unknown entry."""
    from aiact_kit.content import default_content
    from aiact_kit.content.schema.questions import TOPICS

    ids = quiz_ids(selection)
    content = content or default_content()
    known = {q.id for q in content.kind("questions")}
    for item in ids:
        if item not in TOPICS and item not in known:
            raise InvalidInput(
                f"unknown quiz topic or question {item!r}; topics: {', '.join(TOPICS)}", "quiz"
            )
    return ids


__all__ = [
    "ANSWER_MAX",
    "CODE_ALPHABET",
    "CODE_LENGTH",
    "ID_MAX",
    "PSEUDONYM_MAX",
    "TITLE_MAX",
    "TOKEN_ALPHABET",
    "TOKEN_LENGTH",
    "AnswerRecord",
    "answer_from_event",
    "check_quiz_selection",
    "clean_text",
    "legacy_pseudonym_key",
    "normalize_code",
    "pseudonym_key",
    "quiz_ids",
    "validate_answer",
    "validate_pseudonym",
]
