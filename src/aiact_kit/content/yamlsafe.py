"""Read YAML from files we do not trust, with bounded work and no crash.

PyYAML's composer is recursive: a document nested a few thousand levels deep overflows the C
stack of libyaml's composer (a segfault that kills a kernel) or raises ``RecursionError`` in
the pure-Python one. :func:`load_yaml` therefore scans the tokens first (the scanner is a
loop, not a recursion) and refuses a document nested deeper than :data:`MAX_DEPTH` levels or
larger than :data:`MAX_BYTES`, before anything is composed. Every refusal is a
:class:`YamlLimitError` (a ``ValueError``) whose message says what is wrong and where; the
caller adds the file name.

The same text is often read again in one process (a content folder copied for a check, a
tree read by ``validate`` and by ``check-tree``): :func:`load_yaml` keeps the data of the
texts it parsed last (at most :data:`MEMO_CHARS` characters in all), keyed by the text
itself, and hands out a deep copy, so a caller that changes what it got changes nothing for
the next one.
"""

from __future__ import annotations

import copy
import threading
from typing import Any

#: Deepest nesting of mappings and sequences accepted. The kit's content and the official
#: decision tree nest at most 8 levels; 64 leaves ample room and stays far from any stack limit.
MAX_DEPTH = 64
#: Largest YAML text accepted (characters). The largest content file is about 0.3 MB.
MAX_BYTES = 8 * 1024 * 1024
#: Most aliases (``*name``) accepted in one document (guards against "billion laughs" blow-up
#: in code that walks the loaded data).
MAX_ALIASES = 100
#: How much parsed text :func:`load_yaml` keeps, in characters (the kit's content and tree
#: are about one million); a longer text is not kept.
MEMO_CHARS = 4 * 1024 * 1024

_memo: dict[str, Any] = {}
_memo_lock = threading.Lock()


class YamlLimitError(ValueError):
    """A YAML text that is too large or too deeply nested to read safely."""


def _loader() -> Any:
    import yaml

    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def check_shape(text: str) -> None:
    """Raise :class:`YamlLimitError` if ``text`` is too large, too deep or has too many aliases.

    Syntax errors found while scanning are left to the loader, which reports them with
    their line and column.
    """
    import yaml

    if len(text) > MAX_BYTES:
        raise YamlLimitError(f"file too large: {len(text)} characters (at most {MAX_BYTES})")
    opening = (
        yaml.BlockMappingStartToken,
        yaml.BlockSequenceStartToken,
        yaml.FlowMappingStartToken,
        yaml.FlowSequenceStartToken,
    )
    closing = (yaml.BlockEndToken, yaml.FlowMappingEndToken, yaml.FlowSequenceEndToken)
    depth = 0
    aliases = 0
    try:
        for token in yaml.scan(text, Loader=_loader()):
            if isinstance(token, opening):
                depth += 1
                if depth > MAX_DEPTH:
                    line = token.start_mark.line + 1
                    raise YamlLimitError(
                        f"nested too deeply: more than {MAX_DEPTH} levels at line {line}"
                    )
            elif isinstance(token, closing):
                depth -= 1
            elif isinstance(token, yaml.AliasToken):
                aliases += 1
                if aliases > MAX_ALIASES:
                    line = token.start_mark.line + 1
                    raise YamlLimitError(f"too many aliases: more than {MAX_ALIASES} (line {line})")
    except yaml.YAMLError:
        return  # a syntax error: the loader reports it with its position


def load_yaml(text: str) -> Any:
    """Parse ``text`` with the safe loader after :func:`check_shape`.

    Raises :class:`YamlLimitError` or ``yaml.YAMLError``.
    """
    with _memo_lock:
        known = text in _memo
        data = _memo.get(text)
    if not known:
        import yaml

        check_shape(text)
        data = yaml.load(text, Loader=_loader())  # noqa: S506 - a safe loader
        if len(text) <= MEMO_CHARS:
            with _memo_lock:
                _memo[text] = data
                total = sum(map(len, _memo))
                while total > MEMO_CHARS:
                    oldest = next(iter(_memo))
                    total -= len(oldest)
                    del _memo[oldest]
    return copy.deepcopy(data)
