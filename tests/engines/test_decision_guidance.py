"""Issue 16, Deliver 2-4: help before answering at every fork that flips the outcome, forks that
depend on interpretation with both outcomes, time questions in the user's terms, and
conclusions that list only the duties that fit the facts and open with the first actions."""

from __future__ import annotations

import pytest

from aiact_kit.engines.decision import (
    arguable_forks,
    compute_outcome,
    default_tree,
    explored,
    parse_tree,
    replay,
    walk,
)
from aiact_kit.engines.decision.model import DecisionTreeError
from aiact_kit.present.decision import question_html
from aiact_kit.present.decision_outcome import conclusion_sections, outcome_html

FORKS = [
    "what",
    "role",
    "prohibited-conduct",
    "prohibited-biometric",
    "exception-realtime-rbi",
    "annex-iii",
    *(f"annex-iii-{n}" for n in range(1, 9)),
    "profiling",
    "art-6-3",
    "art-25",
    "hr-public",
    "open-source",
]
ARGUABLE = ["prohibited-conduct", "exception-realtime-rbi", "profiling", "art-6-3", "art-25"]
TIME = ["hr-legacy-annex-iii", "hr-legacy-annex-i", "tr-generative-legacy", "gpai-legacy"]

START = [("algorithm", "yes"), ("what", "system"), ("ai-system", "yes")]
TO_ANNEX_III = [("exclusions", "none"), ("prohibited-conduct", "none")]
TO_ANNEX_III += [("prohibited-biometric", "none"), ("annex-i", "no")]


@pytest.fixture(scope="module")
def tree():
    return default_tree()


@pytest.mark.parametrize("qid", FORKS)
def test_every_fork_has_guidance_with_examples_in_both_languages(tree, qid):
    g = tree.question(qid).guidance
    assert g is not None, qid
    assert g.citations, qid
    nl = g.counts.nl + " " + (g.not_counts.nl if g.not_counts else "")
    en = (g.counts.en or "") + " " + (g.not_counts.en if g.not_counts and g.not_counts.en else "")
    assert en.strip() and nl.strip()
    if not qid.startswith("annex-iii-"):  # the sub-points share the 'supports only' rule
        assert "oorbeeld" in nl and "xample" in en, qid  # Voorbeeld(en) / Example(s)
        assert g.not_counts is not None, qid  # what does not count, too


def test_guidance_is_shown_before_the_answers(tree):
    session = walk(tree, START + [("role", "deployer")] + TO_ANNEX_III)
    q = session.current
    assert q is not None and q.id == "annex-iii"
    html = question_html(session, q, "en")
    assert 'class="aiact-guidance"' in html and "only supports" in html
    assert html.index("aiact-guidance") < html.rindex("</div>")  # inside the question panel
    nl = question_html(session, q, "nl")
    assert "alleen" in nl and "ondersteunt" in nl


def test_emotion_versus_fatigue_is_explained_before_choosing(tree):
    g = tree.question("prohibited-biometric").guidance
    assert g is not None and g.not_counts is not None
    assert "vermoeidheid" in g.not_counts.nl and "fatigue" in (g.not_counts.en or "")


@pytest.mark.parametrize("qid", ARGUABLE)
def test_arguable_forks_are_marked_with_a_reason(tree, qid):
    arg = tree.question(qid).arguable
    assert arg is not None and len(arg.answers) >= 2
    assert arg.reason.nl and arg.reason.en


def _chatbot_walk(tree, art25="purpose-change"):
    steps = [("algorithm", "yes"), ("what", "gpai-system"), ("role", "deployer")]
    steps += TO_ANNEX_III + [("annex-iii", "area-5"), ("annex-iii-5", "5a"), ("profiling", "yes")]
    steps += [("art-25", art25), ("hr-public", "public-authority")]
    steps += [("hr-legacy-annex-iii", "no"), ("art-50", "none")]
    return walk(tree, steps)


def test_an_arguable_fork_produces_both_outcomes(tree):
    session = _chatbot_walk(tree)
    assert session.done and set(session.outcome().roles) == {"provider", "deployer"}
    forks = {f.question.id: f for f in arguable_forks(session)}
    assert set(forks) == {"prohibited-conduct", "profiling", "art-25"}
    art25 = forks["art-25"]
    (alt,) = art25.alternatives
    assert alt.answer.id == "no" and alt.outcome is not None
    assert alt.outcome.roles == ("deployer",)  # the other reading: deployer duties only
    assert "hr-risk-management" not in alt.outcome.obligation_ids
    # the conclusion shows both outcomes and which answer leads where
    html = outcome_html(session, "en")
    assert 'data-fork="art-25"' in html and "Depends on interpretation" in html
    assert alt.answer.text.en in html and "your answer" in html


