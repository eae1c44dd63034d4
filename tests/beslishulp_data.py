"""Where the official beslishulp data (tests only, never copied into the repo) lives.

The project's checkout has ``shared/`` beside it (``<repo>/../shared/reference/beslishulp``);
a git worktree may sit one level deeper, so every ancestor of the checkout is tried.
``AIACT_BESLISHULP_DIR`` overrides the search. Missing data is a test FAILURE with a clear
message, not a silent skip: the decision engine must be shown to run the official tree.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
RELATIVE = Path("shared") / "reference" / "beslishulp"


def official_dir() -> Path:
    env = os.environ.get("AIACT_BESLISHULP_DIR")
    candidates = [Path(env)] if env else []
    candidates += [parent / RELATIVE for parent in ROOT.parents]
    for candidate in candidates:
        if (candidate / "decision-tree.yaml").is_file():
            return candidate
    pytest.fail(
        "the official beslishulp data is missing: expected decision-tree.yaml in "
        f"{ROOT.parent / RELATIVE} (or an ancestor's shared/reference/beslishulp, or "
        "$AIACT_BESLISHULP_DIR). It is provided beside the checkout in every session and in CI."
    )
