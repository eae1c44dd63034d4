"""Every setting of the kit in one place: its environment variable, default and meaning.

The kit is configured by environment variables only (no configuration file), read when they
are needed, so a test or a server can change them per process. Each one is declared once
here, as a :class:`Setting`, with its default and help text; ``aiact-kit settings`` prints
this table and ``docs/architecture.md`` lists it. Nothing else in the kit reads an
``AIACT_KIT_*`` variable directly (a test checks it).

This module sits below every layer (content, engines, present, widgets, commands, app) and
imports nothing of the kit: the content cache, the results store and the progress file all
need their folder, and the serving code needs the project root.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
_OFF = {"off", "0", "no", "none", "false"}  # values that switch a folder setting off


@dataclass(frozen=True)
class Setting:
    """One environment variable: its name, the default (in words) and what it does."""

    env: str
    default: str
    help: str

    def get(self) -> str | None:
        """The variable's value, or ``None`` when it is unset or empty."""
        value = os.environ.get(self.env)
        return value if value else None


ROOT = Setting(
    "AIACT_KIT_ROOT",
    "the current folder, else the source checkout the package was installed from",
    "the project folder that holds notebooks/ and pyproject.toml (the app serves its "
    "notebooks; `lessons` and `build-exercises` write there)",
)
DATA_DIR = Setting(
    "AIACT_KIT_DATA_DIR",
    "$XDG_DATA_HOME/aiact-kit, else ~/.local/share/aiact-kit",
    "the folder for the kit's own data files: workshop results and self-study progress; "
    "never inside the repository",
)
CACHE_DIR = Setting(
    "AIACT_KIT_CACHE_DIR",
    "$XDG_CACHE_HOME/aiact-kit, else ~/.cache/aiact-kit",
    "the folder of the validated-content cache and the chart PNGs; `off` switches caching off",
)
DB = Setting(
    "AIACT_KIT_DB",
    "<data dir>/results.sqlite",
    "the workshop results store: a SQLite file path, or postgresql://user@host/db for "
    "several servers (JupyterHub)",
)
PROGRESS = Setting(
    "AIACT_KIT_PROGRESS",
    "<data dir>/progress.sqlite in JupyterLab; off under Voila (one server account, many people)",
    "where a self-learner's answers are kept: a file path, or `off`",
)
SESSION = Setting(
    "AIACT_KIT_SESSION",
    "none",
    "a workshop session code: the join page and the facilitator dashboard open it directly",
)
FACILITATOR_TOKEN = Setting(
    "AIACT_KIT_FACILITATOR_TOKEN",
    "none",
    "the facilitator token of that session (dashboard and `aiact-kit workshop` commands); "
    "keeps the secret out of the shell history and the URL",
)
ALLOWED_HOSTS = Setting(
    "AIACT_KIT_ALLOWED_HOSTS",
    "none (only localhost and loopback addresses)",
    "more host names the web app answers to (comma or space separated), e.g. the public name "
    "a reverse proxy forwards; any other Host header gets 403 (DNS rebinding)",
)

#: Every setting, in the order the documentation lists them.
SETTINGS: tuple[Setting, ...] = (
    ROOT,
    DATA_DIR,
    CACHE_DIR,
    DB,
    PROGRESS,
    SESSION,
    FACILITATOR_TOKEN,
    ALLOWED_HOSTS,
)


def project_root() -> Path:
    """The checkout that holds ``notebooks/`` (AIACT_KIT_ROOT, the cwd, or the source tree)."""
    env = ROOT.get()
    candidates = [Path(env)] if env else []
    candidates += [Path.cwd(), PACKAGE_DIR.parents[1]]
    for candidate in candidates:
        if (candidate / "notebooks").is_dir() and (candidate / "pyproject.toml").is_file():
            return candidate.resolve()
    raise FileNotFoundError(
        "cannot find the kit's project folder (with notebooks/ and pyproject.toml); "
        f"run from the checkout or set {ROOT.env}"
    )


def user_data_dir() -> Path:
    """Where the kit keeps its own data files (workshop results, self-study progress).

    ``AIACT_KIT_DATA_DIR`` if set, else ``$XDG_DATA_HOME/aiact-kit``, else
    ``~/.local/share/aiact-kit``. Never inside the repository checkout. Not created here.
    """
    env = DATA_DIR.get()
    if env:
        return Path(env).expanduser()
    xdg = os.environ.get("XDG_DATA_HOME")
    base = Path(xdg).expanduser() if xdg else Path.home() / ".local" / "share"
    return base / "aiact-kit"


def user_cache_dir() -> Path | None:
    """Where validated content and charts are cached: ``AIACT_KIT_CACHE_DIR`` (``off``:
    ``None``, no cache), else ``$XDG_CACHE_HOME/aiact-kit``, else ``~/.cache/aiact-kit``."""
    env = os.environ.get(CACHE_DIR.env)
    if env is not None:
        if env.strip().lower() in _OFF or not env.strip():
            return None
        return Path(env).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg).expanduser() if xdg else Path.home() / ".cache"
    return base / "aiact-kit"


def describe() -> str:
    """The settings as a plain-text table (``aiact-kit settings``)."""
    lines = []
    for s in SETTINGS:
        value = os.environ.get(s.env)
        now = f"set to {value!r}" if value else "not set"
        if s is FACILITATOR_TOKEN and value:
            now = "set (hidden)"
        lines += [f"{s.env}  ({now})", f"    default: {s.default}", f"    {s.help}", ""]
    return "\n".join(lines).rstrip() + "\n"


__all__ = [
    "ALLOWED_HOSTS",
    "CACHE_DIR",
    "DATA_DIR",
    "DB",
    "FACILITATOR_TOKEN",
    "PACKAGE_DIR",
    "PROGRESS",
    "ROOT",
    "SESSION",
    "SETTINGS",
    "Setting",
    "describe",
    "project_root",
    "user_cache_dir",
    "user_data_dir",
]
