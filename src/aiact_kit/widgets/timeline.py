"""Timeline views: a chart of the milestones, an explorer "what applies on this date", the
2026 changes and an ordering exercise. The views hold no legal knowledge: everything comes from
:mod:`aiact_kit.engines.timeline` (the engine) and the timeline data."""

from __future__ import annotations

import base64
import hashlib
import json
import logging
from collections import ChainMap
from datetime import date, datetime
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

import ipywidgets as widgets

from aiact_kit.content import Content, cached_object, default_content
from aiact_kit.content.citations import parse_citation
from aiact_kit.content.vocabulary import check_lang, format_date, ui
from aiact_kit.engines import timeline as engine

if TYPE_CHECKING:
    from aiact_kit.content.schema.questions import Question

log = logging.getLogger(__name__)

# Interface words of the timeline views (no legal facts).
WORDS: dict[str, dict[str, str]] = {
    "nl": {
        "chart_title": "Tijdlijn van de AI-verordening",
        "amended": "Zoals gewijzigd in 2026",
        "original": "Zoals oorspronkelijk vastgesteld (2024)",
        "moved": "Datum verschoven in 2026",
        "today": "Vandaag",
        "chart_missing": "De grafiek kan nu niet worden getekend. Dit zijn dezelfde gegevens "
        "als tekst en als tabel.",
        "alt_intro": "Grafiek: tijdlijn van de AI-verordening",
        "alt_both": "met de data zoals gewijzigd in 2026 (rondjes) en zoals oorspronkelijk "
        "vastgesteld (open vierkantjes)",
        "alt_milestones": "Mijlpalen",
        "alt_only_amended": "alleen in de gewijzigde wet",
        "alt_only_original": "alleen in de oorspronkelijke tekst",
        "alt_was": "oorspronkelijk",
        "table_summary": "De mijlpalen als tabel",
        "milestone": "Mijlpaal",
        "date": "Datum",
        "key_date": "Spring naar",
        "choose": "(kies een mijlpaal)",
        "kind": "Soort systeem",
        "version": "Versie van de wet",
        "v_amended": "Gewijzigd (2026)",
        "v_original": "Oorspronkelijk (2024)",
        "on_market_before": "Al in de handel vóór de peildatum",
        "public_authority": "Bedoeld voor overheidsinstanties",
        "generative": "Maakt synthetische inhoud (generatief)",
        "significant_change": "Ingrijpend gewijzigd ontwerp",
        "what_applies": "Wat geldt op {day}",
        "pick_date": "Kies een datum om te zien wat er geldt.",
        "in_force": "In werking",
        "obligations": "Verplichtingen in werking",
        "not_yet": "Nog niet in werking",
        "ended": "Niet meer in deze vorm",
        "none": "Geen.",
        "since": "sinds",
        "from": "vanaf",
        "until": "tot",
        "cutoff": "Peildatum voor wat al in de handel was",
        "transition": "Overgangsregeling",
        "applied": "toegepast op dit systeem",
        "not_applied": "niet toegepast op dit systeem",
        "no_transition": "Geen overgangsregeling voor bestaande systemen in deze versie.",
        "changes_title": "Wat de AI-omnibus (2026) veranderde aan de tijdlijn",
        "changes_caption": "Verschillen tussen de oorspronkelijke tekst en de gewijzigde wet, "
        "berekend uit de tijdlijngegevens",
        "change": "Wat veranderde",
        "type_moved": "verschoven",
        "type_added": "nieuw in 2026",
        "type_removed": "vervallen",
        "type_cutoff-moved": "peildatum verschoven",
        "not_in_version": "—",
        "order_title": "Zet de mijlpalen in volgorde",
        "order_prompt": "Zet de mijlpalen van de AI-verordening in de volgorde waarin ze "
        "ingaan, zoals de wet sinds de wijziging van 2026 luidt. Geef elke mijlpaal een "
        "plaats (1 = eerst).",
        "order_explanation": "De volgorde volgt uit de data in de tijdlijn van de verordening "
        "(art. 113 en art. 111). Mijlpalen op dezelfde dag mogen in elke volgorde staan.",
        "right_order": "De juiste volgorde",
        "right": "goed",
        "wrong": "niet goed, hoort op plaats",
        "milestones_right": "{n} van {total} mijlpalen op de goede plaats.",
        "tries_left": "Probeer het nog eens. Je hebt nog {n} pogingen.",
        "tries_left_one": "Probeer het nog eens. Je hebt nog 1 poging.",
    },
    "en": {
        "chart_title": "Timeline of the AI Act",
        "amended": "As amended in 2026",
        "original": "As first adopted (2024)",
        "moved": "Date moved in 2026",
        "today": "Today",
        "chart_missing": "The chart cannot be drawn right now. Here is the same data as text "
        "and as a table.",
        "alt_intro": "Chart: timeline of the AI Act",
        "alt_both": "with the dates as amended in 2026 (dots) and as first adopted (open squares)",
        "alt_milestones": "Milestones",
        "alt_only_amended": "only in the amended law",
        "alt_only_original": "only in the original text",
        "alt_was": "originally",
        "table_summary": "The milestones as a table",
        "milestone": "Milestone",
        "date": "Date",
        "key_date": "Jump to",
        "choose": "(choose a milestone)",
        "kind": "Kind of system",
        "version": "Version of the law",
        "v_amended": "Amended (2026)",
        "v_original": "Original (2024)",
        "on_market_before": "Already on the market before the cut-off",
        "public_authority": "Intended for public authorities",
        "generative": "Generates synthetic content (generative)",
        "significant_change": "Significant change in design",
        "what_applies": "What applies on {day}",
        "pick_date": "Choose a date to see what applies.",
        "in_force": "In force",
        "obligations": "Obligations in force",
        "not_yet": "Not yet in force",
        "ended": "No longer in this form",
        "none": "None.",
        "since": "since",
        "from": "from",
        "until": "until",
        "cutoff": "Cut-off for systems already on the market",
        "transition": "Transitional rule",
        "applied": "applied to this system",
        "not_applied": "not applied to this system",
        "no_transition": "No transitional rule for existing systems in this version.",
        "changes_title": "What the Digital Omnibus (2026) changed in the timeline",
        "changes_caption": "Differences between the original text and the amended law, "
        "computed from the timeline data",
        "change": "What changed",
        "type_moved": "moved",
        "type_added": "new in 2026",
        "type_removed": "dropped",
        "type_cutoff-moved": "cut-off moved",
        "not_in_version": "—",
        "order_title": "Put the milestones in order",
        "order_prompt": "Put the milestones of the AI Act in the order in which they start, "
        "as the law stands since the 2026 amendment. Give each milestone a place "
        "(1 = first).",
        "order_explanation": "The order follows from the dates in the Regulation's timeline "
        "(Art 113 and Art 111). Milestones on the same day may stand in either order.",
        "right_order": "The right order",
        "right": "right",
        "wrong": "not right, belongs in place",
        "milestones_right": "{n} of {total} milestones in the right place.",
        "tries_left": "Try again. You have {n} more tries.",
        "tries_left_one": "Try again. You have 1 more try.",
    },
}

