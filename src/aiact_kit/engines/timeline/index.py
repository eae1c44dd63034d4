"""The timeline data, indexed: milestones, the provisions they start and the transitional rules
per kind and version (checked for consistency), and the milestones of one version with their
status relative to a day."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from aiact_kit.content import Content, default_content
from aiact_kit.engines.timeline.model import TimelineError, check_version, parse_day

if TYPE_CHECKING:  # annotations only: app kernels never import the pydantic schema
    from aiact_kit.content.schema.base import I18n
    from aiact_kit.content.schema.law import Milestone, Provision, Transition


def date_in(milestone: Milestone, version: str) -> date | None:
    """A milestone's date in ``version`` of the law (None: it is absent there)."""
    return milestone.date_amended if version == "amended" else milestone.date_original


@dataclass(frozen=True)
class Index:
    milestones: dict[str, Milestone]  # id -> Milestone (file order)
    provisions: dict[str, tuple[Milestone, Provision]]  # provision id -> (Milestone, Provision)
    # (kind, version) -> (Milestone, Transition)
    transitions: dict[tuple[str, str], tuple[Milestone, Transition]]

    def date(self, milestone_id: str, version: str) -> date | None:
        return date_in(self.milestones[milestone_id], version)


_INDEX_CACHE: dict[int, tuple[Content, Index]] = {}


def index_of(content: Content) -> Index:
    """The index of ``content``'s timeline (kept per content object)."""
    cached = _INDEX_CACHE.get(id(content))
    if cached is not None and cached[0] is content:
        return cached[1]
    # Content.kind returns list[Any]: the items of kind "timeline" are Milestones (schema)
    milestones: dict[str, Milestone] = {m.id: m for m in content.kind("timeline")}
    provisions: dict[str, tuple[Milestone, Provision]] = {}
    transitions: dict[tuple[str, str], tuple[Milestone, Transition]] = {}
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
                    if target is not None and date_in(milestones[target], v) is None:
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
    result = Index(milestones, provisions, transitions)
    _INDEX_CACHE[id(content)] = (content, result)
    return result


# -- milestones -------------------------------------------------------------------------------
@dataclass(frozen=True)
class MilestoneView:
    """A milestone in one version of the law, with its status relative to a day."""

    id: str
    # dt.date: in the class body the name ``date`` is this field, not the type
    date: dt.date
    other_date: dt.date | None  # its date in the other version (None: absent there)
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
    for m in index_of(content).milestones.values():
        d = date_in(m, version)
        if d is None:
            continue
        status = "past" if d < day else "today" if d == day else "upcoming"
        views.append(
            MilestoneView(
                id=m.id,
                date=d,
                other_date=date_in(m, other),
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
