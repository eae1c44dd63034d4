"""The facilitator guide (docs/facilitator-guide.md) and its Dutch version
(docs/handleiding-begeleider.md): parallel structure, real case ids, worksheets and lessons,
agendas whose timings add up, and no calendar date that is not a milestone date."""

from __future__ import annotations

import re
from datetime import date

import pytest
from kitroot import ROOT

GUIDES = {"en": ROOT / "docs/facilitator-guide.md", "nl": ROOT / "docs/handleiding-begeleider.md"}
MONTHS = {
    "en": "january february march april may june july august september october november december",
    "nl": "januari februari maart april mei juni juli augustus september oktober november december",
}
LESSON_WORD = {"en": "Lesson", "nl": "Les"}


def _text(lang: str) -> str:
    return GUIDES[lang].read_text(encoding="utf-8")


def _structure(text: str) -> list[str]:
    """Heading levels, table rows and code fences, in order."""
    out = []
    for line in text.splitlines():
        if line.startswith("#"):
            out.append(line.split(" ")[0])
        elif line.startswith("|"):
            out.append("|row")
        elif line.startswith("```"):
            out.append("```")
    return out


def test_both_guides_exist_and_link_each_other():
    assert "handleiding-begeleider.md" in _text("en")
    assert "facilitator-guide.md" in _text("nl")


def test_the_guides_are_structurally_parallel():
    assert _structure(_text("en")) == _structure(_text("nl"))


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_every_case_id_is_real_and_every_case_is_placed(content, lang):
    text = _text(lang)
    mentioned = set(re.findall(r"\bcase-[a-z0-9-]+[a-z0-9]", text))
    known = {c.id for c in content.kind("cases")}
    assert mentioned, "the guide names no case"
    assert mentioned <= known, sorted(mentioned - known)
    assert known <= mentioned, f"cases without advice: {sorted(known - mentioned)}"


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_cases_said_to_be_in_lesson_8_and_worksheet_01_are_the_ones_they_use(lang):
    text = _text(lang)
    lesson8 = (ROOT / "notebooks").glob(f"{lang}/08-*.ipynb")
    used = set()
    for path in lesson8:
        used |= set(
            re.findall(r'case_(?:exercise|card|solution)\(\\"(case-[a-z0-9-]+)', path.read_text())
        )
    sheet = (ROOT / "worksheets" / lang / "01-classify-cases.md").read_text(encoding="utf-8")
    in_sheet = set(re.findall(r'case_card\("(case-[a-z0-9-]+)"', sheet))
    assert used and in_sheet and not used & in_sheet
    marker = "Worksheet 01 uses" if lang == "en" else "Werkblad 01 gebruikt"
    paragraph = text[text.index(marker) :].split("\n\n")[0]
    sheet_part, lesson_part = re.split(r"lesson 8 itself uses|les 8 zelf gebruikt", paragraph)
    assert set(re.findall(r"case-[a-z0-9-]+[a-z0-9]", sheet_part)) == in_sheet
    named = set(re.findall(r"case-[a-z0-9-]+[a-z0-9]", lesson_part))
    assert used <= named


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_every_lesson_has_notes(lang):
    headings = re.findall(rf"^### {LESSON_WORD[lang]} (\d+) ", _text(lang), flags=re.M)
    assert [int(n) for n in headings] == list(range(13))


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_named_worksheets_and_workshop_pages_exist(lang):
    text = _text(lang)
    word = "worksheet" if lang == "en" else "werkblad"
    for number in set(re.findall(rf"{word} (\d\d)", text, flags=re.I)):
        assert list((ROOT / "worksheets" / lang).glob(f"{number}-*.md")), number
    for name in ("join_session", "facilitator_dashboard", "build-exercises", "final_test_ids"):
        assert name in text


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_no_calendar_date_that_is_not_a_milestone_date(content, lang):
    milestone_dates = set()
    for m in content.kind("timeline"):
        milestone_dates |= {d for d in (m.date_original, m.date_amended) if d}
    text = _text(lang)
    months = MONTHS[lang].split()
    found = []
    for day, month, year in re.findall(
        rf"\b(\d{{1,2}}) ({'|'.join(months)}) (\d{{4}})\b", text, flags=re.I
    ):
        found.append(date(int(year), months.index(month.lower()) + 1, int(day)))
    for iso in re.findall(r"\b\d{4}-\d{2}-\d{2}\b", text):
        found.append(date.fromisoformat(iso))
    assert set(found) <= milestone_dates, sorted(set(found) - milestone_dates)


def _agendas(text: str) -> list[list[tuple[int, int, str]]]:
    """Every agenda table as (start minute, minutes, what) rows."""
    tables, current = [], []
    for line in text.splitlines():
        m = re.match(r"^\| (\d+):(\d\d) \| (\d+) \| (.*?) \|", line)
        if m:
            current.append((int(m[1]) * 60 + int(m[2]), int(m[3]), m[4]))
        elif current:
            tables.append(current)
            current = []
    if current:
        tables.append(current)
    return tables


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_agenda_timings_add_up(lang):
    two_hours, half_day = _agendas(_text(lang))
    for table in (two_hours, half_day):
        assert table[0][0] == 0
        for (start, minutes, what), (next_start, _, _) in zip(table, table[1:], strict=False):
            assert start + minutes == next_start, what
    end = two_hours[-1][0] + two_hours[-1][1]
    assert end == 120
    end = half_day[-1][0] + half_day[-1][1]
    assert 210 <= end <= 270
    breaks = [row for row in half_day if "**" in row[2]]
    assert len(breaks) >= 2
