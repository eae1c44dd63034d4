"""The parts of ``aiact-kit build-site`` that need no browser: the prebuilt records and the
kit's wheel (read by a Python that cannot import PyYAML, pydantic or matplotlib and cannot
start a process, as in Pyodide), the lock file, the notebooks the site gets."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import zipfile

import pytest
from kitroot import ROOT

from aiact_kit import __version__
from aiact_kit.commands import site, site_pyodide

pytestmark = pytest.mark.slow

# A Python like the browser's: no YAML, no pydantic, no matplotlib, no child processes.
BROWSER_LIKE = textwrap.dedent(
    """
    import importlib.abc, subprocess, sys
    BLOCKED = ("yaml", "pydantic", "pydantic_core", "matplotlib", "numpy", "psycopg")
    class Block(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path, target=None):
            if name.split(".")[0] in BLOCKED:
                raise ImportError("not in the browser: " + name)
    sys.meta_path.insert(0, Block())
    def no_process(*args, **kwargs):
        raise RuntimeError("no processes in the browser")
    subprocess.run = subprocess.Popen = no_process
    sys.path.insert(0, sys.argv[1])
    import aiact_kit.app.lite as lite
    assert lite._started, "records not installed"
    from aiact_kit import decision_aid, quiz, timeline_chart
    from aiact_kit.engines.decision import Session
    w = quiz("q-definition-fixed-rules", lang="nl")
    w.controls.value = "true"
    w._on_check()
    s = Session()
    while not s.done:
        s.answer(0)
    print("FEEDBACK", w.feedback.value)
    print("CONCLUSION", s.conclusion.id)
    print("CHART", "data:image/png" in timeline_chart(lang="en").value)
    print("AID", type(decision_aid(lang="en")).__name__)
    from aiact_kit import page_nav
    print("NAV", page_nav("lesson-welcome", lang="nl").value.replace(chr(10), " "))
    print("LOADED", sorted(m for m in sys.modules if m.split(".")[0] in BLOCKED))
    """
)


@pytest.fixture(scope="module")
def kit_wheel(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("records")
    site._run_export(tmp / "records", tmp / "cache")
    package = ROOT / "src" / "aiact_kit"
    return site_pyodide.kit_wheel(package, tmp / "records", tmp, __version__)


def test_kit_wheel_carries_the_records_and_no_dependencies(kit_wheel):
    with zipfile.ZipFile(kit_wheel) as zf:
        names = set(zf.namelist())
        meta = zf.read(f"aiact_kit-{__version__}.dist-info/METADATA").decode()
        record = zf.read(f"aiact_kit-{__version__}.dist-info/RECORD").decode()
    records = "aiact_kit/site_records/"
    assert {records + "content.pickle", records + "object-text.pickle"} <= names
    assert {records + "object-tree.pickle", records + "charts.json"} <= names
    assert any(n.startswith(records + "charts/") and n.endswith(".png") for n in names)
    assert "aiact_kit/app/lite.py" in names and "Requires-Dist" not in meta
    assert not [n for n in names if "__pycache__" in n]
    assert len(record.splitlines()) == len(names)


def test_records_serve_a_page_without_yaml_pydantic_or_processes(kit_wheel, tmp_path):
    with zipfile.ZipFile(kit_wheel) as zf:
        zf.extractall(tmp_path / "site-packages")
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "AIACT_KIT_ROOT": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", BROWSER_LIKE, str(tmp_path / "site-packages")],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    out = dict(line.split(" ", 1) for line in done.stdout.splitlines())
    assert "Niet goed" in out["FEEDBACK"]  # 'Waar' for a rules-only system is wrong
    assert out["CONCLUSION"] == "out-excluded"  # first answer each time: Art. 2 exclusion
    assert out["CHART"] == "True" and out["AID"] == "DecisionAid"
    assert out["LOADED"] == "[]"
    # page links in the Notebook interface's form: the next lesson, the English counterpart
    assert 'href="index.html?path=notebooks/en/00-welcome.ipynb"' in out["NAV"]
    assert 'href="index.html?path=notebooks/nl/01-wat-is-een-ai-systeem.ipynb"' in out["NAV"]


def test_lock_lists_exactly_the_given_wheels(kit_wheel, tmp_path):
    core = tmp_path / "core-lock.json"
    info = {"python": "3.14.2", "arch": "wasm32", "platform": "emscripten_5_0_3"}
    core.write_text(json.dumps({"info": info, "packages": {"numpy": {}}}))
    lock = site_pyodide.write_lock(core, [kit_wheel], tmp_path / "pyodide-lock.json")
    assert lock["info"] == info
    entry = lock["packages"]["aiact-kit"]
    assert list(lock["packages"]) == ["aiact-kit"]
    assert entry["file_name"] == kit_wheel.name and entry["imports"] == ["aiact_kit"]
    assert entry["depends"] == [] and len(entry["sha256"]) == 64


def test_missing_browser_wheels_are_named(tmp_path):
    with pytest.raises(site_pyodide.SiteError, match=r"ipywidgets==8\.1\.9.*--fetch-wheels"):
        site_pyodide.browser_wheels(tmp_path)


def test_site_notebooks_leave_out_the_workshop_and_start_the_records(tmp_path):
    written = site.copy_notebooks(ROOT / "notebooks", tmp_path)
    names = {p.name for p in written}
    assert "00-welkom.ipynb" in names and "00-welcome.ipynb" in names
    assert not [n for n in names if n.startswith("workshop-")]
    for path in written:
        nb = json.loads(path.read_text())
        first = next(c for c in nb["cells"] if c["cell_type"] == "code")
        assert first["source"].startswith(site.BOOT_LINE), path.name
        assert nb["metadata"]["kernelspec"]["name"] == "python"
    assert (tmp_path / "pyproject.toml").is_file()
