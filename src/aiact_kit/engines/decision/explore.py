"""Exploring every state a walk through a tree can reach, within fixed limits.

A state is a question with the collected labels that still matter there; walks that differ
only in labels nothing reads any more share their state, which keeps the work bounded. A tree
that needs more than :data:`MAX_STATES` states (or more than the other ``MAX_*`` limits) is
"too complex to check": :func:`explore` raises a clear
:class:`~aiact_kit.engines.decision.model.DecisionTreeError` instead of exhausting memory.
"""

from __future__ import annotations

from collections.abc import KeysView
from dataclasses import dataclass

from aiact_kit.engines.decision.labels import is_meaningful
from aiact_kit.engines.decision.model import DecisionTreeError, Question, Target, Tree

#: Most question states (a question with the collected labels that still matter there) the
#: checker explores before it stops with "tree too complex to check". The kit's tree has
#: about 14,000 such states and the official one about 200; reaching the limit takes a few
#: seconds and about 200 MB.
MAX_STATES = 100_000
#: Most answers followed from those states (a question with many answers multiplies them).
MAX_TRANSITIONS = 1_000_000
#: Most labels held in all those states together (states with many labels weigh more).
MAX_STATE_LABELS = 4_000_000
#: Most (question, label) pairs tracked to know which labels still matter at each question.
MAX_TRACKED_LABELS = 2_000_000

State = tuple[str, frozenset[str]]  # (question id, labels that matter, collected before it)
Edge = tuple[int, str, str, frozenset[str]]  # answer index, kind, target id, labels after


def _too_complex(tree: Tree, what: str) -> DecisionTreeError:
    return DecisionTreeError(
        f"{tree.source}: tree too complex to check: more than {what} (the labels that later "
        "conditions read multiply the states of a walk; read fewer labels in conditions)"
    )


