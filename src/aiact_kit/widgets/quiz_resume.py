"""Resuming a quiz from the learner's local progress (JupyterLab, Notebook 7): the same
selection as last time (its seed is kept), the earlier answers put back with their result,
and "you finished this lesson on ..." when every question of the lesson is answered.

The records are those of :mod:`aiact_kit.engines.progress` (see its docstring); the lesson is
the page that ``page_nav`` announced (:func:`aiact_kit.engines.progress.set_page`). Without a
progress file (switched off, or under Voilà) nothing is resumed. A failing progress file never
breaks the quiz: the problem is logged and the quiz runs as a new one.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from aiact_kit.engines import progress as store_mod
from aiact_kit.engines.quiz import QuizSession
from aiact_kit.present.progress_view import earlier_html, finished_html, resumed_html
from aiact_kit.present.quiz import feedback_html

log = logging.getLogger(__name__)


def quiz_key(selection: str | Iterable[str], quiz_id: str | None) -> str:
    """The quiz's key within its page: its id when given, else its selection."""
    if quiz_id is not None:
        return str(quiz_id)
    return selection if isinstance(selection, str) else ",".join(selection)


@dataclass
class Resume:
    """The link between one quiz widget and the progress file."""

    store: store_mod.ProgressStore
    key: str
    page_id: str
    seed: int | None = None  # the seed of the kept selection, if any
    answers: dict[str, Any] = field(default_factory=dict)  # question id -> earlier answer

    @classmethod
    def open(cls, selection: str | Iterable[str], quiz_id: str | None) -> Resume | None:
        """The resume link of a quiz, or None when progress is not kept."""
        try:
            store = store_mod.default_progress()
            if store is None:
                return None
            page = store_mod.current_page()
            key = f"{page}|{quiz_key(selection, quiz_id)}"
            record = store.quiz_record(key)
        except Exception:  # noqa: BLE001 - a broken progress file must not break the quiz
            log.warning("progress file not readable; the quiz starts anew", exc_info=True)
            return None
        return cls(store, key, page, record.seed if record is not None else None)

    def started(self, session: QuizSession) -> None:
        """Keep the session's selection, unless it is the one already kept."""
        try:
            record = self.store.quiz_record(self.key)
            if record is None or record.question_ids != tuple(session.ids):
                self.store.start_quiz(
                    self.key, self.page_id, session.quiz_id, int(session.seed), session.ids
                )
        except Exception:  # noqa: BLE001
            log.warning("quiz selection not kept in the progress file", exc_info=True)

    def restore(self, session: QuizSession) -> dict[str, str]:
        """Put the earlier answers of the kept selection back into ``session``; returns the
        feedback HTML per question (with the date of the earlier answer)."""
        shown: dict[str, str] = {}
        try:
            record = self.store.quiz_record(self.key)
            earlier = self.store.quiz_answers(record) if record is not None else {}
        except Exception:  # noqa: BLE001
            log.warning("earlier answers not readable", exc_info=True)
            return shown
        for qid in session.ids:
            p = earlier.get(qid)
            if p is None:
                continue
            try:
                attempt = session.restore(qid, p.last_answer, p.attempts)
            except Exception:  # noqa: BLE001 - e.g. the question changed since
                log.warning("earlier answer to %s not restored", qid, exc_info=True)
                continue
            self.answers[qid] = p.last_answer
            shown[qid] = earlier_html(p, session.lang) + feedback_html(attempt, session.lang)
        return shown

    def status_html(self, session: QuizSession, restored: int, restart: str) -> str:
        """The note above the quiz: how many answers were restored, and the finished line of
        the lesson."""
        html = resumed_html(restored, len(session), restart, session.lang) if restored else ""
        if self.page_id:
            try:
                page = self.store.page_progress(self.page_id)
            except Exception:  # noqa: BLE001
                log.warning("lesson progress not readable", exc_info=True)
                page = None
            html += finished_html(page, session.lang)
        return html


__all__ = ["Resume", "quiz_key"]
