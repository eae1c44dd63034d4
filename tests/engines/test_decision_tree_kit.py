"""The kit's own decision tree: every end state is consistent with the law as the content
states it, dates come from the timeline, and the known errors of the official tree (fact
sheet section 9.5) are absent.

The tree has millions of distinct answer sequences but only tens of thousands of distinct end
states (conclusion + labels collected). The outcome of a walk depends only on its end state, so
checking every end state checks the outcome of every path; the number of paths is counted
exactly by the engine.
"""

from __future__ import annotations

import json
import re
from datetime import date

import pytest
import yaml
from beslishulp_data import official_dir

from aiact_kit.engines.decision import (
    DEFAULT_TREE,
    Session,
    check_tree,
    compute_outcome,
    default_tree,
    explored,
    terminal_states,
)

HR_PROVIDER = {
    "hr-risk-management",
    "hr-data-governance",
    "hr-technical-documentation",
    "hr-logging",
    "hr-transparency-instructions",
    "hr-human-oversight-design",
    "hr-accuracy-robustness",
    "hr-quality-management",
    "hr-documentation-keeping",
    "hr-log-keeping-provider",
    "hr-corrective-action",
    "hr-cooperation-authorities",
    "hr-conformity-assessment",
    "hr-declaration-of-conformity",
    "hr-ce-marking",
    "hr-post-market-monitoring",
    "hr-serious-incidents",
}
HR_DEPLOYER = {
    "hr-deployer-use-instructions",
    "hr-deployer-human-oversight",
    "hr-deployer-input-data",
    "hr-deployer-monitoring",
    "hr-deployer-logs",
    "hr-deployer-inform-workers",
    "hr-deployer-dpia",
}
TRANSPARENCY = {
    "art-50-1": ("tr-interaction-disclosure", "provider"),
    "art-50-2": ("tr-synthetic-marking", "provider"),
    "art-50-3": ("tr-emotion-biometric-inform", "deployer"),
    "art-50-4-deepfake": ("tr-deepfake-disclosure", "deployer"),
    "art-50-4-text": ("tr-public-interest-text", "deployer"),
}


@pytest.fixture(scope="module")
def tree():
    return default_tree()


@pytest.fixture(scope="module")
def report(tree, content):
    return check_tree(tree, content)


@pytest.fixture(scope="module")
def outcomes(tree, content, report):
    states = explored(tree).terminals
    assert len(states) == report.outcomes
    return [compute_outcome(tree, cid, labels, content) for cid, labels in states]


def test_tree_has_no_problems(report):
    assert report.problems == []
    assert report.questions >= 40 and report.conclusions == 16
    assert report.paths is not None and report.paths > 1_000_000
    assert report.outcomes > 10_000


def test_tree_stays_in_the_upstream_format():
    """The kit's extensions are extra keys; the tree validates against the upstream schema."""
    import jsonschema  # a dependency of jupyterlab, installed with the kit

    schema = json.loads((official_dir() / "schema_decision_tree.json").read_text())
    jsonschema.validate(yaml.safe_load(DEFAULT_TREE.read_text(encoding="utf-8")), schema)


def test_every_conclusion_and_obligation_is_used(tree, content, outcomes):
    assert {o.conclusion.id for o in outcomes} == set(tree.conclusions)
    used = {ob for o in outcomes for ob in o.obligation_ids}
    assert used == {ob.id for ob in content.kind("obligations")}


def _milestone(o, ob_id):
    return next(t for t in o.obligations if t.obligation_id == ob_id)


