"""Lost content is never "OK" (issue 12 item 4): a content file that is missing, replaced by a
directory, cut short at an item boundary, or a symlink out of the content folder is an error
naming the file (and the lost items); a foreign file is never echoed in the errors; the cache
never keeps such a set."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from aiact_kit.commands.cli import main
from aiact_kit.content import (
    CACHE_ENV,
    CONTENT_DIR,
    ContentError,
    cached_content,
    excerpt,
    load_content,
)
from aiact_kit.content.records import TOPICS
from aiact_kit.content.schema import KINDS
from aiact_kit.content.schema.required import EXPECTED_FILES, MIN_QUESTIONS, REQUIRED_IDS, TREE_FILE


@pytest.fixture
def copy(tmp_path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, target)
    return target


def problems(directory: Path, complete: bool | None = True) -> list[str]:
    with pytest.raises(ContentError) as info:
        load_content(directory, complete=complete)
    return [str(i) for i in info.value.issues]


def validate(directory: Path, capsys) -> tuple[int, str]:
    code = main(["validate", str(directory)])
    out = capsys.readouterr()
    return code, out.out + out.err


def cut_before(path: Path, item_id: str) -> None:
    """Cut ``path`` at an item boundary: keep everything before the item ``item_id``."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    (index,) = [n for n, line in enumerate(lines) if line.strip() == f"- id: {item_id}"]
    path.write_text("".join(lines[:index]), encoding="utf-8")


# -- the table ----------------------------------------------------------------------------------
def test_expected_files_follow_from_the_kinds_and_are_shipped():
    assert set(EXPECTED_FILES.values()) == set(KINDS)
    assert {f"questions-{t}.yaml" for t in TOPICS} <= set(EXPECTED_FILES)
    assert set(MIN_QUESTIONS) == set(TOPICS)
    assert set(REQUIRED_IDS) <= set(KINDS)
    shipped = {p.name for p in CONTENT_DIR.glob("*.yaml")}
    assert shipped == set(EXPECTED_FILES)
    assert (CONTENT_DIR / TREE_FILE).is_file()


def test_shipped_content_is_complete(content):
    load_content(CONTENT_DIR, complete=True)
    for kind, groups in REQUIRED_IDS.items():
        for _description, ids in groups:
            assert set(ids) <= set(content.items[kind]), kind


# -- a file replaced by a directory, or missing -------------------------------------------------
def test_directory_in_place_of_a_file(copy, capsys):
    (copy / "roles.yaml").unlink()
    (copy / "roles.yaml").mkdir()
    # an error even for a partial set (the default for a folder other than the shipped one)
    assert problems(copy, complete=None) == ["roles.yaml: a directory, not a content file"]
    code, out = validate(copy, capsys)
    assert code == 1 and "OK" not in out
    assert "roles.yaml: a directory, not a content file" in out


def test_directory_in_place_of_the_tree_file(copy, capsys):
    (copy / TREE_FILE).unlink()
    (copy / TREE_FILE).mkdir()
    assert problems(copy) == [f"{TREE_FILE}: a directory, not a content file"]
    code, out = validate(copy, capsys)
    assert code == 1 and f"{TREE_FILE}: a directory, not a content file" in out


@pytest.mark.parametrize("name", ["transparency.yaml", "questions-literacy.yaml", "meta.yaml"])
def test_missing_file(copy, capsys, name):
    (copy / name).unlink()
    code, out = validate(copy, capsys)
    assert code == 1 and "OK" not in out
    assert f"{name}: missing file ({EXPECTED_FILES[name]})" in out


def test_missing_tree_file(copy):
    (copy / TREE_FILE).unlink()
    assert problems(copy) == [f"{TREE_FILE}: missing file (the kit's decision tree)"]


def test_file_renamed_to_the_wrong_kind(copy):
    (copy / "supervision.yaml").rename(copy / "supervision-old.yaml")
    (copy / "supervision.yaml").write_text("kind: glossary\nitems: []\n", encoding="utf-8")
    assert "supervision.yaml: field 'kind': holds kind glossary, expected supervision" in (
        problems(copy)
    )


# -- a file cut at an item boundary -------------------------------------------------------------
def test_roles_cut_short(copy, capsys):
    cut_before(copy / "roles.yaml", "role-importer")
    errs = problems(copy)
    for role in ("importer", "distributor", "operator", "product-manufacturer"):
        assert f"roles.yaml: item 'role-{role}': required item is missing (every role of " in (
            "\n".join(errs)
        )
    assert not any("role-provider'" in e or "role-deployer'" in e for e in errs)
    code, out = validate(copy, capsys)
    assert code == 1 and "roles.yaml: item 'role-importer': required item is missing" in out


def test_prohibited_cut_short(copy, capsys):
    cut_before(copy / "prohibited.yaml", "p-5-1-g")
    code, out = validate(copy, capsys)
    assert code == 1
    for point in ("g", "h"):
        assert f"prohibited.yaml: item 'p-5-1-{point}': required item is missing (every " in out
    assert "p-5-1-f'" not in out


def test_annex_iii_area_cut_off(copy, capsys):
    cut_before(copy / "high_risk.yaml", "hr-iii-8a")
    code, out = validate(copy, capsys)
    assert code == 1
    assert (
        "high_risk.yaml: item 'hr-iii-8a': required item is missing "
        "(every point of the 8 areas of Annex III)"
    ) in out
    assert "high_risk.yaml: item 'hr-6-3-a': required item is missing" in out


def test_question_file_cut_short(copy):
    cut_before(copy / "questions-gpai.yaml", "q-gpai-open-source")
    assert any(
        e.startswith("questions-gpai.yaml: 3 question(s) on topic 'gpai'") for e in problems(copy)
    )


