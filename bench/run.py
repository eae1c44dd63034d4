"""Benchmark the Voila app against a bare one-widget Voila notebook, measured in the same run.

    python bench/run.py [--reps 3] [--clicks 6] [--burst 30] [--burst-page nl/index.ipynb]
                        [--pages nl/index.ipynb ...] [--out docs/performance]

One Voila server, started exactly like ``aiact-kit serve`` (:func:`voila_command`, so the same
template, voila.json and kernel manager) but without preheating, serves a copy of
``notebooks/`` plus ``baseline.ipynb``: one RadioButtons, one Button and an Output, nothing
else. For the baseline and every app page, interleaved (baseline, page 1, page 2, ...,
repeated ``--reps`` times, so a change in machine load hits all of them alike):

- server time to full HTML: an HTTP GET on 127.0.0.1 until the last byte (Voila runs every cell
  before it sends the page);
- browser time until the first widget is interactive: Playwright + Debian's Chromium, from
  navigation until the first widget view is rendered (widget views appear only once the
  kernel's comms are live);
- click -> feedback latency on pages with a quiz (and the baseline): measured inside the page,
  from the click on Check / Controleer to the change of the feedback area (``.aiact-feedback``);
  ``--clicks`` clicks per page view; the report gives the 95th percentile;
- kernel memory (USS and RSS, psutil) of the page's kernel after its cells ran and the clicks
  were answered. Every page view's kernel is shut down right after it (so each is measured as
  the only kernel; shared libraries then count fully in its USS).

Join pages get ``?code=`` of a session the benchmark creates in a temporary SQLite results
store, join under a pseudonym and answer the session's quiz; facilitator pages get the session's
``?code=&token=`` (the dashboard with its charts).

Then bursts of ``--burst`` concurrent page loads (HTTP, 127.0.0.1, bounded by ``--timeout``):
the baseline and ``--burst-page``, each without preheating and with a preheated pool of
``--burst`` kernels (the pool filled and idle before the burst starts; its memory is reported).

Results: ``<out>.json`` and the generated part of ``<out>.md`` (ratios to the baseline and
absolute values; see bench/report.py). Not part of the test suite's pass/fail. Only
127.0.0.1 traffic; every loop and wait is bounded.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

import nbformat
import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(ROOT / "tests" / "browser"))  # Chromium's path and flags

import report  # noqa: E402
from browser_helpers import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

from aiact_kit.commands.serve import voila_command  # noqa: E402

BASELINE = "baseline.ipynb"
BASELINE_SOURCE = """import ipywidgets as widgets
from IPython.display import display

choice = widgets.RadioButtons(options=["A", "B"], value=None, description="Answer:")
button = widgets.Button(description="Check")
out = widgets.Output()
out.add_class("aiact-feedback")


def check(_):
    with out:
        out.clear_output()
        print("Correct" if choice.value == "A" else "Not correct")


