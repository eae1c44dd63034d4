"""The validated-content cache (``aiact_kit.content.cached_content``): a cached load gives the
same items as a full validation, content changes are always validated again, kinds load lazily,
and a damaged, foreign or unusable cache only costs speed."""

from __future__ import annotations

import pickle
import shutil
from pathlib import Path

import pytest
import yaml

from aiact_kit import content as content_mod
from aiact_kit.content import (
    CACHE_ENV,
    CONTENT_DIR,
    ContentError,
    cached_content,
    content_fingerprint,
    load_content,
)
from aiact_kit.content import cache as cache_mod
from aiact_kit.content.lazy import LazyKinds
from aiact_kit.content.schema.base import RefId


@pytest.fixture
def content_dir(tmp_path):
    target = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, target)
    return target


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv(CACHE_ENV, str(folder))
    return folder


def cache_files(folder):
    return sorted(folder.glob("content-*.pickle")) if folder.exists() else []


def all_items(c):
    return {kind: dict(items) for kind, items in c.items.items()}


def test_a_cached_load_equals_a_full_validation(content_dir, cache):
    first = cached_content(content_dir)  # validates and writes the cache
    assert len(cache_files(cache)) == 1
    second = cached_content(content_dir)  # from the cache
    assert isinstance(second.items, LazyKinds)
    fresh = load_content(content_dir)
    assert list(second.items) == list(fresh.items)
    assert all_items(second) == all_items(fresh) == all_items(first)
    assert second.files == fresh.files
    assert second.stats() == fresh.stats()
    assert second.root == content_dir


def test_kinds_load_on_first_use(content_dir, cache):
    cached_content(content_dir)
    c = cached_content(content_dir)
    assert c.items.loaded() == []
    assert "questions" in c.items and len(c.items) == len(load_content(content_dir).items)
    assert c.meta.id == "law"
    assert c.items.loaded() == ["meta"]
    c.milestone_date("general-application")
    assert sorted(c.items.loaded()) == ["meta", "timeline"]


def test_cached_items_behave_like_validated_ones(content_dir, cache):
    cached_content(content_dir)
    c = cached_content(content_dir)
    fresh = load_content(content_dir)
    for kind in ("questions", "lessons", "timeline"):
        for item in c.kind(kind):
            assert item.model_dump() == fresh.get(item.id, kind).model_dump()
    q = next(q for q in c.kind("questions") if q.type == "date")
    assert isinstance(q.milestone, RefId) and q.milestone.kind == "timeline"
    with pytest.raises(Exception, match="frozen"):
        q.topic = "roles"
    # equal field sets are shared in the cache; they must stay unchanged by use
    prompts = [x.prompt for x in c.kind("questions")]
    assert all(p.model_fields_set == {"nl", "en"} for p in prompts)
    assert len({id(p.__pydantic_fields_set__) for p in prompts}) == 1


def test_a_changed_file_is_validated_again(content_dir, cache):
    cached_content(content_dir)
    key = content_fingerprint(content_dir)
    path = content_dir / "lessons.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("minutes: 10", "minutes: 11", 1),
        encoding="utf-8",
    )
    assert content_fingerprint(content_dir) != key
    c = cached_content(content_dir)
    assert any(lesson.minutes == 11 for lesson in c.kind("lessons"))
    assert len(cache_files(cache)) == 2


def test_an_invalid_change_raises_even_with_a_valid_cache(content_dir, cache):
    cached_content(content_dir)
    path = content_dir / "glossary.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["items"][0]["title_typo"] = "x"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ContentError, match="unknown field"):
        cached_content(content_dir)


def test_an_added_or_removed_file_changes_the_fingerprint(content_dir):
    key = content_fingerprint(content_dir)
    (content_dir / "penalties.yaml").rename(content_dir / "penalties.yaml.off")
    assert content_fingerprint(content_dir) != key
    (content_dir / "penalties.yaml.off").rename(content_dir / "penalties.yaml")
    assert content_fingerprint(content_dir) == key


def test_a_damaged_cache_file_is_rebuilt(content_dir, cache):
    cached_content(content_dir)
    (path,) = cache_files(cache)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])  # truncated
    c = cached_content(content_dir)
    assert all_items(c) == all_items(load_content(content_dir))
    path.write_bytes(b"not a pickle at all")
    c = cached_content(content_dir)
    assert c.meta.id == "law"
    assert len(path.read_bytes()) == len(data)  # written again


