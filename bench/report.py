"""Pure helpers of the benchmark (no servers, no browser): statistics, ratios to the baseline,
the target checks, the sizing table and the Markdown report. ``bench/run.py`` measures and
calls these; ``tests/project/test_bench_report.py`` tests them.

The Markdown report replaces only the part of ``docs/performance.md`` between the markers
``<!-- bench:begin -->`` and ``<!-- bench:end -->``; the hand-written analysis around them is
kept.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable, Sequence
from typing import Any

BEGIN = "<!-- bench:begin -->"
END = "<!-- bench:end -->"

# Targets of issue 9 (ratios are page / baseline of the same run).
TARGET_FIRST_WIDGET_RATIO = 1.2
TARGET_USS_RATIO = 1.2
TARGET_CLICK_P95_MS = 150.0
TARGET_BURST_P95_S = 1.0

PARTICIPANTS = (10, 30, 100)


# -- statistics -------------------------------------------------------------------------------
def p95(values: Iterable[float]) -> float | None:
    """The 95th percentile by the nearest-rank method (None for no values)."""
    data = sorted(v for v in values if v is not None and not math.isnan(v))
    if not data:
        return None
    rank = max(1, math.ceil(0.95 * len(data)))
    return data[rank - 1]


def median(values: Iterable[float]) -> float | None:
    data = [v for v in values if v is not None and not math.isnan(v)]
    return statistics.median(data) if data else None


def ratio(value: float | None, base: float | None) -> float | None:
    """``value / base``, or None when either is missing or the base is not positive."""
    if value is None or base is None or base <= 0:
        return None
    return value / base


def summarize(samples: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """One page's figures from its samples (one dict per page view): medians of the times
    and memory, the p95 of every click->feedback latency."""
    clicks = [c for s in samples for c in s.get("clicks_ms", [])]
    return {
        "n": len(samples),
        "full_html_s": median(s.get("full_html_s") for s in samples),
        "first_widget_s": median(s.get("first_widget_s") for s in samples),
        "click_p95_ms": p95(clicks),
        "click_n": len(clicks),
        "kernel_uss_mib": median(s.get("kernel_uss_mib") for s in samples),
        "kernel_rss_mib": median(s.get("kernel_rss_mib") for s in samples),
    }


FIGURES = ("full_html_s", "first_widget_s", "click_p95_ms", "kernel_uss_mib", "kernel_rss_mib")


PAIRED = ("full_html_s", "first_widget_s")


def paired_ratios(
    page_samples: Sequence[dict[str, Any]], baseline_samples: Sequence[dict[str, Any]]
) -> dict[str, float | None]:
    """For the times that drift with the machine's load: each page view against the mean of
    the baseline views just before and just after it (by their ``step``), then the median of
    those ratios."""
    out: dict[str, float | None] = {}
    base = sorted((b["step"], b) for b in baseline_samples if "step" in b)
    for key in PAIRED:
        ratios = []
        for s in page_samples:
            if "step" not in s or s.get(key) is None:
                continue
            before = [b[key] for step, b in base if step < s["step"] and b.get(key)]
            after = [b[key] for step, b in base if step > s["step"] and b.get(key)]
            near = before[-1:] + after[:1]
            if near:
                ratios.append(s[key] / (sum(near) / len(near)))
        out[key] = median(ratios)
    return out


def with_ratios(
    page: dict[str, Any], baseline: dict[str, Any], paired: dict[str, Any] | None = None
) -> dict[str, Any]:
    """The page's figures plus ``<figure>_ratio`` for each figure, against the baseline
    (against the neighbouring baseline views where ``paired`` has a ratio)."""
    out = dict(page)
    for key in FIGURES:
        out[f"{key}_ratio"] = ratio(page.get(key), baseline.get(key))
        if paired and paired.get(key) is not None:
            out[f"{key}_ratio"] = paired[key]
    return out


# -- targets ----------------------------------------------------------------------------------
def _check(name: str, value: float | None, target: float, unit: str) -> dict[str, Any]:
    if value is None:
        return {"name": name, "value": None, "target": target, "unit": unit, "ok": None}
    ok = value <= target
    miss = None if ok else value - target
    return {"name": name, "value": value, "target": target, "unit": unit, "ok": ok, "miss": miss}


def check_targets(result: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per target and page: value, target, met or not, and by how much it is missed."""
    rows = []
    for page in result.get("pages", []):
        path = page["path"]
        rows.append(
            _check(
                f"{path}: first widget / baseline",
                page.get("first_widget_s_ratio"),
                TARGET_FIRST_WIDGET_RATIO,
                "×",
            )
        )
        rows.append(
            _check(
                f"{path}: kernel USS / baseline",
                page.get("kernel_uss_mib_ratio"),
                TARGET_USS_RATIO,
                "×",
            )
        )
        if page.get("click_p95_ms") is not None:
            rows.append(
                _check(
                    f"{path}: click→feedback p95", page["click_p95_ms"], TARGET_CLICK_P95_MS, "ms"
                )
            )
    burst = result.get("bursts", {}).get("app_preheat")
    if burst and not burst.get("error"):
        rows.append(
            _check(
                f"burst of {burst['n']} ({burst['path']}), preheated: p95 full HTML",
                burst.get("p95_s") if burst.get("ok") == burst.get("n") else math.inf,
                TARGET_BURST_P95_S,
                "s",
            )
        )
    return rows


