"""The course notebooks follow the lesson conventions (content/data/lessons.yaml).

Parametrised over every lesson in ``content/data/lessons.yaml`` and both languages, so a lesson
added
to the outline is checked as soon as it is listed. A lesson whose notebook does not exist yet
FAILS (the course is expected to be complete); nothing here is skipped.

Checked per lesson: both notebooks exist and are stripped; metadata (lang, title, kernelspec);
the first code cell is the page navigation; title, learning objectives (3-5), estimated time
equal to ``minutes``, key points, at least one interactive element; nl and en are structurally
identical; every date written in Markdown is a milestone date of the timeline data; code cells
hold only short calls into ``aiact_kit`` with ids, topics and settings, never a literal answer,
a sentence or a date; every ``show(kind, where=...)`` selects at least one item.
"""

from __future__ import annotations

import ast
import json
import re
from datetime import date
from pathlib import Path

import pytest

from aiact_kit.content import default_content
from aiact_kit.content.schema.base import LANGS
from aiact_kit.content.schema.questions import TOPICS
from aiact_kit.engines.course import lesson_label, notebook_metadata_problems, outline

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "notebooks"

CONTENT = default_content()
LESSONS = outline(CONTENT, NOTEBOOKS).lessons()
LESSON_IDS = [item.id for item in LESSONS]

# Calls that give the learner something to do (not just something to read).
INTERACTIVE = {"quiz", "decision_aid", "case_exercise", "timeline_explorer", "order_milestones"}

LABELS = {
    "nl": {"objectives": "Leerdoelen", "time": "Geschatte tijd", "unit": "minuten"},
    "en": {"objectives": "Learning objectives", "time": "Estimated time", "unit": "minutes"},
}
KEY_POINTS = {"nl": "Kernpunten", "en": "Key points"}


# -- helpers ----------------------------------------------------------------------------------
def _path(item, lang: str) -> Path:
    return NOTEBOOKS / item.notebook.get(lang)


def _load(item, lang: str) -> dict:
    path = _path(item, lang)
    assert path.is_file(), (
        f"{item.id}: notebook {item.notebook.get(lang)} does not exist yet "
        f"(every lesson of content/data/lessons.yaml must exist in nl and en)"
    )
    return json.loads(path.read_text(encoding="utf-8"))


def _src(cell: dict) -> str:
    src = cell["source"]
    return "".join(src) if isinstance(src, list) else src


def _markdown(nb: dict) -> list[str]:
    return [_src(c) for c in nb["cells"] if c["cell_type"] == "markdown"]


def _code(nb: dict) -> list[str]:
    return [_src(c) for c in nb["cells"] if c["cell_type"] == "code"]


def _calls(source: str) -> list[ast.Call]:
    return [n for n in ast.walk(ast.parse(source)) if isinstance(n, ast.Call)]


def _call_names(nb: dict) -> set[str]:
    names = set()
    for source in _code(nb):
        for call in _calls(source):
            if isinstance(call.func, ast.Name):
                names.add(call.func.id)
    return names


def _bullets(block: str) -> list[str]:
    return [ln for ln in block.splitlines() if re.match(r"^\s*(?:[-*+]|\d+\.)\s+\S", ln)]


def _section(text: str, label: str) -> str | None:
    """The text after a bold label (``**Leerdoelen**``) or heading (``## Kernpunten``), up to the
    next bold label or heading; None when the label is absent."""
    m = re.search(
        rf"(?:^|\n)(?:\*\*{re.escape(label)}[.:]?\*\*[.:]?|#+\s*{re.escape(label)}\s*)(.*?)"
        rf"(?=\n\*\*[^*\n]+\*\*|\n#|\Z)",
        text,
        flags=re.S,
    )
    return m.group(1) if m else None


