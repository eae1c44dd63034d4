"""Content kind ``lessons``: the lessons of the kit and its stand-alone tool pages.

This is not a legal kind: it holds no statement of the law, only the course outline that the
landing page and the page navigation are generated from. ``content/data/lessons.yaml`` looks like::

    kind: lessons
    items:
      - id: lesson-welcome
        number: 0                      # lessons: 0 .. 10, unique, in course order
        title: {nl: ..., en: ...}
        summary: {nl: ..., en: ...}    # one line
        minutes: 10                    # estimated time
        notebook:                      # paths relative to notebooks/
          nl: nl/00-welkom.ipynb       # nl/NN-<dutch-slug>.ipynb, NN = number
          en: en/00-welcome.ipynb      # en/NN-<english-slug>.ipynb
      - id: tool-decision-aid
        type: tool                     # a stand-alone page linked from the landing page
        title: ...
        summary: ...
        minutes: 15
        notebook: {nl: nl/beslishulp.ipynb, en: en/decision-aid.ipynb}
        lesson: lesson-obligations     # the lesson that explains or uses the tool

A lesson may list ``topics:`` (quiz topics it teaches); the quiz result links each topic back
to its lesson. A lesson or tool lists ``roles:``, the learner roles whose recommended route
(landing page) holds it.

A tool may point at a lesson's own notebook (the final test is lesson 10).
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import Field, field_validator, model_validator

from aiact_kit.content.records import NotebookPathsMethods
from aiact_kit.content.schema.base import I18n, Item, LessonRef, StrictModel
from aiact_kit.content.schema.questions import Topic

# The learner roles of the routes on the landing page (labels: pages.route_role_<id>).
RouteRole = Literal[
    "policy", "case-handler", "procurement", "management", "developer", "privacy-legal"
]

LESSON_PATH = re.compile(r"^(?P<lang>nl|en)/(?P<number>\d{2})-[a-z0-9]+(?:-[a-z0-9]+)*\.ipynb$")
TOOL_PATH = re.compile(r"^(?P<lang>nl|en)/[a-z0-9]+(?:-[a-z0-9]+)*\.ipynb$")
SUMMARY_MAX = 200


class NotebookPaths(NotebookPathsMethods, StrictModel):
    """Where a page lives, per language, relative to ``notebooks/``."""

    nl: str
    en: str


class Lesson(Item):
    type: Literal["lesson", "tool"] = "lesson"
    number: int | None = Field(default=None, ge=0, le=99)
    title: I18n
    summary: I18n
    minutes: int = Field(ge=1, le=600)
    notebook: NotebookPaths
    lesson: LessonRef | None = None
    # the quiz topics this lesson teaches (the quiz result links a topic back to its lesson)
    topics: list[Topic] = Field(default_factory=list)
    # the learner roles whose recommended route holds this lesson or tool (landing page)
    roles: list[RouteRole] = Field(default_factory=list)

    @field_validator("summary")
    @classmethod
    def _one_line(cls, value: I18n) -> I18n:
        for lang in ("nl", "en"):
            text = value.get(lang)
            if "\n" in text:
                raise ValueError(f"summary.{lang} must be one line")
            if len(text) > SUMMARY_MAX:
                raise ValueError(f"summary.{lang} is longer than {SUMMARY_MAX} characters")
        return value

    @model_validator(mode="after")
    def _fields_for_type(self) -> Lesson:
        if self.type == "lesson":
            if self.number is None:
                raise ValueError("a lesson needs a 'number'")
            if self.lesson is not None:
                raise ValueError("field 'lesson' is only used by a tool")
        elif self.number is not None:
            raise ValueError("a tool has no 'number'")
        for lang in ("nl", "en"):
            path = self.notebook.get(lang)
            m = LESSON_PATH.match(path) or TOOL_PATH.match(path)
            if m is None:
                raise ValueError(
                    f"notebook.{lang} {path!r} must look like '{lang}/NN-<slug>.ipynb' "
                    f"(lessons) or '{lang}/<slug>.ipynb' (tools), slug in [a-z0-9-]"
                )
            if m.group("lang") != lang:
                raise ValueError(f"notebook.{lang} {path!r} must be in the folder '{lang}/'")
            if self.type == "lesson":
                lm = LESSON_PATH.match(path)
                if lm is None or int(lm.group("number")) != self.number:
                    raise ValueError(
                        f"notebook.{lang} {path!r} must start with the lesson number "
                        f"'{lang}/{self.number:02d}-'"
                    )
        return self


KINDS: dict[str, type[Item]] = {"lessons": Lesson}

__all__ = ["KINDS", "Lesson", "NotebookPaths", "LESSON_PATH", "TOOL_PATH"]
