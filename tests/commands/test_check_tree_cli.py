"""``aiact-kit check-tree``: counts and problems of a decision tree; exit 0 only when clean."""

from __future__ import annotations

import json

from beslishulp_data import official_dir

from aiact_kit.commands.cli import main


def test_check_kit_tree(capsys):
    assert main(["check-tree"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("aiact-kit.yaml: ") and "16 conclusions" in out
    assert "OK: no problems" in out


def test_check_official_tree_json(capsys):
    assert main(["check-tree", str(official_dir() / "decision-tree.yaml"), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["questions"] == 22 and data["conclusions"] == 50
    assert data["paths"] > 1000 and data["problems"] == []


def test_check_broken_tree(tmp_path, capsys):
    tree = tmp_path / "t.yaml"
    tree.write_text(
        "questions:\n"
        "- questionId: q1\n  question: Q?\n  explanation: ''\n  category: c\n  subcategory: s\n"
        "  answers:\n  - answer: Ja\n    nextQuestionId: q2\n  - answer: Nee\n"
        "    nextConclusionId: c1\n"
        "- questionId: q3\n  question: Q3?\n  explanation: ''\n  category: c\n  subcategory: s\n"
        "  answers:\n  - answer: Ja\n    redirects:\n    - if: '\"x\" in labels'\n"
        "      nextConclusionId: c1\n"
        "conclusions:\n- conclusionId: c1\n  conclusion: C\n  obligation: ''\n",
        encoding="utf-8",
    )
    assert main(["check-tree", str(tree)]) == 1
    out = capsys.readouterr().out
    assert "3 problem(s):" in out
    assert (
        "[error] unresolved-id: question 'q1', answer '0': field 'nextQuestionId': no question 'q2'"
        in out
    )
    assert "[warning] unreachable-question: question 'q3'" in out
    assert "[warning] label-never-set: question 'q3', answer '0': redirect 0: label 'x'" in out
    assert "[error] dead-end" not in out  # q3 is never reached, so its redirect never runs
    assert "1 distinct paths" in out


def test_check_malformed_tree(tmp_path, capsys):
    tree = tmp_path / "t.yaml"
    tree.write_text("questions: []\nconclusions: []\n", encoding="utf-8")
    assert main(["check-tree", str(tree)]) == 1
    assert "INVALID: t.yaml: top level: field 'questions'" in capsys.readouterr().err
    assert main(["check-tree", str(tree), "--json"]) == 1
    assert "must be a non-empty list" in json.loads(capsys.readouterr().out)["error"]
