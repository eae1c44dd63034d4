"""The facilitator's dashboard of a session: open it with its code and token (or create one:
the token is shown once) and see the room live: the live round's controls, per question every
option with its count and the right one marked (session order or hardest first); CSV export,
the printable record and the summary (Art. 4 AI Act); delete the session. Blocks' HTML comes
from :mod:`aiact_kit.present.workshop`; pseudonyms and titles are escaped wherever shown."""

from __future__ import annotations

import contextlib
import logging
import os
import threading
from html import escape
from typing import Any

import ipywidgets as widgets

from aiact_kit.content.text import text
from aiact_kit.content.vocabulary import LANGS, check_lang
from aiact_kit.engines.workshop import (
    TITLE_MAX,
    AccessDenied,
    Credentials,
    InvalidInput,
    ResultsStore,
    SessionNotFound,
    SessionReport,
    StoreError,
)
from aiact_kit.present.workshop import (
    STYLE,
    delete_confirm_html,
    deleted_text,
    error_text,
    export_link_html,
    header_html,
    overview_html,
    participants_html,
    status_html,
    summary_html,
    t,
)
from aiact_kit.present.workshop_questions import draw_charts, question_html
from aiact_kit.settings import FACILITATOR_TOKEN, SESSION
from aiact_kit.widgets.workshop import page
from aiact_kit.widgets.workshop.extras import TokenOnce, TopicChecks, files_html, view_options
from aiact_kit.widgets.workshop.live_control import POLL as LIVE_POLL
from aiact_kit.widgets.workshop.live_control import LiveControl
from aiact_kit.widgets.workshop.page import Refresher, create_session

log = logging.getLogger(__name__)
DEFAULT_REFRESH = 3.0  # seconds between dashboard updates


