"""The validated-content cache.

Parsing ~480 items of YAML and validating them with pydantic takes seconds in a fresh kernel;
every app page starts one. The cache keeps the *validated* items, pickled one by one
(:mod:`aiact_kit.content.pickling`), in a file named after a fingerprint of everything
validation depends on: the bytes of every content file and of the validating code (every module
of the content layer: schema, loader, checks, citation parser), the Python and pydantic
versions. Any change to a content file gives a new fingerprint, so the set is validated again
(and ``load_content``, used by ``aiact-kit validate``, always validates). An item is unpickled
only when a page first asks for it (:mod:`aiact_kit.content.lazy`).

The folder is :func:`aiact_kit.settings.user_cache_dir` (``AIACT_KIT_CACHE_DIR``; ``off``
switches the cache off). :func:`cached_object` keeps any other object built from data files
(the text catalogue, the decision tree) the same way.
"""

from __future__ import annotations

import functools
import hashlib
import io
import os
import pickle
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from aiact_kit import settings
from aiact_kit.content.files import CONTENT_DIR, folder_files
from aiact_kit.content.lazy import CacheFile, LazyItems, LazyKinds
from aiact_kit.content.load import load_content
from aiact_kit.content.model import Content, schema_kinds
from aiact_kit.content.pickling import (
    CachePickler,
    CacheUnpickler,
    SharedSets,
    index_row,
    share_equal,
)

CACHE_ENV = settings.CACHE_DIR.env
# 6: the cache code moved from aiact_kit.content into modules (pickled function names changed)
_CACHE_FORMAT = 6
_CACHE_KEEP = 8  # cache files kept per directory (other checkouts or versions may share it)
# every module of the content layer (relative to this package)
_FINGERPRINT_CODE = ("*.py", "schema/*.py")
_PACKAGE = Path(__file__).parent


def cache_dir() -> Path | None:
    """Where validated content is cached: ``AIACT_KIT_CACHE_DIR`` (``off`` disables the cache),
    else ``$XDG_CACHE_HOME/aiact-kit``, else ``~/.cache/aiact-kit``
    (:func:`aiact_kit.settings.user_cache_dir`)."""
    return settings.user_cache_dir()


def content_fingerprint(directory: str | Path = CONTENT_DIR) -> str:
    """A hash of everything validating ``directory`` depends on (raises OSError when a file
    cannot be read)."""
    root = Path(directory)
    package = _PACKAGE
    h = hashlib.sha256()
    h.update(f"{_CACHE_FORMAT}|{sys.version}|".encode() + _pydantic_version())
    code = sorted({p for pattern in _FINGERPRINT_CODE for p in package.glob(pattern)})
    # The same files load_content reads; an entry it refuses (a directory, a symlink out of
    # the folder) is never read here either: the caller validates, which reports it.
    yaml_files, tree_files, refused = folder_files(root)
    if refused:
        raise OSError(str(refused[0]))
    for tag, paths in ((b"code", code), (b"content", yaml_files)):
        for path in paths:
            data = path.read_bytes()
            h.update(b"%s\0%s\0%d\0" % (tag, path.name.encode(), len(data)))
            h.update(data)
    for path in tree_files:  # a complete set has its tree file; its text is checked elsewhere
        h.update(b"tree\0%s\0" % path.relative_to(root).as_posix().encode())
    return h.hexdigest()


@functools.cache
def _pydantic_version() -> bytes:
    """Which pydantic validated the cached content, without importing it (an app page reads
    the cache without pydantic): the bytes of its ``version.py``."""
    import importlib.util

    try:
        spec = importlib.util.find_spec("pydantic")
        locations = spec.submodule_search_locations if spec else None
        folder = locations[0] if locations else None
        return Path(folder, "version.py").read_bytes() if folder else b"-"
    except (ImportError, OSError, ValueError, TypeError):
        return b"-"


# Cache file layout: a pickled header {"format", "key", "files", "sets", "kinds": {kind:
# [(id, offset, length, index row), ...]}} followed by one pickle per item; offsets count from
# the end of the header. "sets" are the field sets the items share (persistent ids); a model
# class is stored by name ("module:Class", a persistent id too), so that reading the items as
# records never imports the pydantic schema. "kind_names" are the schema's kinds.


def _read_cache(path: Path, key: str, root: Path, records: bool = True) -> Content | None:
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return None
    try:
        with os.fdopen(os.dup(fd), "rb") as f:
            header = pickle.load(f)
            base = f.tell()
        if (
            not isinstance(header, dict)
            or header.get("format") != _CACHE_FORMAT
            or header.get("key") != key
        ):
            raise ValueError("foreign content cache")
        size = os.fstat(fd).st_size
        rows = [row for entries in header["kinds"].values() for row in entries]
        if any(base + off + length > size for _id, off, length, _ix in rows):
            raise ValueError("truncated content cache")
        file = CacheFile(fd, len(rows), header["sets"], records)
        kinds = {
            kind: LazyItems(
                file,
                {i: (base + off, length) for i, off, length, _ix in entries},
                {i: ix for i, _off, _length, ix in entries},
            )
            for kind, entries in header["kinds"].items()
        }
        return Content(
            root=root,
            items=LazyKinds(kinds),
            files=dict(header["files"]),
            kind_names=tuple(header["kind_names"]),
        )
    except Exception:  # noqa: BLE001 - a damaged or foreign cache file is rebuilt
        os.close(fd)
        return None


