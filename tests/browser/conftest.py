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

Plain functions for tests (``from browser_helpers import ...``): ``wait_rendered(page)`` after a
navigation, ``axe_violations(page)``, ``is_local(url)``.

pytest-playwright's ``page`` fixture is used as is (so ``--screenshot=only-on-failure``
works), with a 60 s default timeout and the request recording attached.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest
from browser_helpers import (
    CHROMIUM,
    CHROMIUM_ARGS,
    TIMEOUT_MS,
    axe_violations,
    format_violations,
    is_local,
    wait_rendered,
)
from voila_app import start_app, stop_app

FIRST_LOAD_TIMEOUT_MS = 40_000


@pytest.fixture(scope="session")
def voila_app(tmp_path_factory):
    app = start_app(tmp_path_factory.mktemp("voila"), record_imports=True)
    yield app
    leftovers = stop_app(app)
    assert not leftovers, "processes left running after SIGTERM:\n" + "\n".join(leftovers)


@pytest.fixture(scope="session")
def app_url(voila_app) -> str:
    return voila_app.url


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


@pytest.fixture(autouse=True)
def voila_log_on_failure(request):
    """When a test that uses the app fails, show what the Voila server logged during it."""
    if "app_url" not in request.fixturenames:
        yield
        return
    app = request.getfixturevalue("voila_app")
    start = app.log_path.stat().st_size
    yield
    rep = getattr(request.node, "rep_call", None)
    if rep is not None and rep.failed:
        with app.log_path.open(errors="replace") as f:
            f.seek(start)
            lines = f.read().splitlines()
        print(f"--- Voila server log during the test (last 80 of {len(lines)} lines) ---")
        print("\n".join(lines[-80:]))


@pytest.fixture(scope="session")
def base_url(app_url) -> str:
    """pytest-playwright's base URL: relative ``page.goto("/...")`` goes to the app."""
    return app_url


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture
def request_log(context) -> list[str]:
    """Every URL the browser context requested; requests to other hosts are aborted."""
    log: list[str] = []
    context.on("request", lambda req: log.append(req.url))
    context.on("websocket", lambda ws: log.append(ws.url))

    def route(route):
        if is_local(route.request.url):
            route.continue_()
        else:
            route.abort()

    context.route("**/*", route)
    return log


@pytest.fixture
def assert_no_external_requests(request_log):
    def check() -> None:
        external = sorted({u for u in request_log if not is_local(u)})
        assert not external, f"requests to hosts other than 127.0.0.1: {external}"

    return check


@pytest.fixture
def page(page, request_log, assert_no_external_requests):
    page.set_default_timeout(TIMEOUT_MS)
    yield page
    assert_no_external_requests()


@pytest.fixture
def page_for(page, app_url):
    """Open an app page and wait until it has rendered.

    Voila occasionally leaves a freshly loaded page's widgets unrendered until the page is
    loaded again (voila-dashboards/voila#920, #1428; seen once in CI, on en/index.ipynb). A
    first load that has not rendered after ``FIRST_LOAD_TIMEOUT_MS`` is therefore reloaded
    once, with a warning that names the page and what was missing; a page that does not render
    after the reload either fails the test."""

    def open_page(path: str):
        url = path if path.startswith("/") else f"/voila/render/{path}"
        page.goto(app_url + url)
        try:
            wait_rendered(page, FIRST_LOAD_TIMEOUT_MS)
        except AssertionError as first:
            warnings.warn(f"reloading once: {first}", stacklevel=2)
            page.goto(app_url + url)
            wait_rendered(page)
        return page

    return open_page


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
