"""Hostile decision trees: the checker's work is bounded, and nesting never crashes.

Every tree here is generated in a temporary folder, in the beslishulp format. The expensive
cases run ``aiact-kit`` in a subprocess under an address-space limit (and a timeout that only
guards against a hang), so exploding work shows up as a failure, never as a slow or crashed
test run, and a segfault shows up as a negative return code.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

import aiact_kit.engines.decision.explore as exploration  # the module whose limits apply
from aiact_kit.commands.cli import main
from aiact_kit.content import CONTENT_DIR
from aiact_kit.engines.decision import (
    MAX_STATES,
    DecisionTreeError,
    Session,
    check_tree,
    iter_paths,
    load_tree,
    parse_tree,
    terminal_states,
)
from aiact_kit.engines.decision.conditions import MAX_NESTING

MEMORY_LIMIT = 1536 * 1024 * 1024  # bytes of address space for a checking subprocess
HANG_GUARD = 600  # seconds; the checks take seconds, this only stops a runaway test


# --- generated trees -------------------------------------------------------------------------
def _question(qid: str, answers: list[dict]) -> dict:
    return {
        "questionId": qid,
        "question": f"{qid}?",
        "explanation": "",
        "category": "c",
        "subcategory": "s",
        "answers": answers,
    }


def _conclusions(*ids: str) -> list[dict]:
    return [{"conclusionId": c, "conclusion": c.upper(), "obligation": ""} for c in ids]


def independent(n: int, read_all: bool = False) -> dict:
    """``n`` yes/no questions one after the other, each answer adding its own label. With
    ``read_all`` the last question's redirect reads every 'yes' label (so every combination
    of earlier answers matters there)."""
    questions = []
    for i in range(1, n + 1):
        route: dict = {"nextQuestionId": f"q{i + 1}"} if i < n else {"nextConclusionId": "c1"}
        if i == n and read_all:
            every = " || ".join(f'"q{k}-yes" in labels' for k in range(1, n + 1))
            route = {
                "redirects": [
                    {"if": every, "nextConclusionId": "c1"},
                    {"if": '!("q1-yes" in labels)', "nextConclusionId": "c2"},
                ]
            }
        answers = [
            {"answer": "Ja", "labels": [f"q{i}-yes"], **route},
            {"answer": "Nee", "labels": [f"q{i}-no"], **route},
        ]
        questions.append(_question(f"q{i}", answers))
    ends = ("c1", "c2") if read_all else ("c1",)
    return {
        "version": "1",
        "name": "hostile",
        "questions": questions,
        "conclusions": _conclusions(*ends),
    }


def chain(n: int) -> dict:
    """``n`` questions in a row, one answer each."""
    questions = []
    for i in range(1, n + 1):
        route = {"nextQuestionId": f"q{i + 1}"} if i < n else {"nextConclusionId": "c1"}
        questions.append(_question(f"q{i}", [{"answer": "Ja", "labels": [f"l{i}"], **route}]))
    return {
        "version": "1",
        "name": "chain",
        "questions": questions,
        "conclusions": _conclusions("c1"),
    }


def with_condition(condition: str, where: str = "redirect") -> dict:
    """A two-question tree whose one condition is ``condition`` (in a redirect, or in an
    obligation's ``if``)."""
    data = {
        "version": "1",
        "questions": [
            _question(
                "q1",
                [
                    {
                        "answer": "Ja",
                        "labels": ["a"],
                        "redirects": [
                            {"if": '"a" in labels', "nextConclusionId": "c1"},
                        ],
                    },
                    {"answer": "Nee", "nextConclusionId": "c1"},
                ],
            )
        ],
        "conclusions": _conclusions("c1"),
    }
    if where == "redirect":
        data["questions"][0]["answers"][0]["redirects"][0]["if"] = condition
        data["questions"][0]["answers"][0]["redirects"].append(
            {"if": '!("b" in labels)', "nextConclusionId": "c1"}
        )
    else:
        data["conclusions"][0]["obligations"] = [{"id": "ai-literacy", "if": condition}]
    return data


def write(tmp_path: Path, name: str, data: dict | str) -> Path:
    path = tmp_path / name
    text = data if isinstance(data, str) else yaml.safe_dump(data, sort_keys=False)
    path.write_text(text, encoding="utf-8")
    return path


_DRIVER = """
import contextlib, io, json, resource, sys
limit = int(sys.argv[1])
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
from aiact_kit.commands.cli import main
results = []
for args in json.loads(sys.argv[2]):
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(args)
    results.append([code, out.getvalue(), err.getvalue()])
print(json.dumps(results))
"""


def run_cli(*commands: list[str]) -> list[tuple[int, str, str]]:
    """Run ``aiact-kit`` with each argument list in one subprocess (the CLI starts slowly)
    that may use at most :data:`MEMORY_LIMIT`: (exit code, stdout, stderr) of each. An
    exception escaping a command (a traceback), a crash or running out of memory fails."""
    proc = subprocess.run(
        [sys.executable, "-c", _DRIVER, str(MEMORY_LIMIT), json.dumps(commands)],
        capture_output=True,
        text=True,
        timeout=HANG_GUARD,
    )
    assert proc.returncode == 0, (proc.returncode, proc.stderr[-3000:])
    assert "Traceback" not in proc.stderr, proc.stderr[-3000:]
    return [tuple(r) for r in json.loads(proc.stdout)]


def assert_clean_failure(result: tuple[int, str, str], *expected: str) -> None:
    """Exit code 1, the expected message on stderr, and no traceback."""
    code, out, err = result
    assert code == 1, (code, out[-2000:], err[-2000:])
    assert "Traceback" not in err and "Traceback" not in out, err[-2000:]
    for text in expected:
        assert text in err, err[-2000:]


# --- bounded exploration ---------------------------------------------------------------------
def test_hostile_trees_end_in_bounded_memory(tmp_path):
    """20 and 24 independent questions, each answer adding its own label: labels nothing reads
    do not multiply the states (2**n answer sequences, n states), so both are checked fully.
    When the last question reads every label, every combination matters: the check stops
    with a clear error at :data:`MAX_STATES` states. (Before, 20 questions took 3.5 GB and 24
    ran out of memory.)"""
    files = {n: write(tmp_path, f"ind{n}.yaml", independent(n)) for n in (20, 24)}
    hostile = write(tmp_path, "all24.yaml", independent(24, read_all=True))
    results = run_cli(
        ["check-tree", str(files[20]), "--json"],
        ["check-tree", str(files[24]), "--json"],
        ["check-tree", str(hostile)],
        ["check-tree", str(hostile), "--json"],
    )
    for n, (code, out, err) in zip((20, 24), results, strict=False):
        assert code == 0, err[-2000:]
        report = json.loads(out)
        assert report["paths"] == 2**n and report["problems"] == []
        assert report["states"] == n and report["outcomes"] == 1
    assert_clean_failure(
        results[2], f"INVALID: all24.yaml: tree too complex to check: more than {MAX_STATES} states"
    )
    code, out, _err = results[3]
    assert code == 1
    assert json.loads(out)["error"].startswith("all24.yaml: tree too complex to check: more than")


def test_too_complex_is_a_clear_error_everywhere(tmp_path, monkeypatch, capsys):
    """load_tree (so decision_aid(tree=...)), check_tree, check-tree and validate."""
    monkeypatch.setattr(exploration, "MAX_STATES", 500)  # 12 questions read together: 4095 states
    path = write(tmp_path, "all12.yaml", independent(12, read_all=True))
    message = "all12.yaml: tree too complex to check: more than 500 states"
    with pytest.raises(DecisionTreeError, match=message):
        load_tree(path)
    tree = load_tree(path, validate=False)
    for _ in range(2):  # the failure is remembered, and raised again
        with pytest.raises(DecisionTreeError, match=message):
            check_tree(tree)
    from aiact_kit.widgets.decision import decision_aid

    with pytest.raises(DecisionTreeError, match=message):
        decision_aid("en", tree=path)
    assert main(["check-tree", str(path)]) == 1
    assert f"INVALID: {message}" in capsys.readouterr().err
    # `validate` of a content folder whose tree is too complex
    target = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, target)
    write(target / "trees", "aiact-kit.yaml", independent(12, read_all=True))
    assert main(["validate", str(target)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("INVALID: 1 problem(s)")
    assert "  aiact-kit.yaml: tree too complex to check: more than 500 states" in err


@pytest.mark.parametrize(
    ("limit", "value", "message"),
    [
        ("MAX_TRANSITIONS", 100, "more than 100 answers to follow"),
        ("MAX_STATE_LABELS", 100, "more than 100 labels held in its states"),
        ("MAX_TRACKED_LABELS", 50, "more than 50 (question, label) pairs to track"),
    ],
)
def test_every_limit_has_a_clear_error(monkeypatch, limit, value, message):
    monkeypatch.setattr(exploration, limit, value)
    tree = parse_tree(independent(12, read_all=True), "hostile.yaml")
    with pytest.raises(DecisionTreeError) as err:
        check_tree(tree)
    assert str(err.value).startswith(f"hostile.yaml: tree too complex to check: {message}")


def test_collapsed_states_keep_every_label_of_a_walk():
    """States forget labels nothing reads any more, but paths and end states still carry all
    the labels a walk collects, and their example paths replay."""
    data = independent(3)
    data["questions"][0]["answers"][0]["labels"].append("provider")  # a role: kept everywhere
    tree = parse_tree(data)
    report = check_tree(tree)
    assert report.paths == 8 and report.problems == []
    # (q1, {}), (q2, {}), (q2, {provider}), (q3, {}), (q3, {provider}): the q*-yes/no labels
    # are dropped, a role label is kept
    assert report.states == 5 and report.outcomes == 2
    paths = list(iter_paths(tree))
    assert len(paths) == 8 and all(len(p.labels) == 3 + ("provider" in p.labels) for p in paths)
    ends = terminal_states(tree)
    assert {("provider" in labels) for _cid, labels in ends} == {True, False}
    for (cid, labels), steps in ends.items():
        s = Session(tree, content=object())  # no outcome is computed
        s.follow(steps)
        assert s.conclusion.id == cid and frozenset(s.labels) == labels


# --- nesting ---------------------------------------------------------------------------------
DEEP = {
    "parentheses": "(" * 248 + '"a" in labels' + ")" * 248,
    "nots": "!" * 991 + '"a" in labels',
}


def _field(where: str) -> str:
    if where == "redirect":
        return "question 'q1', answer 0 ('Ja'): redirect 0: field 'if'"
    return "conclusion 'c1': field 'obligations.0'"


@pytest.mark.parametrize("where", ["redirect", "obligation"])
@pytest.mark.parametrize("kind", sorted(DEEP))
def test_deeply_nested_condition_is_a_clear_error(tmp_path, kind, where):
    """248 parentheses or 991 '!' gave a RecursionError with a 3,000-line traceback."""
    path = write(tmp_path, "deep.yaml", with_condition(DEEP[kind], where))
    with pytest.raises(DecisionTreeError) as err:
        load_tree(path)
    message = str(err.value)
    assert message.startswith(f"deep.yaml: {_field(where)}: nested too deeply: more than 32")
    assert len(message) < 500  # the condition is quoted, but cut short


def test_check_tree_reports_deep_conditions_and_exits_1(tmp_path):
    cases = [(kind, where) for kind in sorted(DEEP) for where in ("redirect", "obligation")]
    paths = [
        write(tmp_path, f"deep-{kind}-{where}.yaml", with_condition(DEEP[kind], where))
        for kind, where in cases
    ]
    results = run_cli(*(["check-tree", str(p)] for p in paths))
    for (_kind, where), path, result in zip(cases, paths, results, strict=True):
        assert_clean_failure(
            result,
            f"INVALID: {path.name}: {_field(where)}: nested too deeply: "
            f"more than {MAX_NESTING} levels of '(' and '!'",
        )


def test_condition_nested_up_to_the_limit_works(tmp_path):
    condition = "!(" * (MAX_NESTING // 2) + '"a" in labels' + ")" * (MAX_NESTING // 2)
    tree = load_tree(write(tmp_path, "ok.yaml", with_condition(condition)))
    s = Session(tree, content=object())
    s.answer(0)
    assert s.done and s.conclusion.id == "c1"


DEEP_YAML = {
    "flow-sequences": "x: " + "[" * 50_000 + "]" * 50_000 + "\n",  # 100 KB
    "block-sequences": "- " * 50_000 + "y\n",  # 100 KB
    "flow-mappings": "x: " + "{a: " * 25_000 + "1" + "}" * 25_000 + "\n",
}


def test_deeply_nested_yaml_is_a_clear_error_not_a_crash(tmp_path):
    """A tree file nested 50,000 levels deep made libyaml overflow its stack (a segfault that
    kills a kernel): check-tree and validate now refuse it with one line. Run in a subprocess,
    so a crash fails the test instead of ending the test run."""
    paths = [write(tmp_path, f"{name}.yaml", text) for name, text in DEEP_YAML.items()]
    target = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, target)
    write(target / "trees", "aiact-kit.yaml", DEEP_YAML["flow-sequences"])
    commands = [["check-tree", str(p)] for p in paths]
    commands += [["check-tree", str(paths[0]), "--json"], ["validate", str(target)]]
    results = run_cli(*commands)
    for path, result in zip(paths, results, strict=False):
        assert_clean_failure(
            result, f"INVALID: {path.name}: cannot read the tree file safely: nested too deeply"
        )
    code, out, _err = results[len(paths)]
    assert code == 1 and "nested too deeply" in json.loads(out)["error"]
    assert_clean_failure(
        results[-1], "aiact-kit.yaml: cannot read the tree file safely: nested too deeply"
    )


def test_a_long_chain_that_check_tree_accepts_can_be_walked(tmp_path, capsys):
    """What check-tree accepts, the aid runs: 1,000 questions in a row, no recursion."""
    path = write(tmp_path, "chain.yaml", chain(1000))
    assert main(["check-tree", str(path)]) == 0
    assert "1000 questions, 1 conclusions, 1 distinct paths" in capsys.readouterr().out
    tree = load_tree(path)
    s = Session(tree, content=object())
    assert s.remaining() == 1000 and s.progress() == 0.0
    last = 0.0
    while not s.done:
        s.answer(0)
        assert s.progress() >= last
        last = s.progress()
    assert s.conclusion.id == "c1" and len(s.labels) == 1000 and s.progress() == 1.0
    assert s.back() and s.remaining() == 1

    from aiact_kit.widgets.decision import decision_aid

    aid = decision_aid("en", tree=path)
    assert aid._progress.value == 0.0
    aid.answer(0)
    aid.session.follow([(f"q{i}", 0) for i in range(2, 1000)])
    aid.answer(0)  # the last answer renders the whole path and the conclusion
    assert aid.session.done and aid.session.conclusion.id == "c1"
    assert aid._progress.value == 1.0
