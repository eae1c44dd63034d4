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


def user_data_dir() -> Path:
    """Where the kit keeps its own data files (workshop results, self-study progress).

    ``AIACT_KIT_DATA_DIR`` if set, else ``$XDG_DATA_HOME/aiact-kit``, else
    ``~/.local/share/aiact-kit``. Never inside the repository checkout. Not created here.
    """
    env = os.environ.get("AIACT_KIT_DATA_DIR")
    if env:
        return Path(env).expanduser()
    xdg = os.environ.get("XDG_DATA_HOME")
    base = Path(xdg).expanduser() if xdg else Path.home() / ".local" / "share"
    return base / "aiact-kit"
