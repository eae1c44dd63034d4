"""The JupyterHub deployment end to end (deploy/jupyterhub/jupyterhub_config.py).

A real PostgreSQL server holds the workshop results; JupyterHub runs with that config and
configurable-http-proxy from node_modules (``npm ci``, pinned in package-lock.json), in its own
process group on free 127.0.0.1 ports. Three participants log in with the shared room password
in Chromium, each gets their own single-user server on the kit's landing page, joins the
workshop session and answers its question; the facilitator, on a fourth server, sees all three
on the dashboard page, and the store's aggregates agree. Then the facilitator runs a live round
of one question; two participants see it, answer and see the reveal: the live state travels
from the facilitator's server to theirs through PostgreSQL. At the end SIGTERM stops the hub (which
stops the proxy and the single-user servers, which stop their kernels); the test fails if any
of those processes is still running afterwards.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import subprocess
import sys
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest
from browser_helpers import is_local, wait_rendered
from server_process import ServerProcess, free_port, launch, stop_group, wait_until_answers

from aiact_kit.content import default_content
from aiact_kit.engines.workshop import ResultsStore

pytestmark = [pytest.mark.slow, pytest.mark.browser, pytest.mark.postgres]

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / "deploy" / "jupyterhub" / "jupyterhub_config.py"
PROXY = ROOT / "node_modules" / ".bin" / "configurable-http-proxy"
PASSWORD = "room-password-42"
SPAWN_TIMEOUT_MS = 240_000
PAGE_TIMEOUT_MS = 180_000


def ensure_proxy() -> Path:
    """configurable-http-proxy from node_modules (``make test`` runs ``npm ci`` first; a test
    run without it installs it here)."""
    if not PROXY.exists() and shutil.which("npm"):
        subprocess.run(
            ["npm", "ci", "--no-audit", "--no-fund"],
            cwd=ROOT,
            capture_output=True,
            timeout=600,
            check=False,
        )
    if not PROXY.exists():
        pytest.fail(f"{PROXY} is missing: run `npm ci` (or `make node_modules`) in {ROOT}")
    return PROXY


@dataclass
class Hub(ServerProcess):
    url: str = ""


def start_hub(state: Path, db_url: str) -> Hub:
    port = free_port()
    env = dict(os.environ)
    for name in list(env):
        if name.startswith("JUPYTERHUB_"):
            del env[name]
    env.update(
        AIACT_HUB_STATE=str(state),
        AIACT_HUB_PORT=str(port),
        AIACT_HUB_API_PORT=str(free_port()),
        AIACT_HUB_PROXY_PORT=str(free_port()),
        AIACT_HUB_PASSWORD=PASSWORD,
        AIACT_HUB_LANG="en",
        AIACT_KIT_DB=db_url,
        PYTHONPATH=os.pathsep.join(p for p in (str(ROOT / "src"), env.get("PYTHONPATH")) if p),
    )
    log_path = state / "hub.log"
    cmd = [str(Path(sys.executable).parent / "jupyterhub"), "-f", str(CONFIG)]
    hub = Hub(
        "JupyterHub", launch(cmd, env, state, log_path), log_path, url=f"http://127.0.0.1:{port}"
    )

    def answers() -> bool:
        with urllib.request.urlopen(f"{hub.url}/hub/api", timeout=5) as r:
            return r.status == 200

    wait_until_answers(hub, answers, interval=0.5)
    return hub


def stop_hub(hub: Hub, timeout: float = 60) -> list[str]:
    """SIGTERM to the hub's process group; every process (hub, proxy, single-user servers,
    kernels) still alive after ``timeout``."""
    return stop_group(hub, timeout)


@pytest.fixture
def hub(tmp_path, pg_url):
    ensure_proxy()
    state = tmp_path / "hub"
    state.mkdir()
    h = start_hub(state, pg_url)
    yield h
    leftovers = stop_hub(h)
    assert not leftovers, "processes left running after SIGTERM:\n" + "\n".join(leftovers)


def session_question():
    """A single-choice question of the bank: its id, one right and one wrong option label."""
    content = default_content()
    q = next(q for q in content.kind("questions") if q.type == "single")
    right = next(o for o in q.options if o.correct)
    wrong = next(o for o in q.options if not o.correct)
    return q.id, content.render(right.text, "en"), content.render(wrong.text, "en")


def new_context(browser):
    context = browser.new_context()
    context.route("**/*", lambda r: r.continue_() if is_local(r.request.url) else r.abort())
    return context


def log_in(context, hub: Hub, username: str):
    """Log in with the room password; the hub spawns the user's server and opens the kit's
    landing page (the spawner's default URL)."""
    page = context.new_page()
    page.set_default_timeout(PAGE_TIMEOUT_MS)
    page.goto(f"{hub.url}/hub/login")
    page.fill("#username_input", username)
    page.fill("#password_input", PASSWORD)
    page.click("#login_submit")
    page.wait_for_url(
        re.compile(rf"/user/{username}/voila/render/en/index\.ipynb"), timeout=SPAWN_TIMEOUT_MS
    )
    wait_rendered(page)
    # the landing page: its head and its body (lessons) are each an .aiact-landing block
    assert page.locator(".aiact-landing").count() >= 1, hub.log()[-5000:]
    return page


def store_rows(url: str, code: str, token: str) -> list[dict]:
    store = ResultsStore(url)
    try:
        return store.export_rows(code, token)
    finally:
        store.close()


def live_round(host, participants, qid: str, right: str, wrong: str) -> None:
    """The facilitator (own server) runs a live round of one question; two participants (each
    on their own server) see it through the database, answer, and see the reveal."""
    from aiact_kit.engines.workshop import topic_name

    content = default_content()
    q = content.get(qid, "questions")
    prompt = content.render(q.prompt, "en")
    control = host.locator(".aiact-live-control")
    control.get_by_label("Tick questions yourself").check()
    control.get_by_label(topic_name(q.topic, "en"), exact=True).check()
    control.get_by_label(prompt if len(prompt) <= 110 else prompt[:109] + "…", exact=True).check()
    control.get_by_label("Countdown per question").select_option(label="none")
    control.get_by_role("button", name="Use these questions").click()
    control.get_by_role("button", name="Show next question").click()
    for page, answer in zip(participants, (right, wrong), strict=True):
        live = page.locator(".aiact-live")
        live.get_by_text(prompt).first.wait_for()
        live.get_by_label(answer, exact=True).check()
        live.get_by_role("button", name="Send answer").click()
        live.get_by_text("Your answer has been received.").wait_for()
    control.get_by_text("2 answers").first.wait_for()
    control.get_by_role("button", name="Close answering").click()
    control.get_by_role("button", name="Reveal the answer").click()
    participants[0].get_by_text("Your answer was right.").wait_for()
    participants[1].get_by_text("Your answer was not right.").wait_for()


def test_three_participants_answer_and_the_dashboard_counts_them(hub, browser, pg_url):
    qid, right, wrong = session_question()
    store = ResultsStore(pg_url)
    try:
        code, token = store.create_session("Hub test", "en", [qid])
    finally:
        store.close()

    contexts = []
    pages = []
    try:
        for i, answer in enumerate([right, right, wrong], start=1):
            context = new_context(browser)
            contexts.append(context)
            page = log_in(context, hub, f"participant{i}")
            page.goto(
                f"{hub.url}/user/participant{i}/voila/render/en/workshop-join.ipynb?code={code}"
            )
            wait_rendered(page)
            assert page.get_by_label("Session code").input_value() == code
            page.get_by_label("Pseudonym").fill(f"Owl {i}")
            page.get_by_role("button", name="Join").click()
            quiz = page.locator(".aiact-quiz")
            quiz.wait_for(state="visible")
            quiz.get_by_role("radio", name=answer, exact=True).check()
            quiz.get_by_role("button", name="Check", exact=True).click()
            page.get_by_text("Answer saved (1 question answered).").wait_for()
            pages.append(page)

        context = new_context(browser)
        contexts.append(context)
        page = log_in(context, hub, "facilitator")
        page.goto(
            f"{hub.url}/user/facilitator/voila/render/en/workshop-facilitator.ipynb"
            f"?code={code}&token={token}"
        )
        wait_rendered(page)
        page.get_by_text("3 participants (3 have answered) · 3 answers").first.wait_for()
        page.get_by_label("Show nicknames", exact=True).check()
        page.get_by_text("Owl 3").first.wait_for()
        body = page.inner_text("body")
        for i in (1, 2, 3):
            assert f"Owl {i}" in body
        live_round(page, pages[:2], qid, right, wrong)
        hub.descendants()  # remember the servers and kernels for the leftover check
    finally:
        for context in contexts:
            with contextlib.suppress(Exception):
                context.close()

    store = ResultsStore(pg_url)
    try:
        stats = store.stats(code, token)
    finally:
        store.close()
    assert (stats.participants, stats.active_participants, stats.answers) == (3, 3, 5)
    (question,) = stats.questions  # first tries: the self-paced answers
    assert (question.question_id, question.responses, question.correct) == (qid, 3, 2)
    live = [r for r in store_rows(pg_url, code, token) if r["quiz_id"] == "live"]
    assert sorted(r["correct"] for r in live) == [0, 1]
    # each participant ran in a single-user server of their own
    servers = [cmd for cmd in hub.seen.values() if "jupyterhub-singleuser" in cmd]
    assert len(servers) == 4, servers
