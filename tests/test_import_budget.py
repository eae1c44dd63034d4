"""What an app page's kernel imports: only what the page needs (see docs/performance.md).

Each check runs a fresh Python, like a Voila kernel running a page's cells, with a warm
validated-content cache: then no YAML parser is needed, the results store is imported only by
the workshop pages, and matplotlib (with numpy) only when a chart is drawn."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"


@pytest.fixture(scope="module")
def cache_env(tmp_path_factory):
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(SRC), env.get("PYTHONPATH")) if p)
    env["AIACT_KIT_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))
    env["AIACT_KIT_PROGRESS"] = "off"
    env.pop("MPLBACKEND", None)
    warm = (
        "from aiact_kit.content import default_content\nfrom aiact_kit.decision import default_tree"
    )
    run_page(f"{warm}\ndefault_content()\ndefault_tree()", env)
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
    for heavy in ("yaml", "aiact_kit.store", "matplotlib", "numpy", "psycopg"):
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
    for heavy in ("yaml", "matplotlib", "numpy", "aiact_kit.store"):
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
    assert "aiact_kit.decision" in modules
    for heavy in ("yaml", "matplotlib", "numpy", "aiact_kit.store"):
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
    assert "aiact_kit.store" in modules
    for heavy in ("yaml", "matplotlib", "numpy", "psycopg"):
        assert heavy not in modules, heavy


def test_matplotlib_comes_with_a_chart_and_uses_agg(cache_env):
    modules = run_page(
        """
        import ipywidgets
        import aiact_kit.widgets.timeline
        import sys
        assert "matplotlib" not in sys.modules  # importing the widgets draws nothing yet
        from aiact_kit import timeline_chart
        timeline_chart(lang="en")
        """,
        cache_env,
    )
    # drawn on an Agg canvas, without pyplot (no GUI backend, no global figure state)
    assert "matplotlib.backends.backend_agg" in modules
    assert "matplotlib.pyplot" not in modules
