"""Live mode's HTML (no ipywidgets): the question as the room sees it, the phase line with the
countdown, and after the reveal the right answer, its explanation and citation and how the room
answered: a bar per option, *every* option (also those nobody chose), the right one marked in
words and with a symbol, not only by colour. Used by the participant's page, the facilitator's
page and the projector screen (large type). Every string comes from the text catalogue.

Live rounds use questions whose answers are options (:data:`LIVE_TYPES`), so the room's
answers can be shown per option.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from typing import Any

from aiact_kit.content import default_content
from aiact_kit.engines.quiz import QuestionView, build_view, right_answer, topic_label
from aiact_kit.engines.workshop import LIVE_TYPES, LiveCounts
from aiact_kit.present.render import citations_html
from aiact_kit.present.workshop import counted, t

LIVE_STYLE = """<style>
.aiact-live{line-height:1.45}
.aiact-live-phase{font-weight:bold;margin:.4em 0}
.aiact-live-bars{border-collapse:collapse;width:100%;max-width:60em;margin:.4em 0}
.aiact-live-bars th,.aiact-live-bars td{padding:.25em .5em;text-align:left;vertical-align:top}
.aiact-live-bars th{font-weight:normal;width:45%;overflow-wrap:anywhere;white-space:normal}
.aiact-live-bar{display:inline-block;height:1.1em;background:#1f4e79;vertical-align:middle;
  margin-right:.4em;min-width:2px}
.aiact-live-right .aiact-live-bar{background:#0b5d1e}
.aiact-live-right th{font-weight:bold}
.aiact-live-mark{color:#0b5d1e;font-weight:bold}
</style>"""


@dataclass(frozen=True)
class LiveQuestion:
    """A live question in one language: the view, the right option ids, the explanation."""

    view: QuestionView
    right: frozenset[str]
    explanation: str
    citations: tuple[str, ...]

    @property
    def id(self) -> str:
        return self.view.id


def live_question(question_id: str, lang: str) -> LiveQuestion:
    """The question as the room sees it (options in content order: everyone the same)."""
    content = default_content()
    q = content.get(question_id, "questions")
    view = build_view(q, lang, content, None)
    right = right_answer(q, content)
    return LiveQuestion(
        view=view,
        right=frozenset(choice_ids(right)),
        explanation=content.render(q.explanation, lang, q.version),
        citations=tuple(q.citations),
    )


def choice_ids(answer: Any) -> list[str]:
    """An answer as the option ids it chose (``True`` -> ``"true"``)."""
    items = answer if isinstance(answer, list) else [answer]
    out = []
    for item in items:
        if isinstance(item, bool):
            out.append("true" if item else "false")
        elif item is not None:
            out.append(str(item))
    return out


def phase_html(phase: str, seconds_left: int | None, lang: str) -> str:
    """The phase line (a polite live region) with the countdown."""
    words = escape(t(f"live_phase_{phase}", lang))
    if seconds_left is not None and phase == "open":
        words += " " + escape(t("live_left", lang, n=seconds_left))
    return f'<p class="aiact-live-phase" role="status" aria-live="polite">{words}</p>'


def question_html(lq: LiveQuestion, number: int, total: int, lang: str, level: int = 2) -> str:
    """'Question N of M · topic' and the prompt."""
    view = lq.view
    head = (
        f"{escape(t('live_question_of', lang, n=number, total=total))} \u00b7 "
        f"{escape(topic_label(view.topic, lang))}"
    )
    scenario = f"<p>{escape(view.scenario)}</p>" if view.scenario else ""
    return (
        f'<h{level} class="aiact-live-head">{head}</h{level}>{scenario}'
        f'<p class="aiact-live-prompt"><strong>{escape(view.prompt)}</strong></p>'
    )


def bars_html(lq: LiveQuestion, counts: LiveCounts | None, revealed: bool, lang: str) -> str:
    """A table with a bar per option (every option), the count, and after the reveal the right
    one(s) marked with a symbol and a word."""
    votes = counts.choices if counts is not None else {}
    responses = counts.responses if counts is not None else 0
    top = max([*votes.values(), 1])
    rows = []
    for choice in lq.view.choices:
        n = votes.get(choice.id, 0)
        right = revealed and choice.id in lq.right
        mark = (
            f' <span class="aiact-live-mark">\u2714 {escape(t("live_right_mark", lang))}</span>'
            if right
            else ""
        )
        width = round(100 * n / top)
        rows.append(
            f'<tr class="{"aiact-live-right" if right else ""}">'
            f'<th scope="row">{escape(choice.text)}{mark}</th>'
            f'<td><span class="aiact-live-bar" style="width:{width * 0.8:.0f}%"></span>'
            f"{n}</td></tr>"
        )
    caption = (
        f"{escape(t('live_room', lang))} ({escape(counted('live_responses', responses, lang))})"
    )
    return (
        f'<table class="aiact-live-bars"><caption>{caption}</caption>'
        f'<thead><tr><th scope="col">{escape(t("live_option", lang))}</th>'
        f'<th scope="col">{escape(t("live_votes", lang))}</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def reveal_html(
    lq: LiveQuestion, lang: str, your_answer: Any = None, answered: bool | None = None
) -> str:
    """The right answer, whether yours was right, the explanation and its citation."""
    right = [c.text for c in lq.view.choices if c.id in lq.right]
    if answered is None:  # the facilitator's and the projector's view
        you = ""
    elif answered:
        ok = set(choice_ids(your_answer)) == set(lq.right)
        you = f"<p>{escape(t('live_you_right' if ok else 'live_you_wrong', lang))}</p>"
    else:
        you = f"<p>{escape(t('live_you_none', lang))}</p>"
    return (
        f'<div class="aiact-live-reveal"><p><strong>{escape(t("live_right_answer", lang))}:'
        f"</strong> {escape('; '.join(right))}</p>{you}"
        f"<p><strong>{escape(t('live_explanation', lang))}:</strong> "
        f"{escape(lq.explanation)} {citations_html(list(lq.citations), lang)}</p></div>"
    )


__all__ = [
    "LIVE_STYLE",
    "LIVE_TYPES",
    "LiveQuestion",
    "bars_html",
    "choice_ids",
    "live_question",
    "phase_html",
    "question_html",
    "reveal_html",
]
