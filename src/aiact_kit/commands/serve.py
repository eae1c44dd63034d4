"""``aiact-kit serve``: start the Voila app on 127.0.0.1."""

from __future__ import annotations

import os
import subprocess
import sys

from aiact_kit.paths import project_root


def register(subparsers) -> None:
    p = subparsers.add_parser("serve", help="start the Voila app on 127.0.0.1")
    p.add_argument("--port", type=int, default=8866, help="port (default 8866)")
    p.add_argument("--no-preheat", action="store_true", help="do not preheat kernels")
    p.add_argument(
        "--dry-run", action="store_true", help="print the Voila command instead of running it"
    )
    p.set_defaults(func=cmd_serve)


def voila_command(port: int, preheat: bool = True) -> tuple[list[str], dict[str, str], str]:
    """The command line, environment and working directory that start the app."""
    root = project_root()
    env = dict(os.environ)
    share = str(root / "share" / "jupyter")
    env["JUPYTER_PATH"] = os.pathsep.join(p for p in (share, env.get("JUPYTER_PATH")) if p)
    env["AIACT_KIT_ROOT"] = str(root)
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
        cmd.append("--preheat_kernel=True")
    return cmd, env, str(root)


def cmd_serve(args) -> int:
    cmd, env, cwd = voila_command(args.port, preheat=not args.no_preheat)
    if args.dry_run:
        print(" ".join(cmd))
        return 0
    print(f"AI Act Leerkit: http://127.0.0.1:{args.port}/  (Ctrl+C to stop)", flush=True)
    try:
        return subprocess.call(cmd, env=env, cwd=cwd)
    except KeyboardInterrupt:
        return 0
