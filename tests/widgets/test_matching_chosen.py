"""Matching questions write the chosen answer out in full under each dropdown (issue 15: on a
phone a dropdown cuts a long answer)."""

from __future__ import annotations

import pytest
from quiz_bank import load_bank

from aiact_kit.engines.quiz import QuizSession
from aiact_kit.widgets.quiz import QuizWidget


@pytest.fixture(scope="module")
def bank(tmp_path_factory):
    return load_bank(tmp_path_factory.mktemp("bank"))


def test_the_chosen_answer_is_shown_whole_and_cleared_again(bank):
    w = QuizWidget(QuizSession(["t-match"], "nl", content=bank))
    box = w.answer_area.children[0]
    shown = [c for c in box.children if "aiact-chosen" in c._dom_classes]
    drops = list(w.controls.values())
    assert len(shown) == len(drops) and all(s.value == "" for s in shown)
    drops[0].value = drops[0].options[1][1]
    label = drops[0].options[1][0]
    assert shown[0].value == f'<p class="aiact-chosen-text">Jouw keuze: {label}</p>'
    assert shown[1].value == ""
    drops[0].value = ""
    assert shown[0].value == ""
