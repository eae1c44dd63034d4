"""What an app page's kernel imports: only what the page needs (see docs/performance.md).

Each check runs a fresh Python, like a Voila kernel running a page's cells, with a warm
validated-content cache: then no YAML parser is needed, the results store is imported only by
the workshop pages, and matplotlib (with numpy) never: the chart worker process draws charts."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src"


@pytest.fixture(scope="module")
def cache_env(tmp_path_factory):
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(SRC), env.get("PYTHONPATH")) if p)
    env["AIACT_KIT_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))
    env["AIACT_KIT_PROGRESS"] = "off"
    env.pop("MPLBACKEND", None)
    warm = (
        "from aiact_kit.content import default_content\n"
        "from aiact_kit.content.text import catalogue\n"
        "from aiact_kit.engines.decision import default_tree"
    )
    run_page(f"{warm}\ndefault_content()\ncatalogue()\ndefault_tree()", env)
    return env


def run_page(code: str, env: dict[str, str]) -> set[str]:
    script = textwrap.dedent(code) + "\nimport sys, json\nprint(json.dumps(sorted(sys.modules)))\n"
    out = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=300
    )
    assert out.returncode == 0, out.stderr
    return set(json.loads(out.stdout.strip().splitlines()[-1]))


def test_landing_and_lesson_navigation_need_no_yaml_store_or_matplotlib(cache_env):
    modules = run_page(
        """
        import ipywidgets
        from aiact_kit import about, landing, page_nav, show
        landing(lang="nl")
        page_nav("lesson-welcome", lang="en")
        about(lang="nl")
        show("glossary", lang="en")
        """,
        cache_env,
    )
    assert "aiact_kit.content" in modules and "aiact_kit.widgets.nav" in modules
    for heavy in ("yaml", "aiact_kit.engines.workshop", "matplotlib", "numpy", "psycopg"):
        assert heavy not in modules, heavy


def test_a_quiz_page_draws_no_chart(cache_env):
    modules = run_page(
        """
        import ipywidgets
        from aiact_kit import page_nav, quiz, quiz_topics
        page_nav("lesson-welcome", lang="nl")
        quiz(next(iter(quiz_topics())), lang="nl")
        """,
        cache_env,
    )
    assert "aiact_kit.widgets.quiz" in modules
    for heavy in ("yaml", "matplotlib", "numpy", "aiact_kit.engines.workshop"):
        assert heavy not in modules, heavy


def test_a_case_exercise_reads_the_decision_tree_from_the_cache(cache_env):
    modules = run_page(
        """
        import ipywidgets
        from aiact_kit import case_exercise, case_ids
        ex = case_exercise(case_ids()[0], lang="en")
        ex.predict("minimal", "deployer")
        ex.lock()  # builds the walk: the decision aid with the kit's tree
        assert ex.aid.session.current is not None
        """,
        cache_env,
    )
    assert "aiact_kit.engines.decision" in modules
    for heavy in ("yaml", "matplotlib", "numpy", "aiact_kit.engines.workshop"):
        assert heavy not in modules, heavy


def test_the_join_page_imports_the_store_but_no_matplotlib(cache_env):
    modules = run_page(
        """
        import ipywidgets
        from aiact_kit import join_session
        join_session(lang="en")
        """,
        cache_env,
    )
    assert "aiact_kit.engines.workshop" in modules
    for heavy in ("yaml", "matplotlib", "numpy", "psycopg"):
        assert heavy not in modules, heavy


def test_chart_pages_draw_in_a_worker_without_matplotlib(cache_env, tmp_path):
    """The timeline chart and the dashboard's answer charts are drawn by the chart worker in
    its own process: the page's kernel never imports matplotlib (or numpy, PIL)."""
    db = tmp_path / "results.sqlite"
    modules = run_page(
        f"""
        import ipywidgets
        import sys
        from aiact_kit import facilitator_dashboard, timeline_chart
        from aiact_kit.engines.workshop import ResultsStore

        chart = timeline_chart(lang="en")
        assert '<img src="data:image/png;base64,' in chart.value
        with ResultsStore({str(db)!r}) as store:
            code, token = store.create_session("Budget", "en")
            for name, answer in (("Anna", "a"), ("Bob", "b")):
                store.record_answer(store.join(code, name), "q-budget", answer, answer == "a")
        d = facilitator_dashboard("en", db={str(db)!r}, code=code, token=token,
                                  refresh_interval=None)
        assert len(d.questions.children) == 1
        assert '<img src="data:image/png;base64,' in d.questions.children[0].value
        d.close()
        """,
        cache_env,
    )
    assert "aiact_kit.present.charts" in modules and "aiact_kit.engines.workshop" in modules
    for heavy in ("matplotlib", "numpy", "PIL", "aiact_kit.present.chart_worker"):
        assert heavy not in modules, heavy
