"""The corrections of the legal review (issue 16, Deliver 1): each test failed on the code and
content before the fix."""

from __future__ import annotations

import datetime as dt

import pytest

from aiact_kit.content import default_content
from aiact_kit.engines.decision import default_tree, walk
from aiact_kit.engines.timeline import applies_on

D = dt.date.fromisoformat


# -- Art 4 is not deferred by the transitional rules of Art 111(1) and (3) --------------------
@pytest.mark.parametrize("kind", ["gpai", "annex-x"])
def test_ai_literacy_is_not_deferred_for_legacy_models_and_annex_x(kind):
    r = applies_on("2025-02-02", kind, on_market_before=True)
    assert r.legacy  # the transitional rule is applied ...
    literacy = r.entry("ai-literacy")
    # ... but not to AI literacy: Art 4 applies since 2 Feb 2025 (Art 113(a))
    assert literacy.start == D("2025-02-02") and literacy.condition is None
    assert "ai-literacy" in r.ids("in_force")


def test_the_deferred_duties_stay_deferred():
    gpai = applies_on("2025-08-02", "gpai", on_market_before=True)
    assert gpai.entry("gpai-copyright-policy").start == D("2027-08-02")
    annex_x = applies_on("2027-08-02", "annex-x", on_market_before=True)
    deferred = [e for e in annex_x.not_yet if e.source == "obligation"]
    assert deferred and all(e.start == D("2030-12-31") for e in deferred)


def test_art_4_is_in_force_since_2025_and_only_its_wording_changes():
    for kind in ("gpai", "annex-iii", "transparency"):
        r = applies_on("2026-08-01", kind)
        art4 = r.entry("p-art-4")
        assert "p-art-4" in r.ids("in_force") and art4.start == D("2025-02-02")
        assert art4.until is None  # not ended by the Omnibus
    amended = applies_on("2026-08-01", "gpai").entry("p-art-4-amended")
    assert amended.status == "confirmed"  # the wording is confirmed; only the date is reported
    content = default_content()
    assert "2025" in content.render(amended.note, "en")  # says the duty itself applies since


# -- Annex I Section B: one fact, one place ---------------------------------------------------
def test_annex_i_section_b_conclusion_states_the_amended_article_list_from_scope():
    tree = default_tree()
    c = tree.conclusion("annex-i-section-b")
    assert "scope-partial-annex-i-section-b" in c.facts
    for text in (c.text.nl, c.text.en or "", c.obligation.nl, c.obligation.en or ""):
        assert "102" not in text and "109" not in text  # the list lives in scope.yaml only
    case = default_content().get("case-drone-collision-avoidance", "cases")
    for lang in ("nl", "en"):
        assert "109" not in case.explanation.get(lang)
        assert "60a" in case.explanation.get(lang)


# -- Art 2(10): only the duties of natural persons as deployers -------------------------------
def test_personal_use_exclusion_is_not_offered_to_a_provider():
    steps = [("algorithm", "yes"), ("what", "system"), ("ai-system", "yes"), ("role", "provider")]
    session = walk(default_tree(), steps)
    q = session.current
    assert q is not None and q.id == "exclusions"
    session.answer("personal")
    out = session.outcome() if session.done else None
    # a provider stays covered: Art 2(10) lifts only the duties of a natural person as deployer
    assert out is None or out.applies is not False


def test_personal_use_exclusion_for_a_deployer_names_natural_persons():
    q = default_tree().question("exclusions")
    personal = q.answer("personal")
    for lang in ("nl", "en"):
        assert "2(10)" in " ".join(personal.citations) or "2(10)" in personal.text.get(lang)
    assert "natuurlijk persoon" in personal.text.nl
    assert "natural person" in (personal.text.en or "")


# -- the chatbot that changes purpose: Art 50(2) is the provider's duty ------------------------
def test_chatbot_purpose_change_case_is_correct_about_art_50_2():
    case = default_content().get("case-chatbot-purpose-change", "cases")
    assert case.arguable is not None  # marked arguable, with the reason and the deciding fork
    assert case.arguable.fork == "art-25"
    en = case.explanation.get("en")
    assert "2 December 2026" not in en and "Art 111(4)" not in en


# -- the nits ---------------------------------------------------------------------------------
def test_satire_deepfake_feedback_names_every_relevant_prohibition():
    q = default_content().get("q-transparency-satire-deepfake", "questions")
    c = next(o for o in q.options if o.id == "c")
    for lang in ("nl", "en"):
        fb = c.feedback.get(lang)
        assert "5(1)(ba)" in fb and "5(1)(bb)" in fb and "5(1)(a)" in fb


def test_post_remote_identification_is_high_risk_by_annex_iii():
    p = default_content().get("p-5-1-h", "prohibited")
    assert "Annex III 1(a)" in p.citations
    assert "bijlage III, punt 1(a)" in p.text.get("nl")
    assert "Annex III point 1(a)" in p.text.get("en")


def test_art_6_5_guidelines_were_due_and_only_a_draft_exists():
    item = default_content().get("hr-6-4-document-register", "high_risk")
    en = item.text.get("en")
    assert "February 2026" in en and "draft" in en and "reported" in en
    assert "The Commission provides guidelines" not in en


def test_ai_office_competence_carries_its_status():
    assert default_content().get("g-75-ai-office-gpai-systems", "gpai").status == "reported"
