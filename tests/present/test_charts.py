"""Charts drawn by the chart worker process (matplotlib) with an on-disk cache, and the text
the timeline chart shows when the worker fails."""

from __future__ import annotations

import os
import subprocess
import time
from datetime import date
from html import escape

import pytest

from aiact_kit.present import charts
from aiact_kit.present import workshop_questions as ws
from aiact_kit.present.charts import ChartError, prune_cache, render_png, render_pngs, spec_key
from aiact_kit.widgets import timeline as tl


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("AIACT_KIT_CACHE_DIR", str(folder))
    return folder / "charts"


@pytest.fixture
def no_worker(monkeypatch):
    """Any attempt to start the worker fails the test."""

    def refuse(*args, **kwargs):
        raise AssertionError(f"the chart worker was started: {args}")

    monkeypatch.setattr(subprocess, "run", refuse)


def _size(png: bytes) -> tuple[int, int]:
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and png[12:16] == b"IHDR"
    return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")


def _files(folder) -> set[str]:
    return {p.name for p in folder.glob("chart-*.png")} if folder.is_dir() else set()


def _distribution(counts=(3, 1)) -> dict:
    return ws.chart_spec(["Waar", "Niet waar"], list(counts), [True, False], "aantal deelnemers")


def test_the_worker_draws_both_kinds_as_png_and_the_cache_answers_the_second_time(
    cache, monkeypatch
):
    spec = tl.chart_spec("nl", "both", "2026-11-29")
    assert spec["kind"] == "timeline" and spec["today"] == "2026-11-29"
    assert any(r["amended"] == "2027-12-02" and r["original"] == "2026-08-02" for r in spec["rows"])
    timeline, bars = render_pngs([spec, _distribution()])  # one worker process for both
    w, h = _size(timeline)
    assert w == 1000 and abs(h - (0.42 * len(spec["rows"]) + 2.2) * 100) <= 1
    w, h = _size(bars)
    assert w == 512 and abs(h - (0.9 + 0.42 * 2) * 80) <= 1
    assert len(_files(cache)) == 2

    def refuse(*args, **kwargs):
        raise AssertionError("the chart worker was started for a cached chart")

    monkeypatch.setattr(subprocess, "run", refuse)
    assert render_png(tl.chart_spec("nl", "both", date(2026, 11, 29))) == timeline
    assert render_png(_distribution()) == bars
    assert tl.chart_png("nl", "both", "2026-11-29") == timeline


def test_a_changed_spec_is_a_new_cache_entry(cache):
    a = tl.chart_spec("en", "amended", "2026-01-01")
    b = tl.chart_spec("en", "amended", "2026-01-02")
    assert spec_key(a) == spec_key(tl.chart_spec("en", "amended", date(2026, 1, 1)))
    assert spec_key(a) != spec_key(b)
    assert spec_key(_distribution((3, 1))) != spec_key(_distribution((3, 2)))
    first = render_png(a)
    assert len(_files(cache)) == 1
    second = render_png(b)
    assert len(_files(cache)) == 2 and first != second


def test_a_single_chart_with_an_unknown_kind_raises_chart_error_naming_it(cache):
    with pytest.raises(ChartError, match=r"(?s)^pie chart: .*unknown chart kind 'pie'") as exc:
        render_png({"kind": "pie", "data": [1, 2]})
    assert exc.value.kind == "pie" and "unknown chart kind" in exc.value.stderr
    assert _files(cache) == set()


def test_in_a_batch_a_bad_spec_fails_alone_and_the_good_ones_are_cached(cache, monkeypatch):
    bad = dict(_distribution(), counts=[1])  # lengths differ
    with pytest.raises(ChartError, match="^distribution chart: .*differ in length"):
        render_pngs([_distribution(), bad])
    assert len(_files(cache)) == 1
    monkeypatch.setattr(subprocess, "run", lambda *a, **k: pytest.fail("worker started"))
    assert _size(render_png(_distribution()))[0] == 512


def test_a_missing_worker_or_a_timeout_is_a_chart_error(cache, monkeypatch):
    with pytest.raises(ChartError, match="did not finish within 0.001 s"):
        render_png(_distribution(), timeout=0.001)
    monkeypatch.setattr(charts, "WORKER_MODULE", "aiact_kit.no_such_worker")
    with pytest.raises(ChartError, match=r"(?s)^timeline chart: .*No module named"):
        render_png(tl.chart_spec("en"))
    with pytest.raises(TypeError, match="not JSON-serialisable"):
        render_png({"kind": "timeline", "today": date(2026, 1, 1)})


def test_the_timeline_widget_shows_the_text_and_table_when_the_worker_fails(cache, monkeypatch):
    monkeypatch.setattr(charts, "WORKER_MODULE", "aiact_kit.no_such_worker")
    html = tl.timeline_chart("en", today="2026-11-29").value
    assert "<img" not in html
    assert "The chart cannot be drawn right now" in html
    alt = tl.chart_alt_text("en", "both", "2026-11-29")
    assert escape(alt) in html  # the alt text as visible text
    assert "<details open><summary>The milestones as a table" in html
    assert "2 December 2027" in html


def test_the_cache_stays_bounded(cache, monkeypatch):
    cache.mkdir(parents=True)
    now = time.time()
    for i in range(6):
        path = cache / f"chart-{i:040d}.png"
        path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"x" * 1000)
        os.utime(path, (now - 100 + i, now - 100 + i))  # chart-...5 is the newest
    (cache / "other.txt").write_text("not a chart")
    assert prune_cache(cache, max_files=4, max_bytes=10**6) == 2
    assert _files(cache) == {f"chart-{i:040d}.png" for i in (2, 3, 4, 5)}
    assert prune_cache(cache, max_files=100, max_bytes=2100) == 2  # two files fit
    assert _files(cache) == {f"chart-{i:040d}.png" for i in (4, 5)}
    assert (cache / "other.txt").exists()
    # drawing prunes too: with room for 2 charts, 3 new ones leave the 2 newest
    monkeypatch.setattr(charts, "CACHE_MAX_FILES", 2)
    render_pngs([_distribution((n, 1)) for n in (1, 2, 3)])
    assert len(_files(cache)) == 2


def test_a_damaged_cache_file_is_drawn_again(cache):
    spec = _distribution((7, 7))
    png = render_png(spec)
    path = cache / f"chart-{spec_key(spec)[:40]}.png"
    path.write_bytes(b"garbage")
    assert render_png(spec) == png and path.read_bytes() == png


def test_without_a_cache_folder_every_call_draws(monkeypatch, tmp_path):
    monkeypatch.setenv("AIACT_KIT_CACHE_DIR", "off")
    assert charts.chart_cache_dir() is None
    assert _size(render_png(_distribution((2, 2))))[0] == 512
    assert list(tmp_path.iterdir()) == []