def test_an_alternative_that_needs_an_unanswered_question_says_so(tree):
    session = _chatbot_walk(tree)
    fork = next(f for f in arguable_forks(session) if f.question.id == "profiling")
    (alt,) = fork.alternatives
    assert alt.outcome is None and alt.open_question is not None
    assert alt.open_question.id == "art-6-3"


def test_replay_rejects_a_fork_not_on_the_walk(tree):
    with pytest.raises(ValueError, match="does not pass"):
        replay(tree, START, "art-25", "no")


def test_an_arguable_answer_must_exist():
    data = {
        "version": "1",
        "name": "t",
        "questions": [
            {
                "questionId": "q",
                "question": "Q?",
                "explanation": "",
                "category": "c",
                "subcategory": "s",
                "arguable": {"reason": "open", "answers": ["a", "zz"]},
                "answers": [
                    {"answerId": "a", "answer": "A", "nextConclusionId": "c1"},
                    {"answerId": "b", "answer": "B", "nextConclusionId": "c1"},
                ],
            }
        ],
        "conclusions": [{"conclusionId": "c1", "conclusion": "C", "obligation": "O"}],
    }
    with pytest.raises(DecisionTreeError, match="no answer 'zz'"):
        parse_tree(data, "t.yaml")


@pytest.mark.parametrize("qid", TIME)
def test_time_questions_ask_for_first_placing_or_putting_into_service(tree, qid):
    q = tree.question(qid)
    assert "first" in (q.text.en or "") and "placed on the market" in (q.text.en or "")
    assert "voor het eerst" in q.text.nl
    assert "g-placing-on-the-market" in q.terms
    for a in q.answers:  # each answer states its consequence
        assert ":" in (a.text.en or "") and len(a.text.en or "") > 40, (qid, a.id)


# -- duties that fit the facts, and the first actions --------------------------------------------
def _annex_iii(tree, point, area, role="deployer", public="public-authority"):
    steps = (
        START
        + [("role", role)]
        + TO_ANNEX_III
        + [("annex-iii", area), (f"annex-iii-{area[-1]}", point)]
    )
    steps += [("profiling", "yes")]
    if role == "deployer":
        steps.append(("art-25", "no"))
    steps += [("hr-public", public), ("hr-legacy-annex-iii", "no"), ("art-50", "none")]
    return walk(tree, steps).outcome()


def _caveat(out, ob_id):
    return next(o for o in out.obligations if o.obligation_id == ob_id).caveat


def test_worker_information_applies_if_workers_are_subject(tree):
    benefits = _annex_iii(tree, "5a", "area-5")
    assert _caveat(benefits, "hr-deployer-inform-workers") is not None  # 'applies if ...'
    staff = _annex_iii(tree, "4b", "area-4")
    assert _caveat(staff, "hr-deployer-inform-workers") is None  # workers are its subject


def test_critical_infrastructure_has_no_explanation_right_and_a_caveat_on_informing(tree):
    steps = START + [("role", "deployer")] + TO_ANNEX_III + [("annex-iii", "area-2")]
    steps += [("annex-iii-2", "yes"), ("profiling", "no"), ("art-6-3", "none"), ("art-25", "no")]
    steps += [("hr-public", "public-authority"), ("hr-legacy-annex-iii", "no"), ("art-50", "none")]
    out = walk(tree, steps).outcome()
    assert "hr-explanation" not in out.obligation_ids and "hr-fria" not in out.obligation_ids
    assert _caveat(out, "hr-deployer-inform-persons") is not None


def test_fria_only_for_the_deployers_art_27_names(tree):
    assert "hr-fria" in _annex_iii(tree, "5a", "area-5").obligation_ids
    other = _annex_iii(tree, "4a", "area-4", public="other")
    assert "hr-fria" not in other.obligation_ids
    provider = _annex_iii(tree, "5a", "area-5", role="provider")
    assert "hr-fria" not in provider.obligation_ids  # a provider is no deployer ...
    assert "hr-fria" in {o.obligation_id for o in provider.others}  # ... it is the customer's


