"""Fixtures of the widget tests: workshop stores (a PostgreSQL server, a store per backend,
isolated data folders) and the web app's browser store."""

import pytest
from workshop_fixtures import _isolated_data, db_url, pg_server, pg_url, store  # noqa: F401

from aiact_kit.widgets import browser_store


@pytest.fixture
def web_app(monkeypatch):
    """A page in the web app: no local progress file, a fresh browser store per test."""
    monkeypatch.setenv("AIACT_KIT_PROGRESS", "off")
    monkeypatch.setattr(browser_store, "_store", None)
    yield
    if browser_store._store is not None:
        browser_store._store.close()
