"""What a JS/TS name is bound to: imports, origins (what a value is), declarations, calls."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import tree_sitter as ts

from segcodemod.languages.treesitter import text


@dataclass
class Import:
    node: ts.Node  # the statement (import / `const x = require(...)` declaration)
    spec: str  # the module specifier as written, with its quotes
    style: str  # esm | cjs
    names: list[tuple[str, ts.Node]] = field(default_factory=list)  # local name, its node
    segment_only: bool = True
    wrapper: bool = False  # imports a project module's client


@dataclass
class Origin:
    kind: str  # client | class | namespace | segtype | other | unset | stub (Segment's snippet)
    sdk: str = ""
    imp: Import | None = None
    wrapper: str | None = None  # specifier of the project module the client comes from
    export: str | None = None  # the name that module exports it under
    member: str | None = None  # kind `method`: the client method a destructured name is
    holder: ts.Node | None = None  # the call that made the client (React Native hook)
    typed: bool = False  # known from a type annotation only (a later assignment may say more)


OTHER = Origin("other")


@dataclass
class Decl:
    name: str
    origin: Origin
    node: ts.Node | None  # the declared name's node
    exported: bool = False
    other_refs: int = 0  # references that are not receivers of found calls


@dataclass
class Call:
    node: ts.Node  # call_expression / new_expression
    sdk: str
    method: str
    name: str  # real method name ("new" for a constructor)
    receiver: ts.Node | None  # receiver expression (None for `new X()`)
    origin: Origin
    snippet: bool = False
    stub: bool = False  # `analytics.load(...)` inside Segment's snippet code itself


def import_bindings(clause: ts.Node | None) -> Iterator[tuple[str, ts.Node]]:
    """(imported name, local identifier node): default -> "default", namespace -> "*"."""
    if clause is None:
        return
    for child in clause.named_children:
        if child.type == "identifier":
            yield "default", child
        elif child.type == "namespace_import":
            ident = next((c for c in child.named_children if c.type == "identifier"), None)
            if ident is not None:
                yield "*", ident
        elif child.type == "named_imports":
            for spec in child.named_children:
                if spec.type != "import_specifier":
                    continue
                name = spec.child_by_field_name("name")
                alias = spec.child_by_field_name("alias")
                if name is not None:
                    yield text(name), alias or name
