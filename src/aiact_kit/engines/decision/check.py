"""Checking a tree: :func:`check_tree` reports counts and every problem found (unresolved
ids, dead ends, cycles, unreachable nodes, labels tested but never set, unknown obligations
and milestones, missing English, literal dates); :func:`validate_tree` raises on errors.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from aiact_kit.content import Content
from aiact_kit.content.records import DATE_PLACEHOLDER, LITERAL_DATE
from aiact_kit.engines.decision.explore import explored
from aiact_kit.engines.decision.model import DecisionTreeError, Text, Tree
from aiact_kit.engines.decision.paths import path_to


@dataclass(frozen=True)
class Problem:
    severity: str  # error | warning
    code: str
    where: str
    message: str

    def __str__(self) -> str:
        return f"[{self.severity}] {self.code}: {self.where}: {self.message}"


@dataclass
class TreeReport:
    source: str
    questions: int
    conclusions: int
    paths: int | None
    states: int
    outcomes: int  # distinct (conclusion, labels) end states
    problems: list[Problem]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def ok(self) -> bool:
        return not self.problems

    def as_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "questions": self.questions,
            "conclusions": self.conclusions,
            "paths": self.paths,
            "states": self.states,
            "outcomes": self.outcomes,
            "problems": [
                {"severity": p.severity, "code": p.code, "where": p.where, "message": p.message}
                for p in self.problems
            ],
        }


def _texts(tree: Tree) -> Iterator[tuple[str, str, Text]]:
    for q in tree.questions.values():
        yield f"question '{q.id}'", "question", q.text
        yield f"question '{q.id}'", "explanation", q.explanation
        yield f"question '{q.id}'", "subcategory", q.subcategory
        for a in q.answers:
            w = f"question '{q.id}', answer '{a.id}'"
            yield w, "answer", a.text
            if a.subresult is not None:
                yield w, "subresult", a.subresult
            if a.comment is not None:
                yield w, "answerComment", a.comment
        if q.guidance is not None:
            yield f"question '{q.id}'", "guidance.counts", q.guidance.counts
            if q.guidance.not_counts is not None:
                yield f"question '{q.id}'", "guidance.notCounts", q.guidance.not_counts
        if q.arguable is not None:
            yield f"question '{q.id}'", "arguable.reason", q.arguable.reason
    for c in tree.conclusions.values():
        yield f"conclusion '{c.id}'", "conclusion", c.text
        yield f"conclusion '{c.id}'", "obligation", c.obligation
        if c.comment is not None:
            yield f"conclusion '{c.id}'", "conclusionComment", c.comment
        for i, action in enumerate(c.actions):
            yield f"conclusion '{c.id}'", f"actions.{i}.do", action.text
        for ref in c.obligations:
            if ref.caveat is not None:
                yield f"conclusion '{c.id}', obligation '{ref.id}'", "caveat", ref.caveat


def check_tree(tree: Tree, content: Content | None = None) -> TreeReport:
    """Counts (questions, conclusions, distinct paths) and every problem found: unresolved
    ids, dead ends (a walk that reaches no conclusion), cycles, unreachable questions and
    conclusions, labels tested but never set; with ``content``: unknown obligation ids and
    milestones; for kit trees also missing English texts and literal dates.

    The walk is explored state by state, a state keeping only the labels that still matter
    (see :class:`~.explore.Exploration`); a tree with more states than
    :data:`~.explore.MAX_STATES` raises :class:`DecisionTreeError` ("tree too complex to
    check") instead of exhausting memory."""
    problems: list[Problem] = []

    def add(severity: str, code: str, where: str, message: str) -> None:
        problems.append(Problem(severity, code, where, message))

    # static references
    set_labels: set[str] = set()
    tested: dict[str, str] = {}
    for q in tree.questions.values():
        for a in q.answers:
            w = f"question '{q.id}', answer '{a.id}'"
            set_labels |= set(a.labels)
            targets: list[tuple[str, str | None, Mapping[str, object]]] = [
                ("nextQuestionId", a.next_question, tree.questions),
                ("nextConclusionId", a.next_conclusion, tree.conclusions),
            ]
            for j, r in enumerate(a.redirects):
                targets.append((f"redirects.{j}.nextQuestionId", r.next_question, tree.questions))
                targets.append(
                    (f"redirects.{j}.nextConclusionId", r.next_conclusion, tree.conclusions)
                )
                for label in r.condition.labels:
                    tested.setdefault(label, f"{w}: redirect {j}")
            for fname, target, pool in targets:
                if target is not None and target not in pool:
                    kind = "question" if pool is tree.questions else "conclusion"
                    add("error", "unresolved-id", f"{w}: field '{fname}'", f"no {kind} '{target}'")
    for c in tree.conclusions.values():
        for cond in c.conditions():
            for label in cond.labels:
                tested.setdefault(label, f"conclusion '{c.id}'")
    for label, where in sorted(tested.items()):
        if label not in set_labels:
            msg = f"label '{label}' is tested but no answer sets it"
            add("warning", "label-never-set", where, msg)

    # walking every label state
    exp = explored(tree)
    if exp.cycle is not None:
        chain = " -> ".join(f"'{s[0]}'" for s in exp.cycle)
        add("error", "cycle", f"question '{exp.cycle[0][0]}'", f"the walk can loop: {chain}")
    seen_dead: set[tuple[str, int]] = set()
    for state, index, reason in exp.dead_ends:
        key = (state[0], index)
        if key in seen_dead:
            continue
        seen_dead.add(key)
        # the state keeps only the labels that matter; name all of the example path's labels
        q = tree.questions[state[0]]
        answer = q.answers[index]
        kind, why = tree.route(q, answer, exp.full_labels(state).union(answer.labels))
        reason = why if kind == "dead" else reason
        example = path_to(exp, state) + [(state[0], index)]
        shown = ", ".join(f"{qid}#{i}" for qid, i in example)
        add("error", "dead-end", f"question '{state[0]}'", f"{reason} (e.g. path {shown})")
    for qid in tree.questions:
        if qid not in exp.reached_questions:
            add("warning", "unreachable-question", f"question '{qid}'", "no walk reaches it")
    for cid in tree.conclusions:
        if cid not in exp.reached_conclusions:
            add("warning", "unreachable-conclusion", f"conclusion '{cid}'", "no walk reaches it")

    # content references and texts
    if content is not None:
        known = set(content.items.get("obligations", {}))
        milestones = set(content.items.get("timeline", {}))
        glossary = set(content.items.get("glossary", {}))
        nodes = [(q.id, q.terms) for q in tree.questions.values()]
        nodes += [(c.id, c.terms) for c in tree.conclusions.values()]
        for node_id, terms in nodes:
            for term in terms:
                if term not in glossary:
                    msg = f"no glossary term '{term}'"
                    add("error", "unknown-term", f"'{node_id}': field 'terms'", msg)
        for c in tree.conclusions.values():
            for fact in c.facts:
                if not any(fact in items for items in content.items.values()):
                    msg = f"no content item '{fact}'"
                    add("error", "unknown-fact", f"conclusion '{c.id}': field 'facts'", msg)
            for i, ref in enumerate(c.obligations):
                if ref.id not in known:
                    add(
                        "error",
                        "unknown-obligation",
                        f"conclusion '{c.id}': field 'obligations.{i}'",
                        f"no obligation '{ref.id}' in the catalogue",
                    )
        for where, fname, text in _texts(tree):
            for lang, value in (("nl", text.nl), ("en", text.en)):
                if value is None:
                    continue
                for m in DATE_PLACEHOLDER.finditer(value):
                    if m.group("id") not in milestones:
                        add(
                            "error",
                            "unknown-milestone",
                            f"{where}: field '{fname}'",
                            f"unknown milestone '{m.group('id')}' ({lang})",
                        )
    if tree.kit:
        for where, fname, text in _texts(tree):
            if text.nl.strip() and (text.en is None or not text.en.strip()):
                add("error", "missing-translation", f"{where}: field '{fname}_en'", "no English")
            for lang, value in (("nl", text.nl), ("en", text.en)):
                lit = LITERAL_DATE.search(value or "")
                if lit:
                    add(
                        "error",
                        "literal-date",
                        f"{where}: field '{fname}'",
                        f"literal date '{lit.group(0)}' ({lang}); use {{date:<milestone-id>}}",
                    )
        for c in tree.conclusions.values():
            if c.risk_group is None or c.applies is None:
                msg = "needs riskGroup and applies"
                add("error", "missing-outcome", f"conclusion '{c.id}'", msg)
    return TreeReport(
        source=tree.source,
        questions=len(tree.questions),
        conclusions=len(tree.conclusions),
        paths=exp.paths,
        states=len(exp.states),
        outcomes=exp.outcomes,
        problems=problems,
    )


def validate_tree(tree: Tree, content: Content | None = None) -> TreeReport:
    """Raise :class:`DecisionTreeError` listing every *error* of :func:`check_tree`."""
    report = check_tree(tree, content)
    if report.errors:
        lines = [f"{tree.source}: {len(report.errors)} error(s) in the decision tree:"]
        lines += [f"  - {p.where}: {p.message} [{p.code}]" for p in report.errors]
        raise DecisionTreeError("\n".join(lines))
    return report
