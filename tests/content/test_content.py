"""The shipped content validates, and every validation rule reports file, item and field."""

from __future__ import annotations

import copy
import shutil

import pytest
from content_sets import _DELETE, GLOSSARY, PROHIBITED, TIMELINE, errors_for, mutated, write_set

from aiact_kit.content import CONTENT_DIR, ContentError, load_content
from aiact_kit.content.citations import CitationError, parse_citation
from aiact_kit.content.schema import LEGAL_KINDS


# -- the shipped content ----------------------------------------------------------------------
def test_shipped_content_validates(content):
    assert content.meta.as_of is not None
    assert content.stats()["legal_items_without_citation"] == 0


def test_every_legal_item_is_cited(content):
    for kind in LEGAL_KINDS:
        for item in content.kind(kind) if kind in content.items else []:
            assert item.citations, f"{kind} item {item.id} has no citation"
            for citation in item.citations:
                parse_citation(citation)


def test_minimal_fixture_is_valid(tmp_path):
    content = load_content(write_set(tmp_path / "ok"))
    assert content.render(content.get("ai-system").explanation, "nl") == (
        "Uitleg vanaf 2 februari 2025."
    )
    assert content.render("{date:m1}", "en") == "2 February 2025"


# -- one broken fixture per rule, each with file, item and field -----------------------------
def test_unknown_field(tmp_path):
    errs = errors_for(tmp_path, glossary=mutated(GLOSSARY, colour="red"))
    assert errs == ["glossary.yaml: item 'ai-system': field 'colour': unknown field"]


def test_missing_field(tmp_path):
    errs = errors_for(tmp_path, glossary=mutated(GLOSSARY, citations=_DELETE))
    assert errs == ["glossary.yaml: item 'ai-system': field 'citations': missing required field"]


def test_missing_translation(tmp_path):
    errs = errors_for(tmp_path, glossary=mutated(GLOSSARY, term={"nl": "AI-systeem"}))
    assert errs == ["glossary.yaml: item 'ai-system': field 'term.en': missing translation 'en'"]


def test_empty_translation(tmp_path):
    errs = errors_for(tmp_path, glossary=mutated(GLOSSARY, term={"nl": "  ", "en": "AI system"}))
    assert errs == ["glossary.yaml: item 'ai-system': field 'term.nl': empty translation 'nl'"]


def test_duplicate_id(tmp_path):
    dup = copy.deepcopy(PROHIBITED)
    dup["items"][0]["id"] = "ai-system"
    errs = errors_for(tmp_path, prohibited=dup)
    assert errs == [
        "prohibited.yaml: item 'ai-system': field 'id': duplicate id (first in glossary.yaml)"
    ]


def test_unknown_reference(tmp_path):
    errs = errors_for(tmp_path, prohibited=mutated(PROHIBITED, applies_from="m9"))
    assert errs == [
        "prohibited.yaml: item 'social-scoring': field 'applies_from': unknown timeline id 'm9'"
    ]


def test_unknown_date_placeholder(tmp_path):
    errs = errors_for(
        tmp_path, glossary=mutated(GLOSSARY, explanation={"nl": "Vanaf {date:nope}.", "en": "E"})
    )
    assert errs == [
        "glossary.yaml: item 'ai-system': field 'explanation.nl': "
        "unknown milestone 'nope' in date reference"
    ]


def test_literal_date_outside_timeline(tmp_path):
    errs = errors_for(
        tmp_path, glossary=mutated(GLOSSARY, explanation={"nl": "N", "en": "From 2 Aug 2026."})
    )
    assert len(errs) == 1
    assert errs[0].startswith(
        "glossary.yaml: item 'ai-system': field 'explanation.en': literal date '2 Aug 2026'"
    )


def test_malformed_citation(tmp_path):
    errs = errors_for(tmp_path, glossary=mutated(GLOSSARY, citations=["article 3 sub 1"]))
    assert len(errs) == 1
    assert errs[0].startswith(
        "glossary.yaml: item 'ai-system': field 'citations.0': malformed citation 'article 3 sub 1'"
    )


