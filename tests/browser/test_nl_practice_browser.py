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


def test_decision_aid_conclusion_shows_the_dutch_links(page_for, axe_check):
    """Walk the decision aid to a conclusion in the browser: the Dutch duties and instruments
    appear under it, their cited detail opens by keyboard, and the page stays axe-clean."""
    from aiact_kit.engines.decision import Session
    from aiact_kit.present.nl_links import links_for

    # a walk from the cases (kept in step with the tree by the case tests)
    case = default_content().get("case-cv-screening-province", "cases")
    steps = [s.answer for s in case.answer_path]
    session = Session()
    page = page_for("en/decision-aid.ipynb")
    aid = page.locator(".aiact-decision").first
    next_button = aid.get_by_role("button", name="Next", exact=True)
    block = aid.get_by_role("region", name="In Dutch public practice")
    for step in steps:
        label = session.text(session.current.answer(step).text, "en", html=False)
        question = session.text(session.current.text, "en", html=False)
        session.answer(step)
        after = None if session.done else session.text(session.current.text, "en", html=False)
        # a new question brings a new answer group: a press that reached the group being
        # replaced is repeated once the new one is there
        for _ in range(3):
            radio = aid.get_by_role("radio", name=label, exact=True)
            radio.focus()
            page.keyboard.press("Space")
            expect(next_button).to_be_enabled()
            next_button.press("Enter")
            try:
                if after is None:  # the last answer: the conclusion with its Dutch links
                    expect(block).to_be_visible(timeout=15_000)
                else:
                    expect(aid).to_contain_text(" ".join(after.split()[:5]), timeout=15_000)
                break
            except AssertionError:
                expect(aid).to_contain_text(" ".join(question.split()[:5]))
        else:
            raise AssertionError(f"the aid did not move on from {question!r}")
    assert session.done
    expect(block).to_be_visible()
    entry = links_for(session.conclusion.id)
    first = default_content().get(entry.practice[0], "nl_practice")
    summary = block.locator("summary").first
    expect(summary).to_contain_text(first.title.en)
    summary.focus()
    page.keyboard.press("Enter")  # opens the cited detail
    expect(block.locator("details").first.locator(".aiact-cite")).to_be_visible()
    axe_check(page)
