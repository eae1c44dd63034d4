"""Facts in the law-as-data files glossary, definitions, scope, roles, penalties, supervision.

These tests pin the legal content to the AI Act (as amended by Regulation (EU) 2026/1744): if
someone changes a ceiling, drops a term or loses a limit of an exclusion, a test fails.
"""

from __future__ import annotations

import shutil

import pytest
import yaml

from aiact_kit.content import CONTENT_DIR, ContentError, load_content

# Every term of the fact sheet's bilingual glossary (section 12), split into single terms:
# official Dutch term -> the citation it must carry.
SECTION_12_TERMS = {
    "AI-systeem": "Art. 3(1)",
    "AI-model voor algemene doeleinden": "Art. 3(63)",
    "AI-systeem voor algemene doeleinden": "Art. 3(66)",
    "capaciteiten met een grote impact": "Art. 3(64)",
    "systeemrisico": "Art. 3(65)",
    "zwevendekommabewerking": "Art. 3(67)",
    "aanbieder": "Art. 3(3)",
    "aanbieder verder in de AI-waardeketen": "Art. 3(68)",
    "gebruiksverantwoordelijke": "Art. 3(4)",
    "gemachtigde": "Art. 3(5)",
    "importeur": "Art. 3(6)",
    "distributeur": "Art. 3(7)",
    "operator": "Art. 3(8)",
    "productfabrikant": "Art. 25(3)",
    "in de handel brengen": "Art. 3(9)",
    "op de markt aanbieden": "Art. 3(10)",
    "in gebruik stellen": "Art. 3(11)",
    "beoogd doel": "Art. 3(12)",
    "redelijkerwijs te voorzien misbruik": "Art. 3(13)",
    "veiligheidscomponent": "Art. 3(14)",
    "gebruiksinstructies": "Art. 3(15)",
    "substantiële wijziging": "Art. 3(23)",
    "conformiteitsbeoordeling": "Art. 3(20)",
    "aangemelde instantie": "Art. 3(22)",
    "aanmeldende autoriteit": "Art. 3(19)",
    "CE-markering": "Art. 3(24)",
    "geharmoniseerde norm": "Art. 3(27)",
    "systeem voor monitoring na het in de handel brengen": "Art. 3(25)",
    "markttoezichtautoriteit": "Art. 3(26)",
    "nationale bevoegde autoriteit": "Art. 3(48)",
    "biometrische gegevens": "Art. 3(34)",
    "biometrische identificatie": "Art. 3(35)",
    "biometrische verificatie": "Art. 3(36)",
    "systeem voor het herkennen van emoties": "Art. 3(39)",
    "systeem voor biometrische categorisering": "Art. 3(40)",
    "systeem voor biometrische identificatie op afstand": "Art. 3(41)",
    "systeem voor biometrische identificatie op afstand in real time": "Art. 3(42)",
    "systeem voor biometrische identificatie op afstand achteraf": "Art. 3(43)",
    "AI-bureau": "Art. 3(47)",
    "profilering": "Art. 3(52)",
    "AI-testomgeving voor regelgeving": "Art. 3(55)",
    "AI-geletterdheid": "Art. 3(56)",
    "testen onder reële omstandigheden": "Art. 3(57)",
    "deepfake": "Art. 3(60)",
    "kritieke infrastructuur": "Art. 3(62)",
    "AI-systeem met een hoog risico": "Art. 6",
    "verboden AI-praktijken": "Art. 5",
    "transparantieverplichtingen": "Art. 50",
    "beoordeling van de gevolgen voor de grondrechten": "Art. 27",
    "EU-conformiteitsverklaring": "Art. 47",
    "EU-databank": "Art. 71",
    "praktijkcode": "Art. 56",
    "gedragscode": "Art. 95",
}


def _by_citation(items, citation):
    found = [i for i in items if citation in i.citations]
    assert found, f"no item cites {citation}"
    return found


