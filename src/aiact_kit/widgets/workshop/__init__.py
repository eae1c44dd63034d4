"""Workshop mode widgets: join a session (participant) and the live dashboard (facilitator).

- :func:`join_session` — a participant enters the session code and a pseudonym; while joined,
  every checked quiz answer in this kernel is recorded to the session (``join``).
- :func:`facilitator_dashboard` — the facilitator opens a session with its code and token (or
  creates a new one) and sees the room live (``dashboard``).
- :func:`projector_screen` — the big screen for the room: code, QR code, join link, the live
  question and the room's answers; never the token (``screen``).
- :func:`create_session` — open a session from code: returns the code and the token.

What both pages share (URL parameters, the back-off after failed attempts, the refresh
thread) is in ``page``; their HTML in :mod:`aiact_kit.present.workshop`.
"""

from __future__ import annotations

from aiact_kit.widgets.workshop.dashboard import (
    DEFAULT_REFRESH,
    FacilitatorDashboard,
    create_session,
    facilitator_dashboard,
)
from aiact_kit.widgets.workshop.join import JoinSession, join_session, workshop_quiz
from aiact_kit.widgets.workshop.page import Refresher
from aiact_kit.widgets.workshop.screen import ProjectorScreen, projector_screen

__all__ = [
    "DEFAULT_REFRESH",
    "FacilitatorDashboard",
    "JoinSession",
    "ProjectorScreen",
    "Refresher",
    "create_session",
    "facilitator_dashboard",
    "join_session",
    "projector_screen",
    "workshop_quiz",
]
