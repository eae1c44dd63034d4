"""Loading the content: every ``*.yaml`` file of a content folder validated against the schema
into a :class:`~aiact_kit.content.model.Content`, all problems reported together in one
:class:`~aiact_kit.content.model.ContentError` (each names the file, the item id and the field).
A content set with any problem is never returned half-loaded.

Each YAML file has two top-level keys::

    kind: glossary          # one of aiact_kit.content.schema.KINDS
    items:
      - id: ai-system
        ...

pydantic and the schema are imported only when loading (an app page reads its content from
the validated cache, :mod:`aiact_kit.content.cache`).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from aiact_kit.content.checks import check_set, complete_issues
from aiact_kit.content.files import CONTENT_DIR, folder_files, read_yaml
from aiact_kit.content.model import Content, ContentError, Issue, excerpt
from aiact_kit.content.records import LANGS

if TYPE_CHECKING:
    from aiact_kit.content.schema.base import Item


def _loc(loc: tuple[Any, ...]) -> str:
    return ".".join(str(part) for part in loc)


def _pydantic_issues(fname: str, item_id: str, err: Any) -> list[Issue]:
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
            # A message may quote the input (e.g. a malformed citation): quote it short.
            value = e.get("input")
            if isinstance(value, str) and len(value) > 40:
                msg = msg.replace(repr(value), repr(excerpt(value, 40)))
                msg = msg.replace(value, excerpt(value, 40))
        issues.append(Issue(fname, item_id, _loc(loc) or None, msg))
    return issues


def _is_shipped(root: Path) -> bool:
    try:
        return root.resolve() == CONTENT_DIR.resolve()
    except (OSError, RuntimeError):
        return False


def load_content(directory: str | Path | None = None, *, complete: bool | None = None) -> Content:
    """Load and validate every ``*.yaml`` file in ``directory`` (default: the shipped content).

    With ``complete`` the directory must hold a whole content set: every expected file and
    every required item (:mod:`aiact_kit.content.schema.required`); a lost file, or a file cut
    short,
    is an error. ``aiact-kit validate`` and the validated-content cache ask for that; by
    default (None) it is asked of the shipped content folder only, so that tests and tools
    can load a partial set. Always: a content file that is a directory (or anything but a
    regular file) is an error, and a symlink that leads out of the folder is refused unread.

    Raises :class:`ContentError` listing every problem found.
    """
    from pydantic import ValidationError

    from aiact_kit.content.schema import KINDS

    root = Path(directory) if directory is not None else CONTENT_DIR
    if complete is None:
        complete = _is_shipped(root)
    issues: list[Issue] = []
    if not root.is_dir():
        raise ContentError([Issue(str(root), None, None, "content directory does not exist")])
    content = Content(root=root, kind_names=tuple(KINDS))
    # ids of items that failed validation: references to them are not reported again
    broken: dict[str, set[str]] = {}
    paths, _trees, issues = folder_files(root)
    file_kinds: dict[str, str] = {}  # file name -> the kind it declares
    buckets: dict[str, dict[str, Item]] = {}  # kind -> item id -> item (content.items)
    if not paths and not issues and not complete:
        raise ContentError([Issue(str(root), None, None, "no *.yaml content files found")])

    for path in paths:
        fname = path.name
        data = read_yaml(path, issues)
        if data is None and not any(i.file == fname for i in issues):
            issues.append(Issue(fname, None, None, "file is empty"))
        if data is None:
            continue
        kind = data.get("kind") if isinstance(data, dict) else None
        if not isinstance(kind, str) or kind not in KINDS:
            # Perhaps not a content file at all: quote none of it, but a near miss of a kind.
            known = ", ".join(sorted(KINDS))
            if not isinstance(data, dict) or "kind" not in data:
                msg = "not a content file: the top level must be a mapping with kind and items"
                issues.append(Issue(fname, None, None, msg))
                continue
            import difflib

            near = difflib.get_close_matches(kind, KINDS, n=1) if isinstance(kind, str) else []
            hint = f"unknown kind '{kind}' (did you mean '{near[0]}'?)" if near else "unknown kind"
            issues.append(Issue(fname, None, "kind", f"{hint}; expected one of {known}"))
            continue
        file_kinds[fname] = kind
        extra = sorted(str(k) for k in data if k not in ("kind", "items"))
        for key in extra:
            issues.append(Issue(fname, None, key, "unknown top-level field"))
        raw_items = data.get("items")
        if not isinstance(raw_items, list):
            issues.append(Issue(fname, None, "items", "must be a list of items"))
            continue
        model = KINDS[kind]
        bucket = buckets.get(kind)
        if bucket is None:  # content.items keeps the kinds in the order first seen
            bucket = buckets[kind] = {}
            content.items[kind] = bucket
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

    issues.extend(check_set(content, broken))
    if complete:
        issues.extend(complete_issues(root, content, file_kinds, broken, issues))
    if issues:
        raise ContentError(issues)
    return content


__all__ = ["load_content"]
