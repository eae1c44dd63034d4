"""The benchmark's pure helpers (bench/report.py): percentiles, ratios to the baseline, target
checks, sizing and the Markdown report. The benchmark itself (bench/run.py) is not part of the
test suite."""

from __future__ import annotations

import importlib.util
import math
from pathlib import Path

import pytest

_PATH = Path(__file__).resolve().parents[2] / "bench" / "report.py"
_spec = importlib.util.spec_from_file_location("bench_report", _PATH)
report = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(report)


def test_p95_nearest_rank_and_empty_input():
    assert report.p95([]) is None
    assert report.p95([5.0]) == 5.0
    assert report.p95(list(range(1, 21))) == 19  # ceil(0.95 * 20) = 19th value
    assert report.p95(list(range(1, 101))) == 95
    assert report.p95([3, 1, 2, float("nan")]) == 3  # NaN ignored, order does not matter


def test_ratio_and_median():
    assert report.ratio(3.0, 2.0) == 1.5
    assert report.ratio(None, 2.0) is None
    assert report.ratio(1.0, 0.0) is None
    assert report.median([3, 1, 2]) == 2
    assert report.median([None]) is None


def test_summarize_and_ratios_against_the_baseline():
    samples = [
        {"full_html_s": 1.0, "first_widget_s": 2.0, "clicks_ms": [10, 20], "kernel_uss_mib": 40},
        {"full_html_s": 3.0, "first_widget_s": 4.0, "clicks_ms": [30], "kernel_uss_mib": 44},
    ]
    s = report.summarize(samples)
    assert (s["full_html_s"], s["first_widget_s"], s["kernel_uss_mib"]) == (2.0, 3.0, 42)
    assert s["click_p95_ms"] == 30 and s["click_n"] == 3
    base = {"full_html_s": 1.0, "first_widget_s": 2.0, "click_p95_ms": 15, "kernel_uss_mib": 40}
    r = report.with_ratios(s, base)
    assert r["full_html_s_ratio"] == 2.0
    assert r["first_widget_s_ratio"] == 1.5
    assert r["click_p95_ms_ratio"] == 2.0
    assert r["kernel_uss_mib_ratio"] == pytest.approx(1.05)
    assert r["kernel_rss_mib_ratio"] is None  # not measured


def _result(uss_ratio=1.1, burst_ok=30):
    base = {
        "full_html_s": 1.0,
        "first_widget_s": 2.0,
        "click_p95_ms": 40.0,
        "kernel_uss_mib": 40.0,
        "kernel_rss_mib": 55.0,
    }
    page = report.with_ratios(
        {
            "full_html_s": 1.5,
            "first_widget_s": 2.6,
            "click_p95_ms": 180.0,
            "kernel_uss_mib": 40.0 * uss_ratio,
            "kernel_rss_mib": 60.0,
        },
        base,
    )
    return {
        "when": "2026-01-01T00:00:00+00:00",
        "machine": {"cpus": 2, "python": "3.11", "mem_total_gib": 24, "load_start": 1.0},
        "config": {"reps": 3},
        "baseline": base,
        "pages": [{"path": "nl/index.ipynb", **page}],
        "server": {"rss_mib": 100.0, "uss_mib": 80.0},
        "bursts": {
            "app_preheat": {
                "path": "nl/index.ipynb",
                "n": 30,
                "ok": burst_ok,
                "errors": [],
                "p50_s": 0.1,
                "p95_s": 0.4,
                "max_s": 0.5,
                "wall_s": 0.6,
                "pool_fill_s": 50.0,
                "pool_kernels": 30,
                "pool_uss_mib": 1300.0,
                "pool_rss_mib": 1900.0,
            }
        },
    }


def test_targets_report_met_and_missed_by_how_much():
    rows = {r["name"]: r for r in report.check_targets(_result())}
    first = rows["nl/index.ipynb: first widget / baseline"]
    assert first["ok"] is False and first["miss"] == pytest.approx(0.1)  # 1.3x vs 1.2x
    assert rows["nl/index.ipynb: kernel USS / baseline"]["ok"] is True
    click = rows["nl/index.ipynb: click→feedback p95"]
    assert click["ok"] is False and click["miss"] == pytest.approx(30)
    burst = rows["burst of 30 (nl/index.ipynb), preheated: p95 full HTML"]
    assert burst["ok"] is True


def test_a_burst_with_failed_requests_misses_its_target():
    rows = report.check_targets(_result(burst_ok=29))
    burst = next(r for r in rows if r["name"].startswith("burst"))
    assert burst["ok"] is False and math.isinf(burst["value"])


