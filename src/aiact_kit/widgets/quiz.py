"""The quiz as a widget over :class:`aiact_kit.engines.quiz.QuizSession`: one question at a
time, then a summary. The answer controls of each question type are in
:mod:`aiact_kit.widgets.quiz_controls`, the feedback and summary HTML in
:mod:`aiact_kit.present.quiz`.

Only standard controls are used (RadioButtons, Checkbox, Dropdown, Button, IntProgress, HTML),
so everything works by keyboard and needs no custom JavaScript. Every control has a visible
label; right and wrong are shown with words and symbols, not only colour. The feedback area has
the CSS class ``aiact-feedback`` and the whole quiz ``aiact-quiz``, so browser tests can scope
their assertions. A click handler never raises: errors are shown in the feedback area.

Notebook use::

    from aiact_kit import quiz
    quiz("roles", lang="en")            # a topic, a question id, or a list of them
"""

from __future__ import annotations

import logging
import posixpath
from collections.abc import Callable
from html import escape
from typing import Any

import ipywidgets as widgets

from aiact_kit.content import Content
from aiact_kit.content.text import text
from aiact_kit.engines.course import lesson_label, outline
from aiact_kit.engines.quiz import QuestionView, QuizError, QuizSession, quiz_ui, topic_label
from aiact_kit.present.quiz import STYLE, error_html, feedback_html, paragraph, summary_html
from aiact_kit.widgets import quiz_progress
from aiact_kit.widgets.certificate import certificate_box
from aiact_kit.widgets.quiz_controls import (
    button_row,
    control_for,
    input_widgets,
    labelled_button,
    write_answer,
)
from aiact_kit.widgets.quiz_resume import Resume

log = logging.getLogger(__name__)


