"""Profile what app pages cost inside a real kernel: run each notebook's code cells in a fresh
ipykernel (as Voila does, cwd = the notebook's folder) and report, per cell, the wall time and
the growth of the kernel's USS, then the kernel's USS/RSS and the modules the page imported.

    python bench/profile_kernel.py [--baseline] [--cells] [--src SRC] notebooks/nl/index.ipynb ...

``--baseline`` adds the benchmark's bare one-widget notebook first. ``--src`` puts another
source tree first on the kernel's PYTHONPATH (e.g. the main checkout, to compare before/after).
The content cache is warmed once before the kernels start (``--cold`` skips that, so every
kernel validates the content itself, as with ``AIACT_KIT_CACHE_DIR=off``). The measured kernel
runs next to a companion kernel of the same page (``--alone``: without), so its USS is the
memory one more kernel of the page costs.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import BASELINE_SOURCE  # noqa: E402

MODULES_CODE = (
    "import sys as _s, json as _j\n"
    "_w = _s.modules.get('ipywidgets.widgets.widget')\n"
    "print(_j.dumps({'modules': sorted(_s.modules), "
    "'widgets': len(_w._instances) if _w else 0}))"
)


def start_kernel(cwd: Path, env: dict[str, str]):
    from jupyter_client.manager import start_new_kernel

    old = dict(os.environ)
    os.environ.clear()
    os.environ.update(env)
    try:
        return start_new_kernel(kernel_name="python3", cwd=str(cwd))
    finally:
        os.environ.clear()
        os.environ.update(old)


def execute(kc, src: str) -> float:
    t0 = time.perf_counter()
    reply = kc.execute_interactive(src, timeout=600, output_hook=lambda m: None)
    if reply["content"]["status"] != "ok":
        raise RuntimeError(f"cell failed: {reply['content'].get('evalue')}\n{src}")
    return time.perf_counter() - t0


def run_cells(cells: list[str], cwd: Path, env: dict[str, str], companion: bool) -> dict:
    """Run ``cells`` in a fresh kernel and measure it. With ``companion``, a second kernel runs
    the same cells first and stays up while the first is measured, so the libraries both map
    count as shared: the USS is then what one more kernel of this page costs, whatever else
    runs on the machine."""
    kernels = []
    try:
        if companion:
            kernels.append(start_kernel(cwd, env))
            for src in cells:
                execute(kernels[0][1], src)
        km, kc = start_kernel(cwd, env)
        kernels.append((km, kc))
        proc = psutil.Process(km.provisioner.process.pid)
        time.sleep(0.3)
        start = proc.memory_full_info().uss
        prev, rows = start, []
        for src in cells:
            dt = execute(kc, src)
            uss = proc.memory_full_info().uss
            rows.append(
                {"cell": src.strip().splitlines()[0][:70], "s": dt, "uss_mib": (uss - prev) / 2**20}
            )
            prev = uss
        out: list[str] = []
        kc.execute_interactive(
            MODULES_CODE,
            timeout=60,
            output_hook=lambda m: (
                out.append(m["content"].get("text", "")) if m["msg_type"] == "stream" else None
            ),
        )
        info = proc.memory_full_info()
        data = json.loads("".join(out))
        return {
            "cells": rows,
            "exec_s": sum(r["s"] for r in rows),
            "kernel_start_uss_mib": start / 2**20,
            "uss_mib": info.uss / 2**20,
            "rss_mib": info.rss / 2**20,
            "modules": data["modules"],
            "widgets": data["widgets"],
        }
    finally:
        for km, kc in kernels:
            kc.stop_channels()
            km.shutdown_kernel(now=True)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("notebooks", nargs="*", type=Path)
    ap.add_argument("--baseline", action="store_true")
    ap.add_argument("--src", type=Path, default=ROOT / "src")
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--cold", action="store_true", help="no content cache")
    ap.add_argument("--cells", action="store_true", help="print every cell")
    ap.add_argument(
        "--alone", action="store_true", help="no companion kernel (USS then counts libraries)"
    )
    ap.add_argument("--json", type=Path, help="write the results here")
    args = ap.parse_args()

    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(args.src), env.get("PYTHONPATH")) if p)
    env.setdefault("AIACT_KIT_ROOT", str(ROOT))
    env.setdefault("MPLBACKEND", "Agg")
    if args.cold:
        env["AIACT_KIT_CACHE_DIR"] = "off"
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(args.src)], check=False)
    warm = "from aiact_kit.content import default_content as d\nd()"
    subprocess.run([sys.executable, "-c", warm], env=env, check=False)

    pages: list[tuple[str, list[str], Path]] = []
    if args.baseline:
        pages.append(("baseline", [BASELINE_SOURCE], ROOT / "notebooks"))
    for path in args.notebooks:
        nb = nbformat.read(path, as_version=4)
        cells = [c.source for c in nb.cells if c.cell_type == "code"]
        pages.append((str(path), cells, path.resolve().parent))
    results = []
    base_modules: set[str] = set()
    for _ in range(args.repeat):
        for name, cells, cwd in pages:
            r = run_cells(cells, cwd, env, companion=not args.alone)
            r["page"] = name
            results.append(r)
            if name == "baseline":
                base_modules = set(r["modules"])
            extra = sorted(
                {m.split(".")[0] for m in r["modules"]} - {m.split(".")[0] for m in base_modules}
            )
            print(
                f"{name:50s} exec {r['exec_s']:6.2f} s  USS {r['uss_mib']:6.1f} MiB  "
                f"RSS {r['rss_mib']:6.1f} MiB  widgets {r['widgets']:4d}  "
                f"modules {len(r['modules'])}"
                + (f"  (+ {', '.join(extra)})" if base_modules and extra else "")
            )
            if args.cells:
                for row in r["cells"]:
                    print(
                        f"    {row['s'] * 1000:7.0f} ms  {row['uss_mib']:+6.2f} MiB  {row['cell']}"
                    )
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
