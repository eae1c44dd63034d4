"""Fixtures of the JupyterHub test: the workshop tests' throw-away PostgreSQL server.

The fixture is defined once, in tests/workshop/conftest.py; it is loaded from there under a
module name of its own (both folders' conftest files would otherwise be ``conftest``), and only
``pg_server`` and ``pg_url`` are taken over (not the workshop tests' autouse fixtures)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

_path = Path(__file__).resolve().parents[1] / "workshop" / "conftest.py"
_spec = importlib.util.spec_from_file_location("aiact_kit_tests_workshop_conftest", _path)
_workshop = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_workshop)

pg_server = _workshop.pg_server
pg_url = _workshop.pg_url

# browser_helpers (wait_rendered, is_local) lives with the browser tests
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "browser"))

from browser_helpers import CHROMIUM, CHROMIUM_ARGS  # noqa: E402


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """pytest-playwright's browser: Debian's Chromium (as in tests/browser/conftest.py)."""
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}
