"""The Python side of the static site: the Pyodide core, the browser's wheels and their lock.

- The Pyodide core (``pyodide.mjs``, ``pyodide.asm.wasm``, the standard library) comes from the
  npm package ``pyodide`` (pinned in package.json, installed by ``npm ci``), in the version the
  JupyterLite kernel was made for (:data:`PYODIDE_VERSION`). It ships no package wheels.
- The pure-Python wheels a page kernel needs (:data:`BROWSER_WHEELS`: ipywidgets, the IPython
  the kernel runs on, micropip, ...) come from PyPI: :func:`fetch_wheels` runs
  ``pip download`` once into a folder (``make site-wheels``); the build itself is offline.
- The kit itself becomes a wheel (:func:`kit_wheel`) with the prebuilt records inside and no
  declared dependencies: the browser never needs PyYAML, pydantic or matplotlib.
- :func:`write_lock` writes a ``pyodide-lock.json`` that lists exactly these wheels (with their
  sha256), so Pyodide loads every package from the site's own folder and from nowhere else.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import subprocess
import sys
import zipfile
from email.parser import Parser
from pathlib import Path

PYODIDE_VERSION = "314.0.6"  # the version jupyterlite-pyodide-kernel 0.8.6 is made for
PYODIDE_CORE = (
    "pyodide.mjs",
    "pyodide.asm.mjs",
    "pyodide.asm.wasm",
    "python_stdlib.zip",
    "pyodide.js",
    "package.json",
)
# name==version of every wheel the browser loads (all py3-none-any): the versions Pyodide
# 314.0.6's own lock names where it has the package, the kit's pins for ipywidgets
BROWSER_WHEELS = (
    "asttokens==3.0.1",
    "comm==0.2.3",
    "decorator==5.2.1",
    "executing==2.2.1",
    "ipython==9.12.0",
    "ipython-pygments-lexers==1.1.1",
    "ipywidgets==8.1.9",
    "jedi==0.19.2",
    "jupyterlab-widgets==3.0.17",
    "matplotlib-inline==0.2.1",
    "micropip==0.11.1",
    "packaging==26.1",
    "parso==0.8.6",
    "prompt-toolkit==3.0.53",
    "pure-eval==0.2.3",
    "pygments==2.20.0",
    "six==1.17.0",
    "stack-data==0.6.3",
    "traitlets==5.14.3",
    "typing-extensions==4.15.0",
    "wcwidth==0.6.0",
)
KIT_NAME = "aiact-kit"


class SiteError(RuntimeError):
    """Something the site build needs is missing or wrong; the message says what to do."""


def normalize(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pyodide_core(root: Path) -> Path:
    """The folder of the npm package ``pyodide`` (checked: version and files)."""
    folder = root / "node_modules" / "pyodide"
    meta = folder / "package.json"
    if not meta.is_file():
        raise SiteError(f"{folder} is missing: run `npm ci` in {root} (package.json pins pyodide)")
    version = json.loads(meta.read_text(encoding="utf-8")).get("version")
    if version != PYODIDE_VERSION:
        raise SiteError(f"{folder} is pyodide {version}; the site needs {PYODIDE_VERSION}")
    missing = [n for n in (*PYODIDE_CORE, "pyodide-lock.json") if not (folder / n).is_file()]
    if missing:
        raise SiteError(f"{folder} lacks {', '.join(missing)}")
    return folder


def fetch_wheels(folder: Path) -> None:
    """Download :data:`BROWSER_WHEELS` from PyPI into ``folder`` (``pip download``)."""
    folder.mkdir(parents=True, exist_ok=True)
    cmd = [
        sys.executable,
        "-m",
        "pip",
        "download",
        "--quiet",
        "--no-deps",
        "--only-binary=:all:",
        "--python-version",
        "3.14",
        "--implementation",
        "py",
        "--platform",
        "any",
        "--dest",
        str(folder),
        *BROWSER_WHEELS,
    ]
    subprocess.run(cmd, check=True)


def browser_wheels(folder: Path) -> list[Path]:
    """The wheel file of every pin in :data:`BROWSER_WHEELS` in ``folder``; a missing one is an
    error that names it."""
    found = {}
    for path in folder.glob("*.whl") if folder.is_dir() else []:
        name, version = path.name.split("-")[:2]
        found[f"{normalize(name)}=={version}"] = path
    missing = [pin for pin in BROWSER_WHEELS if pin not in found]
    if missing:
        raise SiteError(
            f"wheels missing in {folder}: {', '.join(missing)}; "
            "run `aiact-kit build-site --fetch-wheels` (or `make site-wheels`) once"
        )
    return [found[pin] for pin in BROWSER_WHEELS]


def kit_wheel(package: Path, records: Path, dest: Path, version: str) -> Path:
    """A wheel of the kit's package folder ``package`` (code, content YAML, templates) with
    ``records`` as ``aiact_kit/site_records/``; no declared dependencies."""
    dist = f"aiact_kit-{version}"
    path = dest / f"{dist}-py3-none-any.whl"
    files: list[tuple[str, bytes]] = []
    for source in sorted(package.rglob("*")):
        if source.is_dir() or "__pycache__" in source.parts or source.suffix == ".pyc":
            continue
        files.append((f"aiact_kit/{source.relative_to(package).as_posix()}", source.read_bytes()))
    for source in sorted(records.rglob("*")):
        if source.is_file():
            arc = f"aiact_kit/site_records/{source.relative_to(records).as_posix()}"
            files.append((arc, source.read_bytes()))
    info = f"{dist}.dist-info"
    files.append((f"{info}/METADATA", f"Metadata-Version: 2.1\nName: {KIT_NAME}\n"
                  f"Version: {version}\n".encode()))  # fmt: skip
    files.append(
        (
            f"{info}/WHEEL",
            b"Wheel-Version: 1.0\nGenerator: aiact-kit\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
        )  # fmt: skip
    )
    files.append((f"{info}/top_level.txt", b"aiact_kit\n"))
    record = [f"{name},sha256={_b64(data)},{len(data)}" for name, data in files]
    files.append((f"{info}/RECORD", ("\n".join([*record, f"{info}/RECORD,,"]) + "\n").encode()))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in files:
            zf.writestr(zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0)), data)
    return path


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def _wheel_entry(path: Path) -> dict[str, object]:
    with zipfile.ZipFile(path) as zf:
        names = zf.namelist()
        meta_name = next(n for n in names if n.endswith(".dist-info/METADATA"))
        meta = Parser().parsestr(zf.read(meta_name).decode("utf-8"))
    tops = {n.split("/")[0] for n in names}
    imports = sorted(
        t[:-3] if t.endswith(".py") else t
        for t in tops
        if not t.endswith((".dist-info", ".data")) and (t.endswith(".py") or "." not in t)
    )
    depends = []
    for req in meta.get_all("Requires-Dist") or []:
        if "extra ==" not in req:
            depends.append(normalize(re.split(r"[\s;<>=!~\[(]", req.strip())[0]))
    return {
        "name": normalize(meta["Name"]),
        "version": meta["Version"],
        "file_name": path.name,
        "install_dir": "site",
        "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
        "package_type": "package",
        "imports": imports,
        "depends": depends,
        "unvendored_tests": False,
    }


def write_lock(core_lock: Path, wheels: list[Path], target: Path) -> dict[str, object]:
    """A ``pyodide-lock.json`` at ``target`` with the interpreter info of ``core_lock`` and
    exactly ``wheels`` (dependencies limited to what is in the lock)."""
    info = json.loads(core_lock.read_text(encoding="utf-8"))["info"]
    packages = {}
    for wheel in wheels:
        entry = _wheel_entry(wheel)
        packages[str(entry["name"])] = entry
    for entry in packages.values():
        entry["depends"] = [d for d in entry["depends"] if d in packages]  # type: ignore[attr-defined]
    lock = {"info": info, "packages": packages}
    target.write_text(json.dumps(lock, indent=1, sort_keys=True), encoding="utf-8")
    return lock


__all__ = [
    "BROWSER_WHEELS",
    "PYODIDE_CORE",
    "PYODIDE_VERSION",
    "SiteError",
    "browser_wheels",
    "fetch_wheels",
    "kit_wheel",
    "pyodide_core",
    "write_lock",
]
