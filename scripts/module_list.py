"""Print the package tree with one line per module (its docstring's first sentence).

Used to write the module list in docs/architecture.md; tests/test_architecture.py checks that
the document names every module. Run: ``python scripts/module_list.py``.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "aiact_kit"


def summary(path: Path) -> str:
    doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
    first = " ".join(doc.strip().split("\n\n")[0].split())
    return first.split(". ")[0].rstrip(".")


def main() -> None:
    for path in sorted(PACKAGE.rglob("*.py")):
        if "__pycache__" in path.parts:
            continue
        rel = path.relative_to(PACKAGE.parent).as_posix()
        print(f"- `{rel}` — {summary(path)}")


if __name__ == "__main__":
    main()
