"""Quiz views: one ipywidgets view per question type over
:class:`aiact_kit.engines.quiz.QuizSession`.

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
from collections.abc import Callable, Iterable
from html import escape
from typing import Any

import ipywidgets as widgets

from aiact_kit.content import Content
from aiact_kit.content.vocabulary import ui
from aiact_kit.engines.quiz import (
    Attempt,
    QuestionView,
    QuizError,
    QuizSession,
    quiz_ui,
    topic_label,
)

log = logging.getLogger(__name__)

STYLE = """<style>
.aiact-quiz{max-width:52em;line-height:1.45}
.aiact-quiz .widget-label,.aiact-quiz .widget-radio-box label,.aiact-quiz .widget-checkbox label,
.aiact-quiz .widget-checkbox .widget-label-basic{white-space:normal;height:auto;line-height:1.4}
.aiact-quiz .aiact-stacked{flex-direction:column;align-items:flex-start;height:auto}
.aiact-quiz .aiact-stacked,.aiact-quiz .aiact-checkboxes .widget-checkbox{margin-left:0;
margin-right:0;max-width:100%}
.aiact-quiz .aiact-stacked>.widget-label{width:auto;max-width:100%;font-weight:600;
margin-bottom:.2em;text-align:left;line-height:1.4;height:auto}
.aiact-quiz .aiact-progress-row{align-items:center;flex-wrap:wrap;column-gap:.5em}
.aiact-quiz .aiact-button-row{flex-wrap:wrap}
.aiact-quiz .aiact-stacked>select{flex:0 0 auto;height:var(--jp-widgets-inline-height,28px);
max-width:100%}
.aiact-quiz .widget-radio-box{height:auto}
.aiact-quiz .widget-html-content{line-height:1.5}
.aiact-quiz h2.aiact-heading{font-size:1.15em;margin:.4em 0}
.aiact-quiz .aiact-right{color:#185c18}
.aiact-quiz .aiact-wrong{color:#9e0000}
.aiact-quiz .aiact-partial{color:#6e4400}
.aiact-quiz .aiact-cite{color:#333;font-size:.9em}
.aiact-quiz .aiact-hint{font-style:italic}
.aiact-quiz table.aiact-topics{border-collapse:collapse}
.aiact-quiz table.aiact-topics th,.aiact-quiz table.aiact-topics td{border:1px solid #767676;
padding:.2em .6em;text-align:left}
</style>"""

RIGHT = "\u2714"  # heavy check mark
WRONG = "\u2718"  # heavy ballot x
PARTIAL = "\u25d0"  # circle with left half black

_UNCHOSEN = ""  # dropdown value meaning "nothing chosen yet"


def _msg(lang: str, err: Exception) -> str:
    """A readable message for an error raised while handling a click."""
    if isinstance(err, QuizError) and err.reason in (
        "no_answer",
        "incomplete",
        "finished",
        "duplicate_position",
    ):
        return quiz_ui(err.reason, lang)
    if isinstance(err, QuizError):
        return f"{quiz_ui('invalid', lang)}: {err}"
    return f"{quiz_ui('invalid', lang)} ({type(err).__name__}: {err})"


def _p(text: str, cls: str = "") -> str:
    attr = f' class="{cls}"' if cls else ""
    return f"<p{attr}>{escape(text)}</p>"


def feedback_html(attempt: Attempt, lang: str) -> str:
    """The learner-facing feedback after a check, as escaped HTML."""
    r = attempt.result
    if r.correct:
        verdict, cls, sym = ui("correct", lang), "aiact-right", RIGHT
    elif r.score > 0:
        verdict, cls, sym = ui("partly_correct", lang), "aiact-partial", PARTIAL
    else:
        verdict, cls, sym = ui("incorrect", lang), "aiact-wrong", WRONG
    parts = ['<div class="aiact-feedback-body" role="status">']
    detail = ""
    if r.items_total > 1 and r.type != "multiple":
        detail = " (" + quiz_ui("items_right", lang, n=r.items_right, total=r.items_total) + ")"
    parts.append(
        f'<p class="aiact-verdict {cls}"><strong>{sym} {escape(verdict)}</strong>'
        f"{escape(detail)}</p>"
    )
    notes: list[str] = []
    if r.type in ("single", "multiple", "true_false", "date"):
        for f in r.feedback:
            if f.selected and (f.message or attempt.finished):
                mark = (
                    f"{RIGHT} {quiz_ui('right_choice', lang)}"
                    if f.is_answer
                    else f"{WRONG} {quiz_ui('wrong_choice', lang)}"
                )
                text = f"<em>{escape(f.label)}</em> \u2014 {escape(mark)}"
                if f.message:
                    text += f": {escape(f.message)}"
                notes.append(text)
            elif attempt.finished and f.is_answer and not f.selected and r.type == "multiple":
                mark = f"{WRONG} {quiz_ui('missed_choice', lang)}"
                notes.append(f"<em>{escape(f.label)}</em> \u2014 {escape(mark)}")
    else:
        for f in r.feedback:
            mark = RIGHT if f.right else WRONG
            word = quiz_ui("right_choice" if f.right else "wrong_choice", lang)
            text = (
                f"{mark} {escape(word)}: <em>{escape(f.label)}</em> \u2192 {escape(f.chosen or '')}"
            )
            if r.type == "ordering":
                text = (
                    f"{mark} {escape(word)}: <em>{escape(f.label)}</em> \u2192 "
                    f"{escape(quiz_ui('position', lang, n=f.chosen))}"
                )
            if f.message:
                text += f" \u2014 {escape(f.message)}"
            notes.append(text)
    if notes:
        parts.append("<ul>" + "".join(f"<li>{n}</li>" for n in notes) + "</ul>")
    if not attempt.finished:
        key = "try_again_one" if attempt.tries_left == 1 else "try_again"
        parts.append(_p(quiz_ui(key, lang, n=attempt.tries_left)))
    else:
        if attempt.revealed:
            parts.append(f"<p><strong>{escape(quiz_ui('answer_shown', lang))}:</strong></p>")
            parts.append(
                "<ul>" + "".join(f"<li>{escape(line)}</li>" for line in r.correct_answer) + "</ul>"
            )
        parts.append(f"<p><strong>{escape(quiz_ui('explanation', lang))}:</strong></p>")
        parts.append(r.explanation_html())
    parts.append("</div>")
    return "".join(parts)


def summary_html(session: QuizSession) -> str:
    lang = session.lang
    s = session.summary()
    pct = round(s.score * 100)
    rows = "".join(
        f"<tr><td>{escape(t.label)}</td><td>{t.correct} / {t.total}</td>"
        f"<td>{round(t.score * 100)}%</td></tr>"
        for t in s.topics
    )
    score_word = ui("score", lang)
    right_word = ui("correct", lang)
    return (
        f'<div class="aiact-summary-body" role="status">'
        f"<p><strong>{escape(quiz_ui('total_score', lang, pct=pct))}</strong> "
        f"({escape(quiz_ui('items_right', lang, n=s.correct, total=s.total))})</p>"
        f'<p class="aiact-band">{escape(s.message)}</p>'
        f'<table class="aiact-topics"><caption>{escape(quiz_ui("per_topic", lang))}</caption>'
        f'<thead><tr><th scope="col">'
        f'{escape(quiz_ui("topic", lang))}</th><th scope="col">{escape(right_word)}</th>'
        f'<th scope="col">{escape(score_word)}</th></tr></thead><tbody>{rows}</tbody></table>'
        + ("" if s.wrong else _p(quiz_ui("all_right", lang)))
        + "</div>"
    )


class QuizWidget(widgets.VBox):
    """The quiz as a widget: one question at a time, Check, Hint, Previous/Next, and a summary
    with the score per topic and a "Retry wrong answers" button at the end."""

    def __init__(self, session: QuizSession, restart: Callable[[], QuizSession] | None = None):
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

        self.heading = widgets.HTML()
        self.heading.add_class("aiact-quiz-heading")
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
        self.check_button = widgets.Button(
            description=ui("check", lang), button_style="primary", tooltip=ui("check", lang)
        )
        self.hint_button = widgets.Button(description=ui("hint", lang), tooltip=ui("hint", lang))
        self.hint_area = widgets.HTML()
        self.hint_area.add_class("aiact-hint")
        self.feedback = widgets.HTML()
        self.feedback.add_class("aiact-feedback")
        self.prev_button = widgets.Button(
            description="\u2190 " + ui("previous", lang), tooltip=ui("previous", lang)
        )
        self.next_button = widgets.Button(
            description=ui("next", lang) + " \u2192", tooltip=ui("next", lang)
        )
        self.summary = widgets.HTML()
        self.summary.add_class("aiact-quiz-summary")
        self.retry_button = widgets.Button(
            description=quiz_ui("retry_wrong", lang), tooltip=quiz_ui("retry_wrong", lang)
        )
        self.restart_button = widgets.Button(
            description=ui("restart", lang), tooltip=ui("restart", lang)
        )
        self.back_button = widgets.Button(
            description="\u2190 " + ui("back", lang), tooltip=ui("back", lang)
        )

        for button in (
            self.check_button,
            self.hint_button,
            self.prev_button,
            self.next_button,
            self.retry_button,
            self.restart_button,
            self.back_button,
        ):
            button.layout = widgets.Layout(width="auto", min_width="9em")
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
            [self.summary, self._row([self.back_button, self.retry_button, self.restart_button])]
        )
        self.children = [
            widgets.HTML(STYLE),
            self.heading,
            self._row([self.progress, self.progress_label], "aiact-progress-row"),
            self.question_box,
            self.summary_box,
        ]
        self._show_question()

    @staticmethod
    def _row(children: list[widgets.Widget], cls: str = "aiact-button-row") -> widgets.HBox:
        """A row of controls that wraps on a narrow screen instead of cutting them off."""
        row = widgets.HBox(children)
        row.add_class(cls)
        return row

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
                self.feedback.value = (
                    f'<div class="aiact-feedback-body aiact-error" role="alert">'
                    f"<p>{WRONG} {escape(_msg(self.lang, err))}</p></div>"
                )

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

    def _update_progress(self) -> None:
        p = self.session.progress
        self.progress.max = max(1, p.total)
        self.progress.value = p.answered
        self.progress_label.value = quiz_ui("answered_of", self.lang, n=p.answered, total=p.total)

    # -- building the answer controls -----------------------------------------------------------
    def _build(self, view: QuestionView) -> tuple[widgets.Widget, Any]:
        lang = self.lang
        t = view.type
        if t in ("single", "true_false", "date"):
            radio = widgets.RadioButtons(
                options=[(c.text, c.id) for c in view.choices],
                value=None,
                description=view.instruction,
                style={"description_width": "initial"},
                layout=widgets.Layout(width="100%"),
            )
            radio.add_class("aiact-stacked")
            return radio, radio
        if t == "multiple":
            boxes = [
                widgets.Checkbox(
                    value=False,
                    description=c.text,
                    indent=False,
                    layout=widgets.Layout(width="100%"),
                )
                for c in view.choices
            ]
            box = widgets.VBox(
                [widgets.HTML(f"<strong>{escape(view.instruction)}</strong>"), *boxes]
            )
            box.add_class("aiact-checkboxes")
            return box, boxes
        if t == "matching":
            not_chosen = quiz_ui("not_chosen", lang)
            options = [(not_chosen, _UNCHOSEN)] + [(c.text, c.id) for c in view.rights]
            drops = {left.id: self._dropdown(left.text, options, _UNCHOSEN) for left in view.lefts}
            heading = widgets.HTML(f"<strong>{escape(view.instruction)}</strong>")
            return widgets.VBox([heading, *drops.values()]), drops
        if t == "ordering":
            not_chosen = quiz_ui("not_chosen", lang)
            n = len(view.steps)
            options = [(not_chosen, 0)] + [
                (quiz_ui("position", lang, n=i), i) for i in range(1, n + 1)
            ]
            drops = {s.id: self._dropdown(s.text, options, 0) for s in view.steps}
            heading = widgets.HTML(f"<strong>{escape(view.instruction)}</strong>")
            return widgets.VBox([heading, *drops.values()]), drops
        if t == "scenario":
            radios = {}
            for part in view.parts:
                radio = widgets.RadioButtons(
                    options=[(c.text, c.id) for c in part.choices],
                    value=None,
                    description=part.label,
                    style={"description_width": "initial"},
                    layout=widgets.Layout(width="100%"),
                )
                radio.add_class("aiact-stacked")
                radios[part.id] = radio
            return widgets.VBox(list(radios.values())), radios
        raise QuizError(f"no view for question type {t!r}", question_id=view.id)

    @staticmethod
    def _dropdown(label: str, options: list[tuple[str, Any]], value: Any) -> widgets.Dropdown:
        drop = widgets.Dropdown(
            options=options,
            value=value,
            description=label,
            style={"description_width": "initial"},
            layout=widgets.Layout(width="100%"),
        )
        drop.add_class("aiact-stacked")
        return drop

    def read_answer(self) -> Any:
        """The current answer in the engine's shape (raises QuizError when incomplete)."""
        view, c = self.view, self.controls
        t = view.type
        if t in ("single", "true_false", "date"):
            if c.value is None:
                raise QuizError("no answer chosen", question_id=view.id, reason="no_answer")
            return c.value
        if t == "multiple":
            chosen = [choice.id for choice, box in zip(view.choices, c, strict=True) if box.value]
            if not chosen:
                raise QuizError("no answer chosen", question_id=view.id, reason="no_answer")
            return chosen
        if t == "matching":
            answer = {k: d.value for k, d in c.items()}
            if all(v == _UNCHOSEN for v in answer.values()):
                raise QuizError("no answer chosen", question_id=view.id, reason="no_answer")
            if any(v == _UNCHOSEN for v in answer.values()):
                raise QuizError("not every item matched", question_id=view.id, reason="incomplete")
            return answer
        if t == "ordering":
            positions = {k: d.value for k, d in c.items()}
            if all(v == 0 for v in positions.values()):
                raise QuizError("no answer chosen", question_id=view.id, reason="no_answer")
            if any(v == 0 for v in positions.values()):
                raise QuizError("not every step placed", question_id=view.id, reason="incomplete")
            if len(set(positions.values())) != len(positions):
                raise QuizError(
                    "a position is used twice", question_id=view.id, reason="duplicate_position"
                )
            return sorted(positions, key=lambda k: positions[k])
        if t == "scenario":
            answer = {k: r.value for k, r in c.items()}
            if all(v is None for v in answer.values()):
                raise QuizError("no answer chosen", question_id=view.id, reason="no_answer")
            if any(v is None for v in answer.values()):
                raise QuizError("not every part answered", question_id=view.id, reason="incomplete")
            return answer
        raise QuizError(f"unknown question type {t!r}", question_id=view.id)

    def _set_enabled(self, enabled: bool) -> None:
        c = self.controls
        items: Iterable[Any]
        if isinstance(c, dict):
            items = c.values()
        elif isinstance(c, list):
            items = c
        else:
            items = [c]
        for w in items:
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
            self._answer_widgets[qid], self._controls[qid] = self._build(view)
        self.answer_area.children = [self._answer_widgets[qid]]
        self.hint_button.layout.display = None if view.has_hint else "none"
        self.hint_area.value = self._hints.get(qid, "")
        self.feedback.value = self._feedback.get(qid, "")
        self._set_enabled(not self.session.state(qid).finished)
        self.prev_button.disabled = self.index == 0
        last = self.index == total - 1
        self.next_button.description = (
            quiz_ui("finish", lang) if last else ui("next", lang)
        ) + " \u2192"
        self._update_progress()

    def _show_summary(self) -> None:
        self.on_summary = True
        self.question_box.layout.display = "none"
        self.summary_box.layout.display = None
        self.heading.value = (
            f'<h2 class="aiact-heading">{escape(quiz_ui("summary", self.lang))}</h2>'
        )
        self.summary.value = summary_html(self.session)
        self.retry_button.layout.display = None if self.session.wrong_ids() else "none"
        self.restart_button.layout.display = None if self._restart else "none"
        self._update_progress()

    def _load(self, session: QuizSession) -> None:
        self.session = session
        self.index = 0
        self._answer_widgets.clear()
        self._controls.clear()
        self._feedback.clear()
        self._hints.clear()
        self.feedback.value = ""
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
        self._update_progress()

    def _on_hint(self) -> None:
        text = self.session.hint(self.qid)
        if text is None:
            html = _p(quiz_ui("no_hint", self.lang))
        else:
            html = f"<p><strong>{escape(ui('hint', self.lang))}:</strong> {escape(text)}</p>"
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
) -> QuizWidget:
    """A quiz on a topic (e.g. ``"roles"``), a question id, or a list of them.

    ``seed`` fixes the order of questions and options; ``tries`` is the number of tries before
    the answer is shown; ``shuffle=False`` keeps content order; ``limit`` caps the number of
    questions. Raises :class:`aiact_kit.engines.quiz.QuizError` for an unknown topic or question id.
    """

    def make() -> QuizSession:
        return QuizSession(
            selection,
            lang,
            seed=seed,
            tries=tries,
            shuffle=shuffle,
            limit=limit,
            quiz_id=quiz_id,
            content=content,
        )

    return QuizWidget(make(), restart=make)


__all__ = ["quiz", "QuizWidget", "feedback_html", "summary_html", "STYLE"]
