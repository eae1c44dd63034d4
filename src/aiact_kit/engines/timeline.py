"""What applies on which date: the timeline engine (pure Python, no ipywidgets).

The data is ``content/timeline.yaml``: each milestone has a date in the law as first adopted
(``date_original``) and as amended in 2026 (``date_amended``), a machine-readable list of what
it ``starts`` (provisions, per kind of system) and the ``transitions`` (Art 111) for systems
already on the market before it. Obligations come from the obligations catalogue (kind
``obligations``, ``applies_from`` with ``default``, ``annex_i``, ``legacy``, ``legacy_public``).

Main entry points:

- :func:`applies_on` -- what is in force on a day for a kind of system, with the milestone each
  piece comes from, and what is not yet in force with its start date;
- :func:`milestones` -- the milestones of one version with their status relative to a day;
- :func:`changes_2026` -- the differences between the two versions, computed from the data.

Kinds of system (``KINDS``): ``prohibited``, ``gpai``, ``annex-iii``, ``annex-i``,
``transparency``, ``public-legacy`` (a high-risk system of a public authority already on the
market before the Chapter III date: Art 111(2)) and ``annex-x`` (AI in the large-scale EU IT
systems of Annex X: Art 111(1)).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from aiact_kit.content import Content, default_content
from aiact_kit.content.vocabulary import check_lang, format_date

if TYPE_CHECKING:  # annotations only: app kernels never import the pydantic schema
    from aiact_kit.content.schema.base import I18n

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

KIND_LABELS: dict[str, dict[str, str]] = {
    "prohibited": {"nl": "Verboden AI-praktijken", "en": "Prohibited AI practices"},
    "gpai": {
        "nl": "AI-model voor algemene doeleinden",
        "en": "General-purpose AI model",
    },
    "annex-iii": {
        "nl": "Hoog-risico-AI-systeem uit bijlage III",
        "en": "High-risk AI system listed in Annex III",
    },
    "annex-i": {
        "nl": "Hoog-risico-AI in een product uit bijlage I",
        "en": "High-risk AI in an Annex I product",
    },
    "transparency": {
        "nl": "AI-systeem met transparantieplichten (art. 50)",
        "en": "AI system with transparency duties (Art 50)",
    },
    "public-legacy": {
        "nl": "Bestaand hoog-risico-AI-systeem van een overheidsinstantie",
        "en": "Existing high-risk AI system of a public authority",
    },
    "annex-x": {
        "nl": "AI in een grootschalig EU-IT-systeem (bijlage X)",
        "en": "AI in a large-scale EU IT system (Annex X)",
    },
}

VERSION_LABELS: dict[str, dict[str, str]] = {
    "amended": {"nl": "zoals gewijzigd in 2026", "en": "as amended in 2026"},
    "original": {"nl": "zoals oorspronkelijk vastgesteld", "en": "as first adopted"},
}

# Why an entry starts when it does (None: the ordinary date for new systems).
CONDITION_LABELS: dict[str, dict[str, str]] = {
    "legacy-deadline": {
        "nl": "overgangstermijn voor wat al eerder in de handel was",
        "en": "transition period for what was already on the market",
    },
    "significant-change": {
        "nl": "geldt na een ingrijpende wijziging van het ontwerp",
        "en": "applies after a significant change in design",
    },
    "public-deadline": {
        "nl": "uiterste datum voor systemen van overheidsinstanties",
        "en": "deadline for systems of public authorities",
    },
    "only-after-significant-change": {
        "nl": "alleen na een ingrijpende wijziging van het ontwerp; geen vaste datum",
        "en": "only after a significant change in design; no fixed date",
    },
}

STATUSES = ("past", "today", "upcoming")


class TimelineError(ValueError):
    """Bad input to the timeline engine (unknown kind or version, malformed date) or
    inconsistent timeline data. The message says what is wrong."""


# -- input checks ---------------------------------------------------------------------------
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
    check_lang(lang)
    return KIND_LABELS[check_kind(kind)][lang]


def version_label(version: str, lang: str = "nl") -> str:
    check_lang(lang)
    return VERSION_LABELS[check_version(version)][lang]


# -- the data, indexed ------------------------------------------------------------------------
def _date_in(milestone: Any, version: str) -> date | None:
    return milestone.date_amended if version == "amended" else milestone.date_original


@dataclass(frozen=True)
class _Index:
    milestones: dict[str, Any]  # id -> Milestone (file order)
    provisions: dict[str, tuple[Any, Any]]  # provision id -> (Milestone, Provision)
    transitions: dict[tuple[str, str], tuple[Any, Any]]  # (kind, version) -> (Milestone, T)

    def date(self, milestone_id: str, version: str) -> date | None:
        return _date_in(self.milestones[milestone_id], version)


_INDEX_CACHE: dict[int, tuple[Content, _Index]] = {}


def _index(content: Content) -> _Index:
    cached = _INDEX_CACHE.get(id(content))
    if cached is not None and cached[0] is content:
        return cached[1]
    milestones = {m.id: m for m in content.kind("timeline")}
    provisions: dict[str, tuple[Any, Any]] = {}
    transitions: dict[tuple[str, str], tuple[Any, Any]] = {}
    for m in milestones.values():
        for p in m.starts:
            if p.id in provisions:
                raise TimelineError(f"timeline: provision id '{p.id}' is used twice")
            provisions[p.id] = (m, p)
    for m in milestones.values():
        for t in m.transitions:
            for pid in t.provisions:
                if pid not in provisions:
                    raise TimelineError(
                        f"timeline: transition '{t.id}' names unknown provision '{pid}'"
                    )
            for v in t.versions:
                for target in (t.deadline, t.public_deadline):
                    if target is not None and _date_in(milestones[target], v) is None:
                        raise TimelineError(
                            f"timeline: transition '{t.id}' uses milestone '{target}', "
                            f"which has no date in the {v} version"
                        )
                for k in t.kinds:
                    if (k, v) in transitions:
                        other = transitions[(k, v)][1].id
                        raise TimelineError(
                            f"timeline: kind '{k}' has two transitions in the {v} version "
                            f"('{other}' and '{t.id}')"
                        )
                    transitions[(k, v)] = (m, t)
    index = _Index(milestones, provisions, transitions)
    _INDEX_CACHE[id(content)] = (content, index)
    return index


# -- results ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Entry:
    """A provision (from the timeline) or an obligation (from the catalogue) and when it
    applies to the system described by the query.

    ``milestone`` is the milestone its start comes from and ``start`` that milestone's date in
    the queried version; both are None when it applies only after a significant change in
    design (Art 111(2)). ``until``/``until_milestone``: it stops applying in this form then.
    ``condition`` says why it starts when it does (see ``CONDITION_LABELS``; None: ordinary).
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
    transition: Any | None  # the Transition for this kind and version (None: there is none)
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
                "condition_text": CONDITION_LABELS[e.condition][lang] if e.condition else None,
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


