"""Parts of the facilitator dashboard: the facilitator token shown once after a session is
created (in a field to copy it from, until "I have saved it" is pressed; never again), the
options of the results view (question order, nicknames shown or not), and the download links
of the participation record and the labelled CSV export."""

from __future__ import annotations

from html import escape

import ipywidgets as widgets

from aiact_kit.content.records import TOPICS
from aiact_kit.engines.workshop import ResultsStore, topic_name
from aiact_kit.present.workshop import t
from aiact_kit.present.workshop_record import (
    download_link_html,
    export_csv_text,
    labelled_rows,
    record_html,
)


class TopicChecks(widgets.VBox):
    """One labelled checkbox per quiz topic (no Ctrl-click); ``value`` is the ticked topics."""

    def __init__(self, label: str, lang: str):
        self.boxes = {
            topic: widgets.Checkbox(value=False, description=topic_name(topic, lang), indent=False)
            for topic in TOPICS
        }
        super().__init__([widgets.HTML(f"<strong>{escape(label)}</strong>"), *self.boxes.values()])

    @property
    def value(self) -> tuple[str, ...]:
        return tuple(topic for topic, box in self.boxes.items() if box.value)

    @value.setter
    def value(self, topics: tuple[str, ...] | list[str]) -> None:
        for topic, box in self.boxes.items():
            box.value = topic in topics


class TokenOnce(widgets.VBox):
    """The token after creation: a read-only field to copy from and an "I have saved it"
    button; afterwards the token is gone from the page."""

    def __init__(self, lang: str):
        self.note = widgets.HTML(f"<p><strong>{t('token_once', lang)}</strong></p>")
        self.field = widgets.Text(
            description=t("token_field", lang),
            disabled=False,
            style={"description_width": "initial"},
            layout=widgets.Layout(width="34em"),
        )
        self.saved = widgets.Button(description=t("token_saved", lang), button_style="warning")
        self.saved.layout = widgets.Layout(width="auto")
        self.saved.on_click(lambda _b: self.forget())
        super().__init__([self.note, self.field, self.saved])
        self.layout.display = "none"

    def show(self, token: str) -> None:
        self.field.value = token
        self.layout.display = None

    def forget(self) -> None:
        self.field.value = ""
        self.layout.display = "none"


def view_options(lang: str) -> tuple[widgets.RadioButtons, widgets.Checkbox]:
    """The question order (as in the session, or hardest first) and "show nicknames"."""
    order = widgets.RadioButtons(
        options=[(t("order_session", lang), "session"), (t("order_hardest", lang), "hardest")],
        value="session",
        description=t("order", lang),
        style={"description_width": "initial"},
        layout=widgets.Layout(width="auto"),
    )
    names = widgets.Checkbox(value=False, description=t("show_names", lang), indent=False)
    return order, names


def files_html(store: ResultsStore, code: str, token: str, lang: str) -> str:
    """Download links: the printable participation record and the labelled CSV (semicolons)."""
    rec = store.participation_record(code, token)
    record = download_link_html(
        f"aiact-kit-record-{code}.html", "text/html", record_html(rec, lang), t("record_link", lang)
    )
    rows = labelled_rows(store.export_rows(code, token), lang)
    csv_text = export_csv_text(rows, "semicolon")
    export = download_link_html(
        f"aiact-kit-results-{code}.csv",
        "text/csv",
        csv_text,
        t("export_link", lang, rows=len(rows)),
    )
    return record + export


__all__ = ["TokenOnce", "TopicChecks", "files_html", "view_options"]
