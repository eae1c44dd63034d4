"""The decision-aid engine: load a decision tree in the *beslishulp* format, walk it, check it.

Pure Python (no ipywidgets). The format is the one of the Dutch government's *beslishulp
AI-verordening* (``decision-tree.yaml``), so the official tree runs here unchanged:

- top level: ``version``, ``name``, ``questions``, ``conclusions``; the first question starts;
- question: ``questionId``, ``question``, ``explanation``, ``category``, ``subcategory``,
  ``sources`` (``source``, ``url``), ``answers``;
- answer: ``answer``, optional ``labels`` (added to the collected labels), ``subresult``,
  ``answerComment``, and exactly one of ``nextQuestionId``, ``nextConclusionId`` or
  ``redirects`` (a list of ``{if, nextQuestionId | nextConclusionId}``; the first whose
  condition holds, evaluated *after* the answer's labels were added, is followed);
- conclusion: ``conclusionId``, ``conclusion``, ``obligation``, ``sources``,
  ``conclusionComment``.

Texts may contain a little HTML; see :mod:`aiact_kit.content.htmltext`. Conditions are parsed by
:mod:`aiact_kit.engines.decision.conditions` (never ``eval``).

**The kit's extension** (extra optional keys; a tree that uses them still validates against
the upstream JSON Schema, which allows extra keys):

- English text beside every Dutch text, as a sibling key with suffix ``_en``: ``name_en``,
  ``question_en``, ``explanation_en``, ``subcategory_en``, ``answer_en``, ``subresult_en``,
  ``answerComment_en``, ``conclusion_en``, ``obligation_en``, ``conclusionComment_en``. (The
  plain keys stay Dutch strings, as upstream; a missing English text falls back to Dutch.)
  Text may refer to dates as ``{date:<milestone-id>}``; literal dates are not allowed.
- ``answerId`` on answers: a stable id (``[a-z0-9._-]``) used by case answer paths. Without
  it an answer's id is its position (``"0"``, ``"1"``, ...).
- ``citations`` (kit citation strings) on questions, answers and conclusions.
- on conclusions: ``obligations`` -- ids into the obligations catalogue, each a string or
  ``{id, if}`` with a condition over the labels; ``riskGroup`` (see :data:`RISK_GROUPS`) and
  ``applies`` (does the AI Act apply at all?).
- on questions: ``guidance`` (help shown before answering: what counts and what does not,
  with examples, cited) and ``arguable`` (the law is open here: the reason and the defensible
  answers; a conclusion reached through it shows each answer's outcome, see ``forks``); on
  conclusions: ``actions`` (the first things to do, each with an optional ``if``), ``facts``
  (content item ids whose text the conclusion shows: one fact, one place) and, on an
  obligation, ``caveat`` ("applies if ...") with an optional ``caveatIf``. See ``extensions``.
- top level ``extension: aiact-kit`` marks a kit tree: unknown keys are then errors (typos
  are caught) and every text needs its English version.

**Label conventions** used to compute dates (:func:`obligation_timing`): ``annex-i`` (high-risk
via Annex I), ``public-authority`` (intended to be used by a public authority), and
``before:<milestone-id>`` (placed on the market or put into service before that milestone).
Role labels (``provider``, ``deployer``, ``importer``, ``distributor``, or the Dutch labels
of the official tree) select which obligations of a conclusion apply to the user.

**Modules** (import the names below from this package, not from its modules):
``model`` (the tree as data), ``conditions`` (the ``if:`` evaluator), ``labels`` (the label
conventions), ``parse`` (reading the format), ``explore`` (the bounded state space),
``paths`` (complete walks), ``check`` (the checker), ``outcome`` (obligations and their dates),
``session`` (a learner's walk), ``forks`` (the outcomes of arguable forks), ``extensions``
(reading the kit's richer keys), ``cases`` (the exercise cases against the tree, and grading
a learner's prediction of a case).
"""

from __future__ import annotations

from aiact_kit.content import TREES_DIR
from aiact_kit.engines.decision.cases import (
    case_ids,
    case_problems,
    divergence,
    grade_prediction,
)
from aiact_kit.engines.decision.check import Problem, TreeReport, check_tree, validate_tree
from aiact_kit.engines.decision.conditions import Condition, ConditionError, parse_condition
from aiact_kit.engines.decision.explore import (
    MAX_STATE_LABELS,
    MAX_STATES,
    MAX_TRACKED_LABELS,
    MAX_TRANSITIONS,
    explored,
)
from aiact_kit.engines.decision.forks import Alternative, Fork, arguable_forks, replay
from aiact_kit.engines.decision.labels import (
    ANNEX_I_LABEL,
    BEFORE_PREFIX,
    PUBLIC_LABEL,
    RISK_GROUPS,
    ROLE_LABELS,
    ROLE_ORDER,
    roles_of,
)
from aiact_kit.engines.decision.model import (
    Action,
    Answer,
    Arguable,
    Conclusion,
    DecisionTreeError,
    Guidance,
    ObligationRef,
    Question,
    Redirect,
    Source,
    Text,
    Tree,
)
from aiact_kit.engines.decision.outcome import (
    DateGroup,
    ObligationTiming,
    Outcome,
    compute_outcome,
    obligation_timing,
)
from aiact_kit.engines.decision.parse import (
    DEFAULT_TREE,
    KIT_EXTENSION,
    default_tree,
    load_tree,
    parse_tree,
)
from aiact_kit.engines.decision.paths import PathResult, iter_paths, terminal_states
from aiact_kit.engines.decision.session import Session, Step, walk

__all__ = [
    "divergence",
    "grade_prediction",
    "explored",
    "DecisionTreeError",
    "Text",
    "Source",
    "Redirect",
    "Answer",
    "Question",
    "ObligationRef",
    "Conclusion",
    "Tree",
    "load_tree",
    "parse_tree",
    "default_tree",
    "Session",
    "Step",
    "ObligationTiming",
    "DateGroup",
    "Outcome",
    "obligation_timing",
    "compute_outcome",
    "PathResult",
    "iter_paths",
    "terminal_states",
    "Problem",
    "TreeReport",
    "check_tree",
    "validate_tree",
    "roles_of",
    "walk",
    "case_problems",
    "case_ids",
    "Action",
    "Arguable",
    "Guidance",
    "Alternative",
    "Fork",
    "arguable_forks",
    "replay",
    # the format, its conventions and the checker's limits
    "Condition",
    "ConditionError",
    "parse_condition",
    "TREES_DIR",
    "DEFAULT_TREE",
    "KIT_EXTENSION",
    "ANNEX_I_LABEL",
    "PUBLIC_LABEL",
    "BEFORE_PREFIX",
    "ROLE_LABELS",
    "ROLE_ORDER",
    "RISK_GROUPS",
    "MAX_STATES",
    "MAX_TRANSITIONS",
    "MAX_STATE_LABELS",
    "MAX_TRACKED_LABELS",
]
