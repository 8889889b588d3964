"""Which project file a JS/TS module specifier names: relative specifiers (extensions, /index)
and the aliases of the nearest tsconfig.json / jsconfig.json (`compilerOptions.paths` such as
`@/*` or `~/*`, and `baseUrl`), following `extends`."""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from functools import cache

from segcodemod.languages.js.exports import REEXPORTS
from segcodemod.model import ProjectIndex

RELATIVE_EXTS = (".ts", ".tsx", ".js", ".jsx", ".mjs", ".cjs", ".mts", ".cts")
CONFIG_NAMES = ("tsconfig.json", "jsconfig.json")

_NORMALIZED: dict[int, tuple[ProjectIndex, dict[str, str]]] = {}


def normalized(path: str) -> str:
    return os.path.normpath(os.path.abspath(path))


def project_paths(project: ProjectIndex) -> dict[str, str]:
    """Normalised absolute path -> the project's key for it (paths may come relative)."""
    cached = _NORMALIZED.get(id(project))
    if cached is None or cached[0] is not project:
        table = {normalized(p): p for p in project.files}
        _NORMALIZED.clear()
        _NORMALIZED[id(project)] = cached = (project, table)
    return cached[1]


def resolve_module(path: str, spec: str, project: ProjectIndex) -> str | None:
    """An import specifier -> the project file it names (None: a package, or not found)."""
    files = project_paths(project)
    if spec.startswith("."):
        base = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(path)), spec))
        return _first_file(base, files)
    aliases = _aliases_for(os.path.dirname(normalized(path)), normalized(project.root))
    for base in aliases.expand(spec) if aliases else ():
        found = _first_file(base, files)
        if found:
            return found
    return None


def _first_file(base: str, files: dict[str, str]) -> str | None:
    candidates = [base]
    stem, ext = os.path.splitext(base)
    if ext in (".js", ".jsx", ".mjs", ".cjs"):  # TS ESM style: './x.js' names x.ts
        candidates += [stem + e for e in (".ts", ".tsx", ".mts", ".cts")]
    candidates += [base + e for e in RELATIVE_EXTS]
    candidates += [os.path.join(base, "index" + e) for e in RELATIVE_EXTS]
    for candidate in candidates:
        if candidate in files:
            return files[candidate]
    return None


@dataclass(frozen=True)
class Aliases:
    base_url: str | None  # absolute
    paths: tuple[tuple[str, tuple[str, ...]], ...]  # pattern -> absolute targets (with `*`)

    def expand(self, spec: str) -> list[str]:
        out = []
        for pattern, targets in self.paths:
            head, star, tail = pattern.partition("*")
            if (
                star
                and spec.startswith(head)
                and spec.endswith(tail)
                and len(spec) >= len(head + tail)
            ):
                middle = spec[len(head) : len(spec) - len(tail)]
                out += [os.path.normpath(t.replace("*", middle, 1)) for t in targets]
            elif not star and spec == pattern:
                out += [os.path.normpath(t) for t in targets]
        if self.base_url:
            out.append(os.path.normpath(os.path.join(self.base_url, spec)))
        return out


@cache
def _aliases_for(directory: str, root: str) -> Aliases | None:
    """The aliases of the nearest config file at or above `directory` (not above `root`)."""
    for name in CONFIG_NAMES:
        config = os.path.join(directory, name)
        if os.path.isfile(config):
            return _read_aliases(config)
    parent = os.path.dirname(directory)
    if directory == root or parent == directory or not directory.startswith(root):
        return None
    return _aliases_for(parent, root)


def _read_aliases(config: str, depth: int = 0) -> Aliases | None:
    data = _read_jsonc(config)
    options = data.get("compilerOptions") if isinstance(data, dict) else None
    options = options if isinstance(options, dict) else {}
    inherited = None
    extends = data.get("extends") if isinstance(data, dict) else None
    if isinstance(extends, str) and extends.startswith(".") and depth < 5:
        parent = os.path.normpath(os.path.join(os.path.dirname(config), extends))
        if not parent.endswith(".json"):
            parent += ".json"
        if os.path.isfile(parent):
            inherited = _read_aliases(parent, depth + 1)
    here = os.path.dirname(config)
    base_url = options.get("baseUrl")
    base = os.path.join(here, base_url) if isinstance(base_url, str) else None
    paths = options.get("paths")
    if isinstance(paths, dict):
        anchor = base or here
        table = tuple(
            (pattern, tuple(os.path.join(anchor, t) for t in targets if isinstance(t, str)))
            for pattern, targets in paths.items()
            if isinstance(targets, list)
        )
    else:
        table = inherited.paths if inherited else ()
    if base is None and inherited is not None:
        base = inherited.base_url
    return Aliases(base, table) if base or table else None


_JSONC_NOISE = re.compile(r'"(?:\\.|[^"\\])*"|//[^\n]*|/\*.*?\*/', re.S)
_TRAILING_COMMA = re.compile(r",(\s*[}\]])")


def _read_jsonc(path: str) -> object:
    """tsconfig.json is JSON with comments and trailing commas."""
    try:
        with open(path, encoding="utf-8") as fh:
            raw = fh.read()
    except (OSError, UnicodeDecodeError):
        return {}
    bare = _JSONC_NOISE.sub(lambda m: m.group(0) if m.group(0).startswith('"') else "", raw)
    try:
        return json.loads(_TRAILING_COMMA.sub(r"\1", bare))
    except ValueError:
        return {}


def module_clients(path: str, project: ProjectIndex) -> dict[str, str]:
    """The clients a project module exports (name -> sdk), also through its re-exports."""
    return {name: sdk for name, (sdk, _) in _clients_with_homes(path, project, 0).items()}


def client_home(path: str, name: str, project: ProjectIndex) -> tuple[str, str]:
    """The module that defines the client `path` exports as `name` (through re-exports), and
    the name it has there."""
    found = _clients_with_homes(path, project, 0).get(name)
    return found[1] if found else (path, name)


def _clients_with_homes(path: str, project: ProjectIndex, depth: int) -> dict:
    out = {name: (sdk, (path, name)) for name, sdk in project.exports_of(path).items()}
    facts = project.files.get(path)
    forwarded = facts.provides.get(REEXPORTS) if facts is not None and depth < 8 else None
    for entry in json.loads(forwarded) if forwarded else ():
        target = resolve_module(path, entry["spec"], project)
        inner = _clients_with_homes(target, project, depth + 1) if target else {}
        if entry["names"] == "*":
            out.update({k: v for k, v in inner.items() if k != "default" and k not in out})
        else:
            out.update({k: inner[v] for k, v in entry["names"].items() if v in inner})
    return out
