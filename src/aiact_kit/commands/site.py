"""``aiact-kit build-site OUT``: the lessons and tools as a static JupyterLite site.

Everything the site needs ends up inside OUT; a browser that opens it asks no other host for
anything. The steps (docs/deployment.md has the how-to, docs/performance.md the figures):

1. the prebuilt records (:func:`export_records`, in a fresh interpreter): the validated content,
   the text catalogue, the decision tree, the ordering exercise and the timeline charts, as the
   kit's own cache stores them, so the browser needs no PyYAML, pydantic or matplotlib;
2. a wheel of the kit with those records inside (:mod:`aiact_kit.app.lite` reads them);
3. the Pyodide core from the npm package, the browser's wheels and a lock file made for them
   (:mod:`aiact_kit.commands.site_pyodide`);
4. the notebooks of both languages, except the workshop pages (they need a server), each with
   ``import aiact_kit.app.lite`` in front of its first code cell;
5. ``jupyter lite build`` (jupyterlite-core with the Pyodide kernel and the ipywidgets front end,
   no extension from anywhere else), then the kernel settings: no PyPI fallback, the kit and
   ipywidgets loaded at kernel start.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from aiact_kit import __version__, settings
from aiact_kit.commands import site_pyodide as pyo

LANGS = ("nl", "en")
# the workshop pages talk to a shared database through a server: not on the static site
SERVER_ONLY = ("workshop-",)
BOOT_LINE = "import aiact_kit.app.lite\n"
KERNEL_PLUGIN = "@jupyterlite/pyodide-kernel-extension:kernel"
PRELOAD = ["ipywidgets", "aiact-kit"]
EXTENSIONS = ("@jupyter-widgets/jupyterlab-manager", "@jupyterlite/pyodide-kernel-extension")
APPS = ("lab", "notebooks", "tree")
WHEELS_DIR = ".site-wheels"


def register(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "build-site",
        help="build the lessons and tools as a static JupyterLite site (runs in the browser)",
        description=(
            "Build a static site that runs the lessons, quizzes, decision aid and timeline in "
            "the browser (JupyterLite with Pyodide); any web server can host OUT. The workshop "
            "pages are left out: they need a server."
        ),
    )
    p.add_argument("out", nargs="?", type=Path, help="the folder to write (replaced)")
    p.add_argument(
        "--wheels",
        type=Path,
        default=None,
        help="folder with the browser's wheels (default: .site-wheels in the checkout)",
    )
    p.add_argument(
        "--fetch-wheels",
        action="store_true",
        help="first download the browser's pinned wheels from PyPI into the wheels folder",
    )
    p.set_defaults(func=cmd_build_site)


def default_wheels_dir(root: Path | None = None) -> Path:
    """Where ``--fetch-wheels`` puts the browser's wheels and the build looks for them."""
    return (root or settings.project_root()) / WHEELS_DIR


def cmd_build_site(args: argparse.Namespace) -> int:
    wheels = args.wheels or default_wheels_dir()
    try:
        if args.fetch_wheels:
            pyo.fetch_wheels(wheels)
        if args.out is None:
            if not args.fetch_wheels:
                print("aiact-kit build-site: give OUT (or --fetch-wheels)", file=sys.stderr)
                return 2
            return 0
        report = build_site(args.out, wheels)
    except (pyo.SiteError, subprocess.CalledProcessError) as exc:
        print(f"aiact-kit build-site: {exc}", file=sys.stderr)
        return 1
    print(f"site written to {args.out}: {report['files']} files, {report['mib']:.1f} MiB")
    return 0


def build_site(out: Path, wheels_dir: Path, root: Path | None = None) -> dict[str, Any]:
    """Build the site into ``out`` (replaced); returns its file count and size."""
    root = root or settings.project_root()
    core = pyo.pyodide_core(root)
    wheels = pyo.browser_wheels(wheels_dir)
    out = out.resolve()
    with tempfile.TemporaryDirectory(prefix="aiact-site-") as tmp:
        work = Path(tmp)
        records = work / "records"
        _run_export(records, work / "cache")
        static = work / "lite" / "static" / "pyodide"
        static.mkdir(parents=True)
        for name in pyo.PYODIDE_CORE:
            shutil.copyfile(core / name, static / name)
        for wheel in wheels:
            shutil.copyfile(wheel, static / wheel.name)
        package = Path(__file__).resolve().parents[1]
        kit = pyo.kit_wheel(package, records, static, __version__)
        pyo.write_lock(core / "pyodide-lock.json", [*wheels, kit], static / "pyodide-lock.json")
        contents = work / "contents"
        copy_notebooks(root / "notebooks", contents)
        if out.exists():
            shutil.rmtree(out)
        _lite_build(work / "lite", contents, out)
    configure_kernel(out / "jupyter-lite.json")
    files = [p for p in out.rglob("*") if p.is_file()]
    return {"files": len(files), "mib": sum(p.stat().st_size for p in files) / 2**20}


