"""``aiact-kit serve --pool-size N``: N pre-heated kernels for each preheated page (for a room
that opens the same page at once; see docs/performance.md)."""

from __future__ import annotations

import json

import pytest

from aiact_kit.commands.cli import main
from aiact_kit.commands.serve import kernel_pools, preheat_pages, voila_command
from aiact_kit.settings import project_root


def pools_of(cmd: list[str]) -> dict:
    arg = next(a for a in cmd if a.startswith("--VoilaKernelManager.kernel_pools_config="))
    return json.loads(arg.split("=", 1)[1])


def test_pool_size_applies_to_every_preheated_page_only():
    pools = pools_of(voila_command(8899, pool_size=30)[0])
    pages = preheat_pages(project_root())
    assert pages and pools["default"] == {"pool_size": 0}
    assert {p: pools[p] for p in pages} == {p: {"pool_size": 30} for p in pages}
    assert pools_of(voila_command(8899)[0])[pages[0]] == {"pool_size": 1}


def test_pool_size_must_be_positive(capsys):
    with pytest.raises(ValueError, match="pool size"):
        kernel_pools(project_root(), 0)
    assert main(["serve", "--pool-size", "0", "--dry-run"]) == 2
    assert "--pool-size must be 1 or more" in capsys.readouterr().err


def test_dry_run_shows_the_pool_size(capsys):
    assert main(["serve", "--pool-size", "12", "--dry-run", "--port", "8877"]) == 0
    out = capsys.readouterr().out
    assert "--port=8877" in out and '"pool_size":12' in out
