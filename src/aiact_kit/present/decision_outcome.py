"""The conclusion of a decision-aid walk as HTML, assembled from named sections in one place
(:func:`conclusion_sections`): what to do now, the conclusion, its facts, what the law says,
the forks that depend on interpretation, the duties by date and the duties of other parties.

Pure Python (no ipywidgets). To add a section (for example links to Dutch practice keyed by
conclusion id), add one entry to :func:`conclusion_sections`; the wizard, the printable page and
the tests all read the list. Tree texts are sanitised by the session, every other text escaped.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from html import escape
from typing import TYPE_CHECKING, Any

from aiact_kit.content.citations import parse_citation
from aiact_kit.content.text import catalogue, label, text
from aiact_kit.content.vocabulary import check_lang, format_date, ui
from aiact_kit.present.nl_links import nl_links_html

if TYPE_CHECKING:  # annotations only
    from aiact_kit.engines.decision import DateGroup, Fork, ObligationTiming, Outcome, Session

__all__ = [
    "t",
    "role_name",
    "risk_group_name",
    "group_heading",
    "cite",
    "fact_text",
    "conclusion_sections",
    "terms_html",
    "link_terms",
    "outcome_html",
]

#: A section builder: (session, outcome, lang, heading tag) -> HTML ("" to leave it out).
SectionBuilder = Callable[["Session", "Outcome", str, str], str]


def t(key: str, lang: str = "nl", **kwargs: Any) -> str:
    """An interface string of the decision aid: the catalogue's ``decision.<key>``."""
    check_lang(lang)
    return text(f"decision.{key}", lang, **kwargs)


def _label(kind: str, ident: str, lang: str) -> str:
    if f"label.{kind}.{ident}" not in catalogue():
        return ident
    return label(kind, ident, lang)


def role_name(role: str, lang: str = "nl") -> str:
    """The label of a role (the catalogue's ``label.role.<role>``); an unknown role as is."""
    check_lang(lang)
    return _label("role", role, lang)


def risk_group_name(group: str | None, lang: str = "nl") -> str:
    """The label of a risk group (``label.risk_group.<group>``); "-" for none."""
    check_lang(lang)
    if group is None:
        return "-"
    return _label("risk_group", group, lang)


def group_heading(group: DateGroup, lang: str = "nl") -> str:
    if group.rule == "conditional":
        return t("conditional", lang)
    if group.date is None:
        return t("not_in_version", lang)
    return f"{t('from', lang)} {format_date(group.date, lang)}"


def shared_note(group: DateGroup) -> Any:
    """The note all obligations of a group share (shown once), or None."""
    notes = {o.note for o in group.obligations}
    if len(group.obligations) > 1 and len(notes) == 1:
        return next(iter(notes))
    return None


def cite(citations: Any, lang: str) -> str:
    return ", ".join(parse_citation(c).label(lang) for c in citations)


def _cap(value: str) -> str:
    return value[:1].upper() + value[1:]


def fact_text(session: Session, fact_id: str, lang: str) -> tuple[str, str, tuple[str, ...]]:
    """(title, text, citations) of a content item a conclusion shows (its ``facts``)."""
    content = session.content
    for kind, items in content.items.items():
        if fact_id in items:
            item = content.get(fact_id, kind)
            title = getattr(item, "title", None) or getattr(item, "term", None)
            body = getattr(item, "text", None) or getattr(item, "explanation", None)
            return (
                content.render(title, lang) if title else fact_id,
                content.render(body, lang) if body else "",
                tuple(getattr(item, "citations", ())),
            )
    raise KeyError(f"no content item '{fact_id}'")


def obligation_li(session: Session, timing: ObligationTiming, lang: str, note: bool) -> str:
    content = session.content
    ob = content.get(timing.obligation_id, "obligations")
    title = escape(content.render(ob.title, lang))
    body = escape(content.render(ob.text, lang))
    extra = ""
    if timing.caveat is not None:
        extra += (
            f'<br><strong class="aiact-caveat">{escape(t("applies_if", lang))}</strong> '
            f"{session.text(timing.caveat, lang)}"
        )
    if timing.note is not None and note:
        extra += f"<br><em>{escape(content.render(timing.note, lang))}</em>"
    return (
        f'<li id="aiact-ob-{escape(ob.id)}"><strong>{title}</strong> '
        f'<span class="aiact-cite">({escape(cite(ob.citations, lang))})</span>'
        f"<br>{body}{extra}</li>"
    )


# -- the sections -----------------------------------------------------------------------------
def _actions(session: Session, out: Outcome, lang: str, h: str) -> str:
    if not out.actions:
        return ""
    items = "".join(f"<li>{session.text(a, lang)}</li>" for a in out.actions)
    return f'<{h}>{escape(t("what_now", lang))}</{h}><ol class="aiact-actions">{items}</ol>'


