"""How validated content is pickled into the cache and read back.

Writing follows validating (pydantic is loaded): equal strings and equal field sets are made
one object each (:func:`share_equal`), and a model is pickled as (class, values, field set)
with its class stored by name (a persistent id), so that reading it back as a
:class:`~aiact_kit.content.records.Record` (``records=True``) never imports the pydantic
schema. Reading gives records, or the schema's models with ``records=False``.
"""

from __future__ import annotations

import importlib
import pickle
from typing import IO, Any

from aiact_kit.content.records import record_class

#: (model class, its field names) -> the one field set the items share
SharedSets = dict[tuple[type, frozenset[str]], set[str]]


def share_equal(value: Any, sets: SharedSets, strings: dict[str, str], seen: set[int]) -> None:
    """Make equal strings and equal field sets one object each, so the cache (and every kernel
    that loads it) holds them once. Safe for the frozen content models."""
    if id(value) in seen:
        return
    seen.add(id(value))
    from pydantic import BaseModel  # writing the cache follows validating: pydantic is loaded

    if isinstance(value, BaseModel):
        fields_set = value.__pydantic_fields_set__
        shared = sets.setdefault((type(value), frozenset(fields_set)), fields_set)
        object.__setattr__(value, "__pydantic_fields_set__", shared)
        _share_in(value.__dict__, sets, strings, seen)
    elif isinstance(value, (list, dict)):
        _share_in(value, sets, strings, seen)


def _share_in(
    container: list[Any] | dict[Any, Any],
    sets: SharedSets,
    strings: dict[str, str],
    seen: set[int],
) -> None:
    if isinstance(container, list):
        for i, v in enumerate(container):
            if type(v) is str:
                container[i] = strings.setdefault(v, v)
            else:
                share_equal(v, sets, strings, seen)
        return
    for k in list(container):
        v = container[k]
        if type(v) is str:
            container[k] = strings.setdefault(v, v)
        else:
            share_equal(v, sets, strings, seen)


def _restore_model(cls: type[Any], values: dict[str, Any], fields_set: set[str]) -> Any:
    """Unpickle a content model (or its :class:`~aiact_kit.content.records.Record`, which has
    the same slots) without pydantic's per-object state dict (less memory churn while items
    load). The models are frozen, validated, without extra or private fields."""
    obj = object.__new__(cls)  # neither the models nor the records define __new__
    object.__setattr__(obj, "__dict__", values)
    object.__setattr__(obj, "__pydantic_fields_set__", fields_set)
    object.__setattr__(obj, "__pydantic_extra__", None)
    object.__setattr__(obj, "__pydantic_private__", None)
    return obj


class CachePickler(pickle.Pickler):
    """Models as (class, values, field set); shared field sets by reference to the header."""

    def __init__(self, file: IO[bytes], shared_sets: dict[int, int]) -> None:
        from pydantic import BaseModel

        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self._shared_sets = shared_sets  # id(set) -> index in the header's "sets"
        self._base_model = BaseModel

    def persistent_id(self, obj: Any) -> Any:
        if type(obj) is set:
            return self._shared_sets.get(id(obj))
        if isinstance(obj, type) and issubclass(obj, self._base_model):
            return ("model", f"{obj.__module__}:{obj.__qualname__}")
        return None

    def reducer_override(self, obj: Any) -> Any:
        if (
            isinstance(obj, self._base_model)
            and obj.__pydantic_extra__ is None
            and not obj.__pydantic_private__
        ):
            return (_restore_model, (type(obj), obj.__dict__, obj.__pydantic_fields_set__))
        return NotImplemented


class CacheUnpickler(pickle.Unpickler):
    """Model classes by name: their records (``records``, no pydantic) or the schema's models;
    shared field sets from the header."""

    def __init__(self, file: IO[bytes], shared_sets: list[set[str]], records: bool = True) -> None:
        super().__init__(file)
        self._shared_sets = shared_sets
        self._records = records

    def persistent_load(self, pid: Any) -> Any:
        if isinstance(pid, tuple) and pid[0] == "model":
            if self._records:
                return record_class(pid[1])
            module, _, name = pid[1].partition(":")
            return getattr(importlib.import_module(module), name)
        return self._shared_sets[pid]


_INDEX_TYPES = (str, int, float, bool, type(None))


def index_row(item: Any) -> dict[str, Any]:
    """An item's plain top-level fields (exact str, number, bool or None values)."""
    return {k: v for k, v in item.__dict__.items() if type(v) in _INDEX_TYPES}


__all__ = ["CachePickler", "CacheUnpickler", "index_row", "share_equal"]
