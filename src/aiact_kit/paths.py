"""Where the kit's folders are: the package, and the project checkout with its notebooks."""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def project_root() -> Path:
    """The checkout that holds ``notebooks/`` (AIACT_KIT_ROOT, the cwd, or the source tree)."""
    env = os.environ.get("AIACT_KIT_ROOT")
    candidates = [Path(env)] if env else []
    candidates += [Path.cwd(), PACKAGE_DIR.parents[1]]
    for candidate in candidates:
        if (candidate / "notebooks").is_dir() and (candidate / "pyproject.toml").is_file():
            return candidate.resolve()
    raise FileNotFoundError(
        "cannot find the kit's project folder (with notebooks/ and pyproject.toml); "
        "run from the checkout or set AIACT_KIT_ROOT"
    )
