"""Shared fixtures. Browser and server fixtures live in tests/browser/conftest.py."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile

import pytest
from kitroot import ROOT  # noqa: E402

os.environ.setdefault("AIACT_KIT_ROOT", str(ROOT))
os.environ.setdefault("MPLBACKEND", "Agg")
# Results and progress files of the tests (and of the kernels they start) go to a temporary
# folder, never to the user's data folder.
if "AIACT_KIT_DATA_DIR" not in os.environ:
    _data = tempfile.mkdtemp(prefix="aiact-kit-test-data-")
    os.environ["AIACT_KIT_DATA_DIR"] = _data
    atexit.register(shutil.rmtree, _data, True)


@pytest.fixture(scope="session")
def content():
    """The shipped content as validated models (the tests read model fields; an app page gets
    plain records, which tests/app/ checks in fresh processes)."""
    from aiact_kit.content import CONTENT_DIR, cached_content

    return cached_content(CONTENT_DIR, records=False)
