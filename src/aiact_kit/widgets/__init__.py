"""ipywidgets views over the engines. Widgets hold no legal knowledge: they render content and
engine state and forward events."""

# Keep checked answers as local self-study progress (opened on the first answer; off under
# Voila and with AIACT_KIT_PROGRESS=off; paused while joined to a workshop session).
from aiact_kit.engines import progress as _progress  # noqa: E402

_progress.ensure_tracking()
