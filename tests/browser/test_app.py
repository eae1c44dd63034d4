"""The web app in a real browser: every notebook page renders, carries its language, title and
navigation, passes axe before and after a keyboard walk, and loads nothing from other hosts;
the landing pages list the lessons; the language switch, skip link and root redirect work;
the browser cannot execute code; a closed page's kernel is culled; stopping leaves nothing."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from app_pages import expected_title, notebook_pages, page_kind
from kernel_modules import unexpected_imports
from playwright.sync_api import expect
from voila_app import start_app, stop_app

from aiact_kit.content.text import text
from aiact_kit.engines.course import LANDING_ID, landing_path, lesson_label, outline, page_title
from aiact_kit.present.pages import language_name

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "notebooks"
PAGES = notebook_pages(NOTEBOOKS)


def render_url(app_url: str, rel: str) -> str:
    return f"{app_url}/voila/render/{rel}"


def focus_walk(page, max_steps: int = 80) -> list[str]:
    """Press Tab through the page; every element that takes focus must show a visible focus
    indicator (outline or box-shadow). Returns a description of each focused element."""
    seen: list[str] = []
    for _ in range(max_steps):
        page.keyboard.press("Tab")
        info = page.evaluate(
            """() => {
              const el = document.activeElement;
              if (!el || el === document.body) return null;
              if (el.dataset.aiactVisited) return {again: true};
              el.dataset.aiactVisited = '1';
              const s = getComputedStyle(el);
              const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0;
              const shadow = s.boxShadow && s.boxShadow !== 'none';
              const text = (el.textContent || el.value || '').trim().slice(0, 40);
              return {again: false, visible: outline || shadow, desc: el.tagName + ' ' + text};
            }"""
        )
        if info is None or info["again"]:
            break
        assert info["visible"], f"no visible focus indicator on {info['desc']!r}"
        seen.append(info["desc"])
    return seen


def assert_href(page, selector: str, app_url: str, rel: str) -> None:
    link = page.locator(selector)
    assert link.count() == 1, f"expected one {selector}"
    assert link.evaluate("a => a.href") == render_url(app_url, rel)
    assert (NOTEBOOKS / rel).is_file(), f"link target notebooks/{rel} does not exist"


@pytest.mark.parametrize("rel", PAGES)
def test_notebook_page(rel, page_for, app_url, axe_check, voila_app):
    """Renders without errors, right <html lang> and <title>, its navigation, axe-clean before
    and after a keyboard walk (with visible focus), nothing from other hosts (page fixture);
    its kernel imported nothing heavy it does not need (kernel_modules.py)."""
    page = page_for(rel)
    lang = rel.split("/")[0]
    assert page.evaluate("document.documentElement.lang") == lang
    assert page.title() == expected_title(rel, NOTEBOOKS)
    errors = page.locator(
        '#rendered_cells [data-mime-type="application/vnd.jupyter.stderr"],'
        ' #rendered_cells [data-mime-type="application/vnd.jupyter.error"]'
    )
    assert errors.count() == 0, errors.all_inner_texts()
    # rendered outputs: static HTML (facts, navigation) and widgets (quizzes, tools)
    assert page.locator("#rendered_cells .jp-OutputArea-output").count() >= 1
    assert page.get_by_role("main").count() == 1

    o = outline(root=NOTEBOOKS)
    kind, item = page_kind(rel, NOTEBOOKS)
    other = "en" if lang == "nl" else "nl"
    if kind == "landing":
        assert_href(page, ".aiact-nav-lang a.aiact-lang-switch", app_url, landing_path(other))
    else:
        nav = page.get_by_role("navigation", name=text("pages.nav_top", lang), exact=True)
        assert nav.count() == 1
        scope = ".aiact-nav-top "
        assert_href(page, scope + "a.aiact-nav-home", app_url, landing_path(lang))
        assert_href(page, scope + "a.aiact-lang-switch", app_url, o.counterpart(rel))
        if kind == "lesson":
            prev, nxt = o.neighbours(item.id, lang)
            for cls, target in (("aiact-nav-prev", prev), ("aiact-nav-next", nxt)):
                if target is None:
                    assert page.locator(f"{scope}a.{cls}").count() == 0
                else:
                    assert_href(page, f"{scope}a.{cls}", app_url, target.notebook.get(lang))

    axe_check(page)
    assert focus_walk(page), "no focusable element on the page"
    axe_check(page)
    unexpected = unexpected_imports(NOTEBOOKS / rel, voila_app.kernel_records)
    assert not unexpected, f"the kernel of {rel} imports {unexpected}"


def test_root_lands_on_dutch_landing_page(page, app_url, axe_check):
    page.goto(app_url + "/")
    page.wait_for_url("**/voila/render/nl/index.ipynb")
    page.wait_for_selector(".aiact-landing")
    assert page.title() == page_title(LANDING_ID, "nl")
    axe_check(page)


def test_root_with_lang_en_lands_on_english_landing_page(page, app_url):
    page.goto(app_url + "/?lang=en")
    page.wait_for_url("**/voila/render/en/index.ipynb")
    page.wait_for_selector(".aiact-landing")
    assert page.evaluate("document.documentElement.lang") == "en"


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_landing_lists_every_lesson_and_tool(lang, page_for, app_url):
    page = page_for(landing_path(lang))
    o = outline(root=NOTEBOOKS)
    items = o.lessons() + o.tools()
    entries = page.locator(".aiact-landing li.aiact-entry")
    assert entries.count() == len(items)
    for item in items:
        entry = page.locator(f'.aiact-landing li.aiact-entry[data-id="{item.id}"]')
        assert entry.count() == 1
        shown = entry.inner_text()
        assert lesson_label(item, lang) in shown and item.summary.get(lang) in shown
        assert str(item.minutes) in shown
        link = entry.locator("a")
        if o.available(item, lang):
            assert link.count() == 1
            assert link.evaluate("a => a.href") == render_url(app_url, item.notebook.get(lang))
        else:
            assert link.count() == 0, f"{item.id} links to a notebook that does not exist"
            assert text("pages.planned", lang) in shown
    first = o.available_lessons(lang)[0]
    page.get_by_role("link", name=lesson_label(first, lang), exact=True).click()
    page.wait_for_url(render_url(app_url, first.notebook.get(lang)))
    assert page.title() == page_title(first.id, lang)


def test_language_switch_goes_to_counterpart_and_back(page_for, app_url):
    page = page_for("nl/00-welkom.ipynb")
    nav = page.get_by_role("navigation", name=text("pages.nav_top", "nl"), exact=True)
    nav.get_by_role("link", name=language_name("en")).click()
    page.wait_for_url(render_url(app_url, "en/00-welcome.ipynb"))
    page.wait_for_selector(".aiact-nav-top")
    assert page.evaluate("document.documentElement.lang") == "en"
    assert page.title() == page_title("lesson-welcome", "en")
    nav = page.get_by_role("navigation", name=text("pages.nav_top", "en"), exact=True)
    nav.get_by_role("link", name=language_name("nl")).click()
    page.wait_for_url(render_url(app_url, "nl/00-welkom.ipynb"))
    page.wait_for_selector(".aiact-nav-top")
    assert page.evaluate("document.documentElement.lang") == "nl"


def test_welcome_page_by_keyboard(page_for, app_url):
    """Skip link first, it shows when focused and moves focus to the main content; then the
    navigation links, which open by Enter."""
    page = page_for("nl/00-welkom.ipynb")
    page.keyboard.press("Tab")
    skip = page.locator("a.aiact-skip")
    assert skip.evaluate("a => a === document.activeElement")
    box = skip.bounding_box()
    assert box is not None and box["y"] >= 0 and box["height"] > 0, "skip link not visible"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "rendered_cells"
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == text("pages.overview", "nl")
    _prev, nxt = outline(root=NOTEBOOKS).neighbours("lesson-welcome", "nl")
    if nxt is not None:  # lesson 1 exists: its link comes before the language switch
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement.textContent.trim()")
        assert focused.startswith(f"{text('common.next', 'nl')}: {lesson_label(nxt, 'nl')}")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == language_name("en")
    page.keyboard.press("Enter")
    page.wait_for_url(render_url(app_url, "en/00-welcome.ipynb"))


def test_case_exercise_by_keyboard(page_for, axe_check):
    """A case exercise starts as its prediction form; locking it by keyboard shows the walk,
    whose answers and buttons work by keyboard; the worked answer then shows; axe-clean
    throughout."""
    page = page_for("nl/02-reikwijdte-en-rollen.ipynb")
    case = page.locator(".aiact-case")
    assert case.count() == 1 and case.locator(".aiact-decision").count() == 0

    def press(locator, key: str) -> None:
        locator.focus()
        page.keyboard.press(key)

    press(case.get_by_role("radio", name="Hoog risico", exact=True), "Space")
    press(case.get_by_role("radio", name="Aanbieder", exact=True), "Space")
    press(case.get_by_role("button", name="Leg voorspelling vast"), "Enter")
    walk = case.locator(".aiact-decision")
    walk.get_by_role("radio").first.wait_for()
    assert walk.get_by_text("Vraag 1").count() == 1
    axe_check(page)
    press(walk.get_by_role("radio").first, "Space")
    # "Volgende" is enabled by the kernel once it has the answer: wait for that round trip.
    next_button = walk.get_by_role("button", name="Volgende")
    expect(next_button).to_be_enabled()
    press(next_button, "Enter")
    walk.get_by_text("Vraag 2").wait_for()
    assert walk.get_by_role("button", name="Terug").is_enabled()
    press(case.get_by_role("button", name="Toon de uitwerking"), "Enter")
    comparison = case.get_by_role("region", name="3. Vergelijking en uitwerking")
    comparison.wait_for()
    assert comparison.get_by_text("Jouw voorspelling").count() == 1
    axe_check(page)


def test_decision_aid_guidance_conclusion_and_restart(page_for, axe_check):
    """The decision aid in a browser: a fork's help shows before answering; a walk reaches a
    conclusion that opens with the first actions and offers the report fields; starting again
    asks first; axe-clean at the conclusion."""
    from aiact_kit.engines.decision import default_tree

    tree = default_tree()
    page = page_for("nl/beslishulp.ipynb")
    aid = page.locator(".aiact-decision")
    walk = [
        ("algorithm", "yes"),
        ("what", "system"),
        ("ai-system", "yes"),
        ("role", "deployer"),
        ("exclusions", "none"),
        ("prohibited-conduct", "none"),
        ("prohibited-biometric", "none"),
        ("annex-i", "no"),
        ("annex-iii", "none"),
        ("art-50", "none"),
        ("open-source", "no"),
    ]
    for n, (qid, aid_id) in enumerate(walk, 1):
        aid.get_by_text(text("decision.step", "nl", n=n)).first.wait_for()
        if qid == "what":  # the help is there before any answer is chosen
            guidance = aid.locator(".aiact-guidance")
            expect(guidance).to_be_visible()
            expect(guidance).to_contain_text(text("decision.guidance_counts", "nl"))
        label = tree.question(qid).answer(aid_id).text.nl
        aid.get_by_role("radio", name=label, exact=True).check()
        next_button = aid.get_by_role("button", name="Volgende")
        expect(next_button).to_be_enabled()
        next_button.click()
    what_now = aid.get_by_role("heading", name=text("decision.what_now", "nl"))
    expect(what_now).to_be_visible()
    system = aid.get_by_role("textbox", name=text("decision.detail.system", "nl"))
    system.fill("Postsorteerder")
    axe_check(page)
    aid.get_by_role("button", name="Opnieuw beginnen").click()
    confirm = aid.get_by_text(text("decision.restart_confirm", "nl"))
    expect(confirm).to_be_visible()
    aid.get_by_role("button", name=text("decision.restart_no", "nl")).click()
    expect(confirm).to_be_hidden()
    expect(what_now).to_be_visible()  # nothing was lost


def test_axe_check_catches_a_known_violation(page, axe_check):
    """The accessibility check is not vacuous: an image without alt text fails it."""
    page.set_content(
        '<!DOCTYPE html><html lang="en"><head><title>Known violation</title></head>'
        "<body><main><h1>Known violation</h1>"
        '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" width="20" height="20">'
        "</main></body></html>"
    )
    with pytest.raises(AssertionError, match="image-alt"):
        axe_check(page)
    page.set_content(
        '<!DOCTYPE html><html lang="en"><head><title>Fixed</title></head>'
        '<body><main><h1>Fixed</h1><img alt="A dot" width="20" height="20"'
        ' src="data:image/gif;base64,R0lGODlhAQABAAAAACw="></main></body></html>'
    )
    axe_check(page)


@pytest.mark.parametrize(
    "path, lang",
    [("/voila/tree/nl", "nl"), ("/voila/tree/en", "en"), ("/voila/render/nl/nope.ipynb", "nl")],
)
def test_voila_own_pages_are_accessible(path, lang, page, app_url, axe_check):
    """Folder listings and error pages come from the a11y template too."""
    page.goto(app_url + path)
    assert page.evaluate("document.documentElement.lang") == lang
    assert "AI Act Leerkit" in page.title()
    assert page.get_by_role("main").count() == 1
    axe_check(page)


def test_external_request_is_caught(page, request_log, assert_no_external_requests):
    """The request check is not vacuous: a request to another host is recorded (and aborted)."""
    page.set_content(
        '<html lang="en"><head><title>t</title>'
        '<link rel="stylesheet" href="https://cdn.jsdelivr.net/npm/x.css"></head><body></body></html>'
    )
    with pytest.raises(AssertionError, match="cdn.jsdelivr.net"):
        assert_no_external_requests()
    request_log.clear()  # so the page fixture's own check passes


def _kernel_id(page) -> str:
    return json.loads(page.locator("#jupyter-config-data").first.inner_text())["kernelId"]


def test_browser_cannot_execute_code(page_for, tmp_path):
    """Voila forwards only comm and info messages from the browser: an execute_request sent
    on the page's kernel channel is dropped, a kernel_info_request is answered."""
    page = page_for("nl/00-welkom.ipynb")
    marker = tmp_path / "executed"
    received = page.evaluate(
        """async ([kernelId, code]) => {
          const url = `ws://${location.host}/api/kernels/${kernelId}/channels`;
          const ws = new WebSocket(url);
          await new Promise((ok, fail) => { ws.onopen = ok; ws.onerror = fail; });
          const msg = (type, content) => ({
            header: {msg_id: type + '-' + Math.random(), username: 'test', session: 'test',
                     msg_type: type, version: '5.3', date: new Date().toISOString()},
            parent_header: {}, metadata: {}, content, channel: 'shell', buffers: []});
          const got = [];
          const done = new Promise(ok => { ws.onmessage = ev => {
            const m = JSON.parse(ev.data);
            got.push([m.msg_type, m.parent_header.msg_type || '']);
            if (m.msg_type === 'kernel_info_reply') ok();
          }; });
          ws.send(JSON.stringify(msg('execute_request', {code, silent: false,
            store_history: false, user_expressions: {}, allow_stdin: false,
            stop_on_error: true})));
          ws.send(JSON.stringify(msg('kernel_info_request', {})));
          await done;
          ws.close();
          return got;
        }""",
        [_kernel_id(page), f"open({str(marker)!r}, 'w').write('ran')"],
    )
    assert ["kernel_info_reply", "kernel_info_request"] in received
    assert not [r for r in received if "execute" in r[0] or r[1] == "execute_request"]
    assert not marker.exists(), "the browser executed code in the kernel"


