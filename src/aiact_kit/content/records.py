"""What an app page needs of the content schema, without pydantic.

The schema (:mod:`aiact_kit.content.schema`) validates the content with pydantic; building its
models
costs a fresh kernel about 6 MiB and most of a second. A page only *reads* content that was
validated before (the validated-content cache, :func:`aiact_kit.content.cached_content`), so
the cache hands out :class:`Record` objects instead: the same fields and the same few methods
(``I18n.get``, ``NotebookPaths.get``), read-only, without the pydantic machinery. The schema
modules take their shared constants and method mixins from here, so both agree by construction.

This module must not import pydantic or :mod:`aiact_kit.content.schema` (a test asserts it).
"""

from __future__ import annotations

import re
from typing import Any

LANGS: tuple[str, ...] = ("nl", "en")
DEFAULT_LANG = "nl"

ID_PATTERN = r"^[a-z0-9][a-z0-9._-]*$"

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

# The learner roles of the recommended routes on the landing page (schema.lessons).
ROUTE_ROLES = ("policy", "case-handler", "procurement", "management", "developer", "privacy-legal")

# Quiz topics (schema.questions) and outcome risk groups of a worked case (schema.cases).
TOPICS = (
    "definition",  # what an AI system is; GPAI model and system
    "scope",  # Art 2: scope and exclusions
    "roles",  # provider, deployer, importer, distributor; Art 25
    "prohibited",  # Art 5
    "high-risk",  # Art 6, Annex I, Annex III, Art 6(3), obligations
    "transparency",  # Art 50
    "gpai",  # Art 51-55
    "timeline",  # Art 113, Art 111, what the 2026 amendment changed
    "penalties-supervision",  # Art 99-101, AI Office, Board, national authorities
    "literacy",  # Art 4
    "nl-practice",  # the AI Act in Dutch public practice: GDPR, DPIA/FRIA/IAMA, register, Awb
    "procurement-rights",  # buying and using AI: supplier checks, oversight, residents' rights
)
OUTCOME_RISK_GROUPS = (
    "out-of-scope",  # the AI Act does not apply (no algorithm, not AI, excluded, open source)
    "prohibited",  # Art 5
    "high-risk",  # Art 6(1) Annex I Section A, or Art 6(2) Annex III
    "annex-i-section-b",  # Art 6(1) with Annex I Section B: only Art 2(2) provisions apply
    "not-high-risk-art-6-3",  # listed in Annex III, derogation of Art 6(3)
    "transparency",  # not high-risk, Art 50 duties
    "minimal",  # none of the above; AI literacy only
    "gpai",  # general-purpose AI model
    "gpai-open-source",  # open-source model without systemic risk (Art 53(2))
    "gpai-systemic",  # model with systemic risk (Art 51, 55)
)

#: The role answers a learner can give in a decision exercise: a choice key and the roles it
#: means (the case files' ``expected.roles`` are compared through :func:`roles_key`).
ROLE_CHOICES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("none", ()),
    ("provider", ("provider",)),
    ("deployer", ("deployer",)),
    ("provider-deployer", ("provider", "deployer")),
    ("importer", ("importer",)),
    ("distributor", ("distributor",)),
)


def roles_key(roles: Any) -> str:
    """The choice key of a set of roles ('provider-deployer' for provider and deployer); a
    combination that is not a choice gets its roles joined by '+'."""
    wanted = tuple(sorted(roles))
    for key, combo in ROLE_CHOICES:
        if tuple(sorted(combo)) == wanted:
            return key
    return "+".join(wanted)


class RefId(str):
    """An id that must resolve to an item of ``kind``; checked after all files are loaded."""

    kind: str

    def __new__(cls, value: str, kind: str) -> RefId:
        obj = super().__new__(cls, value)
        obj.kind = kind
        return obj

    # pickling (the validated-content cache) needs the kind as well as the text, so this
    # returns two arguments where str's own returns one
    def __getnewargs__(self) -> tuple[str, str]:  # type: ignore[override]
        return (str(self), self.kind)


# -- methods the schema models and their records share ---------------------------------------
class I18nMethods:
    """``I18n.get``: the text in one language."""

    __slots__ = ()

    def get(self, lang: str = DEFAULT_LANG) -> str:
        if lang not in LANGS:
            raise ValueError(f"unknown language {lang!r}; expected one of {LANGS}")
        text: str = getattr(self, lang)
        return text


