"""A page whose kernel is gone says so (issue 12 item 7): an alert in the page's language with
a reload button, instead of widgets that silently do nothing, and the page passes axe in that
state. Two ways a kernel goes: its process dies (the server restarts a blank kernel that knows
none of the page's widgets), or it is shut down (culled, deleted: the websocket stays closed).
"""

from __future__ import annotations

import json
import os
import signal
import time

import psutil
import pytest
from browser_helpers import wait_rendered
from voila_app import start_app, stop_app

from aiact_kit.engines.workshop import ResultsStore

pytestmark = pytest.mark.browser

QID = "q-timeline-annex-iii-date"
NL_LOST = "De verbinding met de server is verbroken."
EN_LOST = "The connection to the server was lost."


def _kernel_id(page) -> str:
    return json.loads(page.locator("#jupyter-config-data").first.inner_text())["kernelId"]


def _kernel_process(voila_app, kernel_id: str) -> psutil.Process:
    for proc in voila_app.descendants():
        try:
            if any(kernel_id in arg for arg in proc.cmdline()):
                return proc
        except psutil.Error:
            continue
    raise AssertionError(f"no process for kernel {kernel_id}")


def _alert(page):
    return page.get_by_role("alert").filter(has=page.get_by_role("button"))


def _no_alert_yet(page) -> None:
    assert page.locator("#aiact-connection").count() == 1, "the page has no connection alert"
    assert page.locator("#aiact-connection").inner_text().strip() == ""
    assert page.locator("#aiact-connection").get_attribute("role") == "alert"


@pytest.fixture
def store():
    s = ResultsStore()  # the app's database (AIACT_KIT_DATA_DIR from tests/conftest.py)
    yield s
    s.close()


def test_participant_whose_kernel_died_is_told_and_can_reload(
    page_for, axe_check, voila_app, store
):
    code, token = store.create_session("Kernel test", "nl", [QID])
    try:
        page = page_for(f"nl/workshop-deelnemen.ipynb?code={code}")
        page.get_by_label("Pseudoniem").fill("Overlever")
        page.get_by_role("button", name="Doe mee").click()
        page.get_by_text("deelnemer 1").first.wait_for()
        page.get_by_text("2 december 2027").first.click()
        page.get_by_role("button", name="Controleer").click()
        page.get_by_text("Antwoord opgeslagen (1 vraag beantwoord)").wait_for()
        _no_alert_yet(page)

        os.kill(_kernel_process(voila_app, _kernel_id(page)).pid, signal.SIGKILL)

        alert = _alert(page)
        alert.wait_for(timeout=30_000)
        text = alert.inner_text()
        assert NL_LOST in text and "niet opgeslagen" in text
        assert "dezelfde sessiecode en hetzelfde pseudoniem" in text  # the join page
        button = alert.get_by_role("button", name="Pagina opnieuw laden")
        assert button.is_visible()
        assert page.evaluate("document.activeElement.textContent.trim()") == (
            "Pagina opnieuw laden"
        )
        # the dead widgets take no more answers
        assert page.locator(".jupyter-widgets[inert] button", has_text="Controleer").count() > 0
        axe_check(page)
        # the answer given before is stored
        assert [r["question_id"] for r in store.export_rows(code, token)] == [QID]

        button.click()
        wait_rendered(page)
        assert page.get_by_label("Pseudoniem").is_visible()
        _no_alert_yet(page)
    finally:
        store.delete_session(code, token)


def test_page_whose_kernel_was_shut_down_says_so_in_english(page_for, axe_check):
    page = page_for("en/00-welcome.ipynb")
    _no_alert_yet(page)
    # shut the kernel down through the server's kernels API (as the culler would): the page
    # sets a double-submit XSRF cookie of its own, since the Voila page sets none
    status = page.evaluate(
        """async (kernelId) => {
          const xsrf = '5e1ec7ed'.repeat(4);
          document.cookie = `_xsrf=${xsrf}; path=/`;
          const r = await fetch(`/api/kernels/${kernelId}`, {
            method: 'DELETE', headers: {'X-XSRFToken': xsrf}});
          return r.status;
        }""",
        _kernel_id(page),
    )
    assert status == 204
    started = time.monotonic()
    alert = _alert(page)
    alert.wait_for(timeout=45_000)
    assert time.monotonic() - started < 45
    text = alert.inner_text()
    assert EN_LOST in text and "were not saved" in text
    assert "workshop" not in text  # not the join page
    assert alert.get_by_role("button", name="Reload the page").is_visible()
    axe_check(page)


@pytest.mark.slow
def test_page_of_a_stopped_server_says_so(page, axe_check, tmp_path):
    """A second app, stopped while its page is open: the websocket closes and JupyterLab's
    reconnection fails, so after the reconnection grace the page says the connection is lost."""
    app = start_app(tmp_path, preheat=False)
    try:
        page.goto(app.url + "/voila/render/nl/00-welkom.ipynb")
        wait_rendered(page)
        _no_alert_yet(page)
    finally:
        leftovers = stop_app(app)
    assert not leftovers, leftovers
    alert = _alert(page)
    alert.wait_for(timeout=60_000)
    assert NL_LOST in alert.inner_text()
    assert "workshop" not in alert.inner_text()
    assert alert.get_by_role("button", name="Pagina opnieuw laden").is_visible()
    axe_check(page)