def _strong_components(nodes: list[str], succ: dict[str, list[str]]) -> list[list[str]]:
    """Tarjan's strongly connected components, without recursion; a component comes after
    every component it can reach (sinks first)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    out: list[list[str]] = []
    for root in nodes:
        if root in index:
            continue
        work: list[tuple[str, int]] = [(root, 0)]
        while work:
            v, i = work.pop()
            if i == 0:
                index[v] = low[v] = len(index)
                stack.append(v)
                on_stack.add(v)
            children = succ[v]
            descended = False
            while i < len(children):
                w = children[i]
                i += 1
                if w not in index:
                    work.append((v, i))
                    work.append((w, 0))
                    descended = True
                    break
                if w in on_stack:
                    low[v] = min(low[v], index[w])
            if descended:
                continue
            if low[v] == index[v]:
                comp: list[str] = []
                while True:
                    w = stack.pop()
                    on_stack.discard(w)
                    comp.append(w)
                    if w == v:
                        break
                out.append(comp)
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[v])
    return out


@dataclass
class _Relevance:
    """Which collected labels can still change anything, per question and per conclusion."""

    questions: dict[str, frozenset[str]]  # read by a condition from this question on
    conclusions: dict[str, frozenset[str]]  # read by the conclusion's obligation conditions
    meaningful: frozenset[str]  # labels some answer sets that mean something for outcomes

    def project(self, labels: frozenset[str], kind: str, target: str) -> frozenset[str]:
        if not labels:
            return labels
        pool = self.questions if kind == "question" else self.conclusions
        return (labels & pool.get(target, frozenset())) | (labels & self.meaningful)


def _relevance(tree: Tree) -> _Relevance:
    """The labels that matter at each question: those read by a redirect condition, or by an
    obligation condition of a conclusion, on some route from it (the same for every question
    of a loop), plus the labels meaningful for outcomes everywhere. Labels no answer sets
    never need tracking."""
    set_labels = {label for q in tree.questions.values() for a in q.answers for label in a.labels}
    meaningful = frozenset(label for label in set_labels if is_meaningful(label))
    concl: dict[str, frozenset[str]] = {}
    for c in tree.conclusions.values():
        tests = {lab for cond in c.conditions() for lab in cond.labels}
        concl[c.id] = frozenset(tests & set_labels)
    own: dict[str, frozenset[str]] = {}
    succ: dict[str, list[str]] = {}
    for q in tree.questions.values():
        read: set[str] = set()
        nexts: dict[str, None] = {}
        for a in q.answers:
            routes = [(a.next_question, a.next_conclusion)]
            routes += [(r.next_question, r.next_conclusion) for r in a.redirects]
            for r in a.redirects:
                read |= r.condition.labels
            for nq, nc in routes:
                if nq is not None and nq in tree.questions:
                    nexts[nq] = None
                if nc is not None:
                    read |= concl.get(nc, frozenset())
        own[q.id] = frozenset(read & set_labels)
        succ[q.id] = list(nexts)
    relevant: dict[str, frozenset[str]] = {}
    tracked = 0
    for comp in _strong_components(list(tree.questions), succ):
        members = set(comp)
        parts = [own[qid] for qid in comp]
        parts += [relevant[t] for qid in comp for t in succ[qid] if t not in members]
        parts = [p for p in parts if p]
        merged = max(parts, key=len) if parts else frozenset()
        if any(not p <= merged for p in parts):
            merged = frozenset().union(*parts)
        tracked += len(merged)
        if tracked > MAX_TRACKED_LABELS:
            raise _too_complex(tree, f"{MAX_TRACKED_LABELS} (question, label) pairs to track")
        for qid in comp:
            relevant[qid] = merged
    return _Relevance(relevant, concl, meaningful)


class Exploration:
    """Every state of a walk reachable from the start. A state is a question with the
    collected labels that still matter there (see :func:`_relevance`); walks that differ only
    in labels nothing reads any more share their state, which keeps the work bounded.

    ``edges`` (the answers from each state), ``parent`` (how each state was first reached),
    ``dead_ends``, ``cycle`` (a loop of states, if any), ``reached_questions`` and
    ``reached_conclusions``, ``paths`` (the number of distinct answer sequences that end in a
    conclusion; None with a cycle), ``longest`` (the most questions still to come from each
    state) and ``outcomes`` (the number of distinct end states: a conclusion with the labels
    that matter there). ``terminals`` lists those end states with the full labels collected
    on one example path to each."""

    def __init__(self, questions: dict[str, Question]) -> None:
        self._questions = questions
        self.edges: dict[State, list[Edge]] = {}
        self.parent: dict[State, tuple[State, int] | None] = {}
        self.ends: dict[tuple[str, frozenset[str]], tuple[State, int]] = {}
        self.dead_ends: list[tuple[State, int, str]] = []
        self.cycle: list[State] | None = None
        self.reached_questions: set[str] = set()
        self.reached_conclusions: set[str] = set()
        self.paths: int | None = None
        self.longest: dict[State, int] = {}
        self._full: dict[State, frozenset[str]] = {}
        self._terminals: dict[tuple[str, frozenset[str]], tuple[State, int]] | None = None

    @property
    def states(self) -> KeysView[State]:
        """The question states explored (a set-like view of ``(question id, labels)``)."""
        return self.edges.keys()

    @property
    def outcomes(self) -> int:
        return len(self.ends)

    def full_labels(self, state: State) -> frozenset[str]:
        """All labels collected on the example path to ``state`` (``parent`` links), the
        projected-away ones included."""
        chain: list[tuple[State, int]] = []
        cur: State | None = state
        while cur is not None and cur not in self._full:
            link = self.parent.get(cur)
            if link is None:
                self._full[cur] = frozenset()
                break
            chain.append((cur, link[1]))
            cur = link[0]
        for node, index in reversed(chain):
            prev = self.parent[node]
            assert prev is not None
            added = self._questions[prev[0][0]].answers[index].labels
            self._full[node] = self._full[prev[0]].union(added)
        return self._full[state]

    @property
    def terminals(self) -> dict[tuple[str, frozenset[str]], tuple[State, int]]:
        """Every distinct end state as ``(conclusion id, labels)``: the full labels of one
        example path, reached by answer ``index`` in ``state``."""
        if self._terminals is None:
            out = {}
            for (cid, _key), (state, index) in self.ends.items():
                added = self._questions[state[0]].answers[index].labels
                out[(cid, self.full_labels(state).union(added))] = (state, index)
            self._terminals = out
        return self._terminals


def explore(tree: Tree) -> Exploration:
    """Walk every state reachable from the start, depth first, without recursion: the edges,
    end states, dead ends, a cycle if any, the number of distinct paths and the longest
    remaining walk from each state. Raises :class:`DecisionTreeError` beyond
    :data:`MAX_STATES` states, :data:`MAX_TRANSITIONS` answers or :data:`MAX_STATE_LABELS`
    labels held."""
    rel = _relevance(tree)
    exp = Exploration(tree.questions)
    start: State = (tree.first, frozenset())
    edges, parent, ends, dead = exp.edges, exp.parent, exp.ends, exp.dead_ends
    parent[start] = None
    # the route of an answer only depends on the labels its conditions test
    tested: dict[tuple[str, int], frozenset[str]] = {}
    for q in tree.questions.values():
        for a in q.answers:
            tested[(q.id, a.index)] = frozenset().union(*(r.condition.labels for r in a.redirects))
    routes: dict[tuple[str, int, frozenset[str]], Target] = {}
    transitions = 0
    # one object per distinct label set: states, edges and routes share them (memory)
    interned: dict[frozenset[str], frozenset[str]] = {}
    held = 0

    def intern(labels: frozenset[str]) -> frozenset[str]:
        nonlocal held
        found = interned.get(labels)
        if found is not None:
            return found
        held += len(labels)
        if held > MAX_STATE_LABELS:
            raise _too_complex(tree, f"{MAX_STATE_LABELS} labels held in its states")
        interned[labels] = labels
        return labels

    def expand(state: State) -> list[Edge]:
        nonlocal transitions
        qid, labels = state
        q = tree.questions.get(qid)
        out: list[Edge] = []
        if q is None:
            return out
        exp.reached_questions.add(qid)
        transitions += len(q.answers)
        if transitions > MAX_TRANSITIONS:
            raise _too_complex(tree, f"{MAX_TRANSITIONS} answers to follow")
        for a in q.answers:
            new = labels.union(a.labels) if a.labels else labels
            read = new & tested[(qid, a.index)]
            key = (qid, a.index, intern(read))
            target = routes.get(key)
            if target is None:
                target = routes[key] = tree.route(q, a, new)
            kind, tid = target
            if kind == "question" and tid in tree.questions:
                new = rel.project(new, kind, tid)
                new = intern(new)
                out.append((a.index, kind, tid, new))
                parent.setdefault((tid, new), (state, a.index))
            elif kind == "conclusion" and tid in tree.conclusions:
                new = rel.project(new, kind, tid)
                new = intern(new)
                out.append((a.index, kind, tid, new))
                exp.reached_conclusions.add(tid)
                ends.setdefault((tid, new), (state, a.index))
            elif kind == "dead":
                dead.append((state, a.index, tid))
            # an unresolved id is reported by the static check; the walk stops there
        return out

    # iterative depth-first search: grey = on the stack, black = finished
    color: dict[State, int] = {}
    count: dict[State, int] = {}
    longest = exp.longest
    stack: list[tuple[State, list[State], int]] = []
    path: list[State] = []

    def push(state: State) -> None:
        if len(edges) >= MAX_STATES:
            raise _too_complex(tree, f"{MAX_STATES} states")
        out = edges[state] = expand(state)
        succ = [(t, n) for _i, k, t, n in out if k == "question"]
        color[state] = 1
        path.append(state)
        stack.append((state, succ, 0))

    push(start)
    while stack:
        state, succ, i = stack.pop()
        if i < len(succ):
            stack.append((state, succ, i + 1))
            nxt = succ[i]
            c = color.get(nxt, 0)
            if c == 0:
                push(nxt)
            elif c == 1 and exp.cycle is None:
                exp.cycle = path[path.index(nxt) :] + [nxt]
            continue
        color[state] = 2
        path.pop()
        if exp.cycle is None:
            total, depth = 0, 1
            for _i, kind, target, new in edges[state]:
                if kind == "conclusion":
                    total += 1
                else:
                    total += count[(target, new)]
                    depth = max(depth, 1 + longest[(target, new)])
            count[state] = total
            longest[state] = depth
    exp.paths = count.get(start) if exp.cycle is None else None
    if exp.cycle is not None:
        longest.clear()
    return exp


def explored(tree: Tree) -> Exploration:
    """Every reachable state of a walk through ``tree`` (see :func:`explore`), computed once
    per tree. Raises :class:`DecisionTreeError` (again on each call) when the tree is too
    complex to check within :data:`MAX_STATES` states."""
    if tree._explored is None:
        try:
            tree._explored = explore(tree)
        except DecisionTreeError as exc:
            tree._explored = exc
    if isinstance(tree._explored, DecisionTreeError):
        raise DecisionTreeError(str(tree._explored))
    return tree._explored
