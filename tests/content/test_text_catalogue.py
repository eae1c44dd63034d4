"""The text catalogue (aiact_kit.content.text): one home for every interface string."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from aiact_kit.content.records import LANGS, OUTCOME_RISK_GROUPS, TOPICS
from aiact_kit.content.text import TEXT_DIR, TextError, label, read_catalogue, text

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "aiact_kit"
# Layers whose modules must take every Dutch or English string from the catalogue.
UI_LAYERS = ("engines", "present", "widgets", "commands", "app")
# Modules not yet moved to the catalogue (each a known, shrinking debt: none may be added).
NOT_YET: set[str] = set()


def test_the_shipped_catalogue_is_complete_in_both_languages():
    cat = read_catalogue()
    assert len(cat) > 20
    for key, entry in cat.items():
        assert set(entry) == set(LANGS), key
        assert all(entry[lang].strip() for lang in LANGS), key


def test_one_label_per_topic_and_risk_group():
    for topic in TOPICS:
        assert label("topic", topic, "nl") and label("topic", topic, "en")
    for group in OUTCOME_RISK_GROUPS:
        assert label("risk_group", group, "nl") and label("risk_group", group, "en")
    for role in ("provider", "deployer", "importer", "distributor"):
        assert label("role", role, "en") == role


def test_lookup_fills_fields_and_rejects_unknown_keys_and_languages():
    assert text("common.check", "en") == "Check"
    assert text("common.check") == "Controleer"
    with pytest.raises(TextError, match="no interface text 'common.nope'"):
        text("common.nope", "en")
    with pytest.raises(ValueError, match="unknown language 'de'"):
        text("common.check", "de")


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ("a:\n  nl: Ja\n", "key 'a': missing or empty 'en' text"),
        ("a:\n  nl: Ja\n  en: ''\n", "key 'a': missing or empty 'en' text"),
        ("a:\n  nl: Ja\n  en: Yes\n  de: Ja\n", "key 'a': unknown language(s) de"),
        ("a:\n  nl: '{n} vragen'\n  en: '{count} questions'\n", "the {fields} differ"),
        ("- a\n- b\n", "expected a mapping"),
        ("a: [\n", "cannot read"),
        ("off:\n  nl: Uit\n  en: Off\n", "got False (YAML reads yes, no, on and off as true"),
    ],
)
def test_a_broken_catalogue_file_is_named_with_its_key(tmp_path, body, problem):
    (tmp_path / "area.yaml").write_text(body, encoding="utf-8")
    with pytest.raises(TextError) as err:
        read_catalogue(tmp_path)
    assert "area.yaml" in str(err.value) and problem in str(err.value)


def _modules():
    for layer in UI_LAYERS:
        for path in sorted((PACKAGE / layer).rglob("*.py")):
            yield path.relative_to(PACKAGE).as_posix(), path


def _is_text(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str) and " " in node.value


def _bilingual_dicts(tree: ast.AST):
    """Lines with a ``{"nl": ..., "en": ...}`` table or a ``"..." if lang == "nl" else "..."``."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Dict):
            keys = {k.value for k in node.keys if isinstance(k, ast.Constant)}
            if set(LANGS) <= keys:
                yield node.lineno
        elif isinstance(node, ast.IfExp) and isinstance(node.test, ast.Compare):
            consts = [c for c in ast.walk(node.test) if isinstance(c, ast.Constant)]
            if any(c.value in LANGS for c in consts) and (
                _is_text(node.body) or _is_text(node.orelse)
            ):
                yield node.lineno


def test_no_module_outside_the_catalogue_carries_its_own_translations():
    found = {}
    for rel, path in _modules():
        lines = list(_bilingual_dicts(ast.parse(path.read_text(encoding="utf-8"))))
        if lines:
            found[rel] = lines
    unexpected = {rel: lines for rel, lines in found.items() if rel not in NOT_YET}
    assert not unexpected, f"nl/en string tables outside the text catalogue: {unexpected}"
    stale = sorted(NOT_YET - set(found))
    assert not stale, f"moved to the catalogue: remove from NOT_YET: {stale}"


def test_every_literal_key_used_in_code_exists():
    cat = read_catalogue(TEXT_DIR)
    call = re.compile(r"\btext\(\s*\"([a-z0-9_.-]+)\"")
    missing = []
    for rel, path in _modules():
        for key in call.findall(path.read_text(encoding="utf-8")):
            if key not in cat:
                missing.append(f"{rel}: {key}")
    assert not missing, missing
