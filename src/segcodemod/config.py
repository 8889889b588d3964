"""Configuration: `[tool.segcodemod]` in pyproject.toml or a segcodemod.toml, then flags."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from segcodemod.languages import LANGUAGE_FAMILIES, LANGUAGES
from segcodemod.rules.yamlsource import RuleError

TARGETS = ("amplitude", "mparticle")
KEYS = {
    "target", "rules", "include", "exclude", "settings", "jobs", "languages", "format_with",
    "events", "properties",
}  # fmt: skip
RENAME_TABLES = ("events", "properties")  # old name -> new name, applied at every call site


@dataclass
class Config:
    target: str | None = None
    rules: list[str] = field(default_factory=list)
    include: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    settings: dict[str, Any] = field(default_factory=dict)
    jobs: int = 0
    languages: list[str] = field(default_factory=list)
    format_with: str = ""  # the project's formatter, run on rewritten files (formatter.py)
    events: dict[str, str] = field(default_factory=dict)  # event renames (literal names)
    properties: dict[str, str] = field(default_factory=dict)  # property / trait key renames
    source: str | None = None


def find_config(start: Path) -> Config:
    """The nearest config file at or above `start` (stopping at a .git folder)."""
    directory = start if start.is_dir() else start.parent
    for d in [directory, *directory.parents]:
        for name in ("segcodemod.toml", "pyproject.toml"):
            candidate = d / name
            if candidate.is_file():
                table = _table(candidate)
                if table is not None:
                    return _parse(table, candidate)
        if (d / ".git").exists():
            break
    return Config()


def _table(path: Path) -> dict | None:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        at = re.search(r"\(at line (\d+)", message)
        raise RuleError(str(path), int(at.group(1)) if at else 1, "toml", message) from exc
    if path.name == "segcodemod.toml":
        return data.get("tool", {}).get("segcodemod", data)
    return data.get("tool", {}).get("segcodemod")


def _parse(table: dict, path: Path) -> Config:
    where = f"{path.name} [tool.segcodemod]"
    for key in table:
        if key not in KEYS:
            raise RuleError(str(path), _line_of(path, key), key, f"unknown key in {where}")
    cfg = Config(source=str(path))
    cfg.target = table.get("target")
    if cfg.target is not None and cfg.target not in TARGETS:
        raise RuleError(
            str(path), _line_of(path, "target"), "target", f"must be one of {', '.join(TARGETS)}"
        )
    for key in ("rules", "include", "exclude", "languages"):
        value = table.get(key, [])
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise RuleError(str(path), _line_of(path, key), key, "must be a list of strings")
        setattr(cfg, key, value)
    cfg.rules = [str((path.parent / r).resolve()) for r in cfg.rules]
    settings = table.get("settings", {})
    if not isinstance(settings, dict):
        raise RuleError(str(path), _line_of(path, "settings"), "settings", "must be a table")
    cfg.settings = settings
    jobs = table.get("jobs", 0)
    if not isinstance(jobs, int) or isinstance(jobs, bool) or jobs < 0:
        raise RuleError(str(path), _line_of(path, "jobs"), "jobs", "must be a whole number >= 0")
    cfg.jobs = jobs
    cfg.format_with = table.get("format_with", "")
    if not isinstance(cfg.format_with, str):
        raise RuleError(str(path), _line_of(path, "format_with"), "format_with", "must be a string")
    check_languages(cfg.languages, str(path), _line_of(path, "languages"))
    for key in RENAME_TABLES:
        setattr(cfg, key, _renames(table.get(key, {}), path, key))
    return cfg


def _renames(table: object, path: Path, key: str) -> dict[str, str]:
    """`[tool.segcodemod.events]` / `.properties`: "Old Name" = "New Name"."""
    if not isinstance(table, dict):
        raise RuleError(str(path), _line_of(path, key), key, "must be a table of old = new names")
    for old, new in table.items():
        if not isinstance(new, str) or not new:
            line = _table_line(path, key, old)
            raise RuleError(str(path), line, f"{key}.{old}", "must be a non-empty string")
    return dict(table)


def _table_line(path: Path, table: str, key: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines, 1):
        stripped = line.strip()
        if stripped.startswith((f'"{key}"', f"'{key}'", f"{key} ", f"{key}=")):
            return number
    return _line_of(path, table)


def check_languages(languages: list[str], source: str, line: int) -> None:
    """Unknown language names are an error (a typo would silently select no file)."""
    known = (*LANGUAGES, *LANGUAGE_FAMILIES)
    for name in languages:
        if name not in known:
            raise RuleError(source, line, name, f"unknown language (known: {', '.join(known)})")


def expand_languages(languages: list[str]) -> list[str]:
    """Family names (`js`) stand for their members."""
    return [m for name in languages for m in LANGUAGE_FAMILIES.get(name, (name,))]


def _line_of(path: Path, key: str) -> int:
    """The line of `key = ...` in the [tool.segcodemod] table (the whole file if no header)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    start = next((i for i, t in enumerate(lines) if t.strip() == "[tool.segcodemod]"), -1)
    for number in range(start + 1, len(lines)):
        if re.match(rf"\s*{re.escape(key)}\s*=", lines[number]):
            return number + 1
    return start + 2 if start >= 0 else 1


def parse_set(values: list[str]) -> dict[str, Any]:
    """`--set key=value` pairs; values are TOML scalars when they parse, else strings."""
    out: dict[str, Any] = {}
    for item in values:
        key, sep, raw = item.partition("=")
        if not sep or not key.strip():
            raise RuleError("--set", 0, item, "expected key=value")
        try:
            out[key.strip()] = tomllib.loads(f"v = {raw}")["v"]
        except tomllib.TOMLDecodeError:
            out[key.strip()] = raw
    return out
