"""Staying joined across the kit's pages: after joining, the join page links on with the
participant's credential in the page parameters (``ws`` = session code, ``wsname`` = nickname,
``wsrejoin`` = the personal rejoin code). A page opened through such a link (its navigation
bar calls :func:`carry`) joins again in its own kernel with that credential, so the lesson's
quiz answers count in the session, shows "you are taking part as ...", and adds the same
parameters to its own navigation links, so the participant stays joined page after page.

Only links between the kit's notebooks get the parameters; the rejoin code is removed from the
kernel's environment once read. A wrong or expired credential is ignored (the page works as
usual, nothing is recorded).
"""

from __future__ import annotations

import logging
import os
import re
import threading
import urllib.parse
from collections.abc import Callable
from html import escape
from typing import Any

from aiact_kit.app.webguard import forget_secret_param
from aiact_kit.engines import events, progress
from aiact_kit.engines.workshop import ResultsStore, StoreError
from aiact_kit.present.workshop import t

log = logging.getLogger(__name__)
PARAMS = ("ws", "wsname", "wsrejoin")
_HREF = re.compile(r'href="([^"#?:]+\.ipynb)(#[^"]*)?"')
_lock = threading.Lock()
_carried: Carried | None = None


class Carried:
    """This kernel's participant, joined from page parameters; records its answer events."""

    def __init__(self, code: str, name: str, rejoin: str, db: Any = None):
        self.code, self.name, self.rejoin = code, name, rejoin
        self.store = ResultsStore(db)
        self.participant_id = self.store.join(code, name, rejoin)
        self._unsubscribe: Callable[[], None] | None = events.subscribe("answer", self._record)
        progress.pause()

    def _record(self, payload: dict[str, Any]) -> None:
        try:
            self.store.record_event(self.participant_id, payload)
        except StoreError as exc:  # never breaks the quiz; the page still works
            log.info("answer not recorded to the workshop: %s", exc)

    @property
    def query(self) -> str:
        return urllib.parse.urlencode(
            {"ws": self.code, "wsname": self.name, "wsrejoin": self.rejoin}
        )

    def close(self) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
            progress.resume()
        self.store.close()


def link_query(code: str, name: str, rejoin: str) -> str:
    return urllib.parse.urlencode({"ws": code, "wsname": name, "wsrejoin": rejoin})


def add_query(html: str, query: str) -> str:
    """Every relative link to a notebook in ``html`` gets ``?query``."""
    if not query:
        return html
    return _HREF.sub(lambda m: f'href="{m.group(1)}?{escape(query)}{m.group(2) or ""}"', html)


def resume(db: Any = None) -> Carried | None:
    """This kernel's carried participant: joined once from the page parameters, else None."""
    global _carried
    with _lock:
        if _carried is not None:
            return _carried
        qs = os.environ.get("QUERY_STRING", "")
        params = {k: v[-1] for k, v in urllib.parse.parse_qs(qs).items() if v}
        if not all(params.get(p) for p in PARAMS):
            return None
        try:
            _carried = Carried(params["ws"], params["wsname"], params["wsrejoin"], db)
        except (StoreError, ValueError) as exc:
            log.info("not joined from the page parameters: %s", exc)
            return None
        finally:
            forget_secret_param(params.get("wsrejoin"), "wsrejoin")
        return _carried


def carry(html: str, lang: str, db: Any = None) -> str:
    """A navigation bar's HTML for a participant who came through a join link: the links carry
    the credential on, and a line says they take part. Unchanged for everyone else."""
    if "ws=" not in os.environ.get("QUERY_STRING", "") and _carried is None:
        return html
    me = resume(db)
    if me is None:
        return html
    line = escape(t("still_joined", lang, name="\x00")).replace(
        "\x00", f"<bdi>{escape(me.name)}</bdi>"
    )
    badge = f'<p class="aiact-ws-carried" role="note">{line}</p>'
    return add_query(html, me.query) + badge


def forget() -> None:
    """Leave the carried session (tests; a kernel that ends drops it anyway)."""
    global _carried
    with _lock:
        if _carried is not None:
            _carried.close()
            _carried = None


__all__ = ["PARAMS", "Carried", "add_query", "carry", "forget", "link_query", "resume"]
