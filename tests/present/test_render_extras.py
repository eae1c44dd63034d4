"""Rendering used by the lessons: a heading per Annex III area, and the date of a milestone."""

from __future__ import annotations

import re
from html import escape

from aiact_kit.present.render import items_html


def _headings(html: str) -> list[str]:
    return re.findall(r'<h3 class="aiact-group">(.*?)</h3>', html)


def test_one_heading_per_annex_iii_area_in_order(content):
    for lang in ("nl", "en"):
        html = items_html("high_risk", lang=lang, where={"route": "annex-iii"}, content=content)
        heads = _headings(html)
        assert [h.split(".", 1)[0] for h in heads] == [str(n) for n in range(1, 9)]
        area5 = content.get("hr-iii-5a", "high_risk").area_title.get(lang)
        assert heads[4] == escape(f"5. {area5}")
        # the heading comes before the first item of its area
        assert html.index(heads[4]) < html.index('id="aiact-hr-iii-5a"')
        assert html.index('id="aiact-hr-iii-4b"') < html.index(heads[4])


def test_no_heading_for_items_without_area(content):
    html = items_html("high_risk", ["hr-6-1-two-conditions", "hr-27-fria"], "nl", content=content)
    assert _headings(html) == []
    html = items_html("prohibited", lang="en", content=content)
    assert _headings(html) == []


def test_single_item_of_an_area_gets_its_heading(content):
    html = items_html("high_risk", ["hr-iii-8b"], "en", content=content)
    assert _headings(html) == [escape(f"8. {content.get('hr-iii-8b', 'high_risk').area_title.en}")]


def test_milestones_show_their_date_and_the_original_when_it_moved(content):
    html = items_html("timeline", ["annex-iii-high-risk"], "nl", content=content)
    assert "— 2 december 2027 (oorspronkelijk 2 augustus 2026)" in html
    html = items_html("timeline", ["chapters-i-ii", "new-prohibitions"], "en", content=content)
    assert "— 2 February 2025</span>" in html  # same date in both versions: no bracket
    assert "— 2 December 2026 (only in the amended text)" in html
    html = items_html(
        "timeline", ["annex-iii-high-risk"], "en", content=content, version="original"
    )
    assert "— 2 August 2026</span>" in html


def test_items_that_are_not_milestones_get_no_date_line(content):
    assert "aiact-when" not in items_html("prohibited", ["p-5-1-ba"], "nl", content=content)


def test_status_note_names_each_status():
    from aiact_kit.present.render import status_html

    assert status_html("confirmed", "nl") == ""
    assert "secundaire bronnen" in status_html("reported", "nl")
    assert "Reported in secondary sources" in status_html("reported", "en")
    nl = status_html("not-confirmed", "nl")
    en = status_html("not-confirmed", "en")
    assert "(Niet bevestigd)" in nl and "secundaire" not in nl
    assert "(Not confirmed)" in en and "secondary" not in en


def test_not_confirmed_item_shows_its_own_label(content):
    item = content.get("pen-nl-public-bodies", "penalties")
    html = items_html("penalties", [item.id], "en", content)
    assert item.status == "not-confirmed"
    assert "(Not confirmed)" in html and "secondary sources" not in html
