"""Start and stop the kit's Voila app for the browser tests, through the same code path as
``aiact-kit serve`` (:func:`aiact_kit.commands.serve.voila_command`).

The server runs in its own process group on a free 127.0.0.1 port. Stopping sends SIGTERM to
that group (Voila then shuts down its kernels, which jupyter_client starts in sessions of
their own) and reports every process that is still alive afterwards.
"""

from __future__ import annotations

import os
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import kernel_modules
from server_process import ServerProcess, free_port, launch, stop_group, wait_until_answers

from aiact_kit.commands.serve import voila_command

__all__ = ["TEST_CULL_ARGS", "VoilaApp", "start_app", "stop_app"]

# Short culling for the test server so the kernels of closed test pages go away quickly; the
# app itself culls after voila.json's cull_idle_timeout (see tests/app/test_app_config.py).
TEST_CULL_ARGS = (
    "--MappingKernelManager.cull_idle_timeout=20",
    "--MappingKernelManager.cull_interval=5",
)


@dataclass
class VoilaApp(ServerProcess):
    port: int = 0
    kernel_records: Path | None = None  # see kernel_modules.py

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


def start_app(
    log_dir: Path, preheat: bool = True, extra_args=TEST_CULL_ARGS, record_imports: bool = False
) -> VoilaApp:
    """Start the app and wait until it answers (at most 120 s, or until it exits). With
    ``record_imports`` its kernels record what they import (kernel_modules.py)."""
    port = free_port()
    cmd, env, cwd = voila_command(port, preheat=preheat, extra_args=extra_args)
    records = kernel_modules.prepare(log_dir, env) if record_imports else None
    env["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(Path(cwd) / "src"), env.get("PYTHONPATH")) if p
    )
    log_path = log_dir / f"voila-{port}.log"
    proc = launch(cmd, env, cwd, log_path)
    app = VoilaApp("Voila", proc, log_path, port=port, kernel_records=records)

    def answers() -> bool:
        with urllib.request.urlopen(f"{app.url}/voila/tree/", timeout=5) as r:
            return r.status == 200

    wait_until_answers(app, answers)
    return app


def stop_app(app: VoilaApp, timeout: float = 30) -> list[str]:
    """SIGTERM to the server's process group; wait for it and its kernels to end. Returns a
    description of every process that was still alive (and is then killed)."""
    return stop_group(app, timeout)
