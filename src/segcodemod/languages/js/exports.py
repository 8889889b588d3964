"""The Segment clients a JS/TS module exports (ESM `export`, CommonJS `module.exports`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import tree_sitter as ts

from segcodemod.languages.js.bindings import Call
from segcodemod.languages.js.receivers import origin_of
from segcodemod.languages.js.segment import BROWSER
from segcodemod.languages.js.syntax import decode_string, dotted_path, unwrap
from segcodemod.languages.treesitter import text

if TYPE_CHECKING:
    from segcodemod.languages.js.analysis import FileAnalysis


def exported_clients(a: FileAnalysis) -> dict[str, str]:
    """Exported clients: name -> sdk (what `FileFacts.exports` holds)."""
    return {name: sdk for name, (sdk, _) in export_keys(a).items()}


def export_keys(a: FileAnalysis) -> dict[str, tuple[str, int]]:
    """Exported clients: name -> (sdk, key); the key names the client in the module: the
    id() of its declaration's origin, or the node id of a `new X()` exported directly."""
    out: dict[str, tuple[str, int]] = {}

    def client(node: ts.Node | None) -> tuple[str, int] | None:
        if node is None:
            return None
        origin = origin_of(a, node)
        if not origin or origin.kind != "client":
            return None
        bare = unwrap(node)
        return origin.sdk, (bare.id if bare.type == "new_expression" else id(origin))

    for (scope_id, name), decl in a.decls.items():
        if scope_id == a.root.id and decl.exported and decl.origin.kind == "client":
            out[name] = (decl.origin.sdk, id(decl.origin))
    for node in a.root.named_children:
        if node.type == "export_statement":
            value = node.child_by_field_name("value")
            if value is not None and any(c.type == "default" for c in node.children):
                sdk = client(value)
                if sdk:
                    out["default"] = sdk
            clause = next((c for c in node.named_children if c.type == "export_clause"), None)
            if clause is not None and node.child_by_field_name("source") is None:
                for spec in clause.named_children:
                    local = spec.child_by_field_name("name")
                    alias = spec.child_by_field_name("alias") or local
                    sdk = client(local)
                    if sdk:
                        out[text(alias)] = sdk
        elif node.type == "expression_statement" and node.named_children:
            expr = node.named_children[0]
            if expr.type != "assignment_expression":
                continue
            left = dotted_path(expr.child_by_field_name("left")) or ""
            right = expr.child_by_field_name("right")
            if left == "module.exports" and right is not None:
                if right.type == "object":
                    for item in right.named_children:
                        if item.type == "shorthand_property_identifier":
                            decl = a.lookup(text(item), item)
                            if decl and decl.origin.kind == "client":
                                out[text(item)] = (decl.origin.sdk, id(decl.origin))
                        elif item.type == "pair":
                            sdk = client(item.child_by_field_name("value"))
                            if sdk:
                                out[text(item.child_by_field_name("key"))] = sdk
                else:
                    sdk = client(right)
                    if sdk:
                        out["default"] = sdk
            elif left.startswith(("exports.", "module.exports.")) and right is not None:
                sdk = client(right)
                if sdk:
                    out[left.rsplit(".", 1)[1]] = sdk
    return out


def has_browser_init(calls: list[Call]) -> bool:
    return any(c.sdk == BROWSER and c.method == "init" and c.name != "new" for c in calls)


REEXPORTS = "js_reexports"  # FileFacts.provides key: JSON list of reexport()s


def reexports(a: FileAnalysis) -> list[dict]:
    """`export * from './x'` -> {"spec": "./x", "names": "*"}; `export { a, b as c } from
    './x'` -> {"spec": "./x", "names": {"a": "a", "c": "b"}} (exported name -> name in x)."""
    out: list[dict] = []
    for node in a.root.named_children:
        source = node.child_by_field_name("source") if node.type == "export_statement" else None
        spec = decode_string(source) if source is not None else None
        if not spec:
            continue
        clause = next((c for c in node.named_children if c.type == "export_clause"), None)
        if clause is None:
            if any(c.type == "*" for c in node.children) and not any(
                c.type == "namespace_export" for c in node.named_children
            ):
                out.append({"spec": spec, "names": "*"})
            continue
        names = {}
        for item in clause.named_children:
            local = item.child_by_field_name("name")
            alias = item.child_by_field_name("alias") or local
            if local is not None:
                names[text(alias)] = text(local)
        out.append({"spec": spec, "names": names})
    return out