def test_sizing_counts_kernels_per_page_shared_libraries_once_and_the_server():
    rows = report.sizing(45.0, 20.0, 100.0, pages_open=2, participants=(10, 30))
    assert [r["kernels"] for r in rows] == [20, 60]
    assert rows[0]["total_mib"] == 20 * 45.0 + 20.0 + 100.0
    hub = report.sizing(
        45.0, 20.0, 0.0, pages_open=2, participants=(10,), per_participant_server_mib=90
    )
    assert hub[0]["total_mib"] == 20 * 45.0 + 20.0 + 10 * 90


def test_markdown_shows_ratios_with_absolute_values_and_missed_targets():
    md = report.markdown(_result(uss_ratio=1.25))
    assert md.startswith(report.BEGIN) and md.rstrip().endswith(report.END)
    assert (
        "| nl/index.ipynb | 1.50× (1.50 s) | 1.30× (2.60 s) | 4.50× (180 ms) | 1.25× (50.0 MiB)"
        in md
    )
    assert "**no**, by 0.05×" in md  # kernel USS 1.25x against 1.2x
    assert "**no**, by 30 ms" in md
    assert "1300 / 1900 MiB (30 kernels)" in md


def test_splice_keeps_the_hand_written_text():
    doc = f"# Performance\n\nIntro.\n\n{report.BEGIN}\nold\n{report.END}\n\n## Analysis\nkept\n"
    new = report.splice(doc, f"{report.BEGIN}\nnew\n{report.END}\n")
    assert (
        new
        == f"# Performance\n\nIntro.\n\n{report.BEGIN}\nnew\n{report.END}\n\n## Analysis\nkept\n"
    )
    fresh = report.splice(None, f"{report.BEGIN}\nx\n{report.END}\n")
    assert fresh.startswith("# Performance\n\n" + report.BEGIN)


def test_paired_ratios_use_the_baseline_views_around_each_page_view():
    baseline = [
        {"step": 0, "first_widget_s": 2.0, "full_html_s": 1.0},
        {"step": 3, "first_widget_s": 4.0, "full_html_s": 1.0},  # the machine got busier
        {"step": 6, "first_widget_s": 4.0, "full_html_s": 1.0},
    ]
    page = [
        {"step": 1, "first_widget_s": 3.0, "full_html_s": 2.0},  # vs (2 + 4) / 2 = 3 -> 1.0
        {"step": 4, "first_widget_s": 6.0, "full_html_s": 2.0},  # vs (4 + 4) / 2 = 4 -> 1.5
        {"step": 5, "first_widget_s": 4.4, "full_html_s": 2.0},  # -> 1.1
    ]
    r = report.paired_ratios(page, baseline)
    assert r["first_widget_s"] == pytest.approx(1.1)
    assert r["full_html_s"] == pytest.approx(2.0)
    # against the overall median (3.0 s vs 4.0 s) the page would look faster than the baseline
    s = report.with_ratios(report.summarize(page), report.summarize(baseline), paired=r)
    assert s["first_widget_s_ratio"] == pytest.approx(1.1)
    assert report.paired_ratios(page, [])["first_widget_s"] is None


def test_sizing_summary_uses_the_typical_and_the_largest_participant_page():
    pages = [
        {"path": "a", "kernel_uss_mib": 40.0, "kernel_rss_mib": 60.0},
        {"path": "b", "kernel_uss_mib": 44.0, "kernel_rss_mib": 64.0},
        {"path": "timeline", "kernel_uss_mib": 80.0, "kernel_rss_mib": 100.0},
    ]
    s = report.sizing_summary(pages, server_rss_mib=150.0, pages_open=2, singleuser_mib=120.0)
    assert (s["typical_uss_mib"], s["worst_page"], s["kernel_shared_mib"]) == (
        44.0,
        "timeline",
        20.0,
    )
    assert s["per_participant_mib"] == 88.0
    ten = s["voila"][0]
    assert ten["participants"] == 10 and ten["total_mib"] == 20 * 44.0 + 20.0 + 150.0
    assert s["voila_worst"][0]["total_mib"] == 20 * 80.0 + 20.0 + 150.0
    assert s["hub"][0]["total_mib"] == 20 * 44.0 + 20.0 + 10 * 120.0
    md = report.markdown({**_result(), "sizing": s})
    assert "**88 MiB per participant**" in md and "| 10 | 20 | 1.0 GiB | 1.7 GiB | 2.1 GiB |" in md