def test_every_end_state_is_consistent(content, outcomes):
    for o in outcomes:
        labels, cid, ids = o.labels, o.conclusion.id, set(o.obligation_ids)
        roles = set(o.roles)
        where = f"{cid} {sorted(labels)}"
        # scope
        assert (cid.startswith("out-")) == (o.applies is False), where
        if not o.applies:
            assert ids == set(), where
        assert ("excluded" in labels) == (cid == "out-excluded"), where
        assert ("not-ai-system" in labels) == (cid == "out-not-ai"), where
        # prohibited
        assert ("prohibited" in labels) == (cid == "prohibited"), where
        assert ("prohibited-new" in labels) == (cid == "prohibited-new"), where
        # Art 5 bans placing on the market (provider, importer), putting into service and use
        banned = bool(roles & {"provider", "deployer", "importer"})
        if cid == "prohibited":
            assert ids == ({"no-prohibited-practices"} if banned else set()), where
            if banned:
                assert _milestone(o, "no-prohibited-practices").milestone == "chapters-i-ii"
        if cid == "prohibited-new":
            assert ids == ({"no-new-prohibited-practices"} if banned else set()), where
            if banned:
                timing = _milestone(o, "no-new-prohibited-practices")
                assert timing.milestone == "new-prohibitions"
        # high risk
        high = "high-risk" in labels
        assert high == (cid in ("high-risk-annex-i", "high-risk-annex-iii")), where
        if high:
            assert ("annex-i" in labels) == (cid == "high-risk-annex-i"), where
            assert ("annex-iii" in labels) == (cid == "high-risk-annex-iii"), where
        assert ("annex-i-b" in labels) == (cid == "annex-i-section-b"), where
        hr_ids = {i for i in ids if i.startswith("hr-")}
        if not high:
            assert hr_ids == set(), where
        else:
            if "provider" in roles:
                assert ids >= HR_PROVIDER, where
            if "deployer" in roles:
                assert ids >= HR_DEPLOYER, where
            assert ("hr-importer-checks" in ids) == ("importer" in roles), where
            assert ("hr-distributor-checks" in ids) == ("distributor" in roles), where
            assert ("hr-registration-provider" in ids) == (
                "provider" in roles and "annex-iii" in labels
            ), where
            assert ("hr-authorised-representative" in ids) == ("non-eu-provider" in labels)
            public = "public-authority" in labels
            point_2 = "Annex III 2" in labels
            annex_iii = "annex-iii" in labels
            assert ("hr-deployer-registration-public" in ids) == (
                "deployer" in roles and public and annex_iii and not point_2
            ), where
            fria_body = (
                public
                or "public-service" in labels
                or bool(labels & {"Annex III 5(b)", "Annex III 5(c)"})
            )
            assert ("hr-fria" in ids) == (
                "deployer" in roles and annex_iii and fria_body and not point_2
            ), where
            _check_high_risk_dates(o, where)
        # Art 6(3)
        if "art-6-3" in labels:
            assert cid in ("not-high-risk-art-6-3", "out-open-source"), where
        if cid == "not-high-risk-art-6-3":
            assert ("art-6-4-registration" in ids) == ("provider" in roles), where
            if "provider" in roles:
                timing = _milestone(o, "art-6-4-registration")
                assert timing.milestone == "annex-iii-high-risk", where
        # transparency: the right bearer per paragraph, from the general date of application
        for label, (ob_id, bearer) in TRANSPARENCY.items():
            expected = (
                label in labels
                and bearer in roles
                and cid not in ("prohibited", "prohibited-new", "out-open-source")
            )
            assert (ob_id in ids) == expected, f"{ob_id}: {where}"
            if expected:
                timing = _milestone(o, ob_id)
                legacy = ob_id == "tr-synthetic-marking" and "before:general-application" in labels
                assert timing.milestone == (
                    "generative-legacy" if legacy else "general-application"
                )
        if "transparency" in labels and not high and "art-6-3" not in labels:
            assert cid == "transparency", where
        # AI literacy for providers and deployers of AI systems in scope
        literate = (
            o.applies
            and cid not in ("prohibited", "prohibited-new", "annex-i-section-b")
            and not cid.startswith("gpai-")
        )
        assert ("ai-literacy" in ids) == (literate and bool(roles & {"provider", "deployer"}))
        # general-purpose AI models: only their providers have Chapter V duties
        gpai_ids = {i for i in ids if i.startswith("gpai-")}
        if gpai_ids:
            assert "gpai-model" in labels and roles == {"provider"}, where
            legacy = "before:gpai-governance" in labels
            for t in o.obligations:
                assert t.milestone == ("gpai-legacy" if legacy else "gpai-governance"), where
        if "gpai-model" in labels and "excluded" not in labels:
            assert cid.startswith("gpai-model"), where
        if "gpai-systemic" in labels:
            assert cid == "gpai-model-systemic" and "open-source" not in labels, where
            assert {"gpai-sr-evaluation", "gpai-technical-documentation"} <= ids
        if cid == "gpai-model-open-source":
            assert ids == {"gpai-copyright-policy", "gpai-training-summary"}, where
        # every obligation has a date, unless it is conditional on a design change
        for t in o.obligations:
            assert (t.date is None) == (t.rule == "conditional"), where


