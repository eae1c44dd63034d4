"""The decision exercise cases: each answer path reaches exactly its expected outcome."""

from __future__ import annotations

import copy
import shutil

import pytest
import yaml

from aiact_kit.commands.cli import main
from aiact_kit.content import CONTENT_DIR, ContentError, load_content
from aiact_kit.engines.decision import case_ids, case_problems, default_tree, replay, walk


def test_enough_cases_mostly_public(content):
    cases = content.kind("cases")
    assert len(cases) >= 40
    public = [c for c in cases if c.sector == "public"]
    assert len(public) > len(cases) / 2
    groups = {c.expected.risk_group for c in cases}
    assert {"prohibited", "high-risk", "transparency", "minimal", "out-of-scope"} <= groups
    assert {"gpai-systemic", "gpai-open-source", "not-high-risk-art-6-3"} <= groups
    assert case_ids(content) == [c.id for c in cases]


@pytest.mark.parametrize("case_id", [c.id for c in load_content(CONTENT_DIR).kind("cases")])
def test_case_reaches_its_expected_outcome(case_id, content):
    case = content.get(case_id, "cases")
    assert case_problems(case, default_tree(), content) == []
    session = walk(default_tree(), [(s.question, s.answer) for s in case.answer_path], content)
    out = session.outcome()
    assert out.conclusion.id == case.expected.conclusion
    assert set(out.obligation_ids) == {str(o) for o in case.expected.obligations}
    # texts render in both languages with dates filled in
    for lang in ("nl", "en"):
        assert "{date:" not in content.render(case.explanation, lang)
    if case.arguable is not None:  # the other reading reaches the other expected outcome
        arg = case.arguable
        steps = [(s.question, s.answer) for s in [*case.answer_path, *arg.alternative.extra]]
        alt = replay(default_tree(), steps, arg.fork, arg.alternative.answer, content)
        assert alt.done and alt.outcome().conclusion.id == arg.alternative.conclusion
        assert set(alt.outcome().obligation_ids) == {str(o) for o in arg.alternative.obligations}


def test_cases_cover_every_conclusion_and_every_arguable_fork(content):
    tree = default_tree()
    cases = content.kind("cases")
    assert {c.expected.conclusion for c in cases} == set(tree.conclusions)
    arguable = {q.id for q in tree.questions.values() if q.arguable is not None}
    assert {c.arguable.fork for c in cases if c.arguable is not None} == arguable
    # the published examples: recital 53 (a) to (c), the AI-system definition guidelines and
    # the prohibited-practices guidelines
    points = {p for c in cases for p in c.expected.points}
    assert {"Art. 6(3)(a)", "Art. 6(3)(b)", "Art. 6(3)(c)", "Art. 6(3)(d)"} <= points
    cited = {x for c in cases for x in c.citations}
    assert {"Guidelines C(2025) 924", "Guidelines C(2025) 884", "Recital 53"} <= cited


def test_a_wrong_alternative_of_an_arguable_case_is_reported(content):
    case = content.get("case-chatbot-purpose-change", "cases")
    alt = case.arguable.alternative.model_copy(update={"conclusion": "minimal", "obligations": []})
    wrong = case.model_copy(
        update={"arguable": case.arguable.model_copy(update={"alternative": alt})}
    )
    problems = case_problems(wrong, default_tree(), content)
    assert any("alternative.conclusion" in p for p in problems)
    assert any("alternative.obligations differ" in p for p in problems)
    other_fork = case.arguable.model_copy(update={"fork": "role"})
    wrong = case.model_copy(update={"arguable": other_fork})
    assert "not an arguable question" in case_problems(wrong, default_tree(), content)[-1]


def test_key_cases(content):
    """A few outcomes spelled out, so a change in the tree or the dates shows up here."""

    def outcome(case_id):
        case = content.get(case_id, "cases")
        steps = [(s.question, s.answer) for s in case.answer_path]
        return walk(default_tree(), steps, content).outcome()

    legacy = outcome("case-student-grant-legacy")
    timing = {t.obligation_id: t for t in legacy.obligations}
    assert str(timing["hr-fria"].date) == "2030-08-02"
    assert str(timing["ai-literacy"].date) == "2025-02-02"
    device = outcome("case-medical-imaging")
    assert {str(t.date) for t in device.obligations if t.obligation_id.startswith("hr-")} == {
        "2028-08-02"
    }
    chatbot = outcome("case-chatbot-purpose-change")
    assert chatbot.roles == ("provider", "deployer") and "Art. 25(1)(c)" in chatbot.points
    company = outcome("case-cv-screening-company-legacy")
    assert {t.rule for t in company.obligations if t.obligation_id.startswith("hr-")} == {
        "conditional"
    }


def test_a_wrong_expectation_is_reported(content):
    case = content.get("case-benefits-fraud-scoring", "cases")
    wrong = case.model_copy(
        update={
            "expected": case.expected.model_copy(
                update={"risk_group": "minimal", "obligations": case.expected.obligations[:-1]}
            )
        }
    )
    problems = case_problems(wrong, default_tree(), content)
    assert any(
        "expected.risk_group is 'minimal' but the tree gives 'high-risk'" in p for p in problems
    )
    assert any("missing [], not expected ['hr-explanation']" in p for p in problems)
    broken = case.model_copy(update={"answer_path": case.answer_path[:3]})
    assert case_problems(broken, default_tree(), content) == [
        "case 'case-benefits-fraud-scoring': answer_path stops at question 'role' before a "
        "conclusion"
    ]


def _copy_content(tmp_path):
    target = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, target)
    return target


def test_validate_walks_the_cases(tmp_path, capsys):
    target = _copy_content(tmp_path)
    data = yaml.safe_load((target / "cases.yaml").read_text(encoding="utf-8"))
    data["items"][0]["answer_path"][1]["answer"] = "nonsense"
    (target / "cases.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    assert main(["validate", str(target)]) == 1
    err = capsys.readouterr().err
    assert (
        "cases.yaml: case 'case-benefits-fraud-scoring': answer_path: question 'what' has no "
        in err
    )


def test_validate_checks_the_tree_references(tmp_path, capsys):
    target = _copy_content(tmp_path)
    tree_file = target / "trees" / "aiact-kit.yaml"
    text = tree_file.read_text(encoding="utf-8")
    tree_file.write_text(text.replace("- hr-logging\n", "- hr-logbook\n", 1), encoding="utf-8")
    assert main(["validate", str(target)]) == 1
    err = capsys.readouterr().err
    assert "unknown-obligation: conclusion 'high-risk-annex-i'" in err
    assert "no obligation 'hr-logbook' in the catalogue" in err


def test_case_schema_errors_are_named(tmp_path):
    target = _copy_content(tmp_path)
    data = yaml.safe_load((target / "cases.yaml").read_text(encoding="utf-8"))
    bad = copy.deepcopy(data["items"][0])
    bad["id"] = "case-bad"
    bad["expected"]["risk_group"] = "very-high"
    bad["expected"]["obligations"] = ["hr-unknown"]
    bad["expected"]["start"] = "someday"
    data["items"].append(bad)
    (target / "cases.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ContentError) as err:
        load_content(target)
    msg = str(err.value)
    assert "cases.yaml: item 'case-bad': field 'expected.risk_group'" in msg
    # references are only checked once the item itself is valid
    bad["expected"]["risk_group"] = "high-risk"
    (target / "cases.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ContentError) as err:
        load_content(target)
    msg = str(err.value)
    assert "field 'expected.obligations.0': unknown obligations id 'hr-unknown'" in msg
    assert "field 'expected.start': unknown timeline id 'someday'" in msg
