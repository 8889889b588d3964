"""Find the files to look at: git-aware, glob filters, never out of the root through a link."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pathspec

from segcodemod.languages import language_for

SKIP_DIRS = {
    ".git", "node_modules", ".venv", "venv", "__pycache__", ".tox", "dist", "build",
    "Pods", ".gradle", ".build", "DerivedData", ".mypy_cache", ".ruff_cache",
}  # fmt: skip


def discover(
    paths: list[Path],
    include: list[str] = (),
    exclude: list[str] = (),
    languages: list[str] | None = None,
) -> tuple[Path, list[str]]:
    """(root, files): every source file under `paths` in a known language, sorted."""
    root = _common_root(paths)
    found: set[str] = set()
    for path in paths:
        if path.is_file():
            found.add(str(_unlinked(path)))  # a link named on the command line is not followed
            continue
        listed = _git_files(path)
        found.update(listed if listed is not None else _walk(path))
    resolved_root = root.resolve()
    wanted, unwanted = globs(include), globs(exclude)
    real_path = _RealPaths()
    out = []
    for f in sorted(found):
        lang = language_for(f)
        if lang is None or (languages and lang not in languages):
            continue
        if wanted or unwanted:
            rel = os.path.relpath(f, resolved_root).replace(os.sep, "/")
            if (wanted and not wanted.match_file(rel)) or (unwanted and unwanted.match_file(rel)):
                continue
        real = real_path(f)
        if not real.startswith(str(resolved_root) + os.sep):
            continue  # a link out of the tree: never rewrite what lies outside
        out.append(f)
    return resolved_root, out


class _RealPaths:
    """os.path.realpath, resolving each directory once (realpath costs an lstat per component
    of every path; here a file costs one, to tell whether it is a link itself)."""

    def __init__(self) -> None:
        self.directories: dict[str, str] = {}

    def __call__(self, path: str) -> str:
        if os.path.islink(path):
            return os.path.realpath(path)
        directory, name = os.path.split(path)
        real = self.directories.get(directory)
        if real is None:
            real = self.directories[directory] = os.path.realpath(directory)
        return os.path.join(real, name)


def globs(patterns: list[str]) -> pathspec.PathSpec | None:
    """Gitignore-style patterns, relative to the root: `**/*.py` matches `a.py` too, `*.py`
    matches at any depth, `legacy/` or `legacy/*` everything below `legacy`."""
    return pathspec.GitIgnoreSpec.from_lines(patterns) if patterns else None


def _unlinked(path: Path) -> Path:
    """The path with its directories resolved but its last component kept (a link stays one)."""
    return path.absolute().parent.resolve() / path.name


def _common_root(paths: list[Path]) -> Path:
    dirs = [p.resolve() if p.is_dir() else _unlinked(p).parent for p in paths]
    return Path(os.path.commonpath([str(d) for d in dirs])) if dirs else Path.cwd()


def _git_files(directory: Path) -> list[str] | None:
    """Tracked and untracked-but-not-ignored files, or None outside a git work tree."""
    try:
        proc = subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            cwd=directory, capture_output=True, check=True,
        )  # fmt: skip
    except (OSError, subprocess.CalledProcessError):
        return None
    base = directory.resolve()
    files = [str(base / name) for name in proc.stdout.decode("utf-8").split("\0") if name]
    return [f for f in files if os.path.isfile(f) and not _skipped(Path(f).relative_to(base))]


def _skipped(rel: Path) -> bool:
    return any(part in SKIP_DIRS for part in rel.parts[:-1])


def _walk(directory: Path) -> list[str]:
    out = []
    for dirpath, dirnames, filenames in os.walk(directory):
        dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS and not d.startswith("."))
        out.extend(os.path.join(dirpath, f) for f in filenames)
    return out
