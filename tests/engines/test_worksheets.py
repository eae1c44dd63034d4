"""Worksheets are written once; exercises lose the solution parts, solutions keep them."""

from __future__ import annotations

import json

import pytest
from kitroot import ROOT

from aiact_kit.commands.cli import main
from aiact_kit.engines.worksheets import WorksheetError, build, check, parse

SHEET = """---
title: Rollen
lang: nl
---
# Rollen

Wie is aanbieder?

```python
x = 1
```

<!-- solution -->
## Uitwerking
De gemeente is aanbieder.

```python
print(x)
```
<!-- /solution -->

<!-- exercise -->
Schrijf hier je antwoord.
<!-- /exercise -->
"""


def make(tmp_path, text=SHEET, name="01-rollen.md"):
    d = tmp_path / "worksheets" / "nl"
    d.mkdir(parents=True, exist_ok=True)
    (d / name).write_text(text, encoding="utf-8")
    return tmp_path


def cells(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    return [(c["cell_type"], c["source"]) for c in nb["cells"]], nb["metadata"]


def test_build_strips_solutions_from_exercises(tmp_path):
    root = make(tmp_path)
    build(root)
    ex, ex_meta = cells(root / "exercises/nl/01-rollen-opgave.ipynb")
    sol, sol_meta = cells(root / "solutions/nl/01-rollen-uitwerking.ipynb")
    ex_text = "\n".join(s for _, s in ex)
    sol_text = "\n".join(s for _, s in sol)
    assert "De gemeente is aanbieder." not in ex_text and "print(x)" not in ex_text
    assert "Schrijf hier je antwoord." in ex_text
    assert "De gemeente is aanbieder." in sol_text and "print(x)" in sol_text
    assert "Schrijf hier je antwoord." not in sol_text
    assert ("code", "x = 1") in ex and ("code", "x = 1") in sol
    assert ex_meta["lang"] == "nl" and ex_meta["title"] == "Rollen (opdracht)"
    assert sol_meta["title"] == "Rollen (uitwerking)"


def test_check_detects_drift_missing_and_stale(tmp_path):
    root = make(tmp_path)
    assert check(root) == [
        "exercises/nl/01-rollen-opgave.ipynb: missing (run aiact-kit build-exercises)",
        "solutions/nl/01-rollen-uitwerking.ipynb: missing (run aiact-kit build-exercises)",
    ]
    build(root)
    assert check(root) == []
    (root / "worksheets/nl/01-rollen.md").write_text(SHEET.replace("Wie is", "Wie was"))
    assert len(check(root)) == 2
    build(root)
    (root / "exercises/nl/99-oud.ipynb").write_text("{}")
    assert check(root) == ["exercises/nl/99-oud.ipynb: has no worksheet source"]
    build(root)
    assert not (root / "exercises/nl/99-oud.ipynb").exists()


@pytest.mark.parametrize(
    "text, message",
    [
        ("# no front matter\n", "front matter needs 'title'"),
        ("---\ntitle: T\nlang: de\n---\n", "'lang' must be nl or en"),
        ("---\ntitle: T\nlang: nl\n---\n```python\nx\n", "block is not closed"),
        ("---\ntitle: T\nlang: nl\n---\n<!-- solution -->\nx\n", "section is not closed"),
        ("---\ntitle: T\nlang: nl\n---\n<!-- /exercise -->\n", "without its opening marker"),
    ],
)
def test_malformed_worksheets_name_the_problem(tmp_path, text, message):
    root = make(tmp_path, text)
    with pytest.raises(WorksheetError, match=message):
        parse(root / "worksheets/nl/01-rollen.md")


def test_cli_check_on_the_repository_passes(capsys):
    assert main(["build-exercises", "--check", "--root", str(ROOT)]) == 0


def test_cli_check_fails_on_drift(tmp_path, capsys):
    root = make(tmp_path)
    assert main(["build-exercises", "--check", "--root", str(root)]) == 1
    assert "missing" in capsys.readouterr().err
    assert main(["build-exercises", "--root", str(root)]) == 0
    assert main(["build-exercises", "--check", "--root", str(root)]) == 0