# -- sizing -----------------------------------------------------------------------------------
def sizing(
    kernel_uss_mib: float,
    kernel_shared_mib: float,
    server_rss_mib: float,
    pages_open: int,
    participants: Iterable[int] = PARTICIPANTS,
    per_participant_server_mib: float = 0.0,
) -> list[dict[str, Any]]:
    """Memory for ``n`` participants: every open page holds one kernel (``kernel_uss_mib`` of
    its own), plus the memory the kernels share once (libraries: ``kernel_shared_mib``), plus
    the server (one Voila server, or per participant ``per_participant_server_mib`` under
    JupyterHub)."""
    rows = []
    for n in participants:
        kernels = n * pages_open
        total = (
            kernels * kernel_uss_mib
            + kernel_shared_mib
            + server_rss_mib
            + n * per_participant_server_mib
        )
        rows.append({"participants": n, "kernels": kernels, "total_mib": total})
    return rows


def sizing_summary(
    pages: Sequence[dict[str, Any]],
    server_rss_mib: float,
    pages_open: int,
    singleuser_mib: float | None = None,
) -> dict[str, Any]:
    """The sizing figures from the participants' pages: a typical page (the median kernel USS)
    and the worst (the largest), the shared libraries once, one Voila server or one
    single-user server per participant (JupyterHub)."""
    typical = median(p["kernel_uss_mib"] for p in pages)
    worst = max(pages, key=lambda p: p["kernel_uss_mib"])
    shared = median(p["kernel_rss_mib"] - p["kernel_uss_mib"] for p in pages)
    singleuser = singleuser_mib if singleuser_mib is not None else server_rss_mib
    kw = {"kernel_shared_mib": shared, "pages_open": pages_open}
    return {
        "typical_uss_mib": typical,
        "worst_page": worst["path"],
        "worst_uss_mib": worst["kernel_uss_mib"],
        "kernel_shared_mib": shared,
        "pages_open": pages_open,
        "per_participant_mib": pages_open * typical,
        "server_rss_mib": server_rss_mib,
        "singleuser_mib": singleuser,
        "voila": sizing(typical, server_rss_mib=server_rss_mib, **kw),
        "voila_worst": sizing(worst["kernel_uss_mib"], server_rss_mib=server_rss_mib, **kw),
        "hub": sizing(typical, server_rss_mib=0.0, per_participant_server_mib=singleuser, **kw),
    }


