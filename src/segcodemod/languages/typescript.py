"""TypeScript / TSX / JavaScript frontend (tree-sitter) for the Segment JS SDKs.

One implementation for three grammars; the subclasses only pick the grammar, name and
extensions. Signature families (sdk-map §2, §3):

- `node`: `@segment/analytics-node` (`new Analytics({ writeKey })`, object-argument calls),
- `node-legacy`: `analytics-node` (`new Analytics(writeKey, { flushAt })`, same calls),
- `browser`: `@segment/analytics-next` (`AnalyticsBrowser.load(...)`, `new AnalyticsBrowser()` +
  `.load(...)`) and the snippet global (`window.analytics`, bare `analytics`).

Receivers are resolved, never guessed from a name: an identifier is a Segment client when
the declaration it resolves to (a small lexical-scope walk) was initialised from a Segment
constructor / `load`, aliased from one, typed with an imported Segment class, or imported
from a project module that exports one (relative specifiers only, via `ProjectIndex`).
`this.x` / `obj.x` receivers are clients when assigned from a Segment constructor in the file.

The snippet global: `window.analytics.x(...)` (also `globalThis.` / `self.`, `?.`) is taken
to be Segment, and a *free* `analytics.x(...)` (no binding in scope) only when the file
shows the snippet is Segment (a `window.analytics` reference, a snippet `analytics.load(..)`
call, a `Window { analytics: <Segment type> }` declaration, an `@segment/*` import, the
snippet source itself) or another file of the project does (strong evidence only: snippet
source, `@segment/snippet`, a Segment-typed `Window.analytics`, a snippet `load` call).
A project that declares `Window.analytics` with another type, or assigns something else to
`window.analytics`, disables the snippet global everywhere.

Inside Segment's snippet code (`var analytics = window.analytics = window.analytics || []`) only
its `analytics.load(...)` is found (env.snippet_stub): the snippet is replaced as a whole, by hand.
Browser calls in a classic script (a `.js` file without import/export/require) get
env.classic_script: rules call the target snippet's global instead of adding an import.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property

import tree_sitter as ts
import tree_sitter_javascript
import tree_sitter_typescript

from segcodemod.edits import alone_on_lines, indent_at, line_end, line_start, whole_lines
from segcodemod.httpcalls import CONST_KEY
from segcodemod.languages.base import ParseError
from segcodemod.languages.http_js import find_http_calls
from segcodemod.languages.http_js import index_constants as http_index_constants
from segcodemod.languages.treesitter import (
    TreeSitterFrontend,
    ancestors,
    named_children,
    position,
    span,
    text,
    walk,
)
from segcodemod.model import (
    Arg,
    ArgKind,
    CallSite,
    Context,
    Diagnostic,
    FileFacts,
    Findings,
    ImportSite,
    Item,
    ProjectIndex,
    Severity,
)  # fmt: skip

NODE, LEGACY, BROWSER = "node", "node-legacy", "browser"
PACKAGES = {
    "@segment/analytics-node": NODE,
    "analytics-node": LEGACY,
    "@segment/analytics-next": BROWSER,
}
# exported names of each package that are the client class (anything else is a type/helper)
CLASS_EXPORTS = {NODE: {"Analytics", "default"}, LEGACY: {"default"}, BROWSER: {"AnalyticsBrowser"}}
SNIPPET_PACKAGE = "@segment/snippet"
# the package the rules import as `amplitude` for each family (to spot a name already taken)
TARGET_PACKAGE = {
    NODE: "@amplitude/analytics-node",
    LEGACY: "@amplitude/analytics-node",
    BROWSER: "@amplitude/analytics-browser",
}
METHODS = {
    NODE: {"identify": "identify", "track": "track", "page": "page", "screen": "screen",
           "group": "group", "alias": "alias", "flush": "flush", "closeAndFlush": "shutdown"},
    BROWSER: {"identify": "identify", "track": "track", "page": "page", "screen": "screen",
              "group": "group", "alias": "alias", "reset": "reset", "load": "init"},
}  # fmt: skip
METHODS[LEGACY] = METHODS[NODE]
GLOBAL_OBJECTS = {"window", "globalThis", "self"}
SNIPPET_NAME = "analytics"
RELATIVE_EXTS = (".ts", ".tsx", ".js", ".jsx", ".mjs", ".cjs", ".mts", ".cts")

FUNCTION_TYPES = {
    "function_declaration", "function_expression", "function", "arrow_function",
    "method_definition", "generator_function_declaration", "generator_function",
}  # fmt: skip
BLOCK_SCOPES = FUNCTION_TYPES | {
    "program", "statement_block", "for_statement", "for_in_statement", "catch_clause",
    "switch_body",
}  # fmt: skip
NESTED = FUNCTION_TYPES | {"class_body", "statement_block"}  # not at module level
STATEMENT_LISTS = {
    "program",
    "statement_block",
    "switch_case",
    "switch_default",
    "class_static_block",
}
WRAPPERS = {"parenthesized_expression", "non_null_expression", "as_expression",
            "satisfies_expression", "type_assertion"}  # fmt: skip
JSX_PARENTS = {"jsx_element", "jsx_fragment"}
REF_TYPES = {"identifier", "type_identifier", "shorthand_property_identifier", "member_expression"}
SEMI_STATEMENTS = {"expression_statement", "lexical_declaration", "variable_declaration"}
SEGMENT_TYPE_HINT = re.compile(r"Segment|AnalyticsSnippet|AnalyticsBrowser|@segment")


# -- small tree helpers ------------------------------------------------------------------------


def _unwrap(node: ts.Node) -> ts.Node:
    """`(x as any)`, `x!`, `(x)` -> x."""
    while node.type in WRAPPERS and node.named_children:
        node = node.named_children[-1 if node.type == "type_assertion" else 0]
    return node


def _path(node: ts.Node | None) -> str | None:
    """Dotted path of an identifier / `this` / member chain (`?.` and TS wrappers ignored)."""
    if node is None:
        return None
    node = _unwrap(node)
    if node.type in ("identifier", "this"):
        return text(node)
    if node.type == "member_expression":
        base = _path(node.child_by_field_name("object"))
        prop = node.child_by_field_name("property")
        if base and prop is not None and prop.type == "property_identifier":
            return f"{base}.{text(prop)}"
    return None


def _root_identifier(node: ts.Node) -> ts.Node | None:
    node = _unwrap(node)
    while node.type == "member_expression":
        node = _unwrap(node.child_by_field_name("object"))
    return node if node.type == "identifier" else None


def _is_optional(member: ts.Node) -> bool:
    return any(c.type == "optional_chain" for c in member.children)


_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v", "0": "\0"}


def _unescape(seq: str) -> str:
    body = seq[1:]
    if not body or body[0] in "\r\n\u2028\u2029":
        return ""  # line continuation
    if body[0] in _ESCAPES and (body[0] != "0" or len(body) == 1):
        return _ESCAPES[body[0]]
    if body[0] == "x" and len(body) == 3:
        return chr(int(body[1:], 16))
    if body[0] == "u":
        digits = body[2:-1] if body[1:2] == "{" else body[1:]
        try:
            return chr(int(digits, 16))
        except ValueError:
            return body
    return body


def decode_string(node: ts.Node) -> str | None:
    """Value of a string literal or a template literal without substitutions."""
    if node.type not in ("string", "template_string"):
        return None
    if node.type == "string" and not node.named_children:
        return ""
    out: list[str] = []
    for child in node.named_children:
        if child.type == "string_fragment":
            out.append(text(child))
        elif child.type == "escape_sequence":
            out.append(_unescape(text(child)))
        elif child.type == "html_character_reference":
            out.append(text(child))
        elif child.type == "template_substitution":
            return None
    if node.type == "template_string":  # fragments do not include the backticks, keep raw newlines
        return "".join(out).replace("\r\n", "\n")
    return "".join(out)


def _pattern_names(node: ts.Node | None) -> Iterator[ts.Node]:
    """Identifiers a binding pattern declares (`a`, `{ a, b: [c] }`, `d = 1`, `...e`)."""
    if node is None:
        return
    t = node.type
    if t in ("identifier", "shorthand_property_identifier_pattern"):
        yield node
    elif t in ("required_parameter", "optional_parameter"):
        yield from _pattern_names(node.child_by_field_name("pattern"))
    elif t in ("assignment_pattern", "object_assignment_pattern"):
        yield from _pattern_names(node.child_by_field_name("left"))
    elif t == "pair_pattern":
        yield from _pattern_names(node.child_by_field_name("value"))
    elif t in ("object_pattern", "array_pattern", "rest_pattern", "formal_parameters"):
        for c in node.named_children:
            yield from _pattern_names(c)


def _is_async(fn: ts.Node) -> bool:
    return any(c.type == "async" for c in fn.children)


def _statement_parent_ok(node: ts.Node) -> bool:
    return node.parent is not None and node.parent.type in STATEMENT_LISTS


# -- what a name is bound to --------------------------------------------------------------------


@dataclass
class _Import:
    node: ts.Node  # the statement (import / `const x = require(...)` declaration)
    spec: str  # the module specifier as written, with its quotes
    style: str  # esm | cjs
    names: list[tuple[str, ts.Node]] = field(default_factory=list)  # local name, its node
    segment_only: bool = True
    wrapper: bool = False  # imports a project module's client


@dataclass
class _Origin:
    kind: str  # client | class | namespace | segtype | other | unset | stub (Segment's snippet)
    sdk: str = ""
    imp: _Import | None = None
    wrapper: str | None = None  # specifier of the project module the client comes from
    export: str | None = None  # the name that module exports it under


OTHER = _Origin("other")


@dataclass
class _Decl:
    name: str
    origin: _Origin
    node: ts.Node | None  # the declared name's node
    exported: bool = False
    other_refs: int = 0  # references that are not receivers of found calls


@dataclass
class _Call:
    node: ts.Node  # call_expression / new_expression
    sdk: str
    method: str
    name: str  # real method name ("new" for a constructor)
    receiver: ts.Node | None  # receiver expression (None for `new X()`)
    origin: _Origin
    snippet: bool = False
    stub: bool = False  # `analytics.load(...)` inside Segment's snippet code itself


# -- the per-file analysis --------------------------------------------------------------------


class _Analysis:
    def __init__(self, front: TypeScriptFrontend, path: str, source: bytes,
                 resolve_wrapper: Callable[[str], dict[str, str]] | None = None):  # fmt: skip
        self.front, self.path, self.source = front, path, source
        self.tree = front.parse_checked(source)
        self.root = self.tree.root_node
        self.resolve_wrapper = resolve_wrapper or (lambda spec: {})
        self.decls: dict[tuple[int, str], _Decl] = {}
        self.members: dict[str, _Origin] = {}  # `this.analytics` -> client
        self.member_bindings: dict[str, int] = {}  # member path -> references elsewhere
        self.imports: list[_Import] = []
        self.decl_nodes: set[int] = set()
        self.evidence = False  # this file shows the snippet global is Segment
        self.strong_evidence = False  # ... in a way other files may rely on
        self.counter_evidence = False  # window.analytics is something else here
        self.window_refs = False
        self.top_level_await = False
        self.snippet_source_at: ts.Node | None = None
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
                for n in _pattern_names(node.child_by_field_name("parameter")):
                    self._declare(n, OTHER, node)
            elif t == "assignment_expression":
                self._assignment(node)
            elif t in ("public_field_definition", "field_definition"):
                self._field(node)
            elif t == "interface_declaration":
                self._window_interface(node)
            elif t == "await_expression" and not self._in_function(node):
                self.top_level_await = True
            elif t == "member_expression" and self._is_window_analytics(node):
                self.window_refs = self.evidence = True
            if t in ("function_declaration", "generator_function_declaration", "class_declaration"):
                name = node.child_by_field_name("name")
                if name is not None:
                    self._declare(name, OTHER, self._scope_for(node))
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

    def _in_function(self, node: ts.Node) -> bool:
        return any(a.type in FUNCTION_TYPES or a.type == "class_body" for a in ancestors(node))

    def _scope_for(self, node: ts.Node, var: bool = False) -> ts.Node:
        for anc in ancestors(node):
            if anc.type in (FUNCTION_TYPES if var else BLOCK_SCOPES) or anc.type == "program":
                return anc
        return self.root

    def _declare(
        self, name_node: ts.Node, origin: _Origin, scope: ts.Node, exported=False
    ) -> _Decl:
        name = text(name_node)
        decl = _Decl(name, origin, name_node, exported)
        self.decls[(scope.id, name)] = decl
        self.decl_nodes.add(name_node.id)
        return decl

    def lookup(self, name: str, at: ts.Node) -> _Decl | None:
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
        imp = _Import(node, text(source), "esm")
        clause = next((c for c in node.named_children if c.type == "import_clause"), None)
        sdk = PACKAGES.get(spec)
        exports = {} if sdk or not spec.startswith(".") else self.resolve_wrapper(spec)
        if spec == SNIPPET_PACKAGE or (spec.startswith("@segment/") and PACKAGES.get(spec) != NODE):
            self.evidence = True
            self.strong_evidence = self.strong_evidence or spec == SNIPPET_PACKAGE
        for imported, local in _import_bindings(clause):
            if sdk:
                if imported == "*":
                    origin = _Origin("namespace", sdk, imp)
                elif imported in CLASS_EXPORTS[sdk]:
                    origin = _Origin("class", sdk, imp)
                else:
                    origin = _Origin("segtype", sdk, imp)
            elif imported in exports:
                origin = _Origin("client", exports[imported], imp, text(source), imported)
                imp.wrapper = True
            else:
                origin = OTHER
                imp.segment_only = False
            imp.names.append((text(local), local))
            self.sources[text(local)] = spec
            self._declare(local, origin, self.root)
        if sdk or (imp.wrapper and imp.segment_only and imp.names):
            imp.segment_only = imp.segment_only and (bool(imp.names) or bool(sdk))
            self.imports.append(imp)

    def _require(self, value: ts.Node | None) -> tuple[str, ts.Node, str | None] | None:
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
        scope = self._scope_for(decl_stmt, var=var)
        name = node.child_by_field_name("name")
        value = node.child_by_field_name("value")
        exported = decl_stmt.parent is not None and decl_stmt.parent.type == "export_statement"
        req = self._require(value)
        if req is not None and name is not None:
            self._require_declarator(node, decl_stmt, scope, name, req)
            return
        if name is None:
            return
        if name.type != "identifier":
            for n in _pattern_names(name):
                self._declare(n, OTHER, scope)
            return
        if value is None:
            origin = self._typed(node) or _Origin("unset")
        elif self._is_snippet_stub(value):  # `var analytics = window.analytics = ... || []`
            origin = _Origin("stub", BROWSER)
            self.evidence = self.strong_evidence = True
        else:
            origin = self._origin_of(value) or self._typed(node) or OTHER
        self._declare(name, origin, scope, exported)

    def _require_declarator(self, node, decl_stmt, scope, name, req) -> None:
        spec, spec_node, member = req
        sdk = PACKAGES.get(spec)
        imp = _Import(decl_stmt, text(spec_node), "cjs")
        exports = {} if sdk or not spec.startswith(".") else self.resolve_wrapper(spec)
        if spec.startswith("@segment/") and sdk != NODE:
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
            if sdk:
                if imported == "*":  # the module object
                    kind = "class" if sdk == LEGACY else "namespace"
                    origin = _Origin(kind, sdk, imp)
                else:
                    kind = "class" if imported in CLASS_EXPORTS[sdk] else "segtype"
                    origin = _Origin(kind, sdk, imp)
            else:
                key = "default" if imported == "*" else imported
                if key in exports:
                    origin = _Origin("client", exports[key], imp, text(spec_node), key)
                    imp.wrapper = True
                else:
                    origin = OTHER
                    imp.segment_only = False
            imp.names.append((text(local), local))
            if scope.id == self.root.id:
                self.sources[text(local)] = spec
            self._declare(local, origin, scope)
        declarators = [c for c in decl_stmt.named_children if c.type == "variable_declarator"]
        if len(declarators) != 1:
            imp.segment_only = False
        if (sdk or imp.wrapper) and imp.names:
            self.imports.append(imp)

    def _typed(self, holder: ts.Node) -> _Origin | None:
        """`x: AnalyticsBrowser` where the type names an imported Segment class."""
        ann = holder.child_by_field_name("type")
        if ann is None or ann.type != "type_annotation":
            return None
        inner = ann.named_children[0] if ann.named_children else None
        if inner is None or inner.type != "type_identifier":
            return None
        decl = self.lookup(text(inner), holder)
        # a client class, or analytics-next's `Analytics` instance type
        if decl and (decl.origin.kind == "class" or (
            decl.origin.kind == "segtype" and text(inner) == "Analytics"
        )):  # fmt: skip
            return _Origin("client", decl.origin.sdk)
        return None

    def _params(self, fn: ts.Node) -> None:
        params = fn.child_by_field_name("parameters") or fn.child_by_field_name("parameter")
        if params is None:
            return
        holders = params.named_children if params.type == "formal_parameters" else [params]
        for holder in holders:
            typed = (
                self._typed(holder)
                if holder.type in ("required_parameter", "optional_parameter")
                else None
            )
            for n in _pattern_names(holder):
                self._declare(n, typed or OTHER, fn)
            if typed and any(c.type == "accessibility_modifier" for c in holder.children):
                pattern = holder.child_by_field_name("pattern")
                if pattern is not None and pattern.type == "identifier":
                    self.members[f"this.{text(pattern)}"] = typed

    def _assignment(self, node: ts.Node) -> None:
        left = node.child_by_field_name("left")
        right = node.child_by_field_name("right")
        if left is None or right is None:
            return
        if self._is_window_analytics(left):
            rhs = text(right)
            if "window.analytics" in rhs or rhs.strip() == "[]" or self._origin_of(right):
                self.evidence = self.strong_evidence = True
            else:
                self.counter_evidence = True
            return
        origin = self._origin_of(right)
        if origin is None:
            path = _path(left)
            if path and "." in path:  # `this.x = somethingElse`: this.x is not only a client
                self.member_conflicts.add(path)
            return
        if left.type == "identifier":
            decl = self.lookup(text(left), node)
            if decl is not None and decl.origin.kind == "unset":
                decl.origin = origin
            return
        path = _path(left)
        if path and "." in path and not path.startswith(("module.exports", "exports.")):
            self.members[path] = origin
            self.decl_nodes.add(_unwrap(left).id)

    def _field(self, node: ts.Node) -> None:
        name = node.child_by_field_name("name") or node.child_by_field_name("property")
        value = node.child_by_field_name("value")
        origin = self._origin_of(value) if value is not None else self._typed(node)
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
                if SEGMENT_TYPE_HINT.search(text(prop.child_by_field_name("type"))):
                    self.evidence = self.strong_evidence = True
                else:
                    self.counter_evidence = True

    def _is_window_analytics(self, node: ts.Node) -> bool:
        """`window.analytics` (also `globalThis.`, `self.`), with `window` not a local name."""
        node = _unwrap(node)
        if node.type != "member_expression":
            return False
        prop = node.child_by_field_name("property")
        if prop is None or prop.type != "property_identifier" or text(prop) != SNIPPET_NAME:
            return False
        base = _unwrap(node.child_by_field_name("object"))
        if base.type != "identifier" or text(base) not in GLOBAL_OBJECTS:
            return False
        return self.lookup(text(base), node) is None

    def _is_snippet_stub(self, value: ts.Node) -> bool:
        """Segment's snippet making its queue: `window.analytics = window.analytics || []`
        (4.x) or `window[i] = window[i] || []` (5.x, `i = "analytics"`)."""
        value = _unwrap(value)
        if value.type != "assignment_expression":
            return False
        left = _unwrap(value.child_by_field_name("left"))
        right = _unwrap(value.child_by_field_name("right"))
        if not (self._is_window_analytics(left) or (
            left.type == "subscript_expression"
            and text(_unwrap(left.child_by_field_name("object"))) in GLOBAL_OBJECTS
        )):  # fmt: skip
            return False
        return (
            right.type == "binary_expression"
            and text(right.child_by_field_name("operator")) == "||"
            and _unwrap(right.child_by_field_name("right")).type == "array"
        )

    def _origin_of(self, value: ts.Node) -> _Origin | None:
        """What an initialiser makes a name: a Segment client, or None (not Segment)."""
        value = _unwrap(value)
        if value.type == "await_expression" and value.named_children:
            value = _unwrap(value.named_children[-1])
        if value.type == "new_expression":
            cls = self._class_of(value.child_by_field_name("constructor"))
            return _Origin("client", cls.sdk) if cls else None
        if value.type == "call_expression":
            fn = value.child_by_field_name("function")
            if fn is not None and fn.type == "member_expression":
                prop = text(fn.child_by_field_name("property"))
                cls = self._class_of(fn.child_by_field_name("object"))
                if cls and cls.sdk == BROWSER and prop in ("load", "standalone"):
                    return _Origin("client", BROWSER)
            return None
        if value.type in ("identifier", "member_expression"):
            origin = self.receiver_origin(value)
            return origin if origin and origin.kind == "client" else None
        return None

    def _class_of(self, node: ts.Node | None) -> _Origin | None:
        """A Segment client class (`Analytics`, `AB`, `seg.AnalyticsBrowser`)."""
        if node is None:
            return None
        node = _unwrap(node)
        if node.type == "identifier":
            decl = self.lookup(text(node), node)
            return decl.origin if decl and decl.origin.kind == "class" else None
        if node.type == "member_expression":
            base = _unwrap(node.child_by_field_name("object"))
            prop = text(node.child_by_field_name("property"))
            if base.type == "identifier":
                decl = self.lookup(text(base), base)
                if (
                    decl
                    and decl.origin.kind == "namespace"
                    and prop in CLASS_EXPORTS[decl.origin.sdk]
                ):
                    return decl.origin
        return None

    def receiver_origin(self, node: ts.Node) -> _Origin | None:
        node = _unwrap(node)
        if node.type == "identifier":
            decl = self.lookup(text(node), node)
            return decl.origin if decl else None
        path = _path(node)
        if path and path in self.members:
            return self.members[path]
        return None

    # -- pass 2: calls ---------------------------------------------------------------------

    def calls(self, snippet_ok: bool, bare_ok: bool) -> list[_Call]:
        found: list[_Call] = []
        for node in self.call_nodes:
            call = self._classify(node, snippet_ok, bare_ok)
            if call is not None:
                found.append(call)
        return found

    def _classify(self, node: ts.Node, snippet_ok: bool, bare_ok: bool) -> _Call | None:
        if node.type == "new_expression":
            ctor = node.child_by_field_name("constructor")
            cls = self._class_of(ctor)
            if cls is None:
                return None
            return _Call(node, cls.sdk, "init", "new", None, cls)
        fn = node.child_by_field_name("function")
        if fn is None or fn.type != "member_expression":
            return None
        prop = fn.child_by_field_name("property")
        if prop is None or prop.type != "property_identifier":
            return None
        name = text(prop)
        obj = _unwrap(fn.child_by_field_name("object"))
        cls = self._class_of(obj)
        if cls is not None:
            if cls.sdk == BROWSER and name in ("load", "standalone"):
                return _Call(node, BROWSER, "init", name, obj, cls)
            return None
        origin = self.receiver_origin(obj)
        snippet = False
        if origin is not None and origin.kind == "stub":  # inside Segment's snippet: only its load
            if name != "load":
                return None
            return _Call(node, BROWSER, "init", name, obj, origin, snippet=True, stub=True)
        if origin is None or origin.kind not in ("client",):
            if origin is not None:
                return None
            if self._is_window_analytics(obj):
                if not snippet_ok:
                    return None
            elif obj.type == "identifier" and text(obj) == SNIPPET_NAME:
                if not (snippet_ok and bare_ok):
                    return None
            else:
                return None
            origin, snippet = _Origin("client", BROWSER), True
        method = METHODS[origin.sdk].get(name, "other")
        return _Call(node, origin.sdk, method, name, obj, origin, snippet)

    @cached_property
    def has_snippet_load(self) -> bool:
        """A free `analytics.load(...)` / `window.analytics.load(...)`: the snippet's init."""
        for node in self.call_nodes:
            fn = node.child_by_field_name("function")
            if (
                fn is None
                or fn.type != "member_expression"
                or text(fn.child_by_field_name("property")) != "load"
            ):
                continue
            obj = _unwrap(fn.child_by_field_name("object"))
            stub = self.receiver_origin(obj) if obj.type == "identifier" else None
            if stub is not None and stub.kind == "stub":
                return True
            if self._is_window_analytics(obj) or (
                obj.type == "identifier"
                and text(obj) == SNIPPET_NAME
                and self.lookup(SNIPPET_NAME, obj) is None
            ):
                return True
        return False

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
                path = _path(node)
                if path in member_paths:
                    self.member_bindings[path] = self.member_bindings.get(path, 0) + 1

    # -- exports (for the project index) -----------------------------------------------------

    def exports(self) -> dict[str, str]:
        return {name: sdk for name, (sdk, _) in self.export_keys().items()}

    def export_keys(self) -> dict[str, tuple[str, int]]:
        """Exported clients: name -> (sdk, key); the key names the client in the module: the
        id() of its declaration's origin, or the node id of a `new X()` exported directly."""
        out: dict[str, tuple[str, int]] = {}

        def client(node: ts.Node | None) -> tuple[str, int] | None:
            if node is None:
                return None
            origin = self._origin_of(node)
            if not origin or origin.kind != "client":
                return None
            bare = _unwrap(node)
            return origin.sdk, (bare.id if bare.type == "new_expression" else id(origin))

        for (scope_id, name), decl in self.decls.items():
            if scope_id == self.root.id and decl.exported and decl.origin.kind == "client":
                out[name] = (decl.origin.sdk, id(decl.origin))
        for node in self.root.named_children:
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
                left = _path(expr.child_by_field_name("left")) or ""
                right = expr.child_by_field_name("right")
                if left == "module.exports" and right is not None:
                    if right.type == "object":
                        for item in right.named_children:
                            if item.type == "shorthand_property_identifier":
                                decl = self.lookup(text(item), item)
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

    def has_browser_init(self, calls: list[_Call]) -> bool:
        return any(c.sdk == BROWSER and c.method == "init" and c.name != "new" for c in calls)


