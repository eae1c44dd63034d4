"""Progress that stays in the web app (issue 15), in a real browser: answer a question, reload,
and the answer and the lesson's status are still there (kept in the browser's own storage);
the landing page shows the status and "continue", and "Forget my progress" clears it."""

from __future__ import annotations

from playwright.sync_api import expect

from aiact_kit.engines.browser_progress import STORAGE_KEY


def _stored(page) -> str | None:
    return page.evaluate(f"() => window.localStorage.getItem({STORAGE_KEY!r})")


def test_answers_and_status_survive_a_reload_and_can_be_forgotten(page_for, axe_check):
    page = page_for("nl/01-wat-is-een-ai-systeem.ipynb")
    quiz = page.locator(".aiact-quiz")
    progress = quiz.locator(".aiact-progress-row")
    expect(progress).to_contain_text("0 van 8 beantwoord")
    # the order is random: go to the first question answered by one group of radio buttons
    # (a case question has one group per part, and one click would leave it incomplete)
    for _ in range(8):
        if quiz.locator(".aiact-quiz-answer .widget-radio-box").count() == 1:
            break
        heading = quiz.locator(".aiact-quiz-heading").inner_text()
        quiz.get_by_role("button", name="Volgende").click()
        expect(quiz.locator(".aiact-quiz-heading")).not_to_have_text(heading)
    quiz.locator(".aiact-quiz-answer .widget-radio-box label").first.click()
    expect(quiz.locator(".aiact-quiz-answer input[type=radio]:checked")).to_have_count(1)
    quiz.get_by_role("button", name="Controleer").click()
    feedback = quiz.locator(".aiact-feedback")
    expect(feedback.locator(".aiact-verdict")).to_have_count(1)
    expect(progress).to_contain_text("1 van 8 beantwoord")
    first_feedback = feedback.text_content()
    answered_heading = quiz.locator(".aiact-quiz-heading").inner_text()
    page.wait_for_function(
        f"() => (window.localStorage.getItem({STORAGE_KEY!r}) || '').includes('question_id')"
    )

    page = page_for("nl/01-wat-is-een-ai-systeem.ipynb")  # reload: a new kernel
    quiz = page.locator(".aiact-quiz")
    expect(quiz.locator(".aiact-progress-row")).to_contain_text("1 van 8 beantwoord")
    for _ in range(8):  # the same order as before the reload: find the answered question
        heading = quiz.locator(".aiact-quiz-heading").inner_text()
        if heading == answered_heading:
            break
        quiz.get_by_role("button", name="Volgende").click()
        expect(quiz.locator(".aiact-quiz-heading")).not_to_have_text(heading)
    expect(quiz.locator(".aiact-feedback")).to_have_text(first_feedback)
    axe_check(page)

    page = page_for("nl/index.ipynb")
    entry = page.locator('li.aiact-entry[data-id="lesson-ai-system"]')
    expect(entry.locator(".aiact-status")).to_have_text("bezig")
    expect(page.locator('li.aiact-entry[data-id="lesson-gpai"] .aiact-status')).to_have_text(
        "nog niet begonnen"
    )
    expect(page.locator(".aiact-continue a")).to_contain_text("Les 1")
    axe_check(page)
    page.get_by_role("button", name="Vergeet mijn voortgang").click()
    expect(entry.locator(".aiact-status")).to_have_text("nog niet begonnen")
    page.wait_for_function(f"() => window.localStorage.getItem({STORAGE_KEY!r}) === null")

    page = page_for("nl/01-wat-is-een-ai-systeem.ipynb")
    expect(page.locator(".aiact-quiz .aiact-progress-row")).to_contain_text("0 van 8 beantwoord")
    assert "question_id" not in (_stored(page) or "")
