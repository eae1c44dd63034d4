"""HTML of the decision-aid views: the question panel, progress, downloads, the path so far, the
case comparison table, and the CSS of the wizard and the case exercise.

Pure Python (no ipywidgets); the widgets in :mod:`aiact_kit.widgets.decision` and
:mod:`aiact_kit.widgets.case_exercise` put these fragments in place. Interface strings come from
the text catalogue (``text/decision.yaml``); tree texts are sanitised by the session, every other
text is escaped.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import TYPE_CHECKING, Any

from aiact_kit.content.citations import parse_citation
from aiact_kit.content.vocabulary import ui
from aiact_kit.present.decision_outcome import link_terms, terms_html
from aiact_kit.present.decision_report import data_uri, path_html, t
from aiact_kit.present.theme import style

if TYPE_CHECKING:  # annotations only: a page needs no decision engine to show a form
    from aiact_kit.engines.decision import Question, Session, Source

__all__ = [
    "STYLE",
    "cap",
    "citations_html",
    "sources_html",
    "message_html",
    "progress_html",
    "question_html",
    "guidance_html",
    "terms_html",
    "downloads_html",
    "path_details_html",
    "comparison_table_html",
]

STYLE = style(
    """
.aiact-decision .aiact-cite,.aiact-case .aiact-cite{color:var(--aiact-muted);font-size:.9em}
.aiact-decision .aiact-progress-row{align-items:center;flex-wrap:wrap;column-gap:.5em}
.aiact-decision .aiact-button-row{flex-wrap:wrap}
.aiact-decision .aiact-subresult{color:var(--aiact-muted)}
.aiact-decision .aiact-message{color:var(--aiact-wrong);font-weight:bold}
.aiact-guidance{border-left:4px solid var(--aiact-accent);background:var(--aiact-bg-soft);
color:var(--aiact-fg);padding:.2em .8em;margin:.6em 0}
.aiact-guidance h4{margin:.5em 0 .2em}
.aiact-arguable{border-left:4px solid var(--aiact-partial);padding:.3em .8em;
background:var(--aiact-bg-soft);color:var(--aiact-fg)}
.aiact-conclusion dl.aiact-facts{display:grid;grid-template-columns:max-content minmax(0,1fr);
gap:.35em 1.2em;margin:.6em 0 1em;padding:.6em .8em;border-left:4px solid var(--aiact-accent);
background:var(--aiact-bg-soft);color:var(--aiact-fg);line-height:1.45}
.aiact-conclusion dl.aiact-facts dt{font-weight:bold;margin:0;float:none;width:auto;clear:none}
.aiact-conclusion dl.aiact-facts dd{margin:0;min-width:0;width:auto;float:none;
overflow-wrap:break-word}
@media (max-width:36em){.aiact-conclusion dl.aiact-facts{display:block}
.aiact-conclusion dl.aiact-facts dd{margin:0 0 .5em}}
.aiact-conclusion ul{padding-left:1.3em}.aiact-conclusion li{margin-bottom:.5em}
.aiact-case table{border-collapse:collapse}.aiact-case th,.aiact-case td{
border:1px solid var(--aiact-border);padding:.3em .6em;text-align:left;vertical-align:top}
""",
    widgets=True,
)


def cap(text: str) -> str:
    """First letter upper-case, for labels that stand on their own ("high-risk" -> "High-risk")."""
    return text[:1].upper() + text[1:]


def citations_html(citations: Sequence[str], lang: str) -> str:
    """The kit citations as links to the law (a paragraph), or "" without citations."""
    if not citations:
        return ""
    links = []
    for c in citations:
        cit = parse_citation(c)
        label = escape(cit.label(lang))
        url = cit.url(lang)
        links.append(
            f'<a href="{escape(url)}" target="_blank" rel="noopener">{label}</a>' if url else label
        )
    return f'<p class="aiact-cite">{escape(ui("sources", lang))}: {", ".join(links)}</p>'


def sources_html(sources: Sequence[Source]) -> str:
    """The sources of a question (beslishulp format) as a list; only http(s) URLs are links."""
    if not sources:
        return ""
    items = []
    for s in sources:
        text = escape(s.source)
        if s.url and s.url.startswith(("http://", "https://")):
            text = f'<a href="{escape(s.url)}" target="_blank" rel="noopener">{text}</a>'
        items.append(f"<li>{text}</li>")
    return '<ul class="aiact-cite">' + "".join(items) + "</ul>"


def message_html(text: str) -> str:
    """A message the learner must see (announced by screen readers)."""
    return f'<p class="aiact-message" role="alert">{escape(text)}</p>'


def progress_html(session: Session, lang: str) -> str:
    """The text beside the progress bar: the question number and the percentage done."""
    percent = int(round(session.progress() * 100))
    if session.done:
        return f"<span>{percent}%</span>"
    step = t("step", lang, n=len(session.history) + 1)
    return f"<span>{escape(step)} ({percent}%)</span>"


def question_html(session: Session, question: Question, lang: str) -> str:
    """The question panel: subcategory, question, explanation, citations and sources."""
    s = session
    sub = s.text(question.subcategory, lang)
    explanation = s.text(question.explanation, lang)
    label = escape(t("question", lang))
    parts = [f'<div class="aiact-question" role="group" aria-label="{label}">']
    if sub:
        parts.append(f'<p class="aiact-cite">{sub}</p>')
    parts.append(f"<h3>{s.text(question.text, lang)}</h3>")
    if explanation:
        parts.append(
            f"<details open><summary>{escape(t('explanation', lang))}</summary>"
            f"<p>{explanation}</p></details>"
        )
    parts.append(guidance_html(session, question, lang))
    if question.arguable is not None:
        parts.append(
            '<p class="aiact-arguable" role="note">'
            f"<strong>{escape(t('arguable', lang))}.</strong> "
            f"{escape(t('arguable_question', lang))} {s.text(question.arguable.reason, lang)}</p>"
        )
    parts.append(citations_html(question.citations, lang))
    parts.append(sources_html(question.sources))
    parts.append(terms_html(session, question.terms, lang))
    parts.append("</div>")
    body = "".join(parts[:-2])  # the jargon in the texts links to the terms block
    return link_terms(body, session, question.terms, lang) + "".join(parts[-2:])


def guidance_html(session: Session, question: Question, lang: str) -> str:
    """The help of a fork, shown before answering: what counts and what does not, cited."""
    g = question.guidance
    if g is None:
        return ""
    parts = [
        f'<section class="aiact-guidance" aria-label="{escape(t("guidance", lang))}">',
        f"<h4>{escape(t('guidance_counts', lang))}</h4><p>{session.text(g.counts, lang)}</p>",
    ]
    if g.not_counts is not None:
        parts.append(
            f"<h4>{escape(t('guidance_not', lang))}</h4><p>{session.text(g.not_counts, lang)}</p>"
        )
    parts.append(citations_html(g.citations, lang))
    parts.append("</section>")
    return "".join(parts)


def downloads_html(markdown: str, html: str, lang: str, json_text: str | None = None) -> str:
    """Download links for the report: a printable HTML page, Markdown and JSON."""
    md = data_uri(markdown, "text/markdown")
    page = data_uri(html, "text/html")
    name = t("download_name", lang)
    links = [
        f'<a href="{page}" download="{name}.html">{escape(t("download_html", lang))}</a>',
        f'<a href="{md}" download="{name}.md">{escape(t("download_md", lang))}</a>',
    ]
    if json_text is not None:
        data = data_uri(json_text, "application/json")
        links.append(
            f'<a href="{data}" download="{name}.json">{escape(t("download_json", lang))}</a>'
        )
    return '<p class="aiact-downloads">' + " | ".join(links) + "</p>"


def path_details_html(session: Session, lang: str) -> str:
    """The answers so far, folded away under their count."""
    return (
        f"<details><summary>{escape(t('path_so_far', lang))} ({len(session.history)})</summary>"
        f"{path_html(session, lang)}</details>"
    )


def comparison_table_html(rows: Sequence[tuple[str, Any, Any, Any, Any]], lang: str) -> str:
    """The case comparison: one row per aspect (label, then four cells of ready HTML: the
    prediction, right or wrong, the learner's walk, the worked answer)."""
    return (
        "<table><thead><tr><td></td>"
        f'<th scope="col">{escape(t("case.yours", lang))}</th>'
        f'<th scope="col">{escape(t("case.score", lang))}</th>'
        f'<th scope="col">{escape(t("case.walked", lang))}</th>'
        f'<th scope="col">{escape(t("case.expected", lang))}</th></tr></thead><tbody>'
        + "".join(
            f'<tr><th scope="row">{escape(a)}</th>'
            f"<td>{b}</td><td>{c}</td><td>{d}</td><td>{e}</td></tr>"
            for a, b, c, d, e in rows
        )
        + "</tbody></table>"
    )
