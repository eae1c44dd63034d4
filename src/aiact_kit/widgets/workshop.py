"""Workshop mode widgets: join a session (participant) and the live dashboard (facilitator).

- :func:`join_session` — a participant enters the session code and a pseudonym; while joined,
  every checked quiz answer in this kernel (the ``"answer"`` event) is recorded to the session.
  Errors are shown in the widget, never raised.
- :func:`facilitator_dashboard` — the facilitator opens a session with its code and token (or
  creates a new one) and sees the room live: participants, per question the answer distribution
  as a bar chart with alt text, hardest questions first; CSV export; participation summary
  (Art. 4 AI Act); delete the session.
- :func:`create_session` — open a session from code: returns the code and the token.

Pseudonyms and titles are user input: they are escaped wherever they are shown.
"""

from __future__ import annotations

import base64
import contextlib
import logging
import math
import os
import re
import threading
import urllib.parse
from collections.abc import Callable
from html import escape
from typing import Any

import ipywidgets as widgets

from aiact_kit.app.webguard import Backoff, forget_secret_param
from aiact_kit.content.records import TOPICS
from aiact_kit.content.vocabulary import check_lang
from aiact_kit.engines import events, progress
from aiact_kit.engines.workshop import (
    PSEUDONYM_MAX,
    AccessDenied,
    Credentials,
    InvalidInput,
    InvalidPseudonym,
    QuestionStats,
    ResultsStore,
    SessionNotFound,
    SessionReport,
    StoreError,
    StoreUnavailable,
    UnknownParticipant,
    check_quiz_selection,
    summary_lines,
    summary_text,
    topic_name,
)

log = logging.getLogger(__name__)
ENV_SESSION = "AIACT_KIT_SESSION"
ENV_TOKEN = "AIACT_KIT_FACILITATOR_TOKEN"
DEFAULT_REFRESH = 3.0  # seconds between dashboard updates
# Failed log-ins and unknown session codes in this kernel (one page, one client): after a few,
# each further attempt waits longer (the store also locks a code after repeated wrong tokens).
ATTEMPTS = Backoff()

