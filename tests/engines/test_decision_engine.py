"""The decision engine: loading beslishulp trees, walking them, checking them.

Runs the official Dutch tree (data from ../shared, never copied into the repo) unchanged, and
shows that malformed trees give errors that name the question, answer and field.
"""

from __future__ import annotations

import copy
import json

import pytest
import yaml
from beslishulp_data import official_dir

from aiact_kit.engines.decision import (
    DecisionTreeError,
    Session,
    check_tree,
    iter_paths,
    load_tree,
    parse_tree,
    terminal_states,
    validate_tree,
)


@pytest.fixture(scope="module")
def official():
    return load_tree(official_dir() / "decision-tree.yaml")


# --- the official tree -----------------------------------------------------------------------
def test_official_tree_loads_and_checks(official):
    report = check_tree(official)
    assert report.questions == 22
    assert report.conclusions == 50
    assert report.paths is not None and report.paths > 1000
    # every walk ends in a conclusion: no dead ends, no cycles, nothing unresolved
    assert not [p for p in report.problems if p.code in ("dead-end", "cycle", "unresolved-id")]


def test_every_official_path_terminates_in_a_conclusion(official):
    report = check_tree(official)
    paths = list(iter_paths(official))
    assert len(paths) == report.paths
    reached = {p.conclusion for p in paths}
    assert reached <= set(official.conclusions)
    for p in paths[:: max(1, len(paths) // 200)]:  # replay a spread of them in a session
        s = Session(official)
        for qid, index in p.steps:
            assert s.current.id == qid
            s.answer(index)
        assert s.done and s.conclusion.id == p.conclusion
        assert set(s.labels) == set(p.labels)


def test_official_tree_validates_against_its_own_schema():
    import jsonschema  # a dependency of jupyterlab, installed with the kit

    schema = json.loads((official_dir() / "schema_decision_tree.json").read_text())
    data = yaml.safe_load((official_dir() / "decision-tree.yaml").read_text(encoding="utf-8"))
    jsonschema.validate(data, schema)


def test_official_walks(official):
    s = Session(official)
    assert s.current.id == "1.1"
    s.answer(1)  # Nee: no algorithm
    assert s.done and s.conclusion.id == "11.0"
    assert s.labels == ("geen algoritme",)

    # provider + deployer of an AI system that is a prohibited practice -> 14.0.0
    s = Session(official)
    s.follow([("1.1", 0), ("1.2", 2), ("1.3", 0), ("1.4.1", 0), ("1.5", 1), ("2.0", 0)])
    assert s.current.id == "2.1"
    s.answer(0)  # prohibited practice
    s.answer(1)  # no exception
    assert s.done and s.conclusion.id == "14.0.0"
    out = s.outcome()
    assert out.roles == ("provider", "deployer")  # from the Dutch role labels
    assert out.obligations == ()  # the official tree names no obligation ids


def test_official_tree_in_english_falls_back_to_dutch(official):
    s = Session(official)
    assert s.text(s.current.text, "en") == s.text(s.current.text, "nl")


def test_official_html_is_sanitised(official):
    s = Session(official)
    s.follow([("1.1", 0)])
    html = s.text(s.current.explanation, "nl")
    assert "<br>" in html
    assert "<script" not in html


# --- sessions --------------------------------------------------------------------------------
def test_back_restores_the_exact_earlier_state(official):
    s = Session(official)
    steps = [("1.1", 0), ("1.2", 2), ("1.3", 0), ("1.4.1", 0), ("1.5", 1)]
    s.follow(steps[:3])
    snapshot = (s.current.id, s.labels, list(s.history), s.progress())
    s.follow(steps[3:])
    assert s.current.id == "2.0"
    assert s.back() and s.back()
    assert (s.current.id, s.labels, list(s.history), s.progress()) == snapshot
    s.follow(steps[3:])
    assert s.current.id == "2.0"
    s.restart()
    assert s.current.id == "1.1" and s.labels == () and s.history == [] and not s.back()


def test_progress_grows_and_ends_at_one(official):
    s = Session(official)
    seen = [s.progress()]
    for qid, index in [("1.1", 0), ("1.2", 0), ("1.3", 0), ("1.4.1", 0), ("1.5", 0)]:
        s.follow([(qid, index)])
        seen.append(s.progress())
    assert seen[0] == 0.0
    assert all(b > a for a, b in zip(seen, seen[1:], strict=False))
    assert s.done and seen[-1] == 1.0


def test_bad_answers_are_clear_errors(official):
    s = Session(official)
    with pytest.raises(ValueError, match="has answers 0..1, not 5"):
        s.answer(5)
    with pytest.raises(ValueError, match="no answer 'maybe'"):
        s.answer("maybe")
    with pytest.raises(ValueError, match="expected question '1.2' but the tree asks '1.1'"):
        s.follow([("1.2", 0)])
    s.answer(1)
    with pytest.raises(ValueError, match="reached a conclusion"):
        s.answer(0)
    with pytest.raises(ValueError, match="no conclusion yet"):
        Session(official).outcome()


# --- malformed trees -------------------------------------------------------------------------
def _tree() -> dict:
    return {
        "version": "1",
        "name": "t",
        "questions": [
            {
                "questionId": "q1",
                "question": "Vraag 1?",
                "explanation": "",
                "category": "c",
                "subcategory": "s",
                "answers": [
                    {"answer": "Ja", "labels": ["a"], "nextQuestionId": "q2"},
                    {"answer": "Nee", "nextConclusionId": "c1"},
                ],
            },
            {
                "questionId": "q2",
                "question": "Vraag 2?",
                "explanation": "",
                "category": "c",
                "subcategory": "s",
                "answers": [
                    {
                        "answer": "Ja",
                        "redirects": [
                            {"if": '"a" in labels', "nextConclusionId": "c1"},
                            {"if": '!("a" in labels)', "nextConclusionId": "c2"},
                        ],
                    }
                ],
            },
        ],
        "conclusions": [
            {"conclusionId": "c1", "conclusion": "Een", "obligation": ""},
            {"conclusionId": "c2", "conclusion": "Twee", "obligation": ""},
        ],
    }


def test_small_tree_is_fine():
    tree = parse_tree(_tree())
    report = validate_tree(tree)
    assert report.paths == 2
    # c2 needs "a" absent at q2, but q2 is only reached with "a": unreachable, a warning
    assert [p.code for p in report.problems] == ["unreachable-conclusion"]
    assert report.problems[0].where == "conclusion 'c2'"


def test_unknown_id_is_named():
    data = _tree()
    data["questions"][0]["answers"][1]["nextConclusionId"] = "c9"
    tree = parse_tree(data, "bad.yaml")
    with pytest.raises(DecisionTreeError) as err:
        validate_tree(tree)
    msg = str(err.value)
    assert "question 'q1', answer '1': field 'nextConclusionId': no conclusion 'c9'" in msg


def test_unknown_redirect_target_is_named():
    data = _tree()
    data["questions"][1]["answers"][0]["redirects"][0]["nextQuestionId"] = "q7"
    del data["questions"][1]["answers"][0]["redirects"][0]["nextConclusionId"]
    report = check_tree(parse_tree(data))
    assert any(
        p.code == "unresolved-id"
        and p.where == "question 'q2', answer '0': field 'redirects.0.nextQuestionId'"
        for p in report.problems
    )


def test_bad_condition_syntax_is_named():
    data = _tree()
    data["questions"][1]["answers"][0]["redirects"][0]["if"] = '"a" in labels &&& x'
    with pytest.raises(DecisionTreeError) as err:
        parse_tree(data, "bad.yaml")
    msg = str(err.value)
    assert msg.startswith("bad.yaml: question 'q2', answer 0 ('Ja'): redirect 0: field 'if'")
    assert "position" in msg


def test_cycle_is_found():
    data = _tree()
    data["questions"][1]["answers"][0]["redirects"][0] = {
        "if": '"a" in labels',
        "nextQuestionId": "q1",
    }
    tree = parse_tree(data, "loop.yaml")
    report = check_tree(tree)
    cycles = [p for p in report.problems if p.code == "cycle"]
    # the first state (q1, no labels) is left behind; the loop is q2 -> q1 -> q2 with label a
    assert cycles and "'q2' -> 'q1' -> 'q2'" in cycles[0].message
    assert report.paths is None
    with pytest.raises(DecisionTreeError, match="cycle"):
        validate_tree(tree)
    with pytest.raises(DecisionTreeError, match="cycle"):
        list(iter_paths(tree))


def test_dead_end_is_found_with_an_example_path():
    data = _tree()
    data["questions"][1]["answers"][0]["redirects"][1]["if"] = '"b" in labels'
    tree = parse_tree(data)
    report = check_tree(tree)
    dead = [p for p in report.problems if p.code == "dead-end"]
    assert len(dead) == 0  # q2 is only reached with "a", so the first redirect always holds
    data["questions"][0]["answers"][0]["labels"] = []
    report = check_tree(parse_tree(data))
    dead = [p for p in report.problems if p.code == "dead-end"]
    assert len(dead) == 1
    assert "no redirect condition holds for labels [(none)]" in dead[0].message
    assert "q1#0, q2#0" in dead[0].message
    never = [p for p in report.problems if p.code == "label-never-set"]
    assert {p.message for p in never} == {
        "label 'a' is tested but no answer sets it",
        "label 'b' is tested but no answer sets it",
    }
    s = Session(parse_tree(data))
    s.answer(0)
    with pytest.raises(DecisionTreeError, match="no redirect condition holds"):
        s.answer(0)
    assert s.current.id == "q2"  # the failed answer changed nothing


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d["questions"][0].pop("question"), "question 'q1': field 'question': missing"),
        (
            lambda d: d["questions"][0]["answers"][0].update(nextConclusionId="c1"),
            "question 'q1', answer 0 ('Ja'): needs exactly one of nextQuestionId, "
            "nextConclusionId or redirects (found nextQuestionId, nextConclusionId)",
        ),
        (
            lambda d: d["questions"][0]["answers"][1].pop("nextConclusionId"),
            "question 'q1', answer 1 ('Nee'): needs exactly one of",
        ),
        (
            lambda d: d["questions"][0]["answers"][0].update(labels="a"),
            "question 'q1', answer 0 ('Ja'): field 'labels': must be a list of strings",
        ),
        (lambda d: d["questions"].append(copy.deepcopy(d["questions"][0])), "duplicate questionId"),
        (lambda d: d["conclusions"][0].pop("obligation"), "conclusion 'c1': field 'obligation'"),
        (lambda d: d.update(questions=[]), "top level: field 'questions': must be a non-empty"),
        (
            lambda d: d["questions"][0].update(questionId=1.1),
            "question #1: field 'questionId': must be a string, not float",
        ),
        (
            lambda d: d["questions"][0]["answers"][0].update(answerId="Bad Id"),
            "field 'answerId': invalid id 'Bad Id'",
        ),
        (
            lambda d: d["questions"][0]["answers"][0].update(citations=["Article 5"]),
            "field 'citations.0': malformed citation",
        ),
        (
            lambda d: d["conclusions"][0].update(obligations=[{"id": "x", "if": "???"}]),
            "conclusion 'c1': field 'obligations.0'",
        ),
        (lambda d: d["conclusions"][0].update(riskGroup="huge"), "unknown risk group 'huge'"),
    ],
)
def test_structural_errors_are_named(mutate, message):
    data = _tree()
    mutate(data)
    with pytest.raises(DecisionTreeError) as err:
        parse_tree(data, "bad.yaml")
    assert message in str(err.value)


def test_kit_extension_is_strict_about_unknown_fields():
    data = _tree()
    data["questions"][0]["questoin_en"] = "typo"
    parse_tree(data)  # upstream format: extra keys are allowed, as in the JSON Schema
    data["extension"] = "aiact-kit"
    with pytest.raises(DecisionTreeError, match="question 'q1': field 'questoin_en': unknown"):
        parse_tree(data)


def test_unreadable_files(tmp_path):
    with pytest.raises(DecisionTreeError, match="cannot read the tree file"):
        load_tree(tmp_path / "missing.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("questions: [\n", encoding="utf-8")
    with pytest.raises(DecisionTreeError, match="bad.yaml: invalid YAML at line"):
        load_tree(bad)
    bad.write_text("- just a list\n", encoding="utf-8")
    with pytest.raises(DecisionTreeError, match="top level must be a mapping"):
        load_tree(bad)


def test_terminal_states_have_working_example_paths():
    tree = parse_tree(_tree())
    states = terminal_states(tree)
    assert {cid for cid, _labels in states} == {"c1"}
    for (cid, labels), path in states.items():
        s = Session(tree)
        for qid, index in path:
            s.follow([(qid, index)])
        assert s.conclusion.id == cid and frozenset(s.labels) == labels
