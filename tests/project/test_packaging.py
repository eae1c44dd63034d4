"""pyproject.toml and environment.yml pin the same packages at the same versions."""

from __future__ import annotations

import re
import tomllib

import yaml
from kitroot import ROOT


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", re.sub(r"\[.*\]", "", name)).lower()


def pyproject_pins() -> dict[str, str]:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text())
    reqs = list(data["project"]["dependencies"])
    for extra in data["project"]["optional-dependencies"].values():
        reqs += extra
    pins = {}
    for req in reqs:
        name, sep, version = req.partition("==")
        assert sep, f"pyproject.toml: {req!r} is not pinned with =="
        pins[_norm(name)] = version
    return pins


def environment_pins() -> dict[str, str]:
    data = yaml.safe_load((ROOT / "environment.yml").read_text())
    pins = {}
    for dep in data["dependencies"]:
        if isinstance(dep, dict):
            for req in dep.get("pip", []):
                if req.startswith("-e"):
                    continue
                name, _, version = req.partition("==")
                pins[_norm(name)] = version
            continue
        name, _, version = dep.partition("=")
        if _norm(name) in {"python", "pip"}:
            continue
        pins[_norm(name)] = version
    return pins


def test_pyproject_and_environment_agree():
    assert pyproject_pins() == environment_pins()


def test_ipykernel_is_pinned():
    assert "ipykernel" in pyproject_pins()
