"""``aiact-kit timeline``: what applies on a date, in the law as amended or as first adopted."""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Any

from aiact_kit.content.citations import parse_citation
from aiact_kit.content.text import text
from aiact_kit.content.vocabulary import format_date

if TYPE_CHECKING:
    from aiact_kit.content import Content

EPILOG = """kinds:
{kinds}

flags describe the system:
  --on-market-before   placed on the market or put into service before the kind's cut-off
                       date (shown in the output); Art 111
  --public-authority   a high-risk system intended for use by public authorities (Art 111(2))
  --generative         it generates synthetic audio, image, video or text (Art 50(2))
  --significant-change it undergoes a significant change in design (Art 111(2))

examples:
  aiact-kit timeline --on 2027-12-02 --kind annex-iii
  aiact-kit timeline --on 2026-09-01 --kind transparency --on-market-before --generative
  aiact-kit timeline --on 2026-08-02 --kind annex-iii --original --json
  aiact-kit timeline --on 2026-01-01              (the milestones and their status)
  aiact-kit timeline --changes --lang en          (what the 2026 amendment changed)

exit status: 0 ok, 2 bad arguments (e.g. a malformed date or an unknown kind)."""

# The report's words: the catalogue's ``timeline.<name>`` (shared with the views) or, where the
# text report words it differently, ``timeline.cli.<name>``.
_CLI_WORDS = frozenset(
    {"kind", "none", "milestone", "milestones", "sources", "reported", "roles"}
    | {"law_amended", "law_original"}
)


def _w(name: str, lang: str) -> str:
    if name in _CLI_WORDS:
        return text(f"timeline.cli.{name}", lang)
    return text(f"timeline.{name}", lang)


def kind_help(kind: str) -> str:
    """The line of ``kind`` in the help's list of kinds (the CLI's help is in English)."""
    return text(f"timeline.cli.kind_help.{kind}", "en")


def _day(value: str) -> date:
    from aiact_kit.engines.timeline import TimelineError, parse_day

    try:
        return parse_day(value)
    except TimelineError as err:
        raise argparse.ArgumentTypeError(str(err)) from None


def register(subparsers: Any) -> None:
    from aiact_kit.engines.timeline import KINDS

    kinds = "\n".join(f"  {k:<14} {kind_help(k)}" for k in KINDS)
    p = subparsers.add_parser(
        "timeline",
        help="what applies on a date, as amended in 2026 or as first adopted",
        description=(
            "Show what applies on a date for a kind of AI system: the provisions and "
            "obligations in force (with citations and the milestone each comes from) and what "
            "is not yet in force, with its start date. Without --kind: the milestones and "
            "whether they are past, today or upcoming."
        ),
        epilog=EPILOG.format(kinds=kinds),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "--on",
        metavar="YYYY-MM-DD",
        type=_day,
        default=None,
        help="the date to look at (default: today)",
    )
    p.add_argument("--kind", choices=KINDS, help="the kind of AI system (see below)")
    p.add_argument(
        "--original",
        action="store_true",
        help="use the law as first adopted in 2024 instead of as amended in 2026",
    )
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--on-market-before", action="store_true", help="see flags below")
    p.add_argument("--public-authority", action="store_true", help="see flags below")
    p.add_argument("--generative", action="store_true", help="see flags below")
    p.add_argument("--significant-change", action="store_true", help="see flags below")
    p.add_argument(
        "--changes", action="store_true", help="list what the 2026 amendment changed in the dates"
    )
    p.add_argument("--lang", choices=("nl", "en"), default="nl", help="language (default nl)")
    p.set_defaults(func=cmd_timeline)


def _cites(citations: Iterable[str], lang: str) -> str:
    return ", ".join(parse_citation(c).label(lang) for c in citations)


def _entry_line(e: dict[str, Any], lang: str, show: str) -> list[str]:
    if show == "ended":
        when = f"{_w('until', lang)} {format_date(date.fromisoformat(e['until']), lang)}"
    elif e["start"]:
        when = f"{_w('from', lang)} {format_date(date.fromisoformat(e['start']), lang)}"
    else:
        when = e["condition_text"]
    lines = [f"  - {e['title']}"]
    detail = f"    {when}"
    if e["milestone"] and show != "ended":
        detail += f" ({_w('milestone', lang)}: {e['milestone_title']})"
    if e["condition_text"] and e["start"]:
        detail += f"; {e['condition_text']}"
    lines.append(detail)
    extra = f"    {_w('sources', lang)}: {_cites(e['citations'], lang)}"
    if e["roles"]:
        extra += f"; {_w('roles', lang)}: {', '.join(e['roles'])}"
    if e["status"] != "confirmed":
        extra += f" [{_w('reported', lang)}]"
    lines.append(extra)
    return lines


