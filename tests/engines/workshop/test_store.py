"""The workshop results store, against SQLite and a real PostgreSQL server (db_url fixture)."""

from __future__ import annotations

import csv
import io
import json
import re
import sqlite3
from pathlib import Path

import pytest
from workshop_fixtures import HOSTILE

from aiact_kit.engines import workshop as st
from aiact_kit.engines.workshop import (
    AccessDenied,
    InvalidAnswer,
    InvalidPseudonym,
    ResultsStore,
    SchemaTooNew,
    SessionNotFound,
    UnknownParticipant,
)
from aiact_kit.engines.workshop.access import token_hash

ROOT = Path(__file__).resolve().parents[3]

REFUSED = {
    "": "empty",
    "   ": "empty",
    "x" * 10_000: "too_long",
    "x" * 41: "too_long",
    "nul\x00byte": "control",
    "line\nbreak": "control",
    "tab\tinside": "control",
    "bell\x07": "control",
    "\u202etxt.exe": "control",  # right-to-left override (spoofing)
    "para\u2029sep": "control",
}


def _db(store: ResultsStore):
    """A raw connection to the store's database, for checking what is really stored."""
    return store._conn()


def _count(store: ResultsStore, table: str) -> int:
    return store._q(_db(store), f"SELECT COUNT(*) FROM {table}").fetchone()[0]


# -- sessions and tokens ----------------------------------------------------------------------
def test_create_session_returns_code_and_token(store):
    code, token = store.create_session("Workshop AI Act", "nl")
    assert len(code) == st.CODE_LENGTH and set(code) <= set(st.CODE_ALPHABET)
    assert len(token) >= 20
    info = store.session_info(code.lower())
    assert (info.code, info.title, info.lang) == (code, "Workshop AI Act", "nl")


def test_token_is_stored_only_as_a_hash(store):
    code, token = store.create_session("T", "en")
    rows = store._q(_db(store), "SELECT code, title, lang, token_hash FROM sessions").fetchall()
    assert len(rows) == 1
    assert token not in json.dumps([list(r) for r in rows])
    assert rows[0][3] != token and len(rows[0][3]) == 64


def test_unknown_or_malformed_code_is_a_clear_error(store):
    with pytest.raises(SessionNotFound, match="no session with code 'ABCDEF'"):
        store.session_info("ABCDEF")
    with pytest.raises(SessionNotFound, match="not a session code"):
        store.join("hello!", "Anna")
    with pytest.raises(SessionNotFound, match="enter a session code"):
        store.join("  ", "Anna")


def test_create_session_validates_title_and_language(store):
    with pytest.raises(InvalidAnswer, match="title must not be empty"):
        store.create_session("  ", "nl")
    with pytest.raises(ValueError, match="unknown language 'de'"):
        store.create_session("T", "de")


@pytest.mark.parametrize("token", [None, "", "   ", "wrong-token", 12345])
def test_wrong_or_missing_token_yields_no_data(store, token):
    code, good = store.create_session("T", "nl")
    pid = store.join(code, "Anna")
    store.record_answer(pid, "q1", "a", True)
    readers = [
        store.stats,
        store.participants,
        store.export_csv,
        store.export_rows,
        store.summary,
        store.check_token,
        store.delete_session,
    ]
    for read in readers:
        with pytest.raises(AccessDenied) as err:
            read(code, token)
        assert "token" in str(err.value)
    # nothing was deleted by the refused delete
    assert store.stats(code, good).answers == 1


def test_token_of_another_session_is_refused(store):
    code1, token1 = store.create_session("one", "nl")
    code2, token2 = store.create_session("two", "nl")
    with pytest.raises(AccessDenied, match=f"wrong facilitator token for session {code2}"):
        store.stats(code2, token1)
    assert store.check_token(code2, token2).title == "two"


