"""Building blocks of the content schema: bilingual text, citations, ids and references.

Every content kind is a pydantic model derived from :class:`Item`. Models forbid unknown
fields, so a typo in a YAML key is an error, not a silently ignored value.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

from aiact_kit.content.citations import Citation, parse_citation

# The constants, RefId and the models' methods live in aiact_kit.content.records (no pydantic),
# which
# app kernels read the validated content with; they are re-exported here.
from aiact_kit.content.records import (
    DATE_PLACEHOLDER,
    DEFAULT_LANG,
    ID_PATTERN,
    LANGS,
    LITERAL_DATE,
    I18nMethods,
    RefId,
)

Id = Annotated[str, StringConstraints(pattern=ID_PATTERN, max_length=80)]
NonEmpty = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class StrictModel(BaseModel):
    # defer_build: a model's validator is built when it first validates, not at import, so a
    # kernel that takes its content from the validated cache never builds one.
    model_config = ConfigDict(
        extra="forbid", frozen=True, str_strip_whitespace=True, defer_build=True
    )


class I18n(I18nMethods, StrictModel):
    """A learner-facing text in Dutch (default) and English. Both are required and non-empty.

    Text may refer to a date with ``{date:milestone-id}`` (the law as amended) or
    ``{date:milestone-id:original}``; it may not contain a literal calendar date outside the
    timeline, so that a date lives in one place only.
    """

    nl: NonEmpty
    en: NonEmpty


def _citation(value: str) -> str:
    parse_citation(value)  # raises CitationError (a ValueError) with a specific message
    return value


CitationStr = Annotated[str, AfterValidator(_citation)]
Citations = Annotated[list[CitationStr], Field(min_length=1)]


def _ref_to(kind: str) -> AfterValidator:
    """The validator that makes a reference's id a :class:`RefId` of ``kind`` (checked after
    all files are loaded)."""

    def make(value: str) -> RefId:
        return RefId(value, kind)

    return AfterValidator(make)


# Field types for a reference to an item of another kind, e.g. ``milestone: MilestoneRef``.
_RefPattern = StringConstraints(pattern=ID_PATTERN)
MilestoneRef = Annotated[str, _RefPattern, _ref_to("timeline")]
LessonRef = Annotated[str, _RefPattern, _ref_to("lessons")]
ObligationRef = Annotated[str, _RefPattern, _ref_to("obligations")]


Status = Literal["confirmed", "reported", "not-confirmed"]
Role = Literal[
    "provider",
    "deployer",
    "importer",
    "distributor",
    "authorised-representative",
    "product-manufacturer",
    "downstream-provider",
]
RiskGroup = Literal[
    "prohibited", "high-risk", "transparency", "minimal", "gpai", "gpai-systemic", "all"
]


class Item(StrictModel):
    """Base of every content item: a unique id (unique across all content)."""

    id: Id


class LegalItem(Item):
    """A statement of the law: title, explanation, at least one citation, and its status.

    ``status`` says whether the fact is confirmed in the legal text or only reported.
    ``changed_2026`` says what Regulation (EU) 2026/1744 changed about it, if anything.
    """

    title: I18n
    text: I18n
    citations: Citations
    status: Status = "confirmed"
    changed_2026: I18n | None = None


def parse_citations(values: list[str]) -> list[Citation]:
    return [parse_citation(v) for v in values]


__all__ = [
    "LANGS",
    "DEFAULT_LANG",
    "Id",
    "NonEmpty",
    "I18n",
    "CitationStr",
    "Citations",
    "LessonRef",
    "MilestoneRef",
    "ObligationRef",
    "RefId",
    "Status",
    "Role",
    "RiskGroup",
    "Item",
    "LegalItem",
    "StrictModel",
    "LITERAL_DATE",
    "DATE_PLACEHOLDER",
    "date",
]
