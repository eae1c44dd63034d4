"""Lessons 11 and 12 in a real browser: the case exercise of lesson 11 grades a right answer
and shows its teaching feedback after a click; axe-clean after the feedback appears."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from aiact_kit.content import default_content

pytestmark = pytest.mark.browser


def test_lesson_11_case_exercise_gives_feedback_after_check(page_for, axe_check):
    page = page_for("en/11-dutch-public-practice.ipynb")
    question = default_content().get("q-nlp-scenario-benefits", "questions")
    exercise = page.locator(".aiact-quiz").first
    exercise.get_by_text(question.scenario.en.split(".")[0]).wait_for()
    for part in question.parts:
        right = next(o for o in part.options if o.correct)
        radio = exercise.get_by_role("radio", name=right.text.en, exact=True)
        radio.focus()
        page.keyboard.press("Space")
        expect(radio).to_be_checked()
    exercise.get_by_role("button", name="Check", exact=True).click()
    feedback = exercise.locator(".aiact-feedback")
    # the explanation teaches why: the FRIA complements the DPIA (Art 27(4))
    expect(feedback).to_contain_text("complements the DPIA")
    expect(feedback).to_contain_text("Art. 27(4)")
    axe_check(page)
