"""Building blocks of the content schema: bilingual text, citations, ids and references.

Every content kind is a pydantic model derived from :class:`Item`. Models forbid unknown
fields, so a typo in a YAML key is an error, not a silently ignored value.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

from aiact_kit.citations import Citation, parse_citation

LANGS: tuple[str, ...] = ("nl", "en")
DEFAULT_LANG = "nl"

ID_PATTERN = r"^[a-z0-9][a-z0-9._-]*$"
Id = Annotated[str, StringConstraints(pattern=ID_PATTERN, max_length=80)]
NonEmpty = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]

# A date written in running text: '2 December 2027', '2 dec. 2027', '2027-12-02', '2/12/2027'.
_MONTHS = (
    "jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|"
    "januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december|"
    "january|february|march|june|july|august|october|mrt|okt"
)
LITERAL_DATE = re.compile(
    rf"(\b\d{{1,2}}\s+(?:{_MONTHS})\.?\s+\d{{4}}\b)|(\b\d{{4}}-\d{{2}}-\d{{2}}\b)"
    rf"|(\b\d{{1,2}}/\d{{1,2}}/\d{{4}}\b)",
    re.IGNORECASE,
)
# A reference to a milestone's date inside text: {date:milestone-id} or {date:id:original}.
DATE_PLACEHOLDER = re.compile(
    r"\{date:(?P<id>[a-z0-9][a-z0-9._-]*)(?::(?P<version>original|amended))?\}"
)


class StrictModel(BaseModel):
    # defer_build: a model's validator is built when it first validates, not at import, so a
    # kernel that takes its content from the validated cache never builds one.
    model_config = ConfigDict(
        extra="forbid", frozen=True, str_strip_whitespace=True, defer_build=True
    )


class I18n(StrictModel):
    """A learner-facing text in Dutch (default) and English. Both are required and non-empty.

    Text may refer to a date with ``{date:milestone-id}`` (the law as amended) or
    ``{date:milestone-id:original}``; it may not contain a literal calendar date outside the
    timeline, so that a date lives in one place only.
    """

    nl: NonEmpty
    en: NonEmpty

    def get(self, lang: str = DEFAULT_LANG) -> str:
        if lang not in LANGS:
            raise ValueError(f"unknown language {lang!r}; expected one of {LANGS}")
        return getattr(self, lang)


def _citation(value: str) -> str:
    parse_citation(value)  # raises CitationError (a ValueError) with a specific message
    return value


CitationStr = Annotated[str, AfterValidator(_citation)]
Citations = Annotated[list[CitationStr], Field(min_length=1)]


class RefId(str):
    """An id that must resolve to an item of ``kind``; checked after all files are loaded."""

    kind: str

    def __new__(cls, value: str, kind: str) -> RefId:
        obj = super().__new__(cls, value)
        obj.kind = kind
        return obj

    def __getnewargs__(self) -> tuple[str, str]:  # pickling (the validated-content cache)
        return (str(self), self.kind)


def Ref(kind: str) -> Any:  # noqa: N802 - reads like a type in model definitions
    """Field type for a reference to an item of another kind: ``milestone: Ref("timeline")``."""

    def make(value: str) -> RefId:
        return RefId(value, kind)

    return Annotated[str, StringConstraints(pattern=ID_PATTERN), AfterValidator(make)]


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
    "Ref",
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
