"""``aiact-kit quiz`` (list and check the question bank) and the quiz figures of
``aiact-kit stats``."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from aiact_kit.content import CONTENT_DIR, Content, ContentError, load_content
from aiact_kit.content.schema.base import LANGS, I18n
from aiact_kit.content.schema.questions import TOPICS


def _has_lang(question: Any, lang: str) -> bool:
    from aiact_kit.content import walk_fields

    return all(
        value.get(lang).strip()
        for _path, value in walk_fields(question, "")
        if isinstance(value, I18n)
    )


def stats(content: Content) -> dict[str, Any]:
    """Questions per topic, per type and per language (a question counts for a language when
    all its texts exist in it), and how many have a hint."""
    questions = content.kind("questions")
    per_topic = dict.fromkeys(TOPICS, 0)
    per_type: dict[str, int] = {}
    per_lang = dict.fromkeys(LANGS, 0)
    for q in questions:
        per_topic[q.topic] += 1
        per_type[q.type] = per_type.get(q.type, 0) + 1
        for lang in LANGS:
            per_lang[lang] += _has_lang(q, lang)
    return {
        "questions": {
            "total": len(questions),
            "per_topic": per_topic,
            "per_type": dict(sorted(per_type.items())),
            "per_language": per_lang,
            "with_hint": sum(q.hint is not None for q in questions),
        }
    }


def check_bank(content: Content) -> list[str]:
    """Build every question in every language and grade its right answer; return problems."""
    from aiact_kit.engines.quiz import QuizError, build_view, grade, right_answer

    problems = []
    for q in content.kind("questions"):
        for lang in LANGS:
            try:
                build_view(q, lang, content)
                result = grade(q, right_answer(q, content), lang, content)
                if not result.correct:
                    problems.append(f"{q.id} ({lang}): the right answer is not graded correct")
            except QuizError as err:
                problems.append(f"{q.id} ({lang}): {err}")
    return problems


def register(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "quiz", help="list the question bank per topic, or check that every question works"
    )
    p.add_argument("directory", nargs="?", type=Path, default=CONTENT_DIR)
    p.add_argument("--topic", choices=TOPICS, help="list the questions of one topic")
    p.add_argument("--lang", choices=LANGS, default="nl")
    p.add_argument(
        "--check", action="store_true", help="render and grade every question in both languages"
    )
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=cmd_quiz)


def cmd_quiz(args: argparse.Namespace) -> int:
    try:
        content = load_content(args.directory)
    except ContentError as err:
        print(str(err), file=sys.stderr)
        return 1
    if args.check:
        problems = check_bank(content)
        for problem in problems:
            print(f"  {problem}", file=sys.stderr)
        n = len(content.kind("questions"))
        if problems:
            print(f"INVALID: {len(problems)} problem(s) in {n} questions", file=sys.stderr)
            return 1
        print(f"OK: {n} questions render and grade in {', '.join(LANGS)}")
        return 0
    questions = content.kind("questions")
    if args.topic:
        rows = [
            {
                "id": q.id,
                "type": q.type,
                "difficulty": q.difficulty,
                "prompt": q.prompt.get(args.lang),
            }
            for q in questions
            if q.topic == args.topic
        ]
        if args.json:
            print(json.dumps(rows, indent=2, ensure_ascii=False))
        else:
            for row in rows:
                print(f"{row['id']:<45} {row['type']:<10} {row['difficulty']}  {row['prompt']}")
        return 0
    data = stats(content)["questions"]
    if args.json:
        print(json.dumps(data, indent=2, ensure_ascii=False))
        return 0
    print(f"{data['total']} questions ({data['with_hint']} with a hint)")
    for topic, n in data["per_topic"].items():
        print(f"  {topic:<24} {n:>4}")
    print("  types: " + ", ".join(f"{k}={v}" for k, v in data["per_type"].items()))
    return 0
