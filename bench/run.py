"""Benchmark the Voila app against a bare one-widget Voila notebook, measured in the same run.

    python bench/run.py [--reps 3] [--burst 30] [--pages GLOB ...] [--out docs/performance]

For the baseline notebook and for every app page it measures:
- server time to full HTML (HTTP GET on loopback, median of --reps);
- browser time until the first widget is interactive (Playwright + Debian chromium);
- click -> feedback latency where the page has a quiz-like control (p95 over --reps);
- kernel memory (USS and RSS) of the page's kernel (preheat off, so each page has its own);
plus a burst of --burst concurrent page loads at HTTP level, with and without preheated
kernels. Results go to ``<out>.json`` and ``<out>.md`` with each figure as a ratio to the
baseline. Not part of the test suite's pass/fail; it only uses 127.0.0.1.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import nbformat
import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from aiact_kit.commands.serve import voila_command  # noqa: E402

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
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
CHECK_BUTTON = "button:is(:text('Check'), :text('Controleer'), :text('Check answer'))"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def baseline_dir() -> Path:
    d = Path(tempfile.mkdtemp(prefix="aiact-bench-"))
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nb.metadata["title"] = "Baseline"
    nb.metadata["lang"] = "en"
    nb.cells = [nbformat.v4.new_code_cell(BASELINE_SOURCE)]
    nbformat.write(nb, d / "baseline.ipynb")
    return d


@contextmanager
def voila(notebook_dir: Path, preheat: bool, extra: list[str] | None = None):
    port = free_port()
    cmd, env, cwd = voila_command(port, preheat=preheat)
    cmd = [str(notebook_dir) if c == "notebooks" else c for c in cmd]
    cmd += [
        "--MappingKernelManager.cull_idle_timeout=4",
        "--MappingKernelManager.cull_interval=2",
        *(extra or []),
    ]
    proc = subprocess.Popen(
        cmd,
        env=env,
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(url + "/", timeout=2).read()
                break
            except OSError:
                time.sleep(0.2)
        else:
            raise RuntimeError("voila did not start")
        if preheat:
            time.sleep(8)  # let the pools fill
        yield url, proc
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


def kernels(server: subprocess.Popen) -> dict[int, psutil.Process]:
    out = {}
    for child in psutil.Process(server.pid).children(recursive=True):
        try:
            if "ipykernel" in " ".join(child.cmdline()):
                out[child.pid] = child
        except psutil.Error:
            pass
    return out


def http_full(url: str) -> float:
    t0 = time.perf_counter()
    with urllib.request.urlopen(url, timeout=120) as r:
        r.read()
    return time.perf_counter() - t0


def p95(values: list[float]) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(round(0.95 * (len(values) - 1))))]


def measure_page(browser, base: str, path: str, server, reps: int) -> dict:
    url = f"{base}/voila/render/{path}"
    full_html = [http_full(url) for _ in range(reps)]
    time.sleep(1)
    widget_times, clicks, uss, rss = [], [], [], []
    for _ in range(reps):
        before = set(kernels(server))
        page = browser.new_page()
        t0 = time.perf_counter()
        page.goto(url)
        # first widget view rendered by the widget manager (controls are live once rendered)
        page.wait_for_selector(".jupyter-widgets", state="visible", timeout=120_000)
        widget_times.append(time.perf_counter() - t0)
        radio = page.locator("input[type=radio]").first
        button = page.locator(CHECK_BUTTON).first
        if radio.count() and button.count():
            radio.check()
            feedback = page.locator(".aiact-feedback").first
            before_text = feedback.inner_text() if feedback.count() else ""
            t1 = time.perf_counter()
            button.click()
            page.wait_for_function(
                "([sel, old]) => { const e = document.querySelector(sel);"
                " return e && e.innerText.trim() !== '' && e.innerText !== old; }",
                arg=[".aiact-feedback", before_text],
                timeout=30_000,
            )
            clicks.append(time.perf_counter() - t1)
        new = [p for pid, p in kernels(server).items() if pid not in before]
        for proc in new[:1]:
            try:
                info = proc.memory_full_info()
                uss.append(info.uss / 2**20)
                rss.append(info.rss / 2**20)
            except psutil.Error:
                pass
        page.close()
    return {
        "path": path,
        "full_html_s": statistics.median(full_html),
        "first_widget_s": statistics.median(widget_times),
        "click_feedback_p95_s": p95(clicks) if clicks else None,
        "kernel_uss_mib": statistics.median(uss) if uss else None,
        "kernel_rss_mib": statistics.median(rss) if rss else None,
    }


def burst(base: str, path: str, n: int, timeout: float = 120.0) -> dict:
    url = f"{base}/voila/render/{path}"
    times: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()

    def one() -> None:
        try:
            t = http_full(url)
            with lock:
                times.append(t)
        except Exception as exc:  # noqa: BLE001 - counted, reported
            with lock:
                errors.append(type(exc).__name__)

    threads = [threading.Thread(target=one) for _ in range(n)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=timeout)
    return {
        "path": path,
        "n": n,
        "ok": len(times),
        "errors": errors,
        "wall_s": time.perf_counter() - t0,
        "p50_s": statistics.median(times) if times else None,
        "p95_s": p95(times),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--burst", type=int, default=30)
    ap.add_argument("--pages", nargs="*", default=None, help="notebook paths under notebooks/")
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "performance")
    args = ap.parse_args()

    from playwright.sync_api import sync_playwright

    pages = args.pages or sorted(
        str(p.relative_to(ROOT / "notebooks")) for p in (ROOT / "notebooks").rglob("*.ipynb")
    )
    result: dict = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "reps": args.reps,
    }
    base_dir = baseline_dir()
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        with voila(base_dir, preheat=False) as (url, server):
            result["baseline"] = measure_page(browser, url, "baseline.ipynb", server, args.reps)
            result["baseline_burst"] = burst(url, "baseline.ipynb", args.burst)
        with voila(ROOT / "notebooks", preheat=False) as (url, server):
            result["pages"] = [measure_page(browser, url, p, server, args.reps) for p in pages]
            first = pages[0]
            result["burst_no_preheat"] = burst(url, first, args.burst)
        pool = [f"--pool_size={args.burst}", "--VoilaKernelManager.fill_delay=600"]
        with voila(ROOT / "notebooks", preheat=True, extra=pool) as (url, server):
            time.sleep(max(0, args.burst * 0.9 - 8))  # the pool of --burst kernels fills
            result["burst_preheat"] = burst(url, pages[0], args.burst)
        browser.close()

    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.with_suffix(".json").write_text(json.dumps(result, indent=2))
    args.out.with_suffix(".md").write_text(markdown(result))
    print(markdown(result))
    return 0


def _ratio(value, base) -> str:
    if value is None or base in (None, 0):
        return "–"
    return f"{value / base:.2f}×"


def markdown(r: dict) -> str:
    b = r["baseline"]
    lines = [
        "# Performance",
        "",
        f"Measured {r['when']} on {r['machine']['cpus']} CPUs with `python bench/run.py` "
        f"({r['reps']} repetitions per figure). Ratios are against a bare one-widget Voilà "
        "notebook measured in the same run.",
        "",
        "| page | full HTML | first widget | click→feedback p95 | kernel USS | kernel RSS |",
        "|---|---|---|---|---|---|",
        f"| baseline | {b['full_html_s']:.2f} s | {b['first_widget_s']:.2f} s | "
        f"{(b['click_feedback_p95_s'] or 0) * 1000:.0f} ms | {b['kernel_uss_mib'] or 0:.0f} MiB"
        f" | {b['kernel_rss_mib'] or 0:.0f} MiB |",
    ]
    for p in r["pages"]:
        click = p["click_feedback_p95_s"]
        lines.append(
            f"| {p['path']} | {_ratio(p['full_html_s'], b['full_html_s'])} | "
            f"{_ratio(p['first_widget_s'], b['first_widget_s'])} ({p['first_widget_s']:.2f} s) | "
            f"{'–' if click is None else f'{click * 1000:.0f} ms'} | "
            f"{_ratio(p['kernel_uss_mib'], b['kernel_uss_mib'])} "
            f"({p['kernel_uss_mib'] or 0:.0f} MiB) | "
            f"{_ratio(p['kernel_rss_mib'], b['kernel_rss_mib'])} |"
        )
    lines += ["", "## Burst of concurrent page loads (HTTP, loopback)", ""]
    lines += [
        "| run | page | ok/n | p50 full HTML | p95 full HTML | wall |",
        "|---|---|---|---|---|---|",
    ]
    for key in ("baseline_burst", "burst_no_preheat", "burst_preheat"):
        x = r.get(key)
        if x:
            lines.append(
                f"| {key} | {x['path']} | {x['ok']}/{x['n']} | {x['p50_s'] or 0:.2f} s | "
                f"{x['p95_s']:.2f} s | {x['wall_s']:.1f} s |"
            )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
