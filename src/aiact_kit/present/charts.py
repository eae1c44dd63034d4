"""Charts as PNG without matplotlib in the kernel: a short-lived worker process draws them.

A chart is described by a *spec*: a JSON-serialisable dict with a ``kind`` (``"timeline"`` or
``"distribution"``) and all the data and (already translated) text the drawing needs, see
:mod:`aiact_kit.present.chart_worker`. :func:`render_png` returns the PNG bytes of a spec: from the
on-disk cache when the same spec was drawn before, else it runs
``python -m aiact_kit.present.chart_worker`` (JSON on stdin, PNG on stdout, ``MPLBACKEND=Agg``) and
caches the result. matplotlib (with numpy, ~40 MiB per process) is thus never imported by an
app page's kernel (see docs/performance.md); a page whose charts are cached starts no process.

The cache lives in ``<kit cache folder>/charts`` (the folder of
:func:`aiact_kit.content.cache_dir`: ``AIACT_KIT_CACHE_DIR``, ``off`` disables caching), one
file per spec named after a hash of the spec, the worker's code and the matplotlib version. It
is kept bounded (:data:`CACHE_MAX_FILES`, :data:`CACHE_MAX_BYTES`; least recently used files
go first), so a long-running dashboard does not fill the disk.

This module is pure: no ipywidgets, no matplotlib.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import subprocess
import sys
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

RENDERER_VERSION = 1  # bump when the drawing changes in a way the worker's bytes do not show
CHART_KINDS = ("timeline", "distribution")
DEFAULT_TIMEOUT = 60.0  # seconds for one worker process (plus PER_EXTRA_SPEC per extra chart)
PER_EXTRA_SPEC = 10.0
CACHE_MAX_FILES = 256
CACHE_MAX_BYTES = 32 * 2**20
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
WORKER_MODULE = "aiact_kit.present.chart_worker"  # run with ``python -m``
_WORKER = Path(__file__).with_name("chart_worker.py")
_STDERR_TAIL = 600


class ChartError(RuntimeError):
    """A chart could not be drawn (bad spec, matplotlib missing, worker crashed or timed out).
    ``kind`` is the chart kind of the spec, ``stderr`` the end of the worker's error output."""

    def __init__(self, kind: str, message: str, stderr: str = ""):
        self.kind = kind
        self.stderr = stderr[-_STDERR_TAIL:].strip()
        text = f"{kind} chart: {message}"
        if self.stderr:
            text += f"\nworker stderr (end):\n{self.stderr}"
        super().__init__(text)


def _kind(spec: Any) -> str:
    return str(spec.get("kind", "?")) if isinstance(spec, dict) else "?"


