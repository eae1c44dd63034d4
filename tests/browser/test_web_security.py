"""Secrets and guessing against the running app (issue 12 item 6).

A server of its own (started through ``aiact-kit serve``'s code path, with
``AIACT_KIT_ALLOWED_HOSTS=workshop.test``): the facilitator token is not in the server log
after failed requests that carry it, and not in the environment of the dashboard's kernel
(``/proc/<pid>/environ``) once the dashboard has read it; an unknown code and a wrong token
show the same message; a request with a foreign ``Host`` (DNS rebinding) gets 403.
"""

from __future__ import annotations

import http.client
import json
import os
import urllib.error
import urllib.request

import psutil
import pytest
from browser_helpers import TIMEOUT_MS, is_local, wait_rendered
from voila_app import start_app, stop_app

from aiact_kit.engines.workshop import ResultsStore

pytestmark = pytest.mark.browser

DASHBOARD = "/voila/render/en/workshop-facilitator.ipynb"


@pytest.fixture(scope="session")  # "module" started it twice: pytest runs the browser tests
def app(tmp_path_factory):  # of all modules together, and test_host_header_is_checked apart
    old = os.environ.get("AIACT_KIT_ALLOWED_HOSTS")
    os.environ["AIACT_KIT_ALLOWED_HOSTS"] = "workshop.test"
    try:
        app = start_app(tmp_path_factory.mktemp("voila-security"), preheat=False)
    finally:
        if old is None:
            del os.environ["AIACT_KIT_ALLOWED_HOSTS"]
        else:
            os.environ["AIACT_KIT_ALLOWED_HOSTS"] = old
    yield app
    leftovers = stop_app(app)
    assert not leftovers, "processes left running after SIGTERM:\n" + "\n".join(leftovers)


@pytest.fixture
def room():
    store = ResultsStore()  # the app's kernels use the same database (tests/conftest.py)
    code, token = store.create_session("Security", "en")
    yield code, token
    store.delete_session(code, token)
    store.close()


@pytest.fixture
def open_page(browser, app):
    contexts = []

    def open_(path: str):
        context = browser.new_context()
        contexts.append(context)
        context.route(
            "**/*",
            lambda route: route.continue_() if is_local(route.request.url) else route.abort(),
        )
        page = context.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        page.goto(app.url + path)
        wait_rendered(page)
        return page

    yield open_
    for context in contexts:
        context.close()


def _status(app, path: str, host: str | None = None, headers: dict | None = None) -> int:
    """The status of a GET with the given Host header (urllib keeps a Host header it is
    given)."""
    req = urllib.request.Request(app.url + path, headers=dict(headers or {}))
    if host is not None:
        req.add_header("Host", host)
    try:
        with urllib.request.urlopen(req, timeout=120) as r:
            return r.status
    except urllib.error.HTTPError as err:
        return err.code


def _kernel_pid(app, kernel_id: str) -> int:
    for p in app.descendants():
        if kernel_id in " ".join(p.cmdline()):
            return p.pid
    raise AssertionError(f"no process for kernel {kernel_id}")


def test_token_is_not_in_the_log_or_the_kernel_environment(app, room, open_page):
    code, token = room
    page = open_page(f"{DASHBOARD}?code={code}&token={token}")
    page.get_by_text("0 participants").first.wait_for()  # opened with the token
    kernel_id = json.loads(page.locator("#jupyter-config-data").first.inner_text())["kernelId"]
    environ = psutil.Process(_kernel_pid(app, kernel_id)).environ()
    assert environ["QUERY_STRING"].startswith(f"code={code}")  # the page parameters were there
    assert not [k for k, v in environ.items() if token in v], "token in the kernel's environment"

    # failed requests that carry the token: 404, 403 (foreign Host), URL-encoded in a parameter
    assert _status(app, f"/voila/render/en/nope.ipynb?code={code}&token={token}") == 404
    assert _status(app, f"{DASHBOARD}?code={code}&token={token}", host="evil.example") == 403
    nested = f"%2Fvoila%3Fcode%3D{code}%26token%3D{token}"
    assert _status(app, f"/voila/render/en/nope.ipynb?next={nested}") == 404
    log = app.log()
    assert "nope.ipynb" in log and "token=[redacted]" in log  # the requests were logged
    assert token not in log


def test_unknown_code_and_wrong_token_show_the_same_message(room, open_page):
    code, _token = room
    shown = []
    for query in (f"code={code}&token=not-the-token", "code=ZZZZZZ&token=not-the-token"):
        page = open_page(f"{DASHBOARD}?{query}")
        status = page.locator(".aiact-ws-error").first
        status.wait_for()
        shown.append(status.inner_text())
    assert shown[0] == shown[1] and "No access" in shown[0]


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        ("evil.example", 403),
        ("evil.example:{port}", 403),
        ("127.0.0.1.evil.example", 403),
        ("localhost:{port}", 200),
        ("127.0.0.1:{port}", 200),
        ("[::1]:{port}", 200),
        ("workshop.test", 200),  # AIACT_KIT_ALLOWED_HOSTS
    ],
)
def test_host_header_is_checked(app, host, expected):
    host = host.format(port=app.port)
    assert _status(app, "/voila/tree/", host=host) == expected
    assert _status(app, "/voila/render/en/index.ipynb", host=host) == expected


def test_kernel_api_and_websocket_check_the_host_too(app, open_page):
    page = open_page("/voila/render/en/index.ipynb")
    kernel_id = json.loads(page.locator("#jupyter-config-data").first.inner_text())["kernelId"]

    def upgrade(host: str) -> int:
        conn = http.client.HTTPConnection("127.0.0.1", app.port, timeout=30)
        conn.request(
            "GET",
            f"/api/kernels/{kernel_id}/channels",
            headers={
                "Host": host,
                "Upgrade": "websocket",
                "Connection": "Upgrade",
                "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==",
                "Sec-WebSocket-Version": "13",
            },
        )
        status = conn.getresponse().status
        conn.close()
        return status

    assert upgrade("evil.example") == 403
    assert _status(app, f"/api/kernels/{kernel_id}", host="evil.example") == 403
    assert _status(app, f"/api/kernels/{kernel_id}", host=f"localhost:{app.port}") == 200
    assert upgrade(f"127.0.0.1:{app.port}") == 101  # the same request, local: accepted