def _import_bindings(clause: ts.Node | None) -> Iterator[tuple[str, ts.Node]]:
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


# -- the frontend ---------------------------------------------------------------------------------


class TypeScriptFrontend(TreeSitterFrontend):
    name = "typescript"
    extensions = (".ts", ".mts", ".cts")
    comment_prefix = "//"
    kind_by_type = {
        "number": ArgKind.NUMBER,
        "true": ArgKind.BOOL,
        "false": ArgKind.BOOL,
        "null": ArgKind.NULL,
        "undefined": ArgKind.NULL,
        "array": ArgKind.ARRAY,
        "arrow_function": ArgKind.FUNCTION,
        "function_expression": ArgKind.FUNCTION,
        "function": ArgKind.FUNCTION,
        "generator_function": ArgKind.FUNCTION,
    }

    def grammar(self) -> object:
        return tree_sitter_typescript.language_typescript()

    # -- project index ---------------------------------------------------------------------

    def index(self, path: str, source: bytes, root: str) -> FileFacts:
        a = _Analysis(self, path, source)
        provides: dict[str, str] = {}
        if a.strong_evidence or a.has_snippet_load:
            provides["segment_snippet"] = "1"
        if a.counter_evidence:
            provides["window_analytics_other"] = "1"
        calls = a.calls(snippet_ok=False, bare_ok=False)
        if a.has_browser_init(calls) or a.has_snippet_load:
            provides["browser_init"] = "1"
        shared, shared_names = _shared_instances(a, calls)
        if shared_names:
            provides[SHARED_INSTANCES] = ",".join(shared_names)
        module_inits = [c for c in calls if _module_level_node_init(c) and c.node.id not in shared]
        if _has_amplitude_module_init(a):  # migrated already: no Segment client may take it
            provides[NODE_MODULE_INIT] = "amplitude"
        elif module_inits:  # which init keeps the module API: an exported one first
            exported = set(a.exports())
            provides[NODE_MODULE_INIT] = (
                "exported" if any(_exported_init(a, c, exported) for c in module_inits) else "local"
            )
        provides.update(http_index_constants(a))  # URL constants, for Segment HTTP API calls
        return FileFacts(path, a.exports(), provides)

    # -- finding calls -----------------------------------------------------------------------

    def find(self, path: str, source: bytes, project: ProjectIndex) -> Findings:
        def resolve_wrapper(spec: str) -> dict[str, str]:
            target = _resolve_relative(path, spec, project)
            return project.exports_of(target) if target else {}

        a = _Analysis(self, path, source, resolve_wrapper)
        snippet_ok = not (a.counter_evidence or project.provided("window_analytics_other"))
        bare_ok = a.evidence or a.has_snippet_load or bool(project.provided("segment_snippet"))
        found = a.calls(snippet_ok, bare_ok)
        _refuse_broken_calls(a.root, found)

        receiver_ids = {c.receiver.id for c in found if c.receiver is not None}
        receiver_ids |= {
            r.id for c in found if c.receiver is not None and (r := _root_identifier(c.receiver))
        }
        for c in found:
            if c.node.type == "new_expression":
                ctor = c.node.child_by_field_name("constructor")
                if ctor is not None and (r := _root_identifier(ctor)) is not None:
                    receiver_ids.add(r.id)
        a.count_references(receiver_ids, set(a.members))

        findings = Findings()
        env_file = self._file_env(a, source)
        classic = self._classic_script(a, source)
        # generic facts for rules that add a module-level name (e.g. `mParticle`): the Segment
        # families found in the file, and the file's top-level names -> the module they are
        # imported / required from ("" when declared in the file)
        env_file["file_sdks"] = sorted({c.sdk for c in found})
        env_file["top_level_names"] = {
            name: a.sources.get(name, "") for (scope, name) in a.decls if scope == a.root.id
        }
        self._import_sites(a, path, source, findings)
        # One `amplitude` namespace per file: browser calls next to Node ones are reported,
        # and so are calls whose target package differs from what `amplitude` already names.
        has_node = any(c.sdk in (NODE, LEGACY) for c in found)
        existing = a.sources.get("amplitude")  # the module it is imported from
        if existing is None and (a.root.id, "amplitude") in a.decls:
            existing = "?"  # bound to something else
        for c in found:
            site = self._call_site(a, c, source, env_file, has_node, existing)
            site.env["classic_script"] = classic and c.sdk == BROWSER
            findings.calls.append(site)
        _node_instances(a, found, findings.calls, path, project)
        _link_node_flushes(findings.calls)
        findings.calls += self._http_calls(a, path, source, project, env_file)
        findings.import_anchor = _import_anchor(a, source)
        if a.snippet_source_at is not None and not any(c.stub for c in found):
            line, col = position(a.snippet_source_at)
            findings.notes.append(Diagnostic(
                path, line, col, Severity.NOTE, "snippet-loader",
                "Segment snippet loader found: remove it by hand once the migration is done",
            ))  # fmt: skip
        snippet_calls = [c for c in found if c.snippet and c.method != "init"]
        if snippet_calls and not project.provided("browser_init") and not a.has_snippet_load:
            line, col = position(snippet_calls[0].node)
            findings.notes.append(Diagnostic(
                path, line, col, Severity.NOTE, "no-init",
                "snippet-global calls rewritten but no Segment load/init was found in the project: "
                "call the target SDK's init (amplitude.init / mParticle.init) where the app starts",
            ))  # fmt: skip
        return findings

    def _import_sites(self, a: _Analysis, path: str, source: bytes, findings: Findings) -> None:
        """Segment imports to remove; one whose names are still used stays, with a note."""
        for imp in a.imports:
            if not imp.segment_only:
                continue
            used = [n for n, node in imp.names if (d := a.lookup(n, node)) and d.other_refs]
            if used:
                line, _ = position(imp.node)
                findings.notes.append(Diagnostic(
                    path, line, 1, Severity.NOTE, "import-kept",
                    f"Segment import kept: {', '.join(used)} is still used (e.g. as a type)",
                ))  # fmt: skip
                continue
            start, end = _statement_lines(source, imp.node)
            replacement = ""
            if imp.wrapper:  # the module's init must still run: keep a side-effect import
                semi = ";" if text(imp.node).rstrip().endswith(";") else ""
                head = "import " if imp.style == "esm" else "require("
                tail = "" if imp.style == "esm" else ")"
                replacement = f"{head}{imp.spec}{tail}{semi}" + (
                    "\n" if end > imp.node.end_byte else ""
                )
            findings.imports.append(ImportSite(
                (start, end), source[start:end].decode("utf-8"), position(imp.node)[0], replacement,
                tuple(n for n, _ in imp.names) if imp.wrapper else (),
            ))  # fmt: skip

    def _http_calls(self, a: _Analysis, path, source, project, env_file) -> list[CallSite]:
        """Segment HTTP Tracking API calls (a separate pass: languages/http_js.py)."""

        def imported_constant(spec: str, name: str) -> str | None:
            target = _resolve_relative(path, spec, project)
            facts = project.files.get(target) if target else None
            return facts.provides.get(CONST_KEY + name) if facts else None

        return find_http_calls(
            a, source, imported_constant, project.segment_hosts, env_file, self.name
        )

    def _file_env(self, a: _Analysis, source: bytes) -> dict:
        """How new import lines are written: ES import or require, with or without `;`."""
        if a.path.endswith(".cjs"):
            style = "cjs"
        elif a.imports:
            style = a.imports[0].style
        else:
            esm = any(
                n.type in ("import_statement", "export_statement") for n in a.root.named_children
            )
            style = (
                "cjs" if self.name == "javascript" and not esm and b"require(" in source else "esm"
            )
        imports = [n for n in a.root.named_children if n.type == "import_statement"]
        if imports:
            semi = ";" if text(imports[0]).rstrip().endswith(";") else ""
        else:  # the file's habit: most statements end with `;` or not
            ends = [_semi(n) for n in a.statements if _statement_parent_ok(n)]
            semi = "" if ends and ends.count("") > ends.count(";") else ";"
        return {
            "module_style": style, "import_semi": semi, "typescript": self.name != "javascript",
            "classic_script": False,  # per call: see _classic_script
        }  # fmt: skip

    def _classic_script(self, a: _Analysis, source: bytes) -> bool:
        """A plain `.js` file loaded by a `<script>` tag: no import / export statement, no
        `require(`, no top-level await, no `import.meta`. It cannot import anything, so the
        target's browser SDK is reached through the global its own snippet defines."""
        if self.name != "javascript" or not a.path.endswith(".js"):
            return False
        if a.imports or a.top_level_await or b"require(" in source or b"import.meta" in source:
            return False
        return not any(
            n.type in ("import_statement", "export_statement") for n in a.root.named_children
        )

    def _call_site(
        self, a: _Analysis, c: _Call, source: bytes, env_file: dict, has_node: bool, existing
    ) -> CallSite:
        node = c.node
        args_node = node.child_by_field_name("arguments")
        args = (
            tuple(self._arg(n) for n in named_children(args_node)) if args_node is not None else ()
        )
        context, stmt, binding, awaited, exported, decl_kind, semi = self._context(
            node, c.method == "init"
        )
        env = dict(env_file)
        optional = False
        fn = node.child_by_field_name("function")
        if fn is not None and fn.type == "member_expression":
            optional = _is_optional(fn) or any(
                _is_optional(m) for m in walk(fn) if m.type == "member_expression"
            )
        parent = node.parent
        chained = (
            parent is not None and parent.type == "member_expression"
            and text(parent.child_by_field_name("property")) not in ("then", "catch", "finally")
        )  # fmt: skip
        env.update(
            name=c.name, semi=semi, optional=optional, snippet=c.snippet, snippet_stub=c.stub,
            promise_used=self._promise_used(node, context, awaited),
            can_await=self._can_await(node, a), chained=chained,
            keep_binding=self._keep_binding(a, node, context, binding, exported),
            decl_kind=decl_kind,
            init_holder=self._init_holder(node) if c.method == "init" else None,
            flush_waits=False, init_pending=False, instance="", shared_instance=False,
            namespace_taken=(c.sdk == BROWSER and has_node) or (
                existing is not None and existing != TARGET_PACKAGE[c.sdk]
            ),
            top_level=stmt is not None and not any(x.type in NESTED for x in ancestors(node)),
            client=self._client_key(a, c.receiver) if c.method != "init" else None,
            defines_client=self._client_key(a, node, binding) if binding else None,
            comment_style=self._comment_style(a, source, stmt or span(node)),
        )  # fmt: skip
        receiver = (
            text(c.receiver)
            if c.receiver is not None
            else text(node.child_by_field_name("constructor"))
        )
        line, col = position(node)
        return CallSite(
            path=a.path, language=self.name, sdk=c.sdk, method=c.method, receiver=receiver,
            args=args, span=span(node), statement_span=stmt, line=line, column=col,
            context=context, awaited=awaited, binding=binding, exported=exported,
            text=text(node), env=env,
        )  # fmt: skip

    def _context(self, node: ts.Node, init: bool):
        """(context, statement span, binding, awaited, exported, decl keyword, semicolon).

        Only an init (a client constructor / load) is a DECLARATION: it makes the binding.
        Any other call whose value is assigned is an EXPRESSION whose value is used."""
        inner, parent = node, node.parent
        awaited = False
        if parent is not None and parent.type == "await_expression":
            awaited, inner, parent = True, parent, parent.parent
        expr = (Context.EXPRESSION, None, None, awaited, False, "", "")
        if parent is None:
            return expr
        if parent.type == "expression_statement" and _statement_parent_ok(parent):
            return (Context.STATEMENT, span(parent), None, awaited, False, "", _semi(parent))
        if not init:
            return expr
        if parent.type == "variable_declarator" and _same(
            parent.child_by_field_name("value"), inner
        ):
            name = parent.child_by_field_name("name")
            decl = parent.parent
            if name is None or name.type != "identifier" or decl is None:
                return expr
            if len([c for c in decl.named_children if c.type == "variable_declarator"]) != 1:
                return expr
            stmt, exported = decl, False
            if decl.parent is not None and decl.parent.type == "export_statement":
                stmt, exported = decl.parent, True
            if not _statement_parent_ok(stmt):
                return expr
            kind = decl.child_by_field_name("kind")
            keyword = text(kind) if kind is not None else decl.children[0].type
            return (
                Context.DECLARATION,
                span(stmt),
                text(name),
                awaited,
                exported,
                keyword,
                _semi(decl),
            )
        if parent.type == "assignment_expression" and _same(
            parent.child_by_field_name("right"), inner
        ):
            stmt = parent.parent
            left = _path(parent.child_by_field_name("left"))
            if (
                stmt is not None
                and stmt.type == "expression_statement"
                and _statement_parent_ok(stmt)
                and left
            ):
                if left.startswith(("module.exports", "exports.")):
                    return expr
                return (Context.DECLARATION, span(stmt), left, awaited, False, "", _semi(stmt))
        return expr

    def _init_holder(self, node: ts.Node) -> str | None:
        """Where an init in value position puts the client: a class field, `export default`,
        `module.exports`. Anything else (destructuring, arguments...) uses the value itself."""
        parent = node.parent
        if parent is not None and parent.type == "await_expression":
            node, parent = parent, parent.parent
        if parent is None:
            return None
        if parent.type in ("public_field_definition", "field_definition") and _same(
            parent.child_by_field_name("value"), node
        ):
            return "field"
        if parent.type == "export_statement" and _same(parent.child_by_field_name("value"), node):
            return "export"
        if parent.type == "assignment_expression" and _same(
            parent.child_by_field_name("right"), node
        ):
            left = _path(parent.child_by_field_name("left")) or ""
            if left == "module.exports" or left.startswith(("exports.", "module.exports.")):
                return "exports"
        return None

    def _client_key(self, a: _Analysis, at: ts.Node | None, name: str | None = None) -> str | None:
        """Identifies one client in the file: its declaration, or its member path."""
        if at is None:
            return None
        if name is None:
            path = _path(at)
            if path is None:
                return None
            name = path
        if "." in name:
            return name
        decl = a.lookup(name, at)
        return (
            f"{name}@{decl.node.start_byte}" if decl is not None and decl.node is not None else None
        )

    def _promise_used(self, node: ts.Node, context: Context, awaited: bool) -> bool:
        """Is the call's value used (as a promise)? Only when it is thrown away is it not."""
        if awaited or context is Context.DECLARATION:
            return True
        if context is Context.STATEMENT:
            return False
        parent = node.parent
        if parent is None:
            return False
        if parent.type == "unary_expression" and text(parent.children[0]) == "void":
            return False
        if parent.type == "sequence_expression" and not _same(parent.named_children[-1], node):
            return False
        if parent.type == "arrow_function" and _same(parent.child_by_field_name("body"), node):
            holder = parent.parent
            return not (holder is not None and holder.type == "jsx_expression")
        return parent.type != "expression_statement"

    def _can_await(self, node: ts.Node, a: _Analysis) -> bool:
        for anc in ancestors(node):
            if anc.type in FUNCTION_TYPES:
                return _is_async(anc)
            if anc.type in ("class_body", "class_static_block"):
                return False
        return a.path.endswith((".mjs", ".mts")) or a.top_level_await

    def _keep_binding(self, a: _Analysis, node, context, binding, exported) -> bool:
        if context is not Context.DECLARATION or not binding:
            return False
        if exported:
            return True
        if "." in binding:
            return a.member_bindings.get(binding, 0) > 0
        decl = a.lookup(binding, node)
        return decl is not None and (decl.other_refs > 0 or decl.exported)

    def _comment_style(self, a: _Analysis, source: bytes, where: tuple[int, int]) -> str:
        """`jsx` when the TODO line would land among JSX children (a `//` line would be text)."""
        first = line_start(source, where[0]) + len(indent_at(source, where[0]))
        node = a.root.descendant_for_byte_range(first, first + 1)
        while node is not None and node.parent is not None and node.start_byte == first:
            if node.parent.type in JSX_PARENTS and node.type not in (
                "jsx_opening_element",
                "jsx_closing_element",
            ):
                return "jsx"
            node = node.parent
        return ""

    # -- arguments ---------------------------------------------------------------------------

    def _arg(self, node: ts.Node, name: str | None = None) -> Arg:
        if node.type == "spread_element":
            return Arg(text(node), ArgKind.OTHER, "...", None, None, span(node))
        inner = node
        while inner.type == "parenthesized_expression" and inner.named_children:
            inner = inner.named_children[0]
        kind, value, items = self.kind_of(inner), None, None
        if inner.type in ("string", "template_string"):
            value = decode_string(inner)
            kind = ArgKind.STRING if value is not None else ArgKind.TEMPLATE
        elif inner.type == "identifier" and text(inner) == "undefined":
            kind = ArgKind.NULL
        elif inner.type == "object":
            kind, items = ArgKind.OBJECT, tuple(self._item(i) for i in named_children(inner))
        return Arg(text(node), kind, name, value, items, span(node))

    def _item(self, node: ts.Node) -> Item:
        if node.type == "spread_element":
            operand = node.named_children[0] if node.named_children else node
            return Item(None, "", self._arg(operand), spread=True)
        if node.type == "shorthand_property_identifier":
            return Item(
                text(node), text(node), Arg(text(node), ArgKind.OTHER, None, None, None, span(node))
            )
        if node.type == "pair":
            key = node.child_by_field_name("key")
            value = node.child_by_field_name("value")
            key_value: str | None = None
            if key is not None and key.type in ("property_identifier", "number"):
                key_value = text(key)
            elif key is not None and key.type == "string":
                key_value = decode_string(key)
            return Item(
                key_value, text(key), self._arg(value) if value is not None else self._arg(node)
            )
        # method shorthand, getters...: a function-valued entry
        key = node.child_by_field_name("name")
        return Item(text(key) if key is not None else None, text(key),
                    Arg(text(node), ArgKind.FUNCTION, None, None, None, span(node)))  # fmt: skip

    # -- rendering helpers ---------------------------------------------------------------------

    def quote(self, value: str) -> str:
        escaped = (
            value.replace("\\", "\\\\").replace("'", "\\'").replace("\n", "\\n")
            .replace("\r", "\\r").replace("\t", "\\t")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
        )  # fmt: skip
        return f"'{escaped}'"

    def interpolate(self, parts: Sequence[tuple[str, bool]]) -> str:
        out = []
        for t, code in parts:
            if code:
                out.append("${" + t + "}")
            else:
                out.append(t.replace("\\", "\\\\").replace("`", "\\`").replace("${", "\\${"))
        return "`" + "".join(out) + "`"

    def merge_imports(self, lines: list[str]) -> list[str]:
        out: list[str] = []
        for line in lines:
            if line not in out:
                out.append(line)
        return out


