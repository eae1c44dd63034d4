"""aiact-kit workshop create / export / summary / delete."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

from aiact_kit.commands.cli import main
from aiact_kit.engines.workshop import ResultsStore

SRC = Path(__file__).resolve().parents[2] / "src"


def _create(capsys, db, title="CLI workshop", lang="nl"):
    assert main(["workshop", "create", "--title", title, "--lang", lang, "--db", db]) == 0
    out = capsys.readouterr().out.splitlines()
    code = out[0].removeprefix("code: ")
    token = out[1].removeprefix("facilitator token: ")
    return code, token


def test_create_export_summary_delete(capsys, db_url):
    code, token = _create(capsys, db_url)
    with ResultsStore(db_url) as s:
        assert s.check_token(code, token).title == "CLI workshop"
        pid = s.join(code, "<b>Anna</b>")
        s.record_answer(pid, "q1", "a", True, topic="literacy")
        s.record_answer(s.join(code, "Bob"), "q1", "b", False, topic="literacy")

    assert main(["workshop", "export", code, "--token", token, "--db", db_url]) == 0
    text = capsys.readouterr().out
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [(r["participant"], r["correct"]) for r in rows] == [("1", "1"), ("2", "0")]
    assert "Anna" not in text and "Bob" not in text

    assert main(["workshop", "summary", code, "--token", token, "--db", db_url]) == 0
    out = capsys.readouterr().out
    assert "Deelname-overzicht" in out and "art. 4 AI-verordening" in out
    assert "Deelnemers: 2" in out and "AI-geletterdheid" in out
    assert main(["workshop", "summary", code, "--token", token, "--json", "--db", db_url]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["participants"], data["topics"], data["average_score"]) == (2, ["literacy"], 0.5)

    assert main(["workshop", "delete", code, "--token", token, "--yes", "--db", db_url]) == 0
    assert capsys.readouterr().out == f"deleted session {code}: 2 answers, 2 participants\n"
    assert main(["workshop", "export", code, "--token", token, "--db", db_url]) == 2
    assert f"no session with code '{code}'" in capsys.readouterr().err


def test_wrong_or_missing_token_prints_no_data(capsys, tmp_path, monkeypatch):
    db = str(tmp_path / "r.sqlite")
    code, _token = _create(capsys, db)
    with ResultsStore(db) as s:
        s.record_answer(s.join(code, "Anna"), "q1", "secret-answer", True)
    assert main(["workshop", "export", code, "--token", "nope", "--db", db]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and "wrong facilitator token" in captured.err
    assert main(["workshop", "summary", code, "--db", db]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and "a facilitator token is required" in captured.err
    assert main(["workshop", "delete", code, "--token", "nope", "--yes", "--db", db]) == 2
    with ResultsStore(db) as s:
        assert s._q(s._conn(), "SELECT COUNT(*) FROM answers").fetchone()[0] == 1


def test_token_from_environment_and_export_to_file(capsys, tmp_path, monkeypatch):
    db = str(tmp_path / "r.sqlite")
    code, token = _create(capsys, db, lang="en")
    monkeypatch.setenv("AIACT_KIT_FACILITATOR_TOKEN", token)
    target = tmp_path / "out.csv"
    assert main(["workshop", "export", code, "-o", str(target), "--db", db]) == 0
    assert target.read_text().startswith("session,participant,question_id")
    assert main(["workshop", "summary", code, "--db", db]) == 0
    assert "Participation summary" in capsys.readouterr().out


def test_bad_input_is_a_clear_error(capsys, tmp_path):
    db = str(tmp_path / "r.sqlite")
    assert main(["workshop", "create", "--title", "  ", "--db", db]) == 2
    assert "title must not be empty" in capsys.readouterr().err
    assert main(["workshop", "export", "nonsense!", "--token", "x", "--db", db]) == 2
    assert "is not a session code" in capsys.readouterr().err
    assert main(["workshop", "create", "--title", "T", "--db", "mysql://x@y/z"]) == 2
    assert "unsupported results database" in capsys.readouterr().err


def test_cli_entry_point_uses_env_database(tmp_path):
    db = tmp_path / "env.sqlite"
    env = os.environ | {"PYTHONPATH": str(SRC), "AIACT_KIT_DB": str(db)}
    out = subprocess.run(
        [sys.executable, "-m", "aiact_kit", "workshop", "create", "--title", "Env"],
        capture_output=True,
        text=True,
        env=env,
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("code: ") and db.exists()


def test_create_with_quiz(capsys, tmp_path):
    db = str(tmp_path / "r.sqlite")
    argv = ["workshop", "create", "--title", "Q", "--quiz", "roles,timeline", "--db", db]
    assert main(argv) == 0
    code = capsys.readouterr().out.splitlines()[0].removeprefix("code: ")
    with ResultsStore(db) as s:
        assert s.session_info(code).quiz == ("roles", "timeline")
    assert main(["workshop", "create", "--title", "Q", "--quiz", "cooking", "--db", db]) == 2
    assert "unknown quiz topic or question 'cooking'" in capsys.readouterr().err


QID = "q-timeline-annex-iii-date"


def test_record_and_labelled_semicolon_export(capsys, tmp_path):
    db = str(tmp_path / "r.sqlite")
    assert (
        main(
            ["workshop", "create", "--title", "Team <AI>", "--organisation", "Gemeente X"]
            + ["--db", db]
        )
        == 0
    )
    out = capsys.readouterr().out.splitlines()
    code, token = out[0].removeprefix("code: "), out[1].removeprefix("facilitator token: ")
    with ResultsStore(db) as s:
        s.record_answer(s.join(code, "Anna"), QID, "annex-iii-high-risk", True, topic="timeline")
        s.record_answer(s.join(code, "Bob"), QID, "general-application", False, topic="timeline")
    target = tmp_path / "record.html"
    args = ["workshop", "record", code, "--token", token, "--db", db, "--output", str(target)]
    assert main(args) == 0
    html = target.read_text()
    for expected in (
        "Deelnamebewijs AI-geletterdheid",
        "Gemeente X",
        "Team &lt;AI&gt;",
        "Stand van de wet in de vragen",
        "Tijden in tijdzone Europe/Amsterdam.",
        "(UTC+01:00)",
        "Vanaf wanneer gelden de regels",  # the question's text, not its id
    ):
        assert expected in html, expected
    assert "Anna" not in html and "Bob" not in html and QID not in html
    assert "<td>40–60%</td><td>0</td>" in html and "<td>80–100%</td><td>1</td>" in html
    assert main(["workshop", "record", code, "--token", "nope", "--db", db]) == 2
    assert main(["workshop", "record", code, "--token", token, "--format", "pdf", "--db", db]) == 2
    assert "print it to PDF" in capsys.readouterr().err

    assert main(["workshop", "export", code, "--token", token, "--db", db, "--labels"]) == 0
    text = capsys.readouterr().out
    assert text.splitlines()[0].split(";")[-3:] == ["question", "answer_label", "answered_local"]
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    for r in rows:  # a date, as the learner saw it, not the milestone id
        assert re.search(r"\b20\d\d\b", r["answer_label"]) and "-" not in r["answer_label"]
    assert all(r["answered_local"].endswith("+01:00") for r in rows)
    assert all(r["question"].startswith("Vanaf wanneer") for r in rows)
