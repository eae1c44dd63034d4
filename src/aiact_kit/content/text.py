"""The text catalogue: every interface string of the kit, in Dutch and English, under a key.

Interface strings ("Check", "Next", the labels of topics, roles and risk groups, the messages
of the workshop pages, ...) carry no legal facts; those stay in the content YAML with their
citations. Each area of the kit has one file ``text/<area>.yaml``; a key is
``<area>.<name>``::

    # text/quiz.yaml
    check:
      nl: Controleer
      en: Check
    answered:
      nl: "{done} van {total} beantwoord"
      en: "{done} of {total} answered"

Look strings up with :func:`text` (``text("quiz.check", "en")``; ``{name}`` fields are filled
from keyword arguments). The labels of the kit's vocabulary (topics, roles, risk groups, kinds
of system, versions of the law) live in ``text/label.yaml`` as ``label.topic.<id>`` and so on,
so every page and the facilitator's reports show the same word for the same thing; read them
with :func:`label`.

The catalogue is read from YAML once and kept in the validated-content cache (see
:func:`aiact_kit.content.cached_object`), so an app page needs no YAML parser.
"""

from __future__ import annotations

import functools
import string
from collections.abc import Mapping
from pathlib import Path

from aiact_kit.content.records import DEFAULT_LANG, LANGS

TEXT_DIR = Path(__file__).parent / "text"


class TextError(KeyError):
    """An unknown key or a catalogue file that breaks the rules (the message says where)."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else ""


def _files(directory: Path) -> list[Path]:
    return sorted(p for p in directory.glob("*.yaml") if p.is_file() and not p.is_symlink())


def read_catalogue(directory: str | Path = TEXT_DIR) -> dict[str, dict[str, str]]:
    """Read and check every ``*.yaml`` file of ``directory``: ``{key: {lang: text}}``.

    Raises :class:`TextError` naming the file, the key and what is wrong: a key without a
    Dutch or English text, an empty text, an unknown language, a key that is not a plain name,
    or ``{fields}`` that differ between the languages."""
    from aiact_kit.content.yamlsafe import load_yaml

    folder = Path(directory)
    out: dict[str, dict[str, str]] = {}
    problems: list[str] = []
    for path in _files(folder):
        area = path.stem
        try:
            data = load_yaml(path.read_text(encoding="utf-8"))
        except Exception as exc:  # noqa: BLE001 - reported with the file name
            problems.append(f"{path.name}: cannot read: {str(exc).splitlines()[0]}")
            continue
        if not isinstance(data, dict):
            problems.append(f"{path.name}: expected a mapping of keys to texts")
            continue
        for name, texts in data.items():
            where = f"{path.name}: key '{name}'"
            if not isinstance(name, str) or not name or name.strip() != name:
                hint = (
                    " (YAML reads yes, no, on and off as true or false: put the key in quotes)"
                    if isinstance(name, bool)
                    else ""
                )
                problems.append(f"{path.name}: a key must be a non-empty name, got {name!r}{hint}")
                continue
            if not isinstance(texts, dict):
                problems.append(f"{where}: expected nl and en texts")
                continue
            unknown = sorted(str(k) for k in texts if k not in LANGS)
            if unknown:
                problems.append(f"{where}: unknown language(s) {', '.join(unknown)}")
            entry: dict[str, str] = {}
            for lang in LANGS:
                value = texts.get(lang)
                if not isinstance(value, str) or not value.strip():
                    problems.append(f"{where}: missing or empty '{lang}' text")
                else:
                    entry[lang] = value
            if len(entry) == len(LANGS):
                fields = {lang: _fields(entry[lang]) for lang in LANGS}
                if fields["nl"] != fields["en"]:
                    problems.append(
                        f"{where}: the {{fields}} differ between nl {sorted(fields['nl'])} "
                        f"and en {sorted(fields['en'])}"
                    )
            out[f"{area}.{name}"] = entry
    if problems:
        raise TextError("text catalogue: " + "; ".join(problems))
    return out


def _fields(text: str) -> set[str]:
    try:
        return {f for _lit, f, _spec, _conv in string.Formatter().parse(text) if f}
    except ValueError:
        return {"<malformed braces>"}


@functools.cache
def catalogue() -> Mapping[str, Mapping[str, str]]:
    """The whole catalogue (``{key: {lang: text}}``), from the cache while its files are
    unchanged."""
    from aiact_kit.content import cached_object

    inputs = [*_files(TEXT_DIR), Path(__file__)]
    # cached_object returns Any: here the result of read_catalogue (or its pickled copy)
    result: Mapping[str, Mapping[str, str]] = cached_object("text", inputs, read_catalogue)
    return result


def text(key: str, lang: str = DEFAULT_LANG, /, **values: object) -> str:
    """The interface string ``key`` in ``lang``, with ``{name}`` fields filled from ``values``.

    Raises :class:`TextError` for an unknown key and ``ValueError`` for an unknown language."""
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}; expected one of {', '.join(LANGS)}")
    try:
        template = catalogue()[key][lang]
    except KeyError:
        raise TextError(f"no interface text {key!r} in the text catalogue") from None
    return template.format(**values) if values else template


def label(kind: str, ident: str, lang: str = DEFAULT_LANG) -> str:
    """The one label of a vocabulary item: ``label("topic", "roles", "en") == "Roles"``.

    ``kind`` is ``topic``, ``role``, ``risk_group``, ``system_kind`` or ``law_version``."""
    return text(f"label.{kind}.{ident}", lang)


def texts(prefix: str) -> dict[str, dict[str, str]]:
    """Every entry whose key starts with ``prefix`` (e.g. ``"quiz."``), the prefix removed:
    ``{name: {lang: text}}``. For code that hands a whole table to a renderer."""
    return {k[len(prefix) :]: dict(v) for k, v in catalogue().items() if k.startswith(prefix)}


__all__ = ["TEXT_DIR", "TextError", "catalogue", "label", "read_catalogue", "text", "texts"]