# -- glossary ---------------------------------------------------------------------------------
def test_glossary_has_every_section_12_term_with_its_article(content):
    terms = {t.term.nl: t for t in content.kind("glossary")}
    assert len(terms) >= 45
    missing = sorted(set(SECTION_12_TERMS) - set(terms))
    assert not missing, f"glossary lacks {missing}"
    for nl, citation in SECTION_12_TERMS.items():
        assert citation in terms[nl].citations, f"{nl!r} should cite {citation}"


def test_glossary_terms_unique_and_prefixed(content):
    glossary = content.kind("glossary")
    assert all(t.id.startswith("g-") for t in glossary)
    assert len({t.term.nl for t in glossary}) == len(glossary)
    assert len({t.term.en for t in glossary}) == len(glossary)
    assert content.get("g-deployer").term.en == "deployer"
    assert content.get("g-deployer").term.nl == "gebruiksverantwoordelijke"


def test_glossary_flop_is_a_count_not_a_speed(content):
    flop = content.get("g-flop", "glossary")
    assert "not operations per second" in flop.explanation.en
    assert "niet om bewerkingen per seconde" in flop.explanation.nl


# -- definitions ------------------------------------------------------------------------------
def test_seven_elements_in_positions_one_to_seven(content):
    elements = [d for d in content.kind("definitions") if d.group == "ai-system-element"]
    assert sorted(e.position for e in elements) == [1, 2, 3, 4, 5, 6, 7]
    for e in elements:
        assert "Art. 3(1)" in e.citations
        assert "Guidelines C(2025) 924" in e.citations
    by_pos = {e.position: e for e in elements}
    assert "infer" in by_pos[5].title.en.lower()
    assert "decisive" in by_pos[5].text.en
    # adaptiveness is possible, not required
    assert "not required" in by_pos[3].text.en
    assert "hoeft niet" in by_pos[3].text.nl


def test_ai_system_definition_cites_article_and_recital(content):
    d = content.get("def-ai-system", "definitions")
    assert d.group == "ai-system"
    assert d.citations[:2] == ["Art. 3(1)", "Recital 12"]
    assert d.status == "confirmed"


def test_out_of_scope_kinds(content):
    out = [d for d in content.kind("definitions") if d.group == "out-of-scope"]
    guideline_kinds = [d for d in out if "Guidelines C(2025) 924" in d.citations]
    assert len(guideline_kinds) == 4
    # the guidelines' full text could not be opened: reported, not confirmed
    assert all(d.status == "reported" for d in guideline_kinds)
    human_rules = content.get("def-oos-human-rules", "definitions")
    assert human_rules.citations == ["Recital 12"]
    assert human_rules.status == "confirmed"


def test_flop_threshold_is_a_count_over_training(content):
    d = content.get("def-flop-threshold", "definitions")
    assert d.group == "systemic-risk"
    assert {"Art. 51(2)", "Art. 3(67)"} <= set(d.citations)
    assert "10^25" in d.text.en and "10^25" in d.text.nl
    assert "not a number of operations per second" in d.text.en
    assert "niet een aantal bewerkingen per seconde" in d.text.nl


def test_gpai_and_systemic_risk_definitions(content):
    defs = content.kind("definitions")
    assert _by_citation(defs, "Art. 3(63)")[0].group == "gpai"
    assert _by_citation(defs, "Art. 3(66)")[0].group == "gpai"
    for citation in ("Art. 3(65)", "Art. 51(1)", "Art. 3(64)", "Art. 52(1)"):
        assert _by_citation(defs, citation)[0].group == "systemic-risk"
    notify = _by_citation(defs, "Art. 52(1)")[0]
    assert "two weeks" in notify.text.en and "twee weken" in notify.text.nl


# -- scope ------------------------------------------------------------------------------------
def test_scope_covers_art_2_1_a_to_g(content):
    covered = [s for s in content.kind("scope") if s.group == "covered"]
    cited = {c for s in covered for c in s.citations if c.startswith("Art. 2(1)")}
    assert cited == {f"Art. 2(1)({p})" for p in "abcdefg"}


