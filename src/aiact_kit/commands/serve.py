"""``aiact-kit serve``: start the Voila app on 127.0.0.1.

The static server settings live in ``voila.json`` in the project root (Voila reads it from its
working directory): 127.0.0.1 only, no port retries, the repository-local template ``a11y``
(found through ``JUPYTER_PATH=<root>/share/jupyter``), sources stripped, no tracebacks, idle
kernels culled. This command adds the port and the kernel pools: the pages people open first
(the landing pages and lessons 0 and 1, both languages) get one pre-heated kernel each; every
other page starts its kernel on request. The browser tests start the app through
:func:`voila_command` too, so they test exactly what this command serves.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import signal
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from aiact_kit.settings import ALLOWED_HOSTS, ROOT, project_root

DEFAULT_PORT = 8866
PREHEAT_LESSONS = (0, 1)  # lesson numbers whose notebooks get a pre-heated kernel


def port_number(text: str) -> int:
    """``--port``: a TCP port from 1 to 65535 (0 would let the system pick one this command
    could not announce; more than 65535 is no port at all)."""
    try:
        port = int(text.strip(), 10)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number (1 to 65535)") from None
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{port} is not a port number (1 to 65535)")
    return port


def register(subparsers: Any) -> None:
    p = subparsers.add_parser("serve", help="start the Voila app on 127.0.0.1")
    p.add_argument(
        "--port",
        type=port_number,
        default=DEFAULT_PORT,
        metavar="PORT",
        help=f"port, 1 to 65535 (default {DEFAULT_PORT})",
    )
    p.add_argument("--no-preheat", action="store_true", help="do not preheat kernels")
    p.add_argument(
        "--pool-size",
        type=int,
        default=1,
        metavar="N",
        help="pre-heated kernels per preheated page (default 1); for a workshop, about the "
        "number of people who open the same page at once (see docs/performance.md)",
    )
    p.add_argument(
        "--dry-run", action="store_true", help="print the Voila command instead of running it"
    )
    _add_host_option(p)
    p.set_defaults(func=cmd_serve)


def _add_host_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--allow-host",
        action="append",
        default=[],
        metavar="NAME",
        help="a host name the app answers to besides localhost and loopback addresses, e.g. "
        "the name a reverse proxy forwards in the Host header (repeatable; also "
        f"{ALLOWED_HOSTS.env}); requests for any other Host get 403",
    )


def with_allowed_hosts(env: dict[str, str], names: Sequence[str]) -> dict[str, str]:
    """``env`` with ``names`` added to ``AIACT_KIT_ALLOWED_HOSTS`` (read by the app's kernel
    manager, :mod:`aiact_kit.app.webguard`)."""
    if not names:
        return env
    known = [n for n in env.get(ALLOWED_HOSTS.env, "").replace(",", " ").split() if n]
    return {**env, ALLOWED_HOSTS.env: ",".join(dict.fromkeys([*known, *names]))}


def preheat_pages(root: Path) -> list[str]:
    """Notebooks (relative to notebooks/) that get a pre-heated kernel: the landing pages and
    lessons 0 and 1 in both languages, when they exist."""
    from aiact_kit.engines.course import landing_path, outline

    o = outline(root=root / "notebooks")
    pages = [landing_path(lang) for lang in ("nl", "en")]
    for lesson in o.lessons():
        if lesson.number in PREHEAT_LESSONS:
            pages += [lesson.notebook.nl, lesson.notebook.en]
    return [p for p in pages if o.exists(p)]


def kernel_pools(root: Path, pool_size: int = 1) -> dict[str, dict[str, int]]:
    """``VoilaKernelManager.kernel_pools_config``: no pool by default, ``pool_size`` kernels for
    each page of :func:`preheat_pages`."""
    if pool_size < 1:
        raise ValueError(f"pool size must be 1 or more, not {pool_size}")
    config: dict[str, dict[str, int]] = {"default": {"pool_size": 0}}
    for page in preheat_pages(root):
        config[page] = {"pool_size": pool_size}
    return config


def voila_command(
    port: int, preheat: bool = True, extra_args: Sequence[str] = (), pool_size: int = 1
) -> tuple[list[str], dict[str, str], str]:
    """The command line, environment and working directory that start the app."""
    root = project_root()
    env = dict(os.environ)
    share = str(root / "share" / "jupyter")
    env["JUPYTER_PATH"] = os.pathsep.join(p for p in (share, env.get("JUPYTER_PATH")) if p)
    env[ROOT.env] = str(root)
    env.setdefault("MPLBACKEND", "Agg")
    cmd = [
        sys.executable,
        "-m",
        "voila",
        "notebooks",
        "--no-browser",
        f"--port={port}",
        "--Voila.ip=127.0.0.1",
        "--Voila.port_retries=0",
    ]
    if preheat:
        pools = json.dumps(kernel_pools(root, pool_size), separators=(",", ":"))
        cmd += [
            "--preheat_kernel=True",
            f"--VoilaKernelManager.kernel_pools_config={pools}",
        ]
    cmd += list(extra_args)
    return cmd, env, str(root)


def cmd_serve(args: argparse.Namespace) -> int:
    if args.pool_size < 1:
        print("aiact-kit serve: --pool-size must be 1 or more", file=sys.stderr)
        return 2
    cmd, env, cwd = voila_command(args.port, preheat=not args.no_preheat, pool_size=args.pool_size)
    env = with_allowed_hosts(env, getattr(args, "allow_host", []))
    if args.dry_run:
        print(shlex.join(cmd))
        return 0
    print(f"AI Act Leerkit: http://127.0.0.1:{args.port}/  (Ctrl+C to stop)", flush=True)
    proc = subprocess.Popen(cmd, env=env, cwd=cwd)
    # SIGTERM to this command stops Voila (and Voila stops its kernels) instead of orphaning it.
    signal.signal(signal.SIGTERM, lambda signum, frame: proc.terminate())
    try:
        return proc.wait()
    except KeyboardInterrupt:
        # Voila asks for confirmation on SIGINT; SIGTERM stops it and its kernels.
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        return 0
