"""Content kind ``cases``: scenarios for the decision exercises.

A case file looks like::

    kind: cases
    items:
      - id: case-benefits-risk-scoring
        title: {nl: ..., en: ...}
        sector: public                      # public | business
        scenario: {nl: ..., en: ...}        # what the learner reads
        answer_path:                        # the walk through the kit's decision tree
          - {question: algorithm, answer: "yes"}
          - {question: what, answer: system}
          ...
        expected:
          conclusion: high-risk-annex-iii   # conclusion id in the tree
          applies: true                     # does the AI Act apply?
          roles: [provider, deployer]
          risk_group: high-risk             # see OUTCOME_RISK_GROUPS
          points: ["Annex III 5(a)"]        # legal basis: the citation labels collected
          obligations: [ai-literacy, ...]   # every obligation id the outcome lists
          start: annex-iii-high-risk        # milestone of the first specific obligation
        explanation: {nl: ..., en: ...}     # the worked explanation
        citations: ["Art. 6(2)", "Annex III 5(a)"]
        arguable:                           # only when the outcome depends on interpretation
          fork: art-25                      # the deciding question (on the answer path)
          reason: {nl: ..., en: ...}
          alternative: {answer: "no", conclusion: ..., roles: [...], obligations: [...]}

``answer_path`` uses the questions' ids and the answers' stable ``answerId`` of the tree
``content/data/trees/aiact-kit.yaml``. ``aiact-kit validate`` walks every path and checks that it
reaches exactly the expected outcome (see :mod:`aiact_kit.commands.tree`).
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from aiact_kit.content.records import OUTCOME_RISK_GROUPS
from aiact_kit.content.schema.base import (
    Citations,
    CitationStr,
    I18n,
    Item,
    MilestoneRef,
    NonEmpty,
    ObligationRef,
    Role,
    StrictModel,
)

OutcomeRiskGroup = Literal[
    "out-of-scope",
    "prohibited",
    "high-risk",
    "annex-i-section-b",
    "not-high-risk-art-6-3",
    "transparency",
    "minimal",
    "gpai",
    "gpai-open-source",
    "gpai-systemic",
]


class PathStep(StrictModel):
    question: NonEmpty  # questionId in the tree
    answer: NonEmpty  # answerId of one of its answers


class Expected(StrictModel):
    conclusion: NonEmpty
    applies: bool
    roles: list[Role] = Field(default_factory=list)
    risk_group: OutcomeRiskGroup
    points: list[CitationStr] = Field(default_factory=list)
    obligations: list[ObligationRef] = Field(default_factory=list)
    start: MilestoneRef | None = None


class CaseAlternative(StrictModel):
    """The outcome of the other defensible answer at an arguable case's deciding fork."""

    answer: NonEmpty  # answerId at the fork
    # answers to questions only the other route asks (the answer_path gives the rest)
    extra: list[PathStep] = Field(default_factory=list)
    conclusion: NonEmpty
    roles: list[Role] = Field(default_factory=list)
    obligations: list[ObligationRef] = Field(default_factory=list)


class ArguableCase(StrictModel):
    """A case whose outcome depends on interpretation: the deciding fork (a question of the
    answer path), why it is open, and the outcome of the other answer."""

    fork: NonEmpty
    reason: I18n
    alternative: CaseAlternative


class Case(Item):
    title: I18n
    sector: Literal["public", "business"]
    scenario: I18n
    answer_path: list[PathStep] = Field(min_length=1)
    expected: Expected
    explanation: I18n
    citations: Citations
    arguable: ArguableCase | None = None


KINDS: dict[str, type[Item]] = {"cases": Case}
LEGAL_KINDS: set[str] = {"cases"}

__all__ = [
    "KINDS",
    "LEGAL_KINDS",
    "ArguableCase",
    "Case",
    "CaseAlternative",
    "Expected",
    "PathStep",
    "OUTCOME_RISK_GROUPS",
]
