"""The items of a cached content set, read on demand: an item is unpickled only when a page
first asks for it, so a page without a quiz never holds the question bank, and a quiz on one
topic holds only that topic's questions (see docs/performance.md)."""

from __future__ import annotations

import io
import os
import threading
from collections.abc import Callable, Iterator, Mapping, MutableMapping
from typing import Any

from aiact_kit.content.pickling import CacheUnpickler


class CacheFile:
    """The open cache file of one content set: reads item pickles on demand. The file stays
    open until every item is loaded (a newer cache written meanwhile does not matter).
    ``records``: items come back as :class:`aiact_kit.content.records.Record` objects (no
    pydantic), else as the schema's pydantic models."""

    def __init__(
        self, fd: int, pending: int, shared_sets: list[set[str]], records: bool = True
    ) -> None:
        self.fd: int | None = fd
        self.pending = pending
        self.shared_sets = shared_sets
        self.records = records
        self.lock = threading.RLock()

    def load(self, offset: int, length: int) -> Any:
        with self.lock:
            if self.fd is None:
                raise OSError("content cache file already closed")
            blob = os.pread(self.fd, length, offset)
            if len(blob) != length:
                raise OSError("content cache file is truncated")
            value = CacheUnpickler(io.BytesIO(blob), self.shared_sets, self.records).load()
            self.pending -= 1
            if self.pending <= 0:
                self.close()
            return value

    def close(self) -> None:
        with self.lock:
            if self.fd is not None:
                os.close(self.fd)
                self.fd = None

    def __del__(self, _close: Callable[[int], None] = os.close) -> None:
        # No module globals here: at interpreter shutdown they may already be gone.
        fd, self.fd = self.fd, None
        if fd is not None:
            try:  # noqa: SIM105 - contextlib may be gone at shutdown
                _close(fd)
            except OSError:
                pass


class LazyItems(Mapping[str, Any]):
    """The items of one kind of a cached content set: id -> item, each item read and unpickled
    on first access. Iterating the ids or testing ``in`` loads nothing; ``index`` holds each
    item's plain top-level fields (strings, numbers, booleans, None) for
    :meth:`Content.ids_where`."""

    def __init__(
        self,
        file: CacheFile,
        spans: dict[str, tuple[int, int]],
        index: dict[str, dict[str, Any]],
    ) -> None:
        self._file = file
        self._spans = spans
        self._data: dict[str, Any] = {}
        self.index: dict[str, dict[str, Any]] = index

    def __getitem__(self, item_id: str) -> Any:
        item = self._data.get(item_id)
        if item is not None:
            return item
        with self._file.lock:
            if item_id not in self._data:
                offset, length = self._spans[item_id]  # KeyError for an unknown id
                self._data[item_id] = self._file.load(offset, length)
        return self._data[item_id]

    def __iter__(self) -> Iterator[str]:
        return iter(self._spans)

    def __len__(self) -> int:
        return len(self._spans)

    def __contains__(self, item_id: object) -> bool:
        return item_id in self._spans

    def loaded(self) -> list[str]:
        return [i for i in self._spans if i in self._data]

    def __repr__(self) -> str:
        return f"<{len(self._spans)} cached items, {len(self._data)} loaded>"


class LazyKinds(MutableMapping[str, Mapping[str, Any]]):
    """``Content.items`` of a cached content set: kind -> :class:`LazyItems`. Iteration
    order and ``len`` are those of the validated set."""

    def __init__(self, kinds: Mapping[str, Mapping[str, Any]]) -> None:
        self._data = dict(kinds)

    def __getitem__(self, kind: str) -> Mapping[str, Any]:
        return self._data[kind]

    def __setitem__(self, kind: str, value: Mapping[str, Any]) -> None:
        self._data[kind] = value

    def __delitem__(self, kind: str) -> None:
        del self._data[kind]

    def __iter__(self) -> Iterator[str]:
        return iter(list(self._data))

    def __len__(self) -> int:
        return len(self._data)

    def __contains__(self, kind: object) -> bool:
        return kind in self._data

    def loaded(self) -> list[str]:
        """The kinds of which at least one item was read so far."""
        return [k for k, v in self._data.items() if not isinstance(v, LazyItems) or v.loaded()]

    def __repr__(self) -> str:
        return f"<content kinds {list(self._data)}; loaded {self.loaded()}>"


__all__ = ["CacheFile", "LazyItems", "LazyKinds"]
