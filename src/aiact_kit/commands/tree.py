"""`aiact-kit` sub-commands for tree (placeholder until that part of the kit lands)."""

from __future__ import annotations


def register(subparsers) -> None:
    """Add this module's sub-commands to the parser (none yet)."""
