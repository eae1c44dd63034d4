"""What the 2026 amendment changed in the timeline, computed from the data: :func:`changes_2026`
compares the law as first adopted with the law as amended (milestones moved, added or removed,
and the transitional cut-offs per kind of system)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from aiact_kit.content import Content, default_content
from aiact_kit.content.text import text
from aiact_kit.content.vocabulary import check_lang, format_date
from aiact_kit.engines.timeline.index import date_in, index_of
from aiact_kit.engines.timeline.model import KINDS, VERSIONS, kind_label

if TYPE_CHECKING:  # annotations only: app kernels never import the pydantic schema
    from aiact_kit.content.schema.base import I18n


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
    idx = index_of(content)
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
        found = {v: idx.transitions.get((kind, v)) for v in VERSIONS}
        per_version = {v: f for v, f in found.items() if f is not None}
        if len(per_version) < len(found):
            continue  # a rule in one version only (shown as an added or removed milestone)
        dates = {v: date_in(found[0], v) for v, found in per_version.items()}
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
                date_original=date_in(per_version["original"][0], "original"),
                date_amended=date_in(per_version["amended"][0], "amended"),
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
    return f"{text('timeline.cutoff', lang)}: {kind_label(change.kinds[0], lang)}"


def describe_change(change: Change, lang: str = "nl") -> str:
    """'2 augustus 2026 → 2 december 2027', 'nieuw: 2 december 2026', ..."""
    check_lang(lang)
    o = format_date(change.date_original, lang) if change.date_original else None
    a = format_date(change.date_amended, lang) if change.date_amended else None
    if change.type in ("moved", "cutoff-moved"):
        return f"{o} → {a}"
    if change.type == "added":
        return f"{text('timeline.only_amended', lang)}: {a}"
    return f"{text('timeline.only_original', lang)}: {o}"


__all__ = ["Change", "change_title", "changes_2026", "describe_change"]