def format_result(data: dict[str, Any], lang: str) -> str:
    """The text report of an ``AppliesResult.to_dict(lang)``."""
    day = format_date(date.fromisoformat(data["date"]), lang)
    out = [
        _w("what_applies", lang).format(day=day),
        f"{_w('kind', lang)}: {data['kind_label']}",
        f"{_w('version', lang)}: {_w('law_' + data['version'], lang)}",
    ]
    if data["cutoff"]:
        cutoff = format_date(date.fromisoformat(data["cutoff"]["date"]), lang)
        out.append(f"{_w('cutoff', lang)}: {cutoff}")
    t = data["transition"]
    if t is not None:
        state = _w("applied", lang) if t["applied"] else _w("not_applied", lang)
        out.append(
            f"{_w('transition', lang)} ({_cites(t['citations'], lang)}, {state}): {t['text']}"
        )
    elif any(data["flags"].values()):
        out.append(_w("no_transition", lang))
    sections = [
        ("in_force", [e for e in data["in_force"] if e["source"] == "provision"]),
        ("obligations", [e for e in data["in_force"] if e["source"] == "obligation"]),
        ("not_yet", data["not_yet"]),
        ("ended", data["ended"]),
    ]
    for key, entries in sections:
        if key in ("obligations", "ended") and not entries:
            continue
        out.append("")
        out.append(f"{_w(key, lang)} ({len(entries)}):")
        if not entries:
            out.append(f"  {_w('none', lang)}")
        for e in entries:
            out += _entry_line(e, lang, key)
    return "\n".join(out)


def format_milestones(views: Iterable[Any], day: date, version: str, lang: str) -> str:
    from aiact_kit.content import default_content

    content = default_content()
    out = [
        _w("milestones", lang).format(day=format_date(day, lang)),
        f"{_w('version', lang)}: {_w('law_' + version, lang)}",
        "",
    ]
    for v in views:
        flag = f" [{_w('reported', lang)}]" if v.legal_status != "confirmed" else ""
        title = content.render(v.title, lang, version)
        status = text(f"timeline.status.{v.status}", lang)
        out.append(f"  [{status:<8}] {format_date(v.date, lang)}: {title}{flag}")
    return "\n".join(out)


def cmd_timeline(args: argparse.Namespace) -> int:
    from aiact_kit.content import default_content
    from aiact_kit.engines import timeline

    lang = args.lang
    version = "original" if args.original else "amended"
    day = args.on or date.today()
    if args.changes:
        changes = timeline.changes_2026()
        if args.json:
            data: Any = [
                {
                    "id": c.id,
                    "type": c.type,
                    "title": timeline.change_title(c, lang),
                    "date_original": c.date_original.isoformat() if c.date_original else None,
                    "date_amended": c.date_amended.isoformat() if c.date_amended else None,
                    "kinds": list(c.kinds),
                    "citations": list(c.citations),
                    "status": c.status,
                }
                for c in changes
            ]
            print(json.dumps(data, indent=2, ensure_ascii=False))
            return 0
        print(_w("changes_title", lang))
        for c in changes:
            print(f"  - {timeline.change_title(c, lang)}: {timeline.describe_change(c, lang)}")
        return 0
    if args.kind is None:
        views = timeline.milestones(version, today=day)
        if args.json:
            data = {
                "date": day.isoformat(),
                "version": version,
                "milestones": [
                    {
                        "id": v.id,
                        "date": v.date.isoformat(),
                        "status": v.status,
                        "legal_status": v.legal_status,
                        "title": default_content().render(v.title, lang, version),
                        "starts": list(v.starts),
                    }
                    for v in views
                ],
            }
            print(json.dumps(data, indent=2, ensure_ascii=False))
            return 0
        print(format_milestones(views, day, version, lang))
        return 0
    result = timeline.applies_on(
        day,
        args.kind,
        version=version,
        on_market_before=args.on_market_before,
        public_authority=args.public_authority,
        generative=args.generative,
        significant_change=args.significant_change,
    )
    data = result.to_dict(lang)
    if args.json:
        print(json.dumps(data, indent=2, ensure_ascii=False))
        return 0
    print(format_result(data, lang))
    return 0


def stats(content: Content) -> dict[str, Any]:
    """Timeline figures for ``aiact-kit stats``."""
    from aiact_kit.engines import timeline

    items = content.kind("timeline")
    return {
        "timeline": {
            "milestones": len(items),
            "provisions": sum(len(m.starts) for m in items),
            "transitions": sum(len(m.transitions) for m in items),
            "changes_2026": len(timeline.changes_2026(content)),
        }
    }
