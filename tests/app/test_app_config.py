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

from aiact_kit.commands.cli import main
from aiact_kit.commands.lessons import new_notebook
from aiact_kit.commands.serve import kernel_pools, preheat_pages, voila_command
from aiact_kit.engines.course import notebook_metadata_problems

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

    from aiact_kit.app.kernels import KitKernelManager

    path = voila_json()["VoilaConfiguration"]["multi_kernel_manager_class"]
    assert path == "aiact_kit.app.kernels.KitKernelManager"
    assert issubclass(KitKernelManager, AsyncMappingKernelManager)


class _FakeSpec:
    metadata: dict = {}


class _FakeKernel:
    kernel_name = "python3"
    kernel_spec = _FakeSpec()

    def __init__(self, state: str = "idle"):
        self.execution_state = state


def test_kernel_manager_culls_by_connections_not_idleness(monkeypatch):
    """A kernel without a connected page is culled cull_idle_timeout seconds after the first
    culling round that saw it unconnected, even when it is busy or just sent output (a
    self-refreshing dashboard); a connected kernel never; a kernel that has just left the
    pre-heated pool gets the same grace period to connect."""
    from aiact_kit.app.kernels import KitKernelManager

    km = KitKernelManager(cull_idle_timeout=100)
    shut: list[str] = []

    async def fake_shutdown(kernel_id, *args, **kwargs):
        shut.append(kernel_id)
        km._kernels.pop(kernel_id, None)

    monkeypatch.setattr(km, "shutdown_kernel", fake_shutdown)
    now = [1000.0]
    km._clock = lambda: now[0]
    km._kernels.update(closed=_FakeKernel("busy"), open=_FakeKernel("busy"), fresh=_FakeKernel())
    km._kernel_connections.update(closed=1, open=1, fresh=0)
    # in a thread of its own: a browser test's sync Playwright may own this thread's loop
    with ThreadPoolExecutor(1) as pool:

        def cull_round():
            for kid in list(km._kernels):
                pool.submit(asyncio.run, km.cull_kernel_if_idle(kid)).result()

        cull_round()  # 'fresh' is seen unconnected: its grace period starts
        km._kernel_connections["closed"] = 0  # the page closes
        now[0] += 30
        cull_round()  # 'closed' seen unconnected
        now[0] += 70
        cull_round()
        assert shut == ["fresh"]  # 100 s unconnected; busy or not
        now[0] += 29
        cull_round()
        assert shut == ["fresh"]
        now[0] += 1
        cull_round()
        assert shut == ["fresh", "closed"]
        now[0] += 10_000
        cull_round()
        assert shut == ["fresh", "closed"]  # the open page keeps its kernel
        # a page that reconnects restarts the clock
        km._kernel_connections["open"] = 0
        cull_round()
        km._kernel_connections["open"] = 1
        now[0] += 99
        cull_round()
        km._kernel_connections["open"] = 0
        now[0] += 99
        cull_round()
        assert shut == ["fresh", "closed"]
        now[0] += 1
        cull_round()
        assert shut == ["fresh", "closed"]
        now[0] += 99
        cull_round()
        assert shut == ["fresh", "closed", "open"]


def test_kernel_manager_turns_on_the_host_check():
    """Voila sets allow_remote_access=True; the kit's manager turns jupyter_server's Host check
    back on through Voila.tornado_settings (names from AIACT_KIT_ALLOWED_HOSTS added)."""
    cfg = voila_json()["Voila"]["tornado_settings"]
    assert cfg == {"allow_remote_access": False, "local_hostnames": ["localhost"]}
    from aiact_kit.app.webguard import secure_tornado_settings

    out = secure_tornado_settings({}, env={"AIACT_KIT_ALLOWED_HOSTS": "Workshop.Example, [::2]"})
    assert out == {
        "allow_remote_access": False,
        "local_hostnames": ["localhost", "workshop.example", "::2"],
    }
    # an operator who switches the check off on purpose (a proxy rewriting Host) keeps that
    assert secure_tornado_settings({"allow_remote_access": True}, env={})["allow_remote_access"]


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
    assert data["lessons"]["planned"] == 13
    assert data["lessons"]["available_nl"] >= 1


def test_serve_allow_host_reaches_the_app_environment():
    from aiact_kit.commands.serve import with_allowed_hosts

    assert with_allowed_hosts({"A": "1"}, []) == {"A": "1"}
    env = with_allowed_hosts({"AIACT_KIT_ALLOWED_HOSTS": "a.example"}, ["b.example", "a.example"])
    assert env["AIACT_KIT_ALLOWED_HOSTS"] == "a.example,b.example"
