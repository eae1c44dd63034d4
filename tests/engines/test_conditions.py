"""The safe evaluator of beslishulp ``if:`` conditions (a JEXL subset, never eval)."""

from __future__ import annotations

import pytest
import yaml
from beslishulp_data import official_dir

from aiact_kit.engines.decision.conditions import (
    MAX_NESTING,
    ConditionError,
    evaluate,
    parse_condition,
)


@pytest.mark.parametrize(
    ("text", "labels", "expected"),
    [
        ('"a" in labels', {"a"}, True),
        ('"a" in labels', {"b"}, False),
        ("'a' in labels", {"a"}, True),
        ('"a" in labels && "b" in labels', {"a"}, False),
        ('"a" in labels && "b" in labels', {"a", "b"}, True),
        ('"a" in labels || "b" in labels', {"b"}, True),
        ('"a" in labels || "b" in labels', set(), False),
        ('!("a" in labels)', set(), True),
        ('!("a" in labels)', {"a"}, False),
        ('!!("a" in labels)', {"a"}, True),
        # && binds tighter than ||
        ('"a" in labels || "b" in labels && "c" in labels', {"a"}, True),
        ('"a" in labels || "b" in labels && "c" in labels', {"b"}, False),
        ('("a" in labels || "b" in labels) && "c" in labels', {"a"}, False),
        ('("a" in labels || "b" in labels) && "c" in labels', {"b", "c"}, True),
        ('"hoog-risico AI" in labels', {"hoog-risico AI"}, True),
        (r'"say \"hi\"" in labels', {'say "hi"'}, True),
        ('  "a"   in   labels  ', {"a"}, True),
    ],
)
def test_semantics(text, labels, expected):
    assert evaluate(text, labels) is expected


def test_labels_tested():
    cond = parse_condition('!("x" in labels) && ("y" in labels || "z" in labels)')
    assert cond.labels == {"x", "y", "z"}
    assert cond(["y"]) is True and cond(("x", "y")) is False


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('"a" == "b"', "unsupported operator '=='"),
        ('"a" != "b"', "unsupported operator '!='"),
        ('"a" in lbl', "only 'labels' can follow 'in'"),
        ('("a" in labels', "expected ')'"),
        ('"a" in labels)', "unexpected ')'"),
        ("", "empty condition"),
        ('"a" in labels &&', "expected a string, '!' or '('"),
        ('"a', "unterminated string literal"),
        ("1 > 0", "unexpected character '1'"),
        ('__import__("os").system("true")', "unexpected character '.'"),
        ('"a" in labels; x', "unexpected character ';'"),
        ("labels", "expected a string"),
        ('"a"', "expected 'in labels'"),
    ],
)
def test_bad_syntax_is_a_named_error(text, message):
    where = "question '2.1', answer 'Ja'"
    with pytest.raises(ConditionError) as err:
        parse_condition(text, where)
    assert message in str(err.value)
    assert str(err.value).startswith(where)


@pytest.mark.parametrize(
    "text",
    [
        "(" * 248 + '"a" in labels' + ")" * 248,
        "!" * 991 + '"a" in labels',
        "!(" * 200 + '"a" in labels' + ")" * 200,
        "(" * 100_000,  # never closed: refused at the limit, not at the end
    ],
    ids=["parentheses", "nots", "mixed", "unclosed"],
)
def test_nesting_is_bounded(text):
    """Deep nesting gave a RecursionError (a 3,000-line traceback); now a named error that
    quotes the condition only in part."""
    with pytest.raises(ConditionError) as err:
        parse_condition(text, "tree.yaml: question 'q', answer 0: redirect 0: field 'if'")
    message = str(err.value)
    assert message.startswith(
        "tree.yaml: question 'q', answer 0: redirect 0: field 'if': nested too deeply: "
        f"more than {MAX_NESTING} levels of '(' and '!' at position {MAX_NESTING + 1}"
    )
    assert len(message) < 400


def test_nesting_up_to_the_limit_parses_and_evaluates():
    half = MAX_NESTING // 2
    text = "!(" * half + '"a" in labels' + ")" * half  # an even number of '!': "a" in labels
    assert evaluate(text, {"a"}) is True and evaluate(text, set()) is False
    assert evaluate("(" * MAX_NESTING + '"a" in labels' + ")" * MAX_NESTING, {"a"}) is True
    assert evaluate("!" * MAX_NESTING + '"a" in labels', {"a"}) is True
    with pytest.raises(ConditionError, match="nested too deeply"):
        parse_condition("!" * (MAX_NESTING + 1) + '"a" in labels')
    # long flat conditions are fine: no nesting, no recursion
    flat = " || ".join(f'"l{i}" in labels' for i in range(5000))
    assert evaluate(flat, {"l4999"}) is True and len(parse_condition(flat).labels) == 5000


def test_not_a_string():
    with pytest.raises(ConditionError, match="must be a string"):
        parse_condition(42, "somewhere")  # type: ignore[arg-type]


def test_every_condition_of_the_official_tree_parses():
    data = yaml.safe_load((official_dir() / "decision-tree.yaml").read_text(encoding="utf-8"))
    conditions = [
        r["if"] for q in data["questions"] for a in q["answers"] for r in a.get("redirects", [])
    ]
    assert len(conditions) > 100
    for text in conditions:
        cond = parse_condition(text)
        assert cond.labels, text