def test_a_cache_file_of_another_key_is_not_used(content_dir, cache):
    cached_content(content_dir)
    (path,) = cache_files(cache)
    with path.open("rb") as f:
        header = pickle.load(f)
        rest = f.read()
    header["key"] = "0" * 64
    path.write_bytes(pickle.dumps(header) + rest)
    c = cached_content(content_dir)
    assert all_items(c) == all_items(load_content(content_dir))


def test_cache_off_and_unusable_cache_folder(content_dir, tmp_path, monkeypatch):
    monkeypatch.setenv(CACHE_ENV, "off")
    assert content_mod.cache_dir() is None
    c = cached_content(content_dir)
    assert not isinstance(c.items, LazyKinds)
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    monkeypatch.setenv(CACHE_ENV, str(blocker / "cache"))  # cannot be created
    c = cached_content(content_dir)
    assert c.meta.id == "law"


def test_default_cache_folder_follows_xdg(monkeypatch, tmp_path):
    monkeypatch.delenv(CACHE_ENV, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert content_mod.cache_dir() == tmp_path / "xdg" / "aiact-kit"


def test_old_cache_files_are_pruned(content_dir, cache, monkeypatch):
    monkeypatch.setattr(cache_mod, "_CACHE_KEEP", 2)
    path = content_dir / "lessons.yaml"
    text = path.read_text(encoding="utf-8")
    for i in range(4):
        path.write_text(text + f"\n# version {i}\n", encoding="utf-8")
        cached_content(content_dir)
    assert len(cache_files(cache)) == 2


def test_libyaml_and_pure_python_loaders_agree_on_the_shipped_content():
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    for path in sorted(CONTENT_DIR.glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        assert yaml.load(text, Loader=loader) == yaml.safe_load(text), path.name


def test_validate_command_validates_even_when_a_cache_exists(content_dir, cache, capsys):
    from aiact_kit.commands.cli import main

    cached_content(content_dir)
    path = content_dir / "timeline.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\n  - {}\n", encoding="utf-8")
    assert main(["validate", str(content_dir)]) == 1
    assert "INVALID" in capsys.readouterr().err


def test_cached_object_builds_once_per_change_of_its_inputs(tmp_path, cache):
    data = tmp_path / "data.txt"
    data.write_text("one")
    calls = []

    def build():
        calls.append(1)
        return {"text": data.read_text(), "n": len(calls)}

    first = content_mod.cached_object("test-thing", [data], build)
    again = content_mod.cached_object("test-thing", [data], build)
    assert first == again == {"text": "one", "n": 1} and len(calls) == 1
    data.write_text("two")
    assert content_mod.cached_object("test-thing", [data], build) == {"text": "two", "n": 2}
    (path,) = [p for p in cache.glob("object-test-thing-*.pickle") if b"two" in p.read_bytes()]
    path.write_bytes(b"damaged")
    assert content_mod.cached_object("test-thing", [data], build)["n"] == 3


def test_the_decision_tree_from_the_cache_equals_the_parsed_tree(cache):
    from aiact_kit.engines import decision

    decision.default_tree.cache_clear()
    try:
        built = decision.default_tree()
        decision.default_tree.cache_clear()
        cached = decision.default_tree()
    finally:
        decision.default_tree.cache_clear()
    assert list(cache.glob("object-tree-*.pickle"))
    parsed = decision.load_tree(decision.DEFAULT_TREE, validate=False)
    assert cached == built == parsed


def test_items_load_one_by_one_and_ids_where_reads_none(content_dir, cache):
    cached_content(content_dir)
    c = cached_content(content_dir)
    fresh = load_content(content_dir)
    topic = fresh.kind("questions")[0].topic
    expected = [q.id for q in fresh.kind("questions") if q.topic == topic]
    assert c.ids_where("questions", topic=topic) == fresh.ids_where("questions", topic=topic)
    assert c.ids_where("questions", topic=topic) == expected and expected
    questions = c.items["questions"]
    assert questions.loaded() == []  # answered from the index
    assert expected[0] in questions and "no-such-id" not in questions
    assert questions.loaded() == []
    first = c.get(expected[0], "questions")
    assert questions.loaded() == [expected[0]]
    assert first == fresh.get(expected[0], "questions")
    with pytest.raises(KeyError):
        c.get("no-such-id", "questions")
    # a field that is not plain in every item (a RefId, text) falls back to reading the items
    with_milestone = [q.id for q in fresh.kind("questions") if q.type == "date"]
    milestone = fresh.get(with_milestone[0], "questions").milestone
    assert c.ids_where("questions", milestone=milestone) == [
        q.id for q in fresh.kind("questions") if q.milestone == milestone
    ]
    with pytest.raises(KeyError, match="unknown content kind"):
        c.ids_where("nonsense", topic="x")


def test_a_quiz_on_one_topic_reads_only_that_topics_questions(content_dir, cache):
    from aiact_kit.engines.quiz import QuizSession

    cached_content(content_dir)
    c = cached_content(content_dir)
    topic = load_content(content_dir).kind("questions")[0].topic
    session = QuizSession(topic, "en", content=c, seed=1)
    loaded = set(c.items["questions"].loaded())
    assert loaded and loaded == set(session.ids)
    assert len(loaded) < len(c.items["questions"])


def test_records_from_the_cache_hold_the_same_content_as_the_models(content_dir, cache):
    from aiact_kit.content.records import Record

    models = cached_content(content_dir, records=False)  # validates, writes the cache: models
    records = cached_content(content_dir, records=True)  # read back as plain records
    again = cached_content(content_dir, records=False)  # read back as models
    assert list(records.items) == list(models.items) == list(again.items)
    assert records.kind_names == again.kind_names == models.kind_names
    for kind in models.items:
        for item in models.kind(kind):
            rec = records.get(item.id, kind)
            assert isinstance(rec, Record) and type(rec).__name__ == type(item).__name__
            assert rec.model_dump() == item.model_dump()
            assert rec.model_fields_set == item.model_fields_set
            assert type(again.get(item.id, kind)) is type(item)
    assert records.stats() == models.stats()
    # the methods of the models, the same answers
    meta_r, meta_m = records.meta, models.meta
    assert meta_r.law.get("en") == meta_m.law.get("en") and meta_r.law.get() == meta_m.law.nl
    with pytest.raises(ValueError, match="unknown language"):
        meta_r.law.get("de")
    lesson = records.kind("lessons")[0]
    assert lesson.notebook.get("nl") == models.get(lesson.id, "lessons").notebook.get("nl")
    text = next(q.prompt for q in records.kind("questions") if "{date:" in q.prompt.nl)
    model_text = models.get(
        next(q.id for q in records.kind("questions") if q.prompt == text), "questions"
    ).prompt
    assert records.render(text, "nl") == models.render(model_text, "nl")
    assert "{date:" not in records.render(text, "nl")
    q = next(q for q in records.kind("questions") if getattr(q, "milestone", None))
    assert isinstance(q.milestone, RefId) and q.milestone.kind == "timeline"
    # read-only like the frozen models; equal and hashable by value
    with pytest.raises(TypeError, match="read-only"):
        meta_r.law.nl = "x"
    assert meta_r.law == records.meta.law and hash(meta_r.law) == hash(records.meta.law)
    assert pickle.loads(pickle.dumps(meta_r.law)) == meta_r.law
    with pytest.raises(KeyError, match="unknown content kind"):
        records.kind("no-such-kind")


def test_records_need_no_pydantic(content_dir, cache, tmp_path):
    import os
    import subprocess
    import sys

    cached_content(content_dir, records=False)  # warm
    code = (
        "import sys\nfrom aiact_kit.content import cached_content\n"
        f"c = cached_content({str(content_dir)!r})\n"
        "all(c.kind(k) for k in c.items)\n"
        "print(c.meta.law.get('en'), type(c.meta).__module__)\n"
        "assert 'pydantic' not in sys.modules and 'aiact_kit.content.schema' not in sys.modules\n"
    )
    src = str(Path(content_mod.__file__).parents[2])
    env = {**os.environ, CACHE_ENV: str(cache), "PYTHONPATH": src}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().endswith("aiact_kit.content.records")