# -- participants -----------------------------------------------------------------------------
@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_pseudonyms_are_stored_raw(store, name):
    code, token = store.create_session("T", "nl")
    pid = store.join(code, name)
    store.record_answer(pid, "q1", "a", True)
    (p,) = store.participants(code, token)
    assert p.pseudonym == name and p.number == 1 and p.answered == 1
    # the SQL fragment did not run: every table is still there
    assert _count(store, "answers") == 1 and _count(store, "participants") == 1


@pytest.mark.parametrize(("name", "reason"), list(REFUSED.items()))
def test_bad_pseudonyms_are_refused_with_a_clear_error(store, name, reason):
    code, _token = store.create_session("T", "nl")
    with pytest.raises(InvalidPseudonym) as err:
        store.join(code, name)
    assert err.value.reason == reason
    if reason == "too_long":
        assert "at most 40 characters" in str(err.value) and err.value.limit == 40
    if reason == "control":
        assert "control characters (found U+" in str(err.value)
    assert _count(store, "participants") == 0


def test_pseudonym_is_stripped_and_40_characters_are_allowed(store):
    code, token = store.create_session("T", "nl")
    store.join(code, "  " + "é" * 40 + "\n")
    assert [p.pseudonym for p in store.participants(code, token)] == ["é" * 40]


def test_a_taken_nickname_is_refused_unless_the_rejoin_code_is_given(store):
    code, token = store.create_session("T", "nl")
    joined = store.enter(code, "Anna")
    a = joined.participant_id
    assert re.fullmatch(r"[A-Z2-9]{4}", joined.rejoin_code) and not joined.rejoined
    with pytest.raises(st.NicknameTaken):  # a second Anna is not merged into the first
        store.join(code, " ANNA ")
    with pytest.raises(st.NicknameTaken):
        store.join(code, "anna", "ZZZZ" if joined.rejoin_code != "ZZZZ" else "YYYY")
    back = store.enter(code, " ANNA ", joined.rejoin_code.lower())
    assert back.participant_id == a and back.rejoined
    b = store.join(code, "Bob")
    assert b != a
    code2, _ = store.create_session("T2", "nl")
    assert store.join(code2, "Anna") not in (a, b)
    assert [(p.number, p.pseudonym) for p in store.participants(code, token)] == [
        (1, "Anna"),
        (2, "Bob"),
    ]
    assert store.participant(b).number == 2


# -- answers ----------------------------------------------------------------------------------
def test_retried_submission_counts_once(store):
    code, token = store.create_session("T", "nl")
    pid = store.join(code, "Anna")
    assert store.record_answer(pid, "q1", ["a", "b"], False, 0.5, 1) is True
    assert store.record_answer(pid, "q1", ["a", "b"], False, 0.5, 1) is False
    assert store.record_answer(pid, "q1", ["b", "a"], True, 1.0, 1) is False  # same submission id
    assert store.record_answer(pid, "q1", ["a"], True, 1.0, 2) is True  # a new attempt
    stats = store.stats(code, token)
    assert stats.answers == 2
    (q,) = stats.questions
    # the aggregate counts the first attempt only
    assert (q.responses, q.correct, q.attempts) == (1, 0, 2)
    assert q.distribution[0].answer == ["a", "b"]