def _spec_json(spec: dict[str, Any]) -> str:
    if not isinstance(spec, dict):
        raise TypeError(f"a chart spec is a dict, not {type(spec).__name__}")
    try:
        return json.dumps(spec, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    except (TypeError, ValueError) as exc:
        raise TypeError(f"{_kind(spec)} chart spec is not JSON-serialisable: {exc}") from None


@lru_cache(maxsize=1)
def _renderer_fingerprint() -> str:
    """What the PNG of a spec depends on besides the spec: the renderer version, the worker's
    code and the matplotlib version (read from its installed metadata, without importing it)."""
    h = hashlib.sha256(f"{RENDERER_VERSION}|{_matplotlib_version()}|".encode())
    try:
        h.update(_WORKER.read_bytes())
    except OSError:
        h.update(b"no worker")
    return h.hexdigest()


def _matplotlib_version() -> str:
    import importlib.util

    try:
        found = importlib.util.find_spec("matplotlib")
    except (ImportError, ValueError):
        found = None
    if found is None or not found.origin:
        return "absent"
    package = Path(found.origin).parent
    try:
        infos = sorted(p.name for p in package.parent.glob("matplotlib-*.dist-info"))
        if infos:
            return infos[-1]
        return str(package.joinpath("__init__.py").stat().st_mtime_ns)
    except OSError:
        return "unknown"


def spec_key(spec: dict[str, Any]) -> str:
    """The cache key of ``spec`` (hex): equal specs, worker and matplotlib give equal keys."""
    return _key(_spec_json(spec))


def _key(spec_json: str) -> str:
    return hashlib.sha256(f"{_renderer_fingerprint()}\0{spec_json}".encode()).hexdigest()


def chart_cache_dir() -> Path | None:
    """The chart cache folder (``None`` when the kit's cache is switched off)."""
    from aiact_kit.content import cache_dir

    folder = cache_dir()
    return None if folder is None else folder / "charts"


def _cache_path(folder: Path, key: str) -> Path:
    return folder / f"chart-{key[:40]}.png"


def _read_cached(path: Path) -> bytes | None:
    try:
        data = path.read_bytes()
    except OSError:
        return None
    if not data.startswith(PNG_SIGNATURE):
        return None  # damaged or foreign: drawn again
    with contextlib.suppress(OSError):
        os.utime(path)  # recently used: pruned last
    return data


def prune_cache(
    folder: Path | None = None,
    max_files: int | None = None,
    max_bytes: int | None = None,
) -> int:
    """Delete the least recently used chart files beyond ``max_files`` files or ``max_bytes``
    bytes in all (default :data:`CACHE_MAX_FILES`, :data:`CACHE_MAX_BYTES`); returns how many
    were deleted. Errors (a file another kernel just removed) are ignored."""
    folder = folder if folder is not None else chart_cache_dir()
    max_files = CACHE_MAX_FILES if max_files is None else max_files
    max_bytes = CACHE_MAX_BYTES if max_bytes is None else max_bytes
    if folder is None:
        return 0
    entries = []
    try:
        for path in folder.glob("chart-*.png"):
            try:
                st = path.stat()
            except OSError:
                continue
            entries.append((st.st_mtime, st.st_size, path))
    except OSError:
        return 0
    entries.sort(key=lambda e: e[0], reverse=True)  # newest first
    kept_files = kept_bytes = removed = 0
    for _mtime, size, path in entries:
        if kept_files < max_files and kept_bytes + size <= max_bytes:
            kept_files += 1
            kept_bytes += size
            continue
        try:
            path.unlink(missing_ok=True)
            removed += 1
        except OSError:
            pass
    return removed


def _worker_env() -> dict[str, str]:
    env = dict(os.environ)
    env["MPLBACKEND"] = "Agg"
    package_parent = str(Path(__file__).resolve().parents[2])
    env["PYTHONPATH"] = os.pathsep.join(
        p for p in (package_parent, env.get("PYTHONPATH")) if p
    )  # the worker imports this very package, wherever the kernel found it
    return env


def _run_worker(payload: str, kind: str, timeout: float) -> bytes:
    try:
        proc = subprocess.run(
            [sys.executable, "-m", WORKER_MODULE],
            input=payload.encode("utf-8"),
            capture_output=True,
            timeout=timeout,
            env=_worker_env(),
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        err = (exc.stderr or b"").decode("utf-8", "replace")
        message = f"the chart worker did not finish within {timeout:g} s"
        raise ChartError(kind, message, err) from None
    except OSError as exc:
        raise ChartError(kind, f"the chart worker could not be started: {exc}") from None
    err = proc.stderr.decode("utf-8", "replace")
    if proc.returncode != 0:
        raise ChartError(kind, f"the chart worker failed (exit code {proc.returncode})", err)
    return proc.stdout


def _split_frames(data: bytes, count: int, kinds: list[str]) -> list[bytes | str]:
    """The worker's answer to a list of specs: per spec a status byte (``P`` for a PNG, ``E``
    for an error message), an 8-byte big-endian length and the payload."""
    out: list[bytes | str] = []
    pos = 0
    for i in range(count):
        head = data[pos : pos + 9]
        if len(head) < 9 or head[:1] not in (b"P", b"E"):
            raise ChartError(kinds[i], "the chart worker's output is incomplete")
        size = int.from_bytes(head[1:], "big")
        body = data[pos + 9 : pos + 9 + size]
        if len(body) != size:
            raise ChartError(kinds[i], "the chart worker's output is incomplete")
        out.append(body if head[:1] == b"P" else body.decode("utf-8", "replace"))
        pos += 9 + size
    return out


def _check_png(data: bytes, kind: str, stderr: str = "") -> bytes:
    if not data.startswith(PNG_SIGNATURE):
        raise ChartError(kind, "the chart worker returned no PNG", stderr)
    return data


def render_png(spec: dict[str, Any], timeout: float | None = None) -> bytes:
    """The PNG of ``spec``: from the cache, else drawn by the worker (and cached). Raises
    :class:`ChartError` when the worker fails (its message names the chart kind and ends with
    the worker's error output), ``TypeError`` when ``spec`` is not a JSON-serialisable dict."""
    return render_pngs([spec], timeout)[0]


def render_pngs(specs: Sequence[dict[str, Any]], timeout: float | None = None) -> list[bytes]:
    """The PNGs of ``specs``, in order: the cached ones from the cache, all others drawn by ONE
    worker process (a dashboard's first view needs one process, not one per question). Raises
    :class:`ChartError` for the first spec that could not be drawn (the others are cached)."""
    payloads = [_spec_json(s) for s in specs]
    kinds = [_kind(s) for s in specs]
    folder = chart_cache_dir()
    results: list[bytes | None] = [None] * len(specs)
    paths: list[Path | None] = [None] * len(specs)
    if folder is not None:
        for i, payload in enumerate(payloads):
            paths[i] = _cache_path(folder, _key(payload))
            results[i] = _read_cached(paths[i])
    missing = [i for i, r in enumerate(results) if r is None]
    if not missing:
        return [r for r in results if r is not None]
    base = DEFAULT_TIMEOUT if timeout is None else timeout
    limit = base + PER_EXTRA_SPEC * (len(missing) - 1)
    first_error: ChartError | None = None
    if len(missing) == 1:
        i = missing[0]
        drawn: list[bytes | str] = [_run_worker(payloads[i], kinds[i], limit)]
    else:
        batch = "[" + ",".join(payloads[i] for i in missing) + "]"
        drawn = _split_frames(
            _run_worker(batch, kinds[missing[0]], limit), len(missing), [kinds[i] for i in missing]
        )
    from aiact_kit.content import write_atomic  # a read-only cache only costs speed

    for i, data in zip(missing, drawn, strict=True):
        if isinstance(data, str):
            first_error = first_error or ChartError(kinds[i], f"the chart worker failed: {data}")
            continue
        results[i] = _check_png(data, kinds[i])
        if paths[i] is not None:
            write_atomic(paths[i], results[i])
    if folder is not None:
        prune_cache(folder)
    if first_error is not None:
        raise first_error
    return [r for r in results if r is not None]


__all__ = [
    "CHART_KINDS",
    "CACHE_MAX_BYTES",
    "CACHE_MAX_FILES",
    "ChartError",
    "DEFAULT_TIMEOUT",
    "RENDERER_VERSION",
    "WORKER_MODULE",
    "chart_cache_dir",
    "prune_cache",
    "render_png",
    "render_pngs",
    "spec_key",
]
