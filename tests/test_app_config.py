"""Serving configuration of the web app: voila.json, ``aiact-kit serve``, the a11y template,
the kernel manager, and ``aiact-kit lessons``."""

from __future__ import annotations

import asyncio
import json
import re
import shlex
from concurrent.futures import ThreadPoolExecutor

import nbformat
import pytest
from kitroot import ROOT

from aiact_kit.cli import main
from aiact_kit.commands.lessons import new_notebook
from aiact_kit.commands.serve import kernel_pools, preheat_pages, voila_command
from aiact_kit.lessons import notebook_metadata_problems

TEMPLATE = ROOT / "share/jupyter/voila/templates/a11y"


def voila_json() -> dict:
    return json.loads((ROOT / "voila.json").read_text())


def test_voila_json_serves_safely():
    cfg = voila_json()
    assert cfg["Voila"]["ip"] == "127.0.0.1"
    assert cfg["Voila"]["port_retries"] == 0
    assert cfg["Voila"]["root_dir"] == "notebooks"
    vc = cfg["VoilaConfiguration"]
    assert vc["template"] == "a11y"
    assert vc["strip_sources"] is True and vc["show_tracebacks"] is False
    assert vc["allow_template_override"] == "NO"  # ?template=lab would load the CDN links
    mkm = cfg["MappingKernelManager"]
    # a closed page's kernel is gone within cull_idle_timeout + 2 * cull_interval
    assert mkm["cull_idle_timeout"] + 2 * mkm["cull_interval"] <= 300
    assert mkm["cull_connected"] is False  # an open page keeps its kernel


def test_kernel_manager_class_is_importable():
    from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager

    from aiact_kit.kernels import KitKernelManager

    path = voila_json()["VoilaConfiguration"]["multi_kernel_manager_class"]
    assert path == "aiact_kit.kernels.KitKernelManager"
    assert issubclass(KitKernelManager, AsyncMappingKernelManager)


def test_kernel_manager_gives_a_grace_period_before_culling(monkeypatch):
    """A kernel taken from the pre-heated pool has been idle for long; it is culled only after
    it has been a culling candidate for cull_idle_timeout seconds."""
    from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager

    from aiact_kit.kernels import KitKernelManager

    culled: list[str] = []

    async def fake_cull(self, kernel_id):
        culled.append(kernel_id)

    monkeypatch.setattr(AsyncMappingKernelManager, "cull_kernel_if_idle", fake_cull)
    km = KitKernelManager(cull_idle_timeout=100)
    now = [1000.0]
    km._clock = lambda: now[0]
    # in a thread of its own: a browser test's sync Playwright may own this thread's loop
    with ThreadPoolExecutor(1) as pool:

        def run(coro):
            return pool.submit(asyncio.run, coro).result()

        run(km.cull_kernel_if_idle("k1"))  # first seen: grace starts
        now[0] += 99
        run(km.cull_kernel_if_idle("k1"))
        assert culled == []
        now[0] += 1
        run(km.cull_kernel_if_idle("k1"))
        assert culled == ["k1"]


def test_serve_command_preheats_landing_and_first_lessons():
    cmd, env, cwd = voila_command(8899)
    assert cwd == str(ROOT)
    assert env["JUPYTER_PATH"].split(":")[0] == str(ROOT / "share/jupyter")
    assert "--port=8899" in cmd and "--Voila.ip=127.0.0.1" in cmd
    assert "--Voila.port_retries=0" in cmd and "--preheat_kernel=True" in cmd
    pools_arg = next(a for a in cmd if a.startswith("--VoilaKernelManager.kernel_pools_config="))
    pools = json.loads(pools_arg.split("=", 1)[1])
    assert pools["default"] == {"pool_size": 0}
    for page in ("nl/index.ipynb", "en/index.ipynb", "nl/00-welkom.ipynb", "en/00-welcome.ipynb"):
        assert pools[page] == {"pool_size": 1}
    cmd, _, _ = voila_command(8899, preheat=False, extra_args=["--debug"])
    assert not any("preheat" in a or "kernel_pools" in a for a in cmd)
    assert cmd[-1] == "--debug"