def _check_high_risk_dates(o, where):
    labels = o.labels
    annex_i = "annex-i" in labels
    base = "annex-i-high-risk" if annex_i else "annex-iii-high-risk"
    legacy = f"before:{base}" in labels
    public = "public-authority" in labels
    for t in o.obligations:
        if not (t.obligation_id.startswith("hr-") or t.obligation_id.startswith("art-6-4")):
            continue
        supply_chain = t.obligation_id in ("hr-importer-checks", "hr-distributor-checks")
        if not legacy:
            assert t.milestone == base, where
        elif public and not supply_chain:
            assert t.milestone == "public-legacy" and t.rule == "legacy_public", where
        else:
            assert t.milestone is None and t.rule == "conditional", where
            assert t.note is not None and "111(2)" in t.note.en


# --- the errors of the official tree (fact sheet 9.5) are absent ---------------------------
def _all_texts(tree):
    for q in tree.questions.values():
        yield q.text
        yield q.explanation
        for a in q.answers:
            yield a.text
            if a.subresult:
                yield a.subresult
    for c in tree.conclusions.values():
        yield c.text
        yield c.obligation


def _rendered(tree, content, lang):
    s = Session(tree, content)
    return [s.text(t, lang, html=False) for t in _all_texts(tree)]


def test_9_5_1_prohibition_dates(tree, content):
    s = Session(tree, content)
    nl = s.text(tree.conclusion("prohibited").text, "nl")
    assert "2 februari 2025" in nl and "1 februari" not in nl
    assert content.milestone_date("chapters-i-ii") == date(2025, 2, 2)
    new = s.text(tree.conclusion("prohibited-new").text, "en")
    assert "2 December 2026" in new
    # both new points, (ba) and (bb), can be reached
    labels = {lab for _c, ls in explored(tree).terminals for lab in ls}
    assert {"Art. 5(1)(ba)", "Art. 5(1)(bb)"} <= labels


def test_9_5_2_dates_per_route(tree, content):
    """Annex I on its own (later) date; Art 50 on the general date; the Art 111(2) sentence
    only for high-risk duties."""
    assert content.milestone_date("annex-i-high-risk") == date(2028, 8, 2)
    assert content.milestone_date("annex-iii-high-risk") == date(2027, 12, 2)
    assert content.milestone_date("general-application") == date(2026, 8, 2)
    for ob in content.kind("obligations"):
        rule = ob.applies_from
        if ob.id.startswith("tr-"):
            assert rule.default == "general-application", ob.id
            assert rule.annex_i is None and rule.legacy_public is None, ob.id
        if rule.legacy_public is not None or (rule.legacy_note and "111(2)" in rule.legacy_note.en):
            assert ob.id.startswith("hr-"), ob.id
        if ob.id in ANNEX_III_ONLY:
            assert rule.default == "annex-iii-high-risk" and rule.annex_i is None, ob.id
        elif ob.id.startswith("hr-"):
            assert rule.default == "annex-iii-high-risk" and rule.annex_i == "annex-i-high-risk"


# Duties that exist only for Annex III systems: Art 27(1) (Art 6(2) systems), Art 49(1) and
# 49(3) (Annex III), Art 26(11) and Art 86(1) (Annex III).
ANNEX_III_ONLY = {
    "hr-fria",
    "hr-explanation",
    "hr-registration-provider",
    "hr-deployer-registration-public",
    "hr-deployer-inform-persons",
}


