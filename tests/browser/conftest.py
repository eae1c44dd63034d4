"""Browser test fixtures: a live Voila app, Debian's Chromium, axe and request recording.

Reusable by every browser test (quiz, decision aid, timeline, ...):

- ``app_url``: the base URL of the app (``http://127.0.0.1:<free port>``), started once per
  session through ``aiact-kit serve``'s code path and stopped with SIGTERM afterwards; the
  session fails when any of its processes (server, kernels) is left running.
- ``page_for(path)``: open ``/voila/render/<path>`` (e.g. ``"nl/00-welkom.ipynb"``) or any
  absolute app path (``"/"``) and wait until Voila has rendered the cells and every widget.
- ``axe_check(page)``: run axe-core with the WCAG 2.0/2.1/2.2 A+AA and best-practice tags;
  raises AssertionError listing every violation.
- ``assert_no_external_requests()``: fail when the page requested anything from a host other
  than 127.0.0.1 (such requests are also aborted, and checked again after every test).

pytest-playwright's ``page`` fixture is used as is (so ``--screenshot=only-on-failure``
works), with a 60 s default timeout and the request recording attached.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from voila_app import start_app, stop_app

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
LOCAL_HOSTS = {"127.0.0.1"}
LOCAL_SCHEMES = {"data", "blob", "about"}
TIMEOUT_MS = 60_000

# Resolves when Voila has shown the cells and rendered every output: the outputs arrive as
# <script type="application/vnd.voila.cell-output+json"> elements that Voila's JavaScript
# replaces by output areas, which stay empty until their widget has been rendered.
RENDERED_JS = """() => {
  const cells = document.getElementById('rendered_cells');
  if (!cells || cells.style.display === 'none' || document.getElementById('loading')) return false;
  if (cells.querySelector('script[type="application/vnd.voila.cell-output+json"]')) return false;
  const outs = Array.from(cells.querySelectorAll('.jp-OutputArea-output'));
  return outs.every(o => o.childElementCount > 0);
}"""


@pytest.fixture(scope="session")
def voila_app(tmp_path_factory):
    app = start_app(tmp_path_factory.mktemp("voila"))
    yield app
    leftovers = stop_app(app)
    assert not leftovers, "processes left running after SIGTERM:\n" + "\n".join(leftovers)


@pytest.fixture(scope="session")
def app_url(voila_app) -> str:
    return voila_app.url


@pytest.fixture(scope="session")
def base_url(app_url) -> str:
    """pytest-playwright's base URL: relative ``page.goto("/...")`` goes to the app."""
    return app_url


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


def _is_local(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in LOCAL_SCHEMES or parts.hostname in LOCAL_HOSTS


@pytest.fixture
def request_log(context) -> list[str]:
    """Every URL the browser context requested; requests to other hosts are aborted."""
    log: list[str] = []
    context.on("request", lambda req: log.append(req.url))
    context.on("websocket", lambda ws: log.append(ws.url))

    def route(route):
        if _is_local(route.request.url):
            route.continue_()
        else:
            route.abort()

    context.route("**/*", route)
    return log


@pytest.fixture
def assert_no_external_requests(request_log):
    def check() -> None:
        external = sorted({u for u in request_log if not _is_local(u)})
        assert not external, f"requests to hosts other than 127.0.0.1: {external}"

    return check


@pytest.fixture
def page(page, request_log, assert_no_external_requests):
    page.set_default_timeout(TIMEOUT_MS)
    yield page
    assert_no_external_requests()


@pytest.fixture
def page_for(page, app_url):
    def open_page(path: str):
        url = path if path.startswith("/") else f"/voila/render/{path}"
        page.goto(app_url + url)
        wait_rendered(page)
        return page

    return open_page


def wait_rendered(page) -> None:
    """Wait until a Voila page has rendered all cells and widgets (no-op for other pages)."""
    page.wait_for_load_state("load")
    if page.locator("#rendered_cells").count():
        page.wait_for_function(RENDERED_JS, timeout=TIMEOUT_MS)


def axe_violations(page) -> list[dict]:
    options = {"runOnly": {"type": "tag", "values": AXE_TAGS}}
    return Axe().run(page, options=options).response["violations"]


def format_violations(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        targets = ", ".join(str(n.get("target")) for n in v["nodes"][:5])
        count = len(v["nodes"])
        lines.append(f"{v['id']} ({v['impact']}, {count} node(s)): {v['help']} [{targets}]")
    return "\n".join(lines)


@pytest.fixture
def axe_check():
    def check(page) -> list[dict]:
        violations = axe_violations(page)
        assert not violations, f"axe found violations on {page.url}:\n" + format_violations(
            violations
        )
        return violations

    return check


@pytest.fixture(scope="session")
def notebooks_root() -> Path:
    return Path(__file__).resolve().parents[2] / "notebooks"
