"""Load and validate the law-as-data content (``src/aiact_kit/content/*.yaml``).

Each YAML file has two top-level keys::

    kind: glossary          # one of aiact_kit.content.schema.KINDS
    items:
      - id: ai-system
        ...

A kind may span several files. Loading validates everything and reports *all* problems
together in one :class:`ContentError`; each problem names the file, the item id and the field.
A content set with any problem is never returned half-loaded.

A *complete* set (``aiact-kit validate``, the shipped folder, the validated-content cache) must
also hold every expected file and every required item (:mod:`aiact_kit.content.schema.required`), so
a lost file or a file cut short is an error, not a smaller set. Files are read only inside the
content folder (a symlink leading out is refused unread), and errors quote a file's own text
only as short, escaped excerpts (:func:`excerpt`).
"""

from __future__ import annotations

import functools
import hashlib
import importlib
import io
import os
import pickle
import sys
import threading
from collections.abc import Callable, Iterator, Mapping, MutableMapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from aiact_kit.content.records import (
    DATE_PLACEHOLDER,
    LANGS,
    LITERAL_DATE,
    I18nMethods,
    Record,
    RefId,
    record_class,
)
from aiact_kit.content.vocabulary import check_lang, format_date

if TYPE_CHECKING:
    from aiact_kit.content.schema.base import Item

# The pydantic schema (aiact_kit.content.schema) is imported only to validate: an app page reads its
# content from the validated cache as aiact_kit.content.records.Record objects and never needs it.

CONTENT_DIR = Path(__file__).parent  # the YAML files sit beside the loading code
VERSIONS = ("amended", "original")


def _yaml_loader() -> Any:
    """libyaml's safe loader when PyYAML was built with it (about 10x faster), else the pure
    one. PyYAML is imported only to validate: a kernel that takes its content from the
    validated cache never needs it."""
    import yaml

    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def __getattr__(name: str) -> Any:
    if name == "YAML_LOADER":  # the loader the content is parsed with (imported on demand)
        return _yaml_loader()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


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
    items: dict[str, dict[str, Any]] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)  # item id -> file name
    # the schema's kind names (empty: ask aiact_kit.content.schema)
    kind_names: tuple[str, ...] = ()

    def _check_kind(self, kind: str) -> None:
        names = self.kind_names or _schema_kinds()
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
        return m.date_amended if version == "amended" else m.date_original

    def render(self, text: Any, lang: str = "nl", version: str = "amended") -> str:
        """The text (an ``I18n`` or a string) in ``lang`` with every ``{date:milestone}``
        placeholder filled in."""
        check_lang(lang)
        raw = text if isinstance(text, str) else text.get(lang)

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
        legal_kinds = _schema_kinds("LEGAL_KINDS")
        for kind, items in self.items.items():
            per_lang = dict.fromkeys(LANGS, 0)
            for item in items.values():
                langs_present = set(LANGS)
                for _path, value in _walk(item, ""):
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


# -- loading ------------------------------------------------------------------------------
def _schema_kinds(name: str = "KINDS") -> Any:
    """``KINDS`` (or another name) of :mod:`aiact_kit.content.schema`, imported on first use."""
    from aiact_kit.content import schema

    return getattr(schema, name)


def _field_names(value: Any) -> Any:
    """The field names of a schema model or record (None for anything else)."""
    if isinstance(value, Record):
        return list(value.__dict__)
    pydantic = sys.modules.get("pydantic")  # no model exists before pydantic is imported
    if pydantic is not None and isinstance(value, pydantic.BaseModel):
        return type(value).model_fields
    return None


def _walk(value: Any, path: str) -> Iterator[tuple[str, Any]]:
    """Yield (field path, value) for a model (or record) and everything nested in it."""
    yield path, value
    names = _field_names(value)
    if names is not None:
        for name in names:
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


