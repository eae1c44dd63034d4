"""``aiact-kit timeline``: what applies on a date, in the law as amended or as first adopted."""

from __future__ import annotations

import argparse
import json
from datetime import date
from typing import Any

from aiact_kit.content.citations import parse_citation
from aiact_kit.content.vocabulary import format_date

KIND_HELP = {
    "prohibited": "prohibited AI practices (Art 5; the 2026 additions in the amended law)",
    "gpai": "general-purpose AI models (Chapter V; models on the market before the Chapter V "
    "date comply by the legacy date, Art 111(3))",
    "annex-iii": "high-risk AI systems listed in Annex III (Art 6(2))",
    "annex-i": "high-risk AI in products under Annex I (Art 6(1))",
    "transparency": "AI systems with transparency duties (Art 50)",
    "public-legacy": "high-risk AI systems of public authorities already on the market before "
    "the Chapter III date (Art 111(2))",
    "annex-x": "AI in the large-scale EU IT systems of Annex X (Art 111(1))",
}

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

WORDS = {
    "nl": {
        "heading": "Wat geldt op {day}",
        "kind": "Soort",
        "version": "Versie van de wet",
        "in_force": "In werking",
        "obligations": "Verplichtingen in werking",
        "not_yet": "Nog niet in werking",
        "ended": "Niet meer in deze vorm",
        "none": "(geen)",
        "from": "vanaf",
        "until": "tot",
        "milestone": "mijlpaal",
        "sources": "bron",
        "cutoff": "Peildatum voor wat al in de handel was",
        "transition": "Overgangsregeling",
        "applied": "toegepast op dit systeem",
        "not_applied": "niet toegepast op dit systeem",
        "no_transition": "Geen overgangsregeling voor bestaande systemen in deze versie.",
        "milestones": "Mijlpalen op {day}",
        "past": "voorbij",
        "today": "vandaag",
        "upcoming": "komt nog",
        "reported": "gemeld, niet bevestigd",
        "changes": "Wat de AI-omnibus (2026) veranderde aan de tijdlijn",
        "law_amended": "AI-verordening zoals gewijzigd in 2026",
        "law_original": "AI-verordening zoals oorspronkelijk vastgesteld (2024)",
        "roles": "voor",
    },
    "en": {
        "heading": "What applies on {day}",
        "kind": "Kind",
        "version": "Version of the law",
        "in_force": "In force",
        "obligations": "Obligations in force",
        "not_yet": "Not yet in force",
        "ended": "No longer in this form",
        "none": "(none)",
        "from": "from",
        "until": "until",
        "milestone": "milestone",
        "sources": "source",
        "cutoff": "Cut-off for systems already on the market",
        "transition": "Transitional rule",
        "applied": "applied to this system",
        "not_applied": "not applied to this system",
        "no_transition": "No transitional rule for existing systems in this version.",
        "milestones": "Milestones on {day}",
        "past": "past",
        "today": "today",
        "upcoming": "upcoming",
        "reported": "reported, not confirmed",
        "changes": "What the Digital Omnibus (2026) changed in the timeline",
        "law_amended": "AI Act as amended in 2026",
        "law_original": "AI Act as first adopted (2024)",
        "roles": "for",
    },
}


def _day(value: str) -> date:
    from aiact_kit.engines.timeline import TimelineError, parse_day

    try:
        return parse_day(value)
    except TimelineError as err:
        raise argparse.ArgumentTypeError(str(err)) from None


def register(subparsers) -> None:
    from aiact_kit.engines.timeline import KINDS

    kinds = "\n".join(f"  {k:<14} {KIND_HELP[k]}" for k in KINDS)
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


def _cites(citations, lang: str) -> str:
    return ", ".join(parse_citation(c).label(lang) for c in citations)


def _entry_line(e: dict[str, Any], w: dict[str, str], lang: str, show: str) -> list[str]:
    if show == "ended":
        when = f"{w['until']} {format_date(date.fromisoformat(e['until']), lang)}"
    elif e["start"]:
        when = f"{w['from']} {format_date(date.fromisoformat(e['start']), lang)}"
    else:
        when = e["condition_text"]
    lines = [f"  - {e['title']}"]
    detail = f"    {when}"
    if e["milestone"] and show != "ended":
        detail += f" ({w['milestone']}: {e['milestone_title']})"
    if e["condition_text"] and e["start"]:
        detail += f"; {e['condition_text']}"
    lines.append(detail)
    extra = f"    {w['sources']}: {_cites(e['citations'], lang)}"
    if e["roles"]:
        extra += f"; {w['roles']}: {', '.join(e['roles'])}"
    if e["status"] != "confirmed":
        extra += f" [{w['reported']}]"
    lines.append(extra)
    return lines


def format_result(data: dict[str, Any], lang: str) -> str:
    """The text report of an ``AppliesResult.to_dict(lang)``."""
    w = WORDS[lang]
    day = format_date(date.fromisoformat(data["date"]), lang)
    out = [
        w["heading"].format(day=day),
        f"{w['kind']}: {data['kind_label']}",
        f"{w['version']}: {w['law_' + data['version']]}",
    ]
    if data["cutoff"]:
        cutoff = format_date(date.fromisoformat(data["cutoff"]["date"]), lang)
        out.append(f"{w['cutoff']}: {cutoff}")
    t = data["transition"]
    if t is not None:
        state = w["applied"] if t["applied"] else w["not_applied"]
        out.append(f"{w['transition']} ({_cites(t['citations'], lang)}, {state}): {t['text']}")
    elif any(data["flags"].values()):
        out.append(w["no_transition"])
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
        out.append(f"{w[key]} ({len(entries)}):")
        if not entries:
            out.append(f"  {w['none']}")
        for e in entries:
            out += _entry_line(e, w, lang, key)
    return "\n".join(out)


def format_milestones(views, day: date, version: str, lang: str) -> str:
    from aiact_kit.content import default_content

    content = default_content()
    w = WORDS[lang]
    out = [
        w["milestones"].format(day=format_date(day, lang)),
        f"{w['version']}: {w['law_' + version]}",
        "",
    ]
    for v in views:
        flag = f" [{w['reported']}]" if v.legal_status != "confirmed" else ""
        title = content.render(v.title, lang, version)
        out.append(f"  [{w[v.status]:<8}] {format_date(v.date, lang)}: {title}{flag}")
    return "\n".join(out)


def cmd_timeline(args) -> int:
    from aiact_kit.engines import timeline

    lang = args.lang
    version = "original" if args.original else "amended"
    day = args.on or date.today()
    w = WORDS[lang]
    if args.changes:
        changes = timeline.changes_2026()
        if args.json:
            data = [
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
        print(w["changes"])
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
                        "title": timeline.default_content().render(v.title, lang, version),
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


def stats(content) -> dict:
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