button.on_click(check)
display(widgets.VBox([choice, button, out]))
"""
KERNEL_ID = re.compile(
    r"kernel-([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.json"
)
HTML_KERNEL_ID = re.compile(r'"kernelId":\s*"([0-9a-f-]{36})"')
FIRST_WIDGET = "#rendered_cells .jupyter-widgets"
PAGE_TIMEOUT_MS = 180_000
CHECK = re.compile(r"^(Controleer|Check)$")
NEXT = re.compile(r"^(Volgende|Next)\b")
JOIN = re.compile(r"^(Doe mee|Join)$")
PSEUDONYM = re.compile(r"^(Pseudoniem|Pseudonym)$")

# In the page: arm before a click, then the first change of the feedback area to a new,
# non-empty text sets t1 (both on the page's own clock, so Playwright's overhead is excluded).
CLICK_PROBE_JS = """(sel) => {
  const fb = document.querySelector(sel);
  if (!fb) return false;
  const st = window.__aiactClick = {armed: false, t0: null, t1: null, before: ''};
  document.addEventListener('click', (e) => {
    if (st.armed && e.target.closest('button')) {
      st.armed = false; st.t0 = performance.now(); st.t1 = null; st.before = fb.innerText;
    }
  }, true);
  new MutationObserver(() => {
    if (st.t0 !== null && st.t1 === null) {
      const text = fb.innerText;
      if (text.trim() !== '' && text !== st.before) st.t1 = performance.now();
    }
  }).observe(fb, {childList: true, subtree: true, characterData: true, attributes: true});
  return true;
}"""
ARM_JS = "() => { const s = window.__aiactClick; s.armed = true; s.t0 = null; s.t1 = null; }"
DONE_JS = "() => window.__aiactClick.t1 !== null"
LATENCY_JS = "() => window.__aiactClick.t1 - window.__aiactClick.t0"
RENDERED_JS = """() => {
  const cells = document.getElementById('rendered_cells');
  if (!cells || cells.style.display === 'none' || document.getElementById('loading')) return false;
  if (cells.querySelector('script[type="application/vnd.voila.cell-output+json"]')) return false;
  return Array.from(cells.querySelectorAll('.jp-OutputArea-output'))
    .every(o => o.childElementCount > 0);
}"""


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def is_local(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("data", "blob", "about") or parts.hostname == "127.0.0.1"


# -- the served tree --------------------------------------------------------------------------
def make_tree(tmp: Path) -> Path:
    """A copy of notebooks/ with the baseline notebook at its root."""
    tree = tmp / "notebooks"
    shutil.copytree(ROOT / "notebooks", tree, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nb.metadata["title"] = "Baseline"
    nb.metadata["lang"] = "en"
    nb.cells = [nbformat.v4.new_code_cell(BASELINE_SOURCE)]
    nbformat.write(nb, tree / BASELINE)
    return tree


def app_pages() -> list[str]:
    return sorted(
        str(p.relative_to(ROOT / "notebooks"))
        for p in (ROOT / "notebooks").rglob("*.ipynb")
        if ".ipynb_checkpoints" not in p.parts
    )


def page_kind(tree: Path, path: str) -> str:
    """baseline | join | facilitator | quiz | plain, from the notebook's code."""
    if path == BASELINE:
        return "baseline"
    nb = nbformat.read(tree / path, as_version=4)
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    if "join_session(" in code:
        return "join"
    if "facilitator_dashboard(" in code:
        return "facilitator"
    if re.search(r"\bquiz\(", code):
        return "quiz"
    return "plain"


