"""A live round with the widgets (no browser): the facilitator chooses questions with checkboxes
and runs them; a participant sees only the current question, answers while it is open, and
after the reveal the answer, explanation, citation and how the room answered (every option)."""

from __future__ import annotations

import os
import re
from types import SimpleNamespace

import pytest

from aiact_kit.content import default_content
from aiact_kit.engines.workshop import LIVE_TYPES, ResultsStore
from aiact_kit.engines.workshop import picking as pk
from aiact_kit.present.workshop_live import live_question
from aiact_kit.widgets import workshop as ws
from aiact_kit.widgets.workshop import join as ws_join
from aiact_kit.widgets.workshop.live_view import LiveView

QID = "q-timeline-annex-iii-date"


@pytest.fixture
def db(tmp_path):
    return str(tmp_path / "results.sqlite")


@pytest.fixture
def session(db):
    with ResultsStore(db) as s:
        return s.create_session("Live", "nl")


@pytest.fixture(autouse=True)
def _no_active_join():
    yield
    if ws_join._active_join is not None:
        ws_join._active_join.close()


def _dashboard(db, code, token, lang="nl"):
    d = ws.FacilitatorDashboard(
        lang=lang, db=db, code=code, token=token, refresh_interval=None, live_poll=None
    )
    assert d.live is not None
    return d


def _participant(db, code, name):
    w = ws.JoinSession(lang="nl", db=db, live_poll=None)
    w.code.value, w.pseudonym.value = code, name
    assert w.join()
    return w


def test_questions_are_chosen_with_checkboxes(db, session):
    code, token = session
    live = _dashboard(db, code, token).live
    assert live.prepare() is None and "geen vragen gekozen" in live.status.value
    live.topic_boxes["timeline"].value = True
    live.count.value = 3
    first = live.selected()
    assert len(first) == 3 and first == live.selected()  # the same draw for this session
    content = default_content()
    assert {content.get(q, "questions").topic for q in first} == {"timeline"}
    live.source.value = "pick"
    assert live.pick.layout.display is None and live.count.layout.display == "none"
    live.pick_boxes[QID].value = True
    assert live.selected() == [QID]
    live.source.value = "final"
    final = live.selected()
    topics = {content.get(q, "questions").topic for q in final}
    assert len(topics) == len(final) >= 8  # one from each topic
    live.source.value = "lesson"
    live.lesson.value = "lesson-timeline"
    lesson = live.selected()
    assert lesson and all(content.get(q, "questions").type in LIVE_TYPES for q in lesson)


def test_a_live_round_from_the_pages(db, session):
    code, token = session
    dash = _dashboard(db, code, token)
    live = dash.live
    # Bob is on another server (a kernel has one joined participant): his own live view
    other = ResultsStore(db)
    bob = SimpleNamespace(
        live=LiveView(lambda: other, code, other.join(code, "Bob"), "nl", poll=None)
    )
    anna = _participant(db, code, "Anna")
    assert anna.live is not None and not anna.live.active  # nothing chosen: self-paced view
    live.source.value = "pick"
    live.topic_boxes["timeline"].value = True
    live.pick_boxes[QID].value = True
    live.countdown.value = 0
    assert live.prepare().questions == (QID,)
    for w in (anna, bob):
        w.live.poll()
        assert w.live.active and "Wacht op de eerste vraag" in w.live.phase.value
    assert anna.quiz_area.layout.display == "none"  # the self-paced quiz waits
    live.act("next")
    lq = live_question(QID, "nl")
    anna.live.poll()
    assert lq.view.prompt in anna.live.head.value and "Vraag 1 van 1" in anna.live.head.value
    assert "Antwoorden is open" in anna.live.phase.value
    assert anna.live.after.value == ""  # no answer before the reveal
    right = next(iter(lq.right))
    wrong = next(c.id for c in lq.view.choices if c.id not in lq.right)
    anna.live._controls.value = right
    assert anna.live.send() and "ontvangen" in anna.live.status.value
    live.act("lock")
    bob.live.poll()
    assert "gesloten" in bob.live.phase.value and bob.live.send_button.disabled
    bob.live._controls.value = wrong
    assert bob.live.send() is False and "te laat" in bob.live.status.value
    live.act("reveal")
    anna.live.poll()
    after = anna.live.after.value
    assert "Juiste antwoord" in after and "Jouw antwoord was juist" in after
    assert lq.explanation[:40] in after.replace("&#x27;", "'") and "Bron" in after
    for choice in lq.view.choices:  # every option, also those nobody chose
        assert choice.text in after
    assert after.count("aiact-live-right") == len(lq.right)
    bob.live.poll()
    assert "geen antwoord" in bob.live.after.value
    live.poll()
    assert "1 antwoord" in live.view.value and "juist" in live.view.value
    live.act("next")  # after the last question the round ends
    anna.live.poll()
    assert "afgelopen" in anna.live.phase.value
    with ResultsStore(db) as s:
        rows = s.export_rows(code, token)
    assert [(r["question_id"], r["quiz_id"], r["correct"]) for r in rows] == [(QID, "live", 1)]
    dash.close()
    bob.live.close()
    other.close()