# -- symlinks -------------------------------------------------------------------------------
def _read_paths(monkeypatch) -> list[Path]:
    """Every path whose text or bytes are read through pathlib from now on."""
    seen: list[Path] = []
    read_text, read_bytes = Path.read_text, Path.read_bytes

    def text(self, *args, **kwargs):
        seen.append(Path(self).resolve())
        return read_text(self, *args, **kwargs)

    def data(self):
        seen.append(Path(self).resolve())
        return read_bytes(self)

    monkeypatch.setattr(Path, "read_text", text)
    monkeypatch.setattr(Path, "read_bytes", data)
    return seen


def test_symlink_out_of_the_folder_is_refused_unread(copy, tmp_path, capsys, monkeypatch):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    shutil.move(copy / "roles.yaml", outside / "roles.yaml")  # valid content, but foreign
    (copy / "roles.yaml").symlink_to(outside / "roles.yaml")
    seen = _read_paths(monkeypatch)
    msg = "roles.yaml: a symbolic link to outside the content folder: not read"
    assert problems(copy, complete=None) == [msg]
    code, out = validate(copy, capsys)
    assert code == 1 and msg in out
    assert (outside / "roles.yaml").resolve() not in seen


def test_tree_symlinked_out_of_the_folder(copy, tmp_path, capsys, monkeypatch):
    outside = tmp_path / "trees-elsewhere"
    shutil.move(copy / "trees", outside)
    (copy / "trees").symlink_to(outside, target_is_directory=True)
    seen = _read_paths(monkeypatch)
    code, out = validate(copy, capsys)
    assert code == 1
    assert f"{TREE_FILE}: a symbolic link to outside the content folder: not read" in out
    assert not any(p.is_relative_to(outside.resolve()) for p in seen)


def test_symlink_inside_the_folder_is_followed(copy):
    (copy / "archive").mkdir()
    shutil.move(copy / "penalties.yaml", copy / "archive" / "penalties.yaml")
    (copy / "penalties.yaml").symlink_to(Path("archive") / "penalties.yaml")
    assert len(load_content(copy, complete=True).kind("penalties")) >= 10


# -- foreign files are not echoed ----------------------------------------------------------------
SECRET = "Zq9-hunter2-SECRET"
FOREIGN = {
    "passwd": f"root:x:0:0:root:/root:/bin/bash\n{SECRET}:x:1000:1000::/home/x:/bin/sh\n",
    "secret manifest": (
        f"apiVersion: v1\nkind: {SECRET}\nmetadata:\n  name: db\n{SECRET}-key: {SECRET}\n"
    ),
    "python tag": f"kind: roles\nitems: !!python/object/apply:os.system ['{SECRET}']\n",
    "custom tag": f"%TAG !e! tag:{SECRET},2000:\n---\n!e!x y\n",
    "env file": f"TOKEN={SECRET}\nPASSWORD={SECRET}\n",
    "huge citation": (
        "kind: roles\nitems:\n- id: role-x\n  group: role\n  title: {nl: a, en: a}\n"
        f"  text: {{nl: a, en: a}}\n  citations: ['Art 5 {'x' * 5000}{SECRET}']\n"
    ),
}


@pytest.mark.parametrize("name", sorted(FOREIGN))
def test_foreign_file_is_not_echoed(copy, capsys, name):
    (copy / "roles.yaml").write_text(FOREIGN[name], encoding="utf-8")
    code, out = validate(copy, capsys)
    assert code == 1 and "roles.yaml" in out
    assert SECRET not in out and "x" * 200 not in out
    assert max(len(line) for line in out.splitlines()) < 600


def test_terminal_escapes_in_a_file_are_escaped(copy, capsys):
    text = 'kind: roles\nitems:\n- id: "\\e]0;pwned\\a\\e[2J\\u202e"\n  colour: red\n'
    (copy / "roles.yaml").write_text(text, encoding="utf-8")
    code, out = validate(copy, capsys)
    assert code == 1
    assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out
    assert r"roles.yaml: item '\x1b]0;pwned\x07\x1b[2J\u202e'" in out


def test_excerpt():
    assert excerpt("plain") == "plain"
    assert excerpt("a\x1bb\nc") == r"a\x1bb\nc"
    assert excerpt("x" * 100, 10) == "x" * 10 + "…"
    assert len(excerpt("\x00" * 100, 10)) <= 11


# -- the cache ----------------------------------------------------------------------------------
@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv(CACHE_ENV, str(folder))
    return folder


def test_cache_keeps_no_lost_content(copy, cache):
    cut_before(copy / "roles.yaml", "role-distributor")
    with pytest.raises(ContentError, match="role-distributor"):
        cached_content(copy)
    assert not list(cache.glob("content-*.pickle")) if cache.exists() else True


def test_cached_set_is_not_served_after_a_loss(copy, cache):
    assert cached_content(copy, records=False).kind("roles")
    assert len(list(cache.glob("content-*.pickle"))) == 1
    (copy / "roles.yaml").unlink()
    (copy / "roles.yaml").mkdir()
    with pytest.raises(ContentError, match="roles.yaml: a directory"):
        cached_content(copy)
    os.rmdir(copy / "roles.yaml")
    with pytest.raises(ContentError, match=r"roles.yaml: missing file \(roles\)"):
        cached_content(copy)


def test_cache_does_not_read_a_symlink_out(copy, cache, tmp_path, monkeypatch):
    outside = tmp_path / "elsewhere.yaml"
    shutil.move(copy / "glossary.yaml", outside)
    (copy / "glossary.yaml").symlink_to(outside)
    seen = _read_paths(monkeypatch)
    with pytest.raises(ContentError, match="glossary.yaml: a symbolic link to outside"):
        cached_content(copy)
    assert outside.resolve() not in seen
