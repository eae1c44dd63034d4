"""One question's block on the facilitator dashboard (no ipywidgets): the prompt, the share
correct, the answer distribution as a bar chart with alt text (drawn by the chart worker, see
:mod:`aiact_kit.present.charts`) and as a table. Answers are shown by their option texts
(:func:`answer_label`); every string comes from the text catalogue.
"""

from __future__ import annotations

import base64
import logging
from html import escape
from typing import Any

from aiact_kit.content.text import text
from aiact_kit.engines.workshop import LIVE_TYPES, QuestionStats, topic_name
from aiact_kit.present.workshop import counted, t

log = logging.getLogger(__name__)


# -- answers as text --------------------------------------------------------------------------
def _compact(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ", ".join(_compact(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k} → {_compact(v)}" for k, v in value.items())
    return str(value)


def _question(qid: str) -> Any:
    try:
        from aiact_kit.content import default_content

        return default_content().get(qid, "questions")
    except Exception:  # noqa: BLE001 - an unknown id just shows as the id
        return None


def _render(value: Any, lang: str) -> str:
    from aiact_kit.content import default_content

    return default_content().render(value, lang)


def _scenario_label(question: Any, answer: dict[str, Any], lang: str) -> str:
    parts = {p.id: p for p in question.parts}
    out = []
    for pid, oid in answer.items():
        part = parts.get(pid)
        if part is None:
            out.append(f"{pid} → {_compact(oid)}")
            continue
        opts = {o.id: o for o in part.options}
        chosen = _render(opts[oid].text, lang) if oid in opts else _compact(oid)
        out.append(f"{_render(part.label, lang)}: {chosen}")
    return "; ".join(out)


def _label(question: Any, answer: Any, lang: str) -> str | None:
    options = {o.id: o for o in getattr(question, "options", [])}
    qtype = question.type
    if qtype == "single" and isinstance(answer, str) and answer in options:
        return _render(options[answer].text, lang)
    if qtype == "multiple" and isinstance(answer, list):
        return "; ".join(
            _render(options[a].text, lang) if a in options else _compact(a) for a in answer
        )
    if qtype == "true_false":
        value = answer if isinstance(answer, bool) else str(answer).lower() == "true"
        return text("quiz.true" if value else "quiz.false", lang)
    if qtype == "date" and isinstance(answer, str):
        from aiact_kit.content import default_content
        from aiact_kit.content.vocabulary import format_date

        d = default_content().milestone_date(answer, getattr(question, "version", "amended"))
        return format_date(d, lang) if d is not None else None
    if qtype == "scenario" and isinstance(answer, dict):
        return _scenario_label(question, answer, lang)
    if qtype == "matching" and isinstance(answer, dict):
        pairs = {p.id: p for p in question.pairs}
        return "; ".join(
            f"{_render(pairs[k].left, lang) if k in pairs else k} → "
            f"{_render(pairs[v].right, lang) if v in pairs else _compact(v)}"
            for k, v in answer.items()
        )
    if qtype == "ordering" and isinstance(answer, list):
        steps = {s.id: s for s in question.sequence}
        labels = []
        for sid in answer:
            step = steps.get(sid)
            if step is not None and step.text is not None:
                labels.append(_render(step.text, lang))
            else:
                labels.append(_compact(sid))
        return " → ".join(labels)
    return None


def answer_label(question: Any, answer: Any, lang: str = "nl") -> str:
    """A readable label for an answer to ``question`` (option texts instead of ids when the
    question is known), or the answer itself. Raw text: escape before showing."""
    if question is None:
        return _compact(answer)
    try:
        found = _label(question, answer, lang)
    except Exception:  # noqa: BLE001 - fall back to the raw answer
        log.debug("no label for answer %r", answer, exc_info=True)
        found = None
    return _compact(answer) if found is None else found


def _short(value: str, n: int) -> str:
    return value if len(value) <= n else value[: n - 1] + "…"


# -- charts -----------------------------------------------------------------------------------
def chart_spec(
    labels: list[str],
    counts: list[int],
    correct: list[bool],
    xlabel: str,
    right: str = "✓",
    lang: str = "nl",
) -> dict[str, Any]:
    """A question's answer distribution as data for :func:`aiact_kit.present.charts.render_png`
    (kind ``distribution``)."""
    return {
        "kind": "distribution",
        "lang": lang,
        "labels": list(labels),
        "counts": [int(n) for n in counts],
        "correct": [bool(c) for c in correct],
        "xlabel": xlabel,
        "right": right,
        # room for labels that wrap to up to 3 lines of 40 characters (see the chart worker)
        "size": [6.4, 0.9 + sum(0.28 + 0.14 * min(3, 1 + len(x) // 40) for x in labels)],
        "dpi": 80,
    }


def chart_png(
    labels: list[str], counts: list[int], correct: list[bool], xlabel: str, right: str = "✓"
) -> bytes:
    """A horizontal bar chart as PNG, drawn by matplotlib in the chart worker process (never in
    this kernel) and cached on disk. Correct answers are dark, hatched and marked ``right`` in
    their label, so colour is never the only cue; both bar colours contrast with white. Raises
    :class:`aiact_kit.present.charts.ChartError` when it cannot be drawn."""
    from aiact_kit.present.charts import render_png

    return render_png(chart_spec(labels, counts, correct, xlabel, right))


def _rows(item: Any, q: QuestionStats, lang: str) -> list[tuple[str, int, bool]]:
    """(label, count, right) per row: for a question with options EVERY option in the order
    the learner sees them, with how many chose it (also 0) and whether it is right; for other
    questions each distinct answer given."""
    if item is not None and item.type in LIVE_TYPES:
        from aiact_kit.present.workshop_live import choice_ids, live_question

        try:
            lq = live_question(q.question_id, lang)
        except Exception:  # noqa: BLE001 - fall back to the answers given
            log.debug("no options for %s", q.question_id, exc_info=True)
        else:
            votes: dict[str, int] = {}
            for d in q.distribution:
                for cid in choice_ids(d.answer):
                    votes[cid] = votes.get(cid, 0) + d.count
            return [(c.text, votes.get(c.id, 0), c.id in lq.right) for c in lq.view.choices]
    return [(answer_label(item, d.answer, lang), d.count, d.correct) for d in q.distribution]


def _question_parts(
    q: QuestionStats, lang: str
) -> tuple[Any, str, list[tuple[str, int, bool]], str]:
    item = _question(q.question_id)
    prompt = _render(item.prompt, lang) if item is not None else q.question_id
    rows = _rows(item, q, lang)
    right = t("alt_right", lang)
    parts = ", ".join(
        t("alt_part", lang, answer=_short(label, 80), count=n, right=right if ok else "")
        for label, n, ok in rows
    )
    alt = t("alt", lang, question=_short(prompt, 160), parts=parts)
    return item, prompt, rows, alt


def question_spec(q: QuestionStats, lang: str) -> dict[str, Any]:
    """The chart spec of one question's answer distribution (see :func:`chart_spec`)."""
    _item, _prompt, rows, _alt = _question_parts(q, lang)
    return chart_spec(
        [r[0] for r in rows],
        [r[1] for r in rows],
        [r[2] for r in rows],
        t("chart_x", lang),
        lang=lang,
    )


def question_html(q: QuestionStats, lang: str, png: bytes | None = None) -> str:
    """One question's block: prompt, share correct, chart (PNG with alt text), table. ``png``:
    the chart if already drawn (see :func:`question_spec`), else it is drawn here. When it
    cannot be drawn, a note and the alt text stand in its place (the table follows anyway)."""
    from aiact_kit.present.charts import ChartError, render_png

    _item, prompt, table, alt = _question_parts(q, lang)
    if png is None:
        try:
            png = render_png(question_spec(q, lang))
        except ChartError:
            log.warning("answer chart of %s not drawn", q.question_id, exc_info=True)
    if png is None:
        image = (
            f'<p class="aiact-chart-missing" role="note">{escape(t("chart_missing", lang))}</p>'
            f"<p>{escape(alt)}</p>"
        )
    else:
        src = "data:image/png;base64," + base64.b64encode(png).decode("ascii")
        image = f'<img src="{src}" alt="{escape(alt, quote=True)}">'
    rows = "".join(
        f"<tr><td>{escape(label)}</td><td>{n}</td>"
        f"<td>{escape(t('right_mark', lang)) if ok else ''}</td></tr>"
        for label, n, ok in table
    )
    topic = f" <small>({escape(topic_name(q.topic, lang))})</small>" if q.topic else ""
    line = t(
        "q_line",
        lang,
        pct=round(q.pct_correct),
        responses=counted("participants_n", q.responses, lang),
        attempts=counted("attempts_n", q.attempts, lang),
    )
    line += " " + t("q_final", lang, pct=round(q.pct_final))
    return (
        f'<div class="aiact-ws-q" id="aiact-ws-q-{escape(q.question_id)}">'
        f"<h4>{escape(prompt)}{topic}</h4><p>{escape(line)}</p>"
        f"{image}<table><thead><tr><th scope='col'>{escape(t('answer', lang))}</th>"
        f"<th scope='col'>{escape(t('count', lang))}</th><th scope='col'>✓</th></tr></thead>"
        f"<tbody>{rows}</tbody></table></div>"
    )


def draw_charts(questions: list[QuestionStats], lang: str) -> dict[str, bytes]:
    """The charts of ``questions`` (question id -> PNG), from the chart cache or ONE worker
    process for all that are not cached (a question whose answers changed but whose chart
    did not is a cache hit). On an error the result is empty and :func:`question_html`
    tries each chart on its own (showing the text instead where it fails)."""
    from aiact_kit.present.charts import ChartError, render_pngs

    if not questions:
        return {}
    try:
        pngs = render_pngs([question_spec(q, lang) for q in questions])
    except ChartError:
        log.warning("answer charts not drawn together", exc_info=True)
        return {}
    return {q.question_id: png for q, png in zip(questions, pngs, strict=True)}


__all__ = [
    "answer_label",
    "chart_png",
    "chart_spec",
    "draw_charts",
    "question_html",
    "question_spec",
]
