"""The participation record as a printable HTML document, and the anonymous CSV export with
question texts, option labels and local times (no ipywidgets). Every string comes from the text
catalogue; every value a facilitator typed (title, organisation) is escaped.

The CSV has the columns of :data:`EXPORT_COLUMNS` plus ``question``, ``answer_label`` and
``answered_local`` (local time with its offset); ``dialect="semicolon"`` writes ``;`` between
cells, as Dutch spreadsheet programs expect. Cells are made formula-safe as before.
"""

from __future__ import annotations

import base64
import csv
import io
from html import escape
from typing import Any

from aiact_kit.content import default_content
from aiact_kit.content.vocabulary import format_date
from aiact_kit.engines.workshop import (
    DEFAULT_TZ,
    EXPORT_COLUMNS,
    ParticipationRecord,
    csv_safe,
    local_time,
    summary_text,
    topic_name,
)
from aiact_kit.present.workshop import t
from aiact_kit.present.workshop_questions import answer_label

CSV_COLUMNS = [*EXPORT_COLUMNS, "question", "answer_label", "answered_local"]
DIALECTS = ("comma", "semicolon")


def _prompt(qid: str, lang: str) -> tuple[Any, str]:
    content = default_content()
    try:
        item = content.get(qid, "questions")
    except Exception:  # noqa: BLE001 - an unknown id stays an id
        return None, qid
    return item, content.render(item.prompt, lang, item.version)


def labelled_rows(rows: list[dict[str, Any]], lang: str, tz: str = DEFAULT_TZ) -> list[dict]:
    """The export rows with the question text, the answer's option labels and local time."""
    import json

    out = []
    for r in rows:
        item, prompt = _prompt(r["question_id"], lang)
        out.append(
            {
                **r,
                "question": prompt,
                "answer_label": answer_label(item, json.loads(r["answer"]), lang),
                "answered_local": local_time(r["answered_at"], tz),
            }
        )
    return out


def export_csv_text(rows: list[dict[str, Any]], dialect: str = "semicolon") -> str:
    """Rows of :func:`labelled_rows` as CSV text, every text cell formula-safe."""
    if dialect not in DIALECTS:
        raise ValueError(f"unknown CSV dialect {dialect!r}; choose one of {', '.join(DIALECTS)}")
    out = io.StringIO()
    writer = csv.DictWriter(
        out,
        fieldnames=CSV_COLUMNS,
        delimiter=";" if dialect == "semicolon" else ",",
        lineterminator="\n",
    )
    writer.writeheader()
    for r in rows:
        writer.writerow({k: csv_safe(r.get(k, "")) for k in CSV_COLUMNS})
    return out.getvalue()


def _time(value: str | None, lang: str) -> str:
    return value[11:16] + " (UTC" + value[19:] + ")" if value else t("record_unknown", lang)


def record_html(rec: ParticipationRecord, lang: str) -> str:
    """A complete, printable HTML document (A4, black on white, no scripts, no images)."""
    from datetime import date

    day = format_date(date.fromisoformat(rec.date), lang)
    topics = ", ".join(topic_name(x, lang) for x in rec.topics) or summary_text("none", lang)
    avg = "–" if rec.average_score is None else f"{round(100 * rec.average_score)}%"
    facts = [
        (t("record_org", lang), rec.organisation or t("record_unknown", lang)),
        (summary_text("title", lang), rec.title),
        (summary_text("session", lang), rec.code),
        (summary_text("date", lang), day),
        (t("record_start", lang), _time(rec.start, lang)),
        (t("record_end", lang), _time(rec.end, lang)),
        (summary_text("topics", lang), topics),
        (t("record_law", lang), format_date(date.fromisoformat(rec.as_of), lang)),
        (summary_text("participants", lang), str(rec.participants)),
        (summary_text("active", lang), str(rec.active_participants)),
        (summary_text("average", lang), avg),
    ]
    rows = "".join(
        f"<tr><th scope='row'>{escape(k)}</th><td>{escape(v)}</td></tr>" for k, v in facts
    )
    questions = "".join(f"<li>{escape(_prompt(q, lang)[1])}</li>" for q in rec.questions)
    bands = "".join(
        f"<tr><td>{escape(t('record_band', lang, lo=lo, hi=hi))}</td><td>{n}</td></tr>"
        for lo, hi, n in rec.score_bands
    )
    title = f"{t('record_heading', lang)} – {rec.title}"
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title><style>"
        "body{font-family:sans-serif;color:#000;background:#fff;max-width:48em;margin:2em auto;"
        "line-height:1.45}table{border-collapse:collapse;margin:.5em 0}"
        "th,td{border:1px solid #555;padding:.25em .6em;text-align:left;vertical-align:top}"
        "@page{size:A4;margin:2cm}</style></head><body><main>"
        f"<h1>{escape(t('record_heading', lang))}</h1><table>{rows}</table>"
        f"<p>{escape(t('record_tz', lang, tz=rec.tz))}</p>"
        f"<h2>{escape(t('record_scores', lang))}</h2><table><thead><tr>"
        f"<th scope='col'>%</th><th scope='col'>{escape(t('record_count', lang))}</th>"
        f"</tr></thead><tbody>{bands}</tbody></table>"
        f"<h2>{escape(t('record_questions', lang))}</h2><ol>{questions}</ol>"
        f"<p>{escape(summary_text('note', lang))}</p></main></body></html>\n"
    )


def download_link_html(name: str, mime: str, body: str, label: str) -> str:
    """A link that holds the file itself (a data: URL), so it downloads without a server."""
    data = base64.b64encode(body.encode("utf-8")).decode("ascii")
    return (
        f'<p><a download="{escape(name)}" href="data:{mime};charset=utf-8;base64,{data}">'
        f"{escape(label)}</a></p>"
    )


__all__ = [
    "CSV_COLUMNS",
    "DIALECTS",
    "download_link_html",
    "export_csv_text",
    "labelled_rows",
    "record_html",
]
