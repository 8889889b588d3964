"""Compiled rules: what the loader produces and the matcher and renderer use."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from jinja2 import Template
from jinja2.runtime import Undefined

from segcodemod.model import ArgKind

# `name:kind` constraints a rule may put on an argument.
KIND_CONSTRAINTS: dict[str, frozenset[ArgKind]] = {
    "any": frozenset(ArgKind),
    "string": frozenset({ArgKind.STRING, ArgKind.TEMPLATE}),
    "object": frozenset({ArgKind.OBJECT}),
    "function": frozenset({ArgKind.FUNCTION}),
    "null": frozenset({ArgKind.NULL}),
    "number": frozenset({ArgKind.NUMBER}),
    "array": frozenset({ArgKind.ARRAY}),
    # "not a literal of another shape": a name or expression whose type is unknown
    "value": frozenset({ArgKind.STRING, ArgKind.TEMPLATE, ArgKind.OTHER, ArgKind.NUMBER}),
    # anything but a function: lets a trailing lambda / closure skip an optional data parameter
    # (Kotlin `track("E") { it }` binds `enrichment`, not `properties`)
    "data": frozenset(ArgKind) - {ArgKind.FUNCTION},
}


@dataclass(frozen=True)
class Param:
    """One parameter of a call shape: `name`, `name?`, `name:kind`, or an object pattern."""

    name: str  # capture name ("" for an unnamed object pattern)
    optional: bool = False
    kinds: frozenset[ArgKind] = KIND_CONSTRAINTS["any"]
    fields: tuple[Param, ...] | None = None  # set: the argument must be an object literal
    label: str | None = None  # keyword / label that binds it (defaults to name)

    @property
    def keyword(self) -> str:
        return self.label or self.name


@dataclass(frozen=True)
class Guard:
    """`unsupported_when` entry: a jinja expression and the reason reported when it holds."""

    source: str
    reason: str
    test: Any  # compiled jinja expression
    name: str = ""  # an override's guard of the same name (or reason) replaces it
    absent: frozenset[str] = frozenset()  # inherited: captures the overriding rule lacks (None)

    @property
    def key(self) -> str:
        return self.name or self.reason


@dataclass
class Rule:
    id: str
    target: str
    languages: tuple[str, ...]
    sdks: tuple[str, ...]
    methods: tuple[str, ...]
    params: tuple[Param, ...] | None  # None: any arguments (nothing is captured)
    contexts: tuple[str, ...]  # allowed call contexts; empty = all
    rewrite: Template | None  # statement / declaration form
    expression: Template | None  # expression-position form
    imports: tuple[Template, ...]
    helpers: tuple[Template, ...]  # module-level blocks added once per file (after imports)
    guards: tuple[Guard, ...]
    todo: str | None  # leave the call and mark it with a TODO comment
    unsupported: str | None  # leave the call, report only
    note: str | None  # reported next to a successful rewrite
    tests: tuple[dict[str, Any], ...]
    source: str  # "path:line"
    settings: dict[str, Any] = field(default_factory=dict)
    note_template: Template | None = None  # `note` compiled: it may depend on the call
    env: dict[str, tuple[Any, ...]] = field(default_factory=dict)  # match.env: required facts
    file_note: Template | None = None  # reported once per file (same text) after a rewrite
    valid: tuple[dict[str, Any], ...] = ()  # code this rule must not fire on
    pattern: Any = None  # patterns.PatternRule of a pattern rule
    rename: tuple[str, str] | None = None  # rename_event: (from, to)

    @property
    def captures(self) -> list[str]:
        names: list[str] = []
        for p in self.params or ():
            if p.fields is not None:
                names.extend(f.name for f in p.fields)
            if p.name:
                names.append(p.name)
        return names


@dataclass
class RuleSet:
    target: str
    rules: list[Rule]
    settings: dict[str, Any]  # defaults from rule files, then config, then --set
    declared: frozenset[str] = frozenset()  # the setting names rule files declare
    _by_kind: dict[tuple[str, str, str], list[Rule]] = field(default_factory=dict, repr=False)

    def candidates(self, language: str, sdk: str, method: str) -> list[Rule]:
        """Rules for this call kind, in the order they are tried (indexed on first use)."""
        key = (language, sdk, method)
        if key not in self._by_kind:
            self._by_kind[key] = [
                r
                for r in self.rules
                if language in r.languages and sdk in r.sdks and method in r.methods
            ]
        return self._by_kind[key]

    @property
    def patterns(self) -> list[Any]:
        """The pattern rules' matchers, in the order rules are tried."""
        return [r.pattern for r in self.rules if r.pattern is not None]

    @property
    def renames(self) -> list[Rule]:
        return [r for r in self.rules if r.rename is not None]

    @property
    def tokens(self) -> tuple[bytes, ...]:
        """Prefilter tokens of the pattern rules: the longest name each pattern spells out."""
        out = []
        for p in self.patterns:
            names = re.findall(r"(?<![$\w])[A-Za-z_]\w*", p.source)
            names += [w for c in (p.callee, *p.where.values()) if c for w in c.words]
            if names:
                out.append(max(names, key=len).encode())
        return tuple(out)

    def get(self, rule_id: str) -> Rule | None:
        return next((r for r in self.rules if r.id == rule_id), None)


def is_undefined(value: Any) -> bool:
    return value is None or isinstance(value, Undefined)