def test_malformed_date(tmp_path):
    errs = errors_for(tmp_path, timeline=mutated(TIMELINE, date_amended="2 feb 2025"))
    assert len(errs) == 1
    assert errs[0].startswith("timeline.yaml: item 'm1': field 'date_amended': ")


def test_milestone_without_any_date(tmp_path):
    errs = errors_for(
        tmp_path, timeline=mutated(TIMELINE, date_amended=_DELETE, date_original=_DELETE)
    )
    assert errs == [
        "timeline.yaml: item 'm1': a milestone needs date_original, date_amended or both"
    ]


def test_bad_id(tmp_path):
    errs = errors_for(tmp_path, glossary=mutated(GLOSSARY, id="Bad Id!"))
    assert len(errs) == 1 and errs[0].startswith("glossary.yaml: item 'Bad Id!': field 'id': ")


def test_unknown_kind_and_top_level_field(tmp_path):
    errs = errors_for(tmp_path, glossary={"kind": "glossary", "items": [], "extra": 1})
    assert "glossary.yaml: field 'extra': unknown top-level field" in errs
    errs = errors_for(tmp_path / "typo", glossary={"kind": "glosary", "items": [], "extra": 1})
    # a near miss of a kind is named; the rest of a file of unknown kind is not quoted
    assert errs == [
        "glossary.yaml: field 'kind': unknown kind 'glosary' (did you mean 'glossary'?); "
        "expected one of cases, definitions, glossary, gpai, high_risk, lessons, meta, nl_links, "
        "nl_practice, "
        "obligations, penalties, prohibited, questions, roles, scope, supervision, timeline, "
        "transparency"
    ]


def test_invalid_yaml_names_the_line(tmp_path):
    d = write_set(tmp_path / "c")
    (d / "glossary.yaml").write_text("kind: glossary\nitems:\n  - id: [unclosed\n")
    with pytest.raises(ContentError) as info:
        load_content(d)
    (issue,) = info.value.issues
    assert issue.file == "glossary.yaml" and "invalid YAML at line" in issue.message


def test_missing_meta(tmp_path):
    errs = errors_for(tmp_path, meta=None)
    assert errs == [
        "(no meta file): field 'meta': the content needs exactly one meta item with id 'law'"
    ]


def test_all_errors_reported_together_and_nothing_half_loaded(tmp_path):
    errs = errors_for(
        tmp_path,
        glossary=mutated(GLOSSARY, colour="red", citations=["Art 3"]),
        prohibited=mutated(PROHIBITED, applies_from="nope"),
    )
    assert len(errs) == 3
    assert {e.split(":")[0] for e in errs} == {"glossary.yaml", "prohibited.yaml"}


def test_item_that_is_not_a_mapping(tmp_path):
    errs = errors_for(tmp_path, glossary={"kind": "glossary", "items": ["just text"]})
    assert errs == ["glossary.yaml: item '#1': item must be a mapping"]


def test_citation_parser():
    for ok in [
        "Art. 5(1)(c)",
        "Art. 3(14a)",
        "Art. 113(c)(ii)",
        "Art. 113, second paragraph",
        "Art. 5(1)(ba)",
        "Annex III 4(a)",
        "Annex I Section A 11",
        "Annex X",
        "Recital 53",
        "Regulation (EU) 2026/1744",
        "Regulation (EU) 2016/679 Art. 4(4)",
        "Directive 2011/93/EU",
        "Guidelines C(2025) 924",
    ]:
        assert parse_citation(ok).text == ok
    for bad in ["Art 5", "Article 5(1)", "Annex 3", "art. 5", "Art. 5(1)(c) and more", ""]:
        with pytest.raises(CitationError):
            parse_citation(bad)
    assert parse_citation("Annex III 4(a)").label("nl") == "Bijlage III 4(a)"


def test_shipped_directory_copy_validates(tmp_path):
    target = tmp_path / "copy"
    shutil.copytree(CONTENT_DIR, target)
    assert load_content(target).stats() == load_content(CONTENT_DIR).stats()
