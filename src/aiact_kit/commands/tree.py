"""``aiact-kit check-tree``: check a decision tree in the beslishulp format.

Also provides ``validate(content)``, called by ``aiact-kit validate``: the kit's own tree must
have no problems, every obligation id it names must exist, and every case's answer path must
reach exactly the outcome the case expects.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from aiact_kit.content import Content, default_content
from aiact_kit.engines.decision import (
    DEFAULT_TREE,
    DecisionTreeError,
    case_problems,
    check_tree,
    load_tree,
)


def register(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "check-tree",
        help="check a decision tree (default: the kit's own): counts, dead ends, cycles, ...",
    )
    p.add_argument(
        "file",
        nargs="?",
        type=Path,
        default=None,
        help="a tree YAML file in the beslishulp format (default: the kit's tree)",
    )
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=cmd_check_tree)


def cmd_check_tree(args: argparse.Namespace) -> int:
    path = args.file or DEFAULT_TREE
    try:  # a malformed tree, or one too large, deep or complex to check: one clear line
        tree = load_tree(path, validate=False)
        content = default_content() if tree.kit else None
        report = check_tree(tree, content)
    except DecisionTreeError as exc:
        if args.json:
            print(json.dumps({"source": str(path), "error": str(exc)}, ensure_ascii=False))
        else:
            print(f"INVALID: {exc}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(report.as_dict(), indent=2, ensure_ascii=False))
        return 0 if report.ok else 1
    paths = "unbounded (cycle)" if report.paths is None else f"{report.paths}"
    print(
        f"{report.source}: {report.questions} questions, {report.conclusions} conclusions, "
        f"{paths} distinct paths, {report.states} question states, "
        f"{report.outcomes} distinct end states"
    )
    if report.ok:
        print("OK: no problems")
        return 0
    print(f"{len(report.problems)} problem(s):")
    for problem in report.problems:
        print(f"  {problem}")
    return 1


def validate(content: Content) -> list[str]:
    """Problems of the kit's tree (in ``content.root / 'trees'``) and of the cases."""
    tree_file = Path(content.root) / "trees" / DEFAULT_TREE.name
    cases = content.kind("cases")
    if not tree_file.is_file():
        if cases:
            return [f"{tree_file}: the cases need the decision tree, which is missing"]
        return []
    try:
        tree = load_tree(tree_file, validate=False)
        problems = [f"{tree.source}: {p}" for p in check_tree(tree, content).problems]
    except DecisionTreeError as exc:
        return [str(exc)]
    if any(p for p in problems):
        return problems
    for case in cases:
        problems += [f"{content.files[case.id]}: {p}" for p in case_problems(case, tree, content)]
    return problems


def stats(content: Content) -> dict[str, Any]:
    """Cheap figures for ``aiact-kit stats`` (the full check runs in ``check-tree``)."""
    tree_file = Path(content.root) / "trees" / DEFAULT_TREE.name
    if not tree_file.is_file():
        return {}
    try:
        tree = load_tree(tree_file, validate=False)
    except DecisionTreeError:
        return {}
    return {
        "decision_tree": {
            "questions": len(tree.questions),
            "conclusions": len(tree.conclusions),
            "cases": len(content.kind("cases")),
        }
    }
