"""The join form and the facilitator dashboard (ipywidgets, without a browser)."""

from __future__ import annotations

import base64
import csv
import io
import re
import threading
import time
from html import escape

import ipywidgets as widgets
import pytest
from workshop_fixtures import HOSTILE

from aiact_kit.engines import events, progress
from aiact_kit.engines.workshop import ResultsStore
from aiact_kit.present.workshop_questions import answer_label
from aiact_kit.widgets import workshop as ws
from aiact_kit.widgets.workshop import join as ws_join

QID = "q-timeline-annex-iii-date"  # a real question of the shipped content


def _payload(qid: str = QID, answer="annex-iii-high-risk", correct=True, attempt=1) -> dict:
    return {
        "question_id": qid,
        "answer": answer,
        "correct": correct,
        "score": 1.0 if correct else 0.0,
        "attempt": attempt,
        "topic": "timeline",
        "quiz_id": "timeline",
    }


def _texts(widget) -> str:
    """Everything a widget tree shows: HTML values, field values, labels."""
    out = []
    for attr in ("value", "description", "placeholder"):
        v = getattr(widget, attr, None)
        if isinstance(v, str):
            out.append(v)
    for child in getattr(widget, "children", ()):
        out.append(_texts(child))
    return "\n".join(out)


def _visible(widget) -> bool:
    return widget.layout.display != "none"


@pytest.fixture
def db(tmp_path):
    return str(tmp_path / "results.sqlite")


@pytest.fixture
def session(db):
    with ResultsStore(db) as s:
        code, token = s.create_session("Workshop <i>AI</i>", "nl")
    return code, token


@pytest.fixture(autouse=True)
def _no_active_join():
    yield
    if ws_join._active_join is not None:
        ws_join._active_join.close()
    progress.resume()


def _join(db, code, name, lang="nl", rejoin="", **kw):
    kw.setdefault("live_poll", None)  # tests call poll() themselves
    w = ws.JoinSession(lang=lang, db=db, **kw)
    w.code.value, w.pseudonym.value, w.rejoin.value = code, name, rejoin
    return w, w.join()


def _wait_until(condition, timeout=30.0):
    """Wait for a condition set by a background thread (fails only by never happening)."""
    end = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < end, "condition not reached"
        time.sleep(0.02)


# -- participant ------------------------------------------------------------------------------
def test_join_form_is_labelled_and_asks_no_personal_data():
    w = ws.join_session("nl")
    assert w.code.description == "Sessiecode" and w.pseudonym.description == "Pseudoniem"
    assert "geen persoonsgegevens" in w.note.value
    assert "e-mail" not in w.pseudonym.description.lower()
    en = ws.join_session("en")
    assert en.join_button.description == "Join" and "No personal data" in en.note.value


def test_join_records_answers_once(db, session):
    code, token = session
    w, ok = _join(db, code.lower(), "Anna")
    assert ok and "deelnemer 1" in w.status.value
    assert w.code.value == code and w.leave_button.disabled is False
    assert events.emit("answer", _payload()) == []
    assert "Antwoord opgeslagen (1 vraag beantwoord)" in w.status.value
    events.emit("answer", _payload())  # the same submission again
    assert "al opgeslagen" in w.status.value
    events.emit("answer", _payload(correct=False, answer="general-application", attempt=2))
    with ResultsStore(db) as s:
        assert s.stats(code, token).answers == 2
    w.leave()
    events.emit("answer", _payload(qid="q-other"))
    with ResultsStore(db) as s:
        assert s.stats(code, token).answers == 2
    assert "niet meer" in w.status.value


def test_rejoin_with_the_rejoin_code_says_welcome_back(db, session):
    code, token = session
    w, _ = _join(db, code, "Anna")
    rejoin = w.rejoin_code
    assert re.search(rf"terugkomcode is <strong[^>]*>{rejoin}</strong>", w.status.value)
    events.emit("answer", _payload())
    w.close()
    # someone else typing the same nickname is refused, not merged into Anna
    w2, ok = _join(db, code, "ANNA")
    assert (
        ok is False and "al in gebruik" in w2.status.value and "aiact-ws-error" in w2.status.value
    )
    w2.close()
    w3, ok = _join(db, code, "anna", rejoin=rejoin.lower())
    assert ok and "Welkom terug" in w3.status.value and "1 vraag " in w3.status.value
    with ResultsStore(db) as s:
        assert [p.pseudonym for p in s.participants(code, token)] == ["Anna"]


