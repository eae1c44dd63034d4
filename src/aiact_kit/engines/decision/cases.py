"""The decision exercise cases against the tree: :func:`case_problems` lists every
difference between what a case expects and what its answer path reaches; :func:`case_ids`;
grading a learner's prediction of a case (:func:`grade_prediction`, :func:`divergence`).
"""

from __future__ import annotations

from typing import Any

from aiact_kit.content import Content, default_content
from aiact_kit.content.records import roles_key
from aiact_kit.engines.decision.forks import replay
from aiact_kit.engines.decision.model import DecisionTreeError, Tree
from aiact_kit.engines.decision.parse import default_tree
from aiact_kit.engines.decision.session import walk


def case_problems(case: Any, tree: Tree | None = None, content: Content | None = None) -> list[str]:
    """Every difference between what a case expects and what its answer path reaches in the
    tree (empty when the case is right)."""
    tree = tree or default_tree()
    content = content or default_content()
    steps = [(s.question, s.answer) for s in case.answer_path]
    try:
        session = walk(tree, steps, content)
    except (ValueError, DecisionTreeError) as exc:
        return [f"case '{case.id}': answer_path: {exc}"]
    if not session.done:
        q = session.current
        assert q is not None
        return [f"case '{case.id}': answer_path stops at question '{q.id}' before a conclusion"]
    out = session.outcome()
    exp = case.expected
    problems = []

    def differ(field: str, expected: Any, actual: Any) -> None:
        problems.append(
            f"case '{case.id}': expected.{field} is {expected!r} but the tree gives {actual!r}"
        )

    if out.conclusion.id != exp.conclusion:
        differ("conclusion", exp.conclusion, out.conclusion.id)
    if out.applies != exp.applies:
        differ("applies", exp.applies, out.applies)
    if set(out.roles) != set(exp.roles):
        differ("roles", sorted(exp.roles), sorted(out.roles))
    if out.risk_group != exp.risk_group:
        differ("risk_group", exp.risk_group, out.risk_group)
    if set(out.points) != set(exp.points):
        differ("points", sorted(exp.points), sorted(out.points))
    if set(out.obligation_ids) != {str(o) for o in exp.obligations}:
        missing = sorted({str(o) for o in exp.obligations} - set(out.obligation_ids))
        extra = sorted(set(out.obligation_ids) - {str(o) for o in exp.obligations})
        problems.append(
            f"case '{case.id}': expected.obligations differ: "
            f"missing {missing}, not expected {extra}"
        )
    start = out.first_milestone(content)
    if start != (str(exp.start) if exp.start is not None else None):
        differ("start", exp.start, start)
    if getattr(case, "arguable", None) is not None:
        problems += _arguable_problems(case, tree, content, steps)
    return problems


def _arguable_problems(
    case: Any, tree: Tree, content: Content, steps: list[tuple[str, str]]
) -> list[str]:
    """What differs between an arguable case's other outcome and the tree's."""
    arg = case.arguable
    where = f"case '{case.id}': arguable"
    question = tree.questions.get(arg.fork)
    if question is None or question.arguable is None:
        return [f"{where}.fork: question '{arg.fork}' is not an arguable question of the tree"]
    if arg.alternative.answer not in question.arguable.answers:
        return [f"{where}.alternative.answer: not an arguable answer of '{arg.fork}'"]
    try:
        extra = [(s.question, s.answer) for s in arg.alternative.extra]
        alt = replay(tree, steps + extra, arg.fork, arg.alternative.answer, content)
    except (ValueError, DecisionTreeError) as exc:
        return [f"{where}: {exc}"]
    if not alt.done:
        return [
            f"{where}: the other answer needs question '{alt.current.id if alt.current else ''}'"
        ]
    out = alt.outcome()
    exp = arg.alternative
    problems = []
    if out.conclusion.id != exp.conclusion:
        problems.append(
            f"{where}.alternative.conclusion is {exp.conclusion!r}, "
            f"tree gives {out.conclusion.id!r}"
        )
    if set(out.roles) != set(exp.roles):
        problems.append(
            f"{where}.alternative.roles is {sorted(exp.roles)}, tree gives {sorted(out.roles)}"
        )
    if set(out.obligation_ids) != {str(o) for o in exp.obligations}:
        missing = sorted({str(o) for o in exp.obligations} - set(out.obligation_ids))
        unexpected = sorted(set(out.obligation_ids) - {str(o) for o in exp.obligations})
        problems.append(
            f"{where}.alternative.obligations differ: missing {missing}, not expected {unexpected}"
        )
    return problems


def case_ids(content: Content | None = None) -> list[str]:
    """Ids of the decision exercise cases, in file order."""
    content = content or default_content()
    return [case.id for case in content.kind("cases")]


# --- grading a learner's prediction of a case --------------------------------------------------
def grade_prediction(case: Any, risk_group: str, roles: str) -> dict[str, Any]:
    """How a prediction (a risk group and a role choice key) compares with what the case
    expects: each part right or wrong, both right, and the score (half a point a part)."""
    expected = case.expected
    risk_ok = risk_group == expected.risk_group
    roles_ok = roles == roles_key(expected.roles)
    return {
        "risk_group": risk_ok,
        "roles": roles_ok,
        "correct": risk_ok and roles_ok,
        "score": (risk_ok + roles_ok) / 2,
    }


def divergence(case: Any, walked: list[tuple[str, str]]) -> str | None:
    """The id of the first question where a walk (question id, answer id pairs) left the
    case's answer path, or None when it did not."""
    for i, step in enumerate(case.answer_path):
        if i >= len(walked) or walked[i] != (step.question, step.answer):
            return str(step.question)
    return None