def test_record_event_payload(store):
    code, token = store.create_session("T", "nl")
    pid = store.join(code, "Anna")
    payload = {
        "question_id": "q-timeline-annex-iii-date",
        "answer": "annex-iii-high-risk",
        "correct": True,
        "score": 1.0,
        "attempt": 1,
        "topic": "timeline",
        "quiz_id": "timeline",
    }
    assert store.record_event(pid, payload) is True
    assert store.record_event(pid, payload) is False
    rows = store.export_rows(code, token)
    assert [(r["question_id"], r["topic"], r["quiz_id"], r["correct"]) for r in rows] == [
        ("q-timeline-annex-iii-date", "timeline", "timeline", 1)
    ]
    with pytest.raises(InvalidAnswer, match="no 'correct'"):
        store.record_event(pid, {"question_id": "q", "answer": 1})


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"score": 1.5}, "score must be a number from 0 to 1"),
        ({"score": float("nan")}, "score must be a number from 0 to 1"),
        ({"score": "1"}, "score must be a number from 0 to 1"),
        ({"attempt": 0}, "attempt must be a whole number from 1"),
        ({"attempt": 1.5}, "attempt must be a whole number from 1"),
        ({"correct": "yes"}, "correct must be true or false"),
        ({"question_id": ""}, "question_id must not be empty"),
        ({"question_id": "q\x00"}, "question_id may not contain control characters"),
        ({"answer": object()}, "cannot be stored as JSON"),
        ({"answer": "x" * 30_000}, "the answer is too long"),
        ({"answer": "\ud800"}, "cannot be stored as JSON"),
    ],
)
def test_invalid_answers_are_refused(store, kwargs, message):
    code, _ = store.create_session("T", "nl")
    pid = store.join(code, "Anna")
    args = {"question_id": "q1", "answer": "a", "correct": True} | kwargs
    with pytest.raises(InvalidAnswer, match=message):
        store.record_answer(pid, **args)
    assert _count(store, "answers") == 0


def test_unknown_participant_is_a_clear_error(store):
    with pytest.raises(UnknownParticipant, match="participant 999 is not in any session"):
        store.record_answer(999, "q1", "a", True)


# -- aggregates -------------------------------------------------------------------------------
def _room(store):
    """Three participants, three questions: q-easy all right, q-mid 2/3, q-hard 0/3."""
    code, token = store.create_session("Room", "en")
    people = [store.join(code, n) for n in ("Anna", "Bob", "<b>Chris</b>")]
    for i, pid in enumerate(people):
        store.record_answer(pid, "q-easy", "a", True, topic="scope")
        mid_ok = i < 2
        store.record_answer(pid, "q-mid", "a" if mid_ok else "c", mid_ok, topic="roles")
        store.record_answer(pid, "q-hard", "b" if i else "c", False, topic="prohibited")
        store.record_answer(pid, "q-hard", "a", True, attempt=2, topic="prohibited")
    return code, token, people


def test_stats_hardest_first_with_distribution(store):
    code, token, _ = _room(store)
    stats = store.stats(code, token)
    assert (stats.participants, stats.active_participants, stats.answers) == (3, 3, 12)
    assert [q.question_id for q in stats.questions] == ["q-hard", "q-mid", "q-easy"]
    hard, mid, easy = stats.questions
    assert (hard.responses, hard.correct, hard.pct_correct, hard.attempts) == (3, 0, 0.0, 6)
    assert [(d.answer, d.count, d.correct) for d in hard.distribution] == [
        ("b", 2, False),
        ("c", 1, False),
    ]
    assert round(mid.pct_correct, 1) == 66.7
    assert [(d.answer, d.count, d.correct) for d in mid.distribution] == [
        ("a", 2, True),
        ("c", 1, False),
    ]
    assert easy.pct_correct == 100.0 and easy.topic == "scope"


def test_participants_scores(store):
    code, token, _ = _room(store)
    ps = store.participants(code, token)
    assert [(p.number, p.answered) for p in ps] == [(1, 3), (2, 3), (3, 3)]
    assert [round(p.average_score, 3) for p in ps] == [0.667, 0.667, 0.333]


def test_export_csv_is_anonymous(store):
    code, token, _ = _room(store)
    text = store.export_csv(code, token)
    for name in ("Anna", "Bob", "Chris"):
        assert name not in text
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0]) == st.EXPORT_COLUMNS
    assert len(rows) == 12
    assert {r["participant"] for r in rows} == {"1", "2", "3"}
    assert {r["session"] for r in rows} == {code}
    first = rows[0]
    assert (first["question_id"], json.loads(first["answer"]), first["correct"]) == (
        "q-easy",
        "a",
        "1",
    )


