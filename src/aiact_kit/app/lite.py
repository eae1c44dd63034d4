"""The kit inside the browser: what a page kernel of the static JupyterLite site needs.

The static site (``aiact-kit build-site``, :mod:`aiact_kit.commands.site`) runs every page in
Pyodide, without PyYAML, pydantic or matplotlib. The build stores what an app page would
otherwise read from the validated-content cache in the site's copy of the kit, in the folder
``aiact_kit/site_records/`` (:data:`RECORDS_DIR`):

- ``content.pickle``: the validated content set, as the cache writes it;
- ``object-<name>.pickle``: each object the pages take from :func:`cached_object` (the text
  catalogue, the decision tree, the milestone-ordering question), pickled as the cache does;
- ``charts/`` and ``charts.json``: the chart PNGs drawn at build time, and the renderer
  fingerprint their cache names were made with.

:func:`start` (run once, on ``import aiact_kit.app.lite``; the site's notebooks do that in their
first code cell) puts these where the kit's own cache reads them: the content file under the key
this interpreter computes for the shipped content files, the charts under their build-time
names, and it answers :func:`cached_object` from the shipped objects. The site's files cannot
change after the build, so no fingerprint is needed for the objects.

Outside the site (no :data:`RECORDS_DIR`) :func:`start` does nothing and returns ``False``.

Progress: a kernel of the static site keeps no progress file (``AIACT_KIT_PROGRESS=off``); the
learner-journey work (issue 15) is to store it in the browser, through :data:`PROGRESS_HOOK`.
"""

from __future__ import annotations

import io
import json
import os
import pickle
import shutil
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from aiact_kit import settings

RECORDS_DIR = Path(__file__).resolve().parents[1] / "site_records"
# where the site's contents (the notebooks) are mounted in the kernel's file system
DRIVE = "/drive"
# Issue 15 (progress in the browser's storage) plugs in here: a callable that takes over the
# progress store in a site kernel. None: progress is off on the static site.
PROGRESS_HOOK: Callable[[], None] | None = None

_started = False


def running() -> bool:
    """Whether this kernel reads the static site's records (:func:`start` has run)."""
    return _started


def in_browser() -> bool:
    """Whether this interpreter runs in the browser (Pyodide)."""
    return sys.platform == "emscripten"


def start(records: Path | None = None, cache: Path | None = None) -> bool:
    """Make the kit read the site's prebuilt records (once per kernel). ``records`` and
    ``cache`` default to :data:`RECORDS_DIR` and a new temporary folder; returns whether the records
    were installed."""
    global _started
    folder = records or RECORDS_DIR
    if _started or not (folder / "content.pickle").is_file():
        return _started
    cache_folder = cache or Path(tempfile.mkdtemp(prefix="aiact-kit-cache-"))
    os.environ[settings.CACHE_DIR.env] = str(cache_folder)
    os.environ[settings.PROGRESS.env] = "off"
    if in_browser() and settings.ROOT.get() is None:
        os.environ[settings.ROOT.env] = DRIVE
    _install_content(folder, cache_folder)
    _install_objects(folder)
    _install_charts(folder, cache_folder)
    _install_links()
    if PROGRESS_HOOK is not None:
        PROGRESS_HOOK()
    _started = True
    return True


def _install_content(folder: Path, cache_folder: Path) -> None:
    """The shipped content file under the key this interpreter computes for the content files
    (the key also covers the Python version, which differs between the build and the browser)."""
    from aiact_kit.content import CONTENT_DIR, content_fingerprint

    data = (folder / "content.pickle").read_bytes()
    stream = io.BytesIO(data)
    header = pickle.load(stream)
    rest = data[stream.tell() :]
    key = content_fingerprint(CONTENT_DIR)
    header["key"] = key
    cache_folder.mkdir(parents=True, exist_ok=True)
    target = cache_folder / f"content-{key[:40]}.pickle"
    target.write_bytes(pickle.dumps(header, protocol=pickle.HIGHEST_PROTOCOL) + rest)


def _install_objects(folder: Path) -> None:
    import aiact_kit.content as content_pkg
    from aiact_kit.content import cache as cache_module
    from aiact_kit.content.pickling import CacheUnpickler

    original = cache_module.cached_object
    shipped = {p.name[len("object-") : -len(".pickle")]: p for p in folder.glob("object-*.pickle")}
    loaded: dict[str, Any] = {}

    def site_object(
        name: str,
        inputs: Sequence[str | Path],
        build: Callable[[], Any],
        records: bool | None = None,
    ) -> Any:
        if name in loaded:
            return loaded[name]
        path = shipped.get(name)
        if path is None:
            return original(name, inputs, build, records)
        _key, value = CacheUnpickler(io.BytesIO(path.read_bytes()), [], True).load()
        loaded[name] = value
        return value

    # text.py looks the name up on the package at each call; the decision tree and the
    # ordering exercise import it when first imported (after this)
    content_pkg.cached_object = site_object  # type: ignore[assignment]
    cache_module.cached_object = site_object  # type: ignore[assignment]


def _install_charts(folder: Path, cache_folder: Path) -> None:
    info = folder / "charts.json"
    if not info.is_file():
        return
    fingerprint = json.loads(info.read_text(encoding="utf-8"))["fingerprint"]
    from aiact_kit.present import charts

    charts._renderer_fingerprint = lambda: fingerprint  # type: ignore[attr-defined]
    target = cache_folder / "charts"
    target.mkdir(parents=True, exist_ok=True)
    for png in (folder / "charts").glob("*.png"):
        shutil.copyfile(png, target / png.name)


def site_href(from_path: str, to_path: str) -> str:
    """A link between two pages of the site (paths relative to ``notebooks/``): the Notebook
    interface's own page with the notebook as its ``path`` (a page is
    ``notebooks/index.html?path=notebooks/<lang>/<file>``, so the link is relative to it)."""
    return f"index.html?path=notebooks/{to_path}"


def _install_links() -> None:
    """Page links (previous/next, language switch, landing page) in the site's URL form
    instead of the Voila paths (the renderers import the function when first imported)."""
    from aiact_kit.engines import course

    course.relative_href = site_href  # type: ignore[assignment]
    pages = sys.modules.get("aiact_kit.present.pages")
    if pages is not None:
        pages.relative_href = site_href  # type: ignore[attr-defined]


start()

__all__ = [
    "DRIVE",
    "PROGRESS_HOOK",
    "RECORDS_DIR",
    "in_browser",
    "running",
    "site_href",
    "start",
]
