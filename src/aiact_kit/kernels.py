"""The kernel manager of the Voila app (``VoilaConfiguration.multi_kernel_manager_class`` in
``voila.json``).

Voila cannot shut a page's kernel down when the page closes (voila-dashboards/voila#1458), so
the app culls idle kernels (``MappingKernelManager.cull_idle_timeout``). A pre-heated kernel,
however, has been idle since it pre-ran its notebook; when a request takes it from the pool,
the culler could shut it down in the seconds before the browser connects to it, leaving the
page with dead widgets. This manager therefore culls a kernel only after it has been a
culling candidate (outside the pool) for ``cull_idle_timeout`` seconds: a closed page's
kernel is gone within ``cull_idle_timeout`` plus two ``cull_interval`` periods.
"""

from __future__ import annotations

import time

from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager


class KitKernelManager(AsyncMappingKernelManager):
    """AsyncMappingKernelManager with a grace period before a kernel can be culled."""

    _clock = staticmethod(time.monotonic)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._candidate_since: dict[str, float] = {}

    async def cull_kernel_if_idle(self, kernel_id: str) -> None:
        # Voila's pool manager returns before calling this for kernels still in its pool.
        now = self._clock()
        since = self._candidate_since.setdefault(kernel_id, now)
        if now - since < self.cull_idle_timeout:
            return
        await super().cull_kernel_if_idle(kernel_id)

    async def shutdown_kernel(self, kernel_id: str, *args, **kwargs):
        self._candidate_since.pop(kernel_id, None)
        return await super().shutdown_kernel(kernel_id, *args, **kwargs)


__all__ = ["KitKernelManager"]
