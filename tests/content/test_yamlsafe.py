"""load_yaml: the shape check and the memo of parsed texts."""

from __future__ import annotations

import pytest

from aiact_kit.content import yamlsafe
from aiact_kit.content.yamlsafe import YamlLimitError, load_yaml

TEXT = "items:\n  - id: a\n    tags: [x, y]\n  - id: b\n"


def test_a_text_read_again_gives_an_independent_copy():
    first = load_yaml(TEXT)
    first["items"][0]["tags"].append("changed")
    first["items"].pop()
    again = load_yaml(TEXT)
    assert again == {"items": [{"id": "a", "tags": ["x", "y"]}, {"id": "b"}]}
    assert again is not first and again["items"] is not first["items"]


def test_a_changed_text_is_parsed_anew():
    assert load_yaml("a: 1\n") == {"a": 1}
    assert load_yaml("a: 2\n") == {"a": 2}


def test_a_refused_text_is_refused_every_time():
    deep = "x: " + "[" * 100 + "]" * 100 + "\n"
    for _ in range(2):
        with pytest.raises(YamlLimitError, match="nested too deeply"):
            load_yaml(deep)


def test_the_memo_stays_within_its_size(monkeypatch):
    monkeypatch.setattr(yamlsafe, "MEMO_CHARS", 100)
    monkeypatch.setattr(yamlsafe, "_memo", {})
    texts = [f"k{i}: {'v' * 30}\n" for i in range(10)]
    for text in texts:
        load_yaml(text)
    assert sum(map(len, yamlsafe._memo)) <= 100
    assert texts[-1] in yamlsafe._memo and texts[0] not in yamlsafe._memo
    load_yaml("long: " + "v" * 200 + "\n")  # longer than the whole memo: not kept
    assert all(len(t) < 100 for t in yamlsafe._memo)
