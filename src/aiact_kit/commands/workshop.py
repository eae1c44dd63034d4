"""``aiact-kit workshop``: open, export, summarise and delete workshop sessions.

    aiact-kit workshop create --title "AI Act workshop" [--lang nl] [--quiz roles,timeline]
                              [--db URL]
    aiact-kit workshop export CODE --token TOKEN [--db URL] [--output FILE]
                              [--labels --lang nl --tz Europe/Amsterdam --dialect semicolon]
    aiact-kit workshop record CODE --token TOKEN [--format html|pdf] [--lang nl]
                              [--tz Europe/Amsterdam] [--output FILE] [--db URL]
    aiact-kit workshop summary CODE --token TOKEN [--lang nl] [--json] [--db URL]
    aiact-kit workshop delete CODE --token TOKEN [--yes] [--db URL]

The token may also come from ``AIACT_KIT_FACILITATOR_TOKEN`` (keeps it out of the shell
history); the database from ``--db`` (a file path or ``postgresql://...``), else
``AIACT_KIT_DB``, else the results file in the user's data folder.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from aiact_kit.content.vocabulary import LANGS
from aiact_kit.settings import FACILITATOR_TOKEN

if TYPE_CHECKING:
    from aiact_kit.engines.workshop import ResultsStore


def register(subparsers: Any) -> None:
    p = subparsers.add_parser("workshop", help="workshop sessions: create, export, delete")
    sub = p.add_subparsers(dest="workshop_command", required=True, metavar="ACTION")

    def db_option(parser: argparse.ArgumentParser) -> None:
        parser.add_argument(
            "--db",
            default=None,
            help="results database: a SQLite file or postgresql://... "
            "(default: $AIACT_KIT_DB, else the user data folder)",
        )

    def token_options(parser: argparse.ArgumentParser) -> None:
        parser.add_argument("code", help="the session code")
        parser.add_argument(
            "--token",
            default=None,
            help="the facilitator token (default: $AIACT_KIT_FACILITATOR_TOKEN)",
        )
        db_option(parser)

    c = sub.add_parser("create", help="open a session; prints its code and facilitator token")
    c.add_argument("--title", required=True, help="the session title")
    c.add_argument("--lang", choices=LANGS, default="nl", help="session language (default nl)")
    c.add_argument("--organisation", default="", help="organisation named on the record")
    c.add_argument(
        "--quiz",
        default="",
        help="quiz topics and/or question ids shown on the join page, comma-separated "
        "(e.g. roles,timeline)",
    )
    db_option(c)
    c.set_defaults(func=cmd_create)

    e = sub.add_parser("export", help="anonymous results as CSV (no pseudonyms)")
    token_options(e)
    e.add_argument("--output", "-o", type=Path, default=None, help="write to FILE, not stdout")
    e.add_argument(
        "--labels",
        action="store_true",
        help="add the question text, the answer's option labels and the local time",
    )
    e.add_argument("--lang", choices=LANGS, default=None, help="language of the labels")
    e.add_argument("--tz", default="Europe/Amsterdam", help="time zone of the local time")
    e.add_argument(
        "--dialect",
        choices=("comma", "semicolon"),
        default=None,
        help="cell separator (with --labels the default is semicolon, for Dutch spreadsheets)",
    )
    e.set_defaults(func=cmd_export)

    r = sub.add_parser("record", help="printable participation record (Art. 4 AI Act)")
    token_options(r)
    r.add_argument("--format", choices=("html", "pdf"), default="html", help="html (default)")
    r.add_argument("--lang", choices=LANGS, default=None, help="language (default: session's)")
    r.add_argument("--tz", default="Europe/Amsterdam", help="time zone of the times shown")
    r.add_argument("--output", "-o", type=Path, default=None, help="write to FILE, not stdout")
    r.set_defaults(func=cmd_record)

    s = sub.add_parser("summary", help="participation summary (evidence for Art. 4 AI Act)")
    token_options(s)
    s.add_argument("--lang", choices=LANGS, default=None, help="language (default: session's)")
    s.add_argument("--json", action="store_true", help="print JSON")
    s.set_defaults(func=cmd_summary)

    d = sub.add_parser("delete", help="delete a session with all its answers and participants")
    token_options(d)
    d.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    d.set_defaults(func=cmd_delete)


def _fail(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return 2


def _token(args: argparse.Namespace) -> str:
    # "" when neither is set: the store then says that a token is required
    return args.token if args.token is not None else (FACILITATOR_TOKEN.get() or "")


def _run(args: argparse.Namespace, action: Callable[[ResultsStore], int]) -> int:
    from aiact_kit.engines.workshop import ResultsStore, StoreError

    try:
        with ResultsStore(args.db) as store:
            return action(store)
    except (StoreError, ValueError) as exc:
        return _fail(str(exc))


def cmd_create(args: argparse.Namespace) -> int:
    from aiact_kit.engines.workshop import check_quiz_selection

    def action(store: ResultsStore) -> int:
        code, token = store.create_session(
            args.title, args.lang, check_quiz_selection(args.quiz), args.organisation
        )
        print(f"code: {code}")
        print(f"facilitator token: {token}")
        print(
            "Give participants the code. Keep the token secret: it is not stored and cannot "
            "be shown again.",
            file=sys.stderr,
        )
        return 0

    return _run(args, action)


def cmd_export(args: argparse.Namespace) -> int:
    def action(store: ResultsStore) -> int:
        if args.labels or args.dialect == "semicolon":
            from aiact_kit.present.workshop_record import export_csv_text, labelled_rows

            lang = args.lang or store.check_token(args.code, _token(args)).lang
            rows = labelled_rows(store.export_rows(args.code, _token(args)), lang, args.tz)
            text = export_csv_text(rows, args.dialect or "semicolon")
        else:
            text = store.export_csv(args.code, _token(args))
        if args.output is None:
            sys.stdout.write(text)
        else:
            args.output.write_text(text, encoding="utf-8")
            print(f"wrote {text.count(chr(10)) - 1} rows to {args.output}", file=sys.stderr)
        return 0

    return _run(args, action)


def cmd_summary(args: argparse.Namespace) -> int:
    from aiact_kit.engines.workshop import summary_plain

    def action(store: ResultsStore) -> int:
        summary = store.summary(args.code, _token(args))
        if args.json:
            print(json.dumps(summary.as_dict(), ensure_ascii=False, indent=2))
        else:
            sys.stdout.write(summary_plain(summary, args.lang or summary.lang))
        return 0

    return _run(args, action)


def cmd_record(args: argparse.Namespace) -> int:
    if args.format == "pdf":
        return _fail(
            "PDF is not built in (no well-kept offline PDF library is a dependency of the kit): "
            "write --format html, open the file in a browser and print it to PDF"
        )

    def action(store: ResultsStore) -> int:
        from aiact_kit.present.workshop_record import record_html

        rec = store.participation_record(args.code, _token(args), args.tz)
        html = record_html(rec, args.lang or rec.lang)
        if args.output is None:
            sys.stdout.write(html)
        else:
            args.output.write_text(html, encoding="utf-8")
            print(f"wrote the participation record to {args.output}", file=sys.stderr)
        return 0

    return _run(args, action)


def cmd_delete(args: argparse.Namespace) -> int:
    def action(store: ResultsStore) -> int:
        info = store.check_token(args.code, _token(args))
        if not args.yes and sys.stdin.isatty():
            reply = input(
                f"Delete session {info.code} ({info.title!r}) with all its answers and "
                "participants? [y/N] "
            )
            if reply.strip().lower() not in ("y", "yes", "j", "ja"):
                print("not deleted", file=sys.stderr)
                return 1
        counts = store.delete_session(args.code, _token(args))
        print(
            f"deleted session {info.code}: {counts['answers']} answers, "
            f"{counts['participants']} participants"
        )
        return 0

    return _run(args, action)
