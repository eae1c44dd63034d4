"""Resuming a quiz from the local progress file (JupyterLab, Notebook 7): the same selection
until "start again", earlier answers shown with their result and in the controls, "you finished
this lesson on ..." and the overview per lesson."""

from __future__ import annotations

import re

import pytest
from quiz_bank import load_bank

from aiact_kit.engines import progress
from aiact_kit.present.progress_view import overview_html
from aiact_kit.widgets.quiz import quiz


@pytest.fixture(scope="module")
def bank(tmp_path_factory):
    return load_bank(tmp_path_factory.mktemp("bank"))


@pytest.fixture
def kept(tmp_path, monkeypatch):
    monkeypatch.setenv("AIACT_KIT_PROGRESS", str(tmp_path / "progress.sqlite"))
    progress.ensure_tracking()
    progress.set_page("lesson-ai-system")
    yield progress.default_progress()
    progress.set_page("")
    progress.stop_tracking()


def seen(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def answer(w, value) -> None:
    w.controls.value = value
    w.check_button.click()


def to(w, qid: str) -> None:
    w.index = w.session.ids.index(qid)
    w._show_question()


def test_a_reopened_quiz_keeps_its_selection(bank, kept):
    many = ["t-single", "t-tf", "t-multiple", "t-match", "t-order", "t-date"]
    asked = [quiz(many, "nl", content=bank, limit=3).session.ids for _ in range(3)]
    assert asked[0] == asked[1] == asked[2] and len(asked[0]) == 3
    elsewhere = quiz(many, "nl", content=bank, limit=3, quiz_id="other")
    assert kept.quiz_record("lesson-ai-system|other").question_ids == tuple(elsewhere.session.ids)


def test_a_reopened_quiz_shows_the_earlier_answers_and_results(bank, kept):
    first = quiz(["t-single", "t-tf"], "nl", content=bank)
    to(first, "t-single")
    answer(first, "b")  # one wrong try of two: not finished
    to(first, "t-tf")
    answer(first, "false")  # right
    assert first.check_button.disabled

    # the kernel restarts: a new widget from the same call
    again = quiz(["t-single", "t-tf"], "nl", content=bank)
    assert again.session.ids == first.session.ids  # the same order
    assert again.progress.value == 2 and again.progress_label.value == "2 van 2 beantwoord"
    assert "Je hebt 2 van deze 2 vragen eerder beantwoord" in seen(again.status.value)
    to(again, "t-tf")
    assert "Eerder beantwoord op" in seen(again.feedback.value)
    assert "✔ Goed" in seen(again.feedback.value)
    assert again.controls.value == "false" and again.check_button.disabled
    to(again, "t-single")
    assert "✘ Niet goed" in seen(again.feedback.value)
    assert again.controls.value == "b"
    assert not again.check_button.disabled  # one try left, as before the restart
    assert kept.question("t-single").attempts == 1  # restoring recorded nothing
    answer(again, "a")
    assert kept.question("t-single").attempts == 2 and kept.question("t-single").last_correct


def test_finishing_every_question_shows_the_date_and_start_again_picks_anew(bank, kept):
    w = quiz(["t-single", "t-tf"], "en", content=bank, shuffle=False)
    assert "finished this lesson" not in seen(w.status.value)
    answer(w, "a")
    w.next_button.click()
    answer(w, "false")
    assert "You finished this lesson on" in seen(w.status.value)
    table = seen(overview_html(kept, "en"))
    assert "Lesson 1: What is an AI system? 2 of 2 2 of 2 finished on" in table
    assert "Lesson 2: Scope and roles not started yet" in table

    w.next_button.click()  # the summary
    w.restart_button.click()  # new questions: the earlier answers no longer count
    assert w.progress.value == 0 and "before" not in seen(w.status.value)
    again = quiz(["t-single", "t-tf"], "en", content=bank, shuffle=False)
    assert again.progress.value == 0 and not again.check_button.disabled
    assert "2 of 2 0 of 2 in progress" not in seen(overview_html(kept, "en"))
    assert "0 of 2 0 of 2 not started yet" in seen(overview_html(kept, "en"))


def test_without_a_progress_file_nothing_is_resumed(bank, monkeypatch):
    monkeypatch.setenv("AIACT_KIT_PROGRESS", "off")
    w = quiz(["t-single"], "nl", content=bank)
    assert w.status.value == ""
    assert "niet bewaard" in seen(overview_html(None, "nl"))


def test_a_broken_progress_file_never_breaks_the_quiz(bank, tmp_path, monkeypatch):
    bad = tmp_path / "progress.sqlite"
    bad.write_bytes(b"this is not a database" * 100)
    monkeypatch.setenv("AIACT_KIT_PROGRESS", str(bad))
    w = quiz(["t-single"], "nl", content=bank)
    assert w.progress.value == 0 and w.status.value == ""