def test_preheat_pages_only_lists_existing_notebooks(tmp_path):
    (tmp_path / "notebooks/nl").mkdir(parents=True)
    (tmp_path / "notebooks/nl/index.ipynb").write_text("{}")
    (tmp_path / "notebooks/nl/01-wat-is-een-ai-systeem.ipynb").write_text("{}")
    (tmp_path / "notebooks/nl/02-reikwijdte-en-rollen.ipynb").write_text("{}")
    assert preheat_pages(tmp_path) == ["nl/index.ipynb", "nl/01-wat-is-een-ai-systeem.ipynb"]
    assert set(kernel_pools(tmp_path)) == {
        "default",
        "nl/index.ipynb",
        "nl/01-wat-is-een-ai-systeem.ipynb",
    }


def test_serve_dry_run_is_a_shell_command(capsys):
    assert main(["serve", "--dry-run", "--port", "8877"]) == 0
    args = shlex.split(capsys.readouterr().out)
    assert args[1:4] == ["-m", "voila", "notebooks"] and "--port=8877" in args


def test_template_loads_nothing_from_other_hosts():
    assert json.loads((TEMPLATE / "conf.json").read_text()) == {"base_template": "lab"}
    for path in TEMPLATE.rglob("*"):
        if path.is_file():
            text = path.read_text()
            assert not re.search(r"https?://|src=\"//|href=\"//", text), path


def test_template_overrides_the_blocks_that_matter():
    index = (TEMPLATE / "index.html.j2").read_text()
    assert "nb.metadata.get('lang')" in index
    assert 'role="main"' in index and 'class="aiact-skip"' in index
    for block in ("notebook_css", "html_head_js_mermaidjs", "body_header", "body_footer"):
        assert f"block {block}" in index
    css = (TEMPLATE / "static/a11y.css").read_text()
    assert '.widget-radio-box input[type="radio"]' in css and "focus-visible" in css
    for name in ("page.html", "tree.html", "tree-lab.html", "error.html", "404.html"):
        assert (TEMPLATE / name).is_file()


# -- aiact-kit lessons --------------------------------------------------------------------------
def test_lessons_check_passes_on_the_repository(capsys):
    assert main(["lessons", "--check"]) == 0
    assert "OK" in capsys.readouterr().out


def test_lessons_list(capsys):
    assert main(["lessons"]) == 0
    out = capsys.readouterr().out
    assert "lesson-welcome" in out and "tool-decision-aid" in out


@pytest.fixture
def project(tmp_path, monkeypatch):
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "pyproject.toml").write_text("")
    monkeypatch.setenv("AIACT_KIT_ROOT", str(tmp_path))
    return tmp_path


def test_lessons_new_creates_conforming_notebooks(project, capsys, content):
    assert main(["lessons", "new", "lesson-high-risk"]) == 0
    for rel in ("nl/04-hoog-risico.ipynb", "en/04-high-risk.ipynb"):
        path = project / "notebooks" / rel
        assert notebook_metadata_problems(path, rel, content) == []
        nb = nbformat.read(path, as_version=4)
        assert 'page_nav("lesson-high-risk"' in nb.cells[0].source
        assert nb.cells[-1].source.endswith('place="bottom")')
    assert main(["lessons", "new", "lesson-high-risk"]) == 0
    assert "exists, left alone" in capsys.readouterr().out
    assert main(["lessons", "--check"]) == 0


def test_lessons_new_rejects_unknown_id(project, capsys):
    assert main(["lessons", "new", "lesson-nope"]) == 1
    assert "unknown lesson or tool id 'lesson-nope'" in capsys.readouterr().err


def test_lessons_check_reports_wrong_metadata(project, capsys, content):
    nb = new_notebook("lesson-welcome", "nl", content)
    nb.metadata["lang"] = "en"
    (project / "notebooks/nl").mkdir()
    nbformat.write(nb, str(project / "notebooks/nl/00-welkom.ipynb"))
    nbformat.write(nb, str(project / "notebooks/stray.ipynb"))
    assert main(["lessons", "--check"]) == 1
    err = capsys.readouterr().err
    assert "nl/00-welkom.ipynb: metadata 'lang' is 'en', expected 'nl'" in err
    assert "stray.ipynb: notebooks live in notebooks/nl/ or notebooks/en/" in err


def test_stats_include_lessons(capsys):
    assert main(["stats", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["lessons"]["planned"] == 11
    assert data["lessons"]["available_nl"] >= 1
