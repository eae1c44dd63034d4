"""Forks that depend on interpretation: where a walk passed a question marked ``arguable``,
:func:`arguable_forks` gives the outcome of every other defensible answer, so a conclusion can
show both outcomes and which answer leads where; :func:`replay` is the walk with one answer
changed (also used to check the arguable cases).

The other answer is followed by the answers the learner gave to the same questions later on;
where the other route asks a question the learner never answered, the alternative stops there
(``open_question``) instead of guessing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from aiact_kit.content import Content
from aiact_kit.engines.decision.model import Answer, DecisionTreeError, Question, Tree
from aiact_kit.engines.decision.outcome import Outcome
from aiact_kit.engines.decision.session import Session


@dataclass(frozen=True)
class Alternative:
    """Another defensible answer at a fork, and where it leads: an outcome, or the first
    question on its route that the learner has not answered."""

    answer: Answer
    outcome: Outcome | None
    open_question: Question | None


@dataclass(frozen=True)
class Fork:
    """An arguable question on the walk, the answer given, and the alternatives."""

    question: Question
    chosen: Answer
    alternatives: tuple[Alternative, ...]


def replay(
    tree: Tree,
    steps: Sequence[tuple[str, str]],
    fork: str,
    answer: str,
    content: Content | None = None,
) -> Session:
    """The walk of ``steps`` (question id, answer id) with the answer at question ``fork``
    replaced by ``answer``; later questions take the answer ``steps`` gives them, and the walk
    stops at the first question ``steps`` does not answer."""
    ids = [q for q, _a in steps]
    if fork not in ids:
        raise ValueError(f"the walk does not pass question '{fork}'")
    at = ids.index(fork)
    session = Session(tree, content)
    session.follow(list(steps[:at]))
    session.answer(answer)
    later = dict(steps[at + 1 :])
    asked: set[str] = set()
    while not session.done:
        q = session.current
        assert q is not None
        if q.id not in later or q.id in asked:
            break
        asked.add(q.id)
        session.answer(later[q.id])
    return session


def arguable_forks(session: Session, version: str = "amended") -> list[Fork]:
    """Every arguable question the walk passed (whose ``if`` holds over the labels collected),
    with the outcome of each other answer."""
    steps = session.answer_path()
    held = frozenset(session.labels)
    out = []
    for qid, aid in steps:
        q = session.tree.question(qid)
        if q.arguable is None or aid not in q.arguable.answers:
            continue
        if q.arguable.condition is not None and not q.arguable.condition(held):
            continue  # open only for walks like this one (e.g. systems that affect people)
        alternatives = []
        for other in q.arguable.answers:
            if other == aid:
                continue
            try:
                alt = replay(session.tree, steps, qid, other, session.content)
            except (ValueError, DecisionTreeError):
                continue
            if alt.done:
                alternatives.append(Alternative(q.answer(other), alt.outcome(version), None))
            else:
                alternatives.append(Alternative(q.answer(other), None, alt.current))
        out.append(Fork(q, q.answer(aid), tuple(alternatives)))
    return out