def _conclusion(session: Session, out: Outcome, lang: str, h: str) -> str:
    c = out.conclusion
    parts = [f"<{h}>{escape(t('conclusion', lang))}</{h}>", f"<p>{session.text(c.text, lang)}</p>"]
    parts.append(f"<p>{session.text(c.obligation, lang)}</p>")
    applies = t("yes", lang) if out.applies else t("no", lang)
    parts.append('<dl class="aiact-facts">')
    parts.append(f"<dt>{escape(t('applies', lang))}</dt><dd>{escape(_cap(applies))}</dd>")
    group = risk_group_name(out.risk_group, lang)
    parts.append(f"<dt>{escape(t('risk_group', lang))}</dt><dd>{escape(_cap(group))}</dd>")
    if out.roles:
        roles = ", ".join(role_name(r, lang) for r in out.roles)
        parts.append(f"<dt>{escape(t('roles', lang))}</dt><dd>{escape(_cap(roles))}</dd>")
    if out.points:
        basis = escape(cite(out.points, lang))
        parts.append(f"<dt>{escape(t('legal_basis', lang))}</dt><dd>{basis}</dd>")
    if c.citations:
        parts.append(
            f"<dt>{escape(ui('sources', lang))}</dt><dd>{escape(cite(c.citations, lang))}</dd>"
        )
    parts.append("</dl>")
    return "".join(parts)


def _facts(session: Session, out: Outcome, lang: str, h: str) -> str:
    if not out.conclusion.facts:
        return ""
    parts = [f"<{h}>{escape(t('law_says', lang))}</{h}>"]
    for fid in out.conclusion.facts:
        title, body, cites = fact_text(session, fid, lang)
        parts.append(
            f'<p class="aiact-fact" data-fact="{escape(fid)}"><strong>{escape(title)}</strong><br>'
            f'{escape(body)} <span class="aiact-cite">({escape(cite(cites, lang))})</span></p>'
        )
    return "".join(parts)


def fork_outcome_text(fork: Fork, lang: str) -> list[tuple[str, str]]:
    """Per answer of an arguable fork: (answer, where it leads) in words."""
    rows = []
    chosen = fork.chosen.text.get(lang)
    rows.append((chosen, t("fork_this", lang)))
    for alt in fork.alternatives:
        if alt.outcome is not None:
            roles = ", ".join(role_name(r, lang) for r in alt.outcome.roles)
            where = t(
                "fork_leads",
                lang,
                outcome=risk_group_name(alt.outcome.risk_group, lang),
                roles=roles or "-",
                duties=len(alt.outcome.obligations),
            )
        else:
            assert alt.open_question is not None
            where = t("fork_open", lang, question=alt.open_question.text.get(lang))
        rows.append((alt.answer.text.get(lang), where))
    return rows


def _forks(session: Session, out: Outcome, lang: str, h: str) -> str:
    from aiact_kit.engines.decision import arguable_forks

    forks = arguable_forks(session, out.version)
    if not forks:
        return ""
    parts = [f"<{h}>{escape(t('arguable', lang))}</{h}>"]
    for fork in forks:
        assert fork.question.arguable is not None
        parts.append(
            f'<div class="aiact-fork" data-fork="{escape(fork.question.id)}">'
            f"<p><strong>{session.text(fork.question.text, lang)}</strong><br>"
            f"{session.text(fork.question.arguable.reason, lang)}</p><ul>"
        )
        for answer, where in fork_outcome_text(fork, lang):
            parts.append(f"<li>{escape(answer)} &rarr; {escape(where)}</li>")
        parts.append("</ul></div>")
    return "".join(parts)


def _duties(session: Session, out: Outcome, lang: str, h: str) -> str:
    h2 = f"h{int(h[1]) + 1}"
    parts = [f"<{h}>{escape(t('obligations', lang))}</{h}>"]
    groups = out.groups()
    if not groups:
        parts.append(f"<p>{escape(t('no_obligations', lang))}</p>")
    for g in groups:
        parts.append(
            f'<section class="aiact-date-group"><{h2}>{escape(group_heading(g, lang))}</{h2}>'
        )
        shared = shared_note(g)
        if shared is not None:
            parts.append(f"<p><em>{escape(session.content.render(shared, lang))}</em></p>")
        parts.append("<ul>")
        parts += [obligation_li(session, o, lang, shared is None) for o in g.obligations]
        parts.append("</ul></section>")
    return "".join(parts)