def _read_yaml(path: Path, issues: list[Issue]) -> Any:
    import yaml  # only needed when validating (a cached content set needs no YAML)

    from aiact_kit.content.yamlsafe import MAX_BYTES, YamlLimitError, load_yaml

    try:
        if path.stat().st_size > 4 * MAX_BYTES:  # utf-8: at most 4 bytes a character
            raise YamlLimitError(f"file too large (at most {MAX_BYTES} characters)")
        text = path.read_text(encoding="utf-8")
        return load_yaml(text)
    except UnicodeDecodeError as exc:
        issues.append(Issue(path.name, None, None, f"not UTF-8 text (byte {exc.start})"))
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        issues.append(Issue(path.name, None, None, f"cannot read file: {reason}"))
    except YamlLimitError as exc:
        issues.append(Issue(path.name, None, None, f"cannot read YAML safely: {exc}"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        if isinstance(exc, yaml.constructor.ConstructorError):
            problem = "unsupported tag or value (only plain YAML is read)"
        else:  # the scanner's and parser's messages quote at most a token of the file
            problem = excerpt(getattr(exc, "problem", None) or "syntax error", 80)
        issues.append(Issue(path.name, None, None, f"invalid YAML{where}: {problem}"))
    return None


def _outside(path: Path, root_real: Path) -> bool:
    """Whether ``path`` (a symlink, or inside one) resolves outside the folder ``root_real``."""
    try:
        path.resolve().relative_to(root_real)
    except ValueError:
        return True
    except (OSError, RuntimeError):  # a symlink loop
        return True
    return False


def _entry_problem(entry: os.DirEntry, root_real: Path, linked: bool) -> str | None:
    """Why the content file (or tree file) ``entry`` may not be read, or None. ``linked``: it
    is a symlink or lies in a symlinked folder, followed only when it stays inside the content
    folder. Nothing is opened here."""
    if linked and _outside(Path(entry.path), root_real):
        return "a symbolic link to outside the content folder: not read"
    if entry.is_dir():
        return "a directory, not a content file"
    if not entry.is_file():
        return "a broken symbolic link" if not os.path.exists(entry.path) else "not a regular file"
    return None


def _folder_files(root: Path) -> tuple[list[Path], list[Path], list[Issue]]:
    """The content files (``*.yaml``) and tree files (``trees/*.yaml``) of ``root`` that may
    be read, and an issue for every entry that may not (a directory, a device, a symlink out of
    the folder)."""
    root_real = root.resolve()
    issues: list[Issue] = []
    found: tuple[list[Path], list[Path]] = ([], [])
    for where, folder in enumerate((root, root / "trees")):
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:  # no trees folder (a complete set reports the missing tree file)
            continue
        folder_linked = where == 1 and folder.is_symlink()
        for entry in entries:
            if not entry.name.endswith(".yaml"):
                continue
            name = entry.name if where == 0 else f"trees/{entry.name}"
            problem = _entry_problem(entry, root_real, folder_linked or entry.is_symlink())
            if problem:
                issues.append(Issue(name, None, None, problem))
            else:
                found[where].append(folder / entry.name)
    return found[0], found[1], issues


def _complete_issues(
    root: Path,
    content: Content,
    file_kinds: dict[str, str],
    broken: dict[str, set[str]],
    issues: list[Issue],
) -> list[Issue]:
    """What a complete content set lacks (see :mod:`aiact_kit.content.schema.required`): an expected
    file, a required item, a minimum number of items. A file with a problem of its own is not
    reported again for the items it lost."""
    from aiact_kit.content.schema.required import (
        EXPECTED_FILES,
        MIN_ITEMS,
        MIN_QUESTIONS,
        REQUIRED_IDS,
        TREE_FILE,
    )

    found: list[Issue] = []
    reported = {i.file for i in issues}
    for name in (*EXPECTED_FILES, TREE_FILE):
        if name not in reported and not (root / name).is_file():
            what = "the kit's decision tree" if name == TREE_FILE else EXPECTED_FILES[name]
            found.append(Issue(name, None, None, f"missing file ({what})"))
    reported |= {i.file for i in found}
    for name, kind in EXPECTED_FILES.items():
        if name in reported:
            continue
        held = file_kinds.get(name, kind)
        if held != kind:
            found.append(Issue(name, None, "kind", f"holds kind {held}, expected {kind}"))
            reported.add(name)

    def present(kind: str) -> set[str]:
        return set(content.items.get(kind, {})) | broken.get(kind, set())

    for kind, groups in REQUIRED_IDS.items():
        name = f"{kind}.yaml"
        if name in reported:
            continue
        have = present(kind)
        for description, ids in groups:
            for item_id in ids:
                if item_id not in have:
                    msg = f"required item is missing ({description})"
                    found.append(Issue(name, item_id, None, msg))
    for kind, minimum in MIN_ITEMS.items():
        name = f"{kind}.yaml"
        n = len(present(kind))
        if name not in reported and n < minimum:
            msg = f"{n} {kind} item(s); a complete content set has at least {minimum}"
            found.append(Issue(name, None, None, msg))
    if not broken.get("questions"):
        counts = dict.fromkeys(MIN_QUESTIONS, 0)
        for question in content.items.get("questions", {}).values():
            counts[question.topic] = counts.get(question.topic, 0) + 1
        for topic, minimum in MIN_QUESTIONS.items():
            name = f"questions-{topic}.yaml"
            if name not in reported and counts[topic] < minimum:
                msg = (
                    f"{counts[topic]} question(s) on topic '{topic}'; a complete content set "
                    f"has at least {minimum}"
                )
                found.append(Issue(name, None, None, msg))
    return found


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
    paths, _trees, issues = _folder_files(root)
    file_kinds: dict[str, str] = {}  # file name -> the kind it declares
    if not paths and not issues and not complete:
        raise ContentError([Issue(str(root), None, None, "no *.yaml content files found")])

    for path in paths:
        fname = path.name
        data = _read_yaml(path, issues)
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
    if complete:
        issues.extend(_complete_issues(root, content, file_kinds, broken, issues))
    if issues:
        raise ContentError(issues)
    return content


def _check_set(content: Content, broken: dict[str, set[str]]) -> list[Issue]:
    """Checks across items: references, date placeholders and literal dates, metadata."""
    from aiact_kit.content.schema import DATED_KINDS
    from aiact_kit.content.schema.base import I18n

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
    """The shipped content, loaded once per process (from the validated cache when the content
    files have not changed since they were last validated; see :func:`cached_content`)."""
    return cached_content(CONTENT_DIR)


# -- validated-content cache ------------------------------------------------------------------
# Parsing ~480 items of YAML and validating them with pydantic takes seconds in a fresh kernel;
# every app page starts one. The cache keeps the *validated* items, pickled one by one, in a
# file named after a fingerprint of everything validation depends on: the bytes of every content
# file and of the validating code (schema, loader, citation parser), the Python and pydantic
# versions. Any change to a content file gives a new fingerprint, so the set is validated again
# (and ``load_content``, used by ``aiact-kit validate``, always validates). An item is unpickled
# only when a page first asks for it, so a page without a quiz never holds the question bank and
# a quiz on one topic holds only that topic's questions (see docs/performance.md).

CACHE_ENV = "AIACT_KIT_CACHE_DIR"
_CACHE_FORMAT = 5
_CACHE_KEEP = 8  # cache files kept per directory (other checkouts or versions may share it)
_OFF = {"off", "0", "no", "none", "false"}
# every module of the content layer (relative to this package)
_FINGERPRINT_CODE = ("*.py", "schema/*.py")


def cache_dir() -> Path | None:
    """Where validated content is cached: ``AIACT_KIT_CACHE_DIR`` (``off`` disables the cache),
    else ``$XDG_CACHE_HOME/aiact-kit``, else ``~/.cache/aiact-kit``."""
    env = os.environ.get(CACHE_ENV)
    if env is not None:
        if env.strip().lower() in _OFF or not env.strip():
            return None
        return Path(env).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg).expanduser() if xdg else Path.home() / ".cache"
    return base / "aiact-kit"


def content_fingerprint(directory: str | Path = CONTENT_DIR) -> str:
    """A hash of everything validating ``directory`` depends on (raises OSError when a file
    cannot be read)."""
    root = Path(directory)
    package = Path(__file__).parent
    h = hashlib.sha256()
    h.update(f"{_CACHE_FORMAT}|{sys.version}|".encode() + _pydantic_version())
    code = sorted({p for pattern in _FINGERPRINT_CODE for p in package.glob(pattern)})
    # The same files load_content reads; an entry it refuses (a directory, a symlink out of
    # the folder) is never read here either: the caller validates, which reports it.
    yaml_files, tree_files, refused = _folder_files(root)
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
        folder = spec.submodule_search_locations[0] if spec else None
        return Path(folder, "version.py").read_bytes() if folder else b"-"
    except (ImportError, OSError, ValueError, TypeError):
        return b"-"


class _CacheFile:
    """The open cache file of one content set: reads item pickles on demand. The file stays
    open until every item is loaded (a newer cache written meanwhile does not matter).
    ``records``: items come back as :class:`aiact_kit.content.records.Record` objects (no pydantic),
    else as the schema's pydantic models."""

    def __init__(self, fd: int, pending: int, shared_sets: list[set], records: bool = True):
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
            value = _CacheUnpickler(io.BytesIO(blob), self.shared_sets, self.records).load()
            self.pending -= 1
            if self.pending <= 0:
                self.close()
            return value

    def close(self) -> None:
        with self.lock:
            if self.fd is not None:
                os.close(self.fd)
                self.fd = None

    def __del__(self, _close=os.close) -> None:
        # No module globals here: at interpreter shutdown they may already be gone.
        fd, self.fd = self.fd, None
        if fd is not None:
            try:  # noqa: SIM105 - contextlib may be gone at shutdown
                _close(fd)
            except OSError:
                pass


class _LazyItems(Mapping):
    """The items of one kind of a cached content set: id -> item, each item read and unpickled
    on first access. Iterating the ids or testing ``in`` loads nothing; ``index`` holds each
    item's plain top-level fields (strings, numbers, booleans, None) for
    :meth:`Content.ids_where`."""

    def __init__(self, file: _CacheFile, spans: dict[str, tuple[int, int]], index: dict):
        self._file = file
        self._spans = spans
        self._data: dict[str, Item] = {}
        self.index: dict[str, dict[str, Any]] = index

    def __getitem__(self, item_id: str) -> Item:
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


class _LazyKinds(MutableMapping):
    """``Content.items`` of a cached content set: kind -> :class:`_LazyItems`. Iteration
    order and ``len`` are those of the validated set."""

    def __init__(self, kinds: dict[str, Mapping[str, Item]]):
        self._data = dict(kinds)

    def __getitem__(self, kind: str) -> Mapping[str, Item]:
        return self._data[kind]

    def __setitem__(self, kind: str, value: Mapping[str, Item]) -> None:
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
        return [k for k, v in self._data.items() if not isinstance(v, _LazyItems) or v.loaded()]

    def __repr__(self) -> str:
        return f"<content kinds {list(self._data)}; loaded {self.loaded()}>"


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
        file = _CacheFile(fd, len(rows), header["sets"], records)
        kinds = {
            kind: _LazyItems(
                file,
                {i: (base + off, length) for i, off, length, _ix in entries},
                {i: ix for i, _off, _length, ix in entries},
            )
            for kind, entries in header["kinds"].items()
        }
        return Content(
            root=root,
            items=_LazyKinds(kinds),
            files=dict(header["files"]),
            kind_names=tuple(header["kind_names"]),
        )
    except Exception:  # noqa: BLE001 - a damaged or foreign cache file is rebuilt
        os.close(fd)
        return None


def _share_equal(value: Any, sets: dict, strings: dict, seen: set[int]) -> None:
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


def _share_in(container: list | dict, sets: dict, strings: dict, seen: set[int]) -> None:
    keys = range(len(container)) if isinstance(container, list) else list(container)
    for k in keys:
        v = container[k]
        if type(v) is str:
            container[k] = strings.setdefault(v, v)
        else:
            _share_equal(v, sets, strings, seen)


def _restore_model(cls: type, values: dict, fields_set: set) -> Any:
    """Unpickle a content model (or its :class:`~aiact_kit.content.records.Record`, which has the
    same
    slots) without pydantic's per-object state dict (less memory churn while items load). The
    models are frozen, validated, without extra or private fields."""
    obj = cls.__new__(cls)
    object.__setattr__(obj, "__dict__", values)
    object.__setattr__(obj, "__pydantic_fields_set__", fields_set)
    object.__setattr__(obj, "__pydantic_extra__", None)
    object.__setattr__(obj, "__pydantic_private__", None)
    return obj


class _CachePickler(pickle.Pickler):
    """Models as (class, values, field set); shared field sets by reference to the header."""

    def __init__(self, file: Any, shared_sets: dict[int, int]):
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


class _CacheUnpickler(pickle.Unpickler):
    def __init__(self, file: Any, shared_sets: list[set], records: bool = True):
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


def _index_row(item: Item) -> dict[str, Any]:
    """An item's plain top-level fields (exact str, number, bool or None values)."""
    return {k: v for k, v in item.__dict__.items() if type(v) in _INDEX_TYPES}


def _write_cache(path: Path, key: str, content: Content) -> None:
    sets: dict = {}
    strings: dict[str, str] = {}
    seen: set[int] = set()
    kinds = {kind: dict(items) for kind, items in content.items.items()}  # alive: ids in seen
    for items in kinds.values():
        _share_equal(items, sets, strings, seen)
    shared = list(sets.values())
    shared_ids = {id(s): n for n, s in enumerate(shared)}
    blobs: list[bytes] = []
    entries: dict[str, list[tuple[str, int, int, dict]]] = {}
    offset = 0
    for kind, items in kinds.items():
        rows = entries.setdefault(kind, [])
        for item_id, item in items.items():
            buffer = io.BytesIO()
            _CachePickler(buffer, shared_ids).dump(item)
            blob = buffer.getvalue()
            rows.append((item_id, offset, len(blob), _index_row(item)))
            blobs.append(blob)
            offset += len(blob)
    header = {
        "format": _CACHE_FORMAT,
        "key": key,
        "files": dict(content.files),
        "sets": shared,
        "kinds": entries,
        "kind_names": list(content.kind_names or _schema_kinds()),
    }
    data = pickle.dumps(header, protocol=pickle.HIGHEST_PROTOCOL) + b"".join(blobs)
    _write_file(path, data)
    _prune(path.parent, "content-*.pickle")


def _write_file(path: Path, data: bytes) -> None:
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
        stored_key, value = _CacheUnpickler(io.BytesIO(path.read_bytes()), [], records).load()
        if stored_key == key:
            return value
    except Exception:  # noqa: BLE001, S110 - missing, damaged or foreign: build it again
        pass
    value = build()
    buffer = io.BytesIO()
    _CachePickler(buffer, {}).dump((key, value))
    _write_file(path, buffer.getvalue())
    _prune(folder, f"object-{name}-*.pickle")
    return value


__all__ = [
    "Content",
    "ContentError",
    "Issue",
    "load_content",
    "default_content",
    "cached_content",
    "cached_object",
    "cache_dir",
    "content_fingerprint",
    "CONTENT_DIR",
    "excerpt",
    "CACHE_ENV",
]
