"""The law as data: load, validate and cache the content (``content/data/*.yaml``).

A content set is validated on load and reports *all* problems together in one
:class:`ContentError`; each problem names the file, the item id and the field. A *complete* set
(``aiact-kit validate``, the shipped folder, the validated-content cache) must also hold every
expected file and every required item (:mod:`aiact_kit.content.schema.required`), so a lost file
or a file cut short is an error, not a smaller set. Files are read only inside the content
folder (a symlink leading out is refused unread), and errors quote a file's own text only as
short, escaped excerpts (:func:`excerpt`).

The modules, each of one concern:

- :mod:`~aiact_kit.content.model` -- :class:`Content` and its lookups, :class:`Issue`,
  :class:`ContentError`;
- :mod:`~aiact_kit.content.files` -- where the data lives (:data:`CONTENT_DIR`,
  :data:`TREES_DIR`) and reading its files safely;
- :mod:`~aiact_kit.content.load` and :mod:`~aiact_kit.content.checks` -- validation into a
  :class:`Content`, the checks across items and the completeness checks;
- :mod:`~aiact_kit.content.cache`, :mod:`~aiact_kit.content.pickling` and
  :mod:`~aiact_kit.content.lazy` -- the validated-content cache.

The pydantic schema (:mod:`aiact_kit.content.schema`) and PyYAML are imported only to
validate: an app page reads its content from the validated cache as
:class:`aiact_kit.content.records.Record` objects and never needs them.
"""

from __future__ import annotations

from typing import Any

from aiact_kit.content.cache import (
    CACHE_ENV,
    cache_dir,
    cached_content,
    cached_object,
    content_fingerprint,
    default_content,
    write_atomic,
)
from aiact_kit.content.files import CONTENT_DIR, TREES_DIR, yaml_loader
from aiact_kit.content.load import load_content
from aiact_kit.content.model import VERSIONS, Content, ContentError, Issue, excerpt, walk_fields


def __getattr__(name: str) -> Any:
    if name == "YAML_LOADER":  # the loader the content is parsed with (imported on demand)
        return yaml_loader()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "CACHE_ENV",
    "CONTENT_DIR",
    "TREES_DIR",
    "VERSIONS",
    "Content",
    "ContentError",
    "Issue",
    "cache_dir",
    "cached_content",
    "cached_object",
    "content_fingerprint",
    "default_content",
    "excerpt",
    "load_content",
    "walk_fields",
    "write_atomic",
]
