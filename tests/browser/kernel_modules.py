"""What the app's page kernels import, recorded while the browser tests render the pages.

The test server's kernels load one IPython start-up file (through ``IPYTHONDIR``) that writes,
after every cell, the sources of the cells the kernel has run and the names in ``sys.modules``
to ``<record dir>/<pid>.json``. A page test then finds the kernel that ran its notebook's code
cells and checks what it imported, so every app notebook is executed once in the suite: by the
browser test that renders it (see docs/performance.md for why the imports matter).
"""

from __future__ import annotations

import json
from pathlib import Path

import nbformat

# Validated content is read as plain records by the pages (aiact_kit.content.records): no
# pydantic, no content schema, no YAML parser. Charts are drawn by a worker process of their
# own (aiact_kit.present.charts). Only the workshop pages use the results store.
HEAVY = ("pydantic", "pydantic_core", "aiact_kit.content.schema", "yaml", "psycopg")
CHARTS = ("matplotlib", "numpy", "PIL", "aiact_kit.present.chart_worker")
STORE = ("aiact_kit.engines.workshop",)

STARTUP = """\
import json, os, sys
_aiact_dir = os.environ["AIACT_TEST_KERNEL_RECORDS"]
_aiact_cells = []
def _aiact_record(result):
    _aiact_cells.append(result.info.raw_cell)
    path = os.path.join(_aiact_dir, f"{os.getpid()}.json")
    with open(path + ".tmp", "w") as f:
        json.dump({"cells": _aiact_cells, "modules": sorted(sys.modules)}, f)
    os.replace(path + ".tmp", path)
get_ipython().events.register("post_run_cell", _aiact_record)
"""


def prepare(base: Path, env: dict[str, str]) -> Path:
    """Make ``env``'s kernels record their imports under ``base``; returns the record dir."""
    startup = base / "ipython" / "profile_default" / "startup"
    startup.mkdir(parents=True, exist_ok=True)
    (startup / "00-record-modules.py").write_text(STARTUP)
    records = base / "kernels"
    records.mkdir(exist_ok=True)
    env["IPYTHONDIR"] = str(base / "ipython")
    env["AIACT_TEST_KERNEL_RECORDS"] = str(records)
    return records


def modules_of(notebook: Path, records: Path) -> set[str]:
    """The modules of a kernel that ran every code cell of ``notebook``."""
    cells = [c.source for c in nbformat.read(notebook, as_version=4).cells if c.cell_type == "code"]
    for path in sorted(records.glob("*.json")):
        try:
            record = json.loads(path.read_text())
        except (OSError, json.JSONDecodeError):
            continue
        ran = record["cells"]  # Voila runs a cell of its own before the notebook's
        if any(ran[i : i + len(cells)] == cells for i in range(len(ran) - len(cells) + 1)):
            return set(record["modules"])
    raise AssertionError(f"no kernel recorded running all code cells of {notebook}")


def unexpected_imports(notebook: Path, records: Path) -> list[str]:
    modules = modules_of(notebook, records)
    assert "aiact_kit.content" in modules and "aiact_kit.widgets.nav" in modules
    forbidden = HEAVY + CHARTS + (() if "workshop" in notebook.name else STORE)
    return [m for m in forbidden if m in modules]
