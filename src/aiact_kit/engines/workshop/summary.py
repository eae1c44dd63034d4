"""The participation summary of a session as text (evidence of an AI-literacy measure,
Art. 4 AI Act): its labels from the text catalogue (``workshop.summary_*``), the topics by
their one label (``label.topic.<id>``, the same words the learner sees)."""

from __future__ import annotations

from datetime import datetime

from aiact_kit.content.text import TextError, label, text
from aiact_kit.content.vocabulary import check_lang, format_date
from aiact_kit.engines.workshop.reports import ParticipationSummary


def topic_name(topic: str, lang: str = "nl") -> str:
    """The label of a quiz topic (as every page shows it); an unknown id is shown as it is."""
    try:
        return label("topic", topic, lang)
    except TextError:
        return topic


def summary_text(name: str, lang: str = "nl") -> str:
    """A label of the participation summary (``heading``, ``note``, ...) in ``lang``."""
    return text(f"workshop.summary_{name}", check_lang(lang))


def summary_lines(summary: ParticipationSummary, lang: str = "nl") -> list[tuple[str, str]]:
    """(label, value) pairs of the summary in ``lang``; values are raw text (escape for HTML)."""
    check_lang(lang)
    created = datetime.fromisoformat(summary.created).astimezone()
    topics = ", ".join(topic_name(x, lang) for x in summary.topics) or summary_text("none", lang)
    avg = "–" if summary.average_score is None else f"{round(100 * summary.average_score)}%"
    return [
        (summary_text("session", lang), summary.code),
        (summary_text("title", lang), summary.title),
        (summary_text("date", lang), format_date(created.date(), lang)),
        (summary_text("topics", lang), topics),
        (summary_text("participants", lang), str(summary.participants)),
        (summary_text("active", lang), str(summary.active_participants)),
        (summary_text("questions", lang), str(summary.questions)),
        (summary_text("average", lang), avg),
    ]


def summary_plain(summary: ParticipationSummary, lang: str = "nl") -> str:
    """The summary as plain text (for the command line and for pasting into a report)."""
    lines = [summary_text("heading", lang), ""]
    lines += [f"{name}: {value}" for name, value in summary_lines(summary, lang)]
    lines += ["", summary_text("note", lang)]
    return "\n".join(lines) + "\n"


__all__ = ["summary_lines", "summary_plain", "summary_text", "topic_name"]
