"""A quiz and the browser's record (the web app): the answers of the last run come back after
a reload, a finished quiz marks its lesson done, and the final test's result is kept for the
landing page and the certificate (:mod:`aiact_kit.widgets.browser_store`).

Outside the web app (no store) every function here does nothing.
"""

from __future__ import annotations

import logging
from typing import Any

from aiact_kit.engines.browser_progress import LearnerRecord
from aiact_kit.engines.quiz import QuizError
from aiact_kit.present.quiz import feedback_html
from aiact_kit.widgets.browser_store import current_store

# the quiz widget (aiact_kit.widgets.quiz.QuizWidget), not imported: it imports this module
QuizWidget = Any

log = logging.getLogger(__name__)
FINAL_TEST = "final-test"


def last_run(answers: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Per question, the tries of its latest run (from its last first try on), oldest first."""
    runs: dict[str, list[dict[str, Any]]] = {}
    for entry in answers:
        if entry["attempt"] == 1 or entry["question_id"] not in runs:
            runs[entry["question_id"]] = []
        runs[entry["question_id"]].append(entry)
    return runs


def resume(widget: QuizWidget, record: LearnerRecord) -> int:
    """Replay the latest answers of this quiz from ``record`` into ``widget`` (without new
    answer events); returns how many tries were replayed."""
    session = widget.session
    replayed = 0
    for qid, tries in last_run(record.answers_for(session.quiz_id)).items():
        if qid not in session.ids or session.state(qid).attempts:
            continue
        for entry in tries:
            if session.state(qid).finished:
                break
            try:
                attempt = session.check(qid, entry["answer"], emit=False)
            except QuizError:
                break  # the question changed since: keep what replayed
            widget._feedback[qid] = feedback_html(attempt, session.lang)
            replayed += 1
    if replayed and not widget.on_summary:
        widget._show_question()
    return replayed


def _same_order(widget: QuizWidget, record: LearnerRecord) -> None:
    """Ask the questions in the order (and selection) this browser saw before: the seed of
    the quiz is kept in the record."""
    session = widget.session
    seed = record.seeds.get(session.quiz_id)
    if seed is None or seed == session.seed or session.progress.answered:
        record.seeds.setdefault(session.quiz_id, int(session.seed) % 2**32)
        return
    widget._load(session.reseeded(seed))


def _loaded(widget: QuizWidget, record: LearnerRecord) -> None:
    if isinstance(widget.session.seed, int):
        _same_order(widget, record)
    resume(widget, record)
    store = current_store()
    if store is not None:
        store.save()


def attach(widget: QuizWidget) -> None:
    store = current_store()
    if store is None:
        return
    store.quizzes.append(widget)
    store.on_loaded(lambda record: _loaded(widget, record))


def checked(widget: QuizWidget) -> None:
    """After a check: when every quiz on the page is finished, the lesson is done."""
    store = current_store()
    if store is None:
        return
    if store.quizzes and all(q.session.done for q in store.quizzes):
        store.finish_lesson()


def summary_shown(widget: QuizWidget) -> None:
    """At the summary of the final test: keep its result."""
    store = current_store()
    s = widget.session.summary()
    if store is None or widget.session.quiz_id != FINAL_TEST or s.pass_mark is None:
        return
    try:
        store.set_final(
            {
                "correct": s.correct,
                "total": s.total,
                "pass_mark": s.pass_mark,
                "topics": {t.topic: [t.correct, t.total] for t in s.topics},
            }
        )
    except ValueError:
        log.exception("final-test result not kept")


__all__ = ["FINAL_TEST", "attach", "checked", "last_run", "resume", "summary_shown"]