def test_lesson_quiz_reads_the_quiz_calls_of_the_notebook(tmp_path):
    nb = tmp_path / "les.ipynb"
    nb.write_text(
        '{"cells": [{"cell_type": "code", "source": ["quiz(\\"timeline\\", lang=\\"nl\\")\\n",'
        '"quiz([\\"' + QID + '\\"], limit=2)\\n", "quiz(some_name)"]}]}'
    )
    ids = pk.lesson_quiz(nb)
    assert QID in ids and len(ids) == len(pk.live_ids(None, ["timeline"]))


# -- the projector screen -------------------------------------------------------------------------
def test_projector_screen_follows_the_round_and_never_shows_the_token(db, session, monkeypatch):
    code, token = session
    url = f"http://10.0.0.5:8866/voila/render/nl/workshop-scherm.ipynb?code={code}&token={token}"
    monkeypatch.setenv("QUERY_STRING", f"code={code}&token={token}")
    monkeypatch.setenv("VOILA_REQUEST_URL", url)
    screen = ws.projector_screen("nl", db=db)
    screen.close()  # the polling thread; the test polls itself
    screen = ws.ProjectorScreen("nl", db=db, code=code, request_url=url, poll=None)
    html = screen.screen.value
    assert (
        screen.url == f"http://10.0.0.5:8866/voila/render/nl/workshop-deelnemen.ipynb?code={code}"
    )
    assert f"10.0.0.5:8866/voila/render/nl/workshop-deelnemen.ipynb?code={code}" in html
    assert code in html and "<svg" in html and 'aria-label="QR-code' in html
    assert "0 deelnemers" in html and "De live-ronde begint zo" in html
    with ResultsStore(db) as s:
        pid = s.join(code, "<b>Anna</b>")
        s.live_step(code, token, "plan", questions=[QID])
        s.live_step(code, token, "next", countdown=60)
        lq = live_question(QID, "nl")
        s.live_answer(pid, _rec(lq, right=False))
    screen.poll()
    html = screen.screen.value
    assert "1 deelnemer" in html and lq.view.prompt in html and "Nog 60 seconden" in html
    for choice in lq.view.choices:  # every option, before the reveal not marked
        assert choice.text in html
    assert 'class="aiact-live-right"' not in html and "Anna" not in html  # names are off
    with ResultsStore(db) as s:
        s.live_step(code, token, "reveal")
        s.live_step(code, token, "names", show=True)
    screen.poll()
    html = screen.screen.value
    assert html.count('class="aiact-live-right"') == len(lq.right) and "Juiste antwoord" in html
    assert "&lt;b&gt;Anna&lt;/b&gt;" in html  # switched on: shown as text
    assert (
        token not in html
        and token not in screen.url
        and token not in os.environ.get("QUERY_STRING", "")
    )
    screen.close()


def _rec(lq, right: bool):
    from aiact_kit.engines.workshop import validate_answer

    pick = next(c.id for c in lq.view.choices if (c.id in lq.right) == right)
    return validate_answer(lq.id, pick, right, topic=lq.view.topic)


