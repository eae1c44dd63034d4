"""The kit's own worksheets (worksheets/<lang>/*.md) and the helpers their cells call.

- every worksheet exists in nl and en under the same name, with the same structure and the same
  code (after normalising the lang argument);
- an exercise notebook never calls an answer helper, a solution notebook shows every answer;
- the answer helpers give the answer that the content and the engines hold (a wrong option is
  never shown as right), the task helpers never reveal it;
- every code cell of every built notebook runs (the ids, milestones and kinds it names exist);
- bad input gives a clear error.
"""

from __future__ import annotations

import ast
import json
import re
from datetime import date, timedelta
from html import escape as escape_html
from html import unescape

import pytest
from kitroot import ROOT

from aiact_kit.engines.quiz import right_answer
from aiact_kit.engines.timeline import TimelineError, applies_on
from aiact_kit.engines.worksheets import build, check, parse, plan
from aiact_kit.widgets import worksheet as ws
from aiact_kit.widgets import worksheet_cases as cases
from aiact_kit.widgets.timeline import result_html

SHEETS = ROOT / "worksheets"
ANSWER_HELPERS = {"question_answer", "applies_answer", "case_solution", "checklist_answer"}
TASK_HELPERS = {"question_card", "applies_question", "case_card", "checklist"}
NAMES = sorted(p.name for p in (SHEETS / "nl").glob("*.md"))


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html))).strip()


def _list_items(html: str) -> list[str]:
    return [_text(li) for li in re.findall(r"<li>(.*?)</li>", html, flags=re.S)]


def _calls(code: str) -> list[ast.Call]:
    return [
        n
        for n in ast.walk(ast.parse(code))
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)
    ]


def _notebook_code(path) -> list[str]:
    nb = json.loads(path.read_text(encoding="utf-8"))
    return [c["source"] for c in nb["cells"] if c["cell_type"] == "code"]


# -- the worksheet files --------------------------------------------------------------------------
def test_there_are_worksheets_for_cases_dates_and_roles():
    assert {"01-classify-cases.md", "02-which-rules-when.md", "03-role-puzzles.md"} <= set(NAMES)
    assert sorted(p.name for p in (SHEETS / "en").glob("*.md")) == NAMES


@pytest.mark.parametrize("name", NAMES)
def test_nl_and_en_worksheets_are_structurally_identical(name):
    meta_nl, nl = parse(SHEETS / "nl" / name)
    meta_en, en = parse(SHEETS / "en" / name)
    assert (meta_nl["lang"], meta_en["lang"]) == ("nl", "en")
    assert meta_nl["title"] != meta_en["title"]  # translated
    assert [(b.kind, b.only) for b in nl] == [(b.kind, b.only) for b in en]
    for a, b in zip(nl, en, strict=True):
        if a.kind == "code":
            assert a.text.replace('lang="nl"', 'lang="en"') == b.text


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_code_cells_pass_the_worksheet_language_and_no_literal_dates(name, lang):
    _, blocks = parse(SHEETS / lang / name)
    for block in blocks:
        if block.kind != "code":
            continue
        assert not re.search(r"\d{4}-\d{2}-\d{2}", block.text), block.text
        for call in _calls(block.text):
            if call.func.id in ANSWER_HELPERS | TASK_HELPERS:
                kw = {k.arg: k.value for k in call.keywords}
                assert isinstance(kw.get("lang"), ast.Constant), block.text
                assert kw["lang"].value == lang


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_task_has_its_answer_only_in_the_solution(name, lang):
    _, blocks = parse(SHEETS / lang / name)
    tasks, answers = [], []
    for block in blocks:
        if block.kind != "code":
            continue
        for call in _calls(block.text):
            args = ast.dump(ast.Tuple(elts=call.args, ctx=ast.Load())) + repr(
                sorted((k.arg, ast.dump(k.value)) for k in call.keywords)
            )
            if call.func.id in TASK_HELPERS:
                assert block.only is None, "a task belongs in both notebooks"
                tasks.append((call.func.id, args))
            elif call.func.id in ANSWER_HELPERS:
                assert block.only == "solution", "an answer belongs in the solution only"
                answers.append((call.func.id, args))
    pair = {"question_card": "question_answer", "applies_question": "applies_answer"}
    pair["case_card"] = "case_solution"
    pair["checklist"] = "checklist_answer"
    assert tasks, "a worksheet without tasks"
    assert sorted((pair[f], a) for f, a in tasks) == sorted(answers)


