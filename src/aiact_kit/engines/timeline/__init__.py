"""What applies on which date: the timeline engine (pure Python, no ipywidgets).

The data is ``content/data/timeline.yaml``: each milestone has a date in the law as first adopted
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

The modules behind these names: :mod:`.model` (kinds, versions, checks, labels), :mod:`.index`
(the data indexed, milestones per version), :mod:`.applies` (what applies on a date) and
:mod:`.changes` (what the 2026 amendment changed). Import from this package, not from them.
"""

from __future__ import annotations

from aiact_kit.engines.timeline.applies import AppliesResult, Entry, applies_on
from aiact_kit.engines.timeline.changes import (
    Change,
    change_title,
    changes_2026,
    describe_change,
)
from aiact_kit.engines.timeline.index import MilestoneView, milestones
from aiact_kit.engines.timeline.model import (
    CONDITIONS,
    HIGH_RISK_KINDS,
    KINDS,
    RISK_GROUPS,
    STATUSES,
    VERSIONS,
    TimelineError,
    check_kind,
    check_version,
    condition_label,
    kind_label,
    parse_day,
    version_label,
)

__all__ = [
    "VERSIONS",
    "KINDS",
    "CONDITIONS",
    "HIGH_RISK_KINDS",
    "RISK_GROUPS",
    "STATUSES",
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
    "check_kind",
    "check_version",
    "kind_label",
    "version_label",
    "condition_label",
]