def test_export_defuses_spreadsheet_formulas(store):
    code, token = store.create_session("T", "nl")
    pid = store.join(code, "Anna")
    store.record_answer(pid, "=HYPERLINK(1)", -1, False, topic="@SUM(A1)")
    row = next(csv.DictReader(io.StringIO(store.export_csv(code, token))))
    assert row["question_id"] == "'=HYPERLINK(1)"
    assert row["topic"] == "'@SUM(A1)"
    assert row["answer"] == "'-1"  # text that starts with '-' is text (see test_inputs.py)


def test_participation_summary(store):
    code, token, _ = _room(store)
    store.join(code, "Dora")  # joined, never answered
    s = store.summary(code, token)
    assert (s.code, s.title, s.lang) == (code, "Room", "en")
    assert s.topics == ("prohibited", "roles", "scope")
    assert (s.participants, s.active_participants, s.questions, s.answers) == (4, 3, 3, 12)
    assert round(s.average_score, 4) == round(5 / 9, 4)
    assert s.first_answer <= s.last_answer
    json.dumps(s.as_dict())  # JSON-able
    nl = st.summary_plain(s, "nl")
    en = st.summary_plain(s, "en")
    assert "art. 4 AI-verordening" in nl and "Art. 4 AI Act" in en
    assert "Verboden AI-praktijken" in nl and "Prohibited AI practices" in en
    assert "Participants: 4" in en and "Average score (first attempt): 56%" in en
    for name in ("Anna", "Bob", "Chris", "Dora"):
        assert name not in nl + en


# -- delete -----------------------------------------------------------------------------------
def test_delete_removes_all_answers_and_participants(store):
    code, token, people = _room(store)
    other, other_token = store.create_session("Other", "nl")
    keep = store.join(other, "Eve")
    store.record_answer(keep, "q1", "a", True)
    assert store.delete_session(code, token) == {"answers": 12, "participants": 3}
    assert _count(store, "answers") == 1 and _count(store, "participants") == 1
    with pytest.raises(SessionNotFound):
        store.stats(code, token)
    with pytest.raises(SessionNotFound):
        store.join(code, "Anna")
    with pytest.raises(UnknownParticipant, match="may have been deleted"):
        store.record_answer(people[0], "q9", "a", True)
    assert store.stats(other, other_token).answers == 1


# -- database files, URLs, schema upgrades ----------------------------------------------------
def test_default_database_is_in_the_user_data_folder(monkeypatch, tmp_path):
    monkeypatch.delenv("AIACT_KIT_DATA_DIR")
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    url = st.default_url()
    assert url == str(tmp_path / "home" / ".local" / "share" / "aiact-kit" / "results.sqlite")
    assert not Path(url).resolve().is_relative_to(ROOT)
    monkeypatch.setenv("AIACT_KIT_DB", str(tmp_path / "x.sqlite"))
    assert st.default_url() == str(tmp_path / "x.sqlite")


def test_store_uses_env_database(monkeypatch, tmp_path):
    target = tmp_path / "env" / "results.sqlite"
    monkeypatch.setenv("AIACT_KIT_DB", str(target))
    with ResultsStore() as s:
        s.create_session("T", "nl")
    assert target.exists()
    with sqlite3.connect(target) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("SELECT COUNT(*) FROM sessions").fetchone()[0] == 1


def test_database_urls(tmp_path):
    assert isinstance(st.make_dialect("postgresql://u@h:1/db"), st.PostgresDialect)
    assert st.make_dialect("postgres://u@h/db").url == "postgresql://u@h/db"
    assert st.make_dialect(f"sqlite://{tmp_path}/a.sqlite").path == tmp_path / "a.sqlite"
    assert st.make_dialect(tmp_path / "b.sqlite").path == tmp_path / "b.sqlite"
    assert "***" in st.make_dialect("postgresql://u:secret@h/db").describe()
    for bad in (":memory:", "mysql://u@h/db", "  "):
        with pytest.raises(ValueError):
            st.make_dialect(bad)