def test_annex_i_conclusion_lists_no_annex_iii_only_duty(tree):
    listed = {
        ob if isinstance(ob, str) else ob.id
        for ob in tree.conclusion("high-risk-annex-i").obligations
    }
    assert listed and not (listed & ANNEX_III_ONLY)


def test_9_5_2_no_literal_dates_in_the_tree(tree):
    for text in _all_texts(tree):
        for value in (text.nl, text.en):
            assert not re.search(r"\b20\d\d-\d\d-\d\d\b|\b\d{1,2} (?:[a-z]+) 20\d\d\b", value)


def test_9_5_3_flop_is_a_count(tree, content):
    q = tree.question("systemic-risk")
    s = Session(tree, content)
    nl, en = s.text(q.explanation, "nl", html=False), s.text(q.explanation, "en", html=False)
    assert "10^25" in en and "in total" in en and "not a speed per second" in en
    assert "totaal" in nl
    assert "Art. 3(67)" in q.citations and "Art. 51(2)" in q.citations
    for text in _rendered(tree, content, "en") + _rendered(tree, content, "nl"):
        low = text.lower()
        assert "operations per second" not in low and "bewerkingen per seconde" not in low
        assert "cpu" not in low


def test_9_5_4_no_mandatory_third_party_assessment_for_biometrics(tree, content):
    # the tree asks no Annex III question about third-party assessment
    for q in tree.questions.values():
        if "third-party" in q.id or "derde partij" in q.text.nl:
            assert q.id.startswith("annex-i-"), q.id
    text = content.get("hr-conformity-assessment", "obligations").text.en
    assert "only where harmonised standards or common specifications have not been" in text
    assert "internal control" in text


def test_9_5_5_becoming_a_provider_only_under_article_25(tree):
    exp = explored(tree)
    role = tree.question("role")
    deployer = role.answer("deployer")
    assert deployer.labels == ("deployer",)  # using someone else's system: a deployer
    assert "configur" in role.explanation.en.lower()
    # art-25 is only ever asked about high-risk systems, and only there does a user become one
    for qid, labels in exp.states:
        if qid == "art-25":
            assert "high-risk" in labels and "provider" not in labels
    for q in tree.questions.values():
        for a in q.answers:
            if "becomes-provider" in a.labels:
                assert q.id == "art-25" and "provider" in a.labels


def test_9_5_6_carve_outs_are_asked(tree):
    exp = explored(tree)
    reached = exp.reached_questions
    for qid in (
        "carve-out-crime-prediction",
        "carve-out-emotion",
        "carve-out-categorisation",
        "exception-realtime-rbi",
        "scope-intimate-imagery",
        "scope-csam",
    ):
        assert qid in reached
        # at least one answer does not end in a prohibition
        q = tree.question(qid)
        assert any(a.next_question for a in q.answers), qid


def test_9_5_7_no_gpai_duties_for_users_of_a_model(tree, content, outcomes):
    answer = tree.question("what").answer("model-of-another")
    assert answer.next_question == "role" and "gpai-model" not in answer.labels
    assert "codes of practice" in answer.subresult.en
    for o in outcomes:
        if any(i.startswith("gpai-") for i in o.obligation_ids):
            assert o.roles == ("provider",)


def test_original_version_of_the_law(tree, content):
    labels = frozenset({"ai-system", "provider", "prohibited-new", "Art. 5(1)(ba)"})
    out = compute_outcome(tree, "prohibited-new", labels, content, version="original")
    (timing,) = out.obligations
    assert timing.milestone == "new-prohibitions" and timing.date is None  # not in 2024 text
    labels = frozenset({"ai-system", "provider", "high-risk", "annex-iii", "Annex III 4(a)"})
    out = compute_outcome(tree, "high-risk-annex-iii", labels, content, version="original")
    assert _milestone(out, "hr-risk-management").date == date(2026, 8, 2)


def test_example_paths_of_every_end_state_replay(tree, content):
    states = terminal_states(tree)
    for (cid, labels), path in list(states.items())[:: max(1, len(states) // 300)]:
        s = Session(tree, content)
        s.follow([(qid, index) for qid, index in path])
        assert s.conclusion.id == cid and frozenset(s.labels) == labels
