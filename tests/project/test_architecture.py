"""The shape of the package: modules of one concern, at most ~400 lines each."""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "aiact_kit"
MAX_LINES = 400
# Modules allowed to be longer, each with the reason (keep this empty where possible).
ALLOWED: dict[str, str] = {}


def test_no_module_is_longer_than_the_limit():
    long = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE).as_posix()
        n = len(path.read_text(encoding="utf-8").splitlines())
        if n > MAX_LINES and rel not in ALLOWED:
            long[rel] = n
    assert not long, (
        f"modules over {MAX_LINES} lines (split them, or allow-list with a reason): {long}"
    )


def test_the_allow_list_has_no_stale_entries():
    for rel in ALLOWED:
        path = PACKAGE / rel
        assert path.is_file(), rel
        assert len(path.read_text(encoding="utf-8").splitlines()) > MAX_LINES, rel


def test_the_package_root_holds_only_the_public_surface():
    root = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert root == ["__init__.py", "__main__.py", "settings.py"], root
    layers = sorted(p.name for p in PACKAGE.iterdir() if p.is_dir() and p.name != "__pycache__")
    assert layers == ["app", "commands", "content", "engines", "present", "widgets"], layers


def test_the_architecture_page_names_every_module():
    page = (PACKAGE.parents[1] / "docs" / "architecture.md").read_text(encoding="utf-8")
    missing = [
        p.relative_to(PACKAGE.parent).as_posix()
        for p in sorted(PACKAGE.rglob("*.py"))
        if f"`{p.relative_to(PACKAGE.parent).as_posix()}`" not in page
    ]
    assert not missing, f"docs/architecture.md does not list (scripts/module_list.py): {missing}"