STYLE = """<style>
.aiact-timeline-panel{line-height:1.5;max-width:60em}
.aiact-timeline-panel ul{margin:.2em 0 .8em 1.2em;padding:0}
.aiact-timeline-panel .aiact-when{font-size:.92em}
.aiact-cite{color:#333;font-size:.9em}
.aiact-reported{color:#6b3a00;font-size:.9em}
.aiact-changes table,.aiact-timeline-chart table{border-collapse:collapse}
.aiact-scroll{overflow-x:auto;max-width:100%}
.aiact-changes caption{text-align:left;padding-bottom:.3em}
.aiact-changes th,.aiact-changes td,.aiact-timeline-chart th,.aiact-timeline-chart td{
border:1px solid #767676;padding:.25em .5em;text-align:left}
.aiact-order-feedback .aiact-right::before{content:"\\2713  "}
.aiact-order-feedback .aiact-wrong::before{content:"\\2717  "}
</style>"""

DEFAULT_ORDER_IDS = (
    "chapters-i-ii",
    "gpai-governance",
    "general-application",
    "new-prohibitions",
    "annex-iii-high-risk",
    "annex-i-high-risk",
    "public-legacy",
)


def _w(key: str, lang: str) -> str:
    check_lang(lang)
    return WORDS[lang][key]


def _cites(citations: Any, lang: str) -> str:
    labels = ", ".join(escape(parse_citation(c).label(lang)) for c in citations)
    return f'<span class="aiact-cite">{escape(ui("source", lang))}: {labels}</span>'


def _as_date(value: date | datetime | str | None) -> date:
    return date.today() if value is None else engine.parse_day(value)