def test_built_notebooks_are_current_and_split_correctly():
    assert check(ROOT) == []
    for path in plan(ROOT):
        code = "\n".join(_notebook_code(path)) if path.exists() else ""
        used = {c.func.id for c in _calls(code)}
        if path.parts[-3] == "exercises":
            assert not used & ANSWER_HELPERS, path
            assert used & TASK_HELPERS, path
        else:
            assert used & ANSWER_HELPERS, path


def test_build_into_a_copy_gives_the_committed_notebooks(tmp_path):
    for lang in ("nl", "en"):
        (tmp_path / "worksheets" / lang).mkdir(parents=True)
        for name in NAMES:
            src = SHEETS / lang / name
            (tmp_path / "worksheets" / lang / name).write_text(src.read_text(encoding="utf-8"))
    build(tmp_path)
    for path in plan(ROOT):
        rel = path.relative_to(ROOT)
        assert (tmp_path / rel).read_text(encoding="utf-8") == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("path", sorted(plan(ROOT)), ids=lambda p: "/".join(p.parts[-3:]))
def test_every_code_cell_of_the_built_notebooks_runs(path):
    from ipywidgets import DOMWidget

    from aiact_kit.present.static import StaticHTML

    namespace: dict = {}
    for code in _notebook_code(path):
        exec(compile(code, str(path), "exec"), namespace)
        last = ast.parse(code).body[-1]
        if isinstance(last, ast.Expr) and isinstance(last.value, ast.Call):
            shown = eval(compile(ast.Expression(last.value), "<cell>", "eval"), namespace)
            assert isinstance(shown, (DOMWidget, StaticHTML))  # interactive, or static HTML


# -- quiz questions as worksheet tasks -------------------------------------------------------------
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_question_answers_show_the_right_options_and_never_a_wrong_one(content, lang):
    checked = 0
    for q in content.kind("questions"):
        if q.type not in ("single", "multiple"):
            continue
        html = ws.question_answer_html(q.id, lang)
        shown = _list_items(html.split("</ul>")[0])
        right = right_answer(q, content)
        right = {right} if isinstance(right, str) else set(right)
        texts = {o.id: _text(content.render(o.text, lang)) for o in q.options}
        right_texts = {texts[i] for i in right}
        assert sorted(shown) == sorted(texts[i] for i in right), q.id
        for option_id, text in texts.items():
            if option_id not in right and text not in right_texts:
                assert text not in shown, (q.id, option_id)
        checked += 1
    assert checked > 50


def test_true_false_and_scenario_answers(content):
    q = content.get("q-roles-had-developed", "questions")
    assert q.answer is True
    html = ws.question_answer_html(q.id, "en")
    assert _list_items(html)[0] == "True"
    html = ws.question_answer_html("q-roles-scenario-chatbot", "en")
    items = _list_items(html)
    sc = content.get("q-roles-scenario-chatbot", "questions")
    for part in sc.parts:
        right = next(o for o in part.options if o.correct)
        line = f"{part.label.en} \u2192 {right.text.en}"
        assert line in items
        for wrong in (o for o in part.options if not o.correct):
            assert f"{part.label.en} \u2192 {wrong.text.en}" not in items


