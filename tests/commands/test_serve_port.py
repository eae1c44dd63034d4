"""``aiact-kit serve --port``: a port outside 1..65535 is refused with a usage error (exit 2,
no traceback) before anything starts; a valid port is announced and passed to Voila as is."""

from __future__ import annotations

import subprocess
import sys

import pytest

from aiact_kit.commands.cli import main


@pytest.mark.parametrize("port", ["99999", "65536", "-1", "0", "abc", "", "80.5"])
def test_bad_port_is_a_usage_error(port, capsys):
    with pytest.raises(SystemExit) as exc:
        main(["serve", "--dry-run", "--port", port])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert "argument --port" in err and "1 to 65535" in err
    assert "Traceback" not in err


@pytest.mark.parametrize("port", ["1", "8866", "65535"])
def test_good_port_reaches_voila(port, capsys):
    assert main(["serve", "--dry-run", "--port", port]) == 0
    assert f"--port={port}" in capsys.readouterr().out.split()


def test_bad_port_from_the_command_line_starts_nothing():
    for args in (["--port", "99999"], ["--port", "-1"], ["--port=-1"]):
        proc = subprocess.run(
            [sys.executable, "-m", "aiact_kit", "serve", *args],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert proc.returncode == 2, proc.stderr
        assert "Traceback" not in proc.stderr
        assert "is not a port number (1 to 65535)" in proc.stderr
        assert "http://" not in proc.stdout  # no address announced