def _check_version(version: str, allow_both: bool = False) -> str:
    allowed = (*engine.VERSIONS, "both") if allow_both else engine.VERSIONS
    if version not in allowed:
        raise ValueError(f"unknown version {version!r}; expected one of {', '.join(allowed)}")
    return version


# -- (a) the chart --------------------------------------------------------------------------
def _rows(version: str, content: Content) -> list[tuple[Any, date | None, date | None]]:
    """(milestone, amended date, original date) for the chart, in date order."""
    rows = []
    for m in content.kind("timeline"):
        a = m.date_amended if version in ("both", "amended") else None
        o = m.date_original if version in ("both", "original") else None
        if a is None and o is None:
            continue
        rows.append((m, a, o))
    rows.sort(key=lambda r: (r[1] or r[2], r[2] or r[1]))
    return rows


def chart_alt_text(
    lang: str = "nl",
    version: str = "both",
    today: date | datetime | str | None = None,
    content: Content | None = None,
) -> str:
    """The alt text of the chart: what it shows and every milestone with its date(s)."""
    check_lang(lang)
    _check_version(version, allow_both=True)
    content = content or default_content()
    day = _as_date(today)
    if version == "both":
        intro = f"{_w('alt_intro', lang)}, {_w('alt_both', lang)}."
    else:
        intro = f"{_w('alt_intro', lang)}, {_w(version, lang).lower()}."
    parts = []
    for m, a, o in _rows(version, content):
        title = content.render(m.title, lang, "amended" if a else "original")
        if version == "both" and a and o and a != o:
            text = f"{format_date(a, lang)} ({_w('alt_was', lang)} {format_date(o, lang)})"
        elif version == "both" and a and not o:
            text = f"{format_date(a, lang)} ({_w('alt_only_amended', lang)})"
        elif version == "both" and o and not a:
            text = f"{format_date(o, lang)} ({_w('alt_only_original', lang)})"
        else:
            text = format_date(a or o, lang)
        parts.append(f"{title}: {text}")
    return (
        f"{intro} {_w('today', lang)}: {format_date(day, lang)}. "
        f"{_w('alt_milestones', lang)}: " + "; ".join(parts) + "."
    )


def chart_spec(
    lang: str = "nl",
    version: str = "both",
    today: date | datetime | str | None = None,
    content: Content | None = None,
) -> dict[str, Any]:
    """The timeline chart as data for :func:`aiact_kit.present.charts.render_png` (kind
    ``timeline``):
    the milestones in date order with their dates and translated titles and labels."""
    check_lang(lang)
    _check_version(version, allow_both=True)
    content = content or default_content()
    day = _as_date(today)
    rows = [
        {
            "title": content.render(m.title, lang, "amended" if a else "original"),
            "amended": a.isoformat() if a else None,
            "original": o.isoformat() if o else None,
            "date_label": format_date(a or o, lang),
        }
        for m, a, o in _rows(version, content)
    ]
    return {
        "kind": "timeline",
        "lang": lang,
        "version": version,
        "today": day.isoformat(),
        "today_label": f"{_w('today', lang)}: {format_date(day, lang)}",
        "title": _w("chart_title", lang),
        "legend": {key: _w(key, lang) for key in ("amended", "original", "moved", "today")},
        "rows": rows,
        "size": [10, 0.42 * len(rows) + 2.2],
        "dpi": 100,
    }


def chart_png(
    lang: str = "nl",
    version: str = "both",
    today: date | datetime | str | None = None,
    content: Content | None = None,
) -> bytes:
    """The timeline chart as PNG bytes, drawn by matplotlib in the chart worker process (never
    in this kernel) and cached on disk. Raises :class:`aiact_kit.present.charts.ChartError` when it
    cannot be drawn."""
    from aiact_kit.present.charts import render_png

    return render_png(chart_spec(lang, version, today, content))


def _milestone_table(lang: str, version: str, content: Content) -> str:
    head = f"<tr><th scope='col'>{escape(_w('milestone', lang))}</th>"
    versions = ["amended", "original"] if version == "both" else [version]
    head += "".join(f"<th scope='col'>{escape(_w(v, lang))}</th>" for v in versions) + "</tr>"
    body = []
    for m, a, o in _rows(version, content):
        title = escape(content.render(m.title, lang, "amended" if a else "original"))
        cells = []
        for v in versions:
            d = a if v == "amended" else o
            cells.append(
                f"<td>{escape(format_date(d, lang)) if d else _w('not_in_version', lang)}</td>"
            )
        body.append(f"<tr><th scope='row'>{title}</th>{''.join(cells)}</tr>")
    return (
        f"<details><summary>{escape(_w('table_summary', lang))}</summary>"
        f"<table>{head}{''.join(body)}</table></details>"
    )


