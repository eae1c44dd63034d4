"""What a complete content set holds: every expected file, and the items it may not lose.

A content file that is lost, replaced by a directory, or cut short at an item boundary is still
valid YAML, so the schema alone cannot tell. ``aiact-kit validate`` and the validated-content
cache (``load_content(..., complete=True)``) therefore also check this table:

- :data:`EXPECTED_FILES` -- follows from the schema's kinds: ``<kind>.yaml`` for every kind,
  except ``questions``, which has one ``questions-<topic>.yaml`` per quiz topic; plus the
  kit's decision tree :data:`TREE_FILE`. Each must be a regular file inside the content folder
  (a symlink is followed only when it stays inside the folder).
- :data:`REQUIRED_IDS` -- per kind, the items that may not be missing: the lists the law fixes
  (every Art 5(1) practice, every Annex III point, every role, ...) and the items the code and
  notebooks rely on (every lesson and tool page, every timeline milestone). A missing one is
  named: ``roles.yaml: item 'role-importer': required item is missing (every role ...)``.
- :data:`MIN_ITEMS` and :data:`MIN_QUESTIONS` -- for kinds without a fixed list (glossary,
  obligations, cases) and per quiz topic: the least number of items.

Adding content never needs a change here. Removing an item listed here, or going below a
minimum, does: that is the point.
"""

from __future__ import annotations

from aiact_kit.content.records import TOPICS
from aiact_kit.content.schema import KINDS

#: The kit's own decision tree, relative to the content folder.
TREE_FILE = "trees/aiact-kit.yaml"


def _expected_files() -> dict[str, str]:
    files = {f"{kind}.yaml": kind for kind in KINDS if kind != "questions"}
    files.update({f"questions-{topic}.yaml": "questions" for topic in TOPICS})
    return dict(sorted(files.items()))


#: file name -> the kind it holds.
EXPECTED_FILES: dict[str, str] = _expected_files()


def _ids(*groups: str) -> tuple[str, ...]:
    return tuple(i for group in groups for i in group.split())