class NotebookPathsMethods:
    """``NotebookPaths.get``: a page's notebook path in one language."""

    __slots__ = ()

    def get(self, lang: str) -> str:
        if lang not in ("nl", "en"):
            raise ValueError(f"unknown language {lang!r}; expected one of ('nl', 'en')")
        path: str = getattr(self, lang)
        return path


_METHODS: dict[str, type] = {"I18n": I18nMethods, "NotebookPaths": NotebookPathsMethods}


# -- records ---------------------------------------------------------------------------------
class Record:
    """A validated content item (or a part of one) read from the cache: the fields of the
    schema model ``model`` ("module:Class") as read-only attributes. Equal when the model and
    the values are equal; ``repr`` like the model's."""

    __slots__ = (
        "__dict__",
        "__pydantic_fields_set__",
        "__pydantic_extra__",
        "__pydantic_private__",
    )
    model: str = ""
    # the slots' types (the values are set by make_record, as on a pydantic model)
    __pydantic_fields_set__: set[str]
    __pydantic_extra__: dict[str, Any] | None
    __pydantic_private__: dict[str, Any] | None

    def __setattr__(self, name: str, value: Any) -> None:
        raise TypeError(f"{type(self).__name__} is read-only (validated content)")

    def __delattr__(self, name: str) -> None:
        raise TypeError(f"{type(self).__name__} is read-only (validated content)")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Record):
            return NotImplemented
        return type(other).model == type(self).model and other.__dict__ == self.__dict__

    def __hash__(self) -> int:  # like a frozen pydantic model: the values must be hashable
        return hash((type(self).model, tuple(self.__dict__.values())))

    def __repr__(self) -> str:
        fields = ", ".join(f"{k}={v!r}" for k, v in self.__dict__.items())
        return f"{type(self).__name__}({fields})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (make_record, (type(self).model, self.__dict__, self.__pydantic_fields_set__))

    @property
    def model_fields_set(self) -> set[str]:
        """The fields the YAML gave explicitly (as on the pydantic model)."""
        return self.__pydantic_fields_set__

    def model_dump(self) -> dict[str, Any]:
        """The values as plain data (nested records as dicts), as ``BaseModel.model_dump``."""
        return {k: _dump(v) for k, v in self.__dict__.items()}


def _dump(value: Any) -> Any:
    if isinstance(value, Record):
        return value.model_dump()
    if isinstance(value, RefId):
        return str(value)
    if isinstance(value, (list, tuple)):
        return [_dump(v) for v in value]
    if isinstance(value, dict):
        return {k: _dump(v) for k, v in value.items()}
    return value


_CLASSES: dict[str, type[Record]] = {}


def record_class(model: str) -> type[Record]:
    """The record class standing in for the schema model ``model`` ("module:Class")."""
    cls = _CLASSES.get(model)
    if cls is None:
        name = model.rpartition(":")[2]
        bases = (_METHODS[name], Record) if name in _METHODS else (Record,)
        cls = type(name, bases, {"__slots__": (), "model": model, "__module__": __name__})
        _CLASSES[model] = cls
    return cls


def make_record(model: str, values: dict[str, Any], fields_set: set[str]) -> Record:
    """A record of ``model`` holding ``values`` (taken as they are: already validated)."""
    obj = object.__new__(record_class(model))
    object.__setattr__(obj, "__dict__", values)
    object.__setattr__(obj, "__pydantic_fields_set__", fields_set)
    object.__setattr__(obj, "__pydantic_extra__", None)
    object.__setattr__(obj, "__pydantic_private__", None)
    return obj


__all__ = [
    "LANGS",
    "DEFAULT_LANG",
    "ID_PATTERN",
    "LITERAL_DATE",
    "DATE_PLACEHOLDER",
    "TOPICS",
    "ROUTE_ROLES",
    "OUTCOME_RISK_GROUPS",
    "ROLE_CHOICES",
    "roles_key",
    "RefId",
    "I18nMethods",
    "NotebookPathsMethods",
    "Record",
    "record_class",
    "make_record",
]