class TsxFrontend(TypeScriptFrontend):
    name = "tsx"
    extensions = (".tsx",)

    def grammar(self) -> object:
        return tree_sitter_typescript.language_tsx()


class JavaScriptFrontend(TypeScriptFrontend):
    name = "javascript"
    extensions = (".js", ".jsx", ".mjs", ".cjs")

    def grammar(self) -> object:
        return tree_sitter_javascript.language()


# -- module helpers -------------------------------------------------------------------------------


NODE_MODULE_INIT = "node_module_init"
SHARED_INSTANCES = "node_shared_instances"  # exported clients that get their own instance


def _module_level_node_init(c: _Call) -> bool:
    """A Node client constructor run once, when the module loads (not in a function / class)."""
    return (
        c.sdk in (NODE, LEGACY) and c.method == "init" and c.node.type == "new_expression"
        and not any(x.type in NESTED for x in ancestors(c.node))
    )  # fmt: skip


def _exported_init(a: _Analysis, c: _Call, exported: set[str]) -> bool:
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
        left = _path(parent.child_by_field_name("left")) or ""
        return left == "module.exports" or left.startswith(("exports.", "module.exports."))
    if parent.type == "variable_declarator":
        name = parent.child_by_field_name("name")
        if name is not None and name.type == "identifier":
            decl = a.lookup(text(name), name)
            return text(name) in exported or (decl is not None and decl.exported)
    return False


