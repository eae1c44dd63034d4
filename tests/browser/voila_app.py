"""Start and stop the kit's Voila app for the browser tests, through the same code path as
``aiact-kit serve`` (:func:`aiact_kit.commands.serve.voila_command`).

The server runs in its own process group on a free 127.0.0.1 port. Stopping sends SIGTERM to
that group (Voila then shuts down its kernels, which jupyter_client starts in sessions of
their own) and reports every process that is still alive afterwards.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import kernel_modules
import psutil

from aiact_kit.commands.serve import voila_command

# Short culling for the test server so the kernels of closed test pages go away quickly; the
# app itself culls after voila.json's cull_idle_timeout (see tests/app/test_app_config.py).
TEST_CULL_ARGS = (
    "--MappingKernelManager.cull_idle_timeout=20",
    "--MappingKernelManager.cull_interval=5",
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class VoilaApp:
    proc: subprocess.Popen
    port: int
    log_path: Path
    kernel_records: Path | None = None  # see kernel_modules.py
    seen: dict[int, str] = field(default_factory=dict)  # pid -> command line of descendants

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def descendants(self) -> list[psutil.Process]:
        """The server's child processes (kernels), remembered for the leftover check."""
        try:
            children = psutil.Process(self.proc.pid).children(recursive=True)
        except psutil.NoSuchProcess:
            return []
        for child in children:
            with contextlib.suppress(psutil.Error):
                self.seen.setdefault(child.pid, " ".join(child.cmdline()))
        return children


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
    log = log_path.open("w")
    proc = subprocess.Popen(
        cmd, env=env, cwd=cwd, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    log.close()
    app = VoilaApp(proc, port, log_path, records)
    deadline = time.monotonic() + 120
    while True:
        if proc.poll() is not None:
            raise RuntimeError(f"Voila exited with {proc.returncode}:\n{app.log()}")
        try:
            with urllib.request.urlopen(f"{app.url}/voila/tree/", timeout=5) as r:
                if r.status == 200:
                    return app
        except (urllib.error.URLError, OSError):
            pass
        if time.monotonic() > deadline:
            stop_app(app)
            raise RuntimeError(f"Voila did not answer within 120 s:\n{app.log()}")
        time.sleep(0.3)


def stop_app(app: VoilaApp, timeout: float = 30) -> list[str]:
    """SIGTERM to the server's process group; wait for it and its kernels to end. Returns a
    description of every process that was still alive (and is then killed)."""
    children = app.descendants()
    leftovers: list[str] = []
    with contextlib.suppress(ProcessLookupError):
        os.killpg(app.proc.pid, signal.SIGTERM)
    try:
        app.proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        leftovers.append(f"voila server pid {app.proc.pid} ignored SIGTERM for {timeout} s")
        os.killpg(app.proc.pid, signal.SIGKILL)
        app.proc.wait()
    _, alive = psutil.wait_procs(children, timeout=timeout)
    for p in alive:
        leftovers.append(f"pid {p.pid}: {app.seen.get(p.pid, '?')}")
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(os.getpgid(p.pid), signal.SIGKILL)
    # anything left in the server's own process group
    for p in psutil.process_iter(["pid"]):
        try:
            if os.getpgid(p.pid) == app.proc.pid:
                leftovers.append(f"pid {p.pid} in the server's process group")
                p.kill()
        except (ProcessLookupError, psutil.Error):
            pass
    return leftovers