def copy_notebooks(source: Path, target: Path) -> list[Path]:
    """The notebooks of every language except the server-only pages, each starting with
    :data:`BOOT_LINE`; also the ``pyproject.toml`` marker the kit looks for at its root."""
    written = []
    for lang in LANGS:
        for nb_path in sorted((source / lang).glob("*.ipynb")):
            if nb_path.name.startswith(SERVER_ONLY):
                continue
            nb = json.loads(nb_path.read_text(encoding="utf-8"))
            for cell in nb["cells"]:
                if cell["cell_type"] == "code":
                    src = cell["source"]
                    text = "".join(src) if isinstance(src, list) else src
                    cell["source"] = BOOT_LINE + text
                    break
            nb.setdefault("metadata", {})["kernelspec"] = {
                "name": "python",
                "display_name": "Python (Pyodide)",
                "language": "python",
            }
            dest = target / "notebooks" / lang / nb_path.name
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_text(json.dumps(nb, indent=1, ensure_ascii=False), encoding="utf-8")
            written.append(dest)
    # settings.project_root() looks for notebooks/ next to a pyproject.toml
    (target / "pyproject.toml").write_text('[project]\nname = "aiact-kit-site"\n', "utf-8")
    return written


def _lite_build(lite_dir: Path, contents: Path, out: Path) -> None:
    prefix = Path(sys.prefix) / "share" / "jupyter" / "labextensions"
    missing = [e for e in EXTENSIONS if not (prefix / e / "package.json").is_file()]
    if missing:
        raise pyo.SiteError(f"labextensions missing in {prefix}: {', '.join(missing)}")
    config = {
        "LiteBuildConfig": {
            "apps": list(APPS),
            "contents": [str(contents)],
            "output_dir": str(out),
            "ignore_sys_prefix": ["federated_extensions"],
            "federated_extensions": [str(prefix / e) for e in EXTENSIONS],
            "no_sourcemaps": True,
        }
    }
    (lite_dir / "jupyter_lite_config.json").write_text(json.dumps(config), "utf-8")
    cmd = [sys.executable, "-m", "jupyterlite_core", "build", "--lite-dir", str(lite_dir)]
    done = subprocess.run(cmd, cwd=lite_dir, capture_output=True, text=True)
    if done.returncode != 0:
        raise pyo.SiteError(
            f"jupyter lite build failed:\n{done.stdout[-3000:]}{done.stderr[-3000:]}"
        )


def configure_kernel(path: Path) -> None:
    """The kernel settings in ``jupyter-lite.json``: never fall back to PyPI, load the kit and
    ipywidgets from the site's own lock at kernel start."""
    config = json.loads(path.read_text(encoding="utf-8"))
    data = config.setdefault("jupyter-config-data", {})
    plugin = data.setdefault("litePluginSettings", {}).setdefault(KERNEL_PLUGIN, {})
    plugin["disablePyPIFallback"] = True
    plugin.setdefault("loadPyodideOptions", {})["packages"] = list(PRELOAD)
    path.write_text(json.dumps(config, indent=2), encoding="utf-8")


def _run_export(records: Path, cache: Path) -> None:
    env = {**os.environ, settings.CACHE_DIR.env: str(cache), "MPLBACKEND": "Agg"}
    code = "import sys; from aiact_kit.commands.site import export_records; "
    code += "export_records(__import__('pathlib').Path(sys.argv[1]))"
    done = subprocess.run(
        [sys.executable, "-c", code, str(records)], env=env, capture_output=True, text=True
    )
    if done.returncode != 0:
        raise pyo.SiteError(f"building the prebuilt records failed:\n{done.stderr[-3000:]}")


def export_records(target: Path) -> None:
    """Write the records a site page reads into ``target`` (run in a fresh interpreter whose
    ``AIACT_KIT_CACHE_DIR`` is an empty folder: see :mod:`aiact_kit.app.lite`)."""
    import aiact_kit.content as content_pkg
    from aiact_kit.content import cache as cache_module
    from aiact_kit.content.pickling import CachePickler

    target.mkdir(parents=True, exist_ok=True)
    original = cache_module.cached_object

    def recording(name: str, inputs: Any, build: Any, records: bool | None = None) -> Any:
        value = original(name, inputs, build, records)
        buffer = io.BytesIO()
        CachePickler(buffer, {}).dump(("site", value))
        (target / f"object-{name}.pickle").write_bytes(buffer.getvalue())
        return value

    content_pkg.cached_object = recording
    cache_module.cached_object = recording
    from aiact_kit.content.text import catalogue

    catalogue()
    content_pkg.default_content()
    folder = content_pkg.cache_dir()
    assert folder is not None  # the caller set AIACT_KIT_CACHE_DIR
    (content_file,) = folder.glob("content-*.pickle")
    shutil.copyfile(content_file, target / "content.pickle")
    from aiact_kit.engines.decision import default_tree
    from aiact_kit.present import charts
    from aiact_kit.widgets.timeline import ordering_question, timeline_chart

    default_tree()
    ordering_question()
    for lang in LANGS:
        timeline_chart(lang=lang)
    (target / "charts").mkdir(exist_ok=True)
    for png in (folder / "charts").glob("*.png"):
        shutil.copyfile(png, target / "charts" / png.name)
    fingerprint = {"fingerprint": charts._renderer_fingerprint()}
    (target / "charts.json").write_text(json.dumps(fingerprint), encoding="utf-8")


__all__ = ["build_site", "configure_kernel", "copy_notebooks", "export_records", "register"]
