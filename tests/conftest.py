"""Shared fixtures. Browser and server fixtures live in tests/browser/conftest.py."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
os.environ.setdefault("AIACT_KIT_ROOT", str(ROOT))
os.environ.setdefault("MPLBACKEND", "Agg")


@pytest.fixture(scope="session")
def content():
    from aiact_kit.content import default_content

    return default_content()
