"""One learner's walk through a tree (:class:`Session`): the current question, the answers
given, the labels collected, back and restart, progress, and the outcome at a conclusion.
"""

from __future__ import annotations

from dataclasses import dataclass

from aiact_kit.content import Content, default_content
from aiact_kit.content.htmltext import sanitize, to_text
from aiact_kit.engines.decision.model import (
    Answer,
    Conclusion,
    DecisionTreeError,
    Question,
    Text,
    Tree,
)
from aiact_kit.engines.decision.outcome import Outcome, compute_outcome
from aiact_kit.engines.decision.parse import default_tree


@dataclass(frozen=True)
class Step:
    """One answered question: what was asked, the answer, and the labels before it."""

    question_id: str
    answer_index: int
    answer_id: str
    labels_before: tuple[str, ...]


class Session:
    """One learner's walk through a tree: current question, answers, labels, history.

    ``answer(choice)`` moves on (``choice`` is an answer index or answer id), ``back()``
    restores the exact state before the last answer, ``restart()`` starts again."""

    def __init__(self, tree: Tree | None = None, content: Content | None = None):
        self.tree = tree or default_tree()
        self._content = content
        self.restart()

    @property
    def content(self) -> Content:
        return self._content or default_content()

    def restart(self) -> None:
        self._node: tuple[str, str] = ("question", self.tree.first)
        self._labels: tuple[str, ...] = ()
        self.history: list[Step] = []

    # state
    @property
    def labels(self) -> tuple[str, ...]:
        """Labels collected so far, in the order they were added."""
        return self._labels

    @property
    def done(self) -> bool:
        return self._node[0] == "conclusion"

    @property
    def current(self) -> Question | None:
        return self.tree.question(self._node[1]) if not self.done else None

    @property
    def conclusion(self) -> Conclusion | None:
        return self.tree.conclusion(self._node[1]) if self.done else None

    def path(self) -> list[tuple[Question, Answer]]:
        """The questions answered so far with the answers chosen."""
        out = []
        for s in self.history:
            q = self.tree.question(s.question_id)
            out.append((q, q.answers[s.answer_index]))
        return out

    def answer_path(self) -> list[tuple[str, str]]:
        """The walk so far as (question id, answer id) pairs (the format of case paths)."""
        return [(s.question_id, s.answer_id) for s in self.history]

    # moves
    def answer(self, choice: int | str) -> None:
        q = self.current
        if q is None:
            raise ValueError("the walk has reached a conclusion; go back or restart")
        a = q.answer(choice)
        labels = frozenset(self._labels) | frozenset(a.labels)
        kind, target = self.tree.route(q, a, labels)
        if kind == "dead":
            raise DecisionTreeError(f"{self.tree.source}: {target}")
        pool = self.tree.questions if kind == "question" else self.tree.conclusions
        if target not in pool:
            raise DecisionTreeError(
                f"{self.tree.source}: question '{q.id}', answer '{a.id}': no {kind} '{target}'"
            )
        self.history.append(Step(q.id, a.index, a.id, self._labels))
        self._labels = self._labels + tuple(x for x in a.labels if x not in self._labels)
        self._node = (kind, target)

    def back(self) -> bool:
        """Undo the last answer; False when there is nothing to undo."""
        if not self.history:
            return False
        last = self.history.pop()
        self._node = ("question", last.question_id)
        self._labels = last.labels_before
        return True

    def follow(self, steps: list[tuple[str, str | int]]) -> None:
        """Answer a sequence of (question id, answer id or index) from the current question;
        each question id must be the one being asked."""
        for qid, choice in steps:
            q = self.current
            if q is None:
                raise ValueError(f"the walk already ended before question '{qid}'")
            if q.id != qid:
                raise ValueError(f"expected question '{qid}' but the tree asks '{q.id}'")
            self.answer(choice)

    # progress and result
    def progress(self) -> float:
        """Fraction of the walk done: answered / (answered + the most questions that may still
        follow). Never decreases when answering (the estimate is an upper bound)."""
        if self.done:
            return 1.0
        answered = len(self.history)
        return answered / (answered + self.remaining())

    def remaining(self) -> int:
        """The most questions that may still follow, including the current one (estimated on
        the question graph, ignoring labels)."""
        if self.done:
            return 0
        return self.tree.longest_from(self._node[1])

    def outcome(self, version: str = "amended") -> Outcome:
        if not self.done:
            raise ValueError("no conclusion yet: answer the remaining questions first")
        return compute_outcome(self.tree, self._node[1], self._labels, self.content, version)

    def text(self, text: Text | None, lang: str = "nl", html: bool = True) -> str:
        """A tree text in ``lang`` with date references filled in, as sanitised HTML (or
        plain text with ``html=False``)."""
        if text is None:
            return ""
        raw = self.content.render(text.get(lang), lang)
        return sanitize(raw) if html else to_text(raw)


def walk(tree: Tree, steps: list[tuple[str, str | int]], content: Content | None = None) -> Session:
    """A session after answering ``steps`` (question id, answer id) from the start."""
    session = Session(tree, content)
    session.follow(steps)
    return session
