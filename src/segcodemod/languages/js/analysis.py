"""One pass over a JS/TS file: imports, declarations (a small lexical-scope model), member
bindings (`this.x = ...`) and the evidence that the snippet global `analytics` is Segment.

Receivers are resolved, never guessed from a name: an identifier is a Segment client when
the declaration it resolves to was initialised from a Segment constructor / `load`, aliased
from one, typed with an imported Segment class, or imported from a project module that exports
one (via `ProjectIndex`). `this.x` / `obj.x` receivers are clients when assigned from a Segment
constructor in the file. What a value is: `receivers.py`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cached_property
from typing import TYPE_CHECKING

import tree_sitter as ts

from segcodemod.languages import react_native as rn
from segcodemod.languages.js.bindings import OTHER, Decl, Import, Origin, import_bindings
from segcodemod.languages.js.receivers import has_snippet_load, origin_of
from segcodemod.languages.js.segment import (
    BROWSER,
    CLASS_EXPORTS,
    EXPORT_ORIGINS,
    GLOBAL_OBJECTS,
    LEGACY,
    NOT_SNIPPET,
    PACKAGES,
    SEGMENT_TYPE_HINT,
    SNIPPET_NAME,
    SNIPPET_PACKAGE,
)
from segcodemod.languages.js.syntax import (
    BLOCK_SCOPES,
    FIELD_TYPES,
    FUNCTION_TYPES,
    REF_TYPES,
    SEMI_STATEMENTS,
    decode_string,
    dotted_path,
    in_function,
    pattern_names,
    unwrap,
)
from segcodemod.languages.treesitter import ancestors, named_children, text, walk

if TYPE_CHECKING:
    from segcodemod.languages.treesitter import TreeSitterFrontend

Resolver = Callable[[str], dict[str, str]]  # module specifier -> the clients it exports


class FileAnalysis:
    def __init__(self, front: TreeSitterFrontend, path: str, source: bytes,
                 resolve_wrapper: Resolver | None = None):  # fmt: skip
        self.front, self.path, self.source = front, path, source
        self.tree = front.parse_checked(source)
        self.root = self.tree.root_node
        self.resolve_wrapper = resolve_wrapper or (lambda spec: {})
        self.decls: dict[tuple[int, str], Decl] = {}
        self.members: dict[str, Origin] = {}  # `this.analytics` -> client
        self.member_bindings: dict[str, int] = {}  # member path -> references elsewhere
        self.imports: list[Import] = []
        self.decl_nodes: set[int] = set()
        self.evidence = False  # this file shows the snippet global is Segment
        self.strong_evidence = False  # ... in a way other files may rely on
        self.counter_evidence = False  # window.analytics is something else here
        self.window_refs = False
        self.top_level_await = False
        self.snippet_source_at: ts.Node | None = None
        self.is_test = is_test_path(path)
        self.test_double_at: ts.Node | None = None  # `window.analytics = { track: jest.fn() }`
        self.member_conflicts: set[str] = set()
        self.sources: dict[str, str] = {}  # top-level imported name -> module specifier
        # nodes later passes need, gathered in the one walk of the tree
        self.call_nodes: list[ts.Node] = []
        self.ref_nodes: list[ts.Node] = []
        self.statements: list[ts.Node] = []
        self._collect()
        for path in self.member_conflicts:
            self.members.pop(path, None)

    # -- pass 1: imports, declarations, evidence -------------------------------------------

    def _collect(self) -> None:
        if b"cdn.segment.com" in self.source or b"SNIPPET_VERSION" in self.source:
            self.evidence = self.strong_evidence = True
        snippet_text = b"SNIPPET_VERSION" in self.source
        for node in walk(self.root):
            t = node.type
            if t in REF_TYPES:
                self.ref_nodes.append(node)
            if t in ("call_expression", "new_expression"):
                self.call_nodes.append(node)
            elif t in SEMI_STATEMENTS:
                self.statements.append(node)
            if t == "import_statement":
                self._import(node)
            elif t == "variable_declarator":
                self._declarator(node)
            elif t in FUNCTION_TYPES:
                self._params(node)
            elif t == "catch_clause":
                for n in pattern_names(node.child_by_field_name("parameter")):
                    self.declare(n, OTHER, node)
            elif t == "assignment_expression":
                self._assignment(node)
            elif t in FIELD_TYPES:
                self._field(node)
            elif t == "interface_declaration":
                self._window_interface(node)
            elif t == "await_expression" and not in_function(node):
                self.top_level_await = True
            elif t == "member_expression" and self.is_window_analytics(node):
                self.window_refs = self.evidence = True
            if t in ("function_declaration", "generator_function_declaration", "class_declaration"):
                name = node.child_by_field_name("name")
                if name is not None:
                    self.declare(name, OTHER, self.scope_for(node))
            if (
                snippet_text
                and self.snippet_source_at is None
                and (
                    (
                        t in ("string", "template_string")
                        and b"SNIPPET_VERSION" in (node.text or b"")
                    )
                    or (t == "identifier" and text(node) == "SNIPPET_VERSION")
                )
            ):  # the snippet itself (inline or in an HTML string): it keeps loading Segment
                self.snippet_source_at = node

    def scope_for(self, node: ts.Node, var: bool = False) -> ts.Node:
        for anc in ancestors(node):
            if anc.type in (FUNCTION_TYPES if var else BLOCK_SCOPES) or anc.type == "program":
                return anc
        return self.root

    def declare(self, name_node: ts.Node, origin: Origin, scope: ts.Node, exported=False) -> Decl:
        name = text(name_node)
        decl = Decl(name, origin, name_node, exported)
        self.decls[(scope.id, name)] = decl
        self.decl_nodes.add(name_node.id)
        return decl

    def lookup(self, name: str, at: ts.Node) -> Decl | None:
        for anc in ancestors(at):
            decl = self.decls.get((anc.id, name))
            if decl is not None:
                return decl
        return None

    def _import(self, node: ts.Node) -> None:
        source = node.child_by_field_name("source")
        if source is None:
            return
        spec = decode_string(source) or ""
        imp = Import(node, text(source), "esm")
        clause = next((c for c in node.named_children if c.type == "import_clause"), None)
        sdk = PACKAGES.get(spec)
        exports = {} if sdk else self.resolve_wrapper(spec)
        if spec == SNIPPET_PACKAGE or (
            spec.startswith("@segment/") and PACKAGES.get(spec) not in NOT_SNIPPET
        ):
            self.evidence = True
            self.strong_evidence = self.strong_evidence or spec == SNIPPET_PACKAGE
        for imported, local in import_bindings(clause):
            if sdk:
                origin = package_origin(sdk, imported, imp)
            elif imported in exports:
                origin = Origin("client", exports[imported], imp, text(source), imported)
                imp.wrapper = True
            else:
                origin = OTHER
                imp.segment_only = False
            imp.names.append((text(local), local))
            self.sources[text(local)] = spec
            self.declare(local, origin, self.root)
        if sdk or (imp.wrapper and imp.segment_only and imp.names):
            imp.segment_only = imp.segment_only and (bool(imp.names) or bool(sdk))
            self.imports.append(imp)

    def require(self, value: ts.Node | None) -> tuple[str, ts.Node, str | None] | None:
        """`require('m')` / `require('m').X` -> (module, string node, member)."""
        if value is None:
            return None
        member = None
        if value.type == "member_expression":
            prop = value.child_by_field_name("property")
            member = text(prop)
            value = value.child_by_field_name("object")
        if value is None or value.type != "call_expression":
            return None
        fn = value.child_by_field_name("function")
        args = named_children(value.child_by_field_name("arguments") or value)
        if fn is None or text(fn) != "require" or len(args) != 1 or args[0].type != "string":
            return None
        if self.lookup("require", value) is not None:
            return None
        return decode_string(args[0]) or "", args[0], member

    def _declarator(self, node: ts.Node) -> None:
        decl_stmt = node.parent
        if decl_stmt is None:
            return
        var = decl_stmt.type == "variable_declaration"
        scope = self.scope_for(decl_stmt, var=var)
        name = node.child_by_field_name("name")
        value = node.child_by_field_name("value")
        exported = decl_stmt.parent is not None and decl_stmt.parent.type == "export_statement"
        req = self.require(value)
        if req is not None and name is not None:
            self._require_declarator(node, decl_stmt, scope, name, req)
            return
        if name is None:
            return
        if name.type != "identifier":
            hook = origin_of(self, value) if value is not None else None
            members = dict(rn.destructured(name)) if hook and hook.holder else {}
            for n in pattern_names(name):  # names destructured from useAnalytics()
                member = next((m for m, local in members.items() if local.id == n.id), None)
                if member is None:
                    self.declare(n, OTHER, scope)
                else:
                    self.declare(n, Origin("method", rn.RN, member=member, holder=value), scope)
            return
        if value is None or _is_nullish(value):  # `let x: Analytics | null = null`
            origin = self.typed(node) or Origin("unset")
        elif self._is_snippet_stub(value):  # `var analytics = window.analytics = ... || []`
            origin = Origin("stub", BROWSER)
            self.evidence = self.strong_evidence = True
        else:
            origin = origin_of(self, value) or self.typed(node) or OTHER
        self.declare(name, origin, scope, exported)

    def _require_declarator(self, node, decl_stmt, scope, name, req) -> None:
        spec, spec_node, member = req
        sdk = PACKAGES.get(spec)
        imp = Import(decl_stmt, text(spec_node), "cjs")
        exports = {} if sdk else self.resolve_wrapper(spec)
        if spec.startswith("@segment/") and sdk not in NOT_SNIPPET:
            self.evidence = True
        bindings: list[tuple[str, ts.Node]] = []
        if name.type == "identifier":
            bindings.append((member or "*", name))
        elif name.type == "object_pattern" and member is None:
            for prop in name.named_children:
                if prop.type == "shorthand_property_identifier_pattern":
                    bindings.append((text(prop), prop))
                elif prop.type == "pair_pattern" and prop.child_by_field_name("value") is not None:
                    key = prop.child_by_field_name("key")
                    local = prop.child_by_field_name("value")
                    if local.type == "identifier":
                        bindings.append((text(key), local))
                    else:
                        imp.segment_only = False
                else:
                    imp.segment_only = False
        for imported, local in bindings:
            if sdk:  # "*": the module object
                origin = package_origin(sdk, imported, imp, "class" if sdk == LEGACY else None)
            else:
                key = "default" if imported == "*" else imported
                if key in exports:
                    origin = Origin("client", exports[key], imp, text(spec_node), key)
                    imp.wrapper = True
                else:
                    origin = OTHER
                    imp.segment_only = False
            imp.names.append((text(local), local))
            if scope.id == self.root.id:
                self.sources[text(local)] = spec
            self.declare(local, origin, scope)
        declarators = [c for c in decl_stmt.named_children if c.type == "variable_declarator"]
        if len(declarators) != 1:
            imp.segment_only = False
        if (sdk or imp.wrapper) and imp.names:
            self.imports.append(imp)

    def typed(self, holder: ts.Node) -> Origin | None:
        """`x: AnalyticsBrowser` (also `| null` / `| undefined`) where the type names an
        imported Segment client class, or analytics-next's `Analytics` instance type."""
        ann = holder.child_by_field_name("type")
        if ann is None or ann.type != "type_annotation" or not ann.named_children:
            return None
        names = [t for t in _union_members(ann.named_children[0]) if not _is_nullish_type(t)]
        if len(names) != 1 or names[0].type != "type_identifier":
            return None
        inner = names[0]
        decl = self.lookup(text(inner), holder)
        if decl and (decl.origin.kind == "class" or (
            decl.origin.kind == "segtype" and text(inner) == "Analytics"
        )):  # fmt: skip
            return Origin("client", decl.origin.sdk, typed=True)
        return None

    def _params(self, fn: ts.Node) -> None:
        params = fn.child_by_field_name("parameters") or fn.child_by_field_name("parameter")
        if params is None:
            return
        holders = params.named_children if params.type == "formal_parameters" else [params]
        for holder in holders:
            typed = (
                self.typed(holder)
                if holder.type in ("required_parameter", "optional_parameter")
                else None
            )
            for n in pattern_names(holder):
                self.declare(n, typed or OTHER, fn)
            if typed and any(c.type == "accessibility_modifier" for c in holder.children):
                pattern = holder.child_by_field_name("pattern")
                if pattern is not None and pattern.type == "identifier":
                    self.members[f"this.{text(pattern)}"] = typed

    def _assignment(self, node: ts.Node) -> None:
        left = node.child_by_field_name("left")
        right = node.child_by_field_name("right")
        if left is None or right is None:
            return
        if self.is_window_analytics(left):
            rhs = text(right)
            if "window.analytics" in rhs or rhs.strip() == "[]" or origin_of(self, right):
                self.evidence = self.strong_evidence = True
            elif self.is_test or TEST_DOUBLE.search(rhs):  # a mock: says nothing of the app
                self.test_double_at = self.test_double_at or node
            else:
                self.counter_evidence = True
            return
        origin = origin_of(self, right)
        if origin is None and _is_nullish(right):  # `this.client = null`: cleared, not replaced
            return
        if origin is None and left.type == "identifier":  # `x = somethingElse`: not a client
            decl = self.lookup(text(left), node)
            if decl is not None and decl.origin.typed:
                decl.origin = OTHER
            return
        if origin is None:
            path = dotted_path(left)
            if path and "." in path:  # `this.x = somethingElse`: this.x is not only a client
                self.member_conflicts.add(path)
            return
        if left.type == "identifier":
            decl = self.lookup(text(left), node)
            if decl is not None and (decl.origin.kind == "unset" or decl.origin.typed):
                decl.origin = origin
            return
        path = dotted_path(left)
        if path and "." in path and not path.startswith(("module.exports", "exports.")):
            self.members[path] = origin
            self.decl_nodes.add(unwrap(left).id)

    def _field(self, node: ts.Node) -> None:
        name = node.child_by_field_name("name") or node.child_by_field_name("property")
        value = node.child_by_field_name("value")
        unset = value is None or _is_nullish(value)  # `private a: Analytics | null = null`
        origin = self.typed(node) if unset else origin_of(self, value)
        if name is not None and origin is not None:
            self.members[f"this.{text(name)}"] = origin

    def _window_interface(self, node: ts.Node) -> None:
        name = node.child_by_field_name("name")
        body = node.child_by_field_name("body")
        if text(name) != "Window" or body is None:
            return
        for prop in body.named_children:
            pname = prop.child_by_field_name("name")
            if prop.type == "property_signature" and text(pname) == SNIPPET_NAME:
                type_node = prop.child_by_field_name("type")
                if SEGMENT_TYPE_HINT.search(text(type_node)):
                    self.evidence = self.strong_evidence = True
                elif self._other_package_type(type_node):
                    self.counter_evidence = True
                # `any`, `unknown`, a local interface...: says nothing either way

    def _other_package_type(self, ann: ts.Node | None) -> bool:
        """A named type that is not Segment's (`MyAnalytics`, `FirebaseAnalytics`); `any`,
        `unknown`, `object` or an object type literal say nothing either way."""
        return ann is not None and any(
            n.type == "type_identifier" and text(n) not in NEUTRAL_TYPES for n in walk(ann)
        )

    def is_window_analytics(self, node: ts.Node) -> bool:
        """`window.analytics` (also `globalThis.`, `self.`), with `window` not a local name."""
        node = unwrap(node)
        if node.type != "member_expression":
            return False
        prop = node.child_by_field_name("property")
        if prop is None or prop.type != "property_identifier" or text(prop) != SNIPPET_NAME:
            return False
        base = unwrap(node.child_by_field_name("object"))
        if base.type != "identifier" or text(base) not in GLOBAL_OBJECTS:
            return False
        return self.lookup(text(base), node) is None

    def _is_snippet_stub(self, value: ts.Node) -> bool:
        """Segment's snippet making its queue: `window.analytics = window.analytics || []`
        (4.x) or `window[i] = window[i] || []` (5.x, `i = "analytics"`)."""
        value = unwrap(value)
        if value.type != "assignment_expression":
            return False
        left = unwrap(value.child_by_field_name("left"))
        right = unwrap(value.child_by_field_name("right"))
        if not (self.is_window_analytics(left) or (
            left.type == "subscript_expression"
            and text(unwrap(left.child_by_field_name("object"))) in GLOBAL_OBJECTS
        )):  # fmt: skip
            return False
        return (
            right.type == "binary_expression"
            and text(right.child_by_field_name("operator")) == "||"
            and unwrap(right.child_by_field_name("right")).type == "array"
        )

    # -- references -------------------------------------------------------------------------

    def count_references(self, receiver_ids: set[int], member_paths: set[str]) -> None:
        """References of declared names / member bindings that found calls do not account for."""
        skip_members = receiver_ids | self.decl_nodes
        for node in self.ref_nodes:
            if node.type != "member_expression":
                if node.id in self.decl_nodes or node.id in receiver_ids:
                    continue
                parent = node.parent
                if parent is not None and parent.type in (
                    "import_specifier",
                    "namespace_import",
                    "import_clause",
                ):
                    continue
                decl = self.lookup(text(node), node)
                if decl is not None:
                    decl.other_refs += 1
            elif node.id not in skip_members:
                path = dotted_path(node)
                if path in member_paths:
                    self.member_bindings[path] = self.member_bindings.get(path, 0) + 1

    @cached_property
    def has_snippet_load(self) -> bool:
        """A free `analytics.load(...)` / `window.analytics.load(...)`: the snippet's init."""
        return has_snippet_load(self)


