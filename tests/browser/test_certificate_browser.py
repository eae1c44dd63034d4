"""A learner who passes the final test downloads a record of completion (issue 15), in a real
browser. The answers are the right ones, kept in this browser's storage as if the learner had
given them earlier (the web app's store replays them on load): the test then goes to the
result, types a name and downloads the certificate, and reads every field in the file."""

from __future__ import annotations

import base64
import json
from datetime import date

from playwright.sync_api import expect

from aiact_kit import __version__
from aiact_kit.content import default_content
from aiact_kit.content.text import text
from aiact_kit.engines.browser_progress import STORAGE_KEY, LearnerRecord
from aiact_kit.engines.final_test import final_test_ids
from aiact_kit.engines.quiz import right_answer


def right_answers_record() -> tuple[str, int]:
    content = default_content()
    ids = final_test_ids(per_topic=3)
    record = LearnerRecord()
    for qid in ids:
        q = content.get(qid, "questions")
        record.add_answer(
            {
                "question_id": qid,
                "quiz_id": "final-test",
                "topic": q.topic,
                "answer": right_answer(q, content),
                "correct": True,
                "score": 1.0,
                "attempt": 1,
            }
        )
    return record.to_json(), len(ids)


def test_a_learner_who_passes_the_final_test_downloads_a_certificate(page, page_for, axe_check):
    stored, n = right_answers_record()
    page.add_init_script(
        f"if (window.localStorage.getItem({STORAGE_KEY!r}) === null)"
        f" window.localStorage.setItem({STORAGE_KEY!r}, {json.dumps(stored)});"
    )
    page = page_for("nl/10-eindtoets.ipynb")
    quiz = page.locator(".aiact-quiz")
    expect(quiz.locator(".aiact-progress-row")).to_contain_text(f"{n} van {n} beantwoord")
    finish = text("quiz.finish", "nl")
    heading = quiz.locator(".aiact-quiz-heading")
    for i in range(1, n):  # to the last question (its Next button leads to the result)
        expect(heading).to_contain_text(f"Vraag {i} van {n}")
        quiz.get_by_role("button", name="Volgende").click()
    expect(heading).to_contain_text(f"Vraag {n} van {n}")
    quiz.get_by_role("button", name=finish).click()

    box = page.locator(".aiact-certificate")
    expect(box).to_be_visible()
    expect(page.locator(".aiact-quiz")).to_contain_text(f"{n} van {n}")
    axe_check(page)
    box.get_by_label(text("quiz.cert_name_label", "nl")).fill("Fatima de Vries")
    box.get_by_role("button", name=text("quiz.cert_make", "nl")).click()
    link = box.get_by_role("link", name=text("quiz.cert_download", "nl"))
    expect(link).to_be_visible()
    href = link.get_attribute("href")
    prefix = "data:text/html;charset=utf-8;base64,"
    assert href and href.startswith(prefix)
    certificate = base64.b64decode(href[len(prefix) :]).decode("utf-8")

    meta = default_content().meta
    assert "Fatima de Vries" in certificate
    assert str(date.today().year) in certificate
    assert f"{n} van {n} goed (100%; 70% nodig om te slagen)" in certificate
    assert "Toepassingsgebied" in certificate  # the score per topic
    assert meta.law.get("nl") in certificate and str(meta.as_of.year) in certificate
    assert f"versie {__version__}" in certificate
    assert "artikel 4" in certificate
    stored_now = page.evaluate(f"() => window.localStorage.getItem({STORAGE_KEY!r})") or ""
    assert "Fatima" not in stored_now  # the name is not kept in the browser
    assert '"final"' in stored_now and '"correct": ' + str(n) in stored_now.replace('":', '": ')
