"""The dashboard's answer charts: drawn by the chart worker, redrawn only when a question's
answer distribution changed, and replaced by text when the worker fails."""

from __future__ import annotations

import re
import subprocess

import pytest

from aiact_kit.engines.workshop import ResultsStore
from aiact_kit.present import charts
from aiact_kit.present.workshop_questions import chart_png
from aiact_kit.widgets import workshop as ws

QID = "q-timeline-annex-iii-date"  # a real question of the shipped content


@pytest.fixture
def db(tmp_path):
    return str(tmp_path / "results.sqlite")


@pytest.fixture
def session(db):
    with ResultsStore(db) as s:
        code, token = s.create_session("Charts", "en")
        s.record_answer(s.join(code, "Anna"), QID, "annex-iii-high-risk", True)
        s.record_answer(s.join(code, "Bob"), "q-other", "x", False)
    return code, token


@pytest.fixture
def worker_runs(monkeypatch):
    """Counts the chart worker processes started (they still run)."""
    runs: list[int] = []
    real = subprocess.run

    def counting(cmd, *args, **kwargs):
        if cmd[-1] == charts.WORKER_MODULE:
            runs.append(1)
        return real(cmd, *args, **kwargs)

    monkeypatch.setattr(subprocess, "run", counting)
    return runs


def _img(widget) -> str | None:
    m = re.search(r'<img src="data:image/png;base64,([A-Za-z0-9+/=]+)"', widget.value)
    return m.group(1) if m else None


@pytest.mark.parametrize("cache", ["folder", "off"])
def test_only_a_changed_distribution_is_drawn_again(db, session, worker_runs, monkeypatch, cache):
    code, token = session
    if cache == "off":
        monkeypatch.setenv("AIACT_KIT_CACHE_DIR", "off")
    else:
        monkeypatch.setenv("AIACT_KIT_CACHE_DIR", str(db) + "-cache")
    d = ws.facilitator_dashboard("en", db=db, code=code, token=token, refresh_interval=None)
    assert len(worker_runs) == 1  # the first view: both charts from one process
    date_q, other_q = d._question_widgets[QID], d._question_widgets["q-other"]
    assert _img(date_q) and _img(other_q)
    before = (_img(date_q), _img(other_q))
    assert d.refresh() is True  # nothing changed: no process, same charts
    assert len(worker_runs) == 1
    with ResultsStore(db) as s:
        s.record_answer(s.join(code, "Cas"), "q-other", "y", True)
    d.refresh()
    assert len(worker_runs) == 2  # one process, for the changed question only
    assert _img(date_q) == before[0] and _img(other_q) != before[1]
    d.refresh()
    assert len(worker_runs) == 2
    d.close()


def test_a_second_dashboard_of_the_same_room_draws_nothing(db, session, worker_runs, monkeypatch):
    code, token = session
    monkeypatch.setenv("AIACT_KIT_CACHE_DIR", str(db) + "-cache")
    ws.facilitator_dashboard("nl", db=db, code=code, token=token, refresh_interval=None).close()
    assert len(worker_runs) == 1
    d = ws.facilitator_dashboard("nl", db=db, code=code, token=token, refresh_interval=None)
    assert len(worker_runs) == 1 and _img(d._question_widgets[QID])
    d.close()


def test_the_dashboard_shows_the_data_as_text_when_the_worker_fails(db, session, monkeypatch):
    code, token = session
    monkeypatch.setenv("AIACT_KIT_CACHE_DIR", str(db) + "-cache")
    monkeypatch.setattr(charts, "WORKER_MODULE", "aiact_kit.no_such_worker")
    d = ws.facilitator_dashboard("en", db=db, code=code, token=token, refresh_interval=None)
    assert d.refresh() is True  # the dashboard keeps running
    html = d._question_widgets[QID].value
    assert "<img" not in html
    assert "The chart cannot be drawn right now" in html
    assert "Bar chart of the answers to" in html and "1 times (correct)" in html  # the alt text
    assert "<table>" in html and "2 December 2027" in html  # and the table
    d.close()


def test_chart_png_keeps_its_signature():
    png = chart_png(["True", "False"], [2, 1], [True, False], "number of participants")
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