def package_origin(sdk: str, imported: str, imp: Import, module_kind: str | None = None) -> Origin:
    """What a name imported from a Segment package is (`*`: the module object)."""
    special = EXPORT_ORIGINS.get(sdk, {}).get(imported)
    if special is not None:
        return Origin(special[0], special[1], imp)
    if imported == "*":
        return Origin(module_kind or "namespace", sdk, imp)
    return Origin("class" if imported in CLASS_EXPORTS[sdk] else "segtype", sdk, imp)


NEUTRAL_TYPES = {"Object", "Function", "Record", "Array"}
TEST_DOUBLE = re.compile(r"\b(jest|vi|sinon|td)\.(fn|spyOn|stub|mock|func|object)\b")
TEST_PATH = re.compile(
    r"(^|/)(__tests__|__mocks__|tests?|spec|e2e|cypress)/|\.(test|spec|stories)\.[cm]?[jt]sx?$"
)


def is_test_path(path: str) -> bool:
    """A test file (by the usual jest / vitest / mocha layouts)."""
    return bool(TEST_PATH.search(path.replace("\\", "/")))


def _is_nullish(node: ts.Node) -> bool:
    node = unwrap(node)
    return node.type in ("null", "undefined") or (
        node.type == "identifier" and text(node) == "undefined"
    )


def _union_members(node: ts.Node) -> list[ts.Node]:
    if node.type == "union_type":
        return [m for c in node.named_children for m in _union_members(c)]
    if node.type == "parenthesized_type" and node.named_children:
        return _union_members(node.named_children[0])
    return [node]


def _is_nullish_type(node: ts.Node) -> bool:
    return text(node) in ("null", "undefined", "void")
