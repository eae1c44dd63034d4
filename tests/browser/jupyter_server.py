"""Start and stop a JupyterLab server (which also serves Notebook 7) for the browser tests of
self-study: on a free 127.0.0.1 port with a random token, its own settings, workspaces, config
and runtime folders, the progress file in a temporary folder, and a copy of ``notebooks/`` as
its root (so saving a notebook never touches the repository).

``theme`` is written into the user settings (``@jupyterlab/apputils-extension:themes``), as a
learner would choose it in Settings > Theme; news and update checks are switched off so the
page asks no other host.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import sys
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from server_process import ServerProcess, free_port, launch, stop_group, wait_until_answers

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class JupyterServer(ServerProcess):
    port: int = 0
    token: str = ""
    root: Path = Path()  # the server's root folder: notebooks/ is inside it
    progress: Path = Path()  # the learner's progress file

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def api(self, path: str, method: str = "GET") -> object:
        req = urllib.request.Request(
            f"{self.url}{path}", method=method, headers={"Authorization": f"token {self.token}"}
        )
        with urllib.request.urlopen(req, timeout=10) as r:
            body = r.read()
        return json.loads(body) if body else None

    def shutdown_kernels(self) -> None:
        for kernel in self.api("/api/kernels"):  # type: ignore[union-attr]
            self.api(f"/api/kernels/{kernel['id']}", method="DELETE")


def _settings(folder: Path, theme: str) -> None:
    values = {
        "@jupyterlab/apputils-extension/themes.jupyterlab-settings": {"theme": theme},
        # every cell in the page (not only those scrolled into view), so axe sees them all
        "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
        "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
            "fetchNews": "false",
            "checkForUpdates": False,
        },
    }
    for rel, value in values.items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(value), encoding="utf-8")


def start_server(tmp: Path, theme: str = "JupyterLab Dark") -> JupyterServer:
    """Start ``jupyter lab`` and wait until it answers (at most 120 s)."""
    root = tmp / "root"
    shutil.copytree(ROOT / "notebooks", root / "notebooks")
    settings = tmp / "settings"
    _settings(settings, theme)
    port, token = free_port(), secrets.token_hex(16)
    env = {
        **os.environ,
        "JUPYTER_CONFIG_DIR": str(tmp / "config"),
        "JUPYTER_RUNTIME_DIR": str(tmp / "runtime"),
        "AIACT_KIT_PROGRESS": str(tmp / "progress.sqlite"),
        "PYTHONPATH": os.pathsep.join(
            p for p in (str(ROOT / "src"), os.environ.get("PYTHONPATH")) if p
        ),
    }
    cmd = [
        sys.executable,
        "-m",
        "jupyterlab",
        "--no-browser",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={root}",
        f"--LabApp.user_settings_dir={settings}",
        f"--LabApp.workspaces_dir={tmp / 'workspaces'}",
        "--LabApp.expose_app_in_browser=True",
        "--JupyterNotebookApp.expose_app_in_browser=True",
        "--LabApp.extension_manager=readonly",  # never ask PyPI
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:  # CI containers
        cmd.append("--allow-root")
    log_path = tmp / f"jupyter-{port}.log"
    server = JupyterServer(
        "jupyter lab",
        launch(cmd, env, root, log_path),
        log_path,
        port=port,
        token=token,
        root=root,
        progress=tmp / "progress.sqlite",
    )

    def answers() -> bool:
        server.api("/api/status")  # raises until the server answers
        return True

    wait_until_answers(server, answers)
    return server


def stop_server(server: JupyterServer, timeout: float = 30) -> list[str]:
    """SIGTERM to the server's process group (it shuts its kernels down); what outlived it."""
    return stop_group(server, timeout)
