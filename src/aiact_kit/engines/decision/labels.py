"""The label conventions of the decision trees: which collected labels name a role, an Annex I
system, a public authority, a placing on the market before a milestone, or a legal basis.

Labels are free strings in the beslishulp format; these few carry meaning for outcomes (the
roles select obligations, the others pick the date rule of :func:`obligation_timing
<aiact_kit.engines.decision.outcome.obligation_timing>`, citations are the legal basis).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable

from aiact_kit.content.citations import CitationError, parse_citation
from aiact_kit.content.records import OUTCOME_RISK_GROUPS

ANNEX_I_LABEL = "annex-i"
PUBLIC_LABEL = "public-authority"
BEFORE_PREFIX = "before:"
ROLE_LABELS = {
    "provider": "provider",
    "deployer": "deployer",
    "importer": "importer",
    "distributor": "distributor",
    "aanbieder": "provider",
    "gebruiksverantwoordelijke": "deployer",
    "importeur": "importer",
    "distributeur": "distributor",
}
ROLE_ORDER = ("provider", "deployer", "importer", "distributor")
RISK_GROUPS = OUTCOME_RISK_GROUPS


def roles_of(labels: Iterable[str]) -> tuple[str, ...]:
    """The roles the labels name (English role ids, in :data:`ROLE_ORDER`)."""
    found = {ROLE_LABELS[label] for label in labels if label in ROLE_LABELS}
    return tuple(r for r in ROLE_ORDER if r in found)


@functools.lru_cache(maxsize=4096)
def is_point(label: str) -> bool:
    """Is the label a citation of an article or annex point (the legal basis)?"""
    try:
        return parse_citation(label).kind in ("annex", "article")
    except CitationError:
        return False


def is_meaningful(label: str) -> bool:
    """Does the label mean something for every outcome, whatever the conditions read? Roles
    (:data:`ROLE_LABELS`), :data:`ANNEX_I_LABEL`, :data:`PUBLIC_LABEL` and ``before:`` labels
    (the date rules of obligations), and citations of articles and annex points (the legal
    basis in ``Outcome.points``)."""
    return (
        label in ROLE_LABELS
        or label in (ANNEX_I_LABEL, PUBLIC_LABEL)
        or label.startswith(BEFORE_PREFIX)
        or is_point(label)
    )
