"""Reports of a decision-aid walk: Markdown and a printable, self-contained HTML page.

Pure Python (no ipywidgets). A report holds the answers given, the conclusion, the legal basis,
the obligations grouped by the date they apply from, the date the content states the law as of,
and the not-legal-advice disclaimer. Interface strings come from the text catalogue
(``text/decision.yaml``; roles and risk groups from ``text/label.yaml``). All text is escaped
(HTML) or stripped of markup (Markdown); tree texts with their limited HTML are sanitised first.
"""

from __future__ import annotations

import base64
from html import escape
from typing import TYPE_CHECKING, Any

from aiact_kit.content.citations import parse_citation
from aiact_kit.content.text import catalogue, label, text
from aiact_kit.content.vocabulary import check_lang, format_date, ui

if TYPE_CHECKING:  # the labels (t, role_name, risk_group_name) need no decision engine
    from aiact_kit.engines.decision import DateGroup, Outcome, Session

__all__ = [
    "t",
    "role_name",
    "risk_group_name",
    "group_heading",
    "report_markdown",
    "report_html",
    "data_uri",
    "outcome_html",
    "path_html",
]


def t(key: str, lang: str = "nl", **kwargs: Any) -> str:
    """An interface string of the decision aid: the catalogue's ``decision.<key>``."""
    check_lang(lang)
    return text(f"decision.{key}", lang, **kwargs)


def role_name(role: str, lang: str = "nl") -> str:
    """The label of a role (the catalogue's ``label.role.<role>``); an unknown role as is."""
    check_lang(lang)
    return _label("role", role, lang)


def risk_group_name(group: str | None, lang: str = "nl") -> str:
    """The label of a risk group (``label.risk_group.<group>``); "-" for none, an unknown
    group as is."""
    check_lang(lang)
    if group is None:
        return "-"
    return _label("risk_group", group, lang)


def _label(kind: str, ident: str, lang: str) -> str:
    if f"label.{kind}.{ident}" not in catalogue():
        return ident
    return label(kind, ident, lang)


def group_heading(group: DateGroup, lang: str = "nl") -> str:
    if group.rule == "conditional":
        return t("conditional", lang)
    if group.date is None:
        return t("not_in_version", lang)
    return f"{t('from', lang)} {format_date(group.date, lang)}"


def _shared_note(group: DateGroup) -> Any:
    """The note all obligations of a group share (shown once), or None."""
    notes = {o.note for o in group.obligations}
    if len(group.obligations) > 1 and len(notes) == 1:
        return next(iter(notes))
    return None


def _cite(citations: Any, lang: str) -> str:
    return ", ".join(parse_citation(c).label(lang) for c in citations)


def _meta(session: Session, lang: str) -> tuple[str, str, str]:
    meta = session.content.meta
    return meta.law.get(lang), format_date(meta.as_of, lang), meta.disclaimer.get(lang)


# --- Markdown --------------------------------------------------------------------------------
def _md(text: str) -> str:
    """Plain text safe inside Markdown (no markup injection from tree texts)."""
    out = text.replace("\\", "\\\\")
    for ch in "*_`[]<>#|":
        out = out.replace(ch, "\\" + ch)
    return out


