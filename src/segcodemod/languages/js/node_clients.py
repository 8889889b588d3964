"""Facts about a file's Segment Node clients, for targets that care how many clients a project
has and where they live (Amplitude Node keeps ONE module-level client: `segcodemod.targets`).
Facts only; no decision is made here.

Index (`FileFacts.provides`):
- `node_module_inits`: `exported` | `local`: the file makes a Node client when it loads (a
  `new Analytics()` outside functions and classes) that is not an unawaited export (below);
  `exported` when one of them leaves the module.
- `node_unawaited_exports`: the names under which the file exports a module-level Node client
  whose init its importers cannot await (CommonJS, .ts/.js ESM without top-level await).
- `module_init_packages`: the packages whose `x.init(...)` the module calls when it loads (an
  earlier run's target init).

Call sites (`env`): on a Node `new` init: `module_level`, `client_exported` (the client leaves
the file), `unawaited_export`, `holder_client` (`this.x` for a class-field init); on other calls:
`client_import` (`{file, export}`: the client is imported from a project module); on every
call: `module_init_packages` (of this file).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from segcodemod.languages.js.bindings import Call
from segcodemod.languages.js.exports import export_keys, exported_clients
from segcodemod.languages.js.modules import client_home, resolve_module
from segcodemod.languages.js.receivers import receiver_origin
from segcodemod.languages.js.segment import NODE_FAMILIES
from segcodemod.languages.js.syntax import FIELD_TYPES, dotted_path, is_nested, unwrap
from segcodemod.languages.treesitter import text
from segcodemod.model import CallSite, ProjectIndex

if TYPE_CHECKING:
    from segcodemod.languages.js.analysis import FileAnalysis

MODULE_INITS = "node_module_inits"
UNAWAITED_EXPORTS = "node_unawaited_exports"
MODULE_INIT_PACKAGES = "module_init_packages"


def index_facts(a: FileAnalysis, calls: list[Call]) -> dict[str, str]:
    out: dict[str, str] = {}
    unawaited, names = unawaited_exports(a, calls)
    if names:
        out[UNAWAITED_EXPORTS] = ",".join(names)
    packages = module_init_packages(a)
    if packages:
        out[MODULE_INIT_PACKAGES] = ",".join(packages)
    module_inits = [c for c in calls if module_level_init(c) and c.node.id not in unawaited]
    if module_inits:  # an exported one is preferred as the project's module client
        exported = set(exported_clients(a))
        leaves = any(client_exported(a, c, exported) for c in module_inits)
        out[MODULE_INITS] = "exported" if leaves else "local"
    return out


def describe(
    a: FileAnalysis, found: list[Call], sites: list[CallSite], path: str, project: ProjectIndex
) -> None:
    """Put the per-call facts (module docstring) in the sites' env."""
    exported = set(exported_clients(a))
    unawaited, _ = unawaited_exports(a, found)
    packages = module_init_packages(a)
    for c, site in zip(found, sites, strict=False):
        site.env[MODULE_INIT_PACKAGES] = packages
        if c.sdk not in NODE_FAMILIES:
            continue
        if c.method == "init" and c.node.type == "new_expression":
            site.env.update(
                module_level=module_level_init(c),
                client_exported=client_exported(a, c, exported),
                unawaited_export=c.node.id in unawaited,
                holder_client=_field_client(c),
            )
        elif c.method != "init":
            site.env["client_import"] = _client_import(a, c, path, project)


def module_level_init(c: Call) -> bool:
    """A Node client constructor run once, when the module loads (not in a function / class)."""
    return (
        c.sdk in NODE_FAMILIES and c.method == "init" and c.node.type == "new_expression"
        and not is_nested(c.node)
    )  # fmt: skip


def client_exported(a: FileAnalysis, c: Call, exported: set[str]) -> bool:
    """The client an init makes leaves its module (`export const x = new Analytics()`,
    `module.exports = x`, `export default new Analytics()`...)."""
    node = c.node
    if node.parent is not None and node.parent.type == "await_expression":
        node = node.parent
    parent = node.parent
    if parent is None:
        return False
    if parent.type == "export_statement":
        return True
    if parent.type == "assignment_expression":
        left = dotted_path(parent.child_by_field_name("left")) or ""
        if left == "module.exports" or left.startswith(("exports.", "module.exports.")):
            return True
        name = unwrap(parent.child_by_field_name("left"))
    elif parent.type == "variable_declarator":
        name = parent.child_by_field_name("name")
    else:
        return False
    if name is None or name.type != "identifier":
        return False
    decl = a.lookup(text(name), name)
    return (decl is not None and decl.exported) or (
        text(name) in exported and decl is not None and a.decls.get((a.root.id, text(name))) is decl
    )


def unawaited_exports(a: FileAnalysis, calls: list[Call]) -> tuple[set[int], list[str]]:
    """Module-level Node inits whose client is exported from a module where the init cannot be
    awaited (CommonJS, .ts/.js ESM without top-level await): an importing module may use the
    client before its init has finished. -> (the inits' node ids, the names exported under)."""
    if a.path.endswith((".mjs", ".mts")) or a.top_level_await:
        return set(), []
    by_key: dict[int, list[str]] = {}
    for name, (sdk, key) in export_keys(a).items():
        if sdk in NODE_FAMILIES:
            by_key.setdefault(key, []).append(name)
    inits: set[int] = set()
    names: list[str] = []
    for c in calls:
        if not module_level_init(c):
            continue
        key = c.node.id
        parent = c.node.parent
        if parent is not None and parent.type == "variable_declarator":
            name = parent.child_by_field_name("name")
            decl = a.lookup(text(name), name) if name is not None else None
            if decl is not None and name.type == "identifier":
                key = id(decl.origin)
        if key in by_key:
            inits.add(c.node.id)
            names += by_key[key]
    return inits, sorted(set(names))


def module_init_packages(a: FileAnalysis) -> list[str]:
    """Packages whose `x.init(...)` runs when the module loads (x imported from the package)."""
    out: set[str] = set()
    for node in a.call_nodes:
        fn = node.child_by_field_name("function")
        if fn is None or fn.type != "member_expression" or is_nested(node):
            continue
        obj = unwrap(fn.child_by_field_name("object"))
        if text(fn.child_by_field_name("property")) == "init" and obj.type == "identifier":
            spec = a.sources.get(text(obj))
            if spec and not spec.startswith("."):
                out.add(spec)
    return sorted(out)


def _field_client(c: Call) -> str:
    holder = c.node.parent
    if holder is not None and holder.type == "await_expression":
        holder = holder.parent
    if holder is None or holder.type not in FIELD_TYPES:
        return ""
    name = holder.child_by_field_name("name") or holder.child_by_field_name("property")
    return f"this.{text(name)}" if name is not None else ""


def _client_import(a: FileAnalysis, c: Call, path: str, project: ProjectIndex) -> dict | None:
    origin = receiver_origin(a, c.receiver) if c.receiver is not None else None
    if origin is None or origin.kind != "client" or not origin.wrapper or not origin.export:
        return None
    target = resolve_module(path, origin.wrapper[1:-1], project)
    if target is None:
        return {"file": "", "export": origin.export}
    home, name = client_home(target, origin.export, project)
    return {"file": home, "export": name}
