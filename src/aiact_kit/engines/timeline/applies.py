"""What applies on a date: :func:`applies_on` answers "what is in force on day D for this kind
of system, already on the market or not, in the law as amended or as first adopted", with the
milestone each piece comes from, and what is not yet in force with its start date.

Provisions come from the timeline (``starts`` of each milestone); obligations from the
obligations catalogue (``applies_from`` with ``default``, ``annex_i``, ``legacy``,
``legacy_public``). For a system already on the market before its kind's cut-off, the
transitional rule of that kind (Art 111) moves the start.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Literal, TypedDict

from aiact_kit.content import Content, default_content
from aiact_kit.content.vocabulary import check_lang
from aiact_kit.engines.timeline.index import Index, date_in, index_of
from aiact_kit.engines.timeline.model import (
    HIGH_RISK_KINDS,
    RISK_GROUPS,
    check_kind,
    check_version,
    condition_label,
    kind_label,
    parse_day,
    version_label,
)

if TYPE_CHECKING:  # annotations only: app kernels never import the pydantic schema
    from aiact_kit.content.schema.base import I18n
    from aiact_kit.content.schema.law import Transition


# -- results ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Entry:
    """A provision (from the timeline) or an obligation (from the catalogue) and when it
    applies to the system described by the query.

    ``milestone`` is the milestone its start comes from and ``start`` that milestone's date in
    the queried version; both are None when it applies only after a significant change in
    design (Art 111(2)). ``until``/``until_milestone``: it stops applying in this form then.
    ``condition`` says why it starts when it does (see ``CONDITIONS``; None: ordinary).
    """

    id: str
    source: str  # "provision" | "obligation"
    title: I18n
    citations: tuple[str, ...]
    milestone: str | None
    start: date | None
    note: I18n | None = None
    until_milestone: str | None = None
    until: date | None = None
    status: str = "confirmed"
    roles: tuple[str, ...] = ()
    condition: str | None = None

    def in_force_on(self, day: date) -> bool:
        if self.start is None or self.start > day:
            return False
        return self.until is None or day < self.until

    def ended_on(self, day: date) -> bool:
        return self.until is not None and day >= self.until


@dataclass(frozen=True)
class AppliesResult:
    """The answer of :func:`applies_on`. Entries are ordered by start date."""

    day: date
    kind: str
    version: str
    on_market_before: bool
    public_authority: bool
    generative: bool
    significant_change: bool
    legacy: bool  # the transitional rule for systems already on the market is applied
    cutoff: str | None  # milestone before which a system counts as already on the market
    transition: Transition | None  # the Transition for this kind and version (None: there is none)
    in_force: tuple[Entry, ...]
    not_yet: tuple[Entry, ...]
    ended: tuple[Entry, ...]
    content: Content = field(repr=False, compare=False)

    @property
    def provisions(self) -> tuple[Entry, ...]:
        return tuple(e for e in self.in_force if e.source == "provision")

    @property
    def obligations(self) -> tuple[Entry, ...]:
        return tuple(e for e in self.in_force if e.source == "obligation")

    def ids(self, which: str = "in_force") -> set[str]:
        return {e.id for e in getattr(self, which)}

    def entry(self, entry_id: str) -> Entry:
        for e in (*self.in_force, *self.not_yet, *self.ended):
            if e.id == entry_id:
                return e
        raise KeyError(f"no entry {entry_id!r} for kind {self.kind!r} in the {self.version} law")

    def cutoff_date(self) -> date | None:
        return self.content.milestone_date(self.cutoff, self.version) if self.cutoff else None

    def milestone_title(self, milestone_id: str, lang: str = "nl") -> str:
        m = self.content.get(milestone_id, "timeline")
        return self.content.render(m.title, lang, self.version)

    def render(self, text: I18n | None, lang: str = "nl") -> str | None:
        return None if text is None else self.content.render(text, lang, self.version)

    def to_dict(self, lang: str = "nl") -> dict[str, Any]:
        """A JSON-able view with texts in ``lang`` and dates as ``YYYY-MM-DD``."""
        check_lang(lang)

        def entry(e: Entry) -> dict[str, Any]:
            return {
                "id": e.id,
                "source": e.source,
                "title": self.render(e.title, lang),
                "note": self.render(e.note, lang),
                "citations": list(e.citations),
                "milestone": e.milestone,
                "milestone_title": self.milestone_title(e.milestone, lang) if e.milestone else None,
                "start": e.start.isoformat() if e.start else None,
                "until_milestone": e.until_milestone,
                "until": e.until.isoformat() if e.until else None,
                "status": e.status,
                "roles": list(e.roles),
                "condition": e.condition,
                "condition_text": condition_label(e.condition, lang) if e.condition else None,
            }

        t = self.transition
        cutoff_date = self.cutoff_date()
        return {
            "date": self.day.isoformat(),
            "kind": self.kind,
            "kind_label": kind_label(self.kind, lang),
            "version": self.version,
            "version_label": version_label(self.version, lang),
            "flags": {
                "on_market_before": self.on_market_before,
                "public_authority": self.public_authority,
                "generative": self.generative,
                "significant_change": self.significant_change,
            },
            "legacy": self.legacy,
            "cutoff": (
                {"milestone": self.cutoff, "date": cutoff_date.isoformat()}
                if self.cutoff and cutoff_date
                else None
            ),
            "transition": (
                {
                    "id": t.id,
                    "rule": t.rule,
                    "applied": self.legacy,
                    "text": self.render(t.text, lang),
                    "citations": list(t.citations),
                }
                if t is not None
                else None
            ),
            "in_force": [entry(e) for e in self.in_force],
            "not_yet": [entry(e) for e in self.not_yet],
            "ended": [entry(e) for e in self.ended],
        }


def _later(a: tuple[str, date], b: tuple[str, date]) -> tuple[str, date]:
    return b if b[1] > a[1] else a


class _Flags(TypedDict):
    """The system's flags that :func:`_start_for_legacy` needs (passed as ``**flags``)."""

    public_authority: bool
    significant_change: bool


