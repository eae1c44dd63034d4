"""Property: whatever happens to valid content, the loader returns content or raises
ContentError -- never any other exception.

Every example validates the whole content set (about a second), so the suite runs a modest
number of examples; set ``AIACT_FUZZ_EXAMPLES`` (e.g. 500) for a long run."""

from __future__ import annotations

import copy
import os
import random
import shutil
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aiact_kit.content import CONTENT_DIR, ContentError, load_content

DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
EXAMPLES = int(os.environ.get("AIACT_FUZZ_EXAMPLES", "20"))
SOURCE = {p.name: yaml.safe_load(p.read_text(encoding="utf-8")) for p in CONTENT_DIR.glob("*.yaml")}

JUNK = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True),
    st.text(max_size=30),
    st.lists(st.text(max_size=5), max_size=3),
    st.dictionaries(st.text(max_size=5), st.text(max_size=5), max_size=3),
    st.sampled_from(["Art. 5", "Art 5", "2026-13-45", "{date:nope}", "2 Aug 2026", "", "law"]),
)


def _paths(node, prefix=()):
    yield prefix
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _paths(v, (*prefix, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _paths(v, (*prefix, i))


def _mutate(data, path, op, junk):
    if not path:
        return junk if op == "replace" else data
    parent = data
    for part in path[:-1]:
        parent = parent[part]
    key = path[-1]
    if op == "delete":
        del parent[key]
    elif op == "replace":
        parent[key] = junk
    elif op == "duplicate" and isinstance(parent, list):
        parent.append(copy.deepcopy(parent[key]))
    elif op == "rename" and isinstance(parent, dict):
        parent[f"{key}x"] = parent.pop(key)
    return data


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, 2**32 - 1),
    ops=st.lists(
        st.tuples(st.sampled_from(["delete", "replace", "duplicate", "rename"]), JUNK),
        min_size=1,
        max_size=4,
    ),
)
def test_mutated_content_loads_or_raises_content_error(seed, ops):
    rng = random.Random(seed)
    files = copy.deepcopy(SOURCE)
    for op, junk in ops:
        name = rng.choice(sorted(files))
        paths = list(_paths(files[name]))
        path = rng.choice(paths)
        files[name] = _mutate(files[name], path, op, junk)
    tmp = Path(tempfile.mkdtemp())
    try:
        for name, data in files.items():
            (tmp / name).write_text(
                yaml.dump(data, Dumper=DUMPER, allow_unicode=True), encoding="utf-8"
            )
        try:
            load_content(tmp)
        except ContentError as err:
            assert err.issues, "ContentError without issues"
            for issue in err.issues:
                assert issue.file and issue.message
    finally:
        shutil.rmtree(tmp)


@settings(max_examples=EXAMPLES, deadline=None)
@given(st.binary(max_size=200))
def test_arbitrary_bytes_in_a_file(raw):
    tmp = Path(tempfile.mkdtemp())
    try:
        shutil.copytree(CONTENT_DIR, tmp, dirs_exist_ok=True)
        (tmp / "glossary-fuzz.yaml").write_bytes(raw)
        try:
            load_content(tmp)
        except ContentError as err:
            assert any(i.file == "glossary-fuzz.yaml" for i in err.issues)
    finally:
        shutil.rmtree(tmp)
