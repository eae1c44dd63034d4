"""Secrets and guessing (issue 12 item 6), without a server: the facilitator log-in refuses an
unknown code and a wrong token alike and locks a code after repeated failures; a page's kernel
backs off after failed attempts; the token leaves the kernel's environment once read; logs
never show a token value."""

from __future__ import annotations

import logging
import os
import sys

import pytest

from aiact_kit.app import webguard
from aiact_kit.app.webguard import Backoff, forget_secret_param, redact
from aiact_kit.engines import workshop as st
from aiact_kit.engines.workshop import AccessDenied, ResultsStore
from aiact_kit.widgets import workshop as ws
from aiact_kit.widgets.workshop import join as ws_join
from aiact_kit.widgets.workshop import page as ws_page


@pytest.fixture
def db(tmp_path):
    return str(tmp_path / "results.sqlite")


@pytest.fixture
def session(db):
    with ResultsStore(db) as s:
        code, token = s.create_session("T", "nl")
    return code, token


@pytest.fixture(autouse=True)
def _no_active_join():
    yield
    if ws_join._active_join is not None:
        ws_join._active_join.close()


def _refusal(fn, *args) -> tuple[type, str]:
    with pytest.raises(Exception) as err:  # noqa: PT011 - the type is what we compare
        fn(*args)
    return type(err.value), str(err.value)


def _age_failures(store: ResultsStore, seconds: float) -> None:
    """Move every counted failure ``seconds`` into the past (instead of waiting)."""
    from datetime import datetime, timedelta

    conn = store._conn()
    rows = store._q(conn, "SELECT id, failed_at FROM login_failures").fetchall()
    for rid, at in rows:
        old = datetime.fromisoformat(at) - timedelta(seconds=seconds)
        store._q(
            conn,
            "UPDATE login_failures SET failed_at = ? WHERE id = ?",
            (old.isoformat(timespec="microseconds"), rid),
        )
    if st.make_dialect(store.dialect.describe()).name == "sqlite":
        conn.commit()


# -- the store's log-in ------------------------------------------------------------------------
def test_unknown_code_and_wrong_token_are_refused_alike(store):
    code, token = store.create_session("T", "nl")
    wrong_token = _refusal(store.login, code, "not-the-token")
    unknown_code = _refusal(store.login, "ZZZZZZ", token)
    malformed = _refusal(store.login, "hello!", token)
    missing = _refusal(store.login, code, "")
    assert wrong_token == unknown_code == malformed == missing == (AccessDenied, st.LOGIN_REFUSED)
    assert code not in st.LOGIN_REFUSED
    assert store.login(f" {code.lower()} ", f" {token} ").code == code


def test_code_is_locked_after_repeated_wrong_tokens(store):
    code, token = store.create_session("T", "nl")
    other, other_token = store.create_session("Other", "nl")
    for _ in range(st.LOGIN_MAX_FAILURES):
        assert _refusal(store.login, code, "guess") == (AccessDenied, st.LOGIN_REFUSED)
    # locked: the right token is refused with the same error; other codes are not affected
    assert _refusal(store.login, code, token) == (AccessDenied, st.LOGIN_REFUSED)
    assert store.login(other, other_token).code == other
    # attempts while locked are not counted (hammering does not extend the lock)
    for _ in range(10):
        _refusal(store.login, code, "guess")
    conn = store._conn()
    count = store._q(conn, "SELECT COUNT(*) FROM login_failures WHERE code = ?", (code,))
    assert count.fetchone()[0] == st.LOGIN_MAX_FAILURES
    # the lock ends LOGIN_LOCKOUT seconds after the last counted failure
    _age_failures(store, st.LOGIN_LOCKOUT + 1)
    assert store.login(code, token).code == code
    # still within the window: one more failure locks the code again at once
    _refusal(store.login, code, "guess")
    assert _refusal(store.login, code, token) == (AccessDenied, st.LOGIN_REFUSED)
    # after the window, failures no longer count (and are pruned)
    _age_failures(store, st.LOGIN_WINDOW + 1)
    assert store.login(code, token).code == code


def test_unknown_codes_are_counted_too_and_empty_tokens_not(store):
    code, token = store.create_session("T", "nl")
    for _ in range(st.LOGIN_MAX_FAILURES + 3):
        _refusal(store.login, code, "")  # nothing guessed
    assert store.login(code, token).code == code
    for _ in range(st.LOGIN_MAX_FAILURES):
        _refusal(store.login, "ZZZZZZ", "guess")
    conn = store._conn()
    count = store._q(conn, "SELECT COUNT(*) FROM login_failures WHERE code = 'ZZZZZZ'")
    assert count.fetchone()[0] == st.LOGIN_MAX_FAILURES