class QuizWidget(widgets.VBox):
    """The quiz as a widget: one question at a time, Check, Hint, Previous/Next, and a summary
    with the score per topic and a "Retry wrong answers" button at the end."""

    def __init__(
        self,
        session: QuizSession,
        restart: Callable[[], QuizSession] | None = None,
        resume: Resume | None = None,
    ):
        super().__init__()
        self.add_class("aiact-quiz")
        self.session = session
        self._restart = restart
        lang = self.lang = session.lang
        self.index = 0
        self.on_summary = False
        self._answer_widgets: dict[str, widgets.Widget] = {}
        self._controls: dict[str, Any] = {}
        self._feedback: dict[str, str] = {}
        self._hints: dict[str, str] = {}

        self._resume = resume
        self.heading = widgets.HTML()
        self.heading.add_class("aiact-quiz-heading")
        self.status = widgets.HTML()  # earlier answers restored; "you finished this lesson"
        self.status.add_class("aiact-quiz-status")
        self.progress = widgets.IntProgress(
            value=0,
            min=0,
            max=max(1, len(session)),
            description=quiz_ui("progress", lang),
            style={"description_width": "initial"},
        )
        self.progress_label = widgets.Label()
        self.prompt = widgets.HTML()
        self.prompt.add_class("aiact-quiz-prompt")
        self.answer_area = widgets.VBox()
        self.answer_area.add_class("aiact-quiz-answer")
        self.check_button = labelled_button(text("common.check", lang), button_style="primary")
        self.hint_button = labelled_button(text("common.hint", lang))
        self.hint_area = widgets.HTML()
        self.hint_area.add_class("aiact-hint")
        self.feedback = widgets.HTML()
        self.feedback.add_class("aiact-feedback")
        self.prev_button = labelled_button(text("common.previous", lang), before="\u2190 ")
        self.next_button = labelled_button(text("common.next", lang), after=" \u2192")
        self.summary = widgets.HTML()
        self.summary.add_class("aiact-quiz-summary")
        self.retry_button = labelled_button(quiz_ui("retry_wrong", lang))
        self.restart_button = labelled_button(text("common.restart", lang))
        self.back_button = labelled_button(text("common.back", lang), before="\u2190 ")
        self.practise_row = self._row([], "aiact-practise-row")

        self.check_button.on_click(self._safe(self._on_check))
        self.hint_button.on_click(self._safe(self._on_hint))
        self.prev_button.on_click(self._safe(self._on_prev))
        self.next_button.on_click(self._safe(self._on_next))
        self.retry_button.on_click(self._safe(self._on_retry))
        self.restart_button.on_click(self._safe(self._on_restart))
        self.back_button.on_click(self._safe(self._on_back))

        self.question_box = widgets.VBox(
            [
                self.prompt,
                self.answer_area,
                self._row([self.check_button, self.hint_button]),
                self.hint_area,
                self.feedback,
                self._row([self.prev_button, self.next_button]),
            ]
        )
        self.summary_box = widgets.VBox(
            [
                self.summary,
                self.practise_row,
                self._row([self.back_button, self.retry_button, self.restart_button]),
            ]
        )
        self.children = [
            widgets.HTML(STYLE),
            self.heading,
            self.status,
            self._row([self.progress, self.progress_label], "aiact-progress-row"),
            self.question_box,
            self.summary_box,
        ]
        self._restored = 0
        if resume is not None:
            self._feedback.update(resume.restore(session))
            self._restored = len(self._feedback)
        self._update_status()
        self._show_question()
        quiz_progress.attach(self)

    _row = staticmethod(button_row)

    def __repr__(self) -> str:  # stable text/plain output for notebooks (nbval compares it)
        s = self.session
        return f"QuizWidget(quiz_id={s.quiz_id!r}, lang={s.lang!r}, questions={len(s)})"

    # -- helpers ---------------------------------------------------------------------------------
    def _safe(self, handler: Callable[[], None]) -> Callable[[Any], None]:
        def run(_button: Any = None) -> None:
            try:
                handler()
            except Exception as err:  # noqa: BLE001 - a click must never raise into the page
                if not isinstance(err, QuizError):
                    log.exception("quiz widget handler failed")
                self.feedback.value = error_html(self.lang, err)

        return run

    @property
    def qid(self) -> str:
        return self.session.ids[self.index]

    @property
    def view(self) -> QuestionView:
        return self.session.view(self.index)

    @property
    def controls(self) -> Any:
        """The answer controls of the current question (shape depends on the type): a
        RadioButtons; a list of Checkbox; a dict id -> Dropdown; or a dict part id ->
        RadioButtons."""
        return self._controls[self.qid]

    def _update_status(self) -> None:
        if self._resume is not None:
            restart = text("common.restart", self.lang)
            self.status.value = self._resume.status_html(self.session, self._restored, restart)

    def _update_progress(self) -> None:
        p = self.session.progress
        self.progress.max = max(1, p.total)
        self.progress.value = p.answered
        self.progress_label.value = quiz_ui("answered_of", self.lang, n=p.answered, total=p.total)

    # -- the answer controls (see aiact_kit.widgets.quiz_controls) -----------------------------
    def read_answer(self) -> Any:
        """The current answer in the engine's shape (raises QuizError when incomplete)."""
        view = self.view
        return control_for(view).read(view, self.controls)

    def _set_enabled(self, enabled: bool) -> None:
        for w in input_widgets(self.controls):
            w.disabled = not enabled
        self.check_button.disabled = not enabled

    # -- screens ----------------------------------------------------------------------------
    def _show_question(self) -> None:
        self.on_summary = False
        self.question_box.layout.display = None
        self.summary_box.layout.display = "none"
        lang, view, qid = self.lang, self.view, self.qid
        total = len(self.session)
        self.heading.value = (
            f'<h2 class="aiact-heading">'
            f"{escape(quiz_ui('question_of', lang, n=self.index + 1, total=total))}"
            f" \u00b7 {escape(topic_label(view.topic, lang))}</h2>"
        )
        prompt = ""
        if view.scenario:
            prompt += (
                f'<p class="aiact-scenario"><strong>{escape(quiz_ui("scenario_heading", lang))}:'
                f"</strong> {escape(view.scenario)}</p>"
            )
        prompt += f'<p class="aiact-prompt-text"><strong>{escape(view.prompt)}</strong></p>'
        if view.status != "confirmed":
            prompt += (
                f'<p class="aiact-reported" role="note">({escape(quiz_ui("reported", lang))})</p>'
            )
        self.prompt.value = prompt
        if qid not in self._answer_widgets:
            self._answer_widgets[qid], self._controls[qid] = control_for(view).build(view)
            if self._resume is not None and qid in self._resume.answers:
                write_answer(view, self._controls[qid], self._resume.answers[qid])
        self.answer_area.children = [self._answer_widgets[qid]]
        self.hint_button.layout.display = None if view.has_hint else "none"
        self.hint_area.value = self._hints.get(qid, "")
        self.feedback.value = self._feedback.get(qid, "")
        self._set_enabled(not self.session.state(qid).finished)
        self.prev_button.disabled = self.index == 0
        last = self.index == total - 1
        self.next_button.description = (
            quiz_ui("finish", lang) if last else text("common.next", lang)
        ) + " \u2192"
        self._update_progress()

    def _show_summary(self) -> None:
        self.on_summary = True
        self.question_box.layout.display = "none"
        self.summary_box.layout.display = None
        self.heading.value = (
            f'<h2 class="aiact-heading">{escape(quiz_ui("summary", self.lang))}</h2>'
        )
        self.summary.value = summary_html(self.session, self._lesson_links())
        self.practise_row.children = [
            self._practise_button(t.topic) for t in self.session.summary().topics
        ]
        self.retry_button.layout.display = None if self.session.wrong_ids() else "none"
        quiz_progress.summary_shown(self)
        summary = self.session.summary()
        extra = [certificate_box(self.session)] if summary.passed else []
        self.summary_box.children = [self.summary, *extra, *self.summary_box.children[-2:]]
        self.restart_button.layout.display = None if self._restart else "none"
        self._update_progress()

    def _lesson_links(self) -> dict[str, tuple[str, str]]:
        """Per topic of this quiz: the label of its lesson and the link to it (lessons of one
        language sit in one folder, so the link is the notebook's file name)."""
        links: dict[str, tuple[str, str]] = {}
        try:
            course = outline(self.session.content)
        except Exception:  # noqa: BLE001 - a missing outline only loses the links
            log.exception("course outline unavailable for the quiz result")
            return links
        for t in self.session.summary().topics:
            lesson = course.lesson_for_topic(t.topic)
            if lesson is not None and course.available(lesson, self.lang):
                href = posixpath.basename(lesson.notebook.get(self.lang))
                links[t.topic] = (lesson_label(lesson, self.lang), href)
        return links

    def _practise_button(self, topic: str) -> widgets.Button:
        button = labelled_button(
            quiz_ui("practise_topic", self.lang, topic=topic_label(topic, self.lang))
        )
        button.add_class("aiact-practise")

        def practise() -> None:
            self._load(self.session.practise_topic(topic))

        button.on_click(self._safe(practise))
        return button

    def _load(self, session: QuizSession) -> None:
        self.session = session
        self.index = 0
        self._answer_widgets.clear()
        self._controls.clear()
        self._feedback.clear()
        self._hints.clear()
        self.feedback.value = ""
        self._restored = 0
        if self._resume is not None:
            self._resume.answers.clear()
        self._update_status()
        self._show_question()

    # -- handlers ---------------------------------------------------------------------------
    def _on_check(self) -> None:
        qid = self.qid
        self.feedback.value = ""
        answer = self.read_answer()
        attempt = self.session.check(qid, answer)
        html = feedback_html(attempt, self.lang)
        self._feedback[qid] = html
        self.feedback.value = html
        if attempt.finished:
            self._set_enabled(False)
            quiz_progress.checked(self)
        self._update_progress()
        if attempt.finished:
            self._update_status()

    def _on_hint(self) -> None:
        hint = self.session.hint(self.qid)
        if hint is None:
            html = paragraph(quiz_ui("no_hint", self.lang))
        else:
            word = text("common.hint", self.lang)
            html = f"<p><strong>{escape(word)}:</strong> {escape(hint)}</p>"
        self._hints[self.qid] = html
        self.hint_area.value = html

    def _on_prev(self) -> None:
        if self.index > 0:
            self.index -= 1
        self._show_question()

    def _on_next(self) -> None:
        if self.index < len(self.session) - 1:
            self.index += 1
            self._show_question()
        else:
            self._show_summary()

    def _on_back(self) -> None:
        self._show_question()

    def _on_retry(self) -> None:
        self._load(self.session.retry_wrong())

    def _on_restart(self) -> None:
        if self._restart is not None:
            self._load(self._restart())


