"""What a conclusion means for the user: the obligations that apply to their roles, each
with the date it applies from (:func:`obligation_timing`), grouped by date (:class:`Outcome`).

**Label conventions** used to compute dates: ``annex-i`` (high-risk via Annex I),
``public-authority`` (intended to be used by a public authority), and ``before:<milestone-id>``
(placed on the market or put into service before that milestone). Role labels (``provider``,
``deployer``, ``importer``, ``distributor``, or the Dutch labels of the official tree) select
which obligations of a conclusion apply to the user (see
:mod:`aiact_kit.engines.decision.labels`).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING, Any

from aiact_kit.content import Content, default_content
from aiact_kit.engines.decision.labels import (
    ANNEX_I_LABEL,
    BEFORE_PREFIX,
    PUBLIC_LABEL,
    is_point,
    roles_of,
)
from aiact_kit.engines.decision.model import Conclusion, Text, Tree

if TYPE_CHECKING:  # annotations only: app kernels never import the pydantic schema
    from aiact_kit.content.schema.base import I18n


@dataclass(frozen=True)
class ObligationTiming:
    """When one obligation applies to this user. ``rule`` says which date rule was used:
    default | annex_i | legacy | legacy_public | conditional (an existing high-risk system: only
    once its design changes significantly, Art 111(2)). ``date`` is None when the rule gives no
    date, or the milestone does not exist in the chosen version of the law."""

    obligation_id: str
    milestone: str | None
    date: date | None
    rule: str
    note: I18n | None
    caveat: Text | None = None  # "applies if ...": a condition the answers cannot tell


def obligation_timing(
    obligation: Any, labels: Collection[str], content: Content, version: str = "amended"
) -> ObligationTiming:
    """The date rule of ``obligation`` applied to the collected ``labels``: Annex I systems use
    the ``annex_i`` milestone; with the label ``before:<that milestone>`` the transitional
    rules apply (``legacy_public`` with ``public-authority``, else ``legacy``, else -- for a
    high-risk duty with a ``legacy_note`` -- only upon a significant design change)."""
    rule_set = obligation.applies_from
    base, rule = rule_set.default, "default"
    if ANNEX_I_LABEL in labels and rule_set.annex_i is not None:
        base, rule = rule_set.annex_i, "annex_i"
    milestone: str | None = base
    note = None
    if f"{BEFORE_PREFIX}{base}" in labels:
        note = rule_set.legacy_note
        if rule_set.legacy_public is not None and PUBLIC_LABEL in labels:
            milestone, rule = rule_set.legacy_public, "legacy_public"
        elif rule_set.legacy is not None:
            milestone, rule = rule_set.legacy, "legacy"
        elif rule_set.legacy_note is not None:
            milestone, rule = None, "conditional"
        else:
            note = None
    when = content.milestone_date(milestone, version) if milestone else None
    return ObligationTiming(obligation.id, milestone, when, rule, note)


@dataclass(frozen=True)
class DateGroup:
    milestone: str | None
    date: date | None
    rule: str  # the rule of the group's obligations ("conditional" groups have no date)
    obligations: tuple[ObligationTiming, ...]


@dataclass(frozen=True)
class Outcome:
    """What a conclusion means for this user: roles, risk group, legal basis, and the
    obligations with the date each applies from."""

    conclusion: Conclusion
    labels: frozenset[str]
    roles: tuple[str, ...]
    risk_group: str | None
    applies: bool | None
    points: tuple[str, ...]  # labels that are citations (e.g. 'Annex III 5(a)', 'Art. 5(1)(c)')
    obligations: tuple[ObligationTiming, ...]
    version: str = "amended"
    # duties of the conclusion that fit the facts but lie with another role than the user's
    others: tuple[ObligationTiming, ...] = ()
    actions: tuple[Text, ...] = ()  # the first actions ("What to do now") that fit the facts

    @property
    def obligation_ids(self) -> tuple[str, ...]:
        return tuple(o.obligation_id for o in self.obligations)

    def groups(self) -> list[DateGroup]:
        """Obligations grouped by the date they apply from, earliest first; obligations
        without a date (conditional, or absent from this version of the law) come last."""
        buckets: dict[tuple[str | None, str], list[ObligationTiming]] = {}
        for o in self.obligations:
            key = (o.milestone, "conditional" if o.rule == "conditional" else "dated")
            buckets.setdefault(key, []).append(o)
        groups = [
            DateGroup(m, items[0].date, items[0].rule, tuple(items))
            for (m, _kind), items in buckets.items()
        ]
        return sorted(groups, key=lambda g: (g.date is None, g.date or date.max))

    def first_milestone(self, content: Content | None = None) -> str | None:
        """The milestone from which the first specific obligation applies: the earliest dated
        obligation that is not a generic duty for every AI system (AI literacy); only when
        there is none, the earliest of all."""
        content = content or default_content()
        dated = [o for o in self.obligations if o.date is not None]
        specific = [
            o
            for o in dated
            if list(content.get(o.obligation_id, "obligations").risk_groups) != ["all"]
        ]
        pool = specific or dated
        if not pool:
            return None
        return min(pool, key=lambda o: o.date or date.max).milestone  # every o.date is set


def compute_outcome(
    tree: Tree,
    conclusion_id: str,
    labels: Iterable[str],
    content: Content | None = None,
    version: str = "amended",
) -> Outcome:
    """The :class:`Outcome` of ending at ``conclusion_id`` with ``labels``: the conclusion's
    obligations whose condition holds and whose roles match the user's roles (all, when the
    labels name no role), each with its date."""
    content = content or default_content()
    held = frozenset(labels)
    c = tree.conclusion(conclusion_id)
    roles = roles_of(held)
    catalogue = content.items.get("obligations", {})
    timings: list[ObligationTiming] = []
    others: list[ObligationTiming] = []
    for ref in c.obligations:
        if ref.condition is not None and not ref.condition(held):
            continue
        ob = catalogue.get(ref.id) or content.get(ref.id, "obligations")  # KeyError if unknown
        timing = obligation_timing(ob, held, content, version)
        if ref.caveat is not None and (ref.caveat_if is None or ref.caveat_if(held)):
            timing = replace(timing, caveat=ref.caveat)
        if roles and not set(ob.roles).intersection(roles):
            others.append(timing)
            continue
        timings.append(timing)
    actions = tuple(a.text for a in c.actions if a.condition is None or a.condition(held))
    points = [label for label in sorted(held) if is_point(label)]
    return Outcome(
        conclusion=c,
        labels=held,
        roles=roles,
        risk_group=c.risk_group,
        applies=c.applies,
        points=tuple(points),
        obligations=tuple(timings),
        version=version,
        others=tuple(others),
        actions=actions,
    )
