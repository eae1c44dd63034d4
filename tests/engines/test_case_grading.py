"""Grading a learner's prediction of a decision case, without widgets."""

from __future__ import annotations

from types import SimpleNamespace as NS

import pytest

from aiact_kit.content.records import ROLE_CHOICES, roles_key
from aiact_kit.engines.decision import divergence, grade_prediction

CASE = NS(
    expected=NS(risk_group="high-risk", roles=("deployer", "provider")),
    answer_path=[NS(question="q1", answer="yes"), NS(question="q2", answer="no")],
)


@pytest.mark.parametrize(
    ("risk_group", "roles", "grade"),
    [
        ("high-risk", "provider-deployer", (True, True, True, 1.0)),
        ("high-risk", "deployer", (True, False, False, 0.5)),
        ("transparency", "provider-deployer", (False, True, False, 0.5)),
        ("minimal", "none", (False, False, False, 0.0)),
    ],
)
def test_each_part_of_a_prediction_is_graded(risk_group, roles, grade):
    got = grade_prediction(CASE, risk_group, roles)
    assert (got["risk_group"], got["roles"], got["correct"], got["score"]) == grade


def test_role_sets_map_to_their_choice_in_any_order():
    assert roles_key(["provider", "deployer"]) == roles_key(("deployer", "provider"))
    assert roles_key([]) == "none"
    assert roles_key(["importer", "provider"]) == "importer+provider"  # not a choice
    assert [roles_key(combo) for _, combo in ROLE_CHOICES] == [k for k, _ in ROLE_CHOICES]


def test_divergence_names_the_first_question_answered_otherwise():
    assert divergence(CASE, [("q1", "yes"), ("q2", "no")]) is None
    assert divergence(CASE, [("q1", "yes"), ("q2", "yes")]) == "q2"
    assert divergence(CASE, [("q1", "no")]) == "q1"
    assert divergence(CASE, [("q1", "yes")]) == "q2"  # stopped before the case's end


def test_every_shipped_case_graded_against_its_own_expectation_is_right(content):
    for case in content.kind("cases"):
        got = grade_prediction(case, case.expected.risk_group, roles_key(case.expected.roles))
        assert got["correct"] and got["score"] == 1.0, case.id
