"""The ``aiact-kit`` command line.

Each sub-command lives in a module under :mod:`aiact_kit.commands` that provides
``register(subparsers)``; a module may also provide ``stats(content) -> dict`` to add its
figures to ``aiact-kit stats``.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from types import ModuleType

COMMAND_MODULES = (
    "aiact_kit.commands.content",
    "aiact_kit.commands.serve",
    "aiact_kit.commands.lessons",
    "aiact_kit.commands.timeline",
    "aiact_kit.commands.tree",
    "aiact_kit.commands.exercises",
    "aiact_kit.commands.workshop",
    "aiact_kit.commands.quiz",
    "aiact_kit.commands.settings",
    "aiact_kit.commands.practice",
    "aiact_kit.commands.site",
)


def command_modules() -> list[ModuleType]:
    return [importlib.import_module(name) for name in COMMAND_MODULES]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="aiact-kit",
        description="AI Act Leerkit: validate the content, serve the app, explore the law.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in command_modules():
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    result = args.func(args)
    return int(result or 0)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
