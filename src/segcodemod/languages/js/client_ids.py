"""Project-wide identity of JS/TS Segment clients (`model.ClientId`), so the engine migrates a
client whole across files: a client exported from a module is `js:<module path>:<name>` in that
module (linked to its file-local key) and in every importer (also through re-exports and
aliases); the snippet global (`window.analytics`, a free `analytics`) is one client,
`window.analytics`, in the whole project. Other clients stay file-local (env.client keys)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from segcodemod.languages.js.bindings import Call
from segcodemod.languages.js.modules import client_home, normalized, resolve_module
from segcodemod.languages.js.syntax import dotted_path, unwrap
from segcodemod.languages.treesitter import text
from segcodemod.model import ClientId, ProjectIndex

if TYPE_CHECKING:
    from segcodemod.languages.js.analysis import FileAnalysis

FAMILY = "js"
SNIPPET_CLIENT = ClientId(FAMILY, "window.analytics")


def export_id(path: str, name: str) -> ClientId:
    return ClientId(FAMILY, f"{normalized(path)}:{name}")


def project_client(a: FileAnalysis, c: Call, project: ProjectIndex) -> ClientId | None:
    """The call's project-wide client, or None when it is file-local."""
    if c.snippet and not c.stub:  # the snippet's own load is replaced by hand (a todo that
        return SNIPPET_CLIENT  # asks for the target's snippet): it does not hold the calls back
    origin = c.origin
    if origin.kind == "client" and origin.wrapper and origin.export:
        target = resolve_module(a.path, origin.wrapper[1:-1], project)
        if target is not None:
            return export_id(*client_home(target, origin.export, project))
    if c.method == "init":
        name = _exported_directly(c)
        if name:
            return export_id(a.path, name)
    return None


def import_clients(a: FileAnalysis, imp, project: ProjectIndex) -> tuple[ClientId, ...]:
    """The project clients a wrapper import brings in."""
    out = []
    for name, node in imp.names:
        decl = a.lookup(name, node)
        origin = decl.origin if decl is not None else None
        if origin is not None and origin.wrapper and origin.export:
            target = resolve_module(a.path, origin.wrapper[1:-1], project)
            if target is not None:
                out.append(export_id(*client_home(target, origin.export, project)))
    return tuple(out)


def export_links(a: FileAnalysis, language: str) -> list[tuple[ClientId, ClientId]]:
    """(file-local id of an exported client's declaration, its export id)."""
    links = []
    for export, local in exported_locals(a).items():
        decl = a.decls.get((a.root.id, local))
        if decl is None or decl.node is None or decl.origin.kind != "client":
            continue
        key = f"{local}@{decl.node.start_byte}"
        links.append((ClientId(language, f"{a.path}#{key}"), export_id(a.path, export)))
    return links


def exported_locals(a: FileAnalysis) -> dict[str, str]:
    """Exported name -> the top-level name it exports (`export const x`, `export { x as y }`,
    `export default x`, `module.exports = x` / `{ x }`, `exports.y = x`)."""
    out: dict[str, str] = {}
    for (scope, name), decl in a.decls.items():
        if scope == a.root.id and decl.exported:
            out[name] = name
    for node in a.root.named_children:
        if node.type == "export_statement" and node.child_by_field_name("source") is None:
            value = node.child_by_field_name("value")
            if value is not None and unwrap(value).type == "identifier":
                out["default"] = text(unwrap(value))
            clause = next((c for c in node.named_children if c.type == "export_clause"), None)
            for spec in clause.named_children if clause is not None else ():
                local = spec.child_by_field_name("name")
                alias = spec.child_by_field_name("alias") or local
                if local is not None:
                    out[text(alias)] = text(local)
        elif node.type == "expression_statement" and node.named_children:
            _commonjs_exports(node.named_children[0], out)
    return out


def _commonjs_exports(expr, out: dict[str, str]) -> None:
    if expr.type != "assignment_expression":
        return
    left = dotted_path(expr.child_by_field_name("left")) or ""
    right = expr.child_by_field_name("right")
    if right is None:
        return
    right = unwrap(right)
    if left == "module.exports" and right.type == "identifier":
        out["default"] = text(right)
    elif left == "module.exports" and right.type == "object":
        for item in right.named_children:
            if item.type == "shorthand_property_identifier":
                out[text(item)] = text(item)
            elif item.type == "pair":
                value = item.child_by_field_name("value")
                if value is not None and unwrap(value).type == "identifier":
                    out[text(item.child_by_field_name("key"))] = text(unwrap(value))
    elif left.startswith(("exports.", "module.exports.")) and right.type == "identifier":
        out[left.rsplit(".", 1)[1]] = text(right)


def _exported_directly(c: Call) -> str | None:
    """`export default new Analytics()` -> "default"; `module.exports = new Analytics()` ->
    "default"; `exports.client = new Analytics()` -> "client"."""
    node = c.node
    if node.parent is not None and node.parent.type == "await_expression":
        node = node.parent
    parent = node.parent
    if parent is None:
        return None
    if parent.type == "export_statement":
        return "default"
    if parent.type == "assignment_expression":
        left = dotted_path(parent.child_by_field_name("left")) or ""
        if left == "module.exports":
            return "default"
        if left.startswith(("exports.", "module.exports.")):
            return left.rsplit(".", 1)[1]
    return None