_T: dict[str, dict[str, str]] = {
    "code": {"nl": "Sessiecode", "en": "Session code"},
    "code_ph": {"nl": "bijv. K7M2QX", "en": "e.g. K7M2QX"},
    "pseudonym": {"nl": "Pseudoniem", "en": "Pseudonym"},
    "pseudonym_ph": {"nl": "bijv. Uil42", "en": "e.g. Owl42"},
    "privacy": {
        "nl": (
            "Je hebt geen persoonsgegevens nodig: kies een bijnaam (pseudoniem), niet je echte "
            f"naam of e-mailadres. Maximaal {PSEUDONYM_MAX} tekens."
        ),
        "en": (
            "No personal data is needed: choose a nickname (pseudonym), not your real name or "
            f"e-mail address. At most {PSEUDONYM_MAX} characters."
        ),
    },
    "join": {"nl": "Doe mee", "en": "Join"},
    "leave": {"nl": "Verlaat de sessie", "en": "Leave the session"},
    "joined": {
        "nl": "Je doet mee aan ‘{title}’ als {name} (deelnemer {number}). Je antwoorden op de "
        "quizvragen gaan nu naar de begeleider.",
        "en": "You joined ‘{title}’ as {name} (participant {number}). Your quiz answers now go "
        "to the facilitator.",
    },
    "rejoined": {
        "nl": "Welkom terug: je deed al mee als {name} (deelnemer {number}, {answered} "
        "{answered|vraag|vragen} "
        "beantwoord). Was dat iemand anders? Verlaat de sessie en kies een ander pseudoniem.",
        "en": "Welcome back: you had joined as {name} (participant {number}, {answered} "
        "{answered|question|questions} answered). Was that someone else? Leave and choose "
        "another pseudonym.",
    },
    "quiz_heading": {"nl": "Quiz van deze sessie", "en": "This session's quiz"},
    "no_session_quiz": {
        "nl": "Quizvragen die je op deze pagina beantwoordt, gaan naar de begeleider.",
        "en": "Quiz questions you answer on this page go to the facilitator.",
    },
    "quiz_unavailable": {
        "nl": "De quiz van deze sessie kan hier niet worden getoond.",
        "en": "This session's quiz cannot be shown here.",
    },
    "quiz_topics": {"nl": "Quizonderwerpen", "en": "Quiz topics"},
    "session_quiz": {"nl": "Quiz", "en": "Quiz"},
    "left": {
        "nl": "Je doet niet meer mee; je antwoorden worden niet meer naar de sessie gestuurd.",
        "en": "You left the session; your answers are no longer sent to it.",
    },
    "saved": {
        "nl": "Antwoord opgeslagen ({answered} {answered|vraag|vragen} beantwoord).",
        "en": "Answer saved ({answered} {answered|question|questions} answered).",
    },
    "saved_before": {
        "nl": "Dit antwoord was al opgeslagen; het telt één keer.",
        "en": "This answer was already saved; it counts once.",
    },
    "err_empty": {"nl": "Vul een pseudoniem in.", "en": "Enter a pseudonym."},
    "err_too_long": {
        "nl": "Een pseudoniem heeft hoogstens {limit} tekens.",
        "en": "A pseudonym has at most {limit} characters.",
    },
    "err_control": {
        "nl": "Een pseudoniem mag geen regeleinden, tabs of andere stuurtekens bevatten.",
        "en": "A pseudonym may not contain line breaks, tabs or other control characters.",
    },
    "err_invisible": {
        "nl": "Een pseudoniem heeft minstens één zichtbare letter, cijfer of teken nodig; alleen "
        "spaties of onzichtbare tekens kan niet.",
        "en": "A pseudonym needs at least one visible letter, digit or symbol; only spaces or "
        "invisible characters will not do.",
    },
    "not_saved": {
        "nl": "Let op: je laatste antwoord is niet opgeslagen.",
        "en": "Note: your last answer was not saved.",
    },
    "err_code": {
        "nl": "Deze sessiecode bestaat niet. Controleer de code bij je begeleider.",
        "en": "This session code does not exist. Check the code with your facilitator.",
    },
    "err_code_empty": {"nl": "Vul de sessiecode in.", "en": "Enter the session code."},
    "err_gone": {
        "nl": "De sessie bestaat niet meer (de begeleider heeft haar verwijderd).",
        "en": "The session no longer exists (the facilitator deleted it).",
    },
    "err_unavailable": {
        "nl": "De resultatenopslag is nu niet bereikbaar. Probeer het zo nog eens.",
        "en": "The results store cannot be reached right now. Try again in a moment.",
    },
    "err_answer": {
        "nl": "Dit antwoord kon niet worden opgeslagen: {detail}",
        "en": "This answer could not be saved: {detail}",
    },
    "err_other": {
        "nl": "Er ging iets mis; probeer het opnieuw of vraag je begeleider.",
        "en": "Something went wrong; try again or ask your facilitator.",
    },
    # facilitator
    "token": {"nl": "Begeleiderstoken", "en": "Facilitator token"},
    "open": {"nl": "Open resultaten", "en": "Open results"},
    "open_heading": {"nl": "Bestaande sessie openen", "en": "Open an existing session"},
    "new_heading": {"nl": "Nieuwe sessie", "en": "New session"},
    "title": {"nl": "Titel", "en": "Title"},
    "title_ph": {"nl": "bijv. Workshop AI-verordening", "en": "e.g. AI Act workshop"},
    "session_lang": {"nl": "Taal", "en": "Language"},
    "create": {"nl": "Maak sessie", "en": "Create session"},
    "created": {
        "nl": "Sessie gemaakt. Geef deelnemers de code <strong>{code}</strong>. Jouw "
        "begeleiderstoken is <code>{token}</code> — bewaar het nu: het wordt niet opgeslagen "
        "en niet nog eens getoond.",
        "en": "Session created. Give participants the code <strong>{code}</strong>. Your "
        "facilitator token is <code>{token}</code> — keep it now: it is not stored and will "
        "not be shown again.",
    },
    "err_token": {
        "nl": "Geen toegang: de sessiecode of de begeleiderstoken klopt niet, of er is te vaak "
        "een verkeerde token geprobeerd (wacht dan een paar minuten). Er worden geen resultaten "
        "getoond.",
        "en": "No access: the session code or the facilitator token is wrong, or a wrong token "
        "was tried too often (then wait a few minutes). No results are shown.",
    },
    "err_wait": {
        "nl": "Te veel mislukte pogingen. Wacht {seconds} seconden en probeer het dan opnieuw.",
        "en": "Too many failed attempts. Wait {seconds} seconds, then try again.",
    },
    "err_title": {
        "nl": "Vul een titel in (hoogstens {limit} tekens).",
        "en": "Enter a title (at most {limit} characters).",
    },
    "overview": {
        "nl": "{participants} {participants|deelnemer|deelnemers} ({active} "
        "{active|heeft|hebben} geantwoord) · {answers} {answers|antwoord|antwoorden}",
        "en": "{participants} {participants|participant|participants} ({active} "
        "{active|has|have} answered) · {answers} {answers|answer|answers}",
    },
    "live": {
        "nl": "De resultaten worden elke {seconds} seconden vanzelf bijgewerkt.",
        "en": "The results update themselves every {seconds} seconds.",
    },
    "participants": {"nl": "Deelnemers", "en": "Participants"},
    "no_participants": {"nl": "Nog niemand doet mee.", "en": "Nobody has joined yet."},
    "participant_row": {
        "nl": "{number}. {name} — {answered} {answered|vraag|vragen}",
        "en": "{number}. {name} — {answered} {answered|question|questions}",
    },
    "questions": {"nl": "Vragen, moeilijkste eerst", "en": "Questions, hardest first"},
    "no_answers": {"nl": "Nog geen antwoorden.", "en": "No answers yet."},
    "q_line": {
        "nl": "{pct}% goed bij de eerste poging · {responses} "
        "{responses|deelnemer|deelnemers} · {attempts} {attempts|poging|pogingen}",
        "en": "{pct}% right at the first attempt · {responses} "
        "{responses|participant|participants} · {attempts} {attempts|attempt|attempts}",
    },
    "answer": {"nl": "Antwoord", "en": "Answer"},
    "count": {"nl": "Aantal", "en": "Count"},
    "right_mark": {"nl": "✓ juist", "en": "✓ correct"},
    "alt": {
        "nl": "Staafdiagram van de antwoorden op ‘{question}’: {parts}.",
        "en": "Bar chart of the answers to ‘{question}’: {parts}.",
    },
    "alt_part": {"nl": "‘{answer}’ {count} keer{right}", "en": "‘{answer}’ {count} times{right}"},
    "alt_right": {"nl": " (juist)", "en": " (correct)"},
    "chart_x": {"nl": "aantal deelnemers", "en": "number of participants"},
    "chart_missing": {
        "nl": "De grafiek kan nu niet worden getekend. Dit zijn dezelfde gegevens als tekst "
        "en als tabel.",
        "en": "The chart cannot be drawn right now. Here is the same data as text and as a table.",
    },
    "refresh": {"nl": "Ververs nu", "en": "Refresh now"},
    "export": {"nl": "Maak CSV-export", "en": "Create CSV export"},
    "export_link": {
        "nl": "Download de anonieme resultaten ({rows} regels, CSV, zonder pseudoniemen)",
        "en": "Download the anonymous results ({rows} rows, CSV, without pseudonyms)",
    },
    "delete": {"nl": "Verwijder sessie…", "en": "Delete session…"},
    "delete_confirm": {
        "nl": "Weet je het zeker? Alle antwoorden en deelnemers van sessie {code} worden "
        "definitief verwijderd.",
        "en": "Are you sure? All answers and participants of session {code} will be deleted "
        "for good.",
    },
    "delete_yes": {"nl": "Ja, verwijder alles", "en": "Yes, delete everything"},
    "cancel": {"nl": "Annuleer", "en": "Cancel"},
    "deleted": {
        "nl": "Sessie {code} is verwijderd: {answers} {answers|antwoord|antwoorden} en "
        "{participants} {participants|deelnemer|deelnemers}.",
        "en": "Session {code} was deleted: {answers} {answers|answer|answers} and "
        "{participants} {participants|participant|participants}.",
    },
    "closed": {"nl": "Dashboard gesloten.", "en": "Dashboard closed."},
}
_REASON_KEYS = {
    "empty": "err_empty",
    "too_long": "err_too_long",
    "control": "err_control",
    "invisible": "err_invisible",
}
_CSS = """<style>
.aiact-ws-status{margin:.3em 0}
.aiact-ws-error{color:#8b0000;font-weight:bold}
.aiact-ws-ok{color:#0b5d1e}
.aiact-ws-save{position:sticky;bottom:0;z-index:2;background:var(--jp-layout-color0,#fff)}
.aiact-ws-q{margin:1em 0 .5em 0;line-height:1.45}
.aiact-ws-q table{border-collapse:collapse;margin-top:.3em}
.aiact-ws-q th,.aiact-ws-q td{border:1px solid #888;padding:.15em .5em;text-align:left}
.aiact-ws-q img{max-width:100%;height:auto}
</style>"""