@pytest.mark.parametrize(
    ("code", "name", "message"),
    [
        ("ZZZZZZ", "Anna", "Deze sessiecode bestaat niet"),
        ("", "Anna", "Vul de sessiecode in"),
        (None, "", "Vul een pseudoniem in"),
        (None, "x" * 10_000, "hoogstens 40 tekens"),
        (None, "a\x00b", "stuurtekens"),
        (None, "a\nb", "stuurtekens"),
    ],
)
def test_join_errors_are_shown_not_raised(db, session, code, name, message):
    w, ok = _join(db, session[0] if code is None else code, name)
    assert ok is False
    assert message in w.status.value and "aiact-ws-error" in w.status.value
    assert w.participant_id is None
    with ResultsStore(db) as s:
        assert s.participants(*session) == []


def test_store_unavailable_is_shown_not_raised(tmp_path, session):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    w, ok = _join(str(blocker / "results.sqlite"), session[0], "Anna")
    assert ok is False and "niet bereikbaar" in w.status.value


@pytest.mark.parametrize("name", HOSTILE)
def test_own_pseudonym_is_shown_escaped(db, session, name):
    w, ok = _join(db, session[0], name)
    assert ok
    assert name not in w.status.value or "<" not in name and "&" not in name
    assert f"<bdi>{escape(name)}</bdi>" in w.status.value


def test_deleted_session_stops_recording(db, session):
    code, token = session
    w, _ = _join(db, code, "Anna")
    with ResultsStore(db) as s:
        s.delete_session(code, token)
    assert events.emit("answer", _payload()) == []  # shown, not raised
    assert "bestaat niet meer" in w.status.value
    assert w.participant_id is None and w.join_button.disabled is False


def test_local_progress_is_paused_while_joined(db, session, tmp_path, monkeypatch):
    monkeypatch.setenv("AIACT_KIT_PROGRESS", str(tmp_path / "p.sqlite"))
    progress.ensure_tracking()
    try:
        w, _ = _join(db, session[0], "Anna")
        assert progress.is_paused()
        events.emit("answer", _payload())
        w.leave()
        assert not progress.is_paused()
        events.emit("answer", _payload(qid="q-after"))
        assert list(progress.default_progress().answered()) == ["q-after"]
    finally:
        progress.stop_tracking()


def test_only_one_join_is_active_per_kernel(db, session):
    code, token = session
    first, _ = _join(db, code, "Anna")
    second, _ = _join(db, code, "Bob")
    assert first.participant_id is None and second.participant_id is not None
    events.emit("answer", _payload())
    with ResultsStore(db) as s:
        assert [(p.pseudonym, p.answered) for p in s.participants(code, token)] == [
            ("Anna", 0),
            ("Bob", 1),
        ]


def test_join_code_from_the_page_url(monkeypatch):
    monkeypatch.setenv("QUERY_STRING", "code=K7M2QX&lang=en")
    assert ws.join_session("nl").code.value == "K7M2QX"


# -- facilitator ------------------------------------------------------------------------------
def _room(db, code, names):
    with ResultsStore(db) as s:
        for i, name in enumerate(names):
            pid = s.join(code, name)
            right = i % 2 == 0
            s.record_answer(
                pid, QID, "annex-iii-high-risk" if right else "general-application", right
            )
            s.record_answer(pid, "q-unknown", "x", False, topic="scope")


@pytest.mark.parametrize("token", [None, "", "wrong"])
def test_wrong_or_missing_token_shows_no_data(db, session, token):
    code, _good = session
    _room(db, code, ["Anna", "Bob"])
    d = ws.facilitator_dashboard("nl", db=db, code=code, token=token, refresh_interval=None)
    d.code.value, d.token.value = code, token or ""
    assert d.open_session() is False
    assert "Geen toegang" in d.status.value
    assert not _visible(d.results) and d.refresher is None
    shown = _texts(d)
    for secret in ("Anna", "Bob", "&lt;i&gt;AI", "<i>AI", "annex-iii", "<img"):
        assert secret not in shown
    assert d.refresh() is False
    d.close()


