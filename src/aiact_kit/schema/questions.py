"""Content kinds of the quiz: questions (filled in by the quiz work)."""

from __future__ import annotations

from aiact_kit.schema.base import Item

KINDS: dict[str, type[Item]] = {}
LEGAL_KINDS: set[str] = set()
