"""Complete walks through a tree, read from its explored state space: every distinct path
(:func:`iter_paths`) and every distinct end state with an example path (:func:`terminal_states`).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from aiact_kit.engines.decision.explore import Exploration, State, explored
from aiact_kit.engines.decision.model import DecisionTreeError, Tree


def path_to(exp: Exploration, state: State) -> list[tuple[str, int]]:
    """The answers (question id, answer index) of the example path that first reached
    ``state``."""
    steps: list[tuple[str, int]] = []
    cur = exp.parent.get(state)
    while cur is not None:
        prev, index = cur
        steps.append((prev[0], index))
        cur = exp.parent.get(prev)
    return list(reversed(steps))


@dataclass(frozen=True)
class PathResult:
    """One complete walk: the answers given (question id, answer index), the labels collected
    and the conclusion reached."""

    steps: tuple[tuple[str, int], ...]
    labels: frozenset[str]
    conclusion: str


def iter_paths(tree: Tree) -> Iterator[PathResult]:
    """Every distinct walk from the first question to a conclusion (depth first), with all
    the labels it collects. Raises :class:`DecisionTreeError` if the tree has a cycle."""
    exp = explored(tree)
    if exp.cycle is not None:
        raise DecisionTreeError(f"{tree.source}: the tree has a cycle; paths are unbounded")
    start: State = (tree.first, frozenset())
    Frame = tuple[State, tuple[tuple[str, int], ...], frozenset[str]]
    stack: list[Frame] = [(start, (), frozenset())]
    while stack:
        state, steps, labels = stack.pop()
        answers = tree.questions[state[0]].answers
        for index, kind, target, new in reversed(exp.edges[state]):
            step = steps + ((state[0], index),)
            added = answers[index].labels
            collected = labels.union(added) if added else labels
            if kind == "conclusion":
                yield PathResult(step, collected, target)
            else:
                stack.append(((target, new), step, collected))


def terminal_states(tree: Tree) -> dict[tuple[str, frozenset[str]], list[tuple[str, int]]]:
    """Every distinct end state a walk can reach -- a conclusion with the labels that matter
    for it (read by its obligation conditions or meaningful for outcomes) -- keyed by
    ``(conclusion id, labels)`` with all the labels of one example path, and that path."""
    exp = explored(tree)
    out = {}
    for key, (state, index) in exp.terminals.items():
        out[key] = path_to(exp, state) + [(state[0], index)]
    return out
