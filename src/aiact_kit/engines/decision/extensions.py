"""Reading the kit's richer extension keys of a tree (used by
:mod:`aiact_kit.engines.decision.parse`): a question's ``guidance`` (help shown before answering)
and ``arguable`` (a fork where the law is open), a conclusion's ``obligations`` (with their
``if`` and ``caveat``), ``actions`` (the first things to do) and ``facts`` (content items whose
text it shows).

Formats::

    guidance: {counts: ..., counts_en: ..., notCounts: ..., notCounts_en: ..., citations: [...]}
    arguable: {reason: ..., reason_en: ..., answers: [answer ids], if: ...}
    obligations: [id | {id, if, caveat, caveat_en, caveatIf}]
    actions: [{do: ..., do_en: ..., if: ...}]
    facts: [content item ids]
    terms: [glossary ids]            (questions and conclusions: jargon they use)
"""

from __future__ import annotations

import re
from typing import Any

from aiact_kit.content.records import ID_PATTERN
from aiact_kit.engines.decision.conditions import Condition, ConditionError, parse_condition
from aiact_kit.engines.decision.model import (
    Action,
    Answer,
    Arguable,
    DecisionTreeError,
    Guidance,
    ObligationRef,
)

_GUIDANCE_KEYS = {"counts", "counts_en", "notCounts", "notCounts_en", "citations"}
_ARGUABLE_KEYS = {"reason", "reason_en", "answers", "if"}
_OBLIGATION_KEYS = {"id", "if", "caveat", "caveat_en", "caveatIf"}
_ACTION_KEYS = {"do", "do_en", "if"}


def _mapping(ctx: Any, raw: Any, allowed: set[str], where: str) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise ctx.fail(where, "must be a mapping")
    for key in raw:
        if key not in allowed:
            raise ctx.fail(f"{where}: field '{key}'", "unknown field")
    return raw


def _condition(
    ctx: Any, raw: dict[str, Any], key: str, where: str, name_field: bool = True
) -> Condition | None:
    if key not in raw:
        return None
    if not isinstance(raw[key], str):
        raise ctx.fail(f"{where}: field '{key}'", "must be a string")
    at = f"{ctx.source}: {where}: field '{key}'" if name_field else f"{ctx.source}: {where}"
    try:
        return parse_condition(raw[key], at)
    except ConditionError as exc:
        raise DecisionTreeError(str(exc)) from None


def parse_guidance(ctx: Any, raw: Any, where: str) -> Guidance | None:
    if raw is None:
        return None
    where = f"{where}: field 'guidance'"
    data = _mapping(ctx, raw, _GUIDANCE_KEYS, where)
    counts = ctx.text(data, "counts", where)
    return Guidance(counts, ctx.text(data, "notCounts", where, False), ctx.citations(data, where))


def parse_arguable(ctx: Any, raw: Any, where: str, answers: tuple[Answer, ...]) -> Arguable | None:
    if raw is None:
        return None
    where = f"{where}: field 'arguable'"
    data = _mapping(ctx, raw, _ARGUABLE_KEYS, where)
    ids = data.get("answers")
    known = {a.id for a in answers}
    if not isinstance(ids, list) or len(ids) < 2 or not all(isinstance(i, str) for i in ids):
        raise ctx.fail(f"{where}: field 'answers'", "needs at least two answer ids")
    for i in ids:
        if i not in known:
            raise ctx.fail(f"{where}: field 'answers'", f"no answer '{i}' in this question")
    condition = _condition(ctx, data, "if", where)
    return Arguable(ctx.text(data, "reason", where), tuple(ids), condition)


def parse_obligations(ctx: Any, raw: Any, where: str) -> tuple[ObligationRef, ...]:
    raw = raw or []
    if not isinstance(raw, list):
        raise ctx.fail(f"{where}: field 'obligations'", "must be a list")
    refs: list[ObligationRef] = []
    for i, o in enumerate(raw):
        owhere = f"{where}: field 'obligations.{i}'"
        if isinstance(o, str):
            oid, data = o, {}
        elif isinstance(o, dict) and isinstance(o.get("id"), str):
            data = _mapping(ctx, o, _OBLIGATION_KEYS, owhere)
            oid = o["id"]
        else:
            raise ctx.fail(owhere, "an obligation is an id or a mapping {id, if, caveat}")
        if not re.match(ID_PATTERN, oid):
            raise ctx.fail(owhere, f"invalid obligation id {oid!r}")
        caveat = ctx.text(data, "caveat", owhere, False)
        caveat_if = _condition(ctx, data, "caveatIf", owhere)
        if caveat_if is not None and caveat is None:
            raise ctx.fail(f"{owhere}: field 'caveatIf'", "without 'caveat'")
        # an obligation's 'if' is named by the obligation, as before the richer keys
        condition = _condition(ctx, data, "if", owhere, name_field=False)
        refs.append(ObligationRef(oid, condition, caveat, caveat_if))
    return tuple(refs)


def parse_actions(ctx: Any, raw: Any, where: str) -> tuple[Action, ...]:
    raw = raw or []
    if not isinstance(raw, list):
        raise ctx.fail(f"{where}: field 'actions'", "must be a list")
    out = []
    for i, a in enumerate(raw):
        awhere = f"{where}: field 'actions.{i}'"
        data = _mapping(ctx, a, _ACTION_KEYS, awhere)
        out.append(Action(ctx.text(data, "do", awhere), _condition(ctx, data, "if", awhere)))
    return tuple(out)


def parse_ids(ctx: Any, raw: Any, where: str, key: str) -> tuple[str, ...]:
    """A list of content item ids (``facts``: any kind; ``terms``: glossary ids)."""
    raw = raw or []
    if not isinstance(raw, list) or not all(isinstance(f, str) for f in raw):
        raise ctx.fail(f"{where}: field '{key}'", "must be a list of content item ids")
    return tuple(raw)