def timeline_chart(
    lang: str = "nl",
    version: str = "both",
    today: date | datetime | str | None = None,
) -> widgets.HTML:
    """The milestones on a time axis with a marker for today. ``version``: ``both`` (amended as
    dots, original as open squares, moved dates joined by a dashed arrow), ``amended`` or
    ``original``. The image carries an alt text listing the milestones, and a table of the
    same data follows it."""
    from aiact_kit.present.charts import ChartError

    content = default_content()
    alt = chart_alt_text(lang, version, today, content)
    try:
        png = chart_png(lang, version, today, content)
    except ChartError:
        log.warning("timeline chart not drawn; showing its text instead", exc_info=True)
        png = None
    if png is None:  # the same data as text, and the table opened
        image = [
            f'<p class="aiact-chart-missing" role="note">{escape(_w("chart_missing", lang))}</p>'
            f"<p>{escape(alt)}</p>"
        ]
        table = _milestone_table(lang, version, content).replace("<details>", "<details open>", 1)
    else:
        image = [
            '<img src="data:image/png;base64,',
            base64.b64encode(png).decode("ascii"),
            f'" alt="{escape(alt, quote=True)}" style="max-width:100%;height:auto">',
        ]
        table = _milestone_table(lang, version, content)
    # joined once: the image is the bulk of the page's HTML, every copy costs kernel memory
    html = "".join(
        [
            STYLE,
            '<figure class="aiact-timeline-chart" style="margin:0">',
            *image,
            f"<figcaption>{escape(_w('chart_title', lang))}</figcaption>{table}</figure>",
        ]
    )
    return widgets.HTML(value=html)


# -- (b) the explorer -------------------------------------------------------------------------
def _entry_html(e: engine.Entry, result: engine.AppliesResult, lang: str, section: str) -> str:
    title = escape(result.render(e.title, lang))
    if section == "ended":
        when = f"{_w('until', lang)} {format_date(e.until, lang)}"
    elif e.start is None:
        when = engine.CONDITION_LABELS[e.condition][lang]
    else:
        word = _w("since" if section == "in_force" else "from", lang)
        when = f"{word} {format_date(e.start, lang)}"
        if e.milestone:
            when += f" ({result.milestone_title(e.milestone, lang)})"
        if e.condition:
            when += f"; {engine.CONDITION_LABELS[e.condition][lang]}"
    status = ""
    if e.status != "confirmed":
        key = "reported" if e.status == "reported" else "not_confirmed"
        status = f' <span class="aiact-reported">({escape(ui(key, lang))})</span>'
    return (
        f"<li><strong>{title}</strong><br><span class='aiact-when'>{escape(when)}</span>. "
        f"{_cites(e.citations, lang)}{status}</li>"
    )


def result_html(result: engine.AppliesResult, lang: str = "nl") -> str:
    """The explorer panel for a result of :func:`aiact_kit.engines.timeline.applies_on`
    (escaped)."""
    check_lang(lang)
    day = format_date(result.day, lang)
    out = [
        f"<p><strong>{escape(_w('what_applies', lang).format(day=day))}</strong>: "
        f"{escape(engine.kind_label(result.kind, lang))} "
        f"({escape(engine.version_label(result.version, lang))})</p>"
    ]
    cutoff = result.cutoff_date()
    if cutoff is not None:
        out.append(f"<p>{escape(_w('cutoff', lang))}: {escape(format_date(cutoff, lang))}.")
        t = result.transition
        state = _w("applied" if result.legacy else "not_applied", lang)
        out.append(
            f" {escape(_w('transition', lang))} ({escape(state)}): "
            f"{escape(result.render(t.text, lang))} {_cites(t.citations, lang)}</p>"
        )
    elif result.on_market_before:
        out.append(f"<p>{escape(_w('no_transition', lang))}</p>")
    sections = [
        ("in_force", result.provisions),
        ("obligations", result.obligations),
        ("not_yet", result.not_yet),
        ("ended", result.ended),
    ]
    for key, entries in sections:
        if key in ("obligations", "ended") and not entries:
            continue
        label = f"{_w(key, lang)} ({len(entries)})"
        items = "".join(
            _entry_html(e, result, lang, "in_force" if key == "obligations" else key)
            for e in entries
        )
        body = f"<ul>{items}</ul>" if entries else f"<p>{escape(_w('none', lang))}</p>"
        if key == "obligations":
            out.append(f"<details><summary>{escape(label)}</summary>{body}</details>")
        else:
            out.append(f"<p><strong>{escape(label)}</strong></p>{body}")
    return "".join(out)


