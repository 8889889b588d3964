"""Language plug-ins, looked up by file extension (or file name) or language id.

Frontends are imported lazily: libcst costs ~200 ms to import and a run over a
TypeScript-only tree should not pay for it.
"""

from __future__ import annotations

import importlib
from fnmatch import fnmatchcase
from functools import cache

from segcodemod.languages.base import Frontend, ParseError

# language id -> (module, class name, extensions)
_REGISTRY: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "python": ("segcodemod.languages.python", "PythonFrontend", (".py",)),
    "typescript": (
        "segcodemod.languages.js.frontend",
        "TypeScriptFrontend",
        (".ts", ".mts", ".cts"),
    ),
    "tsx": ("segcodemod.languages.js.frontend", "TsxFrontend", (".tsx",)),
    "javascript": (
        "segcodemod.languages.js.frontend",
        "JavaScriptFrontend",
        (".js", ".jsx", ".mjs", ".cjs"),
    ),
    "swift": ("segcodemod.languages.swift", "SwiftFrontend", (".swift",)),
    "kotlin": ("segcodemod.languages.kotlin", "KotlinFrontend", (".kt", ".kts")),
    "java": ("segcodemod.languages.java", "JavaFrontend", (".java",)),
    "manifest": ("segcodemod.languages.manifest", "ManifestFrontend", ()),
    # no frontend yet: Segment calls are reported, not rewritten (languages/unsupported.py)
    "objective-c": ("segcodemod.languages.unsupported", "ObjectiveCFrontend", (".m", ".mm", ".h")),
    "go": ("segcodemod.languages.unsupported", "GoFrontend", (".go",)),
    "ruby": ("segcodemod.languages.unsupported", "RubyFrontend", (".rb",)),
    "php": ("segcodemod.languages.unsupported", "PhpFrontend", (".php",)),
    "csharp": ("segcodemod.languages.unsupported", "CSharpFrontend", (".cs",)),
}
# language id -> file name patterns, tried before extensions (build.gradle.kts is a manifest)
_FILE_NAMES: dict[str, tuple[str, ...]] = {
    "manifest": (
        "requirements*.txt", "pyproject.toml", "package.json", "Podfile",
        "build.gradle", "build.gradle.kts", "pom.xml",
    ),
}  # fmt: skip

LANGUAGES: tuple[str, ...] = tuple(_REGISTRY)
# Rule files may name a family instead of listing its members.
LANGUAGE_FAMILIES: dict[str, tuple[str, ...]] = {
    "js": ("typescript", "tsx", "javascript"),
}


def language_for(path: str) -> str | None:
    lower = path.lower()
    if lower.endswith(".d.ts"):
        return None  # declarations hold no calls
    name = path.replace("\\", "/").rsplit("/", 1)[-1]
    for lang, patterns in _FILE_NAMES.items():
        if any(fnmatchcase(name, p) for p in patterns):
            return lang
    for lang, (_, _, exts) in _REGISTRY.items():
        if lower.endswith(exts):
            return lang
    return None


def extensions_of(language: str) -> tuple[str, ...]:
    return _REGISTRY[language][2]


@cache
def frontend(language: str) -> Frontend:
    module_name, class_name, _ = _REGISTRY[language]
    module = importlib.import_module(module_name)
    return getattr(module, class_name)()


__all__ = ["Frontend", "ParseError", "LANGUAGES", "LANGUAGE_FAMILIES", "frontend", "language_for"]
