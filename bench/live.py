"""Benchmark a live round for a real room: 30 participants while the facilitator pushes 10
questions.

    python bench/live.py [--participants 30] [--questions 10] [--processes 3] [--db URL]
                         [--out docs/performance-live.json]

Which path it uses (said in the report as well): each participant is the participant page's own
kernel-side code, :class:`aiact_kit.widgets.workshop.live_view.LiveView` with its own database
connection, polling the live state every ``live_view.POLL`` s as on the page, drawing the
question with the real answer controls and sending its answer with ``LiveView.send``; the
facilitator is :class:`aiact_kit.widgets.workshop.live_control.LiveControl` (its buttons'
methods, its poll of the room's answers every ``live_control.POLL`` s). Participants run as
threads in ``--processes`` worker processes (as kernels are separate processes), against one
SQLite results file (or the ``--db`` URL, e.g. PostgreSQL). Not included: the hop from the
kernel to the browser over the widget websocket and the browser's drawing; docs/performance.md
measures that hop separately (click -> feedback p95 on the join page, about 0.1 s).

Measured:
- push -> shown: from the facilitator's "show next question" returning to the moment a
  participant's view shows the new question (its heading widget holds it), p50/p95 over all
  participants and questions;
- answer -> counted: from a participant's send returning to the moment the facilitator's view
  shows the room's count including it, p50/p95;
- memory: each worker process's RSS and USS growth per participant it hosts (the widgets, the
  store connection and the polling thread), and one full participant page kernel from
  docs/performance.md for comparison.

Target: both p95 <= 1 s on 2 cores. Not part of the test suite's pass/fail.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def p95(values: list[float]) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(0.95 * (len(values) - 1))))] if values else 0.0


def participant_worker(db, code, first, count, questions, conn, go, stop) -> None:  # noqa: PLR0913
    """``count`` participants in one process; reports shown/sent times through ``conn``."""
    import threading

    import psutil

    from aiact_kit.engines.workshop import ResultsStore
    from aiact_kit.widgets.workshop.live_view import POLL, LiveView

    proc = psutil.Process()
    before = proc.memory_full_info()
    views = []
    seen: dict[tuple[int, str], float] = {}
    sent: list[tuple[int, str, float]] = []
    lock = threading.Lock()
    for n in range(first, first + count):
        store = ResultsStore(db)
        pid = store.join(code, f"p{n:02d}")
        view = LiveView(lambda s=store: s, code, pid, "nl", poll=POLL)
        views.append((n, view))
    after = proc.memory_full_info()
    conn.send(
        {
            "rss_per_participant": (after.rss - before.rss) / count,
            "uss_per_participant": (after.uss - before.uss) / count,
        }
    )
    go.wait()
    rng = random.Random(first)
    answered: set[tuple[int, str]] = set()
    while not stop.is_set():
        for n, view in views:
            with view._lock:  # as the page's own handlers do
                lq, controls, state = view._question, view._controls, view.state
            if lq is None or state.current != lq.id:
                continue
            key = (n, lq.id)
            with lock:
                if key not in seen:
                    seen[key] = time.time()
            if key not in answered and state.phase == "open":
                answered.add(key)
                k = rng.randrange(len(lq.view.choices))
                with view._lock:
                    if isinstance(controls, list):  # multiple: one checkbox per option
                        controls[k].value = True
                    else:  # single, true/false, date: radio buttons
                        controls.value = lq.view.choices[k].id
                if view.send():
                    sent.append((n, lq.id, time.time()))
        time.sleep(0.01)
    for _n, view in views:
        view.close()
    conn.send({"seen": [(k[0], k[1], v) for k, v in seen.items()], "sent": sent})


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--participants", type=int, default=30)
    ap.add_argument("--questions", type=int, default=10)
    ap.add_argument("--processes", type=int, default=3)
    ap.add_argument("--db", default=None, help="results database (default: a temporary SQLite)")
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "performance-live.json")
    args = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="aiact-live-bench-")
    os.environ.setdefault("AIACT_KIT_DATA_DIR", tmp)
    db = args.db or str(Path(tmp) / "results.sqlite")

    from aiact_kit.engines.workshop import ResultsStore, live_ids
    from aiact_kit.widgets.workshop.live_control import POLL as HOST_POLL
    from aiact_kit.widgets.workshop.live_control import LiveControl

    store = ResultsStore(db)
    code, token = store.create_session("bench", "nl")
    ids = live_ids()[: args.questions]
    ctx = mp.get_context("spawn")
    go, stop = ctx.Event(), ctx.Event()
    per = [args.participants // args.processes] * args.processes
    per[-1] += args.participants - sum(per)
    workers, pipes, first = [], [], 0
    for count in per:
        parent, child = ctx.Pipe()
        w = ctx.Process(
            target=participant_worker,
            args=(db, code, first, count, args.questions, child, go, stop),
        )
        w.start()
        workers.append(w)
        pipes.append(parent)
        first += count
    memory = [p.recv() for p in pipes]
    control = LiveControl(lambda: store, code, token, "nl", poll=None)
    control.act("plan", questions=ids)
    go.set()
    pushed: dict[str, float] = {}
    counted: dict[str, list[tuple[int, float]]] = {}
    for qid in ids:
        control.countdown.value = 0
        control.act("next")
        pushed[qid] = time.time()
        deadline = time.time() + 20
        last = -1
        while time.time() < deadline:  # the facilitator's view, polled as on the page
            control.poll()
            responses = control._key[3].responses if control._key and control._key[3] else 0
            if responses != last:
                counted.setdefault(qid, []).append((responses, time.time()))
                last = responses
            if responses >= args.participants:
                break
            time.sleep(HOST_POLL)
        control.act("reveal")
        time.sleep(1.0)
    control.act("end")
    time.sleep(1.0)
    stop.set()
    results = [p.recv() for p in pipes]
    for w in workers:
        w.join(60)
    shown = [t - pushed[q] for r in results for (_n, q, t) in r["seen"] if q in pushed]
    sent = sorted((t, q) for r in results for (_n, q, t) in r["sent"])
    # answer -> counted: for the k-th answer to a question, the first facilitator reading
    # whose count reached k
    delays = []
    for qid in ids:
        times = sorted(t for t, q in sent if q == qid)
        readings = counted.get(qid, [])
        for k, t_sent in enumerate(times, start=1):
            t_count = next((t for n, t in readings if n >= k), None)
            if t_count is not None:
                delays.append(max(0.0, t_count - t_sent))
    report = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "path": "LiveView/LiveControl kernel code in worker processes, no websocket hop",
        "database": "sqlite" if args.db is None else "given URL",
        "participants": args.participants,
        "questions": len(ids),
        "processes": args.processes,
        "push_to_shown_s": {
            "p50": statistics.median(shown) if shown else None,
            "p95": p95(shown),
            "n": len(shown),
        },
        "answer_to_counted_s": {
            "p50": statistics.median(delays) if delays else None,
            "p95": p95(delays),
            "n": len(delays),
        },
        "memory_per_participant_mib": {
            "rss": statistics.mean(m["rss_per_participant"] for m in memory) / 2**20,
            "uss": statistics.mean(m["uss_per_participant"] for m in memory) / 2**20,
        },
    }
    args.out.write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps(report, indent=2))
    control.close()
    store.delete_session(code, token)
    store.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