class TimelineExplorer(widgets.VBox):
    """Date, kind, flags and version controls with a panel "what applies on this date".

    Controls (all labelled, keyboard-operable): ``date`` (DatePicker), ``key_date`` (Dropdown
    of the milestones, sets the date), ``kind`` (Dropdown), ``flags`` (four Checkboxes, also as
    attributes), ``version`` (ToggleButtons) and ``panel`` (HTML, CSS class
    ``aiact-timeline-panel``), which updates on every change.
    """

    def __init__(self, lang: str = "nl", day: date | None = None, kind: str = "annex-iii"):
        check_lang(lang)
        engine.check_kind(kind)
        self.lang = lang
        self.content = default_content()
        wide = {"description_width": "initial"}
        self.date = widgets.DatePicker(
            value=day or date.today(), description=_w("date", lang), style=wide
        )
        self.key_date = widgets.Dropdown(
            description=_w("key_date", lang),
            style=wide,
            layout=widgets.Layout(width="auto", max_width="100%"),
        )
        self.kind = widgets.Dropdown(
            options=[(engine.kind_label(k, lang), k) for k in engine.KINDS],
            value=kind,
            description=_w("kind", lang),
            style=wide,
            layout=widgets.Layout(width="auto", max_width="100%"),
        )
        self.version = widgets.ToggleButtons(
            options=[(_w("v_amended", lang), "amended"), (_w("v_original", lang), "original")],
            value="amended",
            description=_w("version", lang),
            style=wide,
        )
        self.flags = {
            name: widgets.Checkbox(
                value=False,
                description=_w(name, lang),
                indent=False,
                layout=widgets.Layout(width="auto", margin="0 1.5em 0 0"),
            )
            for name in ("on_market_before", "public_authority", "generative", "significant_change")
        }
        for name, box in self.flags.items():
            setattr(self, name, box)
        self.panel = widgets.HTML()
        self.panel.add_class("aiact-timeline-panel")
        self._fill_key_dates()
        for control in (self.date, self.kind, self.version, *self.flags.values()):
            control.observe(self._changed, names="value")
        self.key_date.observe(self._jump, names="value")
        wrap = widgets.Layout(flex_flow="row wrap", align_items="center", max_width="100%")
        super().__init__(
            [
                widgets.HBox([self.date, self.key_date], layout=wrap),
                self.kind,
                widgets.HBox(list(self.flags.values()), layout=wrap),
                self.version,
                self.panel,
            ]
        )
        self.refresh()

    def _fill_key_dates(self) -> None:
        options: list[tuple[str, Any]] = [(_w("choose", self.lang), None)]
        for v in engine.milestones(self.version.value, today=date.today(), content=self.content):
            title = self.content.render(v.title, self.lang, self.version.value)
            options.append((f"{format_date(v.date, self.lang)}: {title}", v.date))
        self.key_date.options = options
        self.key_date.index = 0  # shows "(choose a milestone)" rather than an empty box

    def _jump(self, change: dict[str, Any]) -> None:
        if change["new"] is not None:
            self.date.value = change["new"]

    def _changed(self, change: dict[str, Any]) -> None:
        if change["owner"] is self.version:
            self._fill_key_dates()
        self.refresh()

    def result(self) -> engine.AppliesResult | None:
        if self.date.value is None:
            return None
        return engine.applies_on(
            self.date.value,
            self.kind.value,
            version=self.version.value,
            content=self.content,
            **{name: box.value for name, box in self.flags.items()},
        )

    def refresh(self) -> None:
        result = self.result()
        if result is None:
            body = f"<p>{escape(_w('pick_date', self.lang))}</p>"
        else:
            body = result_html(result, self.lang)
        label = escape(_w("what_applies", self.lang).format(day="…"), quote=True)
        self.panel.value = (
            f'{STYLE}<div class="aiact-timeline-panel" role="region" aria-live="polite" '
            f'aria-label="{label}">{body}</div>'
        )


def timeline_explorer(
    lang: str = "nl", day: date | datetime | str | None = None, kind: str = "annex-iii"
) -> TimelineExplorer:
    """Explore what applies on a date: pick a date (or jump to a milestone), the kind of
    system, its situation and the version of the law. ``day`` (default today) and ``kind`` set
    the starting values, e.g. for a notebook whose output must not change from day to day."""
    return TimelineExplorer(lang, _as_date(day), kind)


