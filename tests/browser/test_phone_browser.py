"""Phone-sized screens (issue 15), measured at 390 px wide in Chromium: no page scrolls
sideways, the timeline becomes a text-first vertical list whose text is at least 12 px (the
chart image, whose labels would shrink to a few pixels, is hidden), and the pages stay
axe-clean."""

from __future__ import annotations

import pytest

PHONE = {"width": 390, "height": 844}

OVERFLOW_JS = """() => {
  const width = document.documentElement.clientWidth;
  const wide = Array.from(document.querySelectorAll('#rendered_cells *'))
    .filter(e => e.getBoundingClientRect().right > width + 1 && e.offsetParent !== null
                 && !e.closest('.aiact-table-scroll, .aiact-scroll, table'))
    .slice(0, 5).map(e => e.tagName + '.' + e.className);
  return {scroll: document.documentElement.scrollWidth, width, wide};
}"""

SMALL_TEXT_JS = """(root) => Array.from(root.querySelectorAll('*'))
  .filter(e => e.offsetParent !== null
    && Array.from(e.childNodes).some(n => n.nodeType === 3 && n.textContent.trim()))
  .map(e => [e.tagName, parseFloat(getComputedStyle(e).fontSize)])
  .filter(([, size]) => size < 12)"""


@pytest.mark.parametrize(
    "path",
    ["nl/index.ipynb", "en/index.ipynb", "nl/01-wat-is-een-ai-systeem.ipynb", "nl/tijdlijn.ipynb"],
)
def test_no_page_scrolls_sideways_at_390px(path, page, page_for, axe_check):
    page.set_viewport_size(PHONE)
    page = page_for(path)
    state = page.evaluate(OVERFLOW_JS)
    assert state["scroll"] <= state["width"], state
    axe_check(page)


def test_timeline_is_a_readable_vertical_list_at_390px(page, page_for):
    page.set_viewport_size(PHONE)
    page = page_for("nl/tijdlijn.ipynb")
    chart = page.locator(".aiact-timeline-chart").first
    assert chart.locator("img").evaluate("i => getComputedStyle(i).display") == "none"
    items = chart.locator(".aiact-vtimeline li")
    assert items.count() >= 8 and items.first.is_visible()
    assert chart.evaluate(SMALL_TEXT_JS) == []


def test_timeline_chart_shows_on_a_wide_screen(page, page_for):
    page.set_viewport_size({"width": 1280, "height": 900})
    page = page_for("nl/tijdlijn.ipynb")
    chart = page.locator(".aiact-timeline-chart").first
    assert chart.locator("img").is_visible()
    assert not chart.locator(".aiact-vtimeline").is_visible()
