"""Content kind ``questions``: the quiz question bank.

A question file looks like::

    kind: questions
    items:
      - id: q-prohibited-social-scoring
        type: single
        topic: prohibited
        difficulty: 1
        prompt: {nl: ..., en: ...}
        options:
          - {id: a, text: {nl: ..., en: ...}, correct: true, feedback: {nl: ..., en: ...}}
          - {id: b, text: {nl: ..., en: ...}}
        hint: {nl: ..., en: ...}          # optional, shown on request before checking
        explanation: {nl: ..., en: ...}   # shown after answering
        citations: ["Art. 5(1)(c)"]
        status: reported                  # optional (default confirmed): the question rests on
                                          # facts only reported in secondary sources

The seven types and the fields each one uses:

- ``single``: ``options`` with exactly one ``correct: true``.
- ``multiple`` (select all that apply, partial credit): ``options`` with one or more correct.
- ``true_false``: ``answer: true|false``; the ``explanation`` is the reason shown afterwards.
- ``matching``: ``pairs`` (left <-> right); the learner picks the right side for each left side.
- ``ordering``: ``sequence``; each step has ``text`` or a ``milestone``. When every step has a
  milestone, the correct order is by the milestones' dates (so it follows the data); otherwise
  the listed order is the correct one.
- ``date`` ("from when does this apply?"): ``milestone`` is the right answer; ``distractors``
  are other milestones whose dates are offered as wrong options. Dates come from the timeline
  data only, never from text. ``version`` picks the law as amended (default) or as first adopted.
- ``scenario`` (a short case -> risk group and role): ``scenario`` text plus ``parts``; each part
  has a ``label`` and ``options`` with exactly one correct.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from aiact_kit.content.records import TOPICS
from aiact_kit.content.schema.base import (
    Citations,
    I18n,
    Id,
    Item,
    MilestoneRef,
    Status,
    StrictModel,
)

QuestionType = Literal[
    "single", "multiple", "true_false", "matching", "ordering", "date", "scenario"
]
Topic = Literal[
    "definition",
    "scope",
    "roles",
    "prohibited",
    "high-risk",
    "transparency",
    "gpai",
    "timeline",
    "penalties-supervision",
    "literacy",
    "nl-practice",
    "procurement-rights",
]


class Option(StrictModel):
    id: Id
    text: I18n
    correct: bool = False
    feedback: I18n | None = None  # shown when the learner chose this option


class Pair(StrictModel):
    id: Id
    left: I18n
    right: I18n


class Step(StrictModel):
    id: Id
    text: I18n | None = None
    milestone: MilestoneRef | None = None

    @model_validator(mode="after")
    def _text_or_milestone(self) -> Step:
        if self.text is None and self.milestone is None:
            raise ValueError("a step needs text or a milestone")
        return self


class Part(StrictModel):
    id: Id
    label: I18n
    options: list[Option] = Field(min_length=2)


class Question(Item):
    type: QuestionType
    topic: Topic
    difficulty: Literal[1, 2, 3]
    prompt: I18n
    options: list[Option] = Field(default_factory=list)
    answer: bool | None = None
    pairs: list[Pair] = Field(default_factory=list)
    sequence: list[Step] = Field(default_factory=list)
    milestone: MilestoneRef | None = None
    distractors: list[MilestoneRef] = Field(default_factory=list)
    version: Literal["amended", "original"] = "amended"
    scenario: I18n | None = None
    parts: list[Part] = Field(default_factory=list)
    hint: I18n | None = None
    explanation: I18n
    citations: Citations
    status: Status = "confirmed"

    @model_validator(mode="after")
    def _fields_for_type(self) -> Question:
        t = self.type
        used = {
            "options": bool(self.options),
            "answer": self.answer is not None,
            "pairs": bool(self.pairs),
            "sequence": bool(self.sequence),
            "milestone": self.milestone is not None,
            "distractors": bool(self.distractors),
            "scenario": self.scenario is not None,
            "parts": bool(self.parts),
        }
        allowed = {
            "single": {"options"},
            "multiple": {"options"},
            "true_false": {"answer"},
            "matching": {"pairs"},
            "ordering": {"sequence"},
            "date": {"milestone", "distractors"},
            "scenario": {"scenario", "parts"},
        }[t]
        required = {"date": {"milestone", "distractors"}}.get(t, allowed)
        for name, present in used.items():
            if present and name not in allowed:
                raise ValueError(f"field '{name}' is not used by a '{t}' question")
        for name in required:
            if not used[name]:
                raise ValueError(f"a '{t}' question needs '{name}'")
        _unique([o.id for o in self.options], "option")
        _unique([p.id for p in self.pairs], "pair")
        _unique([s.id for s in self.sequence], "step")
        _unique([p.id for p in self.parts], "part")
        n_correct = sum(o.correct for o in self.options)
        if t == "single" and (len(self.options) < 2 or n_correct != 1):
            raise ValueError("a 'single' question needs at least 2 options, exactly 1 correct")
        if t == "multiple" and (len(self.options) < 3 or n_correct < 1):
            raise ValueError("a 'multiple' question needs at least 3 options, 1 or more correct")
        if t == "matching" and len(self.pairs) < 2:
            raise ValueError("a 'matching' question needs at least 2 pairs")
        if t == "ordering" and len(self.sequence) < 2:
            raise ValueError("an 'ordering' question needs at least 2 steps")
        if t == "date" and self.milestone in self.distractors:
            raise ValueError("the milestone cannot also be a distractor")
        for part in self.parts:
            _unique([o.id for o in part.options], f"option in part '{part.id}'")
            if sum(o.correct for o in part.options) != 1:
                raise ValueError(f"part '{part.id}' needs exactly 1 correct option")
        return self


def _unique(ids: list[str], what: str) -> None:
    seen = set()
    for i in ids:
        if i in seen:
            raise ValueError(f"duplicate {what} id '{i}'")
        seen.add(i)


KINDS: dict[str, type[Item]] = {"questions": Question}
LEGAL_KINDS: set[str] = {"questions"}

__all__ = ["KINDS", "LEGAL_KINDS", "Question", "Option", "Pair", "Step", "Part", "TOPICS"]