def _shared_instances(a: _Analysis, calls: list[_Call]) -> tuple[set[int], list[str]]:
    """Module-level Node inits whose client is exported from a module where the init cannot be
    awaited (CommonJS, .ts/.js ESM without top-level await): another module may flush the client
    before init() has finished, and @amplitude/analytics-node then drops every queued event. Such
    a client becomes its own instance (createAmplitudeInstance: flush() waits for init) and the
    importing modules keep calling it through the imported binding. -> (the inits' node ids,
    the names they are exported under)."""
    if a.path.endswith((".mjs", ".mts")) or a.top_level_await:
        return set(), []
    keys = a.export_keys()
    by_key: dict[int, list[str]] = {}
    for name, (sdk, key) in keys.items():
        if sdk in (NODE, LEGACY):
            by_key.setdefault(key, []).append(name)
    inits: set[int] = set()
    names: list[str] = []
    for c in calls:
        if not _module_level_node_init(c):
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


def _has_amplitude_module_init(a: _Analysis) -> bool:
    """A module-level `amplitude.init(...)` of @amplitude/analytics-node (an earlier run)."""
    for node in a.call_nodes:
        fn = node.child_by_field_name("function")
        if (
            fn is None
            or fn.type != "member_expression"
            or any(x.type in NESTED for x in ancestors(node))
        ):
            continue
        obj = _unwrap(fn.child_by_field_name("object"))
        if (
            text(fn.child_by_field_name("property")) == "init"
            and obj.type == "identifier"
            and a.sources.get(text(obj)) == TARGET_PACKAGE[NODE]
        ):
            return True
    return False