class FacilitatorDashboard(widgets.VBox):
    """Live results of one session for the facilitator (needs the session's token)."""

    def __init__(
        self,
        lang: str = "nl",
        db: str | os.PathLike[str] | None = None,
        code: str | None = None,
        token: str | None = None,
        refresh_interval: float | None = DEFAULT_REFRESH,
        live_poll: float | None = LIVE_POLL,
    ):
        check_lang(lang)
        self._live_poll = live_poll
        self.live: LiveControl | None = None
        self.live_area = widgets.VBox()
        self.lang = lang
        self._db = db
        self._store: ResultsStore | None = None
        self._lock = threading.RLock()
        self.refresh_interval = refresh_interval
        self.refresher: Refresher | None = None
        self.session_code: str | None = None
        self._token: str | None = None
        self._question_widgets: dict[str, widgets.HTML] = {}
        self._question_keys: dict[str, Any] = {}
        style = {"description_width": "initial"}
        layout = widgets.Layout(width="30em")
        # open an existing session
        self.code = widgets.Text(
            value=code or "",
            description=t("code", lang),
            placeholder=t("code_ph", lang),
            style=style,
            layout=layout,
        )
        self.token = widgets.Password(value=token or "", description=t("token", lang), style=style)
        self.open_button = widgets.Button(description=t("open", lang), button_style="primary")
        self.open_button.on_click(lambda _b: self.open_session())
        # create a new session
        self.title = widgets.Text(
            description=t("title", lang), placeholder=t("title_ph", lang), style=style
        )
        self.session_lang = widgets.Dropdown(
            options=[(text("pages.language_name", code), code) for code in LANGS],
            value=lang,
            description=t("session_lang", lang),
            style=style,
        )
        self.quiz_topics = TopicChecks(t("quiz_topics", lang), lang)
        self.organisation = widgets.Text(description=t("organisation", lang), style=style)
        self.token_once = TokenOnce(lang)
        self.order, self.show_names = view_options(lang)
        self.order.observe(lambda _c: self._rerender(), names="value")
        self.show_names.observe(lambda _c: self._rerender(), names="value")
        self._report: SessionReport | None = None
        self.create_button = widgets.Button(description=t("create", lang))
        self.create_button.on_click(lambda _b: self.create())
        self.login = widgets.VBox(
            [
                widgets.HTML(f"<h2>{escape(t('open_heading', lang))}</h2>"),
                self.code,
                self.token,
                self.open_button,
                widgets.HTML(f"<h2>{escape(t('new_heading', lang))}</h2>"),
                self.title,
                self.organisation,
                self.session_lang,
                self.quiz_topics,
                self.create_button,
            ]
        )
        self.status = widgets.HTML(status_html(""))
        # the results (hidden until a valid token is given)
        self.header = widgets.HTML()
        self.overview = widgets.HTML()
        self.refresh_button = widgets.Button(description=t("refresh", lang))
        self.refresh_button.on_click(lambda _b: self.refresh())
        self.participants = widgets.HTML()
        self.questions_heading = widgets.HTML(f"<h3>{escape(t('questions', lang))}</h3>")
        self.questions = widgets.VBox()
        self.export_button = widgets.Button(description=t("export", lang))
        self.export_button.on_click(lambda _b: self.export())
        self.export_link = widgets.HTML()
        self.summary = widgets.HTML()
        self.delete_button = widgets.Button(description=t("delete", lang), button_style="danger")
        self.delete_button.on_click(lambda _b: self._confirm(True))
        self.confirm_text = widgets.HTML()
        self.confirm_yes = widgets.Button(description=t("delete_yes", lang), button_style="danger")
        self.confirm_no = widgets.Button(description=t("cancel", lang))
        self.confirm_yes.on_click(lambda _b: self.delete())
        self.confirm_no.on_click(lambda _b: self._confirm(False))
        self.confirm = widgets.VBox(
            [self.confirm_text, widgets.HBox([self.confirm_yes, self.confirm_no])],
            layout=widgets.Layout(display="none"),
        )
        self.results = widgets.VBox(
            [
                self.header,
                self.overview,
                self.live_area,
                self.refresh_button,
                self.show_names,
                self.participants,
                self.questions_heading,
                self.order,
                self.questions,
                widgets.HBox([self.export_button]),
                self.export_link,
                self.summary,
                self.delete_button,
                self.confirm,
            ],
            layout=widgets.Layout(display="none"),
        )
        super().__init__(
            [widgets.HTML(STYLE), self.login, self.status, self.token_once, self.results]
        )
        if code and token:
            self.open_session()

    # -- helpers -----------------------------------------------------------------------------
    def _get_store(self) -> ResultsStore:
        if self._store is None:
            self._store = ResultsStore(self._db)
        return self._store

    def _show_error(self, exc: BaseException) -> None:
        if not isinstance(exc, StoreError):
            log.exception("facilitator dashboard error")
        self.status.value = status_html(error_text(exc, self.lang), "error")

    def _close_live(self) -> None:
        if self.live is not None:
            self.live.close()
            self.live = None
        self.live_area.children = ()

    def _hide_results(self) -> None:
        self._close_live()
        self.results.layout.display = "none"
        self.login.layout.display = None
        self.session_code = None
        self._token = None
        self.questions.children = ()
        self._question_widgets.clear()
        self._question_keys.clear()
        for w in (self.header, self.overview, self.participants, self.export_link, self.summary):
            w.value = ""

    def _stop_refresh(self) -> None:
        if self.refresher is not None:
            self.refresher.stop()
            self.refresher = None

    # -- actions -----------------------------------------------------------------------------
    def create(self) -> Credentials | None:
        """Create a session from the form, show its code and token once, and open it."""
        try:
            creds = self._get_store().create_session(
                self.title.value,
                self.session_lang.value,
                list(self.quiz_topics.value),
                self.organisation.value,
            )
        except InvalidInput as exc:
            if exc.reason in ("empty", "too_long", "type"):
                self.status.value = status_html(
                    escape(t("err_title", self.lang, limit=TITLE_MAX)), "error"
                )
            else:
                self._show_error(exc)
            return None
        except Exception as exc:  # noqa: BLE001
            self._show_error(exc)
            return None
        self.code.value, self.token.value = creds.code, creds.token
        self.open_session()
        # the token once, in a field to copy from, until "I have saved it"
        self.status.value = status_html(t("created_code", self.lang, code=escape(creds.code)), "ok")
        self.token_once.show(creds.token)
        self.title.value = self.organisation.value = ""
        self.quiz_topics.value = ()
        return creds

    def open_session(self) -> bool:
        """Check the token and show the results (starting the auto-refresh)."""
        self._stop_refresh()
        wait = page.wait_text(self.lang)
        if wait is not None:
            self._hide_results()
            self.token.value = ""
            self.status.value = status_html(wait, "error")
            return False
        try:
            # one refusal for an unknown code, a wrong token and a locked code (store.login)
            info = self._get_store().login(self.code.value, self.token.value)
        except Exception as exc:  # noqa: BLE001 - a wrong token shows no data
            if isinstance(exc, AccessDenied) and self.token.value.strip():
                page.ATTEMPTS.failed()
            self._hide_results()
            self.token.value = ""
            self._show_error(exc)
            return False
        page.ATTEMPTS.succeeded()
        self.session_code, self._token = info.code, self.token.value.strip()
        self.token.value = ""  # do not keep the secret in the form
        self.code.value = info.code
        self.header.value = header_html(info, self.lang, self.refresh_interval)
        self.status.value = status_html("")
        self.login.layout.display = "none"
        self.results.layout.display = None
        self.refresh()
        self._close_live()
        self.live = LiveControl(
            self._get_store, info.code, self._token, self.lang, poll=self._live_poll
        )
        self.live_area.children = (self.live,)
        if self.refresh_interval:
            self.refresher = Refresher(self.refresh, self.refresh_interval).start()
        return True

    def refresh(self) -> bool:
        """Read the session again and update the widgets; False when there is nothing to show
        (closed, deleted, or not opened), which also ends the auto-refresh."""
        with self._lock:
            if self.session_code is None or self._token is None or self.comm is None:
                return False
            try:
                report = self._get_store().report(self.session_code, self._token)
            except (SessionNotFound, AccessDenied) as exc:
                self._hide_results()
                self._show_error(exc)
                return False
            except Exception as exc:  # noqa: BLE001 - keep the last view; show the problem
                self._show_error(exc)
                return True
            self._render(report)
            return True

    def _rerender(self) -> None:
        with self._lock:
            if self._report is not None:
                self._render(self._report)

    def _render(self, report: SessionReport) -> None:
        # Widgets change only when the data changes (no clock on the page): an idle dashboard
        # sends nothing, so Voila's idle-kernel culling still ends a closed page's kernel.
        self._report = report
        s = report.stats
        self.overview.value = overview_html(s, self.lang)
        self.participants.value = (
            participants_html(report, self.lang) if self.show_names.value else ""
        )
        ordered = s.questions if self.order.value == "hardest" else s.in_session_order()
        children = []
        keys = {
            q.question_id: (q.responses, q.correct, q.attempts, q.distribution) for q in s.questions
        }
        changed = [
            q for q in s.questions if self._question_keys.get(q.question_id) != keys[q.question_id]
        ]
        pngs = draw_charts(changed, self.lang)
        for q in ordered:
            w = self._question_widgets.get(q.question_id)
            if w is None:
                w = self._question_widgets[q.question_id] = widgets.HTML()
            if self._question_keys.get(q.question_id) != keys[q.question_id]:  # changed only
                w.value = question_html(q, self.lang, pngs.get(q.question_id))
                self._question_keys[q.question_id] = keys[q.question_id]
            children.append(w)
        if not children:
            children = [widgets.HTML(f"<p>{escape(t('no_answers', self.lang))}</p>")]
        if tuple(children) != tuple(self.questions.children):
            self.questions.children = tuple(children)
        self.summary.value = summary_html(report, self.lang)

    def export(self) -> str | None:
        """Fill the download link with the anonymous CSV; returns the CSV text."""
        try:
            text = self._get_store().export_csv(self.session_code or "", self._token or "")
        except Exception as exc:  # noqa: BLE001
            self._show_error(exc)
            return None
        self.export_link.value = export_link_html(self.session_code or "", text, self.lang)
        try:  # and the printable record with the labelled CSV
            args = (self._get_store(), self.session_code or "", self._token or "", self.lang)
            self.export_link.value += files_html(*args)
        except Exception as exc:  # noqa: BLE001
            self._show_error(exc)
        return text

    def _confirm(self, show: bool) -> None:
        self.confirm_text.value = delete_confirm_html(self.session_code or "", self.lang)
        self.confirm.layout.display = None if show else "none"

    def delete(self) -> dict[str, int] | None:
        """Delete the session (after the confirmation button); returns what was deleted."""
        self._stop_refresh()
        code = self.session_code
        try:
            with self._lock:
                counts = self._get_store().delete_session(code or "", self._token or "")
        except Exception as exc:  # noqa: BLE001
            self._show_error(exc)
            return None
        self.confirm.layout.display = "none"
        self._hide_results()
        self.status.value = status_html(deleted_text(code or "", counts, self.lang), "ok")
        return counts

    def close(self) -> None:
        """Stop the auto-refresh and close the database connections, then the widget."""
        self._stop_refresh()
        self._close_live()
        with self._lock:
            self.session_code = None
            if self._store is not None:
                self._store.close()
                self._store = None
        for child in list(self._question_widgets.values()):
            with contextlib.suppress(Exception):
                child.close()
        super().close()


def facilitator_dashboard(
    lang: str = "nl",
    db: str | os.PathLike[str] | None = None,
    code: str | None = None,
    token: str | None = None,
    refresh_interval: float | None = DEFAULT_REFRESH,
) -> FacilitatorDashboard:
    """The facilitator's live dashboard. The session code and token come from the arguments,
    else ``AIACT_KIT_SESSION`` / ``AIACT_KIT_FACILITATOR_TOKEN``, else the page URL
    (``?code=...&token=...``), else the form. ``refresh_interval``: seconds between updates
    while the dashboard is open (None: only on request)."""
    params = page.query_params() if not (code and token) else {}
    code = code or SESSION.get() or params.get("code")
    token = token or FACILITATOR_TOKEN.get() or params.get("token")
    return FacilitatorDashboard(
        lang=lang, db=db, code=code, token=token, refresh_interval=refresh_interval
    )


__all__ = ["DEFAULT_REFRESH", "FacilitatorDashboard", "create_session", "facilitator_dashboard"]
