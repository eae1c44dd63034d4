"""A small, safe evaluator for the ``if:`` conditions of beslishulp decision trees.

The Dutch *beslishulp AI-verordening* writes its routing conditions in a subset of JEXL, e.g.::

    "aanbieder" in labels && ("AI-systeem" in labels || "GPAI-systeem" in labels)
    !("open-source" in labels) && !("hoog-risico AI" in labels)

Supported (every construct the official tree uses, nothing more):

- string literals in double or single quotes (backslash escapes the next character);
- ``"label" in labels`` -- true when the label was collected;
- ``!`` (not), ``&&`` (and), ``||`` (or) with the usual precedence (! > && > ||);
- parentheses.

The text is tokenised and parsed by recursive descent into a tiny syntax tree; nothing is ever
passed to ``eval``. Anything else (``==``, numbers, other identifiers, a dangling operator)
raises :class:`ConditionError`, which names where the condition came from. So does a
condition nested deeper than :data:`MAX_NESTING` levels of parentheses and ``!``: parsing and
evaluating stay far from Python's recursion limit, whatever a tree file contains.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["Condition", "ConditionError", "parse_condition", "evaluate", "MAX_NESTING"]

#: Deepest nesting accepted in one condition: each ``(`` and each ``!`` opens a level. The
#: official tree and the kit's nest at most 2 levels.
MAX_NESTING = 32
#: Longest condition text quoted in an error message (characters).
_SHOWN = 200


class ConditionError(ValueError):
    """A condition that cannot be parsed. ``where`` says which question/answer it belongs to."""

    def __init__(self, message: str, where: str = "", text: str = "", pos: int | None = None):
        self.where = where
        self.text = text
        self.pos = pos
        at = f" at position {pos + 1}" if pos is not None else ""
        prefix = f"{where}: " if where else ""
        quoted = text if len(text) <= _SHOWN else text[:_SHOWN] + "..."
        shown = f" in condition {quoted!r}" if text else ""
        super().__init__(f"{prefix}{message}{at}{shown}")


# --- tokens ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Token:
    kind: str  # STRING | IDENT | OP | LPAREN | RPAREN | END
    value: str
    pos: int


_OPERATORS = ("&&", "||", "==", "!=", "!")


def _tokenize(text: str, where: str) -> list[_Token]:
    tokens: list[_Token] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isspace():
            i += 1
            continue
        if ch in "\"'":
            quote, start, i = ch, i, i + 1
            chars: list[str] = []
            while i < n and text[i] != quote:
                if text[i] == "\\" and i + 1 < n:
                    i += 1
                chars.append(text[i])
                i += 1
            if i >= n:
                raise ConditionError("unterminated string literal", where, text, start)
            tokens.append(_Token("STRING", "".join(chars), start))
            i += 1
            continue
        if ch == "(":
            tokens.append(_Token("LPAREN", ch, i))
            i += 1
            continue
        if ch == ")":
            tokens.append(_Token("RPAREN", ch, i))
            i += 1
            continue
        op = next((o for o in _OPERATORS if text.startswith(o, i)), None)
        if op is not None:
            tokens.append(_Token("OP", op, i))
            i += len(op)
            continue
        if ch.isalpha() or ch == "_":
            start = i
            while i < n and (text[i].isalnum() or text[i] == "_"):
                i += 1
            tokens.append(_Token("IDENT", text[start:i], start))
            continue
        raise ConditionError(f"unexpected character {ch!r}", where, text, i)
    tokens.append(_Token("END", "", n))
    return tokens


# --- syntax tree ----------------------------------------------------------------------------
@dataclass(frozen=True)
class _Has:
    label: str

    def eval(self, labels: frozenset[str] | set[str]) -> bool:
        return self.label in labels

    def labels(self) -> set[str]:
        return {self.label}


@dataclass(frozen=True)
class _Not:
    operand: _Node

    def eval(self, labels: frozenset[str] | set[str]) -> bool:
        return not self.operand.eval(labels)

    def labels(self) -> set[str]:
        return self.operand.labels()


@dataclass(frozen=True)
class _And:
    operands: tuple[_Node, ...]

    def eval(self, labels: frozenset[str] | set[str]) -> bool:
        return all(o.eval(labels) for o in self.operands)

    def labels(self) -> set[str]:
        return set().union(*(o.labels() for o in self.operands))


@dataclass(frozen=True)
class _Or:
    operands: tuple[_Node, ...]

    def eval(self, labels: frozenset[str] | set[str]) -> bool:
        return any(o.eval(labels) for o in self.operands)

    def labels(self) -> set[str]:
        return set().union(*(o.labels() for o in self.operands))


_Node = _Has | _Not | _And | _Or


class _Parser:
    def __init__(self, text: str, where: str):
        self.text = text
        self.where = where
        self.tokens = _tokenize(text, where)
        self.i = 0
        self.depth = 0  # open parentheses and '!' around the current token

    def enter(self, token: _Token) -> None:
        self.depth += 1
        if self.depth > MAX_NESTING:
            raise self.error(
                f"nested too deeply: more than {MAX_NESTING} levels of '(' and '!'", token
            )

    def error(self, message: str, token: _Token) -> ConditionError:
        return ConditionError(message, self.where, self.text, token.pos)

    @property
    def tok(self) -> _Token:
        return self.tokens[self.i]

    def take(self) -> _Token:
        token = self.tokens[self.i]
        self.i += 1
        return token

    def parse(self) -> _Node:
        if self.tok.kind == "END":
            raise self.error("empty condition", self.tok)
        node = self.parse_or()
        if self.tok.kind != "END":
            raise self.error(f"unexpected {self.describe(self.tok)}", self.tok)
        return node

    def parse_or(self) -> _Node:
        parts = [self.parse_and()]
        while self.tok.kind == "OP" and self.tok.value == "||":
            self.take()
            parts.append(self.parse_and())
        return parts[0] if len(parts) == 1 else _Or(tuple(parts))

    def parse_and(self) -> _Node:
        parts = [self.parse_unary()]
        while self.tok.kind == "OP" and self.tok.value == "&&":
            self.take()
            parts.append(self.parse_unary())
        return parts[0] if len(parts) == 1 else _And(tuple(parts))

    def parse_unary(self) -> _Node:
        nots = 0  # a run of '!' is read in a loop, each one a level of nesting
        while self.tok.kind == "OP" and self.tok.value == "!":
            self.enter(self.take())
            nots += 1
        node = self.parse_primary()
        for _ in range(nots):
            node = _Not(node)
        self.depth -= nots
        return node

    def parse_primary(self) -> _Node:
        token = self.tok
        if token.kind == "LPAREN":
            self.enter(self.take())
            node = self.parse_or()
            if self.tok.kind != "RPAREN":
                raise self.error(f"expected ')' but found {self.describe(self.tok)}", self.tok)
            self.take()
            self.depth -= 1
            return node
        if token.kind == "STRING":
            self.take()
            op = self.tok
            if op.kind == "IDENT" and op.value == "in":
                self.take()
                target = self.tok
                if target.kind == "IDENT" and target.value == "labels":
                    self.take()
                    return _Has(token.value)
                raise self.error(
                    f"only 'labels' can follow 'in', not {self.describe(target)}", target
                )
            if op.kind == "OP" and op.value in ("==", "!="):
                raise self.error(f"unsupported operator '{op.value}'", op)
            raise self.error(
                f"expected 'in labels' after the string, found {self.describe(op)}", op
            )
        if token.kind == "OP" and token.value in ("==", "!="):
            raise self.error(f"unsupported operator '{token.value}'", token)
        raise self.error(f"expected a string, '!' or '(' but found {self.describe(token)}", token)

    @staticmethod
    def describe(token: _Token) -> str:
        if token.kind == "END":
            return "the end of the condition"
        if token.kind == "STRING":
            return f"string {token.value!r}"
        if token.kind == "IDENT":
            return f"identifier '{token.value}'"
        return f"'{token.value}'"


@dataclass(frozen=True)
class Condition:
    """A parsed condition. ``text`` is the source; ``labels`` every label it tests."""

    text: str
    node: _Node

    def __call__(self, labels: Iterable[str]) -> bool:
        return self.node.eval(labels if isinstance(labels, (set, frozenset)) else set(labels))

    @property
    def labels(self) -> frozenset[str]:
        return frozenset(self.node.labels())

    def __str__(self) -> str:
        return self.text


def parse_condition(text: str, where: str = "") -> Condition:
    """Parse ``text``; raise :class:`ConditionError` (naming ``where``) if it is not valid."""
    if not isinstance(text, str):
        raise ConditionError(f"a condition must be a string, not {type(text).__name__}", where)
    return Condition(text, _Parser(text, where).parse())


def evaluate(text: str, labels: Iterable[str], where: str = "") -> bool:
    """Parse and evaluate a condition in one go."""
    return parse_condition(text, where)(labels)
