"""What a lesson page's kernel imports when it runs the page's cells (see docs/performance.md).

Every lesson notebook's code cells run in a fresh Python, in the notebook's folder, with a warm
validated-content cache, as a Voila kernel runs them. The page then reads its content as plain
records (aiact_kit.content.records): no pydantic, no content schema, no YAML parser, no chart
library
(charts are drawn in a worker process), and no results store outside the workshop pages. These
are the libraries that made a page kernel about 1.2-2.1x the size of a bare one-widget Voila
kernel. Every page of the app is checked, not only the lessons."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "src"
LESSONS = sorted(
    p for lang in ("nl", "en") for p in (ROOT / "notebooks" / lang).glob("[0-9][0-9]-*.ipynb")
)
PAGES = sorted(p for lang in ("nl", "en") for p in (ROOT / "notebooks" / lang).glob("*.ipynb"))
HEAVY = ("pydantic", "pydantic_core", "aiact_kit.content.schema", "yaml", "psycopg")
# Charts are drawn by aiact_kit.present.chart_worker in a process of its own
# (aiact_kit.present.charts).
CHARTS = ("matplotlib", "numpy", "PIL", "aiact_kit.present.chart_worker")
# Only the workshop pages (join a session, facilitator dashboard) use the results store.
STORE = ("aiact_kit.engines.workshop",)
WORKSHOP = "workshop"

RUN = """
import json, sys
import ipywidgets
namespace = {}
for source in json.load(sys.stdin):
    exec(compile(source, "<cell>", "exec"), namespace)
print(json.dumps(sorted(sys.modules)))
"""


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(SRC), env.get("PYTHONPATH")) if p)
    env["AIACT_KIT_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))
    env["AIACT_KIT_PROGRESS"] = "off"
    env["AIACT_KIT_ROOT"] = str(ROOT)
    env.setdefault("MPLBACKEND", "Agg")
    warm = (
        "from aiact_kit.content import default_content\n"
        "from aiact_kit.content.text import catalogue\n"
        "from aiact_kit.engines.decision import default_tree"
        "\nfrom aiact_kit.widgets.timeline import ordering_question"
        "\ndefault_content()\ncatalogue()\ndefault_tree()\nordering_question()"
    )
    subprocess.run([sys.executable, "-c", warm], env=env, check=True, timeout=300)
    return env


def page_modules(notebook: Path, env: dict[str, str]) -> set[str]:
    cells = [c.source for c in nbformat.read(notebook, as_version=4).cells if c.cell_type == "code"]
    out = subprocess.run(
        [sys.executable, "-c", RUN],
        input=json.dumps(cells),
        cwd=notebook.parent,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert out.returncode == 0, out.stderr
    return set(json.loads(out.stdout.strip().splitlines()[-1]))


def test_every_page_is_checked():
    assert len(LESSONS) == 26  # 13 lessons (00-12) in nl and en
    assert set(LESSONS) < set(PAGES)


@pytest.mark.parametrize("notebook", PAGES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_a_page_kernel_imports_nothing_heavy_it_does_not_need(notebook, env):
    modules = page_modules(notebook, env)
    assert "aiact_kit.content" in modules and "aiact_kit.widgets.nav" in modules
    forbidden = HEAVY + CHARTS + (() if WORKSHOP in notebook.name else STORE)
    unexpected = [m for m in forbidden if m in modules]
    assert not unexpected, f"{notebook.parent.name}/{notebook.name} imports {unexpected}"
