"""Helpers for browser tests: waiting for a Voila page, axe, local URLs."""

from __future__ import annotations

from urllib.parse import urlsplit

from axe_playwright_python.sync_playwright import Axe

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


def wait_rendered(page) -> None:
    """Wait until a Voila page has rendered all cells and widgets (no-op for other pages)."""
    page.wait_for_load_state("load")
    if page.locator("#rendered_cells").count():
        page.wait_for_function(RENDERED_JS, timeout=TIMEOUT_MS)


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
