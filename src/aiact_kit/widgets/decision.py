"""The decision aid as an ipywidgets view: :func:`decision_aid`, the wizard.

A thin view over :mod:`aiact_kit.engines.decision` (the engine), with its HTML from
:mod:`aiact_kit.present.decision` and the exports from :mod:`aiact_kit.present.decision_report`:
no legal knowledge here. Standard controls only; answers are RadioButtons with a visible label
and a "Next" button, so everything works by keyboard.

The wizard shows one question at a time with its explanation, the help of a fork (before
answering) and sources, back, start again (which asks first once answers were given), the path
so far, progress, and a conclusion page (see :mod:`aiact_kit.present.decision_outcome`) with
fields for the report (system, organisation, assessor, date) and download links (printable
HTML, Markdown, JSON). The case exercise built on it is in :mod:`aiact_kit.widgets.case_exercise`.

Widgets are built when the learner gets to them, not up front (a lesson page shows several
exercises; see docs/performance.md): the engine and the tree are loaded when a wizard is made,
and a wizard adds its conclusion and download links when a walk first reaches a conclusion,
after the message and before the buttons (Next is then hidden).
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

import ipywidgets as widgets

from aiact_kit.content import Content
from aiact_kit.content.vocabulary import check_lang, ui
from aiact_kit.present.decision import (
    STYLE,
    downloads_html,
    message_html,
    path_details_html,
    progress_html,
    question_html,
)
from aiact_kit.present.decision_report import (
    ReportDetails,
    outcome_html,
    report_html,
    report_json,
    report_markdown,
    t,
)

if TYPE_CHECKING:
    from aiact_kit.engines.decision import Tree

__all__ = ["DecisionAid", "decision_aid", "case_ids"]


def case_ids(content: Content | None = None) -> list[str]:
    """Ids of the decision exercise cases, in file order
    (:func:`aiact_kit.engines.decision.case_ids`)."""
    from aiact_kit.engines.decision import case_ids as ids

    return ids(content)


def _resolve_tree(tree: Tree | str | Path | None) -> Tree:
    # the engine is imported when a walk is first shown, not with this module
    from aiact_kit.engines.decision import Tree, default_tree, load_tree

    if tree is None:
        return default_tree()
    if isinstance(tree, Tree):
        return tree
    return load_tree(tree)


class DecisionAid(widgets.VBox):
    """The decision-aid wizard. ``session`` is the engine state; ``on_done(aid)`` callbacks run
    when a conclusion is reached."""

    def __init__(
        self,
        lang: str = "nl",
        tree: Tree | str | Path | None = None,
        content: Content | None = None,
        title: bool = True,
    ):
        from aiact_kit.engines.decision import Session

        check_lang(lang)
        self.lang = lang
        self.session = Session(_resolve_tree(tree), content)
        self._done_callbacks: list[Any] = []
        tree_name = self.session.tree.name.get(lang) or t("title", lang)
        self._title = widgets.HTML(f"{STYLE}<h2>{escape(tree_name)}</h2>" if title else STYLE)
        self._progress = widgets.FloatProgress(
            value=0.0,
            min=0.0,
            max=1.0,
            description=t("progress", lang),
            style={"description_width": "initial"},
        )
        self._progress_text = widgets.HTML()
        self._question = widgets.HTML()
        self._answers = widgets.RadioButtons(
            options=[],
            value=None,
            description=t("answer", lang),
            style={"description_width": "initial"},
            layout=widgets.Layout(width="100%"),
        )
        self._next = widgets.Button(
            description=ui("next", lang), button_style="primary", tooltip=ui("next", lang)
        )
        self._back = widgets.Button(description=ui("back", lang), tooltip=ui("back", lang))
        self._restart = widgets.Button(description=ui("restart", lang), tooltip=ui("restart", lang))
        self._message = widgets.HTML()
        # built when a walk first reaches a conclusion (_conclusion_widgets)
        self._conclusion: widgets.HTML | None = None
        self._details: widgets.VBox | None = None
        self._detail_fields: dict[str, widgets.Text] = {}
        self._downloads: widgets.HTML | None = None
        # built when the learner first asks to start again (request_restart)
        self._confirm: widgets.VBox | None = None
        self._path = widgets.HTML()
        self._next.on_click(lambda _b: self.next())
        self._back.on_click(lambda _b: self.back())
        self._restart.on_click(lambda _b: self.request_restart())
        self._answers.observe(self._on_select, names="value")
        self._buttons = widgets.HBox([self._back, self._next, self._restart])
        self._buttons.add_class("aiact-button-row")
        progress_row = widgets.HBox([self._progress, self._progress_text])
        progress_row.add_class("aiact-progress-row")
        super().__init__(
            [
                self._title,
                progress_row,
                self._question,
                self._answers,
                self._message,
                self._buttons,
                self._path,
            ]
        )
        self.add_class("aiact-decision")
        self._render()

    # -- actions ---------------------------------------------------------------------------
    def on_done(self, callback: Any) -> None:
        """Call ``callback(self)`` whenever the walk reaches a conclusion."""
        self._done_callbacks.append(callback)

    def select(self, choice: int | str) -> None:
        """Select an answer (index or answer id) without moving on."""
        q = self.session.current
        if q is None:
            raise ValueError("the walk has reached a conclusion")
        self._answers.value = q.answer(choice).index

    def answer(self, choice: int | str) -> None:
        """Select an answer and press Next."""
        self.select(choice)
        self.next()

    def next(self) -> None:
        from aiact_kit.engines.decision import DecisionTreeError

        if self.session.done:
            return
        if self._answers.value is None:
            self._show_message(t("choose_answer", self.lang))
            return
        try:
            self.session.answer(self._answers.value)
        except DecisionTreeError as exc:
            self._show_message(str(exc))
            return
        self._message.value = ""
        self._render()
        if self.session.done:
            for callback in list(self._done_callbacks):
                callback(self)

    def back(self) -> None:
        previous = self.session.history[-1].answer_index if self.session.history else None
        if self.session.back():
            self._message.value = ""
            self._render(selected=previous)

    def restart(self) -> None:
        """Start again at once (the button asks first: :meth:`request_restart`)."""
        self.session.restart()
        self._message.value = ""
        self._hide_confirm()
        self._render()

    def request_restart(self) -> None:
        """The Start again button: with answers given, ask for confirmation first."""
        if not self.session.history:
            self.restart()
            return
        box = self._confirm_box()
        box.layout.display = None

    def confirm_restart(self, yes: bool) -> None:
        """The answer to the confirmation: start again, or carry on where the walk was."""
        if yes:
            self.restart()
        else:
            self._hide_confirm()

    @property
    def details(self) -> ReportDetails:
        """What the user typed for the report (system, organisation, assessor, date)."""
        values = {k: w.value for k, w in self._detail_fields.items()}
        return ReportDetails(**values).cleaned()

    def set_details(self, **values: str) -> None:
        """Fill in the report fields (system, organisation, assessor, date)."""
        self._details_box()
        for key, value in values.items():
            self._detail_fields[key].value = value

    def export_markdown(self) -> str:
        return report_markdown(self.session, self.lang, self.details)

    def export_html(self) -> str:
        return report_html(self.session, self.lang, self.details)

    def export_json(self) -> str:
        return report_json(self.session, self.lang, self.details)

    # -- view ------------------------------------------------------------------------------
    def _show_message(self, text: str) -> None:
        self._message.value = message_html(text)

    def _conclusion_widgets(self) -> tuple[widgets.HTML, widgets.HTML]:
        """The conclusion, the report fields and the download links, added (once) where they
        belong: after the message, before the buttons."""
        if self._conclusion is None or self._downloads is None:
            self._conclusion = widgets.HTML()
            self._downloads = widgets.HTML()
            details = self._details_box()
            children = list(self.children)
            at = children.index(self._buttons)
            new = [self._conclusion, details, self._downloads]
            self.children = [*children[:at], *new, *children[at:]]
        return self._conclusion, self._downloads

    def _details_box(self) -> widgets.VBox:
        """The fields the user types for the report; a change renews the downloads."""
        if self._details is None:
            for key in ("system", "organisation", "assessor", "date"):
                field = widgets.Text(
                    description=t(f"detail.{key}", self.lang),
                    style={"description_width": "initial"},
                    layout=widgets.Layout(width="100%", max_width="40em"),
                )
                field.observe(lambda _c: self._refresh_downloads(), names="value")
                self._detail_fields[key] = field
            help_text = widgets.HTML(f"<p>{escape(t('details_help', self.lang))}</p>")
            self._details = widgets.VBox([help_text, *self._detail_fields.values()])
            self._details.add_class("aiact-report-details")
        return self._details

    def _refresh_downloads(self) -> None:
        if self._downloads is not None and self.session.done:
            self._downloads.value = downloads_html(
                self.export_markdown(), self.export_html(), self.lang, self.export_json()
            )

    def _confirm_box(self) -> widgets.VBox:
        if self._confirm is None:
            yes = widgets.Button(description=t("restart_yes", self.lang), button_style="warning")
            no = widgets.Button(description=t("restart_no", self.lang))
            yes.on_click(lambda _b: self.confirm_restart(True))
            no.on_click(lambda _b: self.confirm_restart(False))
            question = widgets.HTML(
                f'<p role="alert"><strong>{escape(t("restart_confirm", self.lang))}</strong></p>'
            )
            self._confirm = widgets.VBox([question, widgets.HBox([yes, no])])
            self._confirm.add_class("aiact-restart-confirm")
            children = list(self.children)
            at = children.index(self._buttons) + 1
            self.children = [*children[:at], self._confirm, *children[at:]]
        return self._confirm

    def _hide_confirm(self) -> None:
        if self._confirm is not None:
            self._confirm.layout.display = "none"

    def _on_select(self, change: dict) -> None:
        self._next.disabled = self.session.done or change["new"] is None

    def _render(self, selected: int | None = None) -> None:
        s, lang = self.session, self.lang
        self._progress.value = s.progress()
        self._progress_text.value = progress_html(s, lang)
        self._back.disabled = not s.history
        q = s.current
        if q is not None:
            self._question.value = question_html(s, q, lang)
            options = [(s.text(a.text, lang, html=False), a.index) for a in q.answers]
            self._set_options(options, selected)
            self._answers.layout.display = None
            self._next.layout.display = None
            self._next.disabled = selected is None
            if self._conclusion is not None and self._downloads is not None:
                self._conclusion.value = ""
                self._downloads.value = ""
                if self._details is not None:
                    self._details.layout.display = "none"
        else:
            self._question.value = ""
            self._set_options([], None)
            self._answers.layout.display = "none"
            self._next.layout.display = "none"
            conclusion, downloads = self._conclusion_widgets()
            conclusion.value = outcome_html(s, lang, heading_level=3)
            self._details_box().layout.display = None
            self._refresh_downloads()
        self._path.value = path_details_html(s, lang)

    def _set_options(self, options: list[tuple[str, int]], selected: int | None) -> None:
        """New answers without reporting a selection (Next stays as _render sets it).

        A fresh RadioButtons per question: changing the options of a shown one could leave the
        browser showing the previous answer ticked while the kernel has none, so that clicking
        it reported nothing and Next stayed disabled."""
        old = self._answers
        if list(old.options) == options and old.value == selected:
            return
        new = widgets.RadioButtons(
            options=options,
            value=selected,
            description=old.description,
            style={"description_width": "initial"},
            layout=widgets.Layout(width="100%", display=old.layout.display),
        )
        new.observe(self._on_select, names="value")
        self._answers = new
        self.children = tuple(new if c is old else c for c in self.children)
        old.unobserve(self._on_select, names="value")
        for w in (old.layout, old.style, old):
            w.close()


def decision_aid(lang: str = "nl", tree: Tree | str | Path | None = None) -> DecisionAid:
    """The decision-aid wizard. ``tree``: None (the kit's tree), a file path in the beslishulp
    format (e.g. a copy of the official Dutch tree), or a loaded tree."""
    return DecisionAid(lang=lang, tree=tree)
