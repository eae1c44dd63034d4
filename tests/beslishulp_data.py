"""Where the official beslishulp data (tests only, never copied into the repo) lives.

The official tree of the Dutch *beslishulp AI-verordening* is EUPL-1.2 data that this project
may not copy. Tests that run it look for it in ``$AIACT_BESLISHULP_DIR``, else in
``shared/reference/beslishulp`` beside the checkout or beside any of its ancestors.

Without the data those tests are **skipped** with one reason that says how to get it, so a
fresh clone passes ``make test`` on its own. With ``AIACT_BESLISHULP_REQUIRED=1`` (set by
``.ci/run`` whenever the data is beside the clone) missing data is a failure instead.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
RELATIVE = Path("shared") / "reference" / "beslishulp"

SKIP_REASON = (
    "official beslishulp data not found: these tests run the Dutch government's decision tree "
    "(decision-tree.yaml and schema_decision_tree.json from the beslishulp AI-verordening "
    "repository, EUPL-1.2). Put a copy of its data folder in a directory and set "
    "AIACT_BESLISHULP_DIR=/path/to/that/directory to run them."
)


def find_official_dir() -> Path | None:
    env = os.environ.get("AIACT_BESLISHULP_DIR")
    candidates = [Path(env)] if env else []
    candidates += [parent / RELATIVE for parent in ROOT.parents]
    for candidate in candidates:
        if (candidate / "decision-tree.yaml").is_file():
            return candidate
    return None


def official_dir() -> Path:
    """The folder holding the official data; skips the calling test when it is absent
    (fails instead under ``AIACT_BESLISHULP_REQUIRED=1``)."""
    found = find_official_dir()
    if found is not None:
        return found
    if os.environ.get("AIACT_BESLISHULP_REQUIRED") == "1":
        pytest.fail("AIACT_BESLISHULP_REQUIRED=1 but " + SKIP_REASON)
    pytest.skip(SKIP_REASON)
