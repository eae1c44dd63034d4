"""Reports of a decision-aid walk a user can file: Markdown and JSON (for tools) and a
printable, self-contained HTML page (for people).

Pure Python (no ipywidgets). A report holds what the user typed about the assessment (system,
organisation, assessor, date: :class:`ReportDetails`), every question with the answer given and
its explanation, the conclusion with its sections (see :mod:`aiact_kit.present.decision_outcome`),
the forks that depend on interpretation, the version of the law and of the kit, and the
not-legal-advice disclaimer. Interface strings come from the text catalogue
(``text/decision.yaml``). All text is escaped (HTML) or stripped of markup (Markdown).
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from html import escape
from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING, Any

from aiact_kit.content.vocabulary import check_lang, format_date, ui
from aiact_kit.present.decision_outcome import (
    cite,
    fact_text,
    fork_outcome_text,
    group_heading,
    outcome_html,
    risk_group_name,
    role_name,
    shared_note,
    t,
)

if TYPE_CHECKING:  # the labels (t, role_name, risk_group_name) need no decision engine
    from aiact_kit.engines.decision import Session

__all__ = [
    "ReportDetails",
    "t",
    "role_name",
    "risk_group_name",
    "group_heading",
    "report_markdown",
    "report_html",
    "report_json",
    "report_record",
    "data_uri",
    "outcome_html",
    "path_html",
]

#: How long a typed detail may be (a name, not a document).
MAX_DETAIL = 200


@dataclass(frozen=True)
class ReportDetails:
    """What the user types about the assessment; every field may be empty."""

    system: str = ""
    organisation: str = ""
    assessor: str = ""
    date: str = ""

    def cleaned(self) -> ReportDetails:
        """Each field on one line, trimmed and cut to :data:`MAX_DETAIL` characters."""

        def one(value: str) -> str:
            return " ".join(str(value).split())[:MAX_DETAIL]

        return ReportDetails(
            *(one(v) for v in (self.system, self.organisation, self.assessor, self.date))
        )

    def rows(self, lang: str) -> list[tuple[str, str]]:
        d = self.cleaned()
        return [
            (t("detail.system", lang), d.system),
            (t("detail.organisation", lang), d.organisation),
            (t("detail.assessor", lang), d.assessor),
            (t("detail.date", lang), d.date),
        ]


def kit_version() -> str:
    """The installed version of the kit (``unknown`` when it is not installed)."""
    try:
        return version("aiact-kit")
    except PackageNotFoundError:
        return "unknown"


def _versions(session: Session, lang: str) -> dict[str, str]:
    meta = session.content.meta
    return {
        "law": meta.law.get(lang),
        "law_as_of": format_date(meta.as_of, lang),
        "law_as_of_iso": meta.as_of.isoformat(),
        "kit": kit_version(),
        "tree": session.tree.version,
        "disclaimer": meta.disclaimer.get(lang),
    }


# --- a record of the walk (the JSON export, and the source of the other two) -----------------
def report_record(
    session: Session, lang: str = "nl", details: ReportDetails | None = None
) -> dict[str, Any]:
    """Everything a report holds, as plain data (texts in ``lang``, no markup)."""
    check_lang(lang)
    details = (details or ReportDetails()).cleaned()
    plain = lambda value: session.text(value, lang, html=False)  # noqa: E731
    answers = []
    for q, a in session.path():
        answers.append(
            {
                "question_id": q.id,
                "question": plain(q.text),
                "explanation": plain(q.explanation),
                "answer_id": a.id,
                "answer": plain(a.text),
                "answer_note": plain(a.subresult) if a.subresult else None,
                "arguable": q.arguable is not None,
            }
        )
    record: dict[str, Any] = {
        "details": {
            "system": details.system,
            "organisation": details.organisation,
            "assessor": details.assessor,
            "date": details.date,
        },
        "versions": _versions(session, lang),
        "language": lang,
        "answers": answers,
        "conclusion": None,
    }
    if not session.done:
        return record
    from aiact_kit.engines.decision import arguable_forks

    out = session.outcome()
    c = out.conclusion

    def duty(o: Any) -> dict[str, Any]:
        ob = session.content.get(o.obligation_id, "obligations")
        return {
            "id": ob.id,
            "title": session.content.render(ob.title, lang),
            "text": session.content.render(ob.text, lang),
            "citations": list(ob.citations),
            "roles": list(ob.roles),
            "from": o.date.isoformat() if o.date else None,
            "rule": o.rule,
            "applies_if": plain(o.caveat) if o.caveat is not None else None,
        }

    record["conclusion"] = {
        "id": c.id,
        "text": plain(c.text),
        "note": plain(c.obligation),
        "applies": out.applies,
        "risk_group": out.risk_group,
        "risk_group_label": risk_group_name(out.risk_group, lang),
        "roles": list(out.roles),
        "legal_basis": list(out.points),
        "citations": list(c.citations),
        "what_to_do_now": [plain(a) for a in out.actions],
        "law_says": [
            {"id": f, "title": title, "text": body, "citations": list(cites)}
            for f in c.facts
            for title, body, cites in [fact_text(session, f, lang)]
        ],
        "duties": [duty(o) for o in out.obligations],
        "duties_of_others": [duty(o) for o in out.others],
        "arguable_forks": [
            {
                "question_id": fork.question.id,
                "question": plain(fork.question.text),
                "reason": plain(fork.question.arguable.reason) if fork.question.arguable else "",
                "answer_given": fork.chosen.id,
                "outcomes": [
                    {"answer": a, "leads_to": w} for a, w in fork_outcome_text(fork, lang)
                ],
                "other_conclusions": [
                    alt.outcome.conclusion.id if alt.outcome else None for alt in fork.alternatives
                ],
            }
            for fork in arguable_forks(session, out.version)
        ],
    }
    return record


def report_json(session: Session, lang: str = "nl", details: ReportDetails | None = None) -> str:
    """The report as JSON (UTF-8 text, stable key order)."""
    return json.dumps(report_record(session, lang, details), ensure_ascii=False, indent=2) + "\n"


# --- Markdown --------------------------------------------------------------------------------
def _md(text: str) -> str:
    """Plain text safe inside Markdown (no markup injection from tree texts or typed details)."""
    out = str(text).replace("\\", "\\\\")
    for ch in "*_`[]<>#|":
        out = out.replace(ch, "\\" + ch)
    return out


def report_markdown(
    session: Session, lang: str = "nl", details: ReportDetails | None = None
) -> str:
    rec = report_record(session, lang, details)
    v = rec["versions"]
    lines = [f"# {_md(t('report_title', lang))}", ""]
    for name, value in (details or ReportDetails()).rows(lang):
        lines.append(f"- **{_md(name)}:** {_md(value) or '-'}")
    lines.append(
        f"- **{_md(t('law', lang))}:** {_md(v['law'])} ({_md(t('as_of', lang))} {v['law_as_of']})"
    )
    lines.append(f"- **{_md(t('kit_version', lang))}:** {_md(v['kit'])} ({_md(v['tree'])})")
    lines += ["", f"> {_md(v['disclaimer'])}", ""]
    lines += [f"## {_md(t('answers', lang))}", ""]
    if not rec["answers"]:
        lines += [_md(t("no_answers", lang)), ""]
    for i, a in enumerate(rec["answers"], 1):
        lines.append(f"{i}. {_md(a['question'])}  ")
        lines.append(f"   **{_md(a['answer'])}**  ")
        if a["answer_note"]:
            lines.append(f"   *{_md(a['answer_note'])}*  ")
        lines.append(f"   {_md(t('explanation', lang))}: {_md(a['explanation'])}")
    lines.append("")
    c = rec["conclusion"]
    if c is None:
        lines += [f"## {_md(t('conclusion', lang))}", "", _md(t("not_finished", lang)), ""]
        return "\n".join(lines).rstrip() + "\n"
    if c["what_to_do_now"]:
        lines += [f"## {_md(t('what_now', lang))}", ""]
        lines += [f"{i}. {_md(x)}" for i, x in enumerate(c["what_to_do_now"], 1)] + [""]
    lines += [f"## {_md(t('conclusion', lang))}", "", _md(c["text"]), "", _md(c["note"]), ""]
    applies = t("yes", lang) if c["applies"] else t("no", lang)
    lines.append(f"- **{_md(t('applies', lang))}:** {applies}")
    lines.append(f"- **{_md(t('risk_group', lang))}:** {_md(c['risk_group_label'])}")
    if c["roles"]:
        roles = ", ".join(role_name(r, lang) for r in c["roles"])
        lines.append(f"- **{_md(t('roles', lang))}:** {_md(roles)}")
    if c["legal_basis"]:
        lines.append(f"- **{_md(t('legal_basis', lang))}:** {_md(cite(c['legal_basis'], lang))}")
    if c["citations"]:
        lines.append(f"- **{_md(ui('sources', lang))}:** {_md(cite(c['citations'], lang))}")
    lines.append("")
    if c["law_says"]:
        lines += [f"## {_md(t('law_says', lang))}", ""]
        for f in c["law_says"]:
            lines += [
                f"**{_md(f['title'])}**: {_md(f['text'])} ({_md(cite(f['citations'], lang))})",
                "",
            ]
    if c["arguable_forks"]:
        lines += [f"## {_md(t('arguable', lang))}", ""]
        for fork in c["arguable_forks"]:
            lines += [f"**{_md(fork['question'])}** {_md(fork['reason'])}", ""]
            lines += [f"- {_md(o['answer'])}: {_md(o['leads_to'])}" for o in fork["outcomes"]] + [
                ""
            ]
    lines += [f"## {_md(t('obligations', lang))}", ""]
    out = session.outcome()
    groups = out.groups()
    if not groups:
        lines += [_md(t("no_obligations", lang)), ""]
    for g in groups:
        lines += [f"### {_md(group_heading(g, lang))}", ""]
        shared = shared_note(g)
        if shared is not None:
            lines += [f"*{_md(session.content.render(shared, lang))}*", ""]
        for timing in g.obligations:
            ob = session.content.get(timing.obligation_id, "obligations")
            title = session.content.render(ob.title, lang)
            body = session.content.render(ob.text, lang)
            lines.append(f"- **{_md(title)}** ({_md(cite(ob.citations, lang))}): {_md(body)}")
            if timing.caveat is not None:
                caveat = session.text(timing.caveat, lang, html=False)
                lines.append(f"  **{_md(t('applies_if', lang))}** {_md(caveat)}")
            if timing.note is not None and shared is None:
                lines.append(f"  *{_md(session.content.render(timing.note, lang))}*")
        lines.append("")
    if c["duties_of_others"]:
        lines += [f"## {_md(t('others', lang))}", ""]
        for d in c["duties_of_others"]:
            roles = ", ".join(role_name(r, lang) for r in d["roles"])
            lines.append(f"- {_md(d['title'])} ({_md(t('duty_of', lang, roles=roles))})")
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


def _answers_with_explanations_html(session: Session, lang: str) -> str:
    path = session.path()
    if not path:
        return f"<p>{escape(t('no_answers', lang))}</p>"
    items = []
    for q, a in path:
        sub = f"<br><em>{session.text(a.subresult, lang)}</em>" if a.subresult else ""
        items.append(
            f"<li><span>{session.text(q.text, lang)}</span><br><strong>{session.text(a.text, lang)}"
            f'</strong>{sub}<br><span class="aiact-cite">{escape(t("explanation", lang))}: '
            f"{session.text(q.explanation, lang)}</span></li>"
        )
    return '<ol class="aiact-path">' + "".join(items) + "</ol>"


_PRINT_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;line-height:1.5;
max-width:50em;margin:2em auto;padding:0 1em;color:#111;background:#fff}
h1{font-size:1.6em}h2{font-size:1.3em;border-bottom:1px solid #666;margin-top:1.5em}
h3{font-size:1.1em}.aiact-cite{color:#333}.aiact-disclaimer{border:2px solid #333;padding:.5em}
dt{font-weight:bold}dd{margin:0 0 .5em 1em}ol.aiact-path li{margin-bottom:.5em}
@media print{body{margin:0;max-width:none}a{color:#000}}
"""


def report_html(session: Session, lang: str = "nl", details: ReportDetails | None = None) -> str:
    """A complete, self-contained, printable HTML page (no external resources)."""
    check_lang(lang)
    v = _versions(session, lang)
    title = escape(t("report_title", lang))
    rows = (details or ReportDetails()).rows(lang)
    rows += [
        (t("law", lang), f"{v['law']} ({t('as_of', lang)} {v['law_as_of']})"),
        (t("kit_version", lang), f"{v['kit']} ({v['tree']})"),
    ]
    dl = "".join(f"<dt>{escape(k)}</dt><dd>{escape(val) or '-'}</dd>" for k, val in rows)
    body = [
        f"<h1>{title}</h1>",
        f'<dl class="aiact-details">{dl}</dl>',
        f'<p class="aiact-disclaimer" role="note">{escape(v["disclaimer"])}</p>',
        f"<h2>{escape(t('answers', lang))}</h2>",
        _answers_with_explanations_html(session, lang),
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
