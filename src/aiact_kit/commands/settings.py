"""``aiact-kit settings``: every setting of the kit (its environment variable, default and
meaning) and its value in this shell (:mod:`aiact_kit.settings`)."""

from __future__ import annotations

import argparse
from typing import Any

from aiact_kit import settings


def register(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "settings", help="list the kit's settings (environment variables) and their values"
    )
    p.set_defaults(func=cmd_settings)


def cmd_settings(args: argparse.Namespace) -> int:
    print(settings.describe(), end="")
    return 0
