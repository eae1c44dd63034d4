"""The kernel manager of the Voila app (``VoilaConfiguration.multi_kernel_manager_class`` in
``voila.json``).

Voila cannot shut a page's kernel down when the page closes (voila-dashboards/voila#1458), so
the app culls kernels that no page uses any more. jupyter_server's culler alone is not enough:
it takes only kernels that have been *idle* for ``cull_idle_timeout``, and a page that keeps
sending messages (the facilitator dashboard refreshes itself every few seconds while answers
arrive) is never idle, so a closed dashboard's kernel lived on for as long as answers came in.

This manager culls on connections instead: a kernel with no browser connected (no kernel
websocket) for ``cull_idle_timeout`` seconds is shut down, busy or not, however recently it
sent output. The clock starts at the first culling round that sees the kernel without a
connection, so

- a closed page's kernel is gone within ``cull_idle_timeout`` plus two ``cull_interval``
  periods (one round to notice the page is gone, one round of rounding up);
- a kernel that has just left the pre-heated pool (or is still rendering its page) has that
  same grace period to get its browser connection;
- a kernel with a connected page is never culled (``cull_connected`` false, the default);
- kernels still in Voila's pre-heated pool are never offered to this method (Voila's pool
  manager returns early for them), and dead kernels are shut down at once.

Loading this manager also installs :mod:`aiact_kit.app.webguard` in the server process: secrets
redacted from the log, and the ``Host`` allow-list.
"""

from __future__ import annotations

import time
from typing import Any

from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager

from aiact_kit.app.webguard import install_log_redaction, secure_tornado_settings


class KitKernelManager(AsyncMappingKernelManager):
    """AsyncMappingKernelManager that culls kernels by connection count (see the module)."""

    _clock = staticmethod(time.monotonic)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._unconnected_since: dict[str, float] = {}
        install_log_redaction()
        _secure_parent(self.parent)

    def connections(self, kernel_id: str) -> int:
        """The number of browser (websocket) connections to the kernel."""
        return int(self._kernel_connections.get(kernel_id, 0))

    async def cull_kernel_if_idle(self, kernel_id: str) -> None:
        # Voila's pool manager returns before calling this for kernels still in its pool.
        kernel = self._kernels.get(kernel_id)
        if kernel is None:
            self._unconnected_since.pop(kernel_id, None)
            return
        if getattr(kernel, "execution_state", None) == "dead":
            await super().cull_kernel_if_idle(kernel_id)
            return
        now = self._clock()
        if self.connections(kernel_id) > 0 and not self.cull_connected:
            self._unconnected_since.pop(kernel_id, None)
            return
        since = self._unconnected_since.setdefault(kernel_id, now)
        timeout = kernel.kernel_spec.metadata.get("cull_idle_timeout", self.cull_idle_timeout)
        if now - since < timeout:
            return
        self.log.warning(
            "Culling kernel '%s' (%s, %s): no page connected for %d seconds.",
            kernel.kernel_name,
            kernel_id,
            getattr(kernel, "execution_state", "?"),
            int(now - since),
        )
        await self.shutdown_kernel(kernel_id)

    async def shutdown_kernel(self, kernel_id: str, *args, **kwargs):
        self._unconnected_since.pop(kernel_id, None)
        return await super().shutdown_kernel(kernel_id, *args, **kwargs)


def _secure_parent(app: Any) -> None:
    """Turn on the ``Host`` check in the Voila app that created this manager. Voila builds its
    tornado application after the kernel manager and then applies ``Voila.tornado_settings``;
    a manager made by something else (a test, the JupyterHub server extension) has no such
    trait and is left alone."""
    if app is None or not app.has_trait("tornado_settings"):
        return
    app.tornado_settings = secure_tornado_settings(dict(app.tornado_settings))


__all__ = ["KitKernelManager"]
