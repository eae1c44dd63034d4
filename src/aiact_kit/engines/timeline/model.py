"""The timeline's vocabulary: kinds of system, versions of the law, the input checks and the
labels of kinds, versions and start conditions (from the text catalogue)."""

from __future__ import annotations

from datetime import date, datetime

from aiact_kit.content.text import label, text
from aiact_kit.content.vocabulary import check_lang

VERSIONS: tuple[str, ...] = ("amended", "original")
KINDS: tuple[str, ...] = (
    "prohibited",
    "gpai",
    "annex-iii",
    "annex-i",
    "transparency",
    "public-legacy",
    "annex-x",
)
HIGH_RISK_KINDS = frozenset({"annex-iii", "annex-i", "public-legacy", "annex-x"})

# Which risk groups of the obligations catalogue concern a kind ("all" concerns every kind).
RISK_GROUPS: dict[str, frozenset[str]] = {
    "prohibited": frozenset({"prohibited", "all"}),
    "gpai": frozenset({"gpai", "gpai-systemic", "all"}),
    "annex-iii": frozenset({"high-risk", "all"}),
    "annex-i": frozenset({"high-risk", "all"}),
    "transparency": frozenset({"transparency", "all"}),
    "public-legacy": frozenset({"high-risk", "all"}),
    "annex-x": frozenset({"high-risk", "all"}),
}

# Why an entry starts when it does (an Entry's ``condition``; None: the ordinary date for new
# systems). Their texts are the catalogue's ``timeline.condition.<id>``.
CONDITIONS: tuple[str, ...] = (
    "legacy-deadline",
    "significant-change",
    "public-deadline",
    "only-after-significant-change",
)

STATUSES = ("past", "today", "upcoming")


class TimelineError(ValueError):
    """Bad input to the timeline engine (unknown kind or version, malformed date) or
    inconsistent timeline data. The message says what is wrong."""


def parse_day(value: date | datetime | str) -> date:
    """A ``date`` from a date, datetime or ISO string ``YYYY-MM-DD``; TimelineError if bad."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
        raise TimelineError(f"invalid date {value!r}: expected a calendar date as YYYY-MM-DD")
    raise TimelineError(f"invalid date {value!r}: expected a date or a YYYY-MM-DD string")


def check_kind(kind: str) -> str:
    if kind not in KINDS:
        raise TimelineError(f"unknown kind {kind!r}: expected one of {', '.join(KINDS)}")
    return kind


def check_version(version: str) -> str:
    if version not in VERSIONS:
        raise TimelineError(f"unknown version {version!r}: expected one of {', '.join(VERSIONS)}")
    return version


def kind_label(kind: str, lang: str = "nl") -> str:
    """The label of a kind of system (the catalogue's ``label.system_kind.<kind>``)."""
    check_lang(lang)
    return label("system_kind", check_kind(kind), lang)


def version_label(version: str, lang: str = "nl") -> str:
    """The label of a version of the law (the catalogue's ``label.law_version.<version>``)."""
    check_lang(lang)
    return label("law_version", check_version(version), lang)


def condition_label(condition: str, lang: str = "nl") -> str:
    """Why an entry starts when it does, in words (see ``CONDITIONS``)."""
    check_lang(lang)
    if condition not in CONDITIONS:
        raise TimelineError(
            f"unknown condition {condition!r}: expected one of {', '.join(CONDITIONS)}"
        )
    return text(f"timeline.condition.{condition}", lang)
