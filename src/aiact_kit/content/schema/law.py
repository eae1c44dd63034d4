"""Content kinds that state the law: glossary, definitions, scope, roles, risk groups,
GPAI, obligations, timeline, penalties, supervision, and the metadata of the content set."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import Field, model_validator

from aiact_kit.content.schema.base import (
    Citations,
    I18n,
    Id,
    Item,
    LegalItem,
    MilestoneRef,
    NonEmpty,
    RiskGroup,
    Role,
    Status,
    StrictModel,
)


class Meta(Item):
    """Metadata of the content set (exactly one item, id ``law``)."""

    title: I18n
    law: I18n  # the version of the law stated, e.g. "Regulation (EU) 2024/1689 as amended by ..."
    amended_by: NonEmpty  # e.g. "Regulation (EU) 2026/1744"
    as_of: date  # the content states the law as it stood on this date
    last_verified: date  # when the content was last checked against its sources
    disclaimer: I18n
    sources: list[I18n] = Field(default_factory=list)


class GlossaryTerm(Item):
    term: I18n  # en: English term, nl: official Dutch term
    explanation: I18n
    citations: Citations


class Definition(LegalItem):
    group: Literal[
        "ai-system", "ai-system-element", "out-of-scope", "gpai", "systemic-risk", "other"
    ]
    position: int | None = None  # order within the group (e.g. element 1..7)


class ScopeItem(LegalItem):
    # other-law: Art 2 paragraphs saying other law keeps applying (e.g. Art 2(5), (7), (9), (11))
    group: Literal["covered", "exclusion", "partial", "other-law"]


class RoleItem(LegalItem):
    group: Literal["role", "becomes-provider", "note"]
    term: I18n | None = None


class ProhibitedPractice(LegalItem):
    point: NonEmpty  # e.g. "5(1)(c)"
    exceptions: list[I18n] = Field(default_factory=list)
    applies_from: MilestoneRef
    added_2026: bool = False


class HighRiskItem(LegalItem):
    route: Literal["annex-i-a", "annex-i-b", "annex-iii", "art-6-3", "rule"]
    area: int | None = Field(default=None, ge=1, le=8)  # Annex III area
    point: str | None = None  # e.g. "4(a)" or Annex I point "11"
    area_title: I18n | None = None


class TransparencyDuty(LegalItem):
    paragraph: NonEmpty  # e.g. "50(1)"
    bearer: list[Role] = Field(min_length=1)
    exceptions: list[I18n] = Field(default_factory=list)
    applies_from: MilestoneRef


class GpaiItem(LegalItem):
    group: Literal["all-providers", "systemic-risk", "open-source", "non-eu", "code", "other"]


class AppliesFrom(StrictModel):
    """The rule for the date an obligation applies from, as milestone references.

    ``default`` applies in general; ``annex_i`` for high-risk systems under Annex I (Art 6(1));
    ``legacy`` for systems already on the market or in service before the default date (absent:
    no separate date); ``legacy_public`` for such high-risk systems used by public authorities
    (Art 111(2)).
    """

    default: MilestoneRef
    annex_i: MilestoneRef | None = None
    legacy: MilestoneRef | None = None
    legacy_public: MilestoneRef | None = None
    legacy_note: I18n | None = None


class Obligation(Item):
    title: I18n
    text: I18n
    roles: list[Role] = Field(min_length=1)
    risk_groups: list[RiskGroup] = Field(min_length=1)
    citations: Citations
    applies_from: AppliesFrom
    status: Status = "confirmed"


SystemKind = Literal[
    "all", "prohibited", "gpai", "annex-iii", "annex-i", "transparency", "public-legacy", "annex-x"
]
LawVersion = Literal["amended", "original"]


class Provision(StrictModel):
    """What a milestone starts to apply, for which kinds of system (``all``: every kind).

    ``until`` names a milestone from which the provision no longer applies in this form (in a
    version of the law where that milestone does not exist, it never ends).
    """

    id: Id
    title: I18n
    note: I18n | None = None
    citations: Citations
    kinds: list[SystemKind] = Field(min_length=1)
    until: MilestoneRef | None = None
    status: Status = "confirmed"


class Transition(StrictModel):
    """A transitional rule (Art 111) for systems or models placed on the market or put into
    service before the milestone that carries it (the cut-off), in the listed versions.

    ``rule: deadline``: the listed provisions apply to them from ``deadline`` (Art 111(1), (3),
    (4)), optionally only for systems with the flag ``only_if``. ``rule: significant-change``:
    the listed provisions apply to them only after a significant change in design, and for
    systems intended for public authorities by ``public_deadline`` at the latest (Art 111(2)).
    """

    id: Id
    kinds: list[SystemKind] = Field(min_length=1)
    versions: list[LawVersion] = Field(min_length=1)
    rule: Literal["deadline", "significant-change"]
    deadline: MilestoneRef | None = None
    public_deadline: MilestoneRef | None = None
    only_if: Literal["generative"] | None = None
    provisions: list[Id] = Field(min_length=1)
    text: I18n
    citations: Citations

    @model_validator(mode="after")
    def _rule_fields(self) -> Transition:
        if self.rule == "deadline" and (self.deadline is None or self.public_deadline):
            raise ValueError("a 'deadline' transition needs 'deadline' and no 'public_deadline'")
        if self.rule == "significant-change" and self.deadline is not None:
            raise ValueError("a 'significant-change' transition has no 'deadline'")
        return self


class Milestone(Item):
    """A date in Art 113 or Art 111 (or the legislative history), as first adopted and as
    amended. A milestone that exists in only one version leaves the other date empty.

    ``starts`` lists, machine-readably, what applies from this date; ``transitions`` the
    transitional rules for systems already on the market before this date (the cut-off).
    """

    title: I18n
    text: I18n
    date_original: date | None = None
    date_amended: date | None = None
    citations: Citations
    status: Status = "confirmed"
    last_verified: date
    kinds: list[
        Literal[
            "all",
            "prohibited",
            "gpai",
            "annex-iii",
            "annex-i",
            "transparency",
            "public-legacy",
            "annex-x",
            "governance",
            "literacy",
            "penalties",
            "history",
        ]
    ] = Field(min_length=1)
    starts: list[Provision] = Field(default_factory=list)
    transitions: list[Transition] = Field(default_factory=list)

    @model_validator(mode="after")
    def _one_date(self) -> Milestone:
        if self.date_original is None and self.date_amended is None:
            raise ValueError("a milestone needs date_original, date_amended or both")
        for t in self.transitions:
            for v in t.versions:
                if (self.date_amended if v == "amended" else self.date_original) is None:
                    raise ValueError(
                        f"transition '{t.id}' is for the {v} version, "
                        f"which has no date for this milestone"
                    )
        return self


class Penalty(LegalItem):
    max_eur: int | None = Field(default=None, ge=0)
    max_turnover_pct: float | None = Field(default=None, ge=0, le=100)


class SupervisionItem(LegalItem):
    level: Literal["eu", "national", "nl"]


KINDS: dict[str, type[Item]] = {
    "meta": Meta,
    "glossary": GlossaryTerm,
    "definitions": Definition,
    "scope": ScopeItem,
    "roles": RoleItem,
    "prohibited": ProhibitedPractice,
    "high_risk": HighRiskItem,
    "transparency": TransparencyDuty,
    "gpai": GpaiItem,
    "obligations": Obligation,
    "timeline": Milestone,
    "penalties": Penalty,
    "supervision": SupervisionItem,
}

# Kinds whose items state the law and therefore must carry a citation.
LEGAL_KINDS = {
    "glossary",
    "definitions",
    "scope",
    "roles",
    "prohibited",
    "high_risk",
    "transparency",
    "gpai",
    "obligations",
    "timeline",
    "penalties",
    "supervision",
}

# Kinds allowed to hold literal dates in their text (all others refer to milestones).
DATED_KINDS = {"timeline", "meta"}

__all__ = ["KINDS", "LEGAL_KINDS", "DATED_KINDS", "Id"]