def _kernel_exists(app_url: str, kernel_id: str) -> bool:
    try:
        with urllib.request.urlopen(f"{app_url}/api/kernels/{kernel_id}", timeout=10) as r:
            return r.status == 200
    except urllib.error.HTTPError as err:
        if err.code == 404:
            return False
        raise


def test_kernel_of_closed_page_is_culled(page_for, app_url):
    """Voila cannot shut a kernel down when its page closes (upstream issue #1458); culling
    of idle kernels removes it (the test server culls after 20 s idle)."""
    page = page_for("en/00-welcome.ipynb")
    kernel_id = _kernel_id(page)
    assert _kernel_exists(app_url, kernel_id)
    page.close()
    deadline = time.monotonic() + 180
    while _kernel_exists(app_url, kernel_id):
        assert time.monotonic() < deadline, f"kernel {kernel_id} still running after 180 s"
        time.sleep(2)


@pytest.mark.slow
def test_stopping_the_app_leaves_no_process(tmp_path):
    """A second app instance: after a page request (which starts a kernel) and with its
    pre-heated kernels, SIGTERM to its process group ends the server and every kernel."""
    app = start_app(tmp_path)
    try:
        with urllib.request.urlopen(render_url(app.url, "nl/index.ipynb"), timeout=120) as r:
            assert r.status == 200
        assert app.descendants(), "the app started no kernel"
    finally:
        leftovers = stop_app(app)
    assert not leftovers, leftovers
    assert app.proc.returncode is not None
