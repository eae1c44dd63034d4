"""Reading the content folder safely: which files may be read, and their YAML.

Files are read only inside the content folder (a symlink leading out of it is refused unread,
as is a directory or a device where a file should be), at most :data:`~aiact_kit.content.
yamlsafe.MAX_BYTES` characters, and errors quote a file's own text only as short, escaped
excerpts. PyYAML is imported only here, and only to validate: a kernel that takes its content
from the validated cache never needs it.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from aiact_kit.content.model import Issue, excerpt

CONTENT_DIR = Path(__file__).parent / "data"  # the shipped content files (the law as data)
TREES_DIR = CONTENT_DIR / "trees"  # the shipped decision trees


def yaml_loader() -> Any:
    """libyaml's safe loader when PyYAML was built with it (about 10x faster), else the pure
    one. PyYAML is imported only to validate: a kernel that takes its content from the
    validated cache never needs it."""
    import yaml

    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(path: Path, issues: list[Issue]) -> Any:
    """The YAML data of ``path``, or None with an issue added to ``issues`` when the file cannot
    be read safely (too large, not UTF-8, unreadable, invalid or unsupported YAML)."""
    import yaml  # only needed when validating (a cached content set needs no YAML)

    from aiact_kit.content.yamlsafe import MAX_BYTES, YamlLimitError, load_yaml

    try:
        if path.stat().st_size > 4 * MAX_BYTES:  # utf-8: at most 4 bytes a character
            raise YamlLimitError(f"file too large (at most {MAX_BYTES} characters)")
        text = path.read_text(encoding="utf-8")
        return load_yaml(text)
    except UnicodeDecodeError as exc:
        issues.append(Issue(path.name, None, None, f"not UTF-8 text (byte {exc.start})"))
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        issues.append(Issue(path.name, None, None, f"cannot read file: {reason}"))
    except YamlLimitError as exc:
        issues.append(Issue(path.name, None, None, f"cannot read YAML safely: {exc}"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        if isinstance(exc, yaml.constructor.ConstructorError):
            problem = "unsupported tag or value (only plain YAML is read)"
        else:  # the scanner's and parser's messages quote at most a token of the file
            problem = excerpt(getattr(exc, "problem", None) or "syntax error", 80)
        issues.append(Issue(path.name, None, None, f"invalid YAML{where}: {problem}"))
    return None


def _outside(path: Path, root_real: Path) -> bool:
    """Whether ``path`` (a symlink, or inside one) resolves outside the folder ``root_real``."""
    try:
        path.resolve().relative_to(root_real)
    except ValueError:
        return True
    except (OSError, RuntimeError):  # a symlink loop
        return True
    return False


def _entry_problem(entry: os.DirEntry[str], root_real: Path, linked: bool) -> str | None:
    """Why the content file (or tree file) ``entry`` may not be read, or None. ``linked``: it
    is a symlink or lies in a symlinked folder, followed only when it stays inside the content
    folder. Nothing is opened here."""
    if linked and _outside(Path(entry.path), root_real):
        return "a symbolic link to outside the content folder: not read"
    if entry.is_dir():
        return "a directory, not a content file"
    if not entry.is_file():
        return "a broken symbolic link" if not os.path.exists(entry.path) else "not a regular file"
    return None


def folder_files(root: Path) -> tuple[list[Path], list[Path], list[Issue]]:
    """The content files (``*.yaml``) and tree files (``trees/*.yaml``) of ``root`` that may
    be read, and an issue for every entry that may not (a directory, a device, a symlink out of
    the folder)."""
    root_real = root.resolve()
    issues: list[Issue] = []
    found: tuple[list[Path], list[Path]] = ([], [])
    for where, folder in enumerate((root, root / "trees")):
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:  # no trees folder (a complete set reports the missing tree file)
            continue
        folder_linked = where == 1 and folder.is_symlink()
        for entry in entries:
            if not entry.name.endswith(".yaml"):
                continue
            name = entry.name if where == 0 else f"trees/{entry.name}"
            problem = _entry_problem(entry, root_real, folder_linked or entry.is_symlink())
            if problem:
                issues.append(Issue(name, None, None, problem))
            else:
                found[where].append(folder / entry.name)
    return found[0], found[1], issues


__all__ = ["CONTENT_DIR", "TREES_DIR", "folder_files", "read_yaml", "yaml_loader"]
