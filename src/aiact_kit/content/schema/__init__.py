"""The content schema: one pydantic model per content kind.

Each module contributes a ``KINDS`` mapping (kind name -> item model) and optionally
``LEGAL_KINDS`` (kinds whose items must carry citations) and ``DATED_KINDS`` (kinds allowed to
hold literal dates). Add a module for a new kind and list it in ``_MODULES``.
"""

from __future__ import annotations

from aiact_kit.content.schema import cases, law, lessons, practice, questions
from aiact_kit.content.schema.base import Item

_MODULES = (law, questions, cases, lessons, practice)

KINDS: dict[str, type[Item]] = {}
LEGAL_KINDS: set[str] = set()
DATED_KINDS: set[str] = set()
for _module in _MODULES:
    for _name, _model in _module.KINDS.items():
        if _name in KINDS:
            raise RuntimeError(f"content kind {_name!r} is defined twice")
        KINDS[_name] = _model
    LEGAL_KINDS |= set(getattr(_module, "LEGAL_KINDS", ()))
    DATED_KINDS |= set(getattr(_module, "DATED_KINDS", ()))

__all__ = ["KINDS", "LEGAL_KINDS", "DATED_KINDS", "Item"]