def _primary_init_file(project: ProjectIndex) -> str | None:
    """The file whose first module-level Node init keeps @amplitude/analytics-node's module
    client: one already calling amplitude.init (an earlier run), else the first (by path)
    with an exported Segment client, else the first with any."""
    files = project.provided(NODE_MODULE_INIT)
    chosen = (
        next((p for p, v in files if v == "amplitude"), None)
        or next((p for p, v in files if v == "exported"), None)
        or (files[0][0] if files else None)
    )
    return os.path.normpath(os.path.abspath(chosen)) if chosen else None


def _node_instances(a: _Analysis, found: list[_Call], sites: list[CallSite], path: str,
                    project: ProjectIndex) -> None:  # fmt: skip
    """@amplitude/analytics-node has ONE module-level client: a second `init` on it resets the
    queue (or is ignored while the first runs) and drops events. Only the project's first
    module-level Node client (files by path, then source order) keeps the module API; every
    other Node init - one in a function, a constructor or a class field (it may run many times),
    a second module-level client - gets env.instance: `own` (its own createInstance(), the
    calls on it keep their receiver) or `escapes` (the client leaves the file, where its calls
    cannot be told apart from the module client's: reported). Calls on an `own` client get
    env.instance `own` too. An exported module-level client whose init cannot be awaited (see
    _shared_instances) is `own` as well (env.shared_instance), and so are the calls of other
    modules on it (through the imported binding, which they keep)."""
    primary = _primary_init_file(project)
    primary_file = primary is None or primary == os.path.normpath(os.path.abspath(path))
    exported_names = set(a.exports())
    shared, _ = _shared_instances(a, found)
    module_inits = [c for c in found if _module_level_node_init(c) and c.node.id not in shared]
    # in the primary file: its first exported module-level init, else its first one
    first = next((c for c in module_inits if _exported_init(a, c, exported_names)), None)
    first = first or (module_inits[0] if module_inits else None)
    if _has_amplitude_module_init(a):
        first = None  # the module client is taken already (an earlier run)
    owned: set[str] = set()
    for c, site in zip(found, sites, strict=False):
        if c.sdk not in (NODE, LEGACY) or c.method != "init" or c.node.type != "new_expression":
            continue
        if primary_file and c is first:
            continue
        if c.node.id in shared:  # exported, init not awaitable: its own instance
            site.env["instance"] = "own"
            site.env["shared_instance"] = True
            if site.env.get("defines_client"):
                owned.add(site.env["defines_client"])
            continue
        binding = site.binding
        escapes = site.exported or site.env.get("init_holder") in ("export", "exports")
        if binding and "." not in binding:
            decl = a.lookup(binding, c.node)
            escapes = escapes or (decl is not None and decl.exported) or (
                binding in exported_names and decl is not None and decl.node is not None
                and a.lookup(binding, a.root) is decl
            )  # fmt: skip
        if not escapes and not binding and site.env.get("init_holder") != "field":
            escapes = True  # not bound to a name: nothing to hold the instance
        site.env["instance"] = "escapes" if escapes else "own"
        if not escapes and site.env.get("defines_client"):
            owned.add(site.env["defines_client"])
        elif not escapes and site.env.get("init_holder") == "field":
            field = c.node.parent
            if field is not None and field.type == "await_expression":
                field = field.parent
            name = field.child_by_field_name("name") or field.child_by_field_name("property")
            if name is not None:
                owned.add(f"this.{text(name)}")
    imported: dict[str, set[str]] = {}  # wrapper specifier -> its shared instances
    for c, site in zip(found, sites, strict=False):
        if site.method == "init":
            continue
        if site.env.get("client") in owned:
            site.env["instance"] = "own"
            continue
        origin = a.receiver_origin(c.receiver) if c.receiver is not None else None
        if origin is None or origin.kind != "client" or not origin.wrapper or not origin.export:
            continue
        if origin.wrapper not in imported:
            target = _resolve_relative(path, origin.wrapper[1:-1], project)
            facts = project.files.get(target) if target else None
            value = facts.provides.get(SHARED_INSTANCES, "") if facts else ""
            imported[origin.wrapper] = set(filter(None, value.split(",")))
        if origin.export in imported[origin.wrapper]:
            site.env["instance"] = "own"  # an imported shared instance: keep the receiver


