"""The aiact-kit command line: validate, stats, serve."""

from __future__ import annotations

import json
import subprocess
import sys

from content_sets import GLOSSARY, mutated, write_set

from aiact_kit.commands.cli import main


def test_validate_shipped_content(capsys):
    assert main(["validate"]) == 0
    assert capsys.readouterr().out.startswith("OK:")


def test_validate_broken_dir_lists_all_errors(tmp_path, capsys):
    d = write_set(tmp_path / "c", glossary=mutated(GLOSSARY, colour="red", citations=["x"]))
    assert main(["validate", str(d)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("INVALID: ")
    # validate checks a whole content set: the small test set lacks most files
    assert "roles.yaml: missing file (roles)" in err
    assert "glossary.yaml: item 'ai-system': field 'colour': unknown field" in err
    assert "glossary.yaml: item 'ai-system': field 'citations.0': malformed citation 'x'" in err


def test_stats_json(capsys):
    assert main(["stats", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["legal_items_without_citation"] == 0
    for kind, counts in data["kinds"].items():
        assert counts["nl"] == counts["items"] == counts["en"], kind


def test_entry_point_runs_as_module():
    out = subprocess.run(
        [sys.executable, "-m", "aiact_kit", "validate"], capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr


def test_serve_dry_run(capsys):
    assert main(["serve", "--dry-run"]) == 0
    cmd = capsys.readouterr().out
    assert "--Voila.ip=127.0.0.1" in cmd and "--port=8866" in cmd and "notebooks" in cmd