# -- dates ------------------------------------------------------------------------------------
MONTHS = {
    "nl": [
        "januari", "februari", "maart", "april", "mei", "juni",
        "juli", "augustus", "september", "oktober", "november", "december",
    ],
    "en": [
        "january", "february", "march", "april", "may", "june",
        "july", "august", "september", "october", "november", "december",
    ],
}  # fmt: skip
ABBREVIATIONS = {
    "jan": 1, "feb": 2, "mrt": 3, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "sept": 9, "okt": 10, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
MONTH_NUMBER = {name: i + 1 for names in MONTHS.values() for i, name in enumerate(names)}
MONTH_NUMBER.update(ABBREVIATIONS)
_MONTH_RE = "|".join(sorted(MONTH_NUMBER, key=len, reverse=True))
DAY_MONTH_YEAR = re.compile(rf"\b(\d{{1,2}})\s+({_MONTH_RE})\.?\s+(\d{{4}})\b", re.I)
MONTH_DAY_YEAR = re.compile(rf"\b({_MONTH_RE})\.?\s+(\d{{1,2}}),?\s+(\d{{4}})\b", re.I)
ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
NUMERIC_DATE = re.compile(r"\b(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})\b")


def dates_in(text: str) -> list[tuple[str, date | None]]:
    """Every calendar date written in ``text`` as (the text found, the date or None when it is
    not a valid date)."""
    found: list[tuple[str, date | None]] = []

    def add(raw: str, y: str, m: int, d: str) -> None:
        try:
            found.append((raw, date(int(y), m, int(d))))
        except ValueError:
            found.append((raw, None))

    for m in DAY_MONTH_YEAR.finditer(text):
        add(m.group(0), m.group(3), MONTH_NUMBER[m.group(2).lower()], m.group(1))
    for m in MONTH_DAY_YEAR.finditer(text):
        add(m.group(0), m.group(3), MONTH_NUMBER[m.group(1).lower()], m.group(2))
    for m in ISO_DATE.finditer(text):
        add(m.group(0), m.group(1), int(m.group(2)), m.group(3))
    for m in NUMERIC_DATE.finditer(text):
        add(m.group(0), m.group(3), int(m.group(2)), m.group(1))
    return found


def milestone_dates() -> set[date]:
    out = set()
    for m in CONTENT.kind("timeline"):
        out.update(d for d in (m.date_original, m.date_amended) if d is not None)
    return out


# -- what a code cell may contain -------------------------------------------------------------
ID_LIKE = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
SETTINGS = {"top", "bottom", "amended", "original"}
# keyword arguments whose strings are free labels or filters, not content ids
FREE = {"where", "quiz_id"}


def known_words() -> set[str]:
    words = set(LANGS) | set(TOPICS) | set(CONTENT.items) | SETTINGS
    for items in CONTENT.items.values():
        words.update(items)
    return words


KNOWN = known_words()


def literal_problems(source: str) -> list[str]:
    """Why a code cell is more than thin calls: statements other than ``from aiact_kit import``
    and calls of imported names; strings that are not a known id, topic, kind, language or
    setting (a sentence or an answer); anything that looks like a date."""
    problems: list[str] = []
    try:
        tree = ast.parse(source)
    except SyntaxError as err:
        return [f"syntax error: {err}"]
    for stmt in tree.body:
        if isinstance(stmt, ast.ImportFrom) and stmt.module == "aiact_kit":
            continue
        if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call):
            if not isinstance(stmt.value.func, ast.Name):
                problems.append(f"call of {ast.unparse(stmt.value.func)}: only plain names")
            continue
        problems.append(f"statement {ast.unparse(stmt)[:60]!r}: only imports and calls")
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            value = node.value
            if dates_in(value) or re.search(r"\d{4}", value):
                problems.append(f"string {value!r} looks like a date")
            elif not ID_LIKE.match(value):
                problems.append(f"string {value!r} is not an id, topic or setting")
        elif isinstance(node, ast.Constant) and isinstance(node.value, (int, float)):
            if not isinstance(node.value, bool) and node.value >= 1000:
                problems.append(f"number {node.value!r} looks like a year")
        elif isinstance(node, ast.Call):
            for arg in [*node.args, *(k.value for k in node.keywords if k.arg not in FREE)]:
                for const in ast.walk(arg):
                    value = getattr(const, "value", None)
                    if isinstance(value, str) and ID_LIKE.match(value) and value not in KNOWN:
                        problems.append(f"{value!r} is not a known id or topic")
    return problems


