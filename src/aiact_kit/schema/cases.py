"""Content kinds of the decision exercises: case scenarios (filled in by the decision-aid work)."""

from __future__ import annotations

from aiact_kit.schema.base import Item

KINDS: dict[str, type[Item]] = {}
LEGAL_KINDS: set[str] = set()
