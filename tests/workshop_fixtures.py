"""Fixtures of the workshop tests: a real PostgreSQL server for the session, a database URL per
test for each backend (SQLite file, PostgreSQL schema), and isolated data folders."""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
import uuid
from pathlib import Path

import pytest
from server_process import free_port

HERE = Path(__file__).resolve().parent

# Pseudonyms and texts that must be stored and shown as they are, never interpreted.
HOSTILE = [
    "<script>alert('x')</script>",
    "<img src=x onerror=alert(1)>",
    "'; DROP TABLE answers;--",
    "Robert'); DELETE FROM participants; --",
    "&amp; &lt;b&gt;",
    "مرحبا بالعالم",  # Arabic, right to left
    "שלום",  # Hebrew
    "🦊🧑‍💻",  # emoji with a zero-width joiner
    "Zoë Ĳsselmeer",
    '"quoted" \\ backslash',
]


def _pg_bindir() -> Path | None:
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0,
    )
    return Path(found[-1]).parent if found else None


@pytest.fixture(scope="session")
def pg_server():
    """A throw-away PostgreSQL server on 127.0.0.1 (trust auth), stopped and removed at the end.

    initdb refuses to run as root, so as root the server runs as the ``postgres`` user.
    """
    bindir = _pg_bindir()
    if bindir is None:
        pytest.skip(
            "PostgreSQL binaries not found under /usr/lib/postgresql/*/bin "
            "(install Debian's postgresql: bash scripts/install-system-deps.sh)"
        )
    runner: list[str] = []
    tmp = Path(tempfile.mkdtemp(prefix="aiact-kit-pg-"))
    if os.geteuid() == 0:
        try:
            user = pwd.getpwnam("postgres")
        except KeyError:
            shutil.rmtree(tmp, ignore_errors=True)
            pytest.skip("running as root and there is no 'postgres' user to run PostgreSQL as")
        os.chown(tmp, user.pw_uid, user.pw_gid)
        runner = ["runuser", "-u", "postgres", "--"]
    data = tmp / "data"
    port = free_port()

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [*runner, *args], capture_output=True, text=True, timeout=120, cwd=tmp
        )

    started = False
    try:
        out = run(
            str(bindir / "initdb"),
            "-D",
            str(data),
            "-U",
            "postgres",
            "--auth=trust",
            "-E",
            "UTF8",
            "--locale=C",
            "--no-sync",
        )
        assert out.returncode == 0, f"initdb failed:\n{out.stdout}\n{out.stderr}"
        options = (
            f"-p {port} -k {tmp} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c max_connections=200 -c shared_buffers=32MB"
        )
        out = run(
            str(bindir / "pg_ctl"),
            "-D",
            str(data),
            "-l",
            str(tmp / "log"),
            "-o",
            options,
            "-w",
            "-t",
            "60",
            "start",
        )
        log = (tmp / "log").read_text() if (tmp / "log").exists() else ""
        assert out.returncode == 0, f"pg_ctl start failed:\n{out.stdout}\n{out.stderr}\n{log}"
        started = True
        yield {
            "host": "127.0.0.1",
            "port": port,
            "url": f"postgresql://postgres@127.0.0.1:{port}/postgres",
        }
    finally:
        if started:
            run(str(bindir / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop")
        shutil.rmtree(tmp, ignore_errors=True)


@pytest.fixture
def pg_url(pg_server):
    """A PostgreSQL URL whose search_path is a fresh schema, dropped after the test."""
    import psycopg

    schema = "t_" + uuid.uuid4().hex[:12]
    with psycopg.connect(pg_server["url"], autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    yield f"{pg_server['url']}?options=-csearch_path%3D{schema}"
    with psycopg.connect(pg_server["url"], autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture(
    params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)],
)
def db_url(request, tmp_path):
    """The same test against each backend: a SQLite file, or a real PostgreSQL server."""
    if request.param == "sqlite":
        return str(tmp_path / "results.sqlite")
    return request.getfixturevalue("pg_url")


@pytest.fixture
def store(db_url):
    from aiact_kit.engines.workshop import ResultsStore

    s = ResultsStore(db_url)
    yield s
    s.close()


@pytest.fixture(autouse=True)
def _isolated_data(tmp_path, monkeypatch):
    """Never write to the real user data folder; no session or token from the outside; answer
    subscribers a test added are removed afterwards."""
    from aiact_kit.engines import events

    monkeypatch.setenv("AIACT_KIT_DATA_DIR", str(tmp_path / "data"))
    for name in (
        "AIACT_KIT_DB",
        "AIACT_KIT_PROGRESS",
        "AIACT_KIT_SESSION",
        "AIACT_KIT_FACILITATOR_TOKEN",
        "QUERY_STRING",
    ):
        monkeypatch.delenv(name, raising=False)
    before = list(events._handlers.get("answer", []))
    _reset_backoff()
    yield
    handlers = events._handlers.get("answer", [])
    handlers[:] = [h for h in handlers if h in before]
    _reset_backoff()


def _reset_backoff() -> None:
    """Failed attempts of one test do not make the next test wait (the widgets' back-off counts
    per process, as it does per kernel)."""
    import sys

    workshop = sys.modules.get("aiact_kit.widgets.workshop.page")
    if workshop is not None:
        workshop.ATTEMPTS.reset()
