"""Every setting is declared once, in :mod:`aiact_kit.settings`: no other module reads an
``AIACT_KIT_*`` variable from the environment, every setting is documented in the README, and
``aiact-kit settings`` lists them."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from aiact_kit import settings
from aiact_kit.commands.cli import main

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "src" / "aiact_kit"
PREFIX = "AIACT_KIT_"

# Modules that still read their variable themselves, each with the reason; keep this empty.
NOT_YET: dict[str, str] = {}


def _names_of_constants(tree: ast.Module) -> set[str]:
    """Module-level names bound to an ``AIACT_KIT_*`` string (``ENV_DB = "AIACT_KIT_DB"``)."""
    names = set()
    for node in tree.body:
        value = node.value if isinstance(node, (ast.Assign, ast.AnnAssign)) else None
        if isinstance(value, ast.Constant) and str(value.value).startswith(PREFIX):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names |= {t.id for t in targets if isinstance(t, ast.Name)}
    return names


def _is_environ(node: ast.AST, aliases: set[str]) -> bool:
    """``os.environ`` (or ``environ``, or a name bound to an expression that uses it)."""
    if isinstance(node, ast.Attribute) and node.attr == "environ":
        return True
    return isinstance(node, ast.Name) and (node.id == "environ" or node.id in aliases)


def _environ_reads(source: str) -> list[str]:
    """Where ``source`` reads an ``AIACT_KIT_*`` variable from the process environment:
    ``os.environ.get(X)``, ``os.environ[X]``, ``X in os.environ``, ``os.getenv(X)``, with X a
    literal, a module constant holding one, or a setting's ``.env``."""
    tree = ast.parse(source)
    constants = _names_of_constants(tree)

    def is_kit_variable(node: ast.AST) -> bool:
        if isinstance(node, ast.Constant):
            return str(node.value).startswith(PREFIX)
        if isinstance(node, ast.Name):
            return node.id in constants
        return isinstance(node, ast.Attribute) and node.attr == "env"

    aliases = {  # env = os.environ if env is None else env
        target.id
        for node in ast.walk(tree)
        if isinstance(node, ast.Assign)
        and any(isinstance(n, ast.Attribute) and n.attr == "environ" for n in ast.walk(node.value))
        and not isinstance(node.value, ast.Call)  # dict(os.environ): a copy for a child process
        for target in node.targets
        if isinstance(target, ast.Name)
    }
    found = []
    for node in ast.walk(tree):
        arg = _variable_read(node, aliases)
        if arg is not None and is_kit_variable(arg):
            found.append(f"line {node.lineno}: {ast.unparse(node)}")
    return found


def _variable_read(node: ast.AST, aliases: set[str]) -> ast.AST | None:
    """The variable name ``node`` reads from the environment, if it reads one."""
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.args:
        func = node.func
        environ_method = func.attr in ("get", "pop", "setdefault")
        if (environ_method and _is_environ(func.value, aliases)) or func.attr == "getenv":
            return node.args[0]
    if isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Load):
        return node.slice if _is_environ(node.value, aliases) else None
    membership = isinstance(node, ast.Compare) and any(
        isinstance(op, (ast.In, ast.NotIn)) for op in node.ops
    )
    if isinstance(node, ast.Compare) and membership:
        return node.left if any(_is_environ(c, aliases) for c in node.comparators) else None
    return None


def test_the_check_finds_each_way_of_reading():
    src = (
        'import os\nENV = "AIACT_KIT_X"\n'
        'a = os.environ.get("AIACT_KIT_DB")\n'
        "b = os.environ[ENV]\n"
        'c = "AIACT_KIT_Y" in os.environ\n'
        "d = os.getenv(SETTING.env)\n"
        "def f(env=None):\n    env = os.environ if env is None else env\n    return env.get(ENV)\n"
        'e = os.environ.get("HOME")\n'
        'child = dict(os.environ)\nchild["AIACT_KIT_ROOT"] = "/x"\n'
    )
    assert [line.split(":")[0] for line in _environ_reads(src)] == [
        "line 3",
        "line 4",
        "line 5",
        "line 6",
        "line 9",
    ]


def test_only_the_settings_module_reads_kit_variables():
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE).as_posix()
        if rel == "settings.py":
            continue
        reads = _environ_reads(path.read_text(encoding="utf-8"))
        if reads and rel not in NOT_YET:
            found[rel] = reads
    assert not found, f"read through aiact_kit.settings instead: {found}"


@pytest.mark.parametrize("setting", settings.SETTINGS, ids=lambda s: s.env)
def test_every_setting_is_documented_in_the_readme(setting):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"`{setting.env}`" in readme


def test_every_setting_is_declared_once():
    names = [s.env for s in settings.SETTINGS]
    assert len(names) == len(set(names))
    assert all(name.startswith(PREFIX) for name in names)
    declared = {v.env for v in vars(settings).values() if isinstance(v, settings.Setting)}
    assert declared == set(names)


def test_the_settings_command_lists_every_setting(capsys, monkeypatch):
    monkeypatch.setenv(settings.FACILITATOR_TOKEN.env, "s3cret-token")
    monkeypatch.setenv(settings.SESSION.env, "K7M2QX")
    assert main(["settings"]) == 0
    out = capsys.readouterr().out
    assert out == settings.describe()
    for s in settings.SETTINGS:
        assert s.env in out and s.help.split()[0] in out
    assert "'K7M2QX'" in out
    assert "s3cret-token" not in out