def test_dashboard_shows_the_room_escaped(db, session):
    code, token = session
    _room(db, code, HOSTILE)
    d = ws.facilitator_dashboard("nl", db=db, code=code, token=token, refresh_interval=None)
    assert _visible(d.results) and not _visible(d.login)
    assert d.token.value == ""  # the secret is not left in the form
    assert "Workshop &lt;i&gt;AI&lt;/i&gt;" in d.header.value
    assert f"{len(HOSTILE)} deelnemers" in d.overview.value
    assert d.participants.value == ""  # nicknames only when switched on (e.g. not on a beamer)
    d.show_names.value = True
    shown = _texts(d)
    for name in HOSTILE:
        assert f"<bdi>{escape(name)}</bdi>" in d.participants.value
    assert "<script>" not in shown and "<img src=x" not in shown
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in d.participants.value
    # in session order (the order of the first answers), or hardest first on request
    ids = [re.search(r'id="aiact-ws-q-([^"]+)"', w.value).group(1) for w in d.questions.children]
    assert ids == [QID, "q-unknown"]
    d.order.value = "hardest"  # q-unknown (0% right) before the date question (50% right)
    ids = [re.search(r'id="aiact-ws-q-([^"]+)"', w.value).group(1) for w in d.questions.children]
    assert ids == ["q-unknown", QID]
    date_q = d.questions.children[1].value
    assert "Vanaf wanneer gelden de regels" in date_q  # the prompt from the content
    assert "2 december 2027" in date_q  # the answer shown as its date, not as an id
    assert "50% goed bij de eerste poging" in date_q
    alt = re.search(r'<img src="data:image/png;base64,[A-Za-z0-9+/=]+" alt="([^"]+)"', date_q)
    assert alt and "Staafdiagram" in alt.group(1) and "keer (juist)" in alt.group(1)
    assert "Deelname-overzicht" in d.summary.value and "art. 4" in d.summary.value
    d.close()


def test_refresh_picks_up_new_answers_and_redraws_only_changes(db, session):
    code, token = session
    d = ws.facilitator_dashboard("en", db=db, code=code, token=token, refresh_interval=None)
    assert "No answers yet" in _texts(d.questions)
    _room(db, code, ["Anna"])
    assert d.refresh() is True
    assert "1 participant (1 has answered) · 2 answers" in d.overview.value
    before = {w: w.value for w in d.questions.children}
    with ResultsStore(db) as s:
        s.record_answer(s.join(code, "Bob"), "q-unknown", "y", True)
    d.refresh()
    after = {w: w.value for w in d.questions.children}
    assert after[d._question_widgets[QID]] == before[d._question_widgets[QID]]
    assert after[d._question_widgets["q-unknown"]] != before[d._question_widgets["q-unknown"]]
    d.close()


def test_auto_refresh_runs_while_open_and_stops_when_closed(db, session):
    code, token = session
    d = ws.facilitator_dashboard("nl", db=db, code=code, token=token, refresh_interval=0.05)
    refresher = d.refresher
    assert refresher is not None and refresher.running
    _room(db, code, ["Anna", "Bob", "Chris"])
    _wait_until(lambda: "3 deelnemers" in d.overview.value)  # updated by the thread
    ticks = refresher.ticks
    _wait_until(lambda: refresher.ticks > ticks)
    d.close()
    assert not refresher.running and d.refresher is None
    assert d.refresh() is False
    assert not any(t.name == "aiact-kit-dashboard" and t.is_alive() for t in threading.enumerate())


def test_refresher_stops_when_refresh_reports_nothing_to_show():
    calls = []
    r = ws.Refresher(lambda: calls.append(1) or len(calls) < 3, 0.01).start()
    r.thread.join(timeout=30)
    assert not r.running and len(calls) == 3
    with pytest.raises(ValueError, match="positive"):
        ws.Refresher(lambda: True, 0)


def test_token_from_environment_or_url(db, session, monkeypatch):
    code, token = session
    monkeypatch.setenv("AIACT_KIT_SESSION", code)
    monkeypatch.setenv("AIACT_KIT_FACILITATOR_TOKEN", token)
    d = ws.facilitator_dashboard("nl", db=db, refresh_interval=None)
    assert _visible(d.results) and d.session_code == code
    d.close()
    monkeypatch.delenv("AIACT_KIT_SESSION")
    monkeypatch.delenv("AIACT_KIT_FACILITATOR_TOKEN")
    monkeypatch.setenv("QUERY_STRING", f"code={code}&token={token}")
    d = ws.facilitator_dashboard("nl", db=db, refresh_interval=None)
    assert _visible(d.results)
    d.close()