def report_markdown(session: Session, lang: str = "nl") -> str:
    check_lang(lang)
    law, as_of, disclaimer = _meta(session, lang)
    lines = [f"# {_md(t('report_title', lang))}", ""]
    lines += [f"{_md(t('as_of', lang))} {as_of}: {_md(law)}", ""]
    lines += [f"> {_md(disclaimer)}", ""]
    lines += [f"## {_md(t('answers', lang))}", ""]
    path = session.path()
    if not path:
        lines += [_md(t("no_answers", lang)), ""]
    for i, (q, a) in enumerate(path, 1):
        question = session.text(q.text, lang, html=False)
        answer = session.text(a.text, lang, html=False)
        lines.append(f"{i}. {_md(question)}  ")
        lines.append(f"   **{_md(answer)}**")
        if a.subresult:
            lines.append(f"   *{_md(session.text(a.subresult, lang, html=False))}*")
    lines.append("")
    lines += [f"## {_md(t('conclusion', lang))}", ""]
    if not session.done:
        lines += [_md(t("not_finished", lang)), ""]
        return "\n".join(lines).rstrip() + "\n"
    out = session.outcome()
    c = out.conclusion
    lines += [_md(session.text(c.text, lang, html=False)), ""]
    lines += [_md(session.text(c.obligation, lang, html=False)), ""]
    applies = t("yes", lang) if out.applies else t("no", lang)
    lines.append(f"- **{_md(t('applies', lang))}:** {applies}")
    lines.append(
        f"- **{_md(t('risk_group', lang))}:** {_md(risk_group_name(out.risk_group, lang))}"
    )
    if out.roles:
        roles = ", ".join(role_name(r, lang) for r in out.roles)
        lines.append(f"- **{_md(t('roles', lang))}:** {_md(roles)}")
    if out.points:
        lines.append(f"- **{_md(t('legal_basis', lang))}:** {_md(_cite(out.points, lang))}")
    if c.citations:
        lines.append(f"- **{_md(ui('sources', lang))}:** {_md(_cite(c.citations, lang))}")
    lines.append("")
    lines += [f"## {_md(t('obligations', lang))}", ""]
    groups = out.groups()
    if not groups:
        lines += [_md(t("no_obligations", lang)), ""]
    for g in groups:
        lines += [f"### {_md(group_heading(g, lang))}", ""]
        shared = _shared_note(g)
        if shared is not None:
            lines += [f"*{_md(session.content.render(shared, lang))}*", ""]
        for timing in g.obligations:
            ob = session.content.get(timing.obligation_id, "obligations")
            title = session.content.render(ob.title, lang)
            text = session.content.render(ob.text, lang)
            lines.append(f"- **{_md(title)}** ({_md(_cite(ob.citations, lang))}): {_md(text)}")
            if timing.note is not None and shared is None:
                lines.append(f"  *{_md(session.content.render(timing.note, lang))}*")
        lines.append("")
    lines.append(_md(t("printed_from", lang)))
    return "\n".join(lines).rstrip() + "\n"


# --- HTML ------------------------------------------------------------------------------------
def path_html(session: Session, lang: str = "nl") -> str:
    """The answers so far as an ordered list (HTML fragment)."""
    path = session.path()
    if not path:
        return f"<p>{escape(t('no_answers', lang))}</p>"
    items = []
    for q, a in path:
        sub = ""
        if a.subresult:
            sub = f'<br><em class="aiact-subresult">{session.text(a.subresult, lang)}</em>'
        items.append(
            f'<li><span class="aiact-q">{session.text(q.text, lang)}</span><br>'
            f"<strong>{session.text(a.text, lang)}</strong>{sub}</li>"
        )
    return '<ol class="aiact-path">' + "".join(items) + "</ol>"


