"""The learner's progress in the browser's own storage (the web app): a tiny anywidget that
reads the record from ``localStorage`` when the page opens and writes it back after every
change, so answers, lesson status and the final-test result survive a reload and a next-day
visit in the same browser, with nothing kept on the server
(:mod:`aiact_kit.engines.browser_progress`).

Only in the web app: where the local progress file is on (JupyterLab, a single user) that file
keeps the progress as before and no store is made (:func:`active`). One store per kernel (one
page): :func:`page_store` makes it; quizzes on the page :meth:`BrowserStore.attach` to it and
get their answers back once the browser has sent the record.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import traitlets

from aiact_kit.app import lite

try:
    import anywidget
except ImportError:  # the static site's Pyodide has no anywidget: no browser store there
    anywidget = None

from aiact_kit.engines import events
from aiact_kit.engines.browser_progress import STORAGE_KEY, LearnerRecord, merge, parse_record
from aiact_kit.engines.progress import progress_path

log = logging.getLogger(__name__)

_ESM = (
    "const KEY = "
    + repr(STORAGE_KEY)
    + ";"
    + """
function read() { try { return window.localStorage.getItem(KEY) || ""; } catch (e) { return ""; } }
function write(value) {
  try {
    if (value) { window.localStorage.setItem(KEY, value); }
    else { window.localStorage.removeItem(KEY); }
  } catch (e) { /* storage blocked: progress is kept for this visit only */ }
}
export default {
  render({ model, el }) {
    el.className = "aiact-browser-store";
    el.setAttribute("hidden", "");
    const onChange = () => write(model.get("record"));
    model.on("change:record", onChange);
    if (!model.get("ready")) {
      model.set("stored", read());
      model.set("ready", true);
      model.save_changes();
    }
    return () => model.off("change:record", onChange);
  },
};
"""
)


_Base: Any = anywidget.AnyWidget if anywidget is not None else object


class BrowserStore(_Base):
    """The record of this browser: ``stored`` is what the page found in ``localStorage``,
    ``record`` what the kernel writes back (an empty string removes it)."""

    _esm = _ESM
    stored = traitlets.Unicode("").tag(sync=True)
    ready = traitlets.Bool(False).tag(sync=True)
    record = traitlets.Unicode("").tag(sync=True)

    def __init__(self, page_id: str | None = None, path: str | None = None, **kwargs: Any):
        super().__init__(**kwargs)
        self.page_id, self.path = page_id, path
        self.data = LearnerRecord()  # what this page recorded before the browser answered
        self.loaded = False
        self._listeners: list[Callable[[LearnerRecord], None]] = []
        self.quizzes: list[
            Any
        ] = []  # the quiz widgets of the page (aiact_kit.widgets.quiz_progress)
        self._unsubscribe = events.subscribe("answer", self._on_answer)
        if page_id and path:
            self.data.open_page(page_id, path)
        self.observe(self._on_ready, names="ready")

    # -- browser -> kernel ----------------------------------------------------------------------
    def _on_ready(self, change: dict[str, Any]) -> None:
        if not change["new"] or self.loaded:
            return
        try:
            self.data = merge(parse_record(self.stored), self.data)
        except Exception:  # noqa: BLE001 - a broken record must never break the page
            log.exception("browser progress could not be read")
        self.loaded = True
        self.save()
        for listener in list(self._listeners):
            self._notify(listener)

    def _notify(self, listener: Callable[[LearnerRecord], None]) -> None:
        try:
            listener(self.data)
        except Exception:  # noqa: BLE001
            log.exception("a progress listener failed")

    def on_loaded(self, listener: Callable[[LearnerRecord], None]) -> None:
        """Call ``listener(record)`` once the browser's record is read (now, if it was)."""
        self._listeners.append(listener)
        if self.loaded:
            self._notify(listener)

    # -- kernel -> browser ----------------------------------------------------------------------
    def save(self) -> None:
        if self.loaded:
            self.record = self.data.to_json()

    def _on_answer(self, payload: dict[str, Any]) -> None:
        try:
            self.data.add_answer(payload)
        except ValueError:
            log.warning("answer not kept in the browser record: %r", payload)
            return
        self.save()

    def finish_lesson(self, page_id: str | None = None) -> None:
        target = page_id or self.page_id
        if target:
            self.data.finish_lesson(target)
            self.save()

    def set_final(self, result: dict[str, Any]) -> None:
        self.data.set_final(result)
        self.save()

    def forget(self) -> None:
        """Forget everything this browser kept (the storage entry is removed)."""
        self.data = LearnerRecord()
        self.record = ""
        self.send_state("record")
        for listener in list(self._listeners):
            self._notify(listener)

    def close(self) -> None:
        self._unsubscribe()
        super().close()


_store: BrowserStore | None = None


def active() -> bool:
    """Whether progress is kept in the browser: in the web app, where the local progress file
    is off. Not (yet) on the static site (:mod:`aiact_kit.app.lite`), whose kernels have no
    anywidget: its pages show their plain output there."""
    return anywidget is not None and progress_path() is None and not lite.running()


def page_store(page_id: str | None = None, path: str | None = None) -> BrowserStore | None:
    """The store of this page (made on the first call, by the page's navigation or landing
    page), or None outside the web app."""
    global _store
    if not active():
        return None
    if _store is None or (page_id is not None and _store.page_id != page_id):
        if _store is not None:
            _store.close()
        _store = BrowserStore(page_id, path)
    return _store


def current_store() -> BrowserStore | None:
    """The page's store if the page made one (quizzes attach to it)."""
    return _store if active() else None


__all__ = ["BrowserStore", "active", "current_store", "page_store"]
