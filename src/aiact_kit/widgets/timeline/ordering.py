"""The ordering exercise: put milestones in the order in which they start, graded by the quiz
engine against the timeline data of the amended law."""

from __future__ import annotations

import hashlib
import json
from collections import ChainMap
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

import ipywidgets as widgets

from aiact_kit.content import Content, cached_object, default_content
from aiact_kit.content.records import LANGS
from aiact_kit.content.text import text
from aiact_kit.content.vocabulary import check_lang, format_date, ui
from aiact_kit.widgets.timeline.common import STYLE, word

if TYPE_CHECKING:
    from aiact_kit.content.schema.questions import Question

DEFAULT_ORDER_IDS = (
    "chapters-i-ii",
    "gpai-governance",
    "general-application",
    "new-prohibitions",
    "annex-iii-high-risk",
    "annex-i-high-risk",
    "public-legacy",
)


def question_code_files() -> list[Path]:
    """The code a validated ordering question depends on (its cache key): the quiz schema and
    the modules it uses."""
    content = Path(__file__).resolve().parents[2] / "content"  # this is widgets/timeline/
    return [
        *sorted(content.glob("schema/*.py")),
        content / "citations.py",
        content / "vocabulary.py",
    ]


def ordering_question(ids: list[str] | tuple[str, ...] | None = None) -> Question:
    """An ``ordering`` question (quiz schema) with one milestone step per id."""
    content = default_content()
    ids = list(DEFAULT_ORDER_IDS if ids is None else ids)
    known = {m.id for m in content.kind("timeline")}
    unknown = [i for i in ids if i not in known]
    if unknown:
        raise ValueError(f"unknown milestone id(s): {', '.join(unknown)}")
    if len(set(ids)) != len(ids):
        raise ValueError("each milestone may appear only once")
    if len(ids) < 2:
        raise ValueError("an ordering exercise needs at least 2 milestones")
    missing = [i for i in ids if content.milestone_date(i, "amended") is None]
    if missing:
        raise ValueError(f"milestone(s) without a date in the amended law: {', '.join(missing)}")
    data = {
        "id": "timeline-order-milestones",
        "type": "ordering",
        "topic": "timeline",
        "difficulty": 2,
        "prompt": {lang: text("timeline.order_prompt", lang) for lang in LANGS},
        "sequence": [{"id": i, "milestone": i} for i in ids],
        "explanation": {lang: text("timeline.order_explanation", lang) for lang in LANGS},
        "citations": ["Art. 113", "Art. 111"],
    }
    # Validating builds the Question model's validator (deferred at import): ~1 MiB and a
    # pydantic plugin scan per kernel. The validated question is cached (pickled) per data and
    # schema code, like the content itself.
    code = question_code_files()
    digest = hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:16]

    def build() -> Question:
        from aiact_kit.content.schema.questions import Question

        return Question.model_validate(data)

    return cached_object(f"timeline-order-{digest}", code, build)


