"""Reading a tree in the beslishulp format: :func:`parse_tree` (from parsed YAML/JSON data),
:func:`load_tree` (from a file) and :func:`default_tree` (the kit's own tree, cached).

The format and the kit's extension are described in :mod:`aiact_kit.engines.decision`.
Structural problems (missing or mistyped fields, bad conditions, duplicate ids) raise
:class:`~aiact_kit.engines.decision.model.DecisionTreeError` naming the file, the question or
conclusion, the answer and the field.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any

from aiact_kit.content import TREES_DIR, cached_object
from aiact_kit.content.citations import CitationError, parse_citation
from aiact_kit.content.records import ID_PATTERN
from aiact_kit.engines.decision.check import validate_tree
from aiact_kit.engines.decision.conditions import ConditionError, parse_condition
from aiact_kit.engines.decision.extensions import (
    parse_actions,
    parse_arguable,
    parse_guidance,
    parse_ids,
    parse_obligations,
)
from aiact_kit.engines.decision.labels import RISK_GROUPS
from aiact_kit.engines.decision.model import (
    Answer,
    Conclusion,
    DecisionTreeError,
    Question,
    Redirect,
    Source,
    Text,
    Tree,
)

DEFAULT_TREE = TREES_DIR / "aiact-kit.yaml"
KIT_EXTENSION = "aiact-kit"

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
_Q_EXT = {
    "question_en",
    "explanation_en",
    "subcategory_en",
    "citations",
    "guidance",
    "arguable",
    "terms",
}
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
    "actions",
    "facts",
    "terms",
}


class _Ctx:
    def __init__(self, source: str, strict: bool):
        self.source = source
        self.strict = strict

    def fail(self, where: str, message: str) -> DecisionTreeError:
        return DecisionTreeError(f"{self.source}: {where}: {message}")

    def keys(self, data: dict[str, Any], allowed: set[str], where: str) -> None:
        if not self.strict:
            return
        for key in data:
            if key not in allowed:
                raise self.fail(f"{where}: field '{key}'", "unknown field")

    def string(
        self, data: dict[str, Any], key: str, where: str, required: bool = True
    ) -> str | None:
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

    def text(
        self, data: dict[str, Any], key: str, where: str, required: bool = True
    ) -> Text | None:
        nl = self.string(data, key, where, required)
        en = self.string(data, f"{key}_en", where, required=False)
        if nl is None:
            if en is not None:
                raise self.fail(f"{where}: field '{key}'", f"'{key}_en' without '{key}'")
            return None
        return Text(nl, en)

    def citations(self, data: dict[str, Any], where: str) -> tuple[str, ...]:
        raw = data.get("citations", [])
        if not isinstance(raw, list):
            raise self.fail(f"{where}: field 'citations'", "must be a list")
        for i, c in enumerate(raw):
            try:
                parse_citation(c)
            except CitationError as exc:
                raise self.fail(f"{where}: field 'citations.{i}'", str(exc)) from None
        return tuple(raw)

    def sources(self, data: dict[str, Any], where: str) -> tuple[Source, ...]:
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
        guidance=parse_guidance(ctx, raw.get("guidance"), where),
        arguable=parse_arguable(ctx, raw.get("arguable"), where, answers),
        terms=parse_ids(ctx, raw.get("terms"), where, "terms"),
    )


def _parse_conclusion(ctx: _Ctx, raw: Any, index: int) -> Conclusion:
    where = f"conclusion #{index + 1}"
    if not isinstance(raw, dict):
        raise ctx.fail(where, "a conclusion must be a mapping")
    cid = ctx.string(raw, "conclusionId", where)
    assert cid is not None
    where = f"conclusion '{cid}'"
    ctx.keys(raw, _C_KEYS | _C_EXT, where)
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
        obligations=parse_obligations(ctx, raw.get("obligations"), where),
        risk_group=risk_group,
        applies=applies,
        actions=parse_actions(ctx, raw.get("actions"), where),
        facts=parse_ids(ctx, raw.get("facts"), where, "facts"),
        terms=parse_ids(ctx, raw.get("terms"), where, "terms"),
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
    # parsed once per change of the tree file or of the code that builds it: every module of
    # this package (the parser, the model, the conditions, ...) and the text helpers it uses
    # (aiact_kit.content's cache)
    here = Path(__file__).resolve().parent
    content = here.parents[1] / "content"
    code = [
        *sorted(here.glob("*.py")),
        content / "htmltext.py",
        content / "citations.py",
    ]
    tree: Tree = cached_object(
        "tree", [DEFAULT_TREE, *code], lambda: load_tree(DEFAULT_TREE, validate=False)
    )
    return tree