def _link_node_flushes(calls: list[CallSite]) -> None:
    """@amplitude/analytics-node drops the queued events when flush() runs before init()
    has finished. A module-level Node init that cannot be awaited (CommonJS, no top-level
    await) therefore exposes its promise (env.flush_waits) and the flushes of the same client
    in the file wait for it (env.init_pending)."""
    pending = {
        c.env["defines_client"]: c
        for c in calls
        if c.method == "init" and c.sdk in (NODE, LEGACY) and c.env.get("defines_client")
        and c.context is not Context.EXPRESSION and not c.env.get("can_await")
        and c.env.get("top_level") and not c.env.get("instance")
    }  # fmt: skip
    for c in calls:
        init = pending.get(c.env.get("client")) if c.method in ("flush", "shutdown") else None
        if init is not None:
            c.env["init_pending"] = True
            init.env["flush_waits"] = True


def _same(a: ts.Node | None, b: ts.Node | None) -> bool:
    return a is not None and b is not None and a.id == b.id


def _semi(stmt: ts.Node) -> str:
    return ";" if stmt.children and stmt.children[-1].type == ";" else ""


def _statement_lines(source: bytes, node: ts.Node) -> tuple[int, int]:
    """The statement's whole lines when nothing else shares them, else just the statement."""
    start, end = node.start_byte, node.end_byte
    return whole_lines(source, start, end) if alone_on_lines(source, start, end) else (start, end)