def empty_selections(source: str) -> list[str]:
    """``show(kind, ids=..., where=...)`` calls that would show nothing."""
    problems = []
    for call in _calls(source):
        if not (isinstance(call.func, ast.Name) and call.func.id in ("show", "glossary")):
            continue
        kw = {k.arg: ast.literal_eval(k.value) for k in call.keywords if k.arg != "lang"}
        kind = ast.literal_eval(call.args[0]) if call.args else "glossary"
        items = CONTENT.kind(kind)
        if kw.get("ids") is not None:
            items = [i for i in items if i.id in kw["ids"]]
        if kw.get("where"):
            items = [
                i for i in items if all(getattr(i, k, None) == v for k, v in kw["where"].items())
            ]
        if not items:
            problems.append(f"{ast.unparse(call)} selects no item")
    return problems


def _normalised(source: str) -> str:
    return re.sub(r"""lang\s*=\s*["'](nl|en)["']""", "lang=LANG", source)


# -- the tests ----------------------------------------------------------------------------------
def test_outline_lists_the_whole_course():
    numbers = [item.number for item in LESSONS]
    assert numbers == list(range(13)), numbers


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("lesson_id", LESSON_IDS)
def test_notebook_exists_with_metadata(lesson_id, lang):
    item = CONTENT.get(lesson_id, "lessons")
    nb = _load(item, lang)
    rel = item.notebook.get(lang)
    assert notebook_metadata_problems(_path(item, lang), rel, CONTENT) == []
    assert nb["metadata"]["kernelspec"]["name"] == "python3"
    assert nb["metadata"]["language_info"]["name"] == "python"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("lesson_id", LESSON_IDS)
def test_notebook_is_stripped(lesson_id, lang):
    nb = _load(CONTENT.get(lesson_id, "lessons"), lang)
    assert "widgets" not in nb["metadata"], "widget state must not be committed"
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [], f"outputs in cell {cell.get('id')}"
            assert cell["execution_count"] is None, f"execution count in cell {cell.get('id')}"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("lesson_id", LESSON_IDS)
def test_first_code_cell_is_page_navigation(lesson_id, lang):
    nb = _load(CONTENT.get(lesson_id, "lessons"), lang)
    first = nb["cells"][0]
    assert first["cell_type"] == "code", "the first cell is the page navigation"
    navs = [c for c in _calls(_src(first)) if getattr(c.func, "id", None) == "page_nav"]
    assert len(navs) == 1
    call = navs[0]
    assert [ast.literal_eval(a) for a in call.args] == [lesson_id]
    kw = {k.arg: ast.literal_eval(k.value) for k in call.keywords}
    assert kw.get("lang") == lang
    assert kw.get("place", "top") == "top"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("lesson_id", LESSON_IDS)
def test_title_objectives_time_key_points(lesson_id, lang):
    item = CONTENT.get(lesson_id, "lessons")
    nb = _load(item, lang)
    markdown = _markdown(nb)
    assert markdown, "a lesson has Markdown"
    intro = markdown[0]
    assert intro.startswith(f"# {lesson_label(item, lang)}\n"), intro.splitlines()[0]

    objectives = _section(intro, LABELS[lang]["objectives"])
    assert objectives is not None, f"no **{LABELS[lang]['objectives']}** in the first Markdown cell"
    assert 3 <= len(_bullets(objectives)) <= 5, _bullets(objectives)

    label, unit = LABELS[lang]["time"], LABELS[lang]["unit"]
    times = re.findall(rf"\*\*{label}:?\*\*:?\s*(\d+)\s*{unit}\b", intro)
    assert times == [str(item.minutes)], f"{label} must equal lessons.yaml minutes ({item.minutes})"

    closing = markdown[-1]
    points = _section(closing, KEY_POINTS[lang])
    assert points is not None, f"the last Markdown cell holds the {KEY_POINTS[lang]}"
    assert len(_bullets(points)) >= 2


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("lesson_id", LESSON_IDS)
def test_has_an_interactive_element(lesson_id, lang):
    nb = _load(CONTENT.get(lesson_id, "lessons"), lang)
    assert _call_names(nb) & INTERACTIVE, f"none of {sorted(INTERACTIVE)} is called"