def test_scope_exclusions_and_their_limits(content):
    exclusions = [s for s in content.kind("scope") if s.group == "exclusion"]
    cited = {c for s in exclusions for c in s.citations if c.startswith("Art. 2(")}
    assert cited >= {f"Art. 2({n})" for n in (3, 4, 6, 8, 10, 12)}

    military = _by_citation(exclusions, "Art. 2(3)")[0]
    assert "exclusively" in military.text.en and "uitsluitend" in military.text.nl

    testing = _by_citation(exclusions, "Art. 2(8)")[0]
    assert "Testing in real-world conditions is expressly not excluded" in testing.text.en
    assert "Testen onder reële omstandigheden is uitdrukkelijk niet" in testing.text.nl

    open_source = _by_citation(exclusions, "Art. 2(12)")[0]
    for needle in ("high-risk", "Art 5", "Art 50"):
        assert needle in open_source.text.en

    personal = _by_citation(exclusions, "Art. 2(10)")[0]
    assert "civil servant" in personal.text.en and "never a private user" in personal.text.en
    assert "nooit een privégebruiker" in personal.text.nl


def test_scope_partial_application_and_omnibus(content):
    scope = content.kind("scope")
    section_b = _by_citation(scope, "Art. 2(2)")[0]
    assert section_b.group == "partial"
    # As amended (Art 2(2) in the consolidated text): Art 6(1), Art 60a and Arts 102 to 112;
    # the 2024 list (Arts 102 to 109 and 112) is kept in changed_2026.
    assert "Articles 102 to 112" in section_b.text.en and "Art 60a" in section_b.text.en
    assert section_b.changed_2026 is not None  # machinery moved to Section B
    assert "Articles 102 to 109" in section_b.changed_2026.en
    new = _by_citation(scope, "Art. 2(13)")[0]
    assert new.group == "partial" and new.changed_2026 is not None
    rendered = content.render(new.text, "en")
    assert "{date:" not in rendered and "2 August 2027" in rendered


def test_scope_other_law_paragraphs(content):
    other = [s for s in content.kind("scope") if s.group == "other-law"]
    cited = {c for s in other for c in s.citations if c.startswith("Art. 2(")}
    assert cited == {"Art. 2(5)", "Art. 2(7)", "Art. 2(9)", "Art. 2(11)"}


# -- roles ------------------------------------------------------------------------------------
def test_roles_cover_every_role_with_official_dutch_term(content):
    roles = {r.term.en: r for r in content.kind("roles") if r.group == "role"}
    expected = {
        "provider": ("aanbieder", "Art. 3(3)"),
        "deployer": ("gebruiksverantwoordelijke", "Art. 3(4)"),
        "authorised representative": ("gemachtigde", "Art. 3(5)"),
        "importer": ("importeur", "Art. 3(6)"),
        "distributor": ("distributeur", "Art. 3(7)"),
        "operator": ("operator", "Art. 3(8)"),
        "product manufacturer": ("productfabrikant", "Art. 25(3)"),
        "downstream provider": ("aanbieder verder in de AI-waardeketen", "Art. 3(68)"),
    }
    assert set(roles) == set(expected)
    for en, (nl, citation) in expected.items():
        assert roles[en].term.nl == nl
        assert citation in roles[en].citations


def test_art_25_triggers_and_consequences(content):
    becomes = [r for r in content.kind("roles") if r.group == "becomes-provider"]
    for point in ("(a)", "(b)", "(c)"):
        assert _by_citation(becomes, f"Art. 25(1){point}")
    # every trigger is about high-risk AI systems
    for point in ("(a)", "(b)", "(c)"):
        assert "high-risk" in _by_citation(becomes, f"Art. 25(1){point}")[0].text.en
    for para in ("Art. 25(2)", "Art. 25(4)"):
        assert _by_citation(becomes, para)[0].changed_2026 is not None
    assert _by_citation(becomes, "Art. 25(3)")[0].changed_2026 is None