class _Shift(TypedDict, total=False):
    """What an obligation's own legacy dates override in its transition (``**shift``)."""

    deadline: str | None
    public_deadline: str | None


class _FromTransition(enum.Enum):
    """Marker: take the value from the transition (an enum member, so that a type checker can
    tell it apart from a milestone id or None)."""

    MARK = enum.auto()


def _start_for_legacy(
    base: tuple[str, date],
    transition: Transition,
    cutoff: tuple[str, date],
    idx: Index,
    version: str,
    *,
    public_authority: bool,
    significant_change: bool,
    deadline: str | None = None,
    public_deadline: str | None | Literal[_FromTransition.MARK] = _FromTransition.MARK,
) -> tuple[tuple[str, date] | None, str]:
    """(milestone id, date) and condition for a system already on the market.

    ``deadline`` overrides the transition's deadline; ``public_deadline`` its public deadline
    (None: no public deadline, e.g. for an obligation without ``legacy_public``).
    """
    if transition.rule == "deadline":
        target = deadline or transition.deadline
        # the schema requires a deadline for this rule, and index_of checks it has a date in
        # every version of the transition (an own ``deadline`` is passed only when it has one)
        assert target is not None
        target_date = idx.date(target, version)
        assert target_date is not None
        return _later(base, (target, target_date)), "legacy-deadline"
    options: list[tuple[tuple[str, date], str]] = []
    if significant_change:
        options.append((_later(base, cutoff), "significant-change"))
    pub = transition.public_deadline if public_deadline is _FromTransition.MARK else public_deadline
    if public_authority and pub is not None:
        pub_date = idx.date(pub, version)
        if pub_date is not None:
            options.append((_later(base, (pub, pub_date)), "public-deadline"))
    if not options:
        return None, "only-after-significant-change"
    return min(options, key=lambda o: o[0][1])