def test_ordering_answer_follows_the_timeline(content):
    html = ws.question_answer_html("q-timeline-order-amended", "en")
    q = content.get("q-timeline-order-amended", "questions")
    steps = {s.id: s for s in q.sequence}
    order = right_answer(q, content)
    dates = [
        content.milestone_date(steps[s].milestone, q.version) for s in order if steps[s].milestone
    ]
    assert dates == sorted(dates)
    assert "<ol>" in html and len(_list_items(html)) == len(order)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_question_cards_show_options_but_never_the_answer(content, lang):
    for q in content.kind("questions"):
        card = ws.question_card_html(q.id, lang)
        text = _text(card)
        explanation = _text(content.render(q.explanation, lang, q.version))
        assert explanation not in text, q.id
        assert "aiact-ws-answer" not in card
        for o in getattr(q, "options", None) or []:
            assert _text(content.render(o.text, lang)) in text, (q.id, o.id)


# -- what applies when -----------------------------------------------------------------------------
def test_resolve_day_uses_the_timeline(content):
    d, m = ws.resolve_day("annex-iii-high-risk")
    assert (d, m) == (
        content.milestone_date("annex-iii-high-risk", "amended"),
        "annex-iii-high-risk",
    )
    d0, _ = ws.resolve_day("annex-iii-high-risk", version="original")
    assert d0 == content.milestone_date("annex-iii-high-risk", "original") and d0 < d
    assert ws.resolve_day("annex-iii-high-risk", offset_days=-1)[0] == d - timedelta(days=1)
    assert ws.resolve_day(date(2030, 1, 1)) == (date(2030, 1, 1), None)


def test_applies_answer_is_the_engines_answer(content):
    day = content.milestone_date("general-application", "amended")
    html = ws.applies_answer_html("general-application", "annex-iii", "en")
    assert result_html(applies_on(day, "annex-iii"), "en") in html
    result = applies_on(day, "annex-iii")
    # in the amended law the Annex III duties are not yet in force on the general date ...
    assert "hr-risk-management" in result.ids("not_yet")
    original = applies_on(day, "annex-iii", version="original")
    # ... in the original text they were
    assert "hr-risk-management" in original.ids("in_force")
    assert result_html(original, "en") in ws.applies_answer_html(
        "general-application", "annex-iii", "en", version="original"
    )


def test_applies_answer_passes_the_situation_flags(content):
    html = ws.applies_answer_html(
        "general-application", "transparency", "en", generative=True, on_market_before=True
    )
    day = content.milestone_date("general-application", "amended")
    legacy = applies_on(day, "transparency", generative=True, on_market_before=True)
    assert result_html(legacy, "en") in html
    assert "tr-synthetic-marking" in legacy.ids("not_yet")
    assert "tr-synthetic-marking" in applies_on(day, "transparency").ids("in_force")
    assert result_html(applies_on(day, "transparency"), "en") not in html


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_applies_question_names_date_kind_and_situation_but_not_the_answer(content, lang):
    from aiact_kit.content.vocabulary import format_date
    from aiact_kit.engines.timeline import kind_label

    html = ws.applies_question_html("generative-legacy", "transparency", lang, generative=True)
    text = _text(html)
    assert format_date(content.milestone_date("generative-legacy"), lang) in text
    assert kind_label("transparency", lang) in text
    assert "aiact-timeline-panel" not in html and "aiact-ws-answer" not in html
    plain = _text(ws.applies_question_html("generative-legacy", "transparency", lang))
    assert plain != text  # the situation is part of the task


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: ws.question_card_html("q-nope"), "unknown question id 'q-nope'"),
        (lambda: ws.question_answer_html("q-nope", "en"), "unknown question id"),
        (lambda: ws.applies_question_html("no-such-milestone", "gpai"), "neither a milestone id"),
        (
            lambda: ws.applies_answer_html("general-application", "gpai", colour=True),
            "unknown situation flag",
        ),
        (lambda: ws.resolve_day("new-prohibitions", version="original"), "no date in the original"),
        (lambda: ws.resolve_day("general-application", offset_days="1"), "whole number"),
    ],
)
def test_bad_input_names_the_problem(call, message):
    with pytest.raises(ws.WorksheetInputError, match=message):
        call()