#: kind -> (what the list is, the ids it must hold).
REQUIRED_IDS: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    "meta": (("the law's metadata", ("law",)),),
    "roles": (
        (
            "every role of Art 3(3)-(8), (68)",
            _ids(
                "role-provider role-deployer role-authorised-representative role-importer",
                "role-distributor role-operator role-product-manufacturer",
                "role-downstream-provider",
            ),
        ),
        (
            "every case of Art 25(1) in which another party becomes the provider",
            _ids(
                "role-becomes-provider-name role-becomes-provider-modification",
                "role-becomes-provider-purpose role-becomes-provider-initial-provider",
                "role-becomes-provider-product-manufacturer",
                "role-becomes-provider-written-agreement",
            ),
        ),
    ),
    "prohibited": (
        (
            "every prohibited practice of Art 5(1) (a)-(h), (ba), (bb)",
            _ids(
                "p-5-1-a p-5-1-b p-5-1-ba p-5-1-bb p-5-1-c p-5-1-d p-5-1-e p-5-1-f",
                "p-5-1-g p-5-1-h",
            ),
        ),
    ),
    "high_risk": (
        (
            "the classification rules of Art 6",
            _ids(
                "hr-6-1-two-conditions hr-6-2-annex-iii hr-6-3-derogation",
                "hr-6-3-a hr-6-3-b hr-6-3-c hr-6-3-d hr-6-3-profiling",
            ),
        ),
        (
            "every point of Annex I",
            _ids(
                "hr-annex-i-machinery-moved hr-i-a-2 hr-i-a-3 hr-i-a-4 hr-i-a-5 hr-i-a-6",
                "hr-i-a-7 hr-i-a-8 hr-i-a-9 hr-i-a-10 hr-i-a-11 hr-i-a-12",
                "hr-i-b-13 hr-i-b-14 hr-i-b-15 hr-i-b-16 hr-i-b-17 hr-i-b-18 hr-i-b-19",
                "hr-i-b-20 hr-i-b-21",
            ),
        ),
        (
            "every point of the 8 areas of Annex III",
            _ids(
                "hr-iii-1a hr-iii-1b hr-iii-1c hr-iii-2",
                "hr-iii-3a hr-iii-3b hr-iii-3c hr-iii-3d hr-iii-4a hr-iii-4b",
                "hr-iii-5a hr-iii-5b hr-iii-5c hr-iii-5d",
                "hr-iii-6a hr-iii-6b hr-iii-6c hr-iii-6d hr-iii-6e",
                "hr-iii-7a hr-iii-7b hr-iii-7c hr-iii-7d hr-iii-8a hr-iii-8b",
            ),
        ),
    ),
    "transparency": (
        (
            "every duty of Art 50(1)-(4)",
            _ids("t-50-1 t-50-2 t-50-3 t-50-4-deep-fakes t-50-4-public-interest-text"),
        ),
    ),
    "gpai": (
        (
            "the duties of Art 52-55",
            _ids(
                "g-53-1-a g-53-1-b g-53-1-c g-53-1-d g-54-authorised-representative",
                "g-52-notification g-55-1-a g-55-1-b g-55-1-c g-55-1-d",
            ),
        ),
    ),
    "definitions": (
        (
            "the AI system of Art 3(1) with its seven elements, and the GPAI definitions",
            _ids(
                "def-ai-system def-element-machine-based def-element-autonomy",
                "def-element-adaptiveness def-element-objectives def-element-inference",
                "def-element-outputs def-element-influence",
                "def-gpai-model def-gpai-system def-systemic-risk",
            ),
        ),
    ),
    "scope": (
        (
            "who is covered (Art 2(1)) and every exclusion (Art 2(3)-(12))",
            _ids(
                "scope-covered-providers scope-covered-deployers scope-covered-output-in-eu",
                "scope-covered-importers-distributors scope-covered-product-manufacturers",
                "scope-covered-authorised-representatives scope-covered-affected-persons",
                "scope-exclusion-military scope-exclusion-international-cooperation",
                "scope-exclusion-scientific-research scope-exclusion-pre-market-testing",
                "scope-exclusion-personal-use scope-exclusion-open-source",
            ),
        ),
    ),
    "penalties": (
        (
            "the penalties of Art 99-101",
            _ids(
                "pen-art-99-1-national-rules pen-art-99-3-prohibited pen-art-99-4-obligations",
                "pen-art-99-5-incorrect-information pen-art-99-6-sme pen-art-99-6a-smc",
                "pen-art-99-8-public-authorities pen-art-100-prohibited pen-art-100-other",
                "pen-art-101-gpai",
            ),
        ),
    ),
    "supervision": (
        (
            "the EU bodies and the national authorities",
            _ids(
                "sup-ai-office sup-ai-board sup-advisory-forum sup-scientific-panel",
                "sup-art-70-national-authorities",
            ),
        ),
    ),
    "timeline": (
        (
            "every milestone (the content, the timeline engine and the notebooks refer to them)",
            _ids(
                "publication entry-into-force chapters-i-ii gpai-governance",
                "omnibus-adoption omnibus-publication omnibus-entry-into-force",
                "general-application new-prohibitions generative-legacy sandboxes",
                "gpai-legacy annex-x-cutoff delegated-acts-annex-i annex-iii-high-risk",
                "annex-i-high-risk public-legacy annex-x-deadline",
            ),
        ),
    ),
    "nl_practice": (
        (
            "the Dutch practice lessons 11 and 12 and the checklist worksheet build on",
            _ids(
                "nlp-gdpr-22 nlp-gdpr-22-uavg-40 nlp-gdpr-profiling nlp-gdpr-dpia",
                "nlp-bridge-2-7 nlp-bridge-26-9 nlp-bridge-27-4 nlp-bridge-86-3 nlp-bridge-4a",
                "nlp-iama nlp-algoritmekader nlp-register nlp-register-vs-eu-database",
                "nlp-fria nlp-awb-care nlp-awb-reasons",
                "nlp-buy-registration nlp-buy-ce-marking nlp-buy-declaration",
                "nlp-buy-instructions nlp-buy-contract-clauses nlp-buy-25-4",
                "nlp-buy-becomes-provider",
                "nlp-oversight-14 nlp-oversight-26-2 nlp-rights-26-11 nlp-rights-86",
                "nlp-rights-85 nlp-oversight-incidents",
            ),
        ),
    ),
    "lessons": (
        (
            "every lesson and tool page of the course (the notebooks exist for them)",
            _ids(
                "lesson-welcome lesson-ai-system lesson-scope-roles lesson-prohibited",
                "lesson-high-risk lesson-transparency lesson-gpai lesson-timeline",
                "lesson-obligations lesson-supervision lesson-final-test",
                "lesson-nl-practice lesson-procurement-rights",
                "tool-decision-aid tool-timeline tool-final-test tool-workshop-join",
                "tool-workshop-facilitator tool-workshop-screen",
            ),
        ),
    ),
}

#: kind -> the least number of items, for kinds without a fixed list (the decision tree's
#: references into the obligations catalogue are checked by the tree check as well).
MIN_ITEMS: dict[str, int] = {"glossary": 50, "obligations": 45, "cases": 20}

#: quiz topic -> the least number of questions (the final test draws from every topic).
MIN_QUESTIONS: dict[str, int] = {
    "definition": 10,
    "scope": 10,
    "roles": 10,
    "prohibited": 14,
    "high-risk": 16,
    "transparency": 10,
    "gpai": 10,
    "timeline": 12,
    "penalties-supervision": 8,
    "literacy": 10,
    "nl-practice": 12,
    "procurement-rights": 12,
}

__all__ = ["TREE_FILE", "EXPECTED_FILES", "REQUIRED_IDS", "MIN_ITEMS", "MIN_QUESTIONS"]