def test_lock_is_shared_by_every_store_on_the_database(db_url):
    a, b = ResultsStore(db_url), ResultsStore(db_url)
    try:
        code, token = a.create_session("T", "nl")
        for _ in range(st.LOGIN_MAX_FAILURES):
            _refusal(a.login, code, "guess")
        assert _refusal(b.login, code, token) == (AccessDenied, st.LOGIN_REFUSED)
    finally:
        a.close()
        b.close()


# -- the dashboard and the join page ----------------------------------------------------------
def test_dashboard_shows_one_message_for_unknown_code_and_wrong_token(db, session):
    code, _token = session
    shown = []
    for c, t in ((code, "wrong-token"), ("ZZZZZZ", "wrong-token"), ("ZZZZZZ", _token)):
        d = ws.FacilitatorDashboard("en", db=db, refresh_interval=None)
        d.code.value, d.token.value = c, t
        assert d.open_session() is False
        assert d.token.value == ""  # the attempt is not left in the form
        shown.append(d.status.value)
        d.close()
    assert shown[0] == shown[1] == shown[2] and "No access" in shown[0]


def test_dashboard_backs_off_after_failed_attempts(db, session, monkeypatch):
    code, token = session
    now = [0.0]
    monkeypatch.setattr(
        ws_page, "ATTEMPTS", Backoff(free=3, base=2.0, cap=60.0, clock=lambda: now[0])
    )
    calls = []
    real_login = ResultsStore.login

    def counting_login(self, *args):
        calls.append(args)
        return real_login(self, *args)

    monkeypatch.setattr(ResultsStore, "login", counting_login)
    d = ws.FacilitatorDashboard("nl", db=db, refresh_interval=None)
    for _ in range(3):
        d.code.value, d.token.value = code, "guess"
        assert d.open_session() is False and "Geen toegang" in d.status.value
    # the fourth attempt, even with the right token, waits: the store is not asked
    d.code.value, d.token.value = code, token
    assert d.open_session() is False
    assert "Wacht 2 seconden" in d.status.value and len(calls) == 3
    now[0] += 2
    d.code.value, d.token.value = code, "guess"
    assert d.open_session() is False and len(calls) == 4
    d.code.value, d.token.value = code, token
    now[0] += 3
    assert d.open_session() is False and "Wacht 1 seconden" in d.status.value
    now[0] += 1
    d.code.value, d.token.value = code, token
    assert d.open_session() is True  # a success resets the back-off
    assert ws_page.ATTEMPTS.failures == 0
    d.close()


def test_join_backs_off_after_unknown_codes(db, session, monkeypatch):
    now = [0.0]
    monkeypatch.setattr(
        ws_page, "ATTEMPTS", Backoff(free=3, base=2.0, cap=60.0, clock=lambda: now[0])
    )
    w = ws.JoinSession("en", db=db, quiz_factory=None)
    for bad in ("ZZZZZZ", "YYYYYY", "XXXXXX"):
        w.code.value, w.pseudonym.value = bad, "Anna"
        assert w.join() is False and "does not exist" in w.status.value
    w.code.value = session[0]
    assert w.join() is False and "Wait 2 seconds" in w.status.value
    now[0] += 2
    assert w.join() is True
    w.close()


def test_backoff_grows_and_is_capped():
    now = [100.0]
    b = Backoff(free=2, base=1.0, cap=5.0, clock=lambda: now[0])
    waits = []
    for _ in range(6):
        waits.append(b.wait())
        b.failed()
    # two free failures, then 1, 2, 4 seconds after the last failure, at most 5
    assert waits == [0.0, 0.0, 1.0, 2.0, 4.0, 5.0]
    now[0] += 5
    assert b.wait() == 0.0
    b.succeeded()
    assert b.failures == 0 and b.wait() == 0.0