def test_build_and_use_note(content):
    note = content.get("role-note-build-and-use", "roles")
    assert note.group == "note"
    assert "Art. 3(11)" in note.citations
    assert "both provider and deployer" in note.text.en
    assert "aanbieder en gebruiksverantwoordelijke" in note.text.nl


# -- penalties --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("citation", "max_eur", "pct"),
    [
        ("Art. 99(3)", 35_000_000, 7),
        ("Art. 99(4)", 15_000_000, 3),
        ("Art. 99(5)", 7_500_000, 1),
        ("Art. 100(2)", 1_500_000, None),
        ("Art. 100(3)", 750_000, None),
        ("Art. 101(1)", 15_000_000, 3),
    ],
)
def test_penalty_ceilings(content, citation, max_eur, pct):
    (row,) = [p for p in content.kind("penalties") if p.citations[0] == citation]
    assert row.max_eur == max_eur
    assert row.max_turnover_pct == pct


def test_penalties_without_fixed_amount(content):
    penalties = content.kind("penalties")
    for citation in ("Art. 99(6)", "Art. 99(6a)", "Art. 99(8)"):
        for row in _by_citation(penalties, citation):
            assert row.max_eur is None and row.max_turnover_pct is None
    assert _by_citation(penalties, "Art. 99(6a)")[0].changed_2026 is not None
    assert _by_citation(penalties, "Art. 99(4)")[0].changed_2026 is not None
    literacy = _by_citation(penalties, "Art. 4")[0]
    assert literacy.max_eur is None and "no fixed fine ceiling" in literacy.title.en
    nl_public = content.get("pen-nl-public-bodies", "penalties")
    assert nl_public.status == "not-confirmed"


def test_art_101_applies_later_than_rest_of_chapter_xii(content):
    gpai = content.get("pen-art-101-gpai", "penalties")
    assert "{date:general-application}" in gpai.text.en
    assert "2 August 2026" in content.render(gpai.text, "en")
    assert "2 augustus 2026" in content.render(gpai.text, "nl")
    general = content.get("pen-art-99-1-national-rules", "penalties")
    assert "2 August 2025" in content.render(general.text, "en")


# -- supervision ------------------------------------------------------------------------------
def test_supervision_levels_and_status(content):
    sup = content.kind("supervision")
    for citation in ("Art. 64", "Art. 65", "Art. 67", "Art. 68", "Art. 74(9)"):
        assert _by_citation(sup, citation)[0].level == "eu"
    for citation in ("Art. 70(1)", "Art. 74(8)", "Art. 77(1)"):
        assert any(s.level == "national" for s in _by_citation(sup, citation))
    nl = {s.id: s for s in sup if s.level == "nl"}
    assert nl["sup-nl-draft-uitvoeringswet"].status == "reported"
    assert nl["sup-nl-final-designation"].status == "not-confirmed"
    assert nl["sup-nl-advice-content"].status == "reported"


# -- the rules still bite on these files --------------------------------------------------
def _copy(tmp_path):
    target = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, target)
    return target


def test_literal_date_in_supervision_is_rejected(tmp_path):
    root = _copy(tmp_path)
    path = root / "supervision.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for item in data["items"]:
        if item["id"] == "sup-nl-draft-uitvoeringswet":
            item["text"]["en"] = "A draft was published on 20 April 2026."
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ContentError) as err:
        load_content(root)
    (issue,) = err.value.issues
    assert issue.item == "sup-nl-draft-uitvoeringswet"
    assert issue.field == "text.en"
    assert "literal date" in issue.message


def test_unknown_scope_group_is_rejected(tmp_path):
    root = _copy(tmp_path)
    path = root / "scope.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["items"][0]["group"] = "excluded"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ContentError) as err:
        load_content(root)
    (issue,) = err.value.issues
    assert issue.item == data["items"][0]["id"] and issue.field == "group"
