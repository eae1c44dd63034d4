"""JupyterHub for a workshop across machines: every participant gets their own single-user
server whose default page is the kit's Voila app; workshop results go to PostgreSQL.

Run from the repository root (needs the kit installed in the same Python and
configurable-http-proxy from `npm install`):

    AIACT_KIT_DB=postgresql://user:pw@dbhost/aiact \
    AIACT_HUB_PASSWORD=<room password> \
    jupyterhub -f deploy/jupyterhub/jupyterhub_config.py

Settings (environment variables):
- AIACT_KIT_DB          database URL of the results store (PostgreSQL for several servers)
- AIACT_HUB_PASSWORD    one shared room password; participants log in with any pseudonym
- AIACT_HUB_IP          address to listen on (default 127.0.0.1)
- AIACT_HUB_PORT        public port (default 8000); AIACT_HUB_API_PORT / AIACT_HUB_PROXY_PORT
                        for the hub API and the proxy's REST API (default 8081 / 8001)
- AIACT_HUB_STATE       folder for the hub database, cookie secret and user homes
- AIACT_HUB_LANG        nl (default) or en: the landing page participants start on

Participants are pseudonymous: the username is any pseudonym, nothing else is asked. The shared
password is only a door key for the room; use a real authenticator (OAuth, LDAP) where staff
identities are required. For Kubernetes see docs/deployment.md (Zero to JupyterHub).
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

c = get_config()  # noqa: F821 - provided by JupyterHub when it loads this file

ROOT = Path(__file__).resolve().parents[2]
STATE = Path(os.environ.get("AIACT_HUB_STATE", ROOT / "var" / "hub")).resolve()
STATE.mkdir(parents=True, exist_ok=True)
IP = os.environ.get("AIACT_HUB_IP", "127.0.0.1")
LANG = os.environ.get("AIACT_HUB_LANG", "nl")
BIN = Path(sys.executable).parent

c.JupyterHub.bind_url = f"http://{IP}:{os.environ.get('AIACT_HUB_PORT', '8000')}"
c.JupyterHub.hub_bind_url = f"http://127.0.0.1:{os.environ.get('AIACT_HUB_API_PORT', '8081')}"
c.ConfigurableHTTPProxy.api_url = (
    f"http://127.0.0.1:{os.environ.get('AIACT_HUB_PROXY_PORT', '8001')}"
)
proxy = ROOT / "node_modules" / ".bin" / "configurable-http-proxy"
c.ConfigurableHTTPProxy.command = [
    str(proxy) if proxy.exists() else shutil.which("configurable-http-proxy") or str(proxy)
]
c.JupyterHub.db_url = f"sqlite:///{STATE / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(STATE / "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = str(STATE / "jupyterhub.pid")

# One shared room password; any pseudonym is a valid username.
c.JupyterHub.authenticator_class = "shared-password"
_password = os.environ.get("AIACT_HUB_PASSWORD", "")
if len(_password) < 8:
    raise SystemExit("set AIACT_HUB_PASSWORD (the room password, 8 characters or more)")
c.SharedPasswordAuthenticator.user_password = _password
c.Authenticator.allow_all = True
c.Authenticator.username_pattern = r"^[a-z0-9][a-z0-9_-]{0,39}$"

# Each participant: a local process with its own home folder (so self-study progress and the
# joined workshop session are per participant), running the kit's Voila app.
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = str(STATE / "home" / "{username}")
c.Spawner.cmd = [str(BIN / "jupyterhub-singleuser")]
c.Spawner.args = [
    "--VoilaConfiguration.template=a11y",
    "--VoilaConfiguration.show_tracebacks=False",
    "--MappingKernelManager.cull_idle_timeout=600",
    "--MappingKernelManager.cull_interval=60",
]
if os.geteuid() == 0:
    c.Spawner.args.append("--allow-root")
c.Spawner.ip = "127.0.0.1"
c.Spawner.notebook_dir = str(ROOT / "notebooks")
c.Spawner.default_url = f"/voila/render/{LANG}/index.ipynb"
c.Spawner.http_timeout = 90
c.Spawner.start_timeout = 120
c.Spawner.environment = {
    "JUPYTER_PATH": str(ROOT / "share" / "jupyter"),
    "AIACT_KIT_ROOT": str(ROOT),
    "MPLBACKEND": "Agg",
    # One validated-content cache for the room (docs/performance.md): only the first kernel
    # validates the content. Safe to share here because every participant's server runs as the
    # hub's own user (SimpleLocalProcessSpawner); with per-user accounts leave it per home.
    "AIACT_KIT_CACHE_DIR": str(STATE / "cache"),
}
if os.environ.get("AIACT_KIT_DB"):
    c.Spawner.environment["AIACT_KIT_DB"] = os.environ["AIACT_KIT_DB"]
# Idle participant servers are stopped after an hour (jupyterhub-idle-culler is optional).
c.JupyterHub.shutdown_on_logout = True