# -- the token leaves the kernel's environment --------------------------------------------------
def test_token_from_the_page_url_is_read_once_and_removed_from_the_environment(
    db, session, monkeypatch
):
    code, token = session
    monkeypatch.setenv("QUERY_STRING", f"code={code}&token={token}&lang=nl")
    monkeypatch.setenv(
        "VOILA_REQUEST_URL",
        f"http://127.0.0.1:8866/voila/render/nl/workshop-begeleider.ipynb?code={code}&token={token}",
    )
    monkeypatch.setenv("SOME_REDIRECT", f"/login?next=%2Fx%3Fcode%3D{code}%26token%3D{token}")
    monkeypatch.setenv("SCRIPT_NAME", "/voila/render/nl/workshop-begeleider.ipynb")
    d = ws.facilitator_dashboard("nl", db=db, refresh_interval=None)
    assert d.session_code == code  # opened with the token from the URL
    assert not [k for k, v in os.environ.items() if token in v]
    assert os.environ["QUERY_STRING"] == f"code={code}&lang=nl"
    assert os.environ["VOILA_REQUEST_URL"].endswith(f"workshop-begeleider.ipynb?code={code}")
    assert "SOME_REDIRECT" not in os.environ  # still held the token (encoded): removed
    assert os.environ["SCRIPT_NAME"] == "/voila/render/nl/workshop-begeleider.ipynb"
    # read once: a second dashboard in the same kernel gets the code, not the token
    assert ws_page.query_params() == {"code": code, "lang": "nl"}
    d.close()


def test_operator_token_variable_is_kept(monkeypatch):
    monkeypatch.setenv("AIACT_KIT_FACILITATOR_TOKEN", "OperatorToken123")
    monkeypatch.setenv("QUERY_STRING", "token=OperatorToken123")
    changed = forget_secret_param("OperatorToken123", keep=("AIACT_KIT_FACILITATOR_TOKEN",))
    assert changed == ["QUERY_STRING"] and os.environ["QUERY_STRING"] == ""
    assert os.environ["AIACT_KIT_FACILITATOR_TOKEN"] == "OperatorToken123"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc is Linux only")
def test_token_is_overwritten_in_the_initial_environment_block(tmp_path):
    """What /proc/<pid>/environ shows (the block the process started with) loses the token
    too; an unrelated variable that happens to hold the same text is left intact."""
    import subprocess

    script = (
        "import os\n"
        "from aiact_kit.app.webguard import forget_secret_param\n"
        "forget_secret_param('S3cretTokenValue', keep=('KEEP',))\n"
        "print(open('/proc/self/environ', 'rb').read().decode())\n"
        "print('KEEP=' + os.environ['KEEP'])\n"
    )
    env = {
        **os.environ,
        "QUERY_STRING": "code=K7M2QX&token=S3cretTokenValue",
        "VOILA_REQUEST_URL": "http://127.0.0.1/x?token=S3cretTokenValue&code=K7M2QX",
        "KEEP": "S3cretTokenValue",
    }
    out = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
    ).stdout
    block, kept = out.rsplit("KEEP=", 1)
    assert "QUERY_STRING=code=K7M2QX&token=xxxxxxxxxxxxxxxx" in block
    assert "S3cretTokenValue" not in block.replace("KEEP=S3cretTokenValue", "")
    assert kept.strip() == "S3cretTokenValue"


# -- logs ----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "404 GET /voila/render/x.ipynb?code=K7M2QX&token=abcDEF123 (127.0.0.1) 3.1ms",
            "404 GET /voila/render/x.ipynb?code=K7M2QX&token=[redacted] (127.0.0.1) 3.1ms",
        ),
        ("uri='/x?token=abc'", "uri='/x?token=[redacted]'"),
        ("/login?next=%2Fx%3Fcode%3DA%26token%3Dabc%26lang%3Dnl", None),
        ("GET /x?TOKEN=abc&lang=en", "GET /x?TOKEN=[redacted]&lang=en"),
        ("no secrets here: token is a word", "no secrets here: token is a word"),
    ],
)
def test_redact(line, expected):
    out = redact(line)
    assert "abc" not in out
    if expected is not None:
        assert out == expected
    else:
        assert out == "/login?next=%2Fx%3Fcode%3DA%26token%3D[redacted]%26lang%3Dnl"


def test_log_redaction_covers_every_logger(caplog):
    old = logging.getLogRecordFactory()
    try:
        webguard.install_log_redaction()
        webguard.install_log_redaction()  # idempotent
        with caplog.at_level(logging.INFO):
            logging.getLogger("tornado.access").warning(
                "%d %s", 404, "GET /voila/render/a.ipynb?code=K7M2QX&token=Secret42 (127.0.0.1)"
            )
            logging.getLogger("some.child.logger").error("Uncaught exception uri=%r", "/?token=S3")
        text = caplog.text
        assert "Secret42" not in text and "S3'" not in text
        assert text.count("token=[redacted]") == 2
    finally:
        logging.setLogRecordFactory(old)