_PLURAL = re.compile(r"\{(\w+)\|([^|{}]*)\|([^|{}]*)\}")


def _t(key: str, lang: str, **kw: Any) -> str:
    """An interface string; ``{n|one|many}`` picks the singular when ``n`` is 1."""
    text = _T[key][lang]
    if not kw:
        return text
    text = _PLURAL.sub(lambda m: m.group(2) if kw.get(m.group(1)) == 1 else m.group(3), text)
    return text.format(**kw)


def _status(text_html: str, kind: str = "info") -> str:
    cls = {"error": "aiact-ws-error", "ok": "aiact-ws-ok"}.get(kind, "")
    prefix = "⚠ " if kind == "error" else ""
    return (
        f'<div class="aiact-ws-status {cls}" role="status" aria-live="polite">'
        f"{prefix}{text_html}</div>"
    )


def _query_params() -> dict[str, str]:
    """The page's URL parameters under Voila (``?code=...&token=...``), else ``{}``.

    The ``token`` parameter can be read once: it is then removed from the kernel's environment
    (``QUERY_STRING``, ``VOILA_REQUEST_URL`` and any other variable that holds it)."""
    qs = os.environ.get("QUERY_STRING", "")
    if not qs and os.environ.get("VOILA_PREHEAT") == "True":  # pragma: no cover - Voila only
        try:
            from voila.utils import get_query_string

            qs = get_query_string() or ""
        except Exception:  # noqa: BLE001
            qs = ""
    params = {k: v[-1] for k, v in urllib.parse.parse_qs(qs).items() if v}
    if "token" in params or "token=" in qs.lower():
        forget_secret_param(params.get("token"), "token", keep=(ENV_TOKEN,))
    return params


def _wait_text(lang: str) -> str | None:
    """The 'wait N seconds' message while this kernel backs off after failed attempts."""
    wait = ATTEMPTS.wait()
    return escape(_t("err_wait", lang, seconds=math.ceil(wait))) if wait > 0 else None


def _error_text(exc: BaseException, lang: str) -> str:
    """A learner-facing message for a store error (escaped HTML)."""
    if isinstance(exc, InvalidPseudonym):
        key = _REASON_KEYS.get(exc.reason, "err_control")
        return escape(_t(key, lang, limit=exc.limit or PSEUDONYM_MAX))
    if isinstance(exc, SessionNotFound):
        msg = str(exc)
        return escape(_t("err_code_empty" if "enter a session code" in msg else "err_code", lang))
    if isinstance(exc, UnknownParticipant):
        return escape(_t("err_gone", lang))
    if isinstance(exc, AccessDenied):
        return escape(_t("err_token", lang))
    if isinstance(exc, StoreUnavailable):
        return escape(_t("err_unavailable", lang))
    if isinstance(exc, InvalidInput):
        return escape(_t("err_answer", lang, detail=str(exc)))
    return escape(_t("err_other", lang))


def _open_store(db: str | os.PathLike | None) -> ResultsStore:
    return ResultsStore(db)


# -- participant: join a session --------------------------------------------------------------
QuizFactory = Callable[[list[str], str, str], widgets.Widget]


