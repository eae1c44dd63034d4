"""Many participants writing at once, and a writer killed with SIGKILL: no answer is lost or
counted twice. Runs against SQLite and a real PostgreSQL server."""

from __future__ import annotations

import json
import os
import queue
import signal
import subprocess
import sys
import threading
from pathlib import Path

from aiact_kit.engines.workshop import ResultsStore

HERE = Path(__file__).resolve().parent
SRC = HERE.parents[2] / "src"
WORKER = HERE / "store_worker.py"
PARTICIPANTS = 50
QUESTIONS = 40


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(SRC), env.get("PYTHONPATH")) if p)
    return env


def _pairs(store: ResultsStore) -> list[tuple[int, str, int]]:
    return store._q(
        store._conn(), "SELECT participant_id, question_id, attempt FROM answers"
    ).fetchall()


def _assert_every_answer_once(store: ResultsStore, code: str, token: str) -> None:
    rows = _pairs(store)
    assert len(rows) == PARTICIPANTS * QUESTIONS
    assert len(set(rows)) == len(rows)
    people = store.participants(code, token)
    assert len(people) == PARTICIPANTS
    assert {p.answered for p in people} == {QUESTIONS}
    stats = store.stats(code, token)
    assert len(stats.questions) == QUESTIONS
    assert {q.responses for q in stats.questions} == {PARTICIPANTS}
    for q in stats.questions:  # participant n is right on question q when (n + q) % 3 == 0
        qn = int(q.question_id[1:])
        assert q.correct == sum(1 for n in range(PARTICIPANTS) if (n + qn) % 3 == 0)


def test_50_participants_in_threads_each_submission_twice(db_url):
    store = ResultsStore(db_url)
    code, token = store.create_session("threads", "nl")
    barrier = threading.Barrier(PARTICIPANTS)
    results: list[tuple[int, int]] = []
    errors: list[BaseException] = []

    def participant(n: int) -> None:
        try:
            pid = store.join(code, f"participant-{n}")
            barrier.wait(timeout=60)
            new = old = 0
            for q in range(QUESTIONS):
                for _retry in range(2):
                    stored = store.record_answer(
                        pid, f"q{q:02d}", {"n": n, "q": q}, (n + q) % 3 == 0
                    )
                    new, old = (new + 1, old) if stored else (new, old + 1)
            results.append((new, old))
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=participant, args=(n,)) for n in range(PARTICIPANTS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert results == [(QUESTIONS, QUESTIONS)] * PARTICIPANTS
    _assert_every_answer_once(store, code, token)
    store.close()


def test_50_participants_in_processes_with_a_retrying_process(db_url):
    store = ResultsStore(db_url)
    code, token = store.create_session("processes", "en")
    groups = [(first, 10) for first in range(0, PARTICIPANTS, 10)]
    groups.append((0, 10))  # a sixth process re-sends participants 0..9: all duplicates
    procs = [
        subprocess.Popen(
            [sys.executable, str(WORKER), "participants", "--db", db_url, "--code", code]
            + ["--first", str(first), "--count", str(count), "--questions", str(QUESTIONS)]
            + ["--retries", "1"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=_env(),
        )
        for first, count in groups
    ]
    reports = []
    for p in procs:
        out, err = p.communicate(timeout=300)
        assert p.returncode == 0, err
        reports.append(json.loads(out.strip().splitlines()[-1]))
    assert [r["errors"] for r in reports] == [[]] * len(procs)
    sent = sum(r["stored"] + r["duplicates"] for r in reports)
    assert sent == (PARTICIPANTS + 10) * QUESTIONS
    assert sum(r["stored"] for r in reports) == PARTICIPANTS * QUESTIONS
    _assert_every_answer_once(store, code, token)
    store.close()


class _Lines:
    """Reads a process's stdout in a thread, so the test can wait with a timeout."""

    def __init__(self, proc: subprocess.Popen):
        self.queue: queue.Queue[str | None] = queue.Queue()
        self.thread = threading.Thread(target=self._read, args=(proc,), daemon=True)
        self.thread.start()

    def _read(self, proc: subprocess.Popen) -> None:
        for line in proc.stdout:
            self.queue.put(line.rstrip("\n"))
        self.queue.put(None)

    def next(self) -> str | None:
        return self.queue.get(timeout=120)

    def rest(self) -> list[str]:
        self.thread.join(timeout=120)
        lines = []
        while (line := self.queue.get_nowait()) is not None:
            lines.append(line)
        return lines


def _run_writer_and_kill(db_url: str, code: str, start: int, wanted: int) -> set[str]:
    """Start the writer, let it report ``wanted`` commits, SIGKILL it mid-write; returns every
    question id it reported as committed (also lines already in the pipe when it died)."""
    proc = subprocess.Popen(
        [sys.executable, str(WORKER), "loop", "--db", db_url, "--code", code]
        + ["--start", str(start)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_env(),
    )
    lines = _Lines(proc)
    assert lines.next() == "ready", proc.stderr.read()
    committed: set[str] = set()
    while len(committed) < wanted:
        line = lines.next()
        assert line is not None and line.startswith("committed "), line
        committed.add(line.split()[1])
    os.kill(proc.pid, signal.SIGKILL)
    assert proc.wait(timeout=60) == -signal.SIGKILL
    for line in lines.rest():
        if line.startswith("committed "):  # the last line may be cut off by the kill
            committed.add(line.split()[1])
    proc.stderr.close()
    return committed


def test_writer_killed_with_sigkill_loses_no_committed_answer(db_url):
    store = ResultsStore(db_url)
    code, token = store.create_session("crash", "nl")
    first = _run_writer_and_kill(db_url, code, start=0, wanted=150)
    # restarted after the crash, it carries on (same pseudonym = same participant)
    second = _run_writer_and_kill(db_url, code, start=100_000, wanted=150)
    stored = {qid for _pid, qid, _attempt in _pairs(store)}
    assert first <= stored
    assert second <= stored
    assert len(stored) <= len(first) + len(second) + 2  # at most one unreported per run
    (person,) = store.participants(code, token)
    assert person.answered == len(stored)
    if db_url.endswith(".sqlite"):
        assert store._q(store._conn(), "PRAGMA integrity_check").fetchone()[0] == "ok"
    store.close()
