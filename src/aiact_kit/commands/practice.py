"""``aiact-kit nl-links``: the Dutch duties and instruments the decision aid names at each
conclusion of the kit's tree; and the checks and figures of the Dutch-practice content for
``aiact-kit validate`` and ``aiact-kit stats``."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from aiact_kit.content import Content, default_content
from aiact_kit.engines.decision import DEFAULT_TREE, load_tree

# `validate` compares the links with the tree's conclusions: it runs only when the tree passed
# its own check (commands/content.py), so a broken tree is reported once, not per conclusion.
DEPENDS_ON_TREE = True


def register(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "nl-links", help="the Dutch duties and instruments named at each decision-aid conclusion"
    )
    p.add_argument("--lang", choices=("nl", "en"), default="nl")
    p.set_defaults(func=cmd_nl_links)


def cmd_nl_links(args: argparse.Namespace) -> int:
    content = default_content()
    out = {}
    for entry in content.kind("nl_links"):
        titles = [content.get(r, "nl_practice").title.get(args.lang) for r in entry.practice]
        for conclusion in entry.conclusions:
            out[conclusion] = {"practice": titles, "algoritmekader": list(entry.algoritmekader)}
    print(json.dumps(out, indent=2, ensure_ascii=False))
    return 0


def validate(content: Content) -> list[str]:
    """Every conclusion of the kit's tree has exactly one ``nl_links`` entry, and every
    conclusion an entry names exists in the tree."""
    entries = content.kind("nl_links")
    tree_file = Path(content.root) / "trees" / DEFAULT_TREE.name
    if not entries or not tree_file.is_file():
        return []
    try:
        conclusions = set(load_tree(tree_file, validate=False).conclusions)
    except (OSError, ValueError) as err:  # the tree's own check reports it in full
        return [f"nl_links.yaml: the decision tree could not be read ({err})"]
    problems: list[str] = []
    seen: dict[str, str] = {}
    for entry in entries:
        for cid in entry.conclusions:
            if cid not in conclusions:
                problems.append(
                    f"nl_links.yaml: item '{entry.id}': field 'conclusions': "
                    f"no conclusion '{cid}' in {DEFAULT_TREE.name}"
                )
            elif cid in seen:
                problems.append(
                    f"nl_links.yaml: item '{entry.id}': conclusion '{cid}' is already "
                    f"linked by '{seen[cid]}'"
                )
            seen.setdefault(cid, entry.id)
    for cid in sorted(conclusions - set(seen)):
        problems.append(
            f"nl_links.yaml: conclusion '{cid}' of {DEFAULT_TREE.name} has no Dutch links"
        )
    return problems


def stats(content: Content) -> dict[str, Any]:
    """The Dutch-practice items per group and status, and the conclusions with Dutch links."""
    items = content.kind("nl_practice")
    per_group: dict[str, int] = {}
    per_status: dict[str, int] = {}
    for item in items:
        per_group[item.group] = per_group.get(item.group, 0) + 1
        per_status[item.status] = per_status.get(item.status, 0) + 1
    linked = sorted({c for e in content.kind("nl_links") for c in e.conclusions})
    return {
        "nl_practice": {
            "per_group": dict(sorted(per_group.items())),
            "per_status": dict(sorted(per_status.items())),
            "conclusions_with_links": len(linked),
        }
    }
