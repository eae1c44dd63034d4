"""Load and validate the law-as-data content (``src/aiact_kit/content/*.yaml``).

Each YAML file has two top-level keys::

    kind: glossary          # one of aiact_kit.schema.KINDS
    items:
      - id: ai-system
        ...

A kind may span several files. Loading validates everything and reports *all* problems
together in one :class:`ContentError`; each problem names the file, the item id and the field.
A content set with any problem is never returned half-loaded.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from aiact_kit.i18n import check_lang, format_date
from aiact_kit.schema import DATED_KINDS, KINDS, LEGAL_KINDS
from aiact_kit.schema.base import DATE_PLACEHOLDER, LANGS, LITERAL_DATE, I18n, Item, RefId

CONTENT_DIR = Path(__file__).parent / "content"
# libyaml's safe loader when PyYAML was built with it (about 10x faster), else the pure one
YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
VERSIONS = ("amended", "original")


@dataclass(frozen=True)
class Issue:
    """One validation problem: where it is (file, item id, field) and what is wrong."""

    file: str
    item: str | None
    field: str | None
    message: str

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
    items: dict[str, dict[str, Item]] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)  # item id -> file name

    # -- access ---------------------------------------------------------------------------
    def kind(self, kind: str) -> list[Any]:
        """All items of ``kind`` in file order (empty list for a kind without items)."""
        if kind not in KINDS:
            raise KeyError(f"unknown content kind {kind!r}")
        return list(self.items.get(kind, {}).values())

    def get(self, item_id: str, kind: str | None = None) -> Any:
        """The item with ``item_id`` (optionally checking it is of ``kind``)."""
        kinds = [kind] if kind else list(self.items)
        for k in kinds:
            if item_id in self.items.get(k, {}):
                return self.items[k][item_id]
        where = f" of kind {kind!r}" if kind else ""
        raise KeyError(f"no content item {item_id!r}{where}")

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
        return m.date_amended if version == "amended" else m.date_original

    def render(self, text: I18n | str, lang: str = "nl", version: str = "amended") -> str:
        """The text in ``lang`` with every ``{date:milestone}`` placeholder filled in."""
        check_lang(lang)
        raw = text.get(lang) if isinstance(text, I18n) else text

        def fill(match: Any) -> str:
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
        for kind, items in self.items.items():
            per_lang = dict.fromkeys(LANGS, 0)
            for item in items.values():
                langs_present = set(LANGS)
                for _path, value in _walk(item, ""):
                    if isinstance(value, I18n):
                        langs_present &= {lang for lang in LANGS if value.get(lang).strip()}
                for lang in langs_present:
                    per_lang[lang] += 1
                if kind in LEGAL_KINDS and not getattr(item, "citations", None):
                    uncited += 1
            per_kind[kind] = {"items": len(items), **per_lang}
        return {
            "as_of": self.meta.as_of.isoformat() if "meta" in self.items else None,
            "kinds": per_kind,
            "items": sum(len(v) for v in self.items.values()),
            "legal_items_without_citation": uncited,
        }


# -- loading ------------------------------------------------------------------------------
def _walk(value: Any, path: str) -> Iterator[tuple[str, Any]]:
    """Yield (field path, value) for a model and everything nested in it."""
    yield path, value
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            sub = getattr(value, name)
            yield from _walk(sub, f"{path}.{name}" if path else name)
    elif isinstance(value, (list, tuple)):
        for i, sub in enumerate(value):
            yield from _walk(sub, f"{path}.{i}")
    elif isinstance(value, dict):
        for key, sub in value.items():
            yield from _walk(sub, f"{path}.{key}")


def _loc(loc: tuple[Any, ...]) -> str:
    return ".".join(str(part) for part in loc)


def _pydantic_issues(fname: str, item_id: str, err: ValidationError) -> list[Issue]:
    issues = []
    for e in err.errors():
        loc = tuple(e["loc"])
        # Union members add their class name to the location; drop those parts.
        loc = tuple(p for p in loc if not (isinstance(p, str) and p[:1].isupper()))
        last = loc[-1] if loc else None
        etype = e["type"]
        if etype == "missing" and last in LANGS:
            msg = f"missing translation '{last}'"
        elif etype == "string_too_short" and last in LANGS:
            msg = f"empty translation '{last}'"
        elif etype == "extra_forbidden":
            msg = "unknown field"
        elif etype == "missing":
            msg = "missing required field"
        else:
            msg = e["msg"]
            if msg.startswith("Value error, "):
                msg = msg[len("Value error, ") :]
        issues.append(Issue(fname, item_id, _loc(loc) or None, msg))
    return issues


def _read_yaml(path: Path, issues: list[Issue]) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        issues.append(Issue(path.name, None, None, f"cannot read file: {exc}"))
        return None
    try:
        return yaml.load(text, Loader=YAML_LOADER)  # noqa: S506 - a safe loader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        issues.append(Issue(path.name, None, None, f"invalid YAML{where}: {problem}"))
        return None


def load_content(directory: str | Path | None = None) -> Content:
    """Load and validate every ``*.yaml`` file in ``directory`` (default: the shipped content).

    Raises :class:`ContentError` listing every problem found.
    """
    root = Path(directory) if directory is not None else CONTENT_DIR
    issues: list[Issue] = []
    if not root.is_dir():
        raise ContentError([Issue(str(root), None, None, "content directory does not exist")])
    content = Content(root=root)
    # ids of items that failed validation: references to them are not reported again
    broken: dict[str, set[str]] = {}
    paths = sorted(p for p in root.glob("*.yaml") if p.is_file())
    if not paths:
        raise ContentError([Issue(str(root), None, None, "no *.yaml content files found")])

    for path in paths:
        fname = path.name
        data = _read_yaml(path, issues)
        if data is None and not any(i.file == fname for i in issues):
            issues.append(Issue(fname, None, None, "file is empty"))
        if data is None:
            continue
        if not isinstance(data, dict):
            issues.append(Issue(fname, None, None, "top level must be a mapping with kind/items"))
            continue
        extra = sorted(str(k) for k in data if k not in ("kind", "items"))
        for key in extra:
            issues.append(Issue(fname, None, key, "unknown top-level field"))
        kind = data.get("kind")
        if not isinstance(kind, str) or kind not in KINDS:
            known = ", ".join(sorted(KINDS))
            issues.append(Issue(fname, None, "kind", f"unknown kind {kind!r}; expected {known}"))
            continue
        raw_items = data.get("items")
        if not isinstance(raw_items, list):
            issues.append(Issue(fname, None, "items", "must be a list of items"))
            continue
        model = KINDS[kind]
        bucket = content.items.setdefault(kind, {})
        for index, raw in enumerate(raw_items):
            position = f"#{index + 1}"
            if not isinstance(raw, dict):
                issues.append(Issue(fname, position, None, "item must be a mapping"))
                continue
            raw_id = raw.get("id")
            item_id = raw_id if isinstance(raw_id, str) and raw_id else position
            try:
                item = model.model_validate(raw)
            except ValidationError as err:
                issues.extend(_pydantic_issues(fname, item_id, err))
                broken.setdefault(kind, set()).add(item_id)
                continue
            if item.id in content.files:
                first = content.files[item.id]
                issues.append(Issue(fname, item.id, "id", f"duplicate id (first in {first})"))
                continue
            content.files[item.id] = fname
            bucket[item.id] = item

    issues.extend(_check_set(content, broken))
    if issues:
        raise ContentError(issues)
    return content


def _check_set(content: Content, broken: dict[str, set[str]]) -> list[Issue]:
    """Checks across items: references, date placeholders and literal dates, metadata."""
    issues: list[Issue] = []
    milestones = set(content.items.get("timeline", {})) | broken.get("timeline", set())
    for kind, items in content.items.items():
        for item in items.values():
            fname = content.files[item.id]
            for path, value in _walk(item, ""):
                if isinstance(value, RefId):
                    target = set(content.items.get(value.kind, {}))
                    if str(value) not in target | broken.get(value.kind, set()):
                        issues.append(
                            Issue(fname, item.id, path, f"unknown {value.kind} id '{value}'")
                        )
                elif isinstance(value, I18n):
                    for lang in LANGS:
                        text = value.get(lang)
                        for m in DATE_PLACEHOLDER.finditer(text):
                            if m.group("id") not in milestones:
                                issues.append(
                                    Issue(
                                        fname,
                                        item.id,
                                        f"{path}.{lang}",
                                        f"unknown milestone '{m.group('id')}' in date reference",
                                    )
                                )
                        if kind not in DATED_KINDS:
                            lit = LITERAL_DATE.search(text)
                            if lit:
                                issues.append(
                                    Issue(
                                        fname,
                                        item.id,
                                        f"{path}.{lang}",
                                        f"literal date '{lit.group(0)}': refer to a timeline "
                                        "milestone with {date:<milestone-id>} instead",
                                    )
                                )
    meta = content.items.get("meta", {})
    if list(meta) != ["law"] and not broken.get("meta"):
        where = ", ".join(sorted({content.files[i] for i in meta})) or "(no meta file)"
        issues.append(
            Issue(where, None, "meta", "the content needs exactly one meta item with id 'law'")
        )
    return issues


@functools.lru_cache(maxsize=1)
def default_content() -> Content:
    """The shipped content, loaded once per process."""
    return load_content(CONTENT_DIR)


__all__ = ["Content", "ContentError", "Issue", "load_content", "default_content", "CONTENT_DIR"]
