"""Fixtures of the JupyterHub test: the workshop tests' throw-away PostgreSQL server.

The fixture is defined once, in tests/workshop_fixtures.py; only ``pg_server`` and ``pg_url``
are taken over (not the workshop tests' autouse fixtures)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from workshop_fixtures import pg_server, pg_url  # noqa: F401

# browser_helpers (wait_rendered, is_local) lives with the browser tests
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "browser"))

from browser_helpers import CHROMIUM, CHROMIUM_ARGS  # noqa: E402


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """pytest-playwright's browser: Debian's Chromium (as in tests/browser/conftest.py)."""
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}
