"""``aiact-kit build-exercises [--check]``: worksheets -> exercise and solution notebooks."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from aiact_kit.engines.worksheets import WorksheetError, build, check
from aiact_kit.settings import project_root


def register(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "build-exercises",
        help="build exercises/ and solutions/ notebooks from worksheets/",
        description="Build exercises/<lang>/<name>-opgave|exercise.ipynb (solutions stripped) and "
        "solutions/<lang>/<name>-uitwerking|solution.ipynb from the Markdown worksheets in "
        "worksheets/<lang>/.",
    )
    p.add_argument(
        "--check",
        action="store_true",
        help="write nothing; exit 1 when the committed notebooks differ from the worksheets",
    )
    p.add_argument("--root", type=Path, default=None, help="project folder (default: detected)")
    p.set_defaults(func=cmd_build_exercises)


def cmd_build_exercises(args: argparse.Namespace) -> int:
    root = args.root or project_root()
    try:
        if args.check:
            problems = check(root)
            for problem in problems:
                print(problem, file=sys.stderr)
            if problems:
                return 1
            print("OK: exercises/ and solutions/ match worksheets/")
            return 0
        written = build(root)
    except WorksheetError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    print(f"built {len(written)} notebooks")
    return 0
