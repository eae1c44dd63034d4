"""Workshop pages in a real browser: the dashboard shows hostile pseudonyms as text (nothing
runs), updates itself without a reload, shows nothing for a wrong token; a participant joins,
answers the session's quiz and the answer is stored. Every page passes axe."""

from __future__ import annotations

import pytest

from aiact_kit.engines.workshop import ResultsStore

pytestmark = pytest.mark.browser

QID = "q-timeline-annex-iii-date"
HOSTILE = [
    "<script>window.pwned=1</script>",
    "<img src=x onerror=window.pwned=2>",
    "'; DROP TABLE answers;--",
    "مرحبا بالعالم",
    "&amp; <b>bold</b>",
]


@pytest.fixture
def store():
    # The same database as the app's kernels: both use AIACT_KIT_DB, else the results file in
    # AIACT_KIT_DATA_DIR, which tests/conftest.py points at a temporary folder.
    s = ResultsStore()
    yield s
    s.close()


@pytest.fixture
def room(store):
    code, token = store.create_session("Browser <b>test</b>", "nl", [QID])
    for i, name in enumerate(HOSTILE):
        pid = store.join(code, name)
        right = i % 2 == 1
        answer = "annex-iii-high-risk" if right else "general-application"
        store.record_answer(pid, QID, answer, right, topic="timeline")
    yield code, token
    store.delete_session(code, token)


def test_dashboard_escapes_pseudonyms_and_updates_live(page_for, axe_check, store, room):
    code, token = room
    page = page_for(f"nl/workshop-begeleider.ipynb?code={code}&token={token}")
    page.get_by_text(f"{len(HOSTILE)} deelnemers").first.wait_for()
    assert HOSTILE[2] not in page.inner_text("body")  # nicknames only when switched on
    page.get_by_label("Bijnamen tonen").check()
    page.get_by_text(HOSTILE[2]).first.wait_for()
    body = page.inner_text("body")
    for name in HOSTILE:
        assert name in body  # shown as text, exactly as typed
    assert "Browser <b>test</b>" in body
    assert page.evaluate("window.pwned") is None  # no pseudonym ran as code
    assert (
        page.locator("img[src='x']").count() == 0
        and page.locator("b", has_text="bold").count() == 0
    )
    chart = page.locator("img[src^='data:image/png;base64,']")
    assert chart.count() == 1
    alt = chart.get_attribute("alt")
    assert alt.startswith("Staafdiagram van de antwoorden op") and "(juist)" in alt
    axe_check(page)

    # a new participant answers: the page updates itself, without a reload
    store.record_answer(store.join(code, "Laatkomer"), QID, "annex-iii-high-risk", True)
    page.get_by_text(f"{len(HOSTILE) + 1} deelnemers").first.wait_for()
    assert "Laatkomer" in page.inner_text("body")


def test_dashboard_with_wrong_token_shows_no_data(page_for, room):
    code, _token = room
    page = page_for(f"en/workshop-facilitator.ipynb?code={code}&token=not-the-token")
    page.get_by_text("No access").first.wait_for()
    body = page.inner_text("body")
    for secret in ("Browser", "DROP TABLE", "مرحبا", "Participants who answered"):
        assert secret not in body
    assert page.locator("img[src^='data:image/png']").count() == 0


def test_participant_joins_and_answers_the_session_quiz(page_for, axe_check, store, room):
    code, token = room
    page = page_for(f"nl/workshop-deelnemen.ipynb?code={code}")
    assert page.get_by_label("Sessiecode").input_value() == code
    page.get_by_label("Pseudoniem").fill("<img src=x onerror=window.pwned=3>")
    page.get_by_role("button", name="Doe mee").click()
    page.get_by_text(f"deelnemer {len(HOSTILE) + 1}").first.wait_for()
    assert page.evaluate("window.pwned") is None
    assert "<img src=x onerror=window.pwned=3>" in page.inner_text("body")
    page.get_by_text("2 december 2027").first.click()
    page.get_by_role("button", name="Controleer").click()
    page.get_by_text("Antwoord opgeslagen (1 vraag beantwoord)").wait_for()
    axe_check(page)
    rows = [r for r in store.export_rows(code, token) if r["participant"] == len(HOSTILE) + 1]
    assert [(r["question_id"], r["correct"], r["attempt"]) for r in rows] == [(QID, 1, 1)]


def test_join_refuses_a_bad_pseudonym_with_a_message(page_for, room):
    code, _token = room
    page = page_for(f"en/workshop-join.ipynb?code={code}")
    page.get_by_label("Pseudonym").fill("x" * 41)
    page.get_by_role("button", name="Join").click()
    page.get_by_text("A pseudonym has at most 40 characters.").wait_for()
