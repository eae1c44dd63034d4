"""Closed pages lose their kernels (issue 12 item 5), in a real browser.

A facilitator dashboard refreshes itself while answers arrive, so its kernel is never idle;
the kit's kernel manager culls by connections instead. A server of its own with short culling
(``cull_idle_timeout`` 12 s, ``cull_interval`` 2 s: a closed page's kernel is gone within 16 s,
plus the time a shutdown takes) and one pre-heated kernel: two dashboards open on one session
while a thread keeps answering; one page closes; its kernel is gone within the bound, while
the open dashboard keeps its kernel (and keeps updating) for more than a whole culling period,
and the pre-heated kernel in the pool is not culled either.
"""

from __future__ import annotations

import json
import threading
import time
import urllib.error
import urllib.request

import pytest
from browser_helpers import TIMEOUT_MS, is_local, wait_rendered
from voila_app import start_app, stop_app

from aiact_kit.engines.workshop import ResultsStore

pytestmark = pytest.mark.browser

CULL_IDLE_TIMEOUT = 12  # longer than a dashboard's render on a loaded 2-core machine
CULL_INTERVAL = 2
BOUND = CULL_IDLE_TIMEOUT + 2 * CULL_INTERVAL  # the documented bound, scaled down
SHUTDOWN_SLACK = 30  # a hang guard: a kernel shutdown itself may take a few seconds
POOLED_PAGE = "nl/index.ipynb"
DASHBOARD = "nl/workshop-begeleider.ipynb"


@pytest.fixture(scope="module")
def cull_app(tmp_path_factory):
    pools = json.dumps({"default": {"pool_size": 0}, POOLED_PAGE: {"pool_size": 1}})
    app = start_app(
        tmp_path_factory.mktemp("voila-cull"),
        preheat=False,
        extra_args=(
            f"--MappingKernelManager.cull_idle_timeout={CULL_IDLE_TIMEOUT}",
            f"--MappingKernelManager.cull_interval={CULL_INTERVAL}",
            "--preheat_kernel=True",
            f"--VoilaKernelManager.kernel_pools_config={pools}",
        ),
    )
    yield app
    leftovers = stop_app(app)
    assert not leftovers, "processes left running after SIGTERM:\n" + "\n".join(leftovers)


def _kernel(app, kernel_id: str) -> dict | None:
    """The server's model of a kernel (``connections``, ``execution_state``), None when gone."""
    try:
        with urllib.request.urlopen(f"{app.url}/api/kernels/{kernel_id}", timeout=10) as r:
            return json.loads(r.read())
    except urllib.error.HTTPError as err:
        if err.code == 404:
            return None
        raise


def _kernel_id(page) -> str:
    return json.loads(page.locator("#jupyter-config-data").first.inner_text())["kernelId"]


def _kernel_pids(app) -> set[int]:
    return {p.pid for p in app.descendants() if "ipykernel" in " ".join(p.cmdline())}


def _new_page(browser, app):
    context = browser.new_context()
    context.route(
        "**/*", lambda route: route.continue_() if is_local(route.request.url) else route.abort()
    )
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    return context, page


class Answering(threading.Thread):
    """Keeps answering: a new participant with an answer every 0.3 s until stopped."""

    def __init__(self, code: str):
        super().__init__(daemon=True)
        self.code = code
        self.count = 0
        self.stop = threading.Event()

    def run(self) -> None:
        with ResultsStore() as store:
            while not self.stop.wait(0.3):
                pid = store.join(self.code, f"P{self.count}")
                right = self.count % 2 == 0
                answer = "annex-iii-high-risk" if right else "general-application"
                store.record_answer(pid, "q-timeline-annex-iii-date", answer, right)
                self.count += 1


def test_closed_dashboard_loses_its_kernel_while_answers_arrive(cull_app, browser):
    app = cull_app
    # the pre-heated kernel of POOLED_PAGE (never connected while it waits in the pool)
    deadline = time.monotonic() + 120
    while not (pool_pids := _kernel_pids(app)):
        assert time.monotonic() < deadline, "the pool's kernel did not start"
        time.sleep(0.5)

    store = ResultsStore()  # the app's kernels use the same database (tests/conftest.py)
    code, token = store.create_session("Culling", "nl", ["q-timeline-annex-iii-date"])
    answering = Answering(code)
    answering.start()
    contexts = []
    try:
        pages = {}
        for name in ("closed", "open"):
            context, page = _new_page(browser, app)
            contexts.append(context)
            page.goto(f"{app.url}/voila/render/{DASHBOARD}?code={code}&token={token}")
            wait_rendered(page)
            page.get_by_text("deelnemers").first.wait_for()
            pages[name] = page
        kernels = {name: _kernel_id(page) for name, page in pages.items()}
        assert kernels["closed"] != kernels["open"]
        for name, kid in kernels.items():
            model = _kernel(app, kid)
            assert model is not None and model["connections"] >= 1, (
                f"the {name} dashboard's kernel: {model}\n--- server log ---\n{app.log()[-6000:]}"
            )

        pages["closed"].context.close()
        closed_at = time.monotonic()
        while (model := _kernel(app, kernels["closed"])) is not None:
            waited = time.monotonic() - closed_at
            assert waited < BOUND + SHUTDOWN_SLACK, (
                f"kernel of the closed dashboard still there after {waited:.0f} s "
                f"(bound {BOUND} s): {model}"
            )
            time.sleep(0.5)

        # the open dashboard: still connected, still updating, for more than a culling period
        # after the closed one went; meanwhile answers keep arriving
        until = time.monotonic() + BOUND + 2 * CULL_INTERVAL
        while time.monotonic() < until:
            model = _kernel(app, kernels["open"])
            assert model is not None, "the open dashboard's kernel was culled"
            assert model["connections"] >= 1
            time.sleep(1)
        answering.stop.set()
        answering.join(10)
        assert answering.count > 0
        pages["open"].get_by_text(f"{answering.count} deelnemers").first.wait_for()
        assert _kernel(app, kernels["open"]) is not None
        # the pool's kernel waited unconnected for all that time and is still there
        assert pool_pids <= _kernel_pids(app)
    finally:
        answering.stop.set()
        answering.join(10)
        for context in contexts:
            context.close()
        store.delete_session(code, token)
        store.close()
