"""Helper process for the store's concurrency and crash tests (run as a script, not a test).

``participants``: join participants FIRST..FIRST+COUNT-1 and submit QUESTIONS answers each,
from one thread per participant, every submission sent RETRIES times (a retried submit).
Prints one JSON line: how many writes reported "stored" and how many "already there".

``loop``: a stand-in for a server: writes answers for one participant forever, printing
``committed <question-id>`` after each write has returned (committed), until it is killed.
"""

from __future__ import annotations

import argparse
import json
import sys
import threading

from aiact_kit.engines.workshop import NicknameTaken, ResultsStore


def _participant(store: ResultsStore, code: str, name: str) -> int:
    """Join as ``name``; when another process (a retrying server) joined it first, carry on as
    that participant, as a server that keeps the participant id would."""
    try:
        return store.join(code, name)
    except NicknameTaken:
        row = store._q(
            store._conn(),
            "SELECT p.id FROM participants p JOIN sessions s ON s.id = p.session_id "
            "WHERE s.code = ? AND p.pseudonym = ?",
            (code.upper(), name),
        ).fetchone()
        return int(row[0])


def participants(args: argparse.Namespace) -> None:
    store = ResultsStore(args.db)
    barrier = threading.Barrier(args.count)
    stored = duplicates = 0
    lock = threading.Lock()
    errors: list[str] = []

    def run(n: int) -> None:
        nonlocal stored, duplicates
        try:
            pid = _participant(store, args.code, f"participant-{n}")
            barrier.wait(timeout=60)
            mine = [0, 0]
            for q in range(args.questions):
                for _ in range(args.retries):
                    new = store.record_answer(
                        pid, f"q{q:02d}", {"n": n, "q": q}, (n + q) % 3 == 0, attempt=1
                    )
                    mine[0 if new else 1] += 1
            with lock:
                stored += mine[0]
                duplicates += mine[1]
        except Exception as exc:  # noqa: BLE001 - reported to the test
            with lock:
                errors.append(f"{type(exc).__name__}: {exc}")

    threads = [
        threading.Thread(target=run, args=(n,)) for n in range(args.first, args.first + args.count)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    store.close()
    print(json.dumps({"stored": stored, "duplicates": duplicates, "errors": errors}))


def loop(args: argparse.Namespace) -> None:
    store = ResultsStore(args.db)
    pid = _participant(store, args.code, args.pseudonym)
    print("ready", flush=True)
    i = args.start
    while True:
        qid = f"q{i:06d}"
        store.record_answer(pid, qid, i, i % 2 == 0)
        sys.stdout.write(f"committed {qid}\n")
        sys.stdout.flush()
        i += 1


def main() -> None:
    p = argparse.ArgumentParser()
    sub = p.add_subparsers(dest="mode", required=True)
    a = sub.add_parser("participants")
    a.add_argument("--db", required=True)
    a.add_argument("--code", required=True)
    a.add_argument("--first", type=int, required=True)
    a.add_argument("--count", type=int, required=True)
    a.add_argument("--questions", type=int, default=40)
    a.add_argument("--retries", type=int, default=2)
    b = sub.add_parser("loop")
    b.add_argument("--db", required=True)
    b.add_argument("--code", required=True)
    b.add_argument("--pseudonym", default="server")
    b.add_argument("--start", type=int, default=0)
    args = p.parse_args()
    participants(args) if args.mode == "participants" else loop(args)


if __name__ == "__main__":
    main()
