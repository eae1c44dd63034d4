"""A live round in a real browser with four contexts: the facilitator, the projector screen and
two participants. Push a question, answer it, lock, reveal, next; a duplicate nickname is
refused and the rejoin code lets the same person back in; the projector never shows the token;
a lesson quiz answer given while joined reaches the dashboard; the participation record
downloads from the page; axe finds nothing on the new pages in both languages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from browser_helpers import is_local, wait_rendered
from playwright.sync_api import expect

from aiact_kit.engines.workshop import ResultsStore, live_ids
from aiact_kit.present.workshop_live import live_question

pytestmark = pytest.mark.browser

QID = "q-timeline-annex-iii-date"
SIZES_JS = """() => {
  const px = sel => parseFloat(getComputedStyle(document.querySelector(sel)).fontSize);
  return {code: px('.aiact-screen-code'), prompt: px('.aiact-screen .aiact-live-prompt'),
          scroll: document.documentElement.scrollWidth};
}"""


@pytest.fixture
def store():
    s = ResultsStore()  # the app's database (AIACT_KIT_DATA_DIR from tests/conftest.py)
    yield s
    s.close()


@pytest.fixture
def open_page(browser, app_url):
    """A page in a new browser context of its own (its own kernel, like another laptop)."""
    contexts = []

    def route(route):
        if is_local(route.request.url):
            route.continue_()
        else:
            route.abort()

    def make(path: str):
        context = browser.new_context()
        context.route("**/*", route)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(60_000)
        page.goto(f"{app_url}/voila/render/{path}")
        wait_rendered(page)
        return page

    yield make
    for context in contexts:
        context.close()


def _join(page, name: str, rejoin: str = ""):
    page.get_by_label("Pseudoniem").fill(name)
    if rejoin:
        page.get_by_label("Terugkomcode (alleen als je al meedeed)").fill(rejoin)
    page.get_by_role("button", name="Doe mee").click()


def _answer(page, text: str):
    live = page.locator(".aiact-live")
    live.get_by_label(text, exact=True).check()
    live.get_by_role("button", name="Verstuur antwoord").click()
    live.get_by_text("Je antwoord is ontvangen.").wait_for()


def test_live_round_with_four_contexts(open_page, axe_check, store):
    code, token = store.create_session("Live <b>ronde</b>", "nl", organisation="Gemeente Test")
    other = next(q for q in live_ids(None, ["timeline"]) if q != QID)
    order = [q for q in live_ids(None, ["timeline"]) if q in (QID, other)]
    questions = [live_question(q, "nl") for q in order]

    # the projector: code, QR, join link, count; never the token
    screen = open_page(f"nl/workshop-scherm.ipynb?code={code}")
    screen.get_by_text("0 deelnemers").wait_for()
    assert code in screen.inner_text("body") and screen.locator(".aiact-screen svg").count() == 1
    assert "workshop-deelnemen.ipynb?code=" + code in screen.inner_text("body")
    axe_check(screen)

    # two participants; a second 'Anna' is refused, the rejoin code lets Anna back in
    anna = open_page(f"nl/workshop-deelnemen.ipynb?code={code}")
    _join(anna, "Anna")
    anna.get_by_text("terugkomcode is").wait_for()
    rejoin = anna.locator(".aiact-ws-rejoin").inner_text().strip()
    assert re.fullmatch(r"[A-Z2-9]{4}", rejoin)
    bob = open_page(f"nl/workshop-deelnemen.ipynb?code={code}")
    _join(bob, " ANNA ")
    bob.get_by_text("Deze bijnaam is al in gebruik in deze sessie").wait_for()
    _join(bob, "Bob")
    bob.get_by_text("Je doet mee aan").wait_for()
    anna.reload()
    wait_rendered(anna)
    _join(anna, "anna", rejoin.lower())
    anna.get_by_text("Welkom terug").wait_for()
    screen.get_by_text("2 deelnemers").wait_for()

    # the facilitator chooses two questions with checkboxes and pushes the first
    host = open_page(f"nl/workshop-begeleider.ipynb?code={code}&token={token}")
    control = host.locator(".aiact-live-control")
    control.get_by_label("Zelf vragen aanvinken").check()
    control.get_by_label("Tijdlijn", exact=True).check()
    for lq in questions:
        prompt = lq.view.prompt
        label = prompt if len(prompt) <= 110 else prompt[:109] + "…"
        control.get_by_label(label, exact=True).check()
    control.get_by_label("Aftellen per vraag").select_option(label="geen")
    control.get_by_role("button", name="Deze vragen gebruiken").click()
    control.get_by_text("2 vragen klaargezet").wait_for()
    control.get_by_role("button", name="Toon volgende vraag").click()

    first = questions[0]
    right = next(c.text for c in first.view.choices if c.id in first.right)
    wrong = next(c.text for c in first.view.choices if c.id not in first.right)
    for page in (anna, bob, screen):
        page.get_by_text(first.view.prompt).first.wait_for()
        page.get_by_text("Vraag 1 van 2").first.wait_for()
    _answer(anna, right)
    _answer(bob, wrong)
    screen.get_by_text("2 antwoorden").wait_for()
    control.get_by_text("2 antwoorden").wait_for()

    control.get_by_role("button", name="Sluit antwoorden").click()
    bob.get_by_text("Antwoorden is gesloten").wait_for()
    control.get_by_role("button", name="Toon juiste antwoord").click()
    anna.get_by_text("Jouw antwoord was juist.").wait_for()
    bob.get_by_text("Jouw antwoord was niet juist.").wait_for()
    assert first.explanation[:30] in anna.inner_text("body")
    screen.locator(".aiact-live-right").first.wait_for()
    for choice in first.view.choices:  # every option on the projector
        assert choice.text in screen.inner_text(".aiact-screen")
    axe_check(screen)
    axe_check(anna)
    for width, height in ((1280, 720), (1920, 1080)):  # readable from the back of a room
        screen.set_viewport_size({"width": width, "height": height})
        sizes = screen.evaluate(SIZES_JS)
        assert sizes["code"] >= 0.06 * height and sizes["prompt"] >= 24, sizes
        assert sizes["scroll"] <= width, sizes  # nothing sticks out sideways

    control.get_by_role("button", name="Toon volgende vraag").click()
    for page in (anna, bob, screen):
        page.get_by_text("Vraag 2 van 2").first.wait_for()
        page.get_by_text(questions[1].view.prompt).first.wait_for()
    assert "Jouw antwoord was juist" not in anna.inner_text("body")  # the new question is open

    # the projector never shows the token (not in the page, not in its address)
    assert token not in screen.content() and token not in screen.url
    axe_check(host)

    # Bob goes on to a lesson and answers its quiz: it counts in the session
    href = bob.get_by_role("link", name=re.compile("Ga verder naar de lessen")).get_attribute(
        "href"
    )
    assert "wsrejoin=" in href
    bob.goto(
        bob.url.split("workshop-deelnemen.ipynb")[0]
        + "07-tijdlijn-en-wijzigingen-2026.ipynb?"
        + href.split("?", 1)[1]
    )
    wait_rendered(bob)
    bob.get_by_text("Je doet mee aan de workshop als").first.wait_for()
    quiz = bob.locator(".aiact-quiz")
    # the order is random: go to the first question answered by one group of radio buttons
    # (a case question has one group per part; one click leaves it incomplete, unrecorded)
    # that was not asked live (Bob's second answer to a question is his next attempt at it,
    # not one more answer in the room's count)
    live_prompts = [q.view.prompt[:40] for q in questions]
    for _ in range(30):
        shown = quiz.locator(".aiact-quiz-prompt").first.inner_text()
        one_group = quiz.locator(".aiact-quiz-answer .widget-radio-box").count() == 1
        if one_group and not any(prompt in " ".join(shown.split()) for prompt in live_prompts):
            break
        heading = quiz.locator(".aiact-quiz-heading").inner_text()
        quiz.get_by_role("button", name=re.compile("Volgende")).click()
        expect(quiz.locator(".aiact-quiz-heading")).not_to_have_text(heading)
    quiz.locator(".aiact-quiz-answer .widget-radio-box label").first.click()
    expect(quiz.locator(".aiact-quiz-answer input[type=radio]:checked")).to_have_count(1)
    quiz.get_by_role("button", name="Controleer").click()
    expect(quiz.locator(".aiact-feedback .aiact-verdict")).to_have_count(1)  # graded
    host.get_by_text("3 antwoorden").first.wait_for()  # 2 live + 1 from the lesson
    rows = store.export_rows(code, token)
    assert sorted(r["quiz_id"] for r in rows) == ["live", "live", "timeline"]

    # the participation record downloads from the page
    host.get_by_role("button", name="Maak CSV-export").click()
    link = host.get_by_role("link", name=re.compile("Download het deelnamebewijs"))
    with host.expect_download() as info:
        link.click()
    record = Path(info.value.path()).read_text(encoding="utf-8")
    for expected in ("Deelnamebewijs AI-geletterdheid", "Gemeente Test", "Live &lt;b&gt;ronde"):
        assert expected in record
    assert "Anna" not in record and "Bob" not in record

    # the projector in English passes axe too
    en = open_page(f"en/workshop-screen.ipynb?code={code}")
    en.get_by_text("2 participants").wait_for()
    axe_check(en)
    store.delete_session(code, token)
