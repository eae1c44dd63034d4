"""The decision tree as data: texts, questions with their answers and routes, conclusions.

A :class:`Tree` is what :func:`~aiact_kit.engines.decision.parse.parse_tree` builds from a
file in the beslishulp format; it knows where an answer leads (:meth:`Tree.route`), how many
questions may still follow (:meth:`Tree.longest_from`) and, computed once on demand, every
state a walk can reach (:func:`~.explore.explored`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from aiact_kit.content.vocabulary import check_lang
from aiact_kit.engines.decision.conditions import Condition

if TYPE_CHECKING:  # explore imports this module
    from aiact_kit.engines.decision.explore import Exploration

#: Where an answer leads: ``("question" | "conclusion", id)`` or ``("dead", reason)``.
Target = tuple[str, str]


class DecisionTreeError(ValueError):
    """A malformed tree (or a walk that cannot continue). The message names the file, the
    question or conclusion, the answer and the field."""


@dataclass(frozen=True)
class Text:
    """A tree text: Dutch (always) and English (kit extension; falls back to Dutch)."""

    nl: str
    en: str | None = None

    def get(self, lang: str = "nl") -> str:
        check_lang(lang)
        return self.en if lang == "en" and self.en is not None else self.nl

    def __bool__(self) -> bool:
        return bool(self.nl.strip())


@dataclass(frozen=True)
class Source:
    source: str
    url: str | None = None


@dataclass(frozen=True)
class Redirect:
    condition: Condition
    next_question: str | None
    next_conclusion: str | None


@dataclass(frozen=True)
class Answer:
    index: int
    id: str
    text: Text
    labels: tuple[str, ...]
    next_question: str | None
    next_conclusion: str | None
    redirects: tuple[Redirect, ...]
    subresult: Text | None
    comment: Text | None
    citations: tuple[str, ...]


@dataclass(frozen=True)
class Guidance:
    """Help shown *before* answering (kit extension ``guidance``): what counts, with short
    examples, and what does not count, with examples; cited."""

    counts: Text
    not_counts: Text | None
    citations: tuple[str, ...]


@dataclass(frozen=True)
class Arguable:
    """A fork where the law itself is open (kit extension ``arguable``): why, and the answers
    that are each defensible. A conclusion reached through it shows the outcome of each."""

    reason: Text
    answers: tuple[str, ...]
    # shown at a conclusion only when this holds over the labels collected (None: always)
    condition: Condition | None = None


@dataclass(frozen=True)
class Question:
    id: str
    text: Text
    explanation: Text
    category: str
    subcategory: Text
    sources: tuple[Source, ...]
    answers: tuple[Answer, ...]
    citations: tuple[str, ...]
    guidance: Guidance | None = None
    arguable: Arguable | None = None
    terms: tuple[str, ...] = ()  # glossary ids of the jargon it uses

    def answer(self, choice: int | str) -> Answer:
        """The answer at position ``choice`` (int) or with answer id ``choice`` (str)."""
        if isinstance(choice, bool):
            raise ValueError(f"question '{self.id}': an answer is an index or an answer id")
        if isinstance(choice, int):
            if 0 <= choice < len(self.answers):
                return self.answers[choice]
            raise ValueError(
                f"question '{self.id}' has answers 0..{len(self.answers) - 1}, not {choice}"
            )
        for a in self.answers:
            if a.id == choice:
                return a
        ids = ", ".join(a.id for a in self.answers)
        raise ValueError(f"question '{self.id}' has no answer {choice!r} (answers: {ids})")


@dataclass(frozen=True)
class ObligationRef:
    """An obligation of a conclusion: listed when ``condition`` holds (always without one);
    ``caveat`` ("applies if ...") is shown with it when the answers cannot tell whether its
    own condition is met, i.e. when ``caveat_if`` holds (always without one)."""

    id: str
    condition: Condition | None = None
    caveat: Text | None = None
    caveat_if: Condition | None = None


@dataclass(frozen=True)
class Action:
    """A first action of a conclusion ("What to do now"), shown when ``condition`` holds."""

    text: Text
    condition: Condition | None = None


@dataclass(frozen=True)
class Conclusion:
    id: str
    text: Text
    obligation: Text
    comment: Text | None
    sources: tuple[Source, ...]
    citations: tuple[str, ...]
    obligations: tuple[ObligationRef, ...]
    risk_group: str | None
    applies: bool | None
    actions: tuple[Action, ...] = ()
    facts: tuple[str, ...] = ()  # content item ids whose text the conclusion shows
    terms: tuple[str, ...] = ()  # glossary ids of the jargon it uses

    def conditions(self) -> list[Condition]:
        """Every condition the conclusion reads (obligations, caveats, first actions)."""
        out = [c for r in self.obligations for c in (r.condition, r.caveat_if) if c is not None]
        return out + [a.condition for a in self.actions if a.condition is not None]


@dataclass
class Tree:
    version: str
    name: Text
    questions: dict[str, Question]
    conclusions: dict[str, Conclusion]
    first: str
    source: str = "<tree>"
    kit: bool = False
    _explored: Exploration | DecisionTreeError | None = field(
        default=None, repr=False, compare=False
    )
    _longest: dict[str, int] = field(default_factory=dict, repr=False, compare=False)

    def question(self, qid: str) -> Question:
        try:
            return self.questions[qid]
        except KeyError:
            raise DecisionTreeError(f"{self.source}: no question '{qid}'") from None

    def conclusion(self, cid: str) -> Conclusion:
        try:
            return self.conclusions[cid]
        except KeyError:
            raise DecisionTreeError(f"{self.source}: no conclusion '{cid}'") from None

    def route(self, question: Question, answer: Answer, labels: frozenset[str]) -> Target:
        """Where ``answer`` leads from ``question`` with ``labels`` (already including the
        answer's own labels): ``("question"|"conclusion", id)`` or ``("dead", reason)``."""
        if answer.next_question is not None:
            return ("question", answer.next_question)
        if answer.next_conclusion is not None:
            return ("conclusion", answer.next_conclusion)
        for r in answer.redirects:
            if r.condition(labels):
                if r.next_question is not None:
                    return ("question", r.next_question)
                return ("conclusion", r.next_conclusion or "")
        shown = ", ".join(sorted(labels)) or "(none)"
        return (
            "dead",
            f"question '{question.id}', answer '{answer.id}': no redirect condition holds "
            f"for labels [{shown}]",
        )

    def longest_from(self, qid: str) -> int:
        """The most questions on any route from ``qid`` to a conclusion, on the question graph
        (every redirect target counts; a route back to a question on the way counts 0).

        A depth-first search with an explicit stack (a chain of thousands of questions needs
        no recursion); each question is finished once and remembered."""
        memo = self._longest
        if qid in memo:
            return memo[qid]
        if qid not in self.questions:
            return 0

        def targets(node: str) -> list[str]:
            out: list[str] = []
            for a in self.questions[node].answers:
                out += [t for t in [a.next_question, *(r.next_question for r in a.redirects)] if t]
            return out

        on_path = {qid}
        stack: list[list[Any]] = [[qid, targets(qid), 0, 0]]  # node, targets, next, best
        while stack:
            frame = stack[-1]
            node, succ, i = frame[0], frame[1], frame[2]
            if i < len(succ):
                frame[2] = i + 1
                t = succ[i]
                if t in memo:
                    frame[3] = max(frame[3], memo[t])
                elif t not in on_path and t in self.questions:
                    on_path.add(t)
                    stack.append([t, targets(t), 0, 0])
                continue
            stack.pop()
            on_path.discard(node)
            memo[node] = 1 + frame[3]
            if stack:
                stack[-1][3] = max(stack[-1][3], memo[node])
        return memo[qid]