def _others(session: Session, out: Outcome, lang: str, h: str) -> str:
    if not out.others:
        return ""
    items = []
    for o in out.others:
        ob = session.content.get(o.obligation_id, "obligations")
        roles = ", ".join(role_name(r, lang) for r in ob.roles)
        title = escape(session.content.render(ob.title, lang))
        items.append(
            f"<li><strong>{title}</strong> ({escape(t('duty_of', lang, roles=roles))}; "
            f'<span class="aiact-cite">{escape(cite(ob.citations, lang))}</span>)</li>'
        )
    return (
        f'<details class="aiact-others"><summary>{escape(t("others", lang))} '
        f"({len(items)})</summary><ul>{''.join(items)}</ul></details>"
    )


def terms_html(session: Session, ids: Sequence[str], lang: str) -> str:
    """The glossary entries of the jargon a question or conclusion uses, folded away."""
    if not ids:
        return ""
    content = session.content
    items = []
    for gid in ids:
        g = content.get(gid, "glossary")
        term = escape(content.render(g.term, lang))
        body = escape(content.render(g.explanation, lang))
        items.append(
            f'<dt><dfn id="{term_anchor(session, gid)}">{term}</dfn></dt><dd>{body} '
            f'<span class="aiact-cite">({escape(cite(g.citations, lang))})</span></dd>'
        )
    return (
        f'<details class="aiact-terms"><summary>{escape(t("terms", lang))}</summary>'
        f"<dl>{''.join(items)}</dl></details>"
    )


_TAG = re.compile(r"(<[^>]*>)")


def term_anchor(session: Session, gid: str) -> str:
    """The id of a glossary entry in the terms block of this walk (unique per walk, so two
    decision aids on one page never share an id)."""
    return f"aiact-term-{id(session):x}-{escape(gid)}"


def link_terms(html: str, session: Session, ids: Sequence[str], lang: str) -> str:
    """``html`` with the first mention of each glossary term of ``ids`` linked to its entry in
    the terms block (:func:`terms_html`); text inside tags and existing links is left alone."""
    content = session.content
    for gid in ids:
        term = content.render(content.get(gid, "glossary").term, lang)
        pattern = re.compile(rf"(?<![\w-])({re.escape(escape(term))})(?![\w-])", re.IGNORECASE)
        parts = _TAG.split(html)
        in_link = False
        for i, part in enumerate(parts):
            if part.startswith("<"):
                in_link = part.startswith("<a") or (in_link and not part.startswith("</a"))
                continue
            if in_link:
                continue
            new, n = pattern.subn(
                rf'<a class="aiact-term" href="#{term_anchor(session, gid)}">\1</a>', part, count=1
            )
            if n:
                parts[i] = new
                break
        html = "".join(parts)
    return html


def _nl_practice(session: Session, out: Outcome, lang: str, h: str) -> str:
    return nl_links_html(out.conclusion.id, lang, int(h[1]), session.content)


def _terms(session: Session, out: Outcome, lang: str, h: str) -> str:
    return terms_html(session, out.conclusion.terms, lang)


#: The sections of a conclusion, in the order shown: (id, builder).
SECTIONS: list[tuple[str, SectionBuilder]] = [
    ("actions", _actions),
    ("conclusion", _conclusion),
    ("facts", _facts),
    ("arguable", _forks),
    ("duties", _duties),
    ("others", _others),
    ("nl_practice", _nl_practice),
    ("terms", _terms),
]


def conclusion_sections(
    session: Session, lang: str = "nl", level: int = 2, glossary: bool = True
) -> list[tuple[str, str]]:
    """The sections of the conclusion reached, in order, as (section id, HTML); sections
    without content are left out. The conclusion's jargon links to its terms block."""
    out = session.outcome()
    h = f"h{level}"
    built = [(sid, build(session, out, lang, h)) for sid, build in SECTIONS]
    terms = out.conclusion.terms if glossary else ()
    built = [(sid, html) for sid, html in built if glossary or sid != "terms"]
    return [
        (
            sid,
            html
            if sid in ("terms", "others", "nl_practice")
            else link_terms(html, session, terms, lang),
        )
        for sid, html in built
        if html
    ]


def outcome_html(
    session: Session, lang: str = "nl", heading_level: int = 2, glossary: bool = True
) -> str:
    """The conclusion with its sections (HTML fragment); ``glossary=False`` leaves out the
    terms block and its links (for a second copy of a conclusion on the same page)."""
    if not session.done:
        return f"<p>{escape(t('not_finished', lang))}</p>"
    region = escape(t("conclusion", lang))
    parts = [f'<div class="aiact-conclusion" role="region" aria-label="{region}">']
    parts += [
        f'<div class="aiact-section" data-section="{sid}">{html}</div>'
        for sid, html in conclusion_sections(session, lang, heading_level, glossary)
    ]
    parts.append("</div>")
    return "".join(parts)