@pytest.mark.parametrize("lesson_id", LESSON_IDS)
def test_nl_and_en_are_structurally_identical(lesson_id):
    item = CONTENT.get(lesson_id, "lessons")
    nl, en = _load(item, "nl"), _load(item, "en")
    assert [c["cell_type"] for c in nl["cells"]] == [c["cell_type"] for c in en["cells"]]
    assert [_normalised(s) for s in _code(nl)] == [_normalised(s) for s in _code(en)]
    for a, b in zip(_markdown(nl), _markdown(en), strict=True):
        heads_a = [len(h) for h in re.findall(r"^(#+)\s", a, flags=re.M)]
        heads_b = [len(h) for h in re.findall(r"^(#+)\s", b, flags=re.M)]
        assert heads_a == heads_b, f"headings differ:\n{a[:80]}\n{b[:80]}"
    for lang_nb, lang in ((nl, "nl"), (en, "en")):
        for source in _code(lang_nb):
            for call in _calls(source):
                for k in call.keywords:
                    if k.arg == "lang":
                        assert ast.literal_eval(k.value) == lang, ast.unparse(call)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("lesson_id", LESSON_IDS)
def test_dates_in_markdown_are_milestones(lesson_id, lang):
    nb = _load(CONTENT.get(lesson_id, "lessons"), lang)
    allowed = milestone_dates()
    wrong = [
        raw
        for text in _markdown(nb)
        for raw, day in dates_in(text)
        if day is None or day not in allowed
    ]
    assert wrong == [], f"dates that are not milestone dates of the timeline: {wrong}"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("lesson_id", LESSON_IDS)
def test_code_cells_are_thin_calls(lesson_id, lang):
    nb = _load(CONTENT.get(lesson_id, "lessons"), lang)
    problems = []
    for source in _code(nb):
        problems += literal_problems(source)
        problems += empty_selections(source)
        if len([ln for ln in source.splitlines() if ln.strip()]) > 4:
            problems.append(f"cell too long: {source[:60]!r}")
    assert problems == []


# -- the checkers themselves can fail ---------------------------------------------------------
def test_date_finder_finds_dates_in_both_languages():
    text = "Vanaf 2 december 2027 en 2 Aug 2028; in English August 2, 2026 or 2026-08-02."
    found = [d for _, d in dates_in(text)]
    assert found == [date(2027, 12, 2), date(2028, 8, 2), date(2026, 8, 2), date(2026, 8, 2)]
    assert dates_in("31 februari 2026")[0][1] is None
    assert dates_in("in 2026 en 25 minuten") == []


def test_date_check_accepts_milestones_and_rejects_others():
    allowed = milestone_dates()
    for milestone in ("new-prohibitions", "annex-iii-high-risk", "public-legacy"):
        assert CONTENT.milestone_date(milestone, "amended") in allowed
    assert CONTENT.milestone_date("annex-iii-high-risk", "original") in allowed
    assert date(2026, 3, 3) not in allowed


def test_literal_checker_rejects_answers_sentences_and_dates():
    assert literal_problems('quiz("definition", lang="nl", limit=8)') == []
    assert literal_problems('show("high_risk", where={"route": "annex-iii"}, lang="en")') == []
    assert literal_problems('print("Het antwoord is B")')  # a sentence
    assert literal_problems('quiz("q-does-not-exist", lang="nl")')  # unknown id
    assert literal_problems('timeline_explorer(lang="nl", day="2027-12-02")')  # a date
    assert literal_problems("x = 1")  # logic, not a call
    assert literal_problems("answer(2027)")  # a year
    assert empty_selections('show("high_risk", where={"route": "annex-iv"}, lang="nl")')
    assert empty_selections('show("high_risk", where={"route": "annex-iii"}, lang="nl")') == []


def test_section_and_bullets_helpers():
    text = "# T\n\n**Leerdoelen**\n\n- a\n- b\n- c\n\n**Geschatte tijd:** 10 minuten"
    assert len(_bullets(_section(text, "Leerdoelen"))) == 3
    assert _section(text, "Kernpunten") is None
