"""Local self-study progress: answers survive a restart; off under Voila or when switched off."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from aiact_kit.engines import events, progress
from aiact_kit.engines.progress import ProgressStore
from aiact_kit.engines.workshop import InvalidAnswer

SRC = Path(__file__).resolve().parents[3] / "src"


def _answer(qid: str, correct: bool, attempt: int = 1, **extra) -> dict:
    return {
        "question_id": qid,
        "answer": extra.pop("answer", "a" if correct else "b"),
        "correct": correct,
        "score": 1.0 if correct else 0.0,
        "attempt": attempt,
        "topic": "timeline",
        "quiz_id": "timeline",
    } | extra


@pytest.fixture
def tracking(tmp_path, monkeypatch):
    path = tmp_path / "progress.sqlite"
    monkeypatch.setenv("AIACT_KIT_PROGRESS", str(path))
    progress.ensure_tracking()
    yield path
    progress.stop_tracking()
    progress.resume()


def test_answers_survive_a_restart(tracking):
    assert events.emit("answer", _answer("q1", False)) == []
    events.emit("answer", _answer("q1", True, attempt=2))
    events.emit("answer", _answer("q2", False, answer=["x", "y"]))
    events.emit("answer", _answer("q3", True) | {"quiz_id": "other", "topic": "scope"})
    progress.stop_tracking()  # the kernel stops

    # a new process (a restarted kernel) reads the same file
    code = (
        "import json, sys; from aiact_kit.engines.progress import ProgressStore\n"
        f"s = ProgressStore({str(tracking)!r}).summary(quiz_id='timeline')\n"
        "print(json.dumps({'answered': s.answered, 'correct': s.correct, 'score': s.score,"
        " 'q': {k: [v.attempts, v.last_correct, v.last_answer] for k, v in s.questions.items()}}))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=os.environ | {"PYTHONPATH": str(SRC)},
        check=True,
    )
    data = json.loads(out.stdout)
    assert data == {
        "answered": 2,
        "correct": 1,
        "score": 1.0,
        "q": {"q1": [2, True, "a"], "q2": [1, False, ["x", "y"]]},
    }


def test_resume_state_per_question(tracking):
    events.emit("answer", _answer("q1", True))
    events.emit("answer", _answer("q1", False, attempt=2))
    store = progress.default_progress()
    q1 = store.question("q1")
    assert (q1.attempts, q1.last_correct, q1.last_score, q1.best_score) == (2, False, 0.0, 1.0)
    assert store.question("never") is None
    s = store.summary()
    assert (s.answered, s.correct, s.score, s.best, s.percent) == (1, 0, 0.0, 1.0, 0.0)
    assert store.reset(quiz_id="timeline") == 2
    assert store.summary().answered == 0


def test_paused_while_in_a_workshop_session(tracking):
    progress.pause()
    events.emit("answer", _answer("q1", True))
    progress.resume()
    events.emit("answer", _answer("q2", True))
    assert list(progress.default_progress().answered()) == ["q2"]


def test_bad_payload_is_reported_not_raised(tracking):
    errors = events.emit("answer", {"question_id": "q1"})
    assert len(errors) == 1 and isinstance(errors[0], InvalidAnswer)
    assert "no 'answer'" in str(errors[0])


def test_tracking_subscribes_once(tracking):
    progress.ensure_tracking()
    progress.ensure_tracking()
    events.emit("answer", _answer("q1", True))
    assert progress.default_progress().question("q1").attempts == 1


@pytest.mark.parametrize("value", ["off", "OFF", "0", "none"])
def test_switched_off(monkeypatch, tmp_path, value):
    monkeypatch.setenv("AIACT_KIT_PROGRESS", value)
    assert progress.progress_path() is None
    progress.ensure_tracking()
    try:
        assert events.emit("answer", _answer("q1", True)) == []
        assert progress.default_progress() is None
    finally:
        progress.stop_tracking()
    assert not (tmp_path / "data").exists()
    with pytest.raises(ValueError, match="switched off"):
        ProgressStore()


def test_off_by_default_under_voila_but_on_in_jupyter(monkeypatch, tmp_path):
    assert progress.progress_path() == tmp_path / "data" / "progress.sqlite"
    monkeypatch.setenv("VOILA_PREHEAT", "False")
    assert progress.progress_path() is None
    monkeypatch.setenv("AIACT_KIT_PROGRESS", str(tmp_path / "mine.sqlite"))
    assert progress.progress_path() == tmp_path / "mine.sqlite"
