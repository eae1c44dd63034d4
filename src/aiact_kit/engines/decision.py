"""The decision-aid engine: load a decision tree in the *beslishulp* format, walk it, check it.

Pure Python (no ipywidgets). The format is the one of the Dutch government's *beslishulp
AI-verordening* (``decision-tree.yaml``), so the official tree runs here unchanged:

- top level: ``version``, ``name``, ``questions``, ``conclusions``; the first question starts;
- question: ``questionId``, ``question``, ``explanation``, ``category``, ``subcategory``,
  ``sources`` (``source``, ``url``), ``answers``;
- answer: ``answer``, optional ``labels`` (added to the collected labels), ``subresult``,
  ``answerComment``, and exactly one of ``nextQuestionId``, ``nextConclusionId`` or
  ``redirects`` (a list of ``{if, nextQuestionId | nextConclusionId}``; the first whose
  condition holds, evaluated *after* the answer's labels were added, is followed);
- conclusion: ``conclusionId``, ``conclusion``, ``obligation``, ``sources``,
  ``conclusionComment``.

Texts may contain a little HTML; see :mod:`aiact_kit.content.htmltext`. Conditions are parsed by
:mod:`aiact_kit.engines.conditions` (never ``eval``).

**The kit's extension** (extra optional keys; a tree that uses them still validates against
the upstream JSON Schema, which allows extra keys):

- English text beside every Dutch text, as a sibling key with suffix ``_en``: ``name_en``,
  ``question_en``, ``explanation_en``, ``subcategory_en``, ``answer_en``, ``subresult_en``,
  ``answerComment_en``, ``conclusion_en``, ``obligation_en``, ``conclusionComment_en``. (The
  plain keys stay Dutch strings, as upstream; a missing English text falls back to Dutch.)
  Text may refer to dates as ``{date:<milestone-id>}``; literal dates are not allowed.
- ``answerId`` on answers: a stable id (``[a-z0-9._-]``) used by case answer paths. Without
  it an answer's id is its position (``"0"``, ``"1"``, ...).
- ``citations`` (kit citation strings) on questions, answers and conclusions.
- on conclusions: ``obligations`` -- ids into the obligations catalogue, each a string or
  ``{id, if}`` with a condition over the labels; ``riskGroup`` (see :data:`RISK_GROUPS`) and
  ``applies`` (does the AI Act apply at all?).
- top level ``extension: aiact-kit`` marks a kit tree: unknown keys are then errors (typos
  are caught) and every text needs its English version.

**Label conventions** used to compute dates (:func:`obligation_timing`): ``annex-i`` (high-risk
via Annex I), ``public-authority`` (intended to be used by a public authority), and
``before:<milestone-id>`` (placed on the market or put into service before that milestone).
Role labels (``provider``, ``deployer``, ``importer``, ``distributor``, or the Dutch labels
of the official tree) select which obligations of a conclusion apply to the user.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from aiact_kit.content import CONTENT_DIR, Content, cached_object, default_content
from aiact_kit.content.citations import CitationError, parse_citation
from aiact_kit.content.htmltext import sanitize, to_text
from aiact_kit.content.records import (
    DATE_PLACEHOLDER,
    ID_PATTERN,
    LITERAL_DATE,
    OUTCOME_RISK_GROUPS,
)
from aiact_kit.content.vocabulary import check_lang
from aiact_kit.engines.conditions import Condition, ConditionError, parse_condition

if TYPE_CHECKING:  # annotations only: app kernels never import the pydantic schema
    from aiact_kit.content.schema.base import I18n

TREES_DIR = CONTENT_DIR / "trees"
DEFAULT_TREE = TREES_DIR / "aiact-kit.yaml"
KIT_EXTENSION = "aiact-kit"

ANNEX_I_LABEL = "annex-i"
PUBLIC_LABEL = "public-authority"
BEFORE_PREFIX = "before:"
ROLE_LABELS = {
    "provider": "provider",
    "deployer": "deployer",
    "importer": "importer",
    "distributor": "distributor",
    "aanbieder": "provider",
    "gebruiksverantwoordelijke": "deployer",
    "importeur": "importer",
    "distributeur": "distributor",
}
ROLE_ORDER = ("provider", "deployer", "importer", "distributor")
RISK_GROUPS = OUTCOME_RISK_GROUPS

__all__ = [
    "DecisionTreeError",
    "Text",
    "Source",
    "Redirect",
    "Answer",
    "Question",
    "ObligationRef",
    "Conclusion",
    "Tree",
    "load_tree",
    "parse_tree",
    "default_tree",
    "Session",
    "Step",
    "ObligationTiming",
    "DateGroup",
    "Outcome",
    "obligation_timing",
    "compute_outcome",
    "PathResult",
    "iter_paths",
    "terminal_states",
    "Problem",
    "TreeReport",
    "check_tree",
    "validate_tree",
    "roles_of",
    "walk",
    "case_problems",
    "case_ids",
]


class DecisionTreeError(ValueError):
    """A malformed tree (or a walk that cannot continue). The message names the file, the
    question or conclusion, the answer and the field."""


# --- model -----------------------------------------------------------------------------------
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
class Question:
    id: str
    text: Text
    explanation: Text
    category: str
    subcategory: Text
    sources: tuple[Source, ...]
    answers: tuple[Answer, ...]
    citations: tuple[str, ...]

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
    id: str
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


@dataclass
class Tree:
    version: str
    name: Text
    questions: dict[str, Question]
    conclusions: dict[str, Conclusion]
    first: str
    source: str = "<tree>"
    kit: bool = False
    _explored: Any = field(default=None, repr=False, compare=False)
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

    def route(self, question: Question, answer: Answer, labels: frozenset[str]) -> _Target:
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

    def explored(self) -> _Exploration:
        """Every reachable state of a walk (see :func:`_explore`), computed once. Raises
        :class:`DecisionTreeError` (again on each call) when the tree is too complex to
        check within :data:`MAX_STATES` states."""
        if self._explored is None:
            try:
                self._explored = _explore(self)
            except DecisionTreeError as exc:
                self._explored = exc
        if isinstance(self._explored, DecisionTreeError):
            raise DecisionTreeError(str(self._explored))
        return self._explored


_Target = tuple[str, str]


# --- loading ---------------------------------------------------------------------------------
_TOP_KEYS = {"version", "name", "questions", "conclusions"}
_TOP_EXT = {"name_en", "extension", "description"}
_Q_KEYS = {
    "questionId",
    "question",
    "explanation",
    "category",
    "subcategory",
    "sources",
    "description",
    "answers",
}
_Q_EXT = {"question_en", "explanation_en", "subcategory_en", "citations"}
_A_KEYS = {
    "answer",
    "labels",
    "nextQuestionId",
    "nextConclusionId",
    "redirects",
    "subresult",
    "answerComment",
}
_A_EXT = {"answerId", "answer_en", "subresult_en", "answerComment_en", "citations"}
_R_KEYS = {"if", "nextQuestionId", "nextConclusionId"}
_C_KEYS = {"conclusionId", "conclusion", "obligation", "sources", "conclusionComment"}
_C_EXT = {
    "conclusion_en",
    "obligation_en",
    "conclusionComment_en",
    "citations",
    "obligations",
    "riskGroup",
    "applies",
}


class _Ctx:
    def __init__(self, source: str, strict: bool):
        self.source = source
        self.strict = strict

    def fail(self, where: str, message: str) -> DecisionTreeError:
        return DecisionTreeError(f"{self.source}: {where}: {message}")

    def keys(self, data: dict, allowed: set[str], where: str) -> None:
        if not self.strict:
            return
        for key in data:
            if key not in allowed:
                raise self.fail(f"{where}: field '{key}'", "unknown field")

    def string(self, data: dict, key: str, where: str, required: bool = True) -> str | None:
        if key not in data or data[key] is None:
            if required:
                raise self.fail(f"{where}: field '{key}'", "missing required field")
            return None
        value = data[key]
        if not isinstance(value, str):
            raise self.fail(
                f"{where}: field '{key}'", f"must be a string, not {type(value).__name__}"
            )
        return value

    def text(self, data: dict, key: str, where: str, required: bool = True) -> Text | None:
        nl = self.string(data, key, where, required)
        en = self.string(data, f"{key}_en", where, required=False)
        if nl is None:
            if en is not None:
                raise self.fail(f"{where}: field '{key}'", f"'{key}_en' without '{key}'")
            return None
        return Text(nl, en)

    def citations(self, data: dict, where: str) -> tuple[str, ...]:
        raw = data.get("citations", [])
        if not isinstance(raw, list):
            raise self.fail(f"{where}: field 'citations'", "must be a list")
        for i, c in enumerate(raw):
            try:
                parse_citation(c)
            except CitationError as exc:
                raise self.fail(f"{where}: field 'citations.{i}'", str(exc)) from None
        return tuple(raw)

    def sources(self, data: dict, where: str) -> tuple[Source, ...]:
        raw = data.get("sources") or []
        if not isinstance(raw, list):
            raise self.fail(f"{where}: field 'sources'", "must be a list")
        out = []
        for i, s in enumerate(raw):
            if not isinstance(s, dict) or not isinstance(s.get("source"), str):
                raise self.fail(f"{where}: field 'sources.{i}'", "needs a 'source' string")
            url = s.get("url")
            if url is not None and not isinstance(url, str):
                raise self.fail(f"{where}: field 'sources.{i}.url'", "must be a string")
            out.append(Source(s["source"].strip(), url))
        return tuple(out)


def _parse_answer(ctx: _Ctx, raw: Any, qid: str, index: int) -> Answer:
    where = f"question '{qid}', answer {index}"
    if not isinstance(raw, dict):
        raise ctx.fail(where, "an answer must be a mapping")
    label = raw.get("answerId") or raw.get("answer")
    if isinstance(label, str):
        where = f"question '{qid}', answer {index} ('{label.strip()[:40]}')"
    ctx.keys(raw, _A_KEYS | _A_EXT, where)
    text = ctx.text(raw, "answer", where)
    assert text is not None
    aid = ctx.string(raw, "answerId", where, required=False)
    if aid is None:
        aid = str(index)
    elif not re.match(ID_PATTERN, aid):
        raise ctx.fail(f"{where}: field 'answerId'", f"invalid id {aid!r}")
    labels = raw.get("labels") or []
    if not isinstance(labels, list) or not all(isinstance(x, str) for x in labels):
        raise ctx.fail(f"{where}: field 'labels'", "must be a list of strings")
    routes = [k for k in ("nextQuestionId", "nextConclusionId", "redirects") if k in raw]
    if len(routes) != 1:
        raise ctx.fail(
            where,
            "needs exactly one of nextQuestionId, nextConclusionId or redirects"
            + (f" (found {', '.join(routes)})" if routes else ""),
        )
    nq = ctx.string(raw, "nextQuestionId", where, required=False)
    nc = ctx.string(raw, "nextConclusionId", where, required=False)
    redirects: list[Redirect] = []
    if "redirects" in raw:
        rr = raw["redirects"]
        if not isinstance(rr, list) or not rr:
            raise ctx.fail(f"{where}: field 'redirects'", "must be a non-empty list")
        for j, r in enumerate(rr):
            rwhere = f"{where}: redirect {j}"
            if not isinstance(r, dict):
                raise ctx.fail(rwhere, "a redirect must be a mapping")
            ctx.keys(r, _R_KEYS, rwhere)
            cond_text = ctx.string(r, "if", rwhere)
            assert cond_text is not None
            try:
                cond = parse_condition(cond_text, f"{ctx.source}: {rwhere}: field 'if'")
            except ConditionError as exc:
                raise DecisionTreeError(str(exc)) from None
            rq = ctx.string(r, "nextQuestionId", rwhere, required=False)
            rc = ctx.string(r, "nextConclusionId", rwhere, required=False)
            if (rq is None) == (rc is None):
                raise ctx.fail(rwhere, "needs exactly one of nextQuestionId or nextConclusionId")
            redirects.append(Redirect(cond, rq, rc))
    return Answer(
        index=index,
        id=aid,
        text=text,
        labels=tuple(labels),
        next_question=nq,
        next_conclusion=nc,
        redirects=tuple(redirects),
        subresult=ctx.text(raw, "subresult", where, required=False),
        comment=ctx.text(raw, "answerComment", where, required=False),
        citations=ctx.citations(raw, where),
    )


def _parse_question(ctx: _Ctx, raw: Any, index: int) -> Question:
    where = f"question #{index + 1}"
    if not isinstance(raw, dict):
        raise ctx.fail(where, "a question must be a mapping")
    qid = ctx.string(raw, "questionId", where)
    assert qid is not None
    where = f"question '{qid}'"
    ctx.keys(raw, _Q_KEYS | _Q_EXT, where)
    answers_raw = raw.get("answers")
    if not isinstance(answers_raw, list) or not answers_raw:
        raise ctx.fail(f"{where}: field 'answers'", "must be a non-empty list")
    answers = tuple(_parse_answer(ctx, a, qid, i) for i, a in enumerate(answers_raw))
    seen: set[str] = set()
    for a in answers:
        if a.id in seen:
            raise ctx.fail(f"{where}: answer {a.index}", f"duplicate answerId '{a.id}'")
        seen.add(a.id)
    text = ctx.text(raw, "question", where)
    explanation = ctx.text(raw, "explanation", where)
    category = ctx.string(raw, "category", where)
    subcategory = ctx.text(raw, "subcategory", where)
    assert text and explanation is not None and category is not None and subcategory is not None
    return Question(
        id=qid,
        text=text,
        explanation=explanation,
        category=category,
        subcategory=subcategory,
        sources=ctx.sources(raw, where),
        answers=answers,
        citations=ctx.citations(raw, where),
    )


def _parse_conclusion(ctx: _Ctx, raw: Any, index: int) -> Conclusion:
    where = f"conclusion #{index + 1}"
    if not isinstance(raw, dict):
        raise ctx.fail(where, "a conclusion must be a mapping")
    cid = ctx.string(raw, "conclusionId", where)
    assert cid is not None
    where = f"conclusion '{cid}'"
    ctx.keys(raw, _C_KEYS | _C_EXT, where)
    refs: list[ObligationRef] = []
    raw_obl = raw.get("obligations") or []
    if not isinstance(raw_obl, list):
        raise ctx.fail(f"{where}: field 'obligations'", "must be a list")

    for i, o in enumerate(raw_obl):
        owhere = f"{where}: field 'obligations.{i}'"
        if isinstance(o, str):
            oid, cond = o, None
        elif isinstance(o, dict) and set(o) <= {"id", "if"} and isinstance(o.get("id"), str):
            oid = o["id"]
            cond = None
            if "if" in o:
                if not isinstance(o["if"], str):
                    raise ctx.fail(owhere, "'if' must be a string")
                try:
                    cond = parse_condition(o["if"], f"{ctx.source}: {owhere}")
                except ConditionError as exc:
                    raise DecisionTreeError(str(exc)) from None
        else:
            raise ctx.fail(owhere, "an obligation is an id or a mapping {id, if}")
        if not re.match(ID_PATTERN, oid):
            raise ctx.fail(owhere, f"invalid obligation id {oid!r}")
        refs.append(ObligationRef(oid, cond))
    risk_group = ctx.string(raw, "riskGroup", where, required=False)
    if risk_group is not None and risk_group not in RISK_GROUPS:
        raise ctx.fail(
            f"{where}: field 'riskGroup'",
            f"unknown risk group {risk_group!r}; expected one of {', '.join(RISK_GROUPS)}",
        )
    applies = raw.get("applies")
    if applies is not None and not isinstance(applies, bool):
        raise ctx.fail(f"{where}: field 'applies'", "must be true or false")
    text = ctx.text(raw, "conclusion", where)
    obligation = ctx.text(raw, "obligation", where)
    assert text is not None and obligation is not None
    return Conclusion(
        id=cid,
        text=text,
        obligation=obligation,
        comment=ctx.text(raw, "conclusionComment", where, required=False),
        sources=ctx.sources(raw, where),
        citations=ctx.citations(raw, where),
        obligations=tuple(refs),
        risk_group=risk_group,
        applies=applies,
    )


def parse_tree(data: Any, source: str = "<tree>", strict: bool | None = None) -> Tree:
    """Build a :class:`Tree` from parsed YAML/JSON data. Structural problems (missing or
    mistyped fields, bad conditions, duplicate ids) raise :class:`DecisionTreeError`;
    references and reachability are checked by :func:`check_tree`.

    ``strict`` (default: when the tree declares ``extension: aiact-kit``) makes unknown keys
    errors."""
    if not isinstance(data, dict):
        raise DecisionTreeError(f"{source}: the top level must be a mapping")
    kit = data.get("extension") == KIT_EXTENSION
    ctx = _Ctx(source, kit if strict is None else strict)
    ctx.keys(data, _TOP_KEYS | _TOP_EXT, "top level")
    for key in ("questions", "conclusions"):
        if not isinstance(data.get(key), list) or not data[key]:
            raise ctx.fail(f"top level: field '{key}'", "must be a non-empty list")
    version = data.get("version", "")
    name = ctx.text(data, "name", "top level", required=False) or Text("")
    questions: dict[str, Question] = {}
    for i, raw in enumerate(data["questions"]):
        q = _parse_question(ctx, raw, i)
        if q.id in questions:
            raise ctx.fail(f"question '{q.id}'", "duplicate questionId")
        questions[q.id] = q
    conclusions: dict[str, Conclusion] = {}
    for i, raw in enumerate(data["conclusions"]):
        c = _parse_conclusion(ctx, raw, i)
        if c.id in conclusions:
            raise ctx.fail(f"conclusion '{c.id}'", "duplicate conclusionId")
        if c.id in questions:
            raise ctx.fail(f"conclusion '{c.id}'", "id is also used by a question")
        conclusions[c.id] = c
    first = next(iter(questions))
    return Tree(str(version), name, questions, conclusions, first, source, kit)


def load_tree(path: str | Path | None = None, validate: bool = True) -> Tree:
    """Load a tree file (default: the kit's own tree). With ``validate`` (default) the tree
    must have no errors (unresolved ids, cycles, dead ends); see :func:`check_tree`."""
    path = Path(path) if path is not None else DEFAULT_TREE
    name = path.name
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DecisionTreeError(f"{name}: cannot read the tree file: {exc}") from None
    import yaml  # only to read a tree file; the app's kernels take the parsed tree from the cache

    from aiact_kit.content.yamlsafe import YamlLimitError, load_yaml

    try:
        data = load_yaml(text)
    except YamlLimitError as exc:
        raise DecisionTreeError(f"{name}: cannot read the tree file safely: {exc}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise DecisionTreeError(f"{name}: invalid YAML{at}") from None
    tree = parse_tree(data, name)
    if validate:
        validate_tree(tree)
    return tree


@functools.lru_cache(maxsize=1)
def default_tree() -> Tree:
    """The kit's own tree, loaded once per process. (Its full check runs in the tests and in
    ``aiact-kit validate``; walking every state takes a few seconds, too slow for each app
    start.)"""
    # parsed once per change of the tree file or of this parser (aiact_kit.content's cache)
    package = Path(__file__).resolve().parents[1]
    code = [
        package / f
        for f in (
            "engines/decision.py",
            "engines/conditions.py",
            "content/htmltext.py",
            "content/citations.py",
        )
    ]
    return cached_object(
        "tree", [DEFAULT_TREE, *code], lambda: load_tree(DEFAULT_TREE, validate=False)
    )


# --- exploring the state space ---------------------------------------------------------------
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

_State = tuple[str, frozenset[str]]  # (question id, labels that matter, collected before it)
_Edge = tuple[int, str, str, frozenset[str]]  # answer index, kind, target id, labels after


def _too_complex(tree: Tree, what: str) -> DecisionTreeError:
    return DecisionTreeError(
        f"{tree.source}: tree too complex to check: more than {what} (the labels that later "
        "conditions read multiply the states of a walk; read fewer labels in conditions)"
    )


def _meaningful(label: str) -> bool:
    """Does the label mean something for every outcome, whatever the conditions read? Roles
    (:data:`ROLE_LABELS`), :data:`ANNEX_I_LABEL`, :data:`PUBLIC_LABEL` and ``before:`` labels
    (:func:`obligation_timing`), and citations of articles and annex points (the legal basis
    in :attr:`Outcome.points`)."""
    return (
        label in ROLE_LABELS
        or label in (ANNEX_I_LABEL, PUBLIC_LABEL)
        or label.startswith(BEFORE_PREFIX)
        or _is_point(label)
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
    meaningful = frozenset(label for label in set_labels if _meaningful(label))
    concl: dict[str, frozenset[str]] = {}
    for c in tree.conclusions.values():
        tests = {lab for ref in c.obligations if ref.condition for lab in ref.condition.labels}
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


class _Exploration:
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
        self.edges: dict[_State, list[_Edge]] = {}
        self.parent: dict[_State, tuple[_State, int] | None] = {}
        self.ends: dict[tuple[str, frozenset[str]], tuple[_State, int]] = {}
        self.dead_ends: list[tuple[_State, int, str]] = []
        self.cycle: list[_State] | None = None
        self.reached_questions: set[str] = set()
        self.reached_conclusions: set[str] = set()
        self.paths: int | None = None
        self.longest: dict[_State, int] = {}
        self._full: dict[_State, frozenset[str]] = {}
        self._terminals: dict[tuple[str, frozenset[str]], tuple[_State, int]] | None = None

    @property
    def states(self) -> Any:
        """The question states explored (a set-like view of ``(question id, labels)``)."""
        return self.edges.keys()

    @property
    def outcomes(self) -> int:
        return len(self.ends)

    def full_labels(self, state: _State) -> frozenset[str]:
        """All labels collected on the example path to ``state`` (``parent`` links), the
        projected-away ones included."""
        chain: list[tuple[_State, int]] = []
        cur: _State | None = state
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
    def terminals(self) -> dict[tuple[str, frozenset[str]], tuple[_State, int]]:
        """Every distinct end state as ``(conclusion id, labels)``: the full labels of one
        example path, reached by answer ``index`` in ``state``."""
        if self._terminals is None:
            out = {}
            for (cid, _key), (state, index) in self.ends.items():
                added = self._questions[state[0]].answers[index].labels
                out[(cid, self.full_labels(state).union(added))] = (state, index)
            self._terminals = out
        return self._terminals


def _explore(tree: Tree) -> _Exploration:
    """Walk every state reachable from the start, depth first, without recursion: the edges,
    end states, dead ends, a cycle if any, the number of distinct paths and the longest
    remaining walk from each state. Raises :class:`DecisionTreeError` beyond
    :data:`MAX_STATES` states, :data:`MAX_TRANSITIONS` answers or :data:`MAX_STATE_LABELS`
    labels held."""
    rel = _relevance(tree)
    exp = _Exploration(tree.questions)
    start: _State = (tree.first, frozenset())
    edges, parent, ends, dead = exp.edges, exp.parent, exp.ends, exp.dead_ends
    parent[start] = None
    # the route of an answer only depends on the labels its conditions test
    tested: dict[tuple[str, int], frozenset[str]] = {}
    for q in tree.questions.values():
        for a in q.answers:
            tested[(q.id, a.index)] = frozenset().union(*(r.condition.labels for r in a.redirects))
    routes: dict[tuple[str, int, frozenset[str]], _Target] = {}
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

    def expand(state: _State) -> list[_Edge]:
        nonlocal transitions
        qid, labels = state
        q = tree.questions.get(qid)
        out: list[_Edge] = []
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
    color: dict[_State, int] = {}
    count: dict[_State, int] = {}
    longest = exp.longest
    stack: list[tuple[_State, list[_State], int]] = []
    path: list[_State] = []

    def push(state: _State) -> None:
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


def _path_to(exp: _Exploration, state: _State) -> list[tuple[str, int]]:
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
    exp = tree.explored()
    if exp.cycle is not None:
        raise DecisionTreeError(f"{tree.source}: the tree has a cycle; paths are unbounded")
    start: _State = (tree.first, frozenset())
    Frame = tuple[_State, tuple[tuple[str, int], ...], frozenset[str]]
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
    exp = tree.explored()
    out = {}
    for key, (state, index) in exp.terminals.items():
        out[key] = _path_to(exp, state) + [(state[0], index)]
    return out


# --- checking --------------------------------------------------------------------------------
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
    for c in tree.conclusions.values():
        yield f"conclusion '{c.id}'", "conclusion", c.text
        yield f"conclusion '{c.id}'", "obligation", c.obligation
        if c.comment is not None:
            yield f"conclusion '{c.id}'", "conclusionComment", c.comment


def check_tree(tree: Tree, content: Content | None = None) -> TreeReport:
    """Counts (questions, conclusions, distinct paths) and every problem found: unresolved
    ids, dead ends (a walk that reaches no conclusion), cycles, unreachable questions and
    conclusions, labels tested but never set; with ``content``: unknown obligation ids and
    milestones; for kit trees also missing English texts and literal dates.

    The walk is explored state by state, a state keeping only the labels that still matter
    (see :class:`_Exploration`); a tree with more states than :data:`MAX_STATES` raises
    :class:`DecisionTreeError` ("tree too complex to check") instead of exhausting memory."""
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
            targets = [("nextQuestionId", a.next_question, tree.questions)]
            targets.append(("nextConclusionId", a.next_conclusion, tree.conclusions))
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
        for i, ref in enumerate(c.obligations):
            if ref.condition is not None:
                for label in ref.condition.labels:
                    tested.setdefault(label, f"conclusion '{c.id}': obligations.{i}")
    for label, where in sorted(tested.items()):
        if label not in set_labels:
            msg = f"label '{label}' is tested but no answer sets it"
            add("warning", "label-never-set", where, msg)

    # walking every label state
    exp = tree.explored()
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
        example = _path_to(exp, state) + [(state[0], index)]
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
        for c in tree.conclusions.values():
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


# --- dates of obligations --------------------------------------------------------------------
@dataclass(frozen=True)
class ObligationTiming:
    """When one obligation applies to this user. ``rule`` says which date rule was used:
    default | annex_i | legacy | legacy_public | conditional (an existing high-risk system: only
    once its design changes significantly, Art 111(2)). ``date`` is None when the rule gives no
    date, or the milestone does not exist in the chosen version of the law."""

    obligation_id: str
    milestone: str | None
    date: date | None
    rule: str
    note: I18n | None


def roles_of(labels: frozenset[str] | set[str]) -> tuple[str, ...]:
    found = {ROLE_LABELS[label] for label in labels if label in ROLE_LABELS}
    return tuple(r for r in ROLE_ORDER if r in found)


def obligation_timing(
    obligation: Any, labels: frozenset[str] | set[str], content: Content, version: str = "amended"
) -> ObligationTiming:
    """The date rule of ``obligation`` applied to the collected ``labels``: Annex I systems use
    the ``annex_i`` milestone; with the label ``before:<that milestone>`` the transitional
    rules apply (``legacy_public`` with ``public-authority``, else ``legacy``, else -- for a
    high-risk duty with a ``legacy_note`` -- only upon a significant design change)."""
    rule_set = obligation.applies_from
    base, rule = rule_set.default, "default"
    if ANNEX_I_LABEL in labels and rule_set.annex_i is not None:
        base, rule = rule_set.annex_i, "annex_i"
    milestone: str | None = base
    note = None
    if f"{BEFORE_PREFIX}{base}" in labels:
        note = rule_set.legacy_note
        if rule_set.legacy_public is not None and PUBLIC_LABEL in labels:
            milestone, rule = rule_set.legacy_public, "legacy_public"
        elif rule_set.legacy is not None:
            milestone, rule = rule_set.legacy, "legacy"
        elif rule_set.legacy_note is not None:
            milestone, rule = None, "conditional"
        else:
            note = None
    when = content.milestone_date(milestone, version) if milestone else None
    return ObligationTiming(obligation.id, milestone, when, rule, note)


@dataclass(frozen=True)
class DateGroup:
    milestone: str | None
    date: date | None
    rule: str  # the rule of the group's obligations ("conditional" groups have no date)
    obligations: tuple[ObligationTiming, ...]


@dataclass(frozen=True)
class Outcome:
    """What a conclusion means for this user: roles, risk group, legal basis, and the
    obligations with the date each applies from."""

    conclusion: Conclusion
    labels: frozenset[str]
    roles: tuple[str, ...]
    risk_group: str | None
    applies: bool | None
    points: tuple[str, ...]  # labels that are citations (e.g. 'Annex III 5(a)', 'Art. 5(1)(c)')
    obligations: tuple[ObligationTiming, ...]
    version: str = "amended"

    @property
    def obligation_ids(self) -> tuple[str, ...]:
        return tuple(o.obligation_id for o in self.obligations)

    def groups(self) -> list[DateGroup]:
        """Obligations grouped by the date they apply from, earliest first; obligations
        without a date (conditional, or absent from this version of the law) come last."""
        buckets: dict[tuple[str | None, str], list[ObligationTiming]] = {}
        for o in self.obligations:
            key = (o.milestone, "conditional" if o.rule == "conditional" else "dated")
            buckets.setdefault(key, []).append(o)
        groups = [
            DateGroup(m, items[0].date, items[0].rule, tuple(items))
            for (m, _kind), items in buckets.items()
        ]
        return sorted(groups, key=lambda g: (g.date is None, g.date or date.max))

    def first_milestone(self, content: Content | None = None) -> str | None:
        """The milestone from which the first specific obligation applies: the earliest dated
        obligation that is not a generic duty for every AI system (AI literacy); only when
        there is none, the earliest of all."""
        content = content or default_content()
        dated = [o for o in self.obligations if o.date is not None]
        specific = [
            o
            for o in dated
            if list(content.get(o.obligation_id, "obligations").risk_groups) != ["all"]
        ]
        pool = specific or dated
        if not pool:
            return None
        return min(pool, key=lambda o: o.date).milestone  # type: ignore[arg-type,return-value]


@functools.lru_cache(maxsize=4096)
def _is_point(label: str) -> bool:
    """Is the label a citation of an article or annex point (the legal basis)?"""
    try:
        return parse_citation(label).kind in ("annex", "article")
    except CitationError:
        return False


def compute_outcome(
    tree: Tree,
    conclusion_id: str,
    labels: frozenset[str] | set[str],
    content: Content | None = None,
    version: str = "amended",
) -> Outcome:
    """The :class:`Outcome` of ending at ``conclusion_id`` with ``labels``: the conclusion's
    obligations whose condition holds and whose roles match the user's roles (all, when the
    labels name no role), each with its date."""
    content = content or default_content()
    labels = frozenset(labels)
    c = tree.conclusion(conclusion_id)
    roles = roles_of(labels)
    catalogue = content.items.get("obligations", {})
    timings: list[ObligationTiming] = []
    for ref in c.obligations:
        if ref.condition is not None and not ref.condition(labels):
            continue
        ob = catalogue.get(ref.id) or content.get(ref.id, "obligations")  # KeyError if unknown
        if roles and not set(ob.roles).intersection(roles):
            continue
        timings.append(obligation_timing(ob, labels, content, version))
    points = [label for label in sorted(labels) if _is_point(label)]
    return Outcome(
        conclusion=c,
        labels=labels,
        roles=roles,
        risk_group=c.risk_group,
        applies=c.applies,
        points=tuple(points),
        obligations=tuple(timings),
        version=version,
    )


# --- a walk through the tree -----------------------------------------------------------------
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


# --- cases -----------------------------------------------------------------------------------
def walk(tree: Tree, steps: list[tuple[str, str | int]], content: Content | None = None) -> Session:
    """A session after answering ``steps`` (question id, answer id) from the start."""
    session = Session(tree, content)
    session.follow(steps)
    return session


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
    return problems


def case_ids(content: Content | None = None) -> list[str]:
    """Ids of the decision exercise cases, in file order."""
    content = content or default_content()
    return [case.id for case in content.kind("cases")]
