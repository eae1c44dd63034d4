"""Self-study in JupyterLab and Notebook 7, as a learner does it: run a lesson, answer, restart
the kernel, reopen the saved notebook without a kernel, follow the navigation, use the Dark
theme. One JupyterLab server (which also serves Notebook 7) for the module, started by
:mod:`jupyter_server` with the Dark theme chosen in its user settings."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from browser_helpers import format_violations
from jupyter_server import start_server, stop_server
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

LESSON1 = "notebooks/nl/01-wat-is-een-ai-systeem.ipynb"
LESSON2 = "notebooks/nl/02-reikwijdte-en-rollen.ipynb"
KERNEL_MS = 120_000  # first kernel start and Run All on two shared cores
VERDICT = re.compile(r"[✔✘◐] (Goed|Niet goed|Gedeeltelijk goed)")
# axe's contrast rule on the outputs of the cells only (JupyterLab's own interface is not ours)
CONTRAST_JS = """async () => {
  const r = await axe.run({include: ['.jp-OutputArea-output']},
                          {runOnly: {type: 'rule', values: ['color-contrast']}});
  return {violations: r.violations, passes: r.passes.map(p => p.nodes.length),
          incomplete: r.incomplete.map(p => p.nodes.map(n => n.target))};
}"""


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    server = start_server(tmp_path_factory.mktemp("lab"))
    yield server
    stop_server(server)


@pytest.fixture(autouse=True)
def fresh_learner(lab):
    """Each test starts as a learner on a new day: no kernel running, no progress kept."""
    lab.shutdown_kernels()
    for suffix in ("", "-wal", "-shm"):
        lab.progress.with_name(lab.progress.name + suffix).unlink(missing_ok=True)


@pytest.fixture(scope="session")
def base_url():
    """No Voilà app for these tests (pytest-playwright asks for a base URL)."""
    return None


def open_lab(page, lab, path: str = LESSON1, query: str = "") -> None:
    page.goto(f"{lab.url}/lab/tree/{path}?token={lab.token}{query}")
    page.wait_for_function("() => window.jupyterapp && window.jupyterapp.shell", timeout=KERNEL_MS)
    page.locator(".jp-Notebook").first.wait_for(timeout=KERNEL_MS)


def command(page, name: str, args: dict | None = None) -> None:
    """Start a JupyterLab command without waiting for it: some wait for a dialog the test
    answers next (restart), the test waits for what the command shows instead."""
    page.evaluate("([n, a]) => { window.jupyterapp.commands.execute(n, a); }", [name, args or {}])


def run_all(page) -> None:
    """Run All, as a learner does from the Run menu, and wait until the last cell has run."""
    page.wait_for_function(
        "() => { const w = window.jupyterapp.shell.currentWidget;"
        " return w && w.sessionContext && w.sessionContext.session"
        " && w.sessionContext.session.kernel; }",
        timeout=KERNEL_MS,
    )
    command(page, "notebook:run-all-cells")
    page.locator(".aiact-nav-bottom").wait_for(timeout=KERNEL_MS)
    page.locator(".aiact-quiz .aiact-quiz-prompt").first.wait_for(timeout=KERNEL_MS)


def kernel_idle(page) -> None:
    """Wait until the notebook's kernel is idle twice in a row (a value changed in the page has
    then reached the kernel)."""
    idle = (
        "() => { const w = window.jupyterapp.shell.currentWidget;"
        " const k = w && w.sessionContext && w.sessionContext.session"
        " && w.sessionContext.session.kernel; return k && k.status === 'idle'; }"
    )
    for _ in range(2):
        page.wait_for_function(idle, timeout=KERNEL_MS)
        page.wait_for_timeout(300)


def answer_current(quiz) -> str:
    """Give some answer to the quiz's current question (whatever its type), check it and
    return the verdict shown."""
    kernel_idle(quiz.page)  # the question's controls are all on the page
    question = quiz.locator(".aiact-quiz-answer")
    radios = question.locator("input[type=radio]")
    if radios.count():
        groups = question.locator(".widget-radio-box")
        for i in range(groups.count()):
            groups.nth(i).locator("input[type=radio]").first.check()
    boxes = question.locator("input[type=checkbox]")
    if boxes.count():
        boxes.first.check()
    selects = question.locator("select")
    for i in range(selects.count()):
        selects.nth(i).select_option(index=min(i + 1, selects.nth(i).locator("option").count() - 1))
    kernel_idle(quiz.page)  # ipywidgets holds back a changed value while the kernel is busy
    quiz.get_by_role("button", name="Controleer").click()
    feedback = quiz.locator(".aiact-feedback")
    try:
        expect(feedback).to_contain_text(VERDICT, timeout=30_000)
    except AssertionError as exc:
        raise AssertionError(f"{exc}\nthe question: {question.inner_html()}") from None
    return feedback.inner_text()


def test_dark_theme_has_no_contrast_violations_on_the_kit_output(page, lab):
    # axe checks only text it sees on screen: a page tall enough for the whole lesson, and a
    # body as tall as the page (JupyterLab's body is 0px high, which axe takes for clipping)
    page.set_viewport_size({"width": 1280, "height": 16000})
    open_lab(page, lab)
    assert page.evaluate("document.body.dataset.jpThemeLight") == "false"
    run_all(page)
    quiz = page.locator(".aiact-quiz").first
    answer_current(quiz)  # a verdict and its explanation are part of what is checked
    # the legal details are closed until opened (issue 15): open them, their text counts too
    page.evaluate("document.querySelectorAll('details.aiact-legal').forEach(d => d.open = true)")
    expect(page.locator(".aiact-cite").first).to_be_visible()
    page.evaluate(
        "for (const e of [document.documentElement, document.body]) e.style.height = '100%'"
    )
    page.evaluate(Axe().axe_script)
    results = page.evaluate(CONTRAST_JS)
    assert sum(results["passes"]) > 20, f"axe checked hardly any of the kit's text: {results}"
    assert not results["violations"], format_violations(results["violations"])


def test_answers_survive_a_kernel_restart_and_the_saved_notebook_reopens_with_text(page, lab):
    open_lab(page, lab, query="&reset")
    run_all(page)
    quiz = page.locator(".aiact-quiz").first
    first = answer_current(quiz)
    quiz.get_by_role("button", name=re.compile("Volgende")).click()
    expect(quiz.locator(".aiact-quiz-heading")).to_contain_text("2 van 8")
    second = answer_current(quiz)
    expect(quiz.locator(".aiact-progress-row")).to_contain_text("2 van 8 beantwoord")

    command(page, "notebook:restart-run-all")
    page.locator(".jp-Dialog .jp-mod-accept").click()
    quiz = page.locator(".aiact-quiz").first
    expect(quiz.locator(".aiact-quiz-status")).to_contain_text(
        "Je hebt 2 van deze 8 vragen eerder beantwoord", timeout=KERNEL_MS
    )
    expect(quiz.locator(".aiact-progress-row")).to_contain_text("2 van 8 beantwoord")
    feedback = quiz.locator(".aiact-feedback")
    expect(feedback).to_contain_text("Eerder beantwoord op")
    verdict = VERDICT
    assert verdict.search(feedback.inner_text()).group(0) == verdict.search(first).group(0)
    quiz.get_by_role("button", name=re.compile("Volgende")).click()
    expect(quiz.locator(".aiact-quiz-heading")).to_contain_text("2 van 8")
    expect(feedback).to_contain_text("Eerder beantwoord op")
    assert verdict.search(feedback.inner_text()).group(0) == verdict.search(second).group(0)

    command(page, "docmanager:save")
    expect(page.locator(".lm-TabBar-tab.jp-mod-dirty")).to_have_count(0, timeout=30_000)
    lab.shutdown_kernels()

    # reopen without a kernel: no session or kernel can be started
    page.route(re.compile(r".*/api/(sessions|kernels)(\?.*)?$"), lambda r: r.abort())
    open_lab(page, lab, query="&reset")
    outputs = page.locator(".jp-OutputArea-output")
    expect(outputs.filter(has_text="Bron: Art. 3(1)").first).to_be_visible(timeout=30_000)
    expect(page.locator(".aiact-nav-top a", has_text="Volgende")).to_be_visible()
    expect(outputs.filter(has_text="Les 2: Reikwijdte en rollen").first).to_be_visible()
    errors = outputs.filter(has_text="Error displaying widget")
    assert errors.count() <= 1, "only the quiz (a widget) may need a kernel"


@pytest.mark.parametrize("start", ["folder", "notebook"])
def test_next_link_opens_lesson_2_inside_jupyterlab(page, lab, start):
    if start == "folder":
        page.goto(f"{lab.url}/lab/tree/notebooks/nl?token={lab.token}&reset")
        page.wait_for_function("() => window.jupyterapp && window.jupyterapp.shell")
        page.locator(".jp-DirListing-item", has_text="01-wat-is").first.dblclick()
        page.locator(".jp-Notebook").first.wait_for(timeout=KERNEL_MS)
    else:
        open_lab(page, lab, query="&reset")
    page.evaluate("window.__aiact_marker = 1")  # gone if the page reloads
    run_all(page)
    link = page.locator(".aiact-nav-top a.aiact-nav-next").first
    expect(link).to_have_css("text-decoration-line", "underline")
    link.click()
    page.wait_for_function(
        "p => window.jupyterapp.shell.currentWidget"
        " && window.jupyterapp.shell.currentWidget.context"
        " && window.jupyterapp.shell.currentWidget.context.path === p",
        arg=LESSON2,
        timeout=30_000,
    )
    assert page.evaluate("window.__aiact_marker") == 1, "JupyterLab reloaded"
    expect(page.locator(".lm-TabBar-tab", has_text="02-reikwijdte-en-rollen.ipynb")).to_be_visible()


def test_the_same_lesson_works_in_notebook_7(page, lab, context):
    page.goto(f"{lab.url}/notebooks/{LESSON1}?token={lab.token}")
    page.wait_for_function("() => window.jupyterapp && window.jupyterapp.shell", timeout=KERNEL_MS)
    run_all(page)
    quiz = page.locator(".aiact-quiz").first
    verdict = answer_current(quiz)
    assert VERDICT.search(verdict)
    link = page.locator(".aiact-nav-top a.aiact-nav-next")
    before = len(context.pages)
    link.click()
    page.wait_for_function("() => true")  # let the click's handlers run
    target = f"/notebooks/{LESSON2}"
    deadline_pages = [p for p in context.pages]
    for _ in range(60):
        deadline_pages = list(context.pages)
        if len(deadline_pages) > before or target in page.url:
            break
        page.wait_for_timeout(500)
    new = deadline_pages[-1] if len(deadline_pages) > before else page
    new.wait_for_load_state()
    assert new.url.split("?")[0].endswith(target), new.url
    expect(new.locator(".jp-Notebook").first).to_be_visible(timeout=KERNEL_MS)
