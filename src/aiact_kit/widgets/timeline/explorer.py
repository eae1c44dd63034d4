"""The explorer "what applies on this date": date, kind, situation and version controls with a
panel that shows :func:`aiact_kit.engines.timeline.applies_on`'s answer."""

from __future__ import annotations

from datetime import date, datetime
from html import escape
from typing import Any

import ipywidgets as widgets

from aiact_kit.content import default_content
from aiact_kit.content.vocabulary import check_lang, format_date, ui
from aiact_kit.engines import timeline as engine
from aiact_kit.widgets.timeline.common import STYLE, as_date, cites_html, word


def _entry_html(e: engine.Entry, result: engine.AppliesResult, lang: str, section: str) -> str:
    title = escape(result.render(e.title, lang))
    if section == "ended":
        when = f"{word('until', lang)} {format_date(e.until, lang)}"
    elif e.start is None:
        when = engine.condition_label(e.condition, lang)
    else:
        since = word("since" if section == "in_force" else "from", lang)
        when = f"{since} {format_date(e.start, lang)}"
        if e.milestone:
            when += f" ({result.milestone_title(e.milestone, lang)})"
        if e.condition:
            when += f"; {engine.condition_label(e.condition, lang)}"
    status = ""
    if e.status != "confirmed":
        key = "reported" if e.status == "reported" else "not_confirmed"
        status = f' <span class="aiact-reported">({escape(ui(key, lang))})</span>'
    return (
        f"<li><strong>{title}</strong><br><span class='aiact-when'>{escape(when)}</span>. "
        f"{cites_html(e.citations, lang)}{status}</li>"
    )


def result_html(result: engine.AppliesResult, lang: str = "nl") -> str:
    """The explorer panel for a result of :func:`aiact_kit.engines.timeline.applies_on`
    (escaped)."""
    check_lang(lang)
    day = format_date(result.day, lang)
    out = [
        f"<p><strong>{escape(word('what_applies', lang).format(day=day))}</strong>: "
        f"{escape(engine.kind_label(result.kind, lang))} "
        f"({escape(engine.version_label(result.version, lang))})</p>"
    ]
    cutoff = result.cutoff_date()
    if cutoff is not None:
        out.append(f"<p>{escape(word('cutoff', lang))}: {escape(format_date(cutoff, lang))}.")
        t = result.transition
        state = word("applied" if result.legacy else "not_applied", lang)
        out.append(
            f" {escape(word('transition', lang))} ({escape(state)}): "
            f"{escape(result.render(t.text, lang))} {cites_html(t.citations, lang)}</p>"
        )
    elif result.on_market_before:
        out.append(f"<p>{escape(word('no_transition', lang))}</p>")
    sections = [
        ("in_force", result.provisions),
        ("obligations", result.obligations),
        ("not_yet", result.not_yet),
        ("ended", result.ended),
    ]
    for key, entries in sections:
        if key in ("obligations", "ended") and not entries:
            continue
        label = f"{word(key, lang)} ({len(entries)})"
        items = "".join(
            _entry_html(e, result, lang, "in_force" if key == "obligations" else key)
            for e in entries
        )
        body = f"<ul>{items}</ul>" if entries else f"<p>{escape(word('none', lang))}</p>"
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
            value=day or date.today(), description=word("date", lang), style=wide
        )
        self.key_date = widgets.Dropdown(
            description=word("key_date", lang),
            style=wide,
            layout=widgets.Layout(width="auto", max_width="100%"),
        )
        self.kind = widgets.Dropdown(
            options=[(engine.kind_label(k, lang), k) for k in engine.KINDS],
            value=kind,
            description=word("kind", lang),
            style=wide,
            layout=widgets.Layout(width="auto", max_width="100%"),
        )
        self.version = widgets.ToggleButtons(
            options=[(word("v_amended", lang), "amended"), (word("v_original", lang), "original")],
            value="amended",
            description=word("version", lang),
            style=wide,
        )
        self.flags = {
            name: widgets.Checkbox(
                value=False,
                description=word(name, lang),
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
        options: list[tuple[str, Any]] = [(word("choose", self.lang), None)]
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
            body = f"<p>{escape(word('pick_date', self.lang))}</p>"
        else:
            body = result_html(result, self.lang)
        label = escape(word("what_applies", self.lang).format(day="…"), quote=True)
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
    return TimelineExplorer(lang, as_date(day), kind)


__all__ = ["TimelineExplorer", "result_html", "timeline_explorer"]