def quiz(
    selection: str | list[str],
    lang: str = "nl",
    *,
    seed: int | str | None = None,
    tries: int = 2,
    shuffle: bool = True,
    limit: int | None = None,
    quiz_id: str | None = None,
    content: Content | None = None,
    pass_mark: float | None = None,
) -> QuizWidget:
    """A quiz on a topic (e.g. ``"roles"``), a question id, or a list of them.

    ``seed`` fixes the order of questions and options; ``tries`` is the number of tries before
    the answer is shown; ``shuffle=False`` keeps content order; ``limit`` caps the number of
    questions; ``pass_mark`` (e.g. 0.7) is the share to answer right to pass. Raises
    :class:`aiact_kit.engines.quiz.QuizError` for an unknown topic or question id.

    Where progress is kept (JupyterLab, Notebook 7) and no ``seed`` is given, the quiz keeps its
    selection until "start again" and shows earlier answers with their result."""
    resume = Resume.open(selection, quiz_id) if seed is None else None

    def make(kept: int | None = None) -> QuizSession:
        return QuizSession(
            selection,
            lang,
            seed=seed if kept is None else kept,
            tries=tries,
            shuffle=shuffle,
            limit=limit,
            quiz_id=quiz_id,
            content=content,
            pass_mark=pass_mark,
        )

    def new_questions() -> QuizSession:
        session = make()
        if resume is not None:
            resume.seed = None
            resume.store.start_quiz(
                resume.key, resume.page_id, session.quiz_id, int(session.seed), session.ids
            )
        return session

    first = make(resume.seed if resume is not None else None)
    if resume is not None:
        resume.started(first)
    return QuizWidget(first, restart=new_questions, resume=resume)


__all__ = ["quiz", "QuizWidget", "feedback_html", "summary_html", "STYLE"]
