"""Live mode: the pure state machine (show, countdown, lock, reveal, next, end), its state in the
database (every store on the same database sees the same step, also across processes), live
answers counted only while the question is open, and nicknames that cannot be taken over."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta

import pytest

from aiact_kit.engines.workshop import (
    AccessDenied,
    LiveClosed,
    LiveError,
    LiveState,
    NicknameTaken,
    ResultsStore,
    accepts,
    phase_at,
    remaining,
    validate_answer,
)
from aiact_kit.engines.workshop import live as lv

T0 = datetime(2026, 12, 3, 10, 0, tzinfo=UTC)
QS = ["q-a", "q-b", "q-c"]


# -- the pure state machine ---------------------------------------------------------------------
def test_a_round_goes_show_lock_reveal_next_end():
    s = lv.plan(LiveState(), QS + ["q-a"])  # a question chosen twice is asked once
    assert s.questions == tuple(QS) and s.phase == "idle" and s.current is None
    s = lv.next_question(s, T0)
    assert (s.index, s.phase, s.current) == (0, "open", "q-a")
    assert accepts(s, "q-a", T0) and not accepts(s, "q-b", T0)
    s = lv.lock(s, T0)
    assert s.phase == "locked" and not accepts(s, "q-a", T0)
    s = lv.reveal(s, T0)
    assert s.phase == "revealed" and s.current == "q-a"
    s = lv.next_question(s, T0)
    assert s.current == "q-b" and s.phase == "open"
    s = lv.reveal(s, T0)  # reveal straight from open locks too
    s = lv.show(s, 2, T0)
    s = lv.next_question(s, T0)  # after the last question: the round ends
    assert s.phase == "ended" and s.current is None and not s.active


def test_countdown_locks_the_question_when_it_runs_out():
    s = lv.show(lv.plan(LiveState(), QS), 0, T0, countdown=20)
    assert remaining(s, T0) == 20 and remaining(s, T0 + timedelta(seconds=0.5)) == 20
    assert remaining(s, T0 + timedelta(seconds=19.2)) == 1
    assert phase_at(s, T0 + timedelta(seconds=19)) == "open"
    assert accepts(s, "q-a", T0 + timedelta(seconds=19.9))
    later = T0 + timedelta(seconds=20)
    assert phase_at(s, later) == "locked" and not accepts(s, "q-a", later)
    assert remaining(s, later) == 0
    assert remaining(lv.show(s, 1, T0), T0) is None  # no countdown


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (lambda: lv.plan(LiveState(), []), "no_questions"),
        (lambda: lv.reveal(lv.plan(LiveState(), QS), T0), "not_shown"),
        (lambda: lv.lock(lv.plan(LiveState(), QS), T0), "not_open"),
        (lambda: lv.show(lv.plan(LiveState(), QS), 3, T0), "index"),
        (lambda: lv.show(lv.plan(LiveState(), QS), 0, T0, countdown=-1), "countdown"),
        (lambda: lv.show(lv.plan(LiveState(), QS), 0, T0, countdown=601), "countdown"),
        (lambda: lv.next_question(LiveState(), T0), "no_questions"),
        (lambda: lv.plan(lv.show(lv.plan(LiveState(), QS), 0, T0), QS), "busy"),
        (lambda: lv.step(LiveState(), "jump", T0), "action"),
    ],
)
def test_impossible_steps_are_refused_with_a_reason(make, reason):
    with pytest.raises(LiveError) as info:
        make()
    assert info.value.reason == reason


def test_state_survives_json():
    s = lv.set_names(lv.show(lv.plan(LiveState(), QS), 1, T0, countdown=30), True)
    back = LiveState.from_json(s.to_json(), version=7)
    assert back == LiveState(**{**s.__dict__, "version": 7})
    with pytest.raises(LiveError):
        LiveState.from_json(json.dumps({"phase": "dancing"}))


# -- in the database ------------------------------------------------------------------------------
def _answer(qid: str, answer: str, correct: bool):
    return validate_answer(qid, answer, correct, topic="timeline")


def test_live_round_through_the_store(store, db_url):
    code, token = store.create_session("Live", "nl")
    anna, bob = store.join(code, "Anna"), store.join(code, "Bob")
    other = ResultsStore(db_url)  # another server on the same database
    assert other.live_state(code).phase == "idle" and other.live_state(code).version == 0
    with pytest.raises(AccessDenied):
        other.live_step(code, "wrong", "plan", questions=QS)
    state = store.live_step(code, token, "plan", questions=QS)
    assert state.version == 1
    with pytest.raises(LiveClosed):  # nothing shown yet
        store.live_answer(anna, _answer("q-a", "x", True))
    store.live_step(code, token, "next")
    seen = other.live_state(code)
    assert (seen.current, seen.phase, seen.version) == ("q-a", "open", 2)
    assert other.live_answer(anna, _answer("q-a", "x", True)) is True
    assert store.live_answer(anna, _answer("q-a", "y", False)) is False  # first answer counts
    with pytest.raises(LiveClosed):  # not the open question
        store.live_answer(bob, _answer("q-b", "y", False))
    store.live_step(code, token, "lock")
    with pytest.raises(LiveClosed):  # too late
        other.live_answer(bob, _answer("q-a", "y", False))
    assert other.live_state(code).phase == "locked"
    counts = other.live_counts(code, "q-a")
    assert (counts.responses, counts.correct, counts.choices) == (1, 1, {"x": 1})
    store.live_step(code, token, "reveal")
    assert other.live_state(code).phase == "revealed"
    rows = store.export_rows(code, token)
    assert [(r["question_id"], r["quiz_id"], r["correct"]) for r in rows] == [("q-a", "live", 1)]
    with pytest.raises(LiveError):
        store.live_step(code, token, "lock")  # nothing open: refused, state unchanged
    assert other.live_state(code).version == 4
    store.delete_session(code, token)
    other.close()


def test_live_state_travels_to_another_process(store, db_url):
    code, token = store.create_session("Live", "nl")
    store.live_step(code, token, "plan", questions=QS)
    store.live_step(code, token, "show", index=1, countdown=60)
    script = (
        "import sys; from aiact_kit.engines.workshop import ResultsStore\n"
        "s = ResultsStore(sys.argv[1]).live_state(sys.argv[2])\n"
        "print(s.current, s.phase, s.countdown)"
    )
    out = subprocess.run(
        [sys.executable, "-c", script, db_url, code], capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["q-b", "open", "60"]


def test_wrong_rejoin_codes_lock_the_nickname(store):
    code, _token = store.create_session("T", "nl")
    joined = store.enter(code, "Anna")
    wrong = "2222" if joined.rejoin_code != "2222" else "3333"
    for _ in range(5):
        with pytest.raises(NicknameTaken) as info:
            store.join(code, "Anna", wrong)
        assert not info.value.locked
    with pytest.raises(NicknameTaken) as info:  # locked now, even with the right code
        store.join(code, "Anna", joined.rejoin_code)
    assert info.value.locked
    assert store.join(code, "Bob")  # other nicknames are not affected


def test_participant_count_is_public(store):
    code, _token = store.create_session("T", "nl")
    assert store.participant_count(code) == 0
    store.join(code, "Anna")
    store.join(code, "Bob")
    assert store.participant_count(code) == 2


def test_a_live_answer_after_a_self_paced_answer_still_counts(store):
    code, token = store.create_session("Live", "nl")
    anna = store.join(code, "Anna")
    store.record_answer(anna, "q-a", "y", False, topic="timeline", quiz_id="timeline")
    store.live_step(code, token, "plan", questions=QS)
    store.live_step(code, token, "next")
    assert store.live_answer(anna, _answer("q-a", "x", True)) is True
    assert store.live_answer(anna, _answer("q-a", "y", False)) is False
    counts = store.live_counts(code, "q-a")
    assert (counts.responses, counts.correct, counts.choices) == (1, 1, {"x": 1})
    rows = store.export_rows(code, token)
    assert [(r["quiz_id"], r["attempt"]) for r in rows] == [("timeline", 1), ("live", 2)]
