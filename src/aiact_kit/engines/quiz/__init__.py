"""The quiz engine: question views, grading, seeded sessions, tries, hints and scores.

Pure Python: this package never imports ipywidgets. The widgets in :mod:`aiact_kit.widgets.quiz`
render a :class:`QuizSession` and forward the learner's answers. Import the names below from
``aiact_kit.engines.quiz``; its modules are private to the package:

- ``errors``: :class:`QuizError`; ``wording``: the quiz's texts (``content/text/quiz.yaml``);
- ``views``: :class:`QuestionView`, :class:`Result` and their parts;
- ``registry`` and ``base``: the question types by name and what each provides;
  ``choice_types`` and ``item_types``: one class per question type (view, grading, right
  answer, answer label);
- ``grading``: :func:`build_view`, :func:`grade`, :func:`right_answer`, :func:`answer_lines`;
- ``selection``: :func:`questions_for`, :func:`quiz_topics`, the seeded order;
- ``session``: :class:`QuizSession`, its scores and the score bands.

Answer shapes and grading, per question type (a question is *correct* when its score is 1):

- ``single``: an option id (``str``). Score 1 for the correct option, else 0.
- ``multiple``: a list of distinct option ids (at least one). Partial credit:
  ``(correct options chosen - wrong options chosen) / number of correct options``, floored at 0.
  Only exactly the set of correct options scores 1.
- ``true_false``: ``True``/``False`` (or the choice ids ``"true"``/``"false"``). Score 1 or 0.
- ``matching``: a mapping ``{left pair id: right choice id}`` with an entry for every left item.
  Right choices are identified by a pair id; pairs that share the same right-hand text share one
  choice, so several left items may match the same right item. Score = fraction of left items
  matched right.
- ``ordering``: the list of all step ids in the learner's order. Score = fraction of positions
  holding a right step. When every step refers to a milestone, the right order is by the
  milestones' dates in the question's version of the law, and steps with the same date may
  stand in either order; otherwise the order listed in the content is the right one.
- ``date``: a choice id (the id of a milestone). The choices are the dates of the answer
  milestone and of its distractor milestones, in the question's version of the law, deduplicated
  by date (a distractor with the same date as the answer, or as an earlier distractor, is dropped)
  and listed chronologically. Dates come from the timeline data only.
- ``scenario``: a mapping ``{part id: option id}`` with an entry for every part; each part is a
  single choice. Score = fraction of parts right.

Invalid input (an unknown option id, a wrong answer shape, an answer to a question that is not
in the quiz) raises :class:`QuizError`, naming the question and the bad value.

A :class:`QuizSession` shuffles questions and options with a seed (the same seed gives the same
order), allows a number of tries per question (default 2; after the last wrong try the right
answer is shown), offers hints, keeps the score per quiz and per topic, and emits an ``"answer"``
event (see :mod:`aiact_kit.engines.events`) for every checked answer.
"""

from __future__ import annotations

from aiact_kit.content.records import TOPICS
from aiact_kit.engines.quiz import choice_types, item_types  # noqa: F401 - register the types
from aiact_kit.engines.quiz.base import QuestionType
from aiact_kit.engines.quiz.errors import QuizError
from aiact_kit.engines.quiz.grading import answer_lines, build_view, grade, right_answer
from aiact_kit.engines.quiz.registry import QUESTION_TYPES, question_type
from aiact_kit.engines.quiz.selection import questions_for, quiz_topics
from aiact_kit.engines.quiz.session import (
    SCORE_BANDS,
    Attempt,
    Progress,
    QuestionState,
    QuizSession,
    Summary,
    TopicScore,
    band_key,
)
from aiact_kit.engines.quiz.views import Choice, Feedback, PartView, QuestionView, Result
from aiact_kit.engines.quiz.wording import quiz_ui, topic_label

__all__ = [
    "QUESTION_TYPES",
    "SCORE_BANDS",
    "TOPICS",
    "Attempt",
    "Choice",
    "Feedback",
    "PartView",
    "Progress",
    "QuestionState",
    "QuestionType",
    "QuestionView",
    "QuizError",
    "QuizSession",
    "Result",
    "Summary",
    "TopicScore",
    "answer_lines",
    "band_key",
    "build_view",
    "grade",
    "question_type",
    "questions_for",
    "quiz_topics",
    "quiz_ui",
    "right_answer",
    "topic_label",
]