# -- the server -------------------------------------------------------------------------------
class Voila:
    """The app's Voila server on a free port in its own process group."""

    def __init__(self, tree: Path, workdir: Path, env: dict[str, str], pools: dict | None = None):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        cmd, base_env, cwd = voila_command(self.port, preheat=False)
        # voila.json's root_dir (read after the positional argument) would win over it
        cmd = [str(tree) if c == "notebooks" else c for c in cmd] + [f"--Voila.root_dir={tree}"]
        if pools:
            config = {
                "default": {"pool_size": 0},
                **{p: {"pool_size": n} for p, n in pools.items()},
            }
            cmd += [
                "--preheat_kernel=True",
                f"--VoilaKernelManager.kernel_pools_config={json.dumps(config)}",
            ]
        base_env.update(env)
        self.log_path = workdir / f"voila-{self.port}.log"
        with self.log_path.open("w") as out:
            self.proc = subprocess.Popen(
                cmd, env=base_env, cwd=cwd, stdout=out, stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip
        self.seen: set[int] = set()
        deadline = time.monotonic() + 120
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError(f"Voila exited:\n{self.log_path.read_text()[-3000:]}")
            try:
                with urllib.request.urlopen(self.url + "/voila/tree/", timeout=5) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError("Voila did not answer within 120 s")
            time.sleep(0.3)

    def render_url(self, path: str, query: str = "") -> str:
        return f"{self.url}/voila/render/{path}{query}"

    def kernels(self) -> dict[str, psutil.Process]:
        out = {}
        try:
            children = psutil.Process(self.proc.pid).children(recursive=True)
        except psutil.NoSuchProcess:
            return out
        for child in children:
            with contextlib.suppress(psutil.Error):
                m = KERNEL_ID.search(" ".join(child.cmdline()))
                if m:
                    out[m.group(1)] = child
                    self.seen.add(child.pid)
        return out

    def memory(self) -> dict[str, float]:
        info = psutil.Process(self.proc.pid).memory_full_info()
        return {"uss_mib": info.uss / 2**20, "rss_mib": info.rss / 2**20}

    def shutdown_kernel(self, kernel_id: str, wait: float = 20) -> None:
        """Voila's own shutdown endpoint (the one a closing page calls), with an XSRF pair."""
        proc = self.kernels().get(kernel_id)
        req = urllib.request.Request(
            f"{self.url}/voila/api/shutdown/{kernel_id}",
            data=b"",
            method="POST",
            headers={"X-XSRFToken": "bench", "Cookie": "_xsrf=bench"},
        )
        with contextlib.suppress(OSError):
            urllib.request.urlopen(req, timeout=30).read()
        if proc is not None:
            with contextlib.suppress(psutil.Error):
                proc.wait(timeout=wait)

    def shutdown_all(self, wait: float = 60) -> None:
        for kid in list(self.kernels()):
            self.shutdown_kernel(kid, wait=0)
        deadline = time.monotonic() + wait
        while self.kernels() and time.monotonic() < deadline:
            time.sleep(0.5)

    def cpu_total(self) -> tuple[float, int]:
        """CPU seconds used so far by the server and its live kernels, and the kernel count."""
        total = 0.0
        procs = [psutil.Process(self.proc.pid), *self.kernels().values()]
        for p in procs:
            with contextlib.suppress(psutil.Error):
                t = p.cpu_times()
                total += t.user + t.system
        return total, len(procs) - 1

    def wait_pool(self, n: int, timeout: float, quiet_s: float = 6.0) -> tuple[float, bool, int]:
        """Wait until the pre-heated pool has been filled: the server and every kernel together
        used (almost) no CPU for ``quiet_s`` seconds, i.e. every kernel has started and run the
        page and the server has rendered it, and either ``n`` kernels are up or no kernel was
        added for 30 s (a kernel can fail to start, e.g. when another process takes its port;
        the burst then runs with fewer). Returns the time until the quiet period began, whether
        ``n`` kernels were up, and how many were."""
        t0 = time.monotonic()
        history: list[tuple[float, float, int]] = []  # (time, cpu, kernels)
        last_change = t0
        while time.monotonic() - t0 < timeout:
            cpu, count = self.cpu_total()
            now = time.monotonic()
            if history and count != history[-1][2]:
                last_change = now
            history.append((now, cpu, count))
            window = [h for h in history if now - h[0] <= quiet_s + 0.5]
            quiet = (
                now - window[0][0] >= quiet_s
                and abs(cpu - window[0][1]) < 0.05 * quiet_s
                and all(h[2] == count for h in window)
            )
            if quiet and (count >= n or now - last_change >= 30):
                return window[0][0] - t0, count >= n, count
            time.sleep(1)
        cpu, count = self.cpu_total()
        return time.monotonic() - t0, False, count

    def stop(self) -> list[str]:
        self.kernels()
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()
        left = []
        for pid in self.seen:
            with contextlib.suppress(psutil.Error):
                p = psutil.Process(pid)
                p.wait(timeout=20)
        for pid in self.seen:
            if psutil.pid_exists(pid):
                left.append(pid)
                with contextlib.suppress(OSError):
                    os.kill(pid, signal.SIGKILL)
        return [str(p) for p in left]


# -- HTTP -------------------------------------------------------------------------------------
def http_page(url: str, timeout: float) -> tuple[float, str | None]:
    t0 = time.perf_counter()
    with urllib.request.urlopen(url, timeout=timeout) as r:
        body = r.read().decode("utf-8", "replace")
    elapsed = time.perf_counter() - t0
    m = HTML_KERNEL_ID.search(body)
    return elapsed, m.group(1) if m else None


def burst(server: Voila, path: str, n: int, timeout: float, query: str = "") -> dict:
    """``n`` concurrent full page loads; every thread is joined within ``timeout``."""
    url = server.render_url(path, query)
    times: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    start = threading.Event()

    def one() -> None:
        start.wait(timeout)
        try:
            t, _kid = http_page(url, timeout)
            with lock:
                times.append(t)
        except Exception as exc:  # noqa: BLE001 - counted and reported
            with lock:
                errors.append(type(exc).__name__)

    threads = [threading.Thread(target=one, daemon=True) for _ in range(n)]
    for t in threads:
        t.start()
    t0 = time.perf_counter()
    start.set()
    deadline = time.monotonic() + timeout
    for t in threads:
        t.join(timeout=max(0.0, deadline - time.monotonic()))
    wall = time.perf_counter() - t0
    unfinished = sum(t.is_alive() for t in threads)
    errors += ["Timeout"] * unfinished
    return {
        "path": path,
        "n": n,
        "ok": len(times),
        "errors": errors,
        "wall_s": wall,
        "p50_s": report.median(times),
        "p95_s": report.p95(times),
        "max_s": max(times) if times else None,
    }


# -- browser ----------------------------------------------------------------------------------
def click_samples(page, quiz_sel: str, feedback_sel: str, want: int, baseline: bool) -> list[float]:
    """Click Check and time the feedback, ``want`` times (fewer when the quiz runs out)."""
    if not page.evaluate(CLICK_PROBE_JS, feedback_sel):
        return []
    scope = page.locator(quiz_sel).first
    check = scope.get_by_role("button", name=CHECK)
    samples: list[float] = []

    def timed_click() -> None:
        page.evaluate(ARM_JS)
        check.click()
        page.wait_for_function(DONE_JS, timeout=60_000)
        samples.append(page.evaluate(LATENCY_JS))

    if baseline:
        for i in range(want):
            page.get_by_role("radio", name="AB"[i % 2]).check()
            timed_click()
        return samples
    answer = scope.locator(".aiact-quiz-answer")
    prompt = scope.locator(".aiact-quiz-prompt")
    for _question in range(want):  # bounded: at most ``want`` questions
        timed_click()  # nothing chosen yet: the quiz asks for an answer
        if len(samples) >= want:
            break
        for group in answer.locator(".widget-radio-box").all():
            group.locator("input[type=radio]").first.check()
        boxes = answer.locator("input[type=checkbox]")
        if boxes.count():
            boxes.first.check()
        for select in answer.locator("select").all():
            select.select_option(index=1)
        timed_click()  # graded
        if len(samples) >= want:
            break
        nxt = scope.get_by_role("button", name=NEXT)
        if not nxt.count() or nxt.is_disabled():
            break
        before = prompt.inner_text()
        nxt.click()
        page.wait_for_function(
            "([sel, old]) => { const e = document.querySelector(sel);"
            " return e && e.innerText !== old; }",
            arg=[f"{quiz_sel} .aiact-quiz-prompt", before],
            timeout=60_000,
        )
    return samples


def browser_view(context, server: Voila, path: str, kind: str, query: str, clicks: int) -> dict:
    page = context.new_page()
    page.set_default_timeout(PAGE_TIMEOUT_MS)
    before = set(server.kernels())
    try:
        t0 = time.perf_counter()
        page.goto(server.render_url(path, query), wait_until="commit")
        page.wait_for_selector(FIRST_WIDGET, state="visible")
        first_widget = time.perf_counter() - t0
        page.wait_for_function(RENDERED_JS, timeout=PAGE_TIMEOUT_MS)
        rendered = time.perf_counter() - t0
        clicks_ms: list[float] = []
        if kind == "baseline":
            clicks_ms = click_samples(page, "#rendered_cells", ".aiact-feedback", clicks, True)
        elif kind in ("quiz", "join"):
            if kind == "join":
                name = f"bench{int(time.time() * 1000) % 10**8}"
                page.get_by_label(PSEUDONYM).fill(name)
                page.get_by_role("button", name=JOIN).click()
                page.locator(".aiact-quiz").first.wait_for(state="visible")
            if page.locator(".aiact-quiz").count():
                clicks_ms = click_samples(
                    page, ".aiact-quiz", ".aiact-quiz .aiact-feedback", clicks, False
                )
        time.sleep(0.5)  # the kernel settles after the last reply
        new = [p for kid, p in server.kernels().items() if kid not in before]
        uss = rss = None
        if new:
            info = max(new, key=lambda p: p.create_time()).memory_full_info()
            uss, rss = info.uss / 2**20, info.rss / 2**20
        return {
            "first_widget_s": first_widget,
            "rendered_s": rendered,
            "clicks_ms": clicks_ms,
            "kernel_uss_mib": uss,
            "kernel_rss_mib": rss,
        }
    finally:
        page.close()
        for kid in set(server.kernels()) - before:
            server.shutdown_kernel(kid)


def one_view(context, server: Voila, path: str, kind: str, query: str, args) -> dict:
    """One HTTP load and one browser load of the page. The HTTP load's kernel (which ran the
    same cells) stays up while the browser's kernel is measured: libraries both map then count
    as shared, so the USS is what one more open page costs, whatever else runs on the
    machine."""
    full, kid = http_page(server.render_url(path, query), args.timeout)
    cpu = None
    try:
        proc = server.kernels().get(kid) if kid else None
        if proc is not None:
            with contextlib.suppress(psutil.Error):
                t = proc.cpu_times()
                cpu = t.user + t.system  # kernel start + the page's cells
        sample = browser_view(context, server, path, kind, query, args.clicks)
    finally:
        if kid:
            server.shutdown_kernel(kid)
    sample["full_html_s"] = full
    sample["kernel_cpu_s"] = cpu
    return sample


# -- main -------------------------------------------------------------------------------------
def workshop_session(db: Path) -> tuple[str, str]:
    from aiact_kit.engines.quiz import quiz_topics
    from aiact_kit.engines.workshop import ResultsStore

    store = ResultsStore(str(db))
    try:
        topic = next(iter(quiz_topics()))
        code, token = store.create_session("Benchmark", "nl", [topic])
    finally:
        store.close()
    return code, token


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reps", type=int, default=3, help="page views per page (default 3)")
    ap.add_argument("--clicks", type=int, default=6, help="timed clicks per page view")
    ap.add_argument("--burst", type=int, default=30, help="concurrent page loads (default 30)")
    ap.add_argument("--burst-page", default="nl/index.ipynb", help="app page of the bursts")
    ap.add_argument("--no-burst", action="store_true", help="skip the bursts")
    ap.add_argument("--pages", nargs="*", default=None, help="notebook paths under notebooks/")
    ap.add_argument("--pages-open", type=int, default=2, help="pages open per participant")
    ap.add_argument("--every", type=int, default=4, help="a baseline view every N pages")
    ap.add_argument(
        "--singleuser-mib",
        type=float,
        default=None,
        help="memory of one JupyterHub single-user server (default: the Voila server's RSS)",
    )
    ap.add_argument("--timeout", type=float, default=300, help="bound of every page load (s)")
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "performance")
    args = ap.parse_args()

    from playwright.sync_api import sync_playwright

    pages = args.pages or app_pages()
    started = time.monotonic()
    result: dict = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "mem_total_gib": psutil.virtual_memory().total / 2**30,
            "load_start": os.getloadavg()[0],
        },
        "config": {
            "reps": args.reps,
            "clicks": args.clicks,
            "burst": args.burst,
            "burst_page": args.burst_page,
            "pages": pages,
        },
    }
    # Bytecode as after `pip install` (this machine may set PYTHONDONTWRITEBYTECODE).
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(ROOT / "src" / "aiact_kit")], check=False
    )
    work = Path(tempfile.mkdtemp(prefix="aiact-bench-"))
    try:
        tree = make_tree(work)
        db = work / "results.sqlite"
        env = {
            "PYTHONPATH": os.pathsep.join(
                p for p in (str(ROOT / "src"), os.environ.get("PYTHONPATH")) if p
            ),
            "AIACT_KIT_DATA_DIR": str(work / "data"),
            "AIACT_KIT_DB": str(db),
            "PYTHONDONTWRITEBYTECODE": "",
        }
        os.environ["AIACT_KIT_DATA_DIR"] = env["AIACT_KIT_DATA_DIR"]
        code, token = workshop_session(db)
        queries = {"join": f"?code={code}", "facilitator": f"?code={code}&token={token}"}
        kinds = {p: page_kind(tree, p) for p in [BASELINE, *pages]}
        samples: dict[str, list[dict]] = {p: [] for p in kinds}

        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            context = browser.new_context()
            context.route("**/*", lambda r: r.continue_() if is_local(r.request.url) else r.abort())
            server = Voila(tree, work, env)
            try:
                log(f"warm-up: {len(kinds)} pages")
                for path, kind in kinds.items():
                    _t, kid = http_page(server.render_url(path, queries.get(kind, "")), 300)
                    if kid:
                        server.shutdown_kernel(kid)
                    browser_view(context, server, path, kind, queries.get(kind, ""), 1)
                # the baseline before every --every pages and at the end of each round, so
                # every page view has a baseline view a few minutes before and after it
                order = []
                for i, path in enumerate(pages):
                    if i % args.every == 0:
                        order.append(BASELINE)
                    order.append(path)
                order.append(BASELINE)
                step = 0
                for rep in range(args.reps):
                    for path in order:
                        log(f"rep {rep + 1}/{args.reps}: {path}")
                        kind = kinds[path]
                        sample = one_view(context, server, path, kind, queries.get(kind, ""), args)
                        sample["step"] = step
                        step += 1
                        samples[path].append(sample)
                result["server"] = server.memory()
                if not args.no_burst:
                    bursts = result.setdefault("bursts", {})
                    for key, path in (("baseline", BASELINE), ("app", args.burst_page)):
                        log(f"burst of {args.burst}: {path}, no preheat")
                        bursts[key] = burst(server, path, args.burst, args.timeout)
                        server.shutdown_all()
            finally:
                server.stop()
            browser.close()

        if not args.no_burst:
            for key, path in (("baseline_preheat", BASELINE), ("app_preheat", args.burst_page)):
                log(f"burst of {args.burst}: {path}, preheated pool of {args.burst}")
                try:
                    server = Voila(tree, work, env, pools={path: args.burst})
                except RuntimeError as exc:
                    result["bursts"][key] = {"path": path, "n": args.burst, "error": str(exc)}
                    continue
                try:
                    fill, complete, _ = server.wait_pool(args.burst, max(600, 20 * args.burst))
                    mem = []
                    for p in server.kernels().values():
                        with contextlib.suppress(psutil.Error):
                            mem.append(p.memory_full_info())
                    b = burst(server, path, args.burst, args.timeout)
                    b.update(
                        pool_fill_s=fill,
                        pool_complete=complete,
                        pool_kernels=len(mem),
                        pool_uss_mib=sum(m.uss for m in mem) / 2**20,
                        pool_rss_mib=sum(m.rss for m in mem) / 2**20,
                    )
                    result["bursts"][key] = b
                except Exception as exc:  # noqa: BLE001 - reported; the page figures are kept
                    result["bursts"][key] = {"path": path, "n": args.burst, "error": repr(exc)}
                finally:
                    server.stop()
    finally:
        shutil.rmtree(work, ignore_errors=True)

    base = report.summarize(samples[BASELINE])
    result["baseline"] = {"path": BASELINE, **base}
    result["pages"] = [
        {
            "path": p,
            "kind": kinds[p],
            **report.with_ratios(
                report.summarize(samples[p]),
                base,
                paired=report.paired_ratios(samples[p], samples[BASELINE]),
            ),
        }
        for p in pages
    ]
    result["samples"] = samples
    # participants' pages (not the facilitator's dashboard)
    measured = [
        p for p in result["pages"] if p.get("kernel_uss_mib") and p["kind"] != "facilitator"
    ]
    if measured:
        result["sizing"] = report.sizing_summary(
            measured,
            server_rss_mib=result.get("server", {}).get("rss_mib", 0.0),
            pages_open=args.pages_open,
            singleuser_mib=args.singleuser_mib,
        )
    result["machine"]["load_end"] = os.getloadavg()[0]
    result["duration_s"] = time.monotonic() - started

    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.with_suffix(".json").write_text(json.dumps(result, indent=2) + "\n")
    md = args.out.with_suffix(".md")
    generated = report.markdown(result)
    md.write_text(report.splice(md.read_text() if md.exists() else None, generated))
    print(generated)
    log(f"done in {result['duration_s']:.0f} s: {args.out.with_suffix('.json')}, {md}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