def workshop_quiz(selection: list[str], lang: str, code: str) -> widgets.Widget:
    """The session's quiz (:func:`aiact_kit.widgets.quiz.quiz`), in the same order for the whole
    room (seeded with the session code), so the facilitator can discuss question by question."""
    from aiact_kit.widgets.quiz import quiz

    return quiz(selection, lang, seed=code, quiz_id=f"workshop-{code.lower()}")


_active_join: JoinSession | None = None
_active_lock = threading.RLock()


class JoinSession(widgets.VBox):
    """The participant's join form; while joined, answer events go to the session."""

    def __init__(
        self,
        lang: str = "nl",
        db: str | os.PathLike | None = None,
        code: str | None = None,
        store_factory: Callable[[Any], ResultsStore] = _open_store,
        quiz_factory: QuizFactory | None = workshop_quiz,
    ):
        check_lang(lang)
        self.lang = lang
        self._db = db
        self._quiz_factory = quiz_factory
        self._store_factory = store_factory
        self._store: ResultsStore | None = None
        self._unsubscribe: Callable[[], None] | None = None
        self._lock = threading.Lock()
        self.participant_id: int | None = None
        self.session_code: str | None = None
        style = {"description_width": "initial"}
        layout = widgets.Layout(width="26em")
        self.code = widgets.Text(
            value=code or "",
            description=_t("code", lang),
            placeholder=_t("code_ph", lang),
            style=style,
            layout=layout,
        )
        self.pseudonym = widgets.Text(
            description=_t("pseudonym", lang),
            placeholder=_t("pseudonym_ph", lang),
            style=style,
            layout=layout,
        )
        self.note = widgets.HTML(f'<p class="aiact-ws-note">{escape(_t("privacy", lang))}</p>')
        self.join_button = widgets.Button(
            description=_t("join", lang), button_style="primary", tooltip=_t("join", lang)
        )
        self.leave_button = widgets.Button(
            description=_t("leave", lang), tooltip=_t("leave", lang), disabled=True
        )
        self.status = widgets.HTML(_status(""))
        self.quiz_area = widgets.VBox()
        # an answer that was not saved is also reported below the quiz, sticking to the bottom
        # of the window while the quiz is in view: where the learner is answering
        self.save_status = widgets.HTML("")
        self.save_status.add_class("aiact-ws-save")
        self.join_button.on_click(lambda _b: self.join())
        self.leave_button.on_click(lambda _b: self.leave())
        super().__init__(
            [
                widgets.HTML(_CSS),
                self.code,
                self.pseudonym,
                self.note,
                widgets.HBox([self.join_button, self.leave_button]),
                self.status,
                self.quiz_area,
                self.save_status,
            ]
        )

    # -- actions -----------------------------------------------------------------------------
    def _get_store(self) -> ResultsStore:
        if self._store is None:
            self._store = self._store_factory(self._db)
        return self._store

    def join(self) -> bool:
        """Join with the values in the form; returns True on success (errors are shown)."""
        global _active_join
        wait = _wait_text(self.lang)
        if wait is not None:
            self.status.value = _status(wait, "error")
            return False
        try:
            store = self._get_store()
            try:
                pid = store.join(self.code.value, self.pseudonym.value)
            except SessionNotFound:
                ATTEMPTS.failed()
                raise
            info = store.session_info(self.code.value)
            me = store.participant(pid)
        except Exception as exc:  # noqa: BLE001 - shown in the widget, never raised
            if not isinstance(exc, StoreError):
                log.exception("joining a workshop session failed")
            self.status.value = _status(_error_text(exc, self.lang), "error")
            return False
        with _active_lock:
            if _active_join is not None and _active_join is not self:
                _active_join.leave(quiet=True)
            self._subscribe()
            _active_join = self
        self.participant_id, self.session_code = pid, info.code
        self.code.value = info.code
        kw = {
            "title": escape(info.title),
            "name": f"<bdi>{escape(me.pseudonym)}</bdi>",
            "number": me.number,
            "answered": me.answered,
        }
        self.status.value = _status(
            _t("rejoined" if me.answered else "joined", self.lang, **kw), "ok"
        )
        self.join_button.disabled = True
        self.code.disabled = self.pseudonym.disabled = True
        self.leave_button.disabled = False
        self._show_quiz(info.quiz, info.code)
        return True

    def _show_quiz(self, selection: tuple[str, ...], code: str) -> None:
        """Below the form: the session's quiz (answers are recorded: same kernel), or a note."""
        if not selection or self._quiz_factory is None:
            note = escape(_t("no_session_quiz", self.lang))
            self.quiz_area.children = (widgets.HTML(f"<p>{note}</p>"),)
            return
        try:
            quiz_widget = self._quiz_factory(list(selection), self.lang, code)
        except Exception:  # noqa: BLE001 - the join itself worked; say the quiz is missing
            log.exception("cannot show the session quiz %r", selection)
            note = escape(_t("quiz_unavailable", self.lang))
            self.quiz_area.children = (widgets.HTML(_status(note, "error")),)
            return
        heading = widgets.HTML(f"<h2>{escape(_t('quiz_heading', self.lang))}</h2>")
        self.quiz_area.children = (heading, quiz_widget)

    def _subscribe(self) -> None:
        if self._unsubscribe is None:
            self._unsubscribe = events.subscribe("answer", self._on_answer)
        progress.pause()

    def leave(self, quiet: bool = False) -> None:
        """Stop sending answers to the session."""
        global _active_join
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        with _active_lock:
            if _active_join is self:
                _active_join = None
                progress.resume()
        self.participant_id = None
        for child in self.quiz_area.children:
            with contextlib.suppress(Exception):
                child.close()
        self.quiz_area.children = ()
        self.join_button.disabled = False
        self.code.disabled = self.pseudonym.disabled = False
        self.leave_button.disabled = True
        if not quiet:
            self.status.value = _status(escape(_t("left", self.lang)))
            self.save_status.value = ""

    def _on_answer(self, payload: dict[str, Any]) -> None:
        """Record one answer event; show the outcome. Never raises."""
        pid = self.participant_id
        if pid is None:
            return
        try:
            with self._lock:
                new = self._get_store().record_event(pid, payload)
                answered = self._get_store().participant(pid).answered
        except Exception as exc:  # noqa: BLE001 - shown, never raised into the quiz
            if not isinstance(exc, StoreError):
                log.exception("recording a workshop answer failed")
            # never silently lost: say that this answer was not saved, and why
            text = _error_text(exc, self.lang)
            if not isinstance(exc, InvalidInput) or isinstance(exc, InvalidPseudonym):
                text = f"{escape(_t('not_saved', self.lang))} {text}"
            if isinstance(exc, UnknownParticipant):
                self.leave(quiet=True)
            self.status.value = _status(text, "error")  # the live region: announced once
            # the same words where the learner is looking (not a second live region)
            self.save_status.value = f'<p class="aiact-ws-status aiact-ws-error">⚠ {text}</p>'
            return
        key = "saved" if new else "saved_before"
        self.status.value = _status(escape(_t(key, self.lang, answered=answered)), "ok")
        self.save_status.value = ""

    def close(self) -> None:
        self.leave(quiet=True)
        if self._store is not None:
            self._store.close()
        super().close()


