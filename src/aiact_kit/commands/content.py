"""``aiact-kit validate`` and ``aiact-kit stats``."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from aiact_kit.content import CONTENT_DIR, Content, ContentError, load_content


def register(subparsers: Any) -> None:
    p = subparsers.add_parser("validate", help="validate a content directory")
    p.add_argument(
        "directory",
        nargs="?",
        type=Path,
        default=CONTENT_DIR,
        help="directory with *.yaml content files (default: the shipped content)",
    )
    p.set_defaults(func=cmd_validate)

    p = subparsers.add_parser("stats", help="counts per content kind and language")
    p.add_argument("directory", nargs="?", type=Path, default=CONTENT_DIR)
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=cmd_stats)


def cmd_validate(args: argparse.Namespace) -> int:
    try:  # a whole content set: a lost file or a file cut short is an error, never "OK"
        content = load_content(args.directory, complete=True)
    except ContentError as err:
        print(f"INVALID: {len(err.issues)} problem(s) in {args.directory}", file=sys.stderr)
        for issue in err.issues:
            print(f"  {issue}", file=sys.stderr)
        return 1
    problems = extra_problems(content)
    if problems:
        print(f"INVALID: {len(problems)} problem(s) in {args.directory}", file=sys.stderr)
        for problem in problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    total = sum(len(v) for v in content.items.values())
    print(f"OK: {total} items in {len(content.items)} kinds, no problems ({args.directory})")
    return 0


def extra_problems(content: Content) -> list[str]:
    """Checks beyond the loader's, from command modules that provide
    ``validate(content) -> list[str]`` (e.g. the decision tree and its cases)."""
    from aiact_kit.commands.cli import command_modules

    problems: list[str] = []
    dependent = []  # checks that read the tree: only when the tree itself passed its check
    tree_ok = True
    for module in command_modules():
        check = getattr(module, "validate", None)
        if check is None:
            continue
        if getattr(module, "DEPENDS_ON_TREE", False):
            dependent.append(check)
            continue
        found = check(content)
        if found and module.__name__.endswith(".tree"):
            tree_ok = False
        problems += found
    if tree_ok:
        for check in dependent:
            problems += check(content)
    return problems


def collect_stats(content: Content) -> dict[str, Any]:
    from aiact_kit.commands.cli import command_modules

    data: dict[str, Any] = dict(content.stats())
    for module in command_modules():
        extra = getattr(module, "stats", None)
        if extra is not None:
            data.update(extra(content))
    return data


def cmd_stats(args: argparse.Namespace) -> int:
    try:
        content = load_content(args.directory)
    except ContentError as err:
        print(str(err), file=sys.stderr)
        return 1
    data = collect_stats(content)
    if args.json:
        print(json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True))
        return 0
    print(f"content as of {data['as_of']}: {data['items']} items")
    for kind, counts in sorted(data["kinds"].items()):
        langs = ", ".join(f"{k}={v}" for k, v in counts.items() if k != "items")
        print(f"  {kind:<14} {counts['items']:>4}  ({langs})")
    print(f"legal items without citation: {data['legal_items_without_citation']}")
    return 0
