"""Helpers for browser tests: waiting for a Voila page, axe, local URLs."""

from __future__ import annotations

from urllib.parse import urlsplit

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

# Debian's Chromium, headless; without the background-networking flags it keeps trying hosts
# that this machine's closed network refuses. Used by the browser tests, the hub test and bench/.
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


# What is still missing when a page does not finish rendering (for the failure message).
RENDER_STATE_JS = """() => {
  const cells = document.getElementById('rendered_cells');
  const outs = cells ? Array.from(cells.querySelectorAll('.jp-OutputArea-output')) : [];
  return {
    loading: !!document.getElementById('loading'),
    cells_hidden: !cells || cells.style.display === 'none',
    unrendered_scripts: cells ? cells.querySelectorAll(
      'script[type="application/vnd.voila.cell-output+json"]').length : -1,
    outputs: outs.length,
    empty_outputs: outs.filter(o => o.childElementCount === 0).length,
    loading_text: (document.getElementById('loading_text') || {}).textContent || null,
  };
}"""


def wait_rendered(page, timeout_ms: int = TIMEOUT_MS) -> None:
    """Wait until a Voila page has rendered all cells and widgets (no-op for other pages).

    On a timeout, fails with what was still missing (loading screen, unrendered outputs,
    empty widget outputs) instead of a bare Playwright timeout."""
    page.wait_for_load_state("load")
    if not page.locator("#rendered_cells").count():
        return
    try:
        page.wait_for_function(RENDERED_JS, timeout=timeout_ms)
    except PlaywrightTimeoutError:
        try:
            state = page.evaluate(RENDER_STATE_JS)
        except PlaywrightError as exc:  # the page itself is gone
            state = f"page not readable: {exc}"
        raise AssertionError(
            f"{page.url} did not finish rendering within {timeout_ms / 1000:.0f} s: {state}"
        ) from None


def is_local(url: str) -> bool:
    """True for URLs of the app itself (127.0.0.1) and for data:, blob:, about: URLs."""
    parts = urlsplit(url)
    return parts.scheme in LOCAL_SCHEMES or parts.hostname in LOCAL_HOSTS


def axe_violations(page) -> list[dict]:
    """axe-core's violations on the page for the WCAG 2.0/2.1/2.2 A+AA and best-practice tags."""
    options = {"runOnly": {"type": "tag", "values": AXE_TAGS}}
    return Axe().run(page, options=options).response["violations"]


def format_violations(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        targets = ", ".join(str(n.get("target")) for n in v["nodes"][:5])
        count = len(v["nodes"])
        lines.append(f"{v['id']} ({v['impact']}, {count} node(s)): {v['help']} [{targets}]")
    return "\n".join(lines)
