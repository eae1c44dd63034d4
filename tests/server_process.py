"""A server for the tests, in its own process group: started with its output in a log file,
waited for until it answers, stopped with SIGTERM to the group, and checked for processes that
outlived it.

Used by the Voila app (browser/voila_app.py), JupyterLab (browser/jupyter_server.py) and
JupyterHub (hub/test_jupyterhub.py); each says how to start it and when it answers.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import time
import urllib.error
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import psutil

START_TIMEOUT = 120  # seconds for a server to answer after it was started


def free_port() -> int:
    """A TCP port on 127.0.0.1 that is free now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class ServerProcess:
    name: str  # for messages: "Voila", "jupyter lab", "JupyterHub"
    proc: subprocess.Popen
    log_path: Path
    seen: dict[int, str] = field(default_factory=dict)  # pid -> command line of descendants

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def descendants(self) -> list[psutil.Process]:
        """The server's child processes (kernels, proxies, single-user servers), remembered
        for the leftover check."""
        try:
            children = psutil.Process(self.proc.pid).children(recursive=True)
        except psutil.NoSuchProcess:
            return []
        for child in children:
            with contextlib.suppress(psutil.Error):
                self.seen.setdefault(child.pid, " ".join(child.cmdline()))
        return children


def launch(cmd: Sequence[str], env: Mapping[str, str], cwd: Path | str, log_path: Path):
    """Start ``cmd`` in a new process group (session) with stdout and stderr in ``log_path``;
    the Popen."""
    with log_path.open("w") as log:
        return subprocess.Popen(
            list(cmd),
            env=dict(env),
            cwd=cwd,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def wait_until_answers(
    server: ServerProcess,
    answers: Callable[[], bool],
    timeout: float = START_TIMEOUT,
    interval: float = 0.3,
) -> None:
    """Call ``answers()`` until it returns True (connection errors count as not yet). Raises
    RuntimeError with the server's log when the server exits first or ``timeout`` passes (the
    server is stopped then)."""
    deadline = time.monotonic() + timeout
    while True:
        if server.proc.poll() is not None:
            raise RuntimeError(
                f"{server.name} exited with {server.proc.returncode}:\n{server.log()[-5000:]}"
            )
        try:
            if answers():
                return
        except (urllib.error.URLError, OSError):
            pass
        if time.monotonic() > deadline:
            stop_group(server)
            raise RuntimeError(
                f"{server.name} did not answer within {timeout:.0f} s:\n{server.log()[-5000:]}"
            )
        time.sleep(interval)


def stop_group(server: ServerProcess, timeout: float = 30) -> list[str]:
    """SIGTERM to the server's process group; wait for it and its descendants (which may have
    started sessions of their own, like kernels) to end. Returns a description of every
    process still alive after ``timeout`` (each is then killed)."""
    children = server.descendants()
    leftovers: list[str] = []
    with contextlib.suppress(ProcessLookupError):
        os.killpg(server.proc.pid, signal.SIGTERM)
    try:
        server.proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        leftovers.append(f"{server.name} pid {server.proc.pid} ignored SIGTERM for {timeout:.0f} s")
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.proc.pid, signal.SIGKILL)
        server.proc.wait()
    _, alive = psutil.wait_procs(children, timeout=timeout)
    for p in alive:
        leftovers.append(f"pid {p.pid}: {server.seen.get(p.pid, '?')}")
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(os.getpgid(p.pid), signal.SIGKILL)
    for p in psutil.process_iter(["pid"]):  # anything left in the server's own process group
        try:
            if os.getpgid(p.pid) == server.proc.pid:
                leftovers.append(f"pid {p.pid} in the {server.name} process group")
                p.kill()
        except (ProcessLookupError, psutil.Error):
            pass
    return leftovers
