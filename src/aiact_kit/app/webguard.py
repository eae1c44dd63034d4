"""Protections of the web app: secrets out of the server log and out of a kernel's
environment, a ``Host`` allow-list, and a back-off for repeated failed attempts.

Installed by :class:`aiact_kit.app.kernels.KitKernelManager` (which ``voila.json`` names as Voila's
kernel manager), so ``aiact-kit serve`` and a plain ``voila`` started in the project root both
get them.

- **Log redaction.** Tornado logs the URI of every failed request (``404 GET
  /voila/render/...?code=K7M2QX&token=...``) and of every uncaught exception; Voila and
  jupyter_server log URLs too. :func:`install_log_redaction` replaces the value of every
  ``token`` parameter (also URL-encoded, as inside a ``next=`` parameter) with ``[redacted]``
  in every log record the process makes. It wraps the log-record factory rather than adding
  filters to loggers, because a filter on a logger does not see records of its child loggers,
  and tornado's access log reaches the console through Python's last-resort handler.
- **Host check (DNS rebinding).** :func:`secure_tornado_settings` turns on jupyter_server's
  ``Host`` check for every Voila page and API handler (Voila itself sets
  ``allow_remote_access=True``): a request whose ``Host`` is not a loopback address,
  ``localhost``, or a name in ``AIACT_KIT_ALLOWED_HOSTS`` gets 403.

In the kernel (used by :mod:`aiact_kit.widgets.workshop`):

- **Secret out of the environment.** Voila hands a page's URL to its kernel in environment
  variables (``QUERY_STRING``, ``VOILA_REQUEST_URL``). :func:`forget_secret_param` removes the
  ``token`` parameter from every variable once the page has read it, and (Linux) overwrites it
  in the environment block the kernel process started with (``/proc/<pid>/environ``).
- **Back-off.** :class:`Backoff` makes a kernel wait longer after each failed attempt beyond a
  few (wrong facilitator tokens, unknown session codes).
"""

from __future__ import annotations

import ctypes
import logging
import os
import re
import sys
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from aiact_kit.settings import ALLOWED_HOSTS

ENV_ALLOWED_HOSTS = ALLOWED_HOSTS.env
REDACTED = "[redacted]"
# the parameter names whose values never go into a log
SECRET_PARAMS = ("token", "wsrejoin")  # wsrejoin: a participant's rejoin code in page links
_SECRET = re.compile(
    r"(?P<key>(?:" + "|".join(SECRET_PARAMS) + r")(?:=|%3D|%253D))"
    r"(?P<value>(?:(?!%26|%2526)[^&\s'\"#<>])+)",
    re.IGNORECASE,
)


def redact(text: str) -> str:
    """``text`` with the value of every secret parameter (:data:`SECRET_PARAMS`) replaced by
    ``[redacted]``."""
    return _SECRET.sub(lambda m: m.group("key") + REDACTED, text)