# -- (c) the 2026 changes -------------------------------------------------------------------
def changes_html(lang: str = "nl", content: Content | None = None) -> str:
    """A table of :func:`aiact_kit.engines.timeline.changes_2026` (escaped HTML)."""
    check_lang(lang)
    content = content or default_content()
    rows = []
    for c in engine.changes_2026(content):
        title = escape(engine.change_title(c, lang, content))
        o = escape(format_date(c.date_original, lang)) if c.date_original else "—"
        a = escape(format_date(c.date_amended, lang)) if c.date_amended else "—"
        status = ""
        if c.status != "confirmed":
            key = "reported" if c.status == "reported" else "not_confirmed"
            status = f' <span class="aiact-reported">({escape(ui(key, lang))})</span>'
        rows.append(
            f"<tr><th scope='row'>{title}{status}</th><td>{o}</td><td>{a}</td>"
            f"<td>{escape(_w('type_' + c.type, lang))}</td>"
            f"<td>{_cites(c.citations, lang)}</td></tr>"
        )
    head = "".join(
        f"<th scope='col'>{escape(h)}</th>"
        for h in (
            _w("milestone", lang),
            _w("original", lang),
            _w("amended", lang),
            _w("change", lang),
            ui("sources", lang),
        )
    )
    return (
        f"<div class='aiact-changes'><p><strong>{escape(_w('changes_title', lang))}</strong></p>"
        # On a narrow screen the table scrolls sideways inside a focusable, labelled region.
        f"<div class='aiact-scroll' role='region' tabindex='0' "
        f"aria-label='{escape(_w('changes_caption', lang), quote=True)}'>"
        f"<table><caption>{escape(_w('changes_caption', lang))}</caption>"
        f"<tr>{head}</tr>{''.join(rows)}</table></div></div>"
    )


def changes_2026(lang: str = "nl") -> widgets.HTML:
    """What the 2026 amendment changed in the timeline, computed from the data."""
    return widgets.HTML(value=STYLE + changes_html(lang))


# -- (d) the ordering exercise -----------------------------------------------------------------
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
        "prompt": {"nl": WORDS["nl"]["order_prompt"], "en": WORDS["en"]["order_prompt"]},
        "sequence": [{"id": i, "milestone": i} for i in ids],
        "explanation": {
            "nl": WORDS["nl"]["order_explanation"],
            "en": WORDS["en"]["order_explanation"],
        },
        "citations": ["Art. 113", "Art. 111"],
    }
    # Validating builds the Question model's validator (deferred at import): ~1 MiB and a
    # pydantic plugin scan per kernel. The validated question is cached (pickled) per data and
    # schema code, like the content itself.
    package = Path(__file__).resolve().parents[1]
    code = sorted(package.glob("content/schema/*.py")) + [
        package / "content/citations.py",
        package / "content/vocabulary.py",
    ]
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
            f"<p><strong>{escape(_w('order_title', lang))}</strong></p>"
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
            state = _w("right", lang) if f.right else f"{_w('wrong', lang)} {f.expected}"
            items.append(f"<li class='{css}'>{escape(f.label)}: {escape(state)}</li>")
        score = _w("milestones_right", lang).format(n=result.items_right, total=result.items_total)
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
                f"<p><strong>{escape(_w('right_order', lang))}</strong></p><ol>{lines}</ol>"
                f"{result.explanation_html()}"
            )
            self.check.disabled = True
        else:
            key = "tries_left_one" if attempt.tries_left == 1 else "tries_left"
            parts.append(f"<p>{escape(_w(key, lang).format(n=attempt.tries_left))}</p>")
        self.feedback.value = STYLE + "".join(parts)
        return attempt


def order_milestones(
    lang: str = "nl", ids: list[str] | tuple[str, ...] | None = None, seed: int | str | None = None
) -> OrderMilestones:
    """Exercise: put the milestones (default: seven key dates) in order, graded by the quiz
    engine against the timeline data of the amended law."""
    return OrderMilestones(lang, ids, seed)


__all__ = [
    "timeline_chart",
    "timeline_explorer",
    "changes_2026",
    "order_milestones",
    "TimelineExplorer",
    "OrderMilestones",
    "chart_png",
    "chart_spec",
    "chart_alt_text",
    "result_html",
    "changes_html",
    "ordering_question",
]