def test_transparency_says_the_duty_lies_with_the_provider(tree):
    steps = START + [("role", "deployer")] + TO_ANNEX_III + [("annex-iii", "none")]
    steps += [("art-50", "interaction")]
    session = walk(tree, steps)
    out = session.outcome()
    assert out.conclusion.id == "transparency" and out.obligation_ids == ("ai-literacy",)
    assert [o.obligation_id for o in out.others] == ["tr-interaction-disclosure"]
    html = outcome_html(session, "en")
    assert "Duties that lie with another party" in html and "duty of: provider" in html
    assert any("provider" in (a.en or "") for a in out.actions)


def test_every_end_state_opens_with_three_to_five_first_actions(tree):
    content = None
    for cid, labels in explored(tree).terminals:
        out = compute_outcome(tree, cid, labels, content)
        assert 3 <= len(out.actions) <= 5, (cid, sorted(labels), len(out.actions))


def test_the_conclusion_opens_with_what_to_do_now(tree):
    session = _chatbot_walk(tree)
    sections = [sid for sid, _html in conclusion_sections(session, "nl")]
    assert sections[0] == "actions" and sections.index("duties") > sections.index("conclusion")
    html = outcome_html(session, "nl")
    assert html.index("Wat moet je nu doen?") < html.index("Verplichtingen per startdatum")


def test_the_json_report_lists_the_arguable_forks_with_both_outcomes(tree):
    from aiact_kit.present.decision_report import ReportDetails, report_record

    rec = report_record(_chatbot_walk(tree), "en", ReportDetails(system="Chatbot"))
    fork = next(f for f in rec["conclusion"]["arguable_forks"] if f["question_id"] == "art-25")
    assert fork["answer_given"] == "purpose-change" and fork["other_conclusions"]
    assert len(fork["outcomes"]) == 2 and fork["reason"]
    duties = {d["id"]: d for d in rec["conclusion"]["duties"]}
    assert duties["hr-deployer-inform-workers"]["applies_if"]


# -- jargon links to the glossary ------------------------------------------------------------
JARGON = {
    "g-omnibus",
    "g-notified-body",
    "g-remote-biometric-identification",
    "g-deep-fake",
    "g-placing-on-the-market",
    "g-putting-into-service",
    "g-body-governed-by-public-law",
}


def test_every_jargon_term_has_a_glossary_entry_used_by_the_tree(tree):
    used = {t for q in tree.questions.values() for t in q.terms}
    used |= {t for c in tree.conclusions.values() for t in c.terms}
    assert used >= JARGON


def test_jargon_in_a_question_links_to_its_glossary_entry(tree):
    import re

    steps = START + [("role", "provider-deployer")] + TO_ANNEX_III
    steps += [("annex-iii", "area-5"), ("annex-iii-5", "5a"), ("profiling", "yes")]
    session = walk(tree, steps)
    html = question_html(session, session.current, "nl")
    links = re.findall(r'<a class="aiact-term" href="#([^"]+)">', html)
    targets = re.findall(r'<dfn id="([^"]+)">', html)
    assert links and set(links) <= set(targets)
    assert any(x.endswith("g-body-governed-by-public-law") for x in links)
    assert "Publiekrechtelijk orgaan" in html  # the term's definition is in the block


def test_two_walks_never_share_a_term_anchor(tree):
    import re

    a, b = walk(tree, START[:2]), walk(tree, START[:2])
    a.answer("yes"), b.answer("yes")
    for s in (a, b):
        s.follow([("role", "deployer"), ("exclusions", "none"), ("prohibited-conduct", "none")])
    ids_a = set(re.findall(r'id="([^"]+)"', question_html(a, a.current, "en")))
    ids_b = set(re.findall(r'id="([^"]+)"', question_html(b, b.current, "en")))
    assert ids_a and not ids_a & ids_b


def test_the_social_scoring_fork_is_open_only_for_systems_that_assess_people(tree):
    spam = START + [("role", "deployer")] + TO_ANNEX_III + [("annex-iii", "none")]
    spam += [("art-50", "none"), ("open-source", "no")]
    assert arguable_forks(walk(tree, spam)) == []  # a spam filter: no social-scoring doubt
    forks = arguable_forks(_chatbot_walk(tree))  # assesses benefit applications: open
    assert "prohibited-conduct" in {f.question.id for f in forks}
