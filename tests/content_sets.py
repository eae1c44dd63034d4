"""Small content sets for tests: a minimal valid set written to a folder, and mutations of it.

Shared by the content, CLI and lesson tests."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

from aiact_kit.content import ContentError, load_content

# a value for mutated(): delete the field
_DELETE = object()

META = {
    "kind": "meta",
    "items": [
        {
            "id": "law",
            "title": {"nl": "Kit", "en": "Kit"},
            "law": {"nl": "Verordening", "en": "Regulation"},
            "amended_by": "Regulation (EU) 2026/1744",
            "as_of": "2026-11-29",
            "last_verified": "2026-11-29",
            "disclaimer": {"nl": "Geen advies.", "en": "No advice."},
        }
    ],
}
TIMELINE = {
    "kind": "timeline",
    "items": [
        {
            "id": "m1",
            "title": {"nl": "Mijlpaal", "en": "Milestone"},
            "text": {"nl": "Tekst", "en": "Text"},
            "date_original": "2025-02-02",
            "date_amended": "2025-02-02",
            "citations": ["Art. 113(a)"],
            "last_verified": "2026-11-29",
            "kinds": ["prohibited"],
        }
    ],
}
GLOSSARY = {
    "kind": "glossary",
    "items": [
        {
            "id": "ai-system",
            "term": {"nl": "AI-systeem", "en": "AI system"},
            "explanation": {"nl": "Uitleg vanaf {date:m1}.", "en": "Explanation."},
            "citations": ["Art. 3(1)"],
        }
    ],
}
PROHIBITED = {
    "kind": "prohibited",
    "items": [
        {
            "id": "social-scoring",
            "title": {"nl": "Sociale scoring", "en": "Social scoring"},
            "text": {"nl": "Verboden.", "en": "Prohibited."},
            "citations": ["Art. 5(1)(c)"],
            "point": "5(1)(c)",
            "applies_from": "m1",
        }
    ],
}


def write_set(path: Path, **files: dict) -> Path:
    base = {"meta": META, "timeline": TIMELINE, "glossary": GLOSSARY, "prohibited": PROHIBITED}
    base.update(files)
    path.mkdir(parents=True, exist_ok=True)
    for name, data in base.items():
        if data is None:
            continue
        (path / f"{name}.yaml").write_text(yaml.safe_dump(data, allow_unicode=True))
    return path


def errors_for(tmp_path: Path, **files: dict) -> list[str]:
    with pytest.raises(ContentError) as info:
        load_content(write_set(tmp_path / "c", **files))
    return [str(i) for i in info.value.issues]


def mutated(data: dict, item: int = 0, **changes) -> dict:
    data = copy.deepcopy(data)
    for key, value in changes.items():
        if value is _DELETE:
            del data["items"][item][key]
        else:
            data["items"][item][key] = value
    return data