def outcome_html(session: Session, lang: str = "nl", heading_level: int = 2) -> str:
    """The conclusion with roles, legal basis and obligations by date (HTML fragment)."""
    h = f"h{heading_level}"
    h2 = f"h{heading_level + 1}"
    if not session.done:
        return f"<p>{escape(t('not_finished', lang))}</p>"
    out: Outcome = session.outcome()
    c = out.conclusion
    parts = [
        f'<div class="aiact-conclusion" role="region" aria-label="{escape(t("conclusion", lang))}">'
    ]
    parts.append(f"<{h}>{escape(t('conclusion', lang))}</{h}>")
    parts.append(f"<p>{session.text(c.text, lang)}</p>")
    parts.append(f"<p>{session.text(c.obligation, lang)}</p>")
    parts.append('<dl class="aiact-facts">')
    applies = t("yes", lang) if out.applies else t("no", lang)
    cap = lambda text: text[:1].upper() + text[1:]  # noqa: E731 - labels standing on their own
    parts.append(f"<dt>{escape(t('applies', lang))}</dt><dd>{escape(cap(applies))}</dd>")
    parts.append(
        f"<dt>{escape(t('risk_group', lang))}</dt>"
        f"<dd>{escape(cap(risk_group_name(out.risk_group, lang)))}</dd>"
    )
    if out.roles:
        roles = ", ".join(role_name(r, lang) for r in out.roles)
        parts.append(f"<dt>{escape(t('roles', lang))}</dt><dd>{escape(cap(roles))}</dd>")
    if out.points:
        parts.append(
            f"<dt>{escape(t('legal_basis', lang))}</dt><dd>{escape(_cite(out.points, lang))}</dd>"
        )
    if c.citations:
        parts.append(
            f"<dt>{escape(ui('sources', lang))}</dt><dd>{escape(_cite(c.citations, lang))}</dd>"
        )
    parts.append("</dl>")
    parts.append(f"<{h}>{escape(t('obligations', lang))}</{h}>")
    groups = out.groups()
    if not groups:
        parts.append(f"<p>{escape(t('no_obligations', lang))}</p>")
    for g in groups:
        parts.append(
            f'<section class="aiact-date-group"><{h2}>{escape(group_heading(g, lang))}</{h2}>'
        )
        shared = _shared_note(g)
        if shared is not None:
            parts.append(f"<p><em>{escape(session.content.render(shared, lang))}</em></p>")
        parts.append("<ul>")
        for timing in g.obligations:
            ob = session.content.get(timing.obligation_id, "obligations")
            title = escape(session.content.render(ob.title, lang))
            text = escape(session.content.render(ob.text, lang))
            cites = escape(_cite(ob.citations, lang))
            note = ""
            if timing.note is not None and shared is None:
                note = f"<br><em>{escape(session.content.render(timing.note, lang))}</em>"
            parts.append(
                f'<li id="aiact-ob-{escape(ob.id)}"><strong>{title}</strong> '
                f'<span class="aiact-cite">({cites})</span><br>{text}{note}</li>'
            )
        parts.append("</ul></section>")
    parts.append("</div>")
    return "".join(parts)


_PRINT_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;line-height:1.5;
max-width:50em;margin:2em auto;padding:0 1em;color:#111;background:#fff}
h1{font-size:1.6em}h2{font-size:1.3em;border-bottom:1px solid #666;margin-top:1.5em}
h3{font-size:1.1em}.aiact-cite{color:#333}.aiact-disclaimer{border:2px solid #333;padding:.5em}
dt{font-weight:bold}dd{margin:0 0 .5em 1em}ol.aiact-path li{margin-bottom:.5em}
@media print{body{margin:0;max-width:none}a{color:#000}}
"""


def report_html(session: Session, lang: str = "nl") -> str:
    """A complete, self-contained, printable HTML page (no external resources)."""
    check_lang(lang)
    law, as_of, disclaimer = _meta(session, lang)
    title = escape(t("report_title", lang))
    body = [
        f"<h1>{title}</h1>",
        f"<p>{escape(t('as_of', lang))} {escape(as_of)}: {escape(law)}</p>",
        f'<p class="aiact-disclaimer" role="note">{escape(disclaimer)}</p>',
        f"<h2>{escape(t('answers', lang))}</h2>",
        path_html(session, lang),
        outcome_html(session, lang, heading_level=2),
        f"<footer><p>{escape(t('printed_from', lang))}</p></footer>",
    ]
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{title}</title>\n<style>{_PRINT_CSS}</style>\n</head>\n<body>\n<main>\n"
        + "\n".join(body)
        + "\n</main>\n</body>\n</html>\n"
    )


def data_uri(text: str, mime: str) -> str:
    """A ``data:`` URI holding ``text`` (UTF-8, base64) for a download link."""
    encoded = base64.b64encode(text.encode("utf-8")).decode("ascii")
    return f"data:{mime};charset=utf-8;base64,{encoded}"
