"""The repository root, for tests (a module of its own: `conftest` names are ambiguous
between tests/ and tests/browser/)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