class OrderMilestones(widgets.VBox):
    """An ordering exercise on the quiz engine: one labelled position Dropdown per milestone,
    a Check button and feedback. ``session`` is the underlying :class:`QuizSession`."""

    def __init__(
        self,
        lang: str = "nl",
        ids: list[str] | tuple[str, ...] | None = None,
        seed: int | str | None = None,
        tries: int = 2,
    ):
        from aiact_kit.engines.quiz import QuizError, QuizSession, quiz_ui

        check_lang(lang)
        self.lang = lang
        self._QuizError = QuizError
        self._quiz_ui = quiz_ui
        question = ordering_question(ids)
        base = default_content()
        # the exercise on top of the question bank, without reading the bank's questions
        questions = ChainMap({question.id: question}, base.items.get("questions", {}))
        content = Content(
            root=base.root,
            items={**base.items, "questions": questions},
            files={**base.files, question.id: "(timeline exercise)"},
        )
        self.session = QuizSession(
            question.id, lang, seed=seed, tries=tries, quiz_id="timeline-order", content=content
        )
        self.view = self.session.view(question.id)
        n = len(self.view.steps)
        positions = [(quiz_ui("not_chosen", lang), None)] + [(str(i), i) for i in range(1, n + 1)]
        self.positions = {
            step.id: widgets.Dropdown(
                options=positions,
                value=None,
                description=step.text,
                style={"description_width": "initial"},
                layout=widgets.Layout(width="auto"),
            )
            for step in self.view.steps
        }
        self.check = widgets.Button(description=ui("check", lang), button_style="primary")
        self.check.on_click(lambda _b: self.submit())
        self.feedback = widgets.HTML()
        self.feedback.add_class("aiact-order-feedback")
        intro = widgets.HTML(
            f"<p><strong>{escape(word('order_title', lang))}</strong></p>"
            f"<p>{escape(self.view.prompt)}</p>"
        )
        super().__init__([intro, *self.positions.values(), self.check, self.feedback])

    def answer(self) -> list[str] | None:
        """The step ids in the learner's order, or None when a place is missing or doubled."""
        chosen = {sid: d.value for sid, d in self.positions.items()}
        if any(v is None for v in chosen.values()):
            return None
        if len(set(chosen.values())) != len(chosen):
            return None
        return [sid for sid, _ in sorted(chosen.items(), key=lambda kv: kv[1])]

    def submit(self) -> Any:
        """Check the current answer; returns the quiz Attempt (or None if not checkable)."""
        lang = self.lang
        values = [d.value for d in self.positions.values()]
        if any(v is None for v in values):
            self.feedback.value = f"<p role='alert'>{escape(self._quiz_ui('incomplete', lang))}</p>"
            return None
        if len(set(values)) != len(values):
            msg = self._quiz_ui("duplicate_position", lang)
            self.feedback.value = f"<p role='alert'>{escape(msg)}</p>"
            return None
        qid = self.view.id
        try:
            attempt = self.session.check(qid, self.answer())
        except self._QuizError as err:
            key = err.reason if err.reason in ("finished", "incomplete") else "invalid"
            self.feedback.value = f"<p role='alert'>{escape(self._quiz_ui(key, lang))}</p>"
            return None
        result = attempt.result
        verdict = ui("correct" if result.correct else "incorrect", lang)
        items = []
        for f in result.feedback:
            css = "aiact-right" if f.right else "aiact-wrong"
            state = word("right", lang) if f.right else f"{word('wrong', lang)} {f.expected}"
            items.append(f"<li class='{css}'>{escape(f.label)}: {escape(state)}</li>")
        score = word("milestones_right", lang).format(
            n=result.items_right, total=result.items_total
        )
        parts = [
            f"<p role='status'><strong>{escape(verdict)}</strong>. {escape(score)}</p>",
            f"<ul>{''.join(items)}</ul>",
        ]
        if attempt.finished:
            content = self.session.content
            question = self.session.question(qid)
            order = sorted(
                question.sequence,
                key=lambda s: content.milestone_date(s.milestone, "amended"),
            )
            lines = "".join(
                f"<li>{escape(format_date(content.milestone_date(s.milestone, 'amended'), lang))}"
                f": {escape(content.render(content.get(s.milestone, 'timeline').title, lang))}</li>"
                for s in order
            )
            parts.append(
                f"<p><strong>{escape(word('right_order', lang))}</strong></p><ol>{lines}</ol>"
                f"{result.explanation_html()}"
            )
            self.check.disabled = True
        else:
            key = "tries_left_one" if attempt.tries_left == 1 else "tries_left"
            parts.append(f"<p>{escape(word(key, lang).format(n=attempt.tries_left))}</p>")
        self.feedback.value = STYLE + "".join(parts)
        return attempt


def order_milestones(
    lang: str = "nl", ids: list[str] | tuple[str, ...] | None = None, seed: int | str | None = None
) -> OrderMilestones:
    """Exercise: put the milestones (default: seven key dates) in order, graded by the quiz
    engine against the timeline data of the amended law."""
    return OrderMilestones(lang, ids, seed)


__all__ = ["DEFAULT_ORDER_IDS", "OrderMilestones", "order_milestones", "ordering_question"]