def _write_cache(path: Path, key: str, content: Content) -> None:
    sets: SharedSets = {}
    strings: dict[str, str] = {}
    seen: set[int] = set()
    kinds = {kind: dict(items) for kind, items in content.items.items()}  # alive: ids in seen
    for items in kinds.values():
        share_equal(items, sets, strings, seen)
    shared = list(sets.values())
    shared_ids = {id(s): n for n, s in enumerate(shared)}
    blobs: list[bytes] = []
    entries: dict[str, list[tuple[str, int, int, dict[str, Any]]]] = {}
    offset = 0
    for kind, items in kinds.items():
        rows = entries.setdefault(kind, [])
        for item_id, item in items.items():
            buffer = io.BytesIO()
            CachePickler(buffer, shared_ids).dump(item)
            blob = buffer.getvalue()
            rows.append((item_id, offset, len(blob), index_row(item)))
            blobs.append(blob)
            offset += len(blob)
    header = {
        "format": _CACHE_FORMAT,
        "key": key,
        "files": dict(content.files),
        "sets": shared,
        "kinds": entries,
        "kind_names": list(content.kind_names or schema_kinds()),
    }
    data = pickle.dumps(header, protocol=pickle.HIGHEST_PROTOCOL) + b"".join(blobs)
    write_atomic(path, data)
    _prune(path.parent, "content-*.pickle")


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically (a reader sees the old file or the whole new one);
    a read-only or full cache folder only costs speed."""
    import tempfile

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".cache-", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError:
        pass


def _prune(folder: Path, pattern: str) -> None:
    """Keep the newest ``_CACHE_KEEP`` files of ``pattern`` (other checkouts or versions of the
    kit may share the folder)."""
    try:
        old = sorted(folder.glob(pattern), key=_mtime, reverse=True)
        for stale in old[_CACHE_KEEP:]:
            stale.unlink(missing_ok=True)
    except OSError:
        pass


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def _records_wanted(records: bool | None) -> bool:
    """``records`` as given; by default records unless this process has imported the schema
    (an app page never does; tools and tests that validate content get models)."""
    return "aiact_kit.content.schema" not in sys.modules if records is None else records


def cached_content(directory: str | Path = CONTENT_DIR, records: bool | None = None) -> Content:
    """The validated content of ``directory``, from the cache when the content files (and the
    validating code) are unchanged since the last validation; otherwise :func:`load_content`
    validates everything (raising :class:`ContentError` on any problem) and the result is
    cached. Without a usable cache folder this is :func:`load_content`. Only a whole content set
    (``complete=True``: every expected file and required item) is served or cached.

    Items read from the cache are :class:`aiact_kit.content.records.Record` objects with
    ``records=True`` (the same fields and methods, read-only, no pydantic: what an app page
    needs), the schema's pydantic models with ``records=False``. The default (None) gives
    records unless this process has imported the schema already (tools and tests that work
    with the models get models)."""
    records = _records_wanted(records)
    root = Path(directory)
    folder = cache_dir()
    if folder is None or not root.is_dir():
        return load_content(root, complete=True)
    try:
        key = content_fingerprint(root)
    except OSError:
        return load_content(root, complete=True)  # reports the unreadable or refused file
    path = folder / f"content-{key[:40]}.pickle"
    content = _read_cache(path, key, root, records)
    if content is None:  # only a whole content set is cached (a lost file is an error)
        content = load_content(root, complete=True)
        _write_cache(path, key, content)
    return content


def cached_object(
    name: str,
    inputs: Sequence[str | Path],
    build: Callable[[], Any],
    records: bool | None = None,
) -> Any:
    """``build()``, or its pickled result from the cache folder while the bytes of every file in
    ``inputs`` (the data files and the code that turns them into the object) are unchanged. The
    same folder, invalidation and fallbacks as :func:`cached_content`; a ``name`` keeps the
    objects apart (letters, digits and dashes). Content models in the object come back as
    :class:`~aiact_kit.content.records.Record` objects or as models, by the same rule (``records``)
    as
    :func:`cached_content`, so an app page can use a cached model without importing pydantic."""
    records = _records_wanted(records)
    folder = cache_dir()
    if folder is None:
        return build()
    h = hashlib.sha256()
    h.update(f"{_CACHE_FORMAT}|{sys.version}|{name}|".encode() + _pydantic_version())
    try:
        for item in inputs:
            data = Path(item).read_bytes()
            h.update(b"%s\0%d\0" % (Path(item).name.encode(), len(data)))
            h.update(data)
    except OSError:
        return build()
    key = h.hexdigest()
    path = folder / f"object-{name}-{key[:40]}.pickle"
    try:
        stored_key, value = CacheUnpickler(io.BytesIO(path.read_bytes()), [], records).load()
        if stored_key == key:
            return value
    except Exception:  # noqa: BLE001, S110 - missing, damaged or foreign: build it again
        pass
    value = build()
    buffer = io.BytesIO()
    CachePickler(buffer, {}).dump((key, value))
    write_atomic(path, buffer.getvalue())
    _prune(folder, f"object-{name}-*.pickle")
    return value


@functools.lru_cache(maxsize=1)
def default_content() -> Content:
    """The shipped content, loaded once per process (from the validated cache when the content
    files have not changed since they were last validated; see :func:`cached_content`)."""
    return cached_content(CONTENT_DIR)


__all__ = [
    "CACHE_ENV",
    "cache_dir",
    "cached_content",
    "cached_object",
    "content_fingerprint",
    "default_content",
    "write_atomic",
]
