"""The learner's record kept in the browser (issue 15): answers, lesson status, the last page
and the final-test result; a broken or hostile record never breaks a page."""

from __future__ import annotations

import json

import pytest

from aiact_kit.engines.browser_progress import (
    MAX_ANSWERS,
    LearnerRecord,
    merge,
    parse_record,
)

ANSWER = {
    "question_id": "q-scope-military",
    "answer": True,
    "correct": True,
    "score": 1.0,
    "attempt": 1,
    "topic": "scope",
    "quiz_id": "scope",
}


def test_round_trip_keeps_answers_status_last_page_and_final():
    r = LearnerRecord()
    r.open_page("lesson-scope-roles", "nl/02-reikwijdte-en-rollen.ipynb", at="2026-12-01T10:00")
    r.add_answer(ANSWER, at="2026-12-01T10:05")
    r.open_page("lesson-prohibited", "nl/03-verboden-praktijken.ipynb")
    r.finish_lesson("lesson-scope-roles")
    r.set_final({"correct": 22, "total": 30, "pass_mark": 0.7, "topics": {"scope": [3, 3]}})
    back = parse_record(r.to_json())
    assert back.answers_for("scope")[0]["answer"] is True
    assert back.status("lesson-scope-roles") == "done"
    assert back.status("lesson-prohibited") == "in_progress"
    assert back.status("lesson-gpai") == "not_started"
    assert back.last_page == {"id": "lesson-prohibited", "path": "nl/03-verboden-praktijken.ipynb"}
    assert back.final["passed"] is True and back.final["topics"] == {"scope": [3, 3]}


def test_final_result_below_the_pass_mark_is_not_passed():
    r = LearnerRecord()
    r.set_final({"correct": 20, "total": 30, "pass_mark": 0.7, "topics": {}})
    assert parse_record(r.to_json()).final["passed"] is False


@pytest.mark.parametrize(
    "raw",
    [None, "", "not json", "[]", '{"version": 99}', '{"version": 1, "answers": "x"}', "[" * 5000],
)
def test_broken_or_foreign_records_give_an_empty_record(raw):
    assert parse_record(raw).empty


def test_bad_entries_are_left_out_and_good_ones_kept():
    good = dict(ANSWER, answered_at="2026-12-01")
    data = {
        "version": 1,
        "answers": [good, dict(good, score=7), dict(good, attempt="1"), {"x": 1}, 5],
        "lessons": {"lesson-gpai": {"started": "2026-12-01"}, "bad": "x", "x" * 500: {}},
        "last_page": {"id": 3},
        "final": {"correct": 40, "total": 30, "pass_mark": 0.7, "topics": {}, "date": "d"},
    }
    r = parse_record(json.dumps(data))
    assert r.answers == [good]
    assert list(r.lessons) == ["lesson-gpai"]
    assert r.last_page == {} and r.final is None


def test_a_bad_answer_event_is_refused():
    with pytest.raises(ValueError, match="not a valid answer"):
        LearnerRecord().add_answer(dict(ANSWER, score="all"))


def test_the_record_keeps_at_most_max_answers():
    r = LearnerRecord()
    for i in range(MAX_ANSWERS + 5):
        r.add_answer(dict(ANSWER, question_id=f"q{i}"))
    assert len(r.answers) == MAX_ANSWERS and r.answers[-1]["question_id"] == f"q{MAX_ANSWERS + 4}"


def test_merge_keeps_the_stored_record_and_adds_this_page():
    stored = LearnerRecord()
    stored.open_page("lesson-gpai", "nl/06.ipynb", at="2026-11-30")
    stored.finish_lesson("lesson-gpai", at="2026-11-30")
    stored.add_answer(ANSWER, at="2026-11-30")
    fresh = LearnerRecord()
    fresh.open_page("lesson-gpai", "nl/06.ipynb", at="2026-12-01")
    fresh.add_answer(dict(ANSWER, attempt=2), at="2026-12-01")
    out = merge(stored, fresh)
    assert [a["attempt"] for a in out.answers] == [1, 2]
    assert out.lessons["lesson-gpai"] == {"started": "2026-11-30", "done": "2026-11-30"}
    assert out.last_page["id"] == "lesson-gpai"
