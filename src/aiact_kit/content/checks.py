"""Checks across a loaded content set: references and date placeholders
(:func:`check_set`, always), and completeness (:func:`complete_issues`, for a whole set:
every expected file and required item of :mod:`aiact_kit.content.schema.required`)."""

from __future__ import annotations

from pathlib import Path

from aiact_kit.content.model import Content, Issue, walk_fields
from aiact_kit.content.records import DATE_PLACEHOLDER, LANGS, LITERAL_DATE, RefId


def check_set(content: Content, broken: dict[str, set[str]]) -> list[Issue]:
    """Checks across items: references, date placeholders and literal dates, metadata."""
    from aiact_kit.content.schema import DATED_KINDS
    from aiact_kit.content.schema.base import I18n

    issues: list[Issue] = []
    milestones = set(content.items.get("timeline", {})) | broken.get("timeline", set())
    for kind, items in content.items.items():
        for item in items.values():
            fname = content.files[item.id]
            for path, value in walk_fields(item, ""):
                if isinstance(value, RefId):
                    target = set(content.items.get(value.kind, {}))
                    if str(value) not in target | broken.get(value.kind, set()):
                        issues.append(
                            Issue(fname, item.id, path, f"unknown {value.kind} id '{value}'")
                        )
                elif isinstance(value, I18n):
                    for lang in LANGS:
                        text = value.get(lang)
                        for m in DATE_PLACEHOLDER.finditer(text):
                            if m.group("id") not in milestones:
                                issues.append(
                                    Issue(
                                        fname,
                                        item.id,
                                        f"{path}.{lang}",
                                        f"unknown milestone '{m.group('id')}' in date reference",
                                    )
                                )
                        if kind not in DATED_KINDS:
                            lit = LITERAL_DATE.search(text)
                            if lit:
                                issues.append(
                                    Issue(
                                        fname,
                                        item.id,
                                        f"{path}.{lang}",
                                        f"literal date '{lit.group(0)}': refer to a timeline "
                                        "milestone with {date:<milestone-id>} instead",
                                    )
                                )
    meta = content.items.get("meta", {})
    if list(meta) != ["law"] and not broken.get("meta"):
        where = ", ".join(sorted({content.files[i] for i in meta})) or "(no meta file)"
        issues.append(
            Issue(where, None, "meta", "the content needs exactly one meta item with id 'law'")
        )
    return issues


def complete_issues(
    root: Path,
    content: Content,
    file_kinds: dict[str, str],
    broken: dict[str, set[str]],
    issues: list[Issue],
) -> list[Issue]:
    """What a complete content set lacks (see :mod:`aiact_kit.content.schema.required`): an expected
    file, a required item, a minimum number of items. A file with a problem of its own is not
    reported again for the items it lost."""
    from aiact_kit.content.schema.required import (
        EXPECTED_FILES,
        MIN_ITEMS,
        MIN_QUESTIONS,
        REQUIRED_IDS,
        TREE_FILE,
    )

    found: list[Issue] = []
    reported = {i.file for i in issues}
    for name in (*EXPECTED_FILES, TREE_FILE):
        if name not in reported and not (root / name).is_file():
            what = "the kit's decision tree" if name == TREE_FILE else EXPECTED_FILES[name]
            found.append(Issue(name, None, None, f"missing file ({what})"))
    reported |= {i.file for i in found}
    for name, kind in EXPECTED_FILES.items():
        if name in reported:
            continue
        held = file_kinds.get(name, kind)
        if held != kind:
            found.append(Issue(name, None, "kind", f"holds kind {held}, expected {kind}"))
            reported.add(name)

    def present(kind: str) -> set[str]:
        return set(content.items.get(kind, {})) | broken.get(kind, set())

    for kind, groups in REQUIRED_IDS.items():
        name = f"{kind}.yaml"
        if name in reported:
            continue
        have = present(kind)
        for description, ids in groups:
            for item_id in ids:
                if item_id not in have:
                    msg = f"required item is missing ({description})"
                    found.append(Issue(name, item_id, None, msg))
    for kind, minimum in MIN_ITEMS.items():
        name = f"{kind}.yaml"
        n = len(present(kind))
        if name not in reported and n < minimum:
            msg = f"{n} {kind} item(s); a complete content set has at least {minimum}"
            found.append(Issue(name, None, None, msg))
    if not broken.get("questions"):
        counts = dict.fromkeys(MIN_QUESTIONS, 0)
        for question in content.items.get("questions", {}).values():
            counts[question.topic] = counts.get(question.topic, 0) + 1
        for topic, minimum in MIN_QUESTIONS.items():
            name = f"questions-{topic}.yaml"
            if name not in reported and counts[topic] < minimum:
                msg = (
                    f"{counts[topic]} question(s) on topic '{topic}'; a complete content set "
                    f"has at least {minimum}"
                )
                found.append(Issue(name, None, None, msg))
    return found


__all__ = ["check_set", "complete_issues"]