class _FromTransition:
    """Marker: take the value from the transition."""


def _start_for_legacy(
    base: tuple[str, date],
    transition: Any,
    cutoff: tuple[str, date],
    idx: _Index,
    version: str,
    *,
    public_authority: bool,
    significant_change: bool,
    deadline: str | None = None,
    public_deadline: str | None | type[_FromTransition] = _FromTransition,
) -> tuple[tuple[str, date] | None, str]:
    """(milestone id, date) and condition for a system already on the market.

    ``deadline`` overrides the transition's deadline; ``public_deadline`` its public deadline
    (None: no public deadline, e.g. for an obligation without ``legacy_public``).
    """
    if transition.rule == "deadline":
        target = deadline or transition.deadline
        return _later(base, (target, idx.date(target, version))), "legacy-deadline"
    options: list[tuple[tuple[str, date], str]] = []
    if significant_change:
        options.append((_later(base, cutoff), "significant-change"))
    pub = transition.public_deadline if public_deadline is _FromTransition else public_deadline
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
    idx = _index(content)
    if kind == "public-legacy":
        on_market_before = public_authority = True

    found = idx.transitions.get((kind, version))
    cutoff_ms, transition = found if found else (None, None)
    cutoff = (cutoff_ms.id, _date_in(cutoff_ms, version)) if cutoff_ms is not None else None
    legacy = bool(
        on_market_before
        and transition is not None
        and (transition.only_if is None or (transition.only_if == "generative" and generative))
    )
    flags = {"public_authority": public_authority, "significant_change": significant_change}

    entries: list[Entry] = []
    for m in idx.milestones.values():
        m_date = _date_in(m, version)
        if m_date is None:
            continue
        for p in m.starts:
            if "all" not in p.kinds and kind not in p.kinds:
                continue
            start: tuple[str, date] | None = (m.id, m_date)
            condition = None
            if legacy and p.id in transition.provisions:
                start, condition = _start_for_legacy(
                    start, transition, cutoff, idx, version, **flags
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
            own_legacy = af.legacy if af.legacy and idx.date(af.legacy, version) else None
            shift: dict[str, Any] | None = None
            if transition.rule == "significant-change":
                # Art 111(2): only high-risk duties; the public deadline is the obligation's own
                shift = {"public_deadline": af.legacy_public} if high_risk else None
            elif high_risk:  # Annex X (Art 111(1)): the transition's deadline
                shift = {}
            elif own_legacy is not None:  # e.g. Art 111(3), (4)
                shift = {"deadline": own_legacy}
            elif transition.only_if is None:
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


# -- milestones -------------------------------------------------------------------------------
@dataclass(frozen=True)
class MilestoneView:
    """A milestone in one version of the law, with its status relative to a day."""

    id: str
    date: date
    other_date: date | None  # its date in the other version (None: absent there)
    title: I18n
    text: I18n
    citations: tuple[str, ...]
    kinds: tuple[str, ...]
    legal_status: str  # confirmed | reported | not-confirmed
    status: str  # past | today | upcoming (relative to the day asked for)
    starts: tuple[str, ...]  # ids of the provisions it starts

    @property
    def moved(self) -> bool:
        return self.other_date is not None and self.other_date != self.date


def milestones(
    version: str = "amended",
    today: date | datetime | str | None = None,
    content: Content | None = None,
) -> list[MilestoneView]:
    """The milestones of ``version`` in date order, each marked past, today or upcoming
    relative to ``today`` (default: the current date)."""
    check_version(version)
    day = date.today() if today is None else parse_day(today)
    content = content or default_content()
    other = "original" if version == "amended" else "amended"
    views = []
    for m in _index(content).milestones.values():
        d = _date_in(m, version)
        if d is None:
            continue
        status = "past" if d < day else "today" if d == day else "upcoming"
        views.append(
            MilestoneView(
                id=m.id,
                date=d,
                other_date=_date_in(m, other),
                title=m.title,
                text=m.text,
                citations=tuple(m.citations),
                kinds=tuple(m.kinds),
                legal_status=m.status,
                status=status,
                starts=tuple(p.id for p in m.starts),
            )
        )
    views.sort(key=lambda v: v.date)  # stable: file order within a day
    return views


# -- what the 2026 amendment changed -----------------------------------------------------------
@dataclass(frozen=True)
class Change:
    """A difference between the law as first adopted and as amended.

    ``type``: ``moved`` (a milestone's date differs), ``added`` (milestone only in the amended
    law), ``removed`` (only in the original), ``cutoff-moved`` (the cut-off of a transitional
    rule for a kind differs; ``id`` is then ``cutoff:<kind>``).
    """

    id: str
    type: str
    title: I18n | None  # the milestone's title (None for cut-off changes: see ``kinds``)
    date_original: date | None
    date_amended: date | None
    milestone_original: str | None
    milestone_amended: str | None
    citations: tuple[str, ...]
    kinds: tuple[str, ...]
    status: str = "confirmed"

    def sort_key(self) -> tuple[date, str]:
        return (self.date_amended or self.date_original or date.max, self.id)


def changes_2026(content: Content | None = None) -> list[Change]:
    """Every difference between the two versions of the timeline, computed from the data:
    milestones whose dates differ, milestones in only one version, and transitional cut-offs
    (Art 111) that differ per kind of system."""
    content = content or default_content()
    idx = _index(content)
    changes: list[Change] = []
    for m in idx.milestones.values():
        o, a = m.date_original, m.date_amended
        if o == a:
            continue
        kind = "moved" if o and a else "added" if a else "removed"
        changes.append(
            Change(
                id=m.id,
                type=kind,
                title=m.title,
                date_original=o,
                date_amended=a,
                milestone_original=m.id if o else None,
                milestone_amended=m.id if a else None,
                citations=tuple(m.citations),
                kinds=tuple(m.kinds),
                status=m.status,
            )
        )
    # kinds that share the same pair of transitions (e.g. annex-iii and public-legacy) are one
    # change, named after the first kind
    moved_cutoffs: dict[tuple[str, str], list[str]] = {}
    for kind in KINDS:
        per_version = {v: idx.transitions.get((kind, v)) for v in VERSIONS}
        if None in per_version.values():
            continue  # a rule in one version only (shown as an added or removed milestone)
        dates = {v: _date_in(found[0], v) for v, found in per_version.items()}
        if dates["amended"] != dates["original"]:
            key = (per_version["original"][1].id, per_version["amended"][1].id)
            moved_cutoffs.setdefault(key, []).append(kind)
    for kinds in moved_cutoffs.values():
        per_version = {v: idx.transitions[(kinds[0], v)] for v in VERSIONS}
        cites: list[str] = []
        for _milestone, transition in per_version.values():
            cites += [c for c in transition.citations if c not in cites]
        changes.append(
            Change(
                id=f"cutoff:{kinds[0]}",
                type="cutoff-moved",
                title=None,
                date_original=_date_in(per_version["original"][0], "original"),
                date_amended=_date_in(per_version["amended"][0], "amended"),
                milestone_original=per_version["original"][0].id,
                milestone_amended=per_version["amended"][0].id,
                citations=tuple(cites),
                kinds=tuple(kinds),
            )
        )
    changes.sort(key=Change.sort_key)
    return changes


def change_title(change: Change, lang: str = "nl", content: Content | None = None) -> str:
    """A learner-facing title for a change (the milestone title, or for a cut-off change a
    sentence naming the kind)."""
    check_lang(lang)
    content = content or default_content()
    if change.title is not None:
        return content.render(change.title, lang)
    kind = change.kinds[0]
    if lang == "nl":
        return f"Peildatum voor wat al in de handel was: {KIND_LABELS[kind]['nl']}"
    return f"Cut-off for systems already on the market: {KIND_LABELS[kind]['en']}"


def describe_change(change: Change, lang: str = "nl") -> str:
    """'2 augustus 2026 → 2 december 2027', 'nieuw: 2 december 2026', ..."""
    check_lang(lang)
    o = format_date(change.date_original, lang) if change.date_original else None
    a = format_date(change.date_amended, lang) if change.date_amended else None
    if change.type in ("moved", "cutoff-moved"):
        return f"{o} → {a}"
    if change.type == "added":
        prefix = "alleen in de gewijzigde wet" if lang == "nl" else "only in the amended law"
        return f"{prefix}: {a}"
    prefix = "alleen in de oorspronkelijke tekst" if lang == "nl" else "only in the original text"
    return f"{prefix}: {o}"


__all__ = [
    "VERSIONS",
    "KINDS",
    "KIND_LABELS",
    "CONDITION_LABELS",
    "TimelineError",
    "Entry",
    "AppliesResult",
    "MilestoneView",
    "Change",
    "applies_on",
    "milestones",
    "changes_2026",
    "change_title",
    "describe_change",
    "parse_day",
    "kind_label",
    "version_label",
]