def test_upgrade_from_version_1(db_url):
    """An old (v1) database is upgraded on open and keeps its data."""
    old = ResultsStore(db_url, migrate=False)
    assert old.schema_version() == 0
    assert old.upgrade(target=1) == 1
    conn = old._conn()
    old._q(
        conn,
        "INSERT INTO sessions (code, title, lang, created, token_hash) VALUES (?, ?, ?, ?, ?)",
        ("VXSESS", "old", "nl", "2026-01-01T10:00:00+00:00", token_hash("VXSESS", "tok")),
    )
    sid = old._q(conn, "SELECT id FROM sessions").fetchone()[0]
    old._q(
        conn,
        "INSERT INTO participants (session_id, pseudonym, pseudonym_key, joined) "
        "VALUES (?, ?, ?, ?)",
        (sid, "Old", "old", "2026-01-01T10:00:00+00:00"),
    )
    pid = old._q(conn, "SELECT id FROM participants").fetchone()[0]
    old._q(
        conn,
        "INSERT INTO answers (session_id, participant_id, question_id, answer, correct, score, "
        "attempt, answered_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (sid, pid, "q1", '"a"', 1, 1.0, 1, "2026-01-01T10:01:00+00:00"),
    )
    with pytest.raises(Exception):  # noqa: B017 - v1 has no topic column
        old._q(conn, "SELECT topic FROM answers").fetchall()
    old.close()

    new = ResultsStore(db_url)
    assert new.schema_version() == st.SCHEMA_VERSION == 4
    assert new.record_answer(pid, "q2", "b", False, topic="scope") is True
    # v4: the old participant has no rejoin code, so its nickname cannot be taken over
    with pytest.raises(st.NicknameTaken):
        new.join("VXSESS", "OLD")
    assert new.live_state("VXSESS").phase == "idle"  # the live table exists
    rows = new.export_rows("VXSESS", "tok")
    assert [(r["question_id"], r["topic"]) for r in rows] == [("q1", ""), ("q2", "scope")]
    assert new.summary("VXSESS", "tok").topics == ("scope",)
    # opening again changes nothing
    assert ResultsStore(db_url).schema_version() == 4
    new.close()


def test_newer_schema_is_refused(db_url):
    s = ResultsStore(db_url)
    s._q(s._conn(), "UPDATE schema_version SET version = 99 WHERE id = 1")
    s.close()
    with pytest.raises(SchemaTooNew, match="schema version 99, newer than this kit"):
        ResultsStore(db_url)


# -- the session's quiz -----------------------------------------------------------------------
def test_session_quiz_selection(store):
    code, _ = store.create_session("T", "nl", ["roles", "q-timeline-annex-iii-date", "roles"])
    assert store.session_info(code).quiz == ("roles", "q-timeline-annex-iii-date")
    code2, _ = store.create_session("T", "nl", "roles, timeline")
    assert store.session_info(code2).quiz == ("roles", "timeline")
    assert store.session_info(store.create_session("T", "nl").code).quiz == ()
    with pytest.raises(st.InvalidInput, match="'Roles!' is not a topic or question id"):
        store.create_session("T", "nl", ["Roles!"])


def test_check_quiz_selection_against_the_content():
    assert st.check_quiz_selection("roles,q-timeline-annex-iii-date") == [
        "roles",
        "q-timeline-annex-iii-date",
    ]
    with pytest.raises(st.InvalidInput, match="unknown quiz topic or question 'cooking'"):
        st.check_quiz_selection(["roles", "cooking"])


def test_tokens_are_letters_and_digits(store):
    # a token starting with '-' would be read as an option by the command line
    tokens = [store.create_session("T", "nl").token for _ in range(20)]
    assert all(t.isalnum() and t.isascii() and len(t) == 24 for t in tokens)
    assert len(set(tokens)) == 20