def join_session(lang: str = "nl", db: str | os.PathLike | None = None) -> JoinSession:
    """The join form for workshop participants (session code from ``?code=`` when given)."""
    code = _query_params().get("code") or os.environ.get(ENV_SESSION) or None
    return JoinSession(lang=lang, db=db, code=code)


# -- facilitator ------------------------------------------------------------------------------
def create_session(
    title: str,
    lang: str = "nl",
    quiz: list[str] | str | None = None,
    db: str | os.PathLike | None = None,
) -> Credentials:
    """Open a workshop session; returns ``(code, token)``. Give participants the code; keep the
    token secret (only its hash is stored, it cannot be shown again). ``quiz``: topics and/or
    question ids that participants answer on the join page."""
    selection = check_quiz_selection(quiz or [])
    with ResultsStore(db) as store:
        return store.create_session(title, lang, selection)


class Refresher:
    """Calls ``refresh()`` every ``interval`` seconds in a background thread until stopped."""

    def __init__(self, refresh: Callable[[], Any], interval: float):
        if interval <= 0:
            raise ValueError("the refresh interval must be positive")
        self.refresh = refresh
        self.interval = interval
        self.ticks = 0
        self._stop = threading.Event()
        self.thread = threading.Thread(target=self._loop, name="aiact-kit-dashboard", daemon=True)

    def start(self) -> Refresher:
        self.thread.start()
        return self

    def _loop(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                if self.refresh() is False:
                    break
            except Exception:  # noqa: BLE001 - keep refreshing; log the problem
                log.exception("dashboard refresh failed")
            self.ticks += 1

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        if self.thread.is_alive() and threading.current_thread() is not self.thread:
            self.thread.join(timeout)

    @property
    def running(self) -> bool:
        return self.thread.is_alive()


def _compact(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ", ".join(_compact(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k} → {_compact(v)}" for k, v in value.items())
    return str(value)


def _question(qid: str) -> Any:
    try:
        from aiact_kit.content import default_content

        return default_content().get(qid, "questions")
    except Exception:  # noqa: BLE001 - an unknown id just shows as the id
        return None


def _render(text: Any, lang: str) -> str:
    from aiact_kit.content import default_content

    return default_content().render(text, lang)


def answer_label(question: Any, answer: Any, lang: str = "nl") -> str:
    """A readable label for an answer to ``question`` (option texts instead of ids when the
    question is known), or the answer itself. Raw text: escape before showing."""
    if question is None:
        return _compact(answer)
    try:
        options = {o.id: o for o in getattr(question, "options", [])}
        qtype = question.type
        if qtype == "single" and isinstance(answer, str) and answer in options:
            return _render(options[answer].text, lang)
        if qtype == "multiple" and isinstance(answer, list):
            return "; ".join(
                _render(options[a].text, lang) if a in options else _compact(a) for a in answer
            )
        if qtype == "true_false":
            value = answer if isinstance(answer, bool) else str(answer).lower() == "true"
            return (
                {"nl": "Waar", "en": "True"}[lang]
                if value
                else {
                    "nl": "Niet waar",
                    "en": "False",
                }[lang]
            )
        if qtype == "date" and isinstance(answer, str):
            from aiact_kit.content import default_content
            from aiact_kit.content.vocabulary import format_date

            d = default_content().milestone_date(answer, getattr(question, "version", "amended"))
            if d is not None:
                return format_date(d, lang)
        if qtype == "scenario" and isinstance(answer, dict):
            parts = {p.id: p for p in question.parts}
            out = []
            for pid, oid in answer.items():
                part = parts.get(pid)
                if part is None:
                    out.append(f"{pid} → {_compact(oid)}")
                    continue
                opts = {o.id: o for o in part.options}
                chosen = _render(opts[oid].text, lang) if oid in opts else _compact(oid)
                out.append(f"{_render(part.label, lang)}: {chosen}")
            return "; ".join(out)
        if qtype == "matching" and isinstance(answer, dict):
            pairs = {p.id: p for p in question.pairs}
            return "; ".join(
                f"{_render(pairs[k].left, lang) if k in pairs else k} → "
                f"{_render(pairs[v].right, lang) if v in pairs else _compact(v)}"
                for k, v in answer.items()
            )
        if qtype == "ordering" and isinstance(answer, list):
            steps = {s.id: s for s in question.sequence}
            labels = []
            for sid in answer:
                step = steps.get(sid)
                if step is not None and step.text is not None:
                    labels.append(_render(step.text, lang))
                else:
                    labels.append(_compact(sid))
            return " → ".join(labels)
    except Exception:  # noqa: BLE001 - fall back to the raw answer
        log.debug("no label for answer %r", answer, exc_info=True)
    return _compact(answer)


def _short(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def chart_spec(
    labels: list[str],
    counts: list[int],
    correct: list[bool],
    xlabel: str,
    right: str = "✓",
    lang: str = "nl",
) -> dict[str, Any]:
    """A question's answer distribution as data for :func:`aiact_kit.present.charts.render_png`
    (kind
    ``distribution``)."""
    return {
        "kind": "distribution",
        "lang": lang,
        "labels": list(labels),
        "counts": [int(n) for n in counts],
        "correct": [bool(c) for c in correct],
        "xlabel": xlabel,
        "right": right,
        "size": [6.4, 0.9 + 0.42 * len(labels)],
        "dpi": 80,
    }


def chart_png(
    labels: list[str], counts: list[int], correct: list[bool], xlabel: str, right: str = "✓"
) -> bytes:
    """A horizontal bar chart as PNG, drawn by matplotlib in the chart worker process (never in
    this kernel) and cached on disk. Correct answers are dark, hatched and marked ``right`` in
    their label, so colour is never the only cue; both bar colours contrast with white. Raises
    :class:`aiact_kit.present.charts.ChartError` when it cannot be drawn."""
    from aiact_kit.present.charts import render_png

    return render_png(chart_spec(labels, counts, correct, xlabel, right))


def _question_parts(q: QuestionStats, lang: str) -> tuple[Any, str, list[str], str]:
    item = _question(q.question_id)
    prompt = _render(item.prompt, lang) if item is not None else q.question_id
    labels = [answer_label(item, d.answer, lang) for d in q.distribution]
    right = _t("alt_right", lang)
    parts = ", ".join(
        _t(
            "alt_part",
            lang,
            answer=_short(label, 80),
            count=d.count,
            right=right if d.correct else "",
        )
        for label, d in zip(labels, q.distribution, strict=True)
    )
    alt = _t("alt", lang, question=_short(prompt, 160), parts=parts)
    return item, prompt, labels, alt


def question_spec(q: QuestionStats, lang: str) -> dict[str, Any]:
    """The chart spec of one question's answer distribution (see :func:`chart_spec`)."""
    _item, _prompt, labels, _alt = _question_parts(q, lang)
    return chart_spec(
        labels,
        [d.count for d in q.distribution],
        [d.correct for d in q.distribution],
        _t("chart_x", lang),
        lang=lang,
    )


def question_html(q: QuestionStats, lang: str, png: bytes | None = None) -> str:
    """One question's block: prompt, share correct, chart (PNG with alt text), table. ``png``:
    the chart if already drawn (see :func:`question_spec`), else it is drawn here. When it
    cannot be drawn, a note and the alt text stand in its place (the table follows anyway)."""
    from aiact_kit.present.charts import ChartError, render_png

    item, prompt, labels, alt = _question_parts(q, lang)
    if png is None:
        try:
            png = render_png(question_spec(q, lang))
        except ChartError:
            log.warning("answer chart of %s not drawn", q.question_id, exc_info=True)
    if png is None:
        image = (
            f'<p class="aiact-chart-missing" role="note">{escape(_t("chart_missing", lang))}</p>'
            f"<p>{escape(alt)}</p>"
        )
    else:
        src = "data:image/png;base64," + base64.b64encode(png).decode("ascii")
        image = f'<img src="{src}" alt="{escape(alt, quote=True)}">'
    rows = "".join(
        f"<tr><td>{escape(label)}</td><td>{d.count}</td>"
        f"<td>{escape(_t('right_mark', lang)) if d.correct else ''}</td></tr>"
        for label, d in zip(labels, q.distribution, strict=True)
    )
    topic = f" <small>({escape(topic_name(q.topic, lang))})</small>" if q.topic else ""
    line = _t(
        "q_line",
        lang,
        pct=round(q.pct_correct),
        responses=q.responses,
        attempts=q.attempts,
    )
    return (
        f'<div class="aiact-ws-q" id="aiact-ws-q-{escape(q.question_id)}">'
        f"<h4>{escape(prompt)}{topic}</h4><p>{escape(line)}</p>"
        f"{image}<table><thead><tr><th scope='col'>{escape(_t('answer', lang))}</th>"
        f"<th scope='col'>{escape(_t('count', lang))}</th><th scope='col'>✓</th></tr></thead>"
        f"<tbody>{rows}</tbody></table></div>"
    )


def participants_html(report: SessionReport, lang: str) -> str:
    people = report.participants
    heading = f"<h3>{escape(_t('participants', lang))}</h3>"
    if not people:
        return f"{heading}<p>{escape(_t('no_participants', lang))}</p>"
    items = "".join(
        "<li>"
        + _t(
            "participant_row",
            lang,
            number=p.number,
            name=f"<bdi>{escape(p.pseudonym)}</bdi>",
            answered=p.answered,
        )
        + "</li>"
        for p in people
    )
    return f"{heading}<ul>{items}</ul>"


def summary_html(report: SessionReport, lang: str) -> str:
    rows = "".join(
        f"<tr><th scope='row'>{escape(label)}</th><td>{escape(value)}</td></tr>"
        for label, value in summary_lines(report.summary, lang)
    )
    return (
        f"<h3>{escape(summary_text('heading', lang))}</h3><table>{rows}</table>"
        f"<p>{escape(summary_text('note', lang))}</p>"
    )


class FacilitatorDashboard(widgets.VBox):
    """Live results of one session for the facilitator (needs the session's token)."""

    def __init__(
        self,
        lang: str = "nl",
        db: str | os.PathLike | None = None,
        code: str | None = None,
        token: str | None = None,
        refresh_interval: float | None = DEFAULT_REFRESH,
    ):
        check_lang(lang)
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
            description=_t("code", lang),
            placeholder=_t("code_ph", lang),
            style=style,
            layout=layout,
        )
        self.token = widgets.Password(
            value=token or "", description=_t("token", lang), style=style, layout=layout
        )
        self.open_button = widgets.Button(description=_t("open", lang), button_style="primary")
        self.open_button.on_click(lambda _b: self.open_session())
        # create a new session
        self.title = widgets.Text(
            description=_t("title", lang),
            placeholder=_t("title_ph", lang),
            style=style,
            layout=layout,
        )
        self.session_lang = widgets.Dropdown(
            options=[("Nederlands", "nl"), ("English", "en")],
            value=lang,
            description=_t("session_lang", lang),
            style=style,
        )
        self.quiz_topics = widgets.SelectMultiple(
            options=[(topic_name(t, lang), t) for t in TOPICS],
            value=[],
            rows=min(len(TOPICS), 6),
            description=_t("quiz_topics", lang),
            style=style,
            layout=layout,
        )
        self.create_button = widgets.Button(description=_t("create", lang))
        self.create_button.on_click(lambda _b: self.create())
        self.login = widgets.VBox(
            [
                widgets.HTML(f"<h2>{escape(_t('open_heading', lang))}</h2>"),
                self.code,
                self.token,
                self.open_button,
                widgets.HTML(f"<h2>{escape(_t('new_heading', lang))}</h2>"),
                self.title,
                self.session_lang,
                self.quiz_topics,
                self.create_button,
            ]
        )
        self.status = widgets.HTML(_status(""))
        # the results (hidden until a valid token is given)
        self.header = widgets.HTML()
        self.overview = widgets.HTML()
        self.refresh_button = widgets.Button(description=_t("refresh", lang))
        self.refresh_button.on_click(lambda _b: self.refresh())
        self.participants = widgets.HTML()
        self.questions_heading = widgets.HTML(f"<h3>{escape(_t('questions', lang))}</h3>")
        self.questions = widgets.VBox()
        self.export_button = widgets.Button(description=_t("export", lang))
        self.export_button.on_click(lambda _b: self.export())
        self.export_link = widgets.HTML()
        self.summary = widgets.HTML()
        self.delete_button = widgets.Button(description=_t("delete", lang), button_style="danger")
        self.delete_button.on_click(lambda _b: self._ask_delete())
        self.confirm_text = widgets.HTML()
        self.confirm_yes = widgets.Button(description=_t("delete_yes", lang), button_style="danger")
        self.confirm_no = widgets.Button(description=_t("cancel", lang))
        self.confirm_yes.on_click(lambda _b: self.delete())
        self.confirm_no.on_click(lambda _b: self._cancel_delete())
        self.confirm = widgets.VBox(
            [self.confirm_text, widgets.HBox([self.confirm_yes, self.confirm_no])],
            layout=widgets.Layout(display="none"),
        )
        self.results = widgets.VBox(
            [
                self.header,
                self.overview,
                self.refresh_button,
                self.participants,
                self.questions_heading,
                self.questions,
                widgets.HBox([self.export_button]),
                self.export_link,
                self.summary,
                self.delete_button,
                self.confirm,
            ],
            layout=widgets.Layout(display="none"),
        )
        super().__init__([widgets.HTML(_CSS), self.login, self.status, self.results])
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
        self.status.value = _status(_error_text(exc, self.lang), "error")

    def _hide_results(self) -> None:
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
                self.title.value, self.session_lang.value, list(self.quiz_topics.value)
            )
        except InvalidInput as exc:
            if exc.reason in ("empty", "too_long", "type"):
                self.status.value = _status(escape(_t("err_title", self.lang, limit=200)), "error")
            else:
                self._show_error(exc)
            return None
        except Exception as exc:  # noqa: BLE001
            self._show_error(exc)
            return None
        self.code.value, self.token.value = creds.code, creds.token
        self.open_session()
        self.status.value = _status(
            _t("created", self.lang, code=escape(creds.code), token=escape(creds.token)), "ok"
        )
        self.title.value = ""
        self.quiz_topics.value = ()
        return creds

    def open_session(self) -> bool:
        """Check the token and show the results (starting the auto-refresh)."""
        self._stop_refresh()
        wait = _wait_text(self.lang)
        if wait is not None:
            self._hide_results()
            self.token.value = ""
            self.status.value = _status(wait, "error")
            return False
        try:
            # one refusal for an unknown code, a wrong token and a locked code (store.login)
            info = self._get_store().login(self.code.value, self.token.value)
        except Exception as exc:  # noqa: BLE001 - a wrong token shows no data
            if isinstance(exc, AccessDenied) and self.token.value.strip():
                ATTEMPTS.failed()
            self._hide_results()
            self.token.value = ""
            self._show_error(exc)
            return False
        ATTEMPTS.succeeded()
        self.session_code, self._token = info.code, self.token.value.strip()
        self.token.value = ""  # do not keep the secret in the form
        self.code.value = info.code
        quiz = ", ".join(topic_name(t, self.lang) for t in info.quiz)
        quiz_line = (
            f"<p>{escape(_t('session_quiz', self.lang))}: {escape(quiz)}</p>" if quiz else ""
        )
        live = ""
        if self.refresh_interval:
            seconds = f"{self.refresh_interval:g}"
            live = f"<p>{escape(_t('live', self.lang, seconds=seconds))}</p>"
        self.header.value = (
            f"<h2>{escape(info.title)} <small>({escape(_t('code', self.lang))}: "
            f"{escape(info.code)})</small></h2>{quiz_line}{live}"
        )
        self.status.value = _status("")
        self.login.layout.display = "none"
        self.results.layout.display = None
        self.refresh()
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

    def _render(self, report: SessionReport) -> None:
        # Widgets change only when the data changes (no clock on the page): an idle dashboard
        # sends nothing, so Voila's idle-kernel culling still ends a closed page's kernel.
        s = report.stats
        self.overview.value = (
            "<p>"
            + escape(
                _t(
                    "overview",
                    self.lang,
                    participants=s.participants,
                    active=s.active_participants,
                    answers=s.answers,
                )
            )
            + "</p>"
        )
        self.participants.value = participants_html(report, self.lang)
        children = []
        keys = {
            q.question_id: (q.responses, q.correct, q.attempts, q.distribution) for q in s.questions
        }
        changed = [
            q for q in s.questions if self._question_keys.get(q.question_id) != keys[q.question_id]
        ]
        pngs = self._draw_charts(changed)
        for q in s.questions:
            w = self._question_widgets.get(q.question_id)
            if w is None:
                w = self._question_widgets[q.question_id] = widgets.HTML()
            if self._question_keys.get(q.question_id) != keys[q.question_id]:  # changed only
                w.value = question_html(q, self.lang, pngs.get(q.question_id))
                self._question_keys[q.question_id] = keys[q.question_id]
            children.append(w)
        if not children:
            children = [widgets.HTML(f"<p>{escape(_t('no_answers', self.lang))}</p>")]
        if tuple(children) != tuple(self.questions.children):
            self.questions.children = tuple(children)
        self.summary.value = summary_html(report, self.lang)

    def _draw_charts(self, questions: list[QuestionStats]) -> dict[str, bytes]:
        """The charts of ``questions`` (question id -> PNG), from the chart cache or ONE worker
        process for all that are not cached (a question whose answers changed but whose chart
        did not is a cache hit). On an error the result is empty and :func:`question_html`
        tries each chart on its own (showing the text instead where it fails)."""
        from aiact_kit.present.charts import ChartError, render_pngs

        if not questions:
            return {}
        try:
            pngs = render_pngs([question_spec(q, self.lang) for q in questions])
        except ChartError:
            log.warning("answer charts not drawn together", exc_info=True)
            return {}
        return {q.question_id: png for q, png in zip(questions, pngs, strict=True)}

    def export(self) -> str | None:
        """Fill the download link with the anonymous CSV; returns the CSV text."""
        try:
            text = self._get_store().export_csv(self.session_code or "", self._token or "")
        except Exception as exc:  # noqa: BLE001
            self._show_error(exc)
            return None
        data = base64.b64encode(text.encode("utf-8")).decode("ascii")
        rows = max(text.count("\n") - 1, 0)
        name = f"aiact-kit-results-{self.session_code}.csv"
        self.export_link.value = (
            f'<p><a download="{escape(name)}" href="data:text/csv;charset=utf-8;base64,{data}">'
            f"{escape(_t('export_link', self.lang, rows=rows))}</a></p>"
        )
        return text

    def _ask_delete(self) -> None:
        self.confirm_text.value = (
            "<p><strong>"
            + escape(_t("delete_confirm", self.lang, code=self.session_code or ""))
            + "</strong></p>"
        )
        self.confirm.layout.display = None

    def _cancel_delete(self) -> None:
        self.confirm.layout.display = "none"

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
        self.status.value = _status(
            escape(_t("deleted", self.lang, code=code or "", **counts)), "ok"
        )
        return counts

    def close(self) -> None:
        """Stop the auto-refresh and close the database connections, then the widget."""
        self._stop_refresh()
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
    db: str | os.PathLike | None = None,
    code: str | None = None,
    token: str | None = None,
    refresh_interval: float | None = DEFAULT_REFRESH,
) -> FacilitatorDashboard:
    """The facilitator's live dashboard. The session code and token come from the arguments,
    else ``AIACT_KIT_SESSION`` / ``AIACT_KIT_FACILITATOR_TOKEN``, else the page URL
    (``?code=...&token=...``), else the form. ``refresh_interval``: seconds between updates
    while the dashboard is open (None: only on request)."""
    params = _query_params() if not (code and token) else {}
    code = code or os.environ.get(ENV_SESSION) or params.get("code")
    token = token or os.environ.get(ENV_TOKEN) or params.get("token")
    return FacilitatorDashboard(
        lang=lang, db=db, code=code, token=token, refresh_interval=refresh_interval
    )


__all__ = [
    "join_session",
    "facilitator_dashboard",
    "create_session",
    "workshop_quiz",
    "JoinSession",
    "FacilitatorDashboard",
    "Refresher",
    "answer_label",
    "chart_png",
    "chart_spec",
    "question_html",
    "question_spec",
]
