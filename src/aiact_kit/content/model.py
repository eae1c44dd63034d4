"""The validated content set and its problems: :class:`Content` (items by kind and id, the
lookups, date placeholders filled in, statistics), :class:`Issue` and :class:`ContentError`.

Loading (:mod:`aiact_kit.content.load`) and the validated-content cache
(:mod:`aiact_kit.content.cache`) both hand out a :class:`Content`; this module imports neither
pydantic nor the schema (an app page reading the cache never needs them).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator, Mapping, MutableMapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from aiact_kit.content.records import DATE_PLACEHOLDER, LANGS, I18nMethods, Record
from aiact_kit.content.vocabulary import check_lang, format_date

VERSIONS = ("amended", "original")


def excerpt(text: object, limit: int = 80) -> str:
    """``text`` safe to print: at most ``limit`` characters (cut with "…"), every character
    that is not printable (control and format characters, line breaks, terminal escapes)
    written as a Python escape such as ``\\x1b``. Content errors quote the file they come
    from only through this, so a foreign file is never echoed at length or raw."""
    raw = str(text)
    cut = len(raw) > limit
    out: list[str] = []
    size = 0
    for ch in raw[:limit]:
        piece = ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii")
        if size + len(piece) > limit:
            cut = True
            break
        out.append(piece)
        size += len(piece)
    return "".join(out) + ("…" if cut else "")


@dataclass(frozen=True)
class Issue:
    """One validation problem: where it is (file, item id, field) and what is wrong.

    Every part is stored through :func:`excerpt` (short, escaped), since ids, field names and
    messages may quote the file's own text."""

    file: str
    item: str | None
    field: str | None
    message: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "file", excerpt(self.file, 240))
        if self.item is not None:
            object.__setattr__(self, "item", excerpt(self.item, 80))
        if self.field is not None:
            object.__setattr__(self, "field", excerpt(self.field, 120))
        object.__setattr__(self, "message", excerpt(self.message, 400))

    def __str__(self) -> str:
        where = self.file
        if self.item is not None:
            where += f": item '{self.item}'"
        if self.field:
            where += f": field '{self.field}'"
        return f"{where}: {self.message}"


class ContentError(Exception):
    """The content set is invalid. ``issues`` lists every problem found."""

    def __init__(self, issues: list[Issue]):
        self.issues = list(issues)
        lines = [f"{len(self.issues)} problem(s) in the content:"]
        lines += [f"  - {issue}" for issue in self.issues]
        super().__init__("\n".join(lines))