def applies_on(
    day: date | datetime | str,
    kind: str,
    *,
    version: str = "amended",
    on_market_before: bool = False,
    public_authority: bool = False,
    generative: bool = False,
    significant_change: bool = False,
    content: Content | None = None,
) -> AppliesResult:
    """What applies on ``day`` to a system (or model) of ``kind`` in the law ``version``.

    Flags describe the system: ``on_market_before`` -- placed on the market or put into service
    before the kind's cut-off (the milestone carrying its transitional rule, see
    ``AppliesResult.cutoff``); ``public_authority`` -- a high-risk system intended for use by
    public authorities; ``generative`` -- it generates synthetic content (Art 50(2));
    ``significant_change`` -- it undergoes a significant change in design (Art 111(2)).
    The kind ``public-legacy`` implies ``on_market_before`` and ``public_authority``.
    """
    day = parse_day(day)
    check_kind(kind)
    check_version(version)
    content = content or default_content()
    idx = index_of(content)
    if kind == "public-legacy":
        on_market_before = public_authority = True

    found = idx.transitions.get((kind, version))
    cutoff_ms, transition = found if found else (None, None)
    cutoff: tuple[str, date] | None = None
    if cutoff_ms is not None:
        cutoff_date = date_in(cutoff_ms, version)
        # the schema: a transition's milestone has a date in every version of the transition
        assert cutoff_date is not None
        cutoff = (cutoff_ms.id, cutoff_date)
    legacy = bool(
        on_market_before
        and transition is not None
        and (transition.only_if is None or (transition.only_if == "generative" and generative))
    )
    flags = _Flags(public_authority=public_authority, significant_change=significant_change)

    entries: list[Entry] = []
    for m in idx.milestones.values():
        m_date = date_in(m, version)
        if m_date is None:
            continue
        for p in m.starts:
            if "all" not in p.kinds and kind not in p.kinds:
                continue
            start: tuple[str, date] | None = (m.id, m_date)
            condition = None
            if legacy:
                assert transition is not None and cutoff is not None  # legacy implies both
                if p.id in transition.provisions:
                    start, condition = _start_for_legacy(
                        (m.id, m_date), transition, cutoff, idx, version, **flags
                    )
            until = idx.date(p.until, version) if p.until else None
            entries.append(
                Entry(
                    id=p.id,
                    source="provision",
                    title=p.title,
                    note=p.note,
                    citations=tuple(p.citations),
                    milestone=start[0] if start else None,
                    start=start[1] if start else None,
                    until_milestone=p.until if until else None,
                    until=until,
                    status=p.status,
                    condition=condition,
                )
            )

    groups = RISK_GROUPS[kind]
    for ob in content.kind("obligations"):
        if not groups.intersection(ob.risk_groups):
            continue
        af = ob.applies_from
        base_id = af.default
        if kind == "annex-i" and "high-risk" in ob.risk_groups:
            if af.annex_i is not None:
                base_id = af.annex_i
            elif af.default == "annex-iii-high-risk":
                continue  # an Annex III-only duty (e.g. the fundamental rights impact assessment)
        base_date = idx.date(base_id, version)
        if base_date is None:
            continue  # the obligation does not exist in this version of the law
        start = (base_id, base_date)
        condition = None
        high_risk = "high-risk" in ob.risk_groups and kind in HIGH_RISK_KINDS
        if legacy:
            assert transition is not None and cutoff is not None  # legacy implies both
            own_legacy = af.legacy if af.legacy and idx.date(af.legacy, version) else None
            shift: _Shift | None = None
            if transition.rule == "significant-change":
                # Art 111(2): only high-risk duties; the public deadline is the obligation's own
                shift = {"public_deadline": af.legacy_public} if high_risk else None
            elif high_risk:  # Annex X (Art 111(1)): the transition's deadline
                shift = {}
            elif own_legacy is not None:  # e.g. Art 111(3), (4)
                shift = {"deadline": own_legacy}
            elif transition.only_if is None and "all" not in ob.risk_groups:
                # Art 111(1) and (3) defer only Chapter V and the high-risk duties: a duty for
                # every AI system (AI literacy, Art 4) applies on its own date (Art 113(a))
                shift = {}
            if shift is not None:
                start, condition = _start_for_legacy(
                    start, transition, cutoff, idx, version, **flags, **shift
                )
        entries.append(
            Entry(
                id=ob.id,
                source="obligation",
                title=ob.title,
                note=ob.text,
                citations=tuple(ob.citations),
                milestone=start[0] if start else None,
                start=start[1] if start else None,
                status=ob.status,
                roles=tuple(ob.roles),
                condition=condition,
            )
        )

    def order(e: Entry) -> tuple[Any, ...]:
        return (e.start is None, e.start or date.max, e.source != "provision")

    entries.sort(key=order)
    return AppliesResult(
        day=day,
        kind=kind,
        version=version,
        on_market_before=on_market_before,
        public_authority=public_authority,
        generative=generative,
        significant_change=significant_change,
        legacy=legacy,
        cutoff=cutoff[0] if cutoff else None,
        transition=transition,
        in_force=tuple(e for e in entries if e.in_force_on(day)),
        not_yet=tuple(e for e in entries if not e.in_force_on(day) and not e.ended_on(day)),
        ended=tuple(e for e in entries if e.ended_on(day)),
        content=content,
    )


__all__ = ["AppliesResult", "Entry", "applies_on"]