_NORMALIZED: dict[int, tuple[ProjectIndex, dict[str, str]]] = {}


def _project_paths(project: ProjectIndex) -> dict[str, str]:
    """Normalised absolute path -> the project's key for it (paths may come relative)."""
    cached = _NORMALIZED.get(id(project))
    if cached is None or cached[0] is not project:
        table = {os.path.normpath(os.path.abspath(p)): p for p in project.files}
        _NORMALIZED.clear()
        _NORMALIZED[id(project)] = cached = (project, table)
    return cached[1]


def _resolve_relative(path: str, spec: str, project: ProjectIndex) -> str | None:
    """A relative import specifier -> the project file it names (extensions, /index)."""
    if not spec.startswith("."):
        return None
    files = _project_paths(project)
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


def _refuse_broken_calls(root: ts.Node, found: list) -> None:
    """A Segment call the grammar could not parse (inside an ERROR node, or one of its
    receivers' names in unparsed text) cannot be rewritten, and rewriting the rest of the file
    (removing the Segment import) would break it silently: skip the file instead."""
    if not root.has_error:
        return
    names = {text(c.receiver).split(".")[0].split("?")[0] for c in found if c.receiver is not None}
    names.add("analytics")
    for c in found:
        if c.node.has_error:
            raise ParseError("a Segment call does not parse", c.node.start_point[0] + 1)
    for node in walk(root, {"ERROR"}):
        if any(f"{name}.".encode() in (node.text or b"") for name in names if name):
            raise ParseError("a Segment call does not parse", node.start_point[0] + 1)


def _import_anchor(a: _Analysis, source: bytes) -> int:
    """After the last top-level import (or a `require` declaration among the leading
    statements), else after a shebang, header comments and directives ('use client')."""
    anchor, leading, prologue = 0, True, True
    for node in a.root.children:
        t = node.type
        is_require = t in ("lexical_declaration", "variable_declaration") and any(
            a._require(d.child_by_field_name("value"))
            for d in node.named_children
            if d.type == "variable_declarator"
        )
        directive = (
            t == "expression_statement"
            and node.named_children
            and node.named_children[0].type == "string"
        )
        if t == "import_statement" or (is_require and leading):
            anchor, prologue = line_end(source, node.end_byte), False
        elif prologue and (t in ("hash_bang_line", "comment") or directive):
            anchor = line_end(source, node.end_byte)
        elif t != "comment":
            leading = prologue = False
    return anchor


__all__ = ["TypeScriptFrontend", "TsxFrontend", "JavaScriptFrontend", "decode_string"]
