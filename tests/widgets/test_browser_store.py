"""The browser store of the web app (issue 15), with the browser's part played by the test:
the page sends what ``localStorage`` held (``stored``, ``ready``), the kernel writes the
record back (``record``). A reload is a new store that is sent the last written record."""

from __future__ import annotations

import json
import re

from aiact_kit.engines.browser_progress import parse_record
from aiact_kit.engines.quiz import right_answer
from aiact_kit.widgets import browser_store
from aiact_kit.widgets.nav import landing, page_nav
from aiact_kit.widgets.quiz import quiz

QUESTIONS = ["q-definition-inference", "q-definition-gpai-model"]


def open_page(stored: str, page_id: str = "lesson-ai-system", lang: str = "nl"):
    """A page load: the nav makes the store, the quiz attaches, then the browser answers."""
    nav = page_nav(page_id, lang=lang)
    widget = quiz(QUESTIONS, lang=lang, seed=1, quiz_id="definition")
    store = browser_store.current_store()
    assert store is not None and store in nav.children
    store.stored, store.ready = stored, True
    return store, widget


def plain(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_outside_the_web_app_there_is_no_store(monkeypatch, tmp_path):
    monkeypatch.setenv("AIACT_KIT_PROGRESS", str(tmp_path / "p.sqlite"))
    assert not browser_store.active() and browser_store.page_store("x") is None


def test_answers_and_lesson_status_survive_a_reload(web_app):
    store, w = open_page("")
    first = w.session.ids[0]
    w.controls.value = right_answer(w.session.question(0))
    w.check_button.click()
    saved = store.record
    record = parse_record(saved)
    assert record.answers_for("definition")[0]["question_id"] == first
    assert record.status("lesson-ai-system") == "in_progress"

    # reload: a new kernel, a new store, the browser sends what was saved
    browser_store._store = None
    store2, w2 = open_page(saved)
    assert w2.session.state(first).finished and w2.session.state(first).correct
    assert "Goed" in plain(w2.feedback.value if w2.qid == first else w2._feedback[first])
    assert w2.session.progress.answered == 1
    # finishing the page's quiz marks the lesson done
    w2.index = w2.session.ids.index(w2.session.ids[1])
    w2._show_question()
    w2.controls.value = right_answer(w2.session.question(1))
    w2.check_button.click()
    assert parse_record(store2.record).status("lesson-ai-system") == "done"


def test_landing_shows_status_continue_and_forgets(web_app):
    store, w = open_page("", page_id="lesson-prohibited")
    saved = store.record
    browser_store._store = None
    page = landing("nl")
    store = browser_store.current_store()
    store.stored, store.ready = saved, True
    html = plain(page.children[4].value)
    assert "Les 3: Verboden AI-praktijken" in html and "bezig" in html
    assert "nog niet begonnen" in html
    assert "Ga verder waar je gebleven was: Les 3" in plain(page.children[2].value)
    forget = next(c for c in page.children if "aiact-forget" in c._dom_classes)
    forget.click()
    assert store.record == "" and "bezig" not in plain(page.children[4].value)
    assert json.loads(store.data.to_json())["answers"] == []


def test_a_reload_asks_the_same_questions_in_the_same_order(web_app):
    page_nav("lesson-ai-system", lang="nl")
    w = quiz("definition", lang="nl", limit=3)  # a random seed, as on the lesson page
    store = browser_store.current_store()
    store.stored, store.ready = "", True
    ids, saved = list(w.session.ids), store.record
    for _ in range(5):  # five reloads: a fresh random seed each time, the stored one wins
        browser_store._store = None
        page_nav("lesson-ai-system", lang="nl")
        again = quiz("definition", lang="nl", limit=3)
        store = browser_store.current_store()
        store.stored, store.ready = saved, True
        assert again.session.ids == ids