def test_token_field_is_a_labelled_password(db):
    d = ws.facilitator_dashboard("en", db=db, refresh_interval=None)
    assert isinstance(d.token, widgets.Password) and d.token.description == "Facilitator token"
    assert d.code.description == "Session code"
    assert not _visible(d.results)
    d.close()


def test_create_session_from_the_form(db):
    d = ws.facilitator_dashboard("nl", db=db, refresh_interval=None)
    d.title.value = "   "
    assert d.create() is None and "Vul een titel in" in d.status.value
    d.title.value = "Ochtendsessie"
    creds = d.create()
    assert creds is not None and _visible(d.results)
    assert creds.code in d.status.value and creds.token not in d.status.value
    # the token once, in a field to copy from, until "I have saved it"
    assert _visible(d.token_once) and d.token_once.field.value == creds.token
    d.token_once.saved.click()
    assert not _visible(d.token_once) and creds.token not in _texts(d)
    d.refresh()
    assert creds.token not in _texts(d)
    with ResultsStore(db) as s:
        assert s.check_token(creds.code, creds.token).title == "Ochtendsessie"
    d.close()


def test_create_session_helper(db):
    code, token = ws.create_session("Middag", "en", db=db)
    with ResultsStore(db) as s:
        assert s.check_token(code, token).lang == "en"


def test_csv_export_link(db, session):
    code, token = session
    _room(db, code, ["Anna", "<b>Bob</b>"])
    d = ws.facilitator_dashboard("nl", db=db, code=code, token=token, refresh_interval=None)
    text = d.export()
    m = re.search(
        r'<a download="aiact-kit-results-(\w+)\.csv" href="data:text/csv;charset=utf-8;base64,'
        r'([A-Za-z0-9+/=]+)">',
        d.export_link.value,
    )
    assert m and m.group(1) == code
    data = base64.b64decode(m.group(2)).decode("utf-8")
    assert data == text
    rows = list(csv.DictReader(io.StringIO(data)))
    assert len(rows) == 4 and {r["participant"] for r in rows} == {"1", "2"}
    assert "Anna" not in data and "Bob" not in data
    d.close()


def test_delete_with_confirmation(db, session):
    code, token = session
    _room(db, code, ["Anna", "Bob"])
    d = ws.facilitator_dashboard("nl", db=db, code=code, token=token, refresh_interval=0.05)
    refresher = d.refresher
    assert not _visible(d.confirm)
    d.delete_button.click()
    assert _visible(d.confirm) and code in d.confirm_text.value
    d.confirm_no.click()
    assert not _visible(d.confirm)
    with ResultsStore(db) as s:
        assert s.stats(code, token).answers == 4
    d.delete_button.click()
    d.confirm_yes.click()
    assert "4 antwoorden en 2 deelnemers" in d.status.value
    assert not _visible(d.results) and not refresher.running
    with ResultsStore(db) as s:
        assert s._q(s._conn(), "SELECT COUNT(*) FROM answers").fetchone()[0] == 0
        assert s._q(s._conn(), "SELECT COUNT(*) FROM participants").fetchone()[0] == 0
    assert "Anna" not in _texts(d)
    d.close()


def test_dashboard_against_each_backend(db_url):
    with ResultsStore(db_url) as s:
        code, token = s.create_session("T", "en")
        s.record_answer(s.join(code, "<script>"), QID, "annex-iii-high-risk", True)
    d = ws.facilitator_dashboard("en", db=db_url, code=code, token=token, refresh_interval=None)
    assert d.overview.value == "<p>1 participant (1 has answered) · 1 answer</p>"
    d.show_names.value = True
    assert "&lt;script&gt;" in d.participants.value and "<script>" not in _texts(d)
    d.close()


def test_answer_labels_use_the_content():
    from aiact_kit.content import default_content

    q = default_content().get(QID, "questions")
    assert answer_label(q, "annex-iii-high-risk", "en") == "2 December 2027"
    assert answer_label(None, {"a": 1, "b": [True, "x"]}, "nl") == "a → 1; b → true, x"