class RedactSecrets(logging.Filter):
    """A logging filter that redacts ``token=`` values in a record's message (it never drops a
    record). The message is formatted once when it contains a secret parameter."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a broken record is the logging module's problem
            return True
        if _SECRET.search(message):
            record.msg, record.args = redact(message), None
        return True


_FILTER = RedactSecrets()


def _redacting_factory(factory: Any) -> Any:
    def make_record(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = factory(*args, **kwargs)
        _FILTER.filter(record)
        return record

    make_record._aiact_kit_redacting = True  # type: ignore[attr-defined]
    return make_record


def install_log_redaction() -> None:
    """Redact secret parameters in every log record of this process (idempotent)."""
    factory = logging.getLogRecordFactory()
    if not getattr(factory, "_aiact_kit_redacting", False):
        logging.setLogRecordFactory(_redacting_factory(factory))


def allowed_hostnames(env: Mapping[str, str] | None = None) -> list[str]:
    """``localhost`` and the names in ``AIACT_KIT_ALLOWED_HOSTS`` (comma or space separated,
    e.g. ``workshop.example.org``); loopback addresses are always allowed. ``env``: the
    variables to read instead of this process's environment (:data:`aiact_kit.settings.
    ALLOWED_HOSTS`)."""
    raw = ALLOWED_HOSTS.get() if env is None else env.get(ENV_ALLOWED_HOSTS)
    names = ["localhost"]
    for name in re.split(r"[\s,]+", raw or ""):
        name = name.strip().lower().rstrip(".")
        if name.startswith("[") and name.endswith("]"):
            name = name[1:-1]
        if name and name not in names:
            names.append(name)
    return names


def secure_tornado_settings(
    settings: dict[str, Any], env: Mapping[str, str] | None = None
) -> dict[str, Any]:
    """Voila's ``tornado_settings`` with jupyter_server's ``Host`` check turned on.

    ``allow_remote_access`` stays as configured when it is set (``true`` switches the check off,
    e.g. behind a proxy that rewrites ``Host``); ``local_hostnames`` gets ``localhost`` and the
    names of :func:`allowed_hostnames` added to any configured ones.
    """
    out = dict(settings)
    out.setdefault("allow_remote_access", False)
    names = [str(n).lower() for n in out.get("local_hostnames", [])]
    for name in allowed_hostnames(env):
        if name not in names:
            names.append(name)
    out["local_hostnames"] = names
    return out


# -- in the kernel: the page's secret out of the environment ----------------------------------
def _drop_param(value: str, name: str) -> str:
    """``value`` (a query string or URL) without the parameter ``name``."""
    cleaned = re.sub(
        r"(?<![^?&;])" + re.escape(name) + r"=[^&;#]*[&;]?", "", value, flags=re.IGNORECASE
    )
    return re.sub(r"[&;?]+(?=#|$)", "", cleaned)


def forget_secret_param(
    secret: str | None, name: str = "token", keep: Iterable[str] = ()
) -> list[str]:
    """Remove the page parameter ``name`` (value ``secret``) from this process's environment.

    Every variable except those in ``keep`` loses a ``name=...`` parameter; a variable that
    still contains ``secret`` afterwards (e.g. URL-encoded inside another parameter) is
    deleted. On Linux the old values are also overwritten in the environment block the process
    started with. Returns the names of the variables changed or deleted.
    """
    changed: list[str] = []
    kept = set(keep)
    for var, value in list(os.environ.items()):
        if var in kept:
            continue
        cleaned = _drop_param(value, name) if f"{name}=" in value.lower() else value
        if secret and len(secret) >= 4 and secret in cleaned:
            del os.environ[var]
        elif cleaned != value:
            os.environ[var] = cleaned
        else:
            continue
        changed.append(var)
    if changed and secret:
        _overwrite_initial_environ(secret, changed)
    return changed


def _overwrite_initial_environ(secret: str, names: list[str]) -> None:
    """Overwrite ``secret`` with ``x`` in the entries ``names`` of the environment block this
    process started with: after ``os.environ`` changed them nothing points there any more, but
    ``/proc/<pid>/environ`` still shows that block. Linux only; does nothing when the block
    cannot be found and checked against ``/proc/self/environ``."""
    if not sys.platform.startswith("linux"):
        return
    try:
        with open("/proc/self/stat", "rb") as f:
            fields = f.read().rsplit(b")", 1)[1].split()
        start, end = int(fields[47]), int(fields[48])  # env_start, env_end (fields 50, 51)
        with open("/proc/self/environ", "rb") as f:
            shown = f.read()
        if not 0 < start < end or end - start != len(shown):
            return
        block = ctypes.string_at(start, end - start)
        if block != shown:
            return
    except (OSError, ValueError, IndexError):
        return
    needle = secret.encode("utf-8", "surrogateescape")
    prefixes = tuple(f"{n}=".encode("utf-8", "surrogateescape") for n in names)
    offset = 0
    for entry in block.split(b"\0"):
        if entry.startswith(prefixes):
            pos = entry.find(needle)
            while pos >= 0:
                ctypes.memset(start + offset + pos, ord("x"), len(needle))
                pos = entry.find(needle, pos + len(needle))
        offset += len(entry) + 1


# -- in the kernel: back-off after failed attempts --------------------------------------------
class Backoff:
    """Failed attempts in this process: after ``free`` failures each further attempt must wait
    ``base * 2**k`` seconds (k = failures beyond ``free`` - 1), at most ``cap``, after the last
    failure. A success resets it. Thread-safe."""

    def __init__(
        self,
        free: int = 3,
        base: float = 2.0,
        cap: float = 60.0,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.free, self.base, self.cap, self.clock = free, base, cap, clock
        self._lock = threading.Lock()
        self.failures = 0
        self._last = 0.0

    def wait(self) -> float:
        """Seconds to wait before the next attempt is allowed (0: go ahead)."""
        with self._lock:
            if self.failures < self.free:
                return 0.0
            delay = min(self.cap, self.base * 2 ** (self.failures - self.free))
            return max(0.0, self._last + delay - self.clock())

    def failed(self) -> None:
        with self._lock:
            self.failures += 1
            self._last = self.clock()

    def succeeded(self) -> None:
        self.reset()

    def reset(self) -> None:
        with self._lock:
            self.failures = 0
            self._last = 0.0


__all__ = [
    "ENV_ALLOWED_HOSTS",
    "Backoff",
    "RedactSecrets",
    "forget_secret_param",
    "allowed_hostnames",
    "install_log_redaction",
    "redact",
    "secure_tornado_settings",
]
