"""Shared fixtures. Browser and server fixtures live in tests/browser/conftest.py."""

from __future__ import annotations

import os

import pytest
from kitroot import ROOT  # noqa: E402

os.environ.setdefault("AIACT_KIT_ROOT", str(ROOT))
os.environ.setdefault("MPLBACKEND", "Agg")


@pytest.fixture(scope="session")
def content():
    from aiact_kit.content import default_content

    return default_content()