class FakeQuiz(widgets.VBox):
    """Stands in for the quiz widget: one button that checks an answer (emits the event)."""

    def __init__(self, selection, lang, code):
        self.args = (selection, lang, code)
        self.button = widgets.Button(description="check")
        self.button.on_click(lambda _b: events.emit("answer", _payload()))
        super().__init__([self.button])


def test_join_page_shows_the_session_quiz_and_records_it(db):
    with ResultsStore(db) as s:
        code, token = s.create_session("T", "nl", ["timeline"])
    w, ok = _join(db, code, "Anna", quiz_factory=FakeQuiz)
    assert ok
    heading, quiz = w.quiz_area.children
    assert "Quiz van deze sessie" in heading.value
    assert quiz.args == (["timeline"], "nl", code)
    quiz.button.click()
    with ResultsStore(db) as s:
        assert s.stats(code, token).answers == 1
    w.leave()
    assert w.quiz_area.children == ()


def test_session_without_quiz_says_answers_on_this_page_count(db, session):
    w, ok = _join(db, session[0], "Anna", quiz_factory=FakeQuiz)
    assert ok and "op deze pagina" in _texts(w.quiz_area)


def test_quiz_that_cannot_be_shown_does_not_break_the_join(db):
    with ResultsStore(db) as s:
        code, _ = s.create_session("T", "en", ["timeline"])

    def broken(*_args):
        raise ImportError("no quiz module")

    w, ok = _join(db, code, "Anna", lang="en", quiz_factory=broken)
    assert ok and w.participant_id is not None
    assert "cannot be shown here" in _texts(w.quiz_area)


def test_create_session_with_quiz_topics_from_the_form(db):
    d = ws.facilitator_dashboard("nl", db=db, refresh_interval=None)
    d.title.value = "Met quiz"
    d.quiz_topics.value = ("roles", "timeline")
    creds = d.create()
    assert "Quiz: Rollen, Tijdlijn" in d.header.value
    with ResultsStore(db) as s:
        assert s.session_info(creds.code).quiz == ("roles", "timeline")
    d.close()
    with pytest.raises(ValueError, match="unknown quiz topic"):
        ws.create_session("T", "nl", quiz=["nope"], db=db)


def test_join_page_with_the_real_quiz_records_through_its_controls(db):
    from aiact_kit.widgets.quiz import QuizWidget

    with ResultsStore(db) as s:
        code, token = s.create_session("T", "nl", [QID])
    w, ok = _join(db, code, "Anna")  # the default quiz factory: aiact_kit.widgets.quiz
    assert ok
    quiz = w.quiz_area.children[1]
    assert isinstance(quiz, QuizWidget)
    control = quiz._controls[QID]
    control.value = "general-application"  # wrong first ...
    quiz.check_button.click()
    control.value = "annex-iii-high-risk"  # ... right at the second try
    quiz.check_button.click()
    with ResultsStore(db) as s:
        rows = s.export_rows(code, token)
        (q,) = s.stats(code, token).questions
    assert [(r["attempt"], r["correct"], r["quiz_id"]) for r in rows] == [
        (1, 0, f"workshop-{code.lower()}"),
        (2, 1, f"workshop-{code.lower()}"),
    ]
    assert (q.responses, q.correct, q.attempts, q.topic) == (1, 0, 2, "timeline")
    assert "opgeslagen (1 vraag beantwoord)" in w.status.value


def test_idle_refresh_changes_nothing(db, session):
    """With no new answers a refresh changes no widget value, so an idle dashboard sends no
    messages and Voila can still cull the kernel of a closed page."""
    code, token = session
    _room(db, code, ["Anna", "Bob"])
    d = ws.facilitator_dashboard("nl", db=db, code=code, token=token, refresh_interval=None)
    changes = []

    def watch(widget):
        if hasattr(widget, "value"):
            widget.observe(lambda change: changes.append(change), names="value")
        for child in getattr(widget, "children", ()):
            watch(child)

    watch(d)
    d.questions.observe(lambda change: changes.append(change), names="children")
    assert d.refresh() and d.refresh()
    assert changes == []
    with ResultsStore(db) as s:
        s.record_answer(s.join(code, "Chris"), QID, "annex-iii-high-risk", True)
    d.refresh()
    assert changes != []
    d.close()
