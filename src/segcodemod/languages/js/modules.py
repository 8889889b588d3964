"""Which project file a JS/TS module specifier names (relative specifiers; extensions, /index)."""

from __future__ import annotations

import os

from segcodemod.model import ProjectIndex

RELATIVE_EXTS = (".ts", ".tsx", ".js", ".jsx", ".mjs", ".cjs", ".mts", ".cts")

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
    """A relative import specifier -> the project file it names (extensions, /index)."""
    if not spec.startswith("."):
        return None
    files = project_paths(project)
    base = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(path)), spec))
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