@dataclass
class Content:
    """A validated content set: items by kind and id, in file order."""

    root: Path
    # kind -> item id -> item; a dict after loading, lazy mappings from the cache
    items: MutableMapping[str, Mapping[str, Any]] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)  # item id -> file name
    # the schema's kind names (empty: ask aiact_kit.content.schema)
    kind_names: tuple[str, ...] = ()

    def _check_kind(self, kind: str) -> None:
        names = self.kind_names or schema_kinds()
        if kind not in names:
            raise KeyError(f"unknown content kind {kind!r}")

    # -- access ---------------------------------------------------------------------------
    def kind(self, kind: str) -> list[Any]:
        """All items of ``kind`` in file order (empty list for a kind without items)."""
        self._check_kind(kind)
        return list(self.items.get(kind, {}).values())

    def get(self, item_id: str, kind: str | None = None) -> Any:
        """The item with ``item_id`` (optionally checking it is of ``kind``)."""
        kinds = [kind] if kind else list(self.items)
        for k in kinds:
            if item_id in self.items.get(k, {}):
                return self.items[k][item_id]
        where = f" of kind {kind!r}" if kind else ""
        raise KeyError(f"no content item {item_id!r}{where}")

    def ids_where(self, kind: str, **fields: Any) -> list[str]:
        """Ids of the items of ``kind`` whose top-level ``fields`` equal the given values, in
        file order, e.g. ``ids_where("questions", topic="roles")``. With content from the cache
        this reads no item whose plain fields (strings, numbers, booleans) do not match."""
        self._check_kind(kind)
        items = self.items.get(kind, {})
        index = getattr(items, "index", None)
        if index is not None and all(k in row for row in index.values() for k in fields):
            rows = index.items()
        else:
            rows = ((i, {k: getattr(item, k) for k in fields}) for i, item in items.items())
        return [i for i, row in rows if all(row[k] == v for k, v in fields.items())]

    @property
    def meta(self) -> Any:
        return self.get("law", "meta")

    # -- dates ------------------------------------------------------------------------------
    def milestone_date(self, milestone_id: str, version: str = "amended") -> date | None:
        """The date of a timeline milestone in the given version of the law (or None when the
        milestone does not exist in that version)."""
        if version not in VERSIONS:
            raise ValueError(f"unknown version {version!r}; expected one of {VERSIONS}")
        m = self.get(milestone_id, "timeline")
        found: date | None = m.date_amended if version == "amended" else m.date_original
        return found

    def render(self, text: Any, lang: str = "nl", version: str = "amended") -> str:
        """The text (an ``I18n`` or a string) in ``lang`` with every ``{date:milestone}``
        placeholder filled in."""
        check_lang(lang)
        raw = text if isinstance(text, str) else text.get(lang)

        def fill(match: re.Match[str]) -> str:
            v = match.group("version") or version
            d = self.milestone_date(match.group("id"), v)
            if d is None:  # milestone absent from that version: use the other one
                other = "original" if v == "amended" else "amended"
                d = self.milestone_date(match.group("id"), other)
            assert d is not None  # the schema guarantees one of the two dates
            return format_date(d, lang)

        return DATE_PLACEHOLDER.sub(fill, raw)

    # -- statistics ------------------------------------------------------------------------
    def stats(self) -> dict[str, Any]:
        """Counts per kind and per language, and the number of uncited legal items."""
        per_kind: dict[str, dict[str, int]] = {}
        uncited = 0
        legal_kinds = schema_kinds("LEGAL_KINDS")
        for kind, items in self.items.items():
            per_lang = dict.fromkeys(LANGS, 0)
            for item in items.values():
                langs_present = set(LANGS)
                for _path, value in walk_fields(item, ""):
                    if isinstance(value, I18nMethods):
                        langs_present &= {lang for lang in LANGS if value.get(lang).strip()}
                for lang in langs_present:
                    per_lang[lang] += 1
                if kind in legal_kinds and not getattr(item, "citations", None):
                    uncited += 1
            per_kind[kind] = {"items": len(items), **per_lang}
        return {
            "as_of": self.meta.as_of.isoformat() if "meta" in self.items else None,
            "kinds": per_kind,
            "items": sum(len(v) for v in self.items.values()),
            "legal_items_without_citation": uncited,
        }


# -- the schema's kinds, and walking an item ----------------------------------------------------
def schema_kinds(name: str = "KINDS") -> Any:
    """``KINDS`` (or another name) of :mod:`aiact_kit.content.schema`, imported on first use."""
    from aiact_kit.content import schema

    return getattr(schema, name)


def _field_names(value: Any) -> list[str] | None:
    """The field names of a schema model or record (None for anything else)."""
    if isinstance(value, Record):
        return list(value.__dict__)
    pydantic = sys.modules.get("pydantic")  # no model exists before pydantic is imported
    if pydantic is not None and isinstance(value, pydantic.BaseModel):
        return list(type(value).model_fields)
    return None


def walk_fields(value: Any, path: str) -> Iterator[tuple[str, Any]]:
    """Yield (field path, value) for a model (or record) and everything nested in it."""
    yield path, value
    names = _field_names(value)
    if names is not None:
        for name in names:
            sub = getattr(value, name)
            yield from walk_fields(sub, f"{path}.{name}" if path else name)
    elif isinstance(value, (list, tuple)):
        for i, sub in enumerate(value):
            yield from walk_fields(sub, f"{path}.{i}")
    elif isinstance(value, dict):
        for key, sub in value.items():
            yield from walk_fields(sub, f"{path}.{key}")


__all__ = ["VERSIONS", "Content", "ContentError", "Issue", "excerpt", "schema_kinds", "walk_fields"]