# -- Markdown ---------------------------------------------------------------------------------
def _num(value: float | None, fmt: str, unit: str = "") -> str:
    if value is None:
        return "–"
    if isinstance(value, float) and math.isinf(value):
        return "∞"
    return f"{value:{fmt}}{unit}"


def _rx(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}×"


def _fig(page: dict[str, Any], key: str, fmt: str, unit: str) -> str:
    """'1.23× (4.56 s)': ratio first, absolute value in brackets."""
    value = page.get(key)
    if value is None:
        return "–"
    return f"{_rx(page.get(key + '_ratio'))} ({_num(value, fmt, unit)})"


def _gib(mib: float) -> str:
    return f"{mib / 1024:.1f} GiB"


def markdown(result: dict[str, Any]) -> str:
    """The generated part of docs/performance.md (between the markers)."""
    b = result["baseline"]
    m = result.get("machine", {})
    cfg = result.get("config", {})
    lines = [
        BEGIN,
        "",
        f"Measured {result.get('when', '?')} with `python bench/run.py` on "
        f"{m.get('cpus', '?')} CPUs ({_num(m.get('mem_total_gib'), '.0f', ' GiB')} RAM, "
        f"load average {_num(m.get('load_start'), '.1f')} at the start, "
        f"{_num(m.get('load_end'), '.1f')} at the end), Python {m.get('python', '?')}. "
        f"{cfg.get('reps', '?')} page views per page, interleaved with the baseline; medians, "
        "except click→feedback (95th percentile of all clicks). Each cell shows the ratio to "
        "the baseline of the same run, then the absolute value.",
        "",
        "| page | full HTML | first widget | click→feedback p95 | kernel USS | kernel RSS |",
        "|---|---|---|---|---|---|",
        "| **baseline** (one RadioButtons + Button + Output) | "
        f"{_num(b['full_html_s'], '.2f', ' s')}"
        f" | {_num(b['first_widget_s'], '.2f', ' s')} | {_num(b['click_p95_ms'], '.0f', ' ms')}"
        f" | {_num(b['kernel_uss_mib'], '.1f', ' MiB')}"
        f" | {_num(b['kernel_rss_mib'], '.1f', ' MiB')}"
        " |",
    ]
    for p in result.get("pages", []):
        lines.append(
            f"| {p['path']} | {_fig(p, 'full_html_s', '.2f', ' s')} | "
            f"{_fig(p, 'first_widget_s', '.2f', ' s')} | {_fig(p, 'click_p95_ms', '.0f', ' ms')}"
            f" | {_fig(p, 'kernel_uss_mib', '.1f', ' MiB')} | "
            f"{_fig(p, 'kernel_rss_mib', '.1f', ' MiB')} |"
        )
    server = result.get("server", {})
    lines += [
        "",
        f"Voilà server process: {_num(server.get('rss_mib'), '.0f', ' MiB')} RSS, "
        f"{_num(server.get('uss_mib'), '.0f', ' MiB')} USS (after all page views).",
        "",
        "### Targets",
        "",
        "| target | value | limit | met |",
        "|---|---|---|---|",
    ]
    for row in check_targets(result):
        unit = row["unit"]
        fmt = ".2f" if unit in ("×", "s") else ".0f"
        value = _num(row["value"], fmt, "" if unit == "×" else f" {unit}")
        if unit == "×" and row["value"] is not None:
            value += "×"
        limit = f"{row['target']:{fmt}}{'×' if unit == '×' else ' ' + unit}"
        if row["ok"] is None:
            met = "not measured"
        elif row["ok"]:
            met = "yes"
        else:
            miss = row["miss"]
            if math.isinf(miss):
                missed = "∞"
            elif unit == "×" and miss < 0.005:
                missed = "<0.01"
            else:
                missed = f"{miss:{fmt}}"
            met = f"**no**, by {missed}{'×' if unit == '×' else ' ' + unit}"
        lines.append(f"| {row['name']} | {value} | {limit} | {met} |")

    lines += [
        "",
        "### Burst of concurrent page loads (HTTP on 127.0.0.1)",
        "",
        "Every request is a full page load (a new kernel per request). "
        "Preheated: a pool of kernels that already ran the page, one per request.",
        "",
        "| run | page | ok/n | p50 full HTML | p95 full HTML | max | wall | pool fill | "
        "pool memory (USS / RSS sum) |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    labels = {
        "baseline": "baseline, no preheat",
        "app": "app page, no preheat",
        "baseline_preheat": "baseline, preheated",
        "app_preheat": "app page, preheated",
    }
    for key, label in labels.items():
        x = result.get("bursts", {}).get(key)
        if not x:
            continue
        if x.get("error"):
            lines.append(f"| {label} | {x['path']} | failed: {x['error'][:80]} | | | | | | |")
            continue
        pool = "–"
        if x.get("pool_uss_mib") is not None:
            pool = (
                f"{x['pool_uss_mib']:.0f} / {x['pool_rss_mib']:.0f} MiB "
                f"({x['pool_kernels']} kernels)"
            )
            if x.get("pool_complete") is False:
                pool += ", pool incomplete"
        lines.append(
            f"| {label} | {x['path']} | {x['ok']}/{x['n']} | {_num(x.get('p50_s'), '.2f', ' s')} | "
            f"{_num(x.get('p95_s'), '.2f', ' s')} | {_num(x.get('max_s'), '.2f', ' s')} | "
            f"{_num(x.get('wall_s'), '.1f', ' s')} | {_num(x.get('pool_fill_s'), '.0f', ' s')} | "
            f"{pool} |"
        )
        if x.get("errors"):
            lines.append(f"| | errors: {', '.join(sorted(set(x['errors'])))} | | | | | | | |")

    size = result.get("sizing")
    if size:
        lines += [
            "",
            "### Memory per participant and sizing",
            "",
            f"Every open page holds one kernel: {size['typical_uss_mib']:.0f} MiB USS for a "
            f"typical participant page (the median above), {size['worst_uss_mib']:.0f} MiB for "
            f"the largest ({size['worst_page']}). The libraries the kernels share count once "
            f"({size['kernel_shared_mib']:.0f} MiB, kernel RSS − USS), the Voilà server once "
            f"({size['server_rss_mib']:.0f} MiB RSS). With {size['pages_open']} pages open per "
            f"participant that is **{size['per_participant_mib']:.0f} MiB per participant** on "
            f"one Voilà server; under JupyterHub each participant also has a single-user server "
            f"({size['singleuser_mib']:.0f} MiB).",
            "",
            "| participants | kernels | one Voilà server, typical pages | one Voilà server, "
            "every page the largest | JupyterHub, typical pages |",
            "|---|---|---|---|---|",
        ]
        for one, worst, hub in zip(size["voila"], size["voila_worst"], size["hub"], strict=True):
            lines.append(
                f"| {one['participants']} | {one['kernels']} | {_gib(one['total_mib'])} | "
                f"{_gib(worst['total_mib'])} | {_gib(hub['total_mib'])} |"
            )
    lines += ["", END]
    return "\n".join(lines) + "\n"


def splice(document: str | None, generated: str, title: str = "# Performance") -> str:
    """``document`` with the part between the markers replaced by ``generated`` (which
    includes the markers); a new document when there is none or it has no markers."""
    if document and BEGIN in document and END in document:
        head, rest = document.split(BEGIN, 1)
        _, tail = rest.split(END, 1)
        return head + generated.rstrip("\n") + tail
    return f"{title}\n\n{generated}"


__all__ = [
    "p95",
    "median",
    "ratio",
    "summarize",
    "with_ratios",
    "check_targets",
    "sizing",
    "sizing_summary",
    "paired_ratios",
    "markdown",
    "splice",
    "BEGIN",
    "END",
]