def test_bad_kind_and_language_are_refused():
    with pytest.raises(TimelineError):
        ws.applies_question_html("general-application", "toaster")
    with pytest.raises(ValueError, match="lang"):
        ws.question_card_html("q-roles-bought-system", "de")


# -- cases -----------------------------------------------------------------------------------------
def _rows(html: str) -> dict[str, str]:
    first = html.split("</table>")[0]
    keys = [_text(k) for k in re.findall(r"<th[^>]*>(.*?)</th>", first, flags=re.S)]
    values = [_text(v) for v in re.findall(r"<td>(.*?)</td>", first, flags=re.S)]
    return dict(zip(keys, values, strict=True))


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_case_solutions_show_the_expected_outcome_from_the_content(content, lang):
    from aiact_kit.engines.decision import case_ids, default_tree, walk
    from aiact_kit.present.decision_report import group_heading, risk_group_name, role_name
    from aiact_kit.present.decision_report import t as word

    groups = set()
    for case_id in case_ids(content):
        case = content.get(case_id, "cases")
        html = cases.case_solution_html(case_id, lang)
        rows = _rows(html)
        assert rows[word("risk_group", lang)] == risk_group_name(case.expected.risk_group, lang)
        for other in ("prohibited", "high-risk", "transparency", "minimal"):
            if other != case.expected.risk_group:
                assert rows[word("risk_group", lang)] != risk_group_name(other, lang)
        shown_roles = rows[word("roles", lang)]
        for role in ("provider", "deployer", "importer", "distributor"):
            assert (role_name(role, lang) in shown_roles.split(", ")) == (
                role in case.expected.roles
            ), (case_id, role)
        assert rows[word("applies", lang)] == word("yes" if case.expected.applies else "no", lang)
        assert _text(content.render(case.explanation, lang)) in _text(html)
        # the obligations by start date are those of walking the case through the kit's tree
        session = walk(default_tree(), [(s.question, s.answer) for s in case.answer_path], content)
        assert session.done
        shown = re.findall(r'id="aiact-ws-ob-([a-z0-9.-]+)"', html)
        assert sorted(shown) == sorted(str(o) for o in case.expected.obligations), case_id
        # each obligation is listed under the heading of the date it applies from, in date order
        listing = html[html.index(escape_html(word("obligations", lang))) :]
        position = 0
        for group in session.outcome().groups():
            heading = listing.index(escape_html(group_heading(group, lang)), position)
            for timing in group.obligations:
                assert listing.index(f'id="aiact-ws-ob-{timing.obligation_id}"') > heading
            position = heading + 1
        groups.add(case.expected.risk_group)
    assert len(groups) >= 6


def test_case_solution_names_the_first_obligation_date(content):
    from aiact_kit.content.vocabulary import format_date

    case = content.get("case-student-grant-legacy", "cases")
    assert str(case.expected.start) == "public-legacy"
    text = _text(cases.case_solution_html(case.id, "en"))
    assert format_date(content.milestone_date("public-legacy"), "en") in text


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_case_cards_show_the_scenario_but_not_the_outcome(content, lang):
    from aiact_kit.engines.decision import case_ids

    for case_id in case_ids(content):
        case = content.get(case_id, "cases")
        html = cases.case_card_html(case_id, lang)
        text = _text(html)
        assert _text(content.render(case.scenario, lang)) in text
        assert _text(content.render(case.explanation, lang)) not in text
        assert "aiact-ws-answer" not in html and "aiact-conclusion" not in html


def test_unknown_case_names_the_known_ones():
    with pytest.raises(ws.WorksheetInputError, match="unknown case id 'case-nope'.*case-"):
        cases.case_card_html("case-nope")
    with pytest.raises(ws.WorksheetInputError, match="unknown case id"):
        cases.case_solution_html("case-nope", "en")