def test_dashboard_downloads_the_record_and_the_labelled_csv(db):
    import base64
    import re

    with ResultsStore(db) as s:
        code, token = s.create_session("Ochtend", "nl", organisation="Gemeente Y")
        s.record_answer(s.join(code, "Anna"), QID, "annex-iii-high-risk", True, topic="timeline")
    d = _dashboard(db, code, token)
    d.export_button.click()
    links = dict(
        re.findall(
            r'download="([^"]+)" href="data:[^;]+;charset=utf-8;base64,([^"]+)"',
            d.export_link.value,
        )
    )
    record = base64.b64decode(links[f"aiact-kit-record-{code}.html"]).decode()
    assert "Deelnamebewijs AI-geletterdheid" in record and "Gemeente Y" in record
    assert "Anna" not in record and "Vanaf wanneer gelden de regels" in record
    csv_text = base64.b64decode(links[f"aiact-kit-results-{code}.csv"]).decode()
    header = csv_text.splitlines()[0]
    assert header.endswith(";question;answer_label;answered_local") and "Anna" not in csv_text
    d.close()


# -- staying joined across pages ------------------------------------------------------------------
def test_a_lesson_page_opened_from_the_join_link_records_quiz_answers(db, monkeypatch):
    import urllib.parse

    from aiact_kit import page_nav
    from aiact_kit.engines import events
    from aiact_kit.widgets.workshop import carry

    monkeypatch.setenv("AIACT_KIT_DB", db)
    with ResultsStore(db) as s:
        code, token = s.create_session("Les", "nl")
    w = _participant(db, code, "Zoë & co")
    href = re.search(r'href="([^"]+)"', w.onward.value).group(1).replace("&amp;", "&")
    assert href.startswith("index.ipynb?")
    query = href.split("?", 1)[1]
    assert urllib.parse.parse_qs(query)["wsname"] == ["Zoë & co"]
    w.close()  # the join page is left; the lesson page is another kernel
    monkeypatch.setenv("QUERY_STRING", query)
    try:
        nav = page_nav("lesson-timeline", lang="nl").value
        assert "Je doet mee aan de workshop als <bdi>Zoë &amp; co</bdi>" in nav
        links = re.findall(r'href="([^"]+\.ipynb[^"]*)"', nav)
        assert links and all("wsrejoin=" in link for link in links)
        assert "wsrejoin" not in os.environ.get("QUERY_STRING", "")  # read once, then dropped
        events.emit(
            "answer",
            {
                "question_id": QID,
                "answer": "annex-iii-high-risk",
                "correct": True,
                "score": 1.0,
                "attempt": 1,
                "topic": "timeline",
                "quiz_id": "timeline",
            },
        )
        with ResultsStore(db) as s:
            rows = s.export_rows(code, token)
            assert [(r["participant"], r["question_id"]) for r in rows] == [(1, QID)]
            assert len(s.participants(code, token)) == 1  # the same participant, not a new one
    finally:
        carry.forget()
    monkeypatch.setenv("QUERY_STRING", "ws=ABCDEF&wsname=x&wsrejoin=ZZZZ")  # unknown: ignored
    assert "aiact-ws-carried" not in page_nav("lesson-timeline", lang="nl").value


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_facilitator_pages_are_only_at_the_foot_of_the_landing_page(lang):
    from aiact_kit.present.pages import landing_html

    html = landing_html(lang)
    tools = html.split('class="aiact-list aiact-tools"')[1].split("</ul>")[0]
    foot = html.split('class="aiact-disclaimer"')[1]
    for page_id in ("tool-workshop-facilitator", "tool-workshop-screen"):
        assert f'data-id="{page_id}"' not in tools and f'data-id="{page_id}"' in foot
    assert 'data-id="tool-workshop-join"' in tools


def test_the_rejoin_code_in_page_links_never_reaches_a_log():
    from aiact_kit.app.webguard import redact

    line = "GET /voila/render/nl/index.ipynb?ws=K7M2QX&wsname=Anna&wsrejoin=AB2C 200"
    assert redact(line) == line.replace("AB2C", "[redacted]")
