"""The final test's question selection (lesson 10) and content rendering used by lessons 6-10."""

from __future__ import annotations

from collections import Counter

import pytest

from aiact_kit.engines.final_test import final_test_ids
from aiact_kit.engines.quiz import QuizError, QuizSession, quiz_topics
from aiact_kit.present.render import items_html


def test_every_topic_with_questions_is_in_the_final_test(content):
    ids = final_test_ids(per_topic=3)
    topics = Counter(content.get(i, "questions").topic for i in ids)
    available = quiz_topics(content)
    assert set(topics) == set(available)
    for topic, n in available.items():
        assert topics[topic] == min(3, n)
    assert len(ids) == len(set(ids))


def test_selection_is_spread_over_the_topic_and_deterministic(content):
    ids = final_test_ids(per_topic=2)
    assert ids == final_test_ids(per_topic=2)
    for topic in quiz_topics(content):
        bank = [q.id for q in content.kind("questions") if q.topic == topic]
        chosen = [i for i in ids if i in bank]
        if len(bank) >= 4:
            # not simply the first questions of the topic
            assert chosen != bank[: len(chosen)], topic


def test_listed_topics_and_large_per_topic(content):
    ids = final_test_ids(per_topic=1000, topics=["gpai", "literacy"])
    expected = [q.id for q in content.kind("questions") if q.topic in ("gpai", "literacy")]
    assert sorted(ids) == sorted(expected)
    assert final_test_ids(per_topic=1, topics=["roles"]) == [
        i for i in final_test_ids(per_topic=1) if content.get(i, "questions").topic == "roles"
    ]


def test_the_selection_makes_a_quiz_session():
    session = QuizSession(final_test_ids(), "en", seed=1, quiz_id="final-test")
    assert len(session) == len(final_test_ids())


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"per_topic": 0}, "at least 1"),
        ({"per_topic": True}, "at least 1"),
        ({"per_topic": "3"}, "at least 1"),
        ({"topics": ["gpai", "astrology"]}, "unknown topic 'astrology'"),
    ],
)
def test_bad_settings_name_the_problem(kwargs, message):
    with pytest.raises(QuizError, match=message):
        final_test_ids(**kwargs)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_roles_without_a_term_render_in_both_languages(content, lang):
    # lesson 6 shows the Art 25 items, which have a title but no glossary term
    html = items_html(
        "roles", ["role-becomes-provider-purpose", "role-note-art-25-only-high-risk"], lang
    )
    item = content.get("role-becomes-provider-purpose", "roles")
    assert item.term is None
    assert content.render(item.title, lang).split("'")[0] in html
    # a role with a term still shows the English term next to the Dutch one
    provider = items_html("roles", ["role-provider"], "nl")
    assert '<span lang="en">(provider)</span>' in provider
