"""Java frontend (tree-sitter-java): analytics-android (`android-legacy`) and the server SDK
analytics-java (`java`) called from Java.

Both SDKs name their client `com.segment.analytics.Analytics`; a file is `java` when it imports
`com.segment.analytics.messages.*` classes or calls `Analytics.builder(key)`, `android-legacy`
when it uses `Properties` / `Traits`, `Analytics.with(ctx)` or `new Analytics.Builder(...)`, and
otherwise what the rest of the project shows (index fact `java_segment_flavour`).

Receivers are resolved from imports and declarations, never from a name alone: a name is a Segment
client when its declaration (locals declared before the use, parameters, fields of the enclosing
classes; `this.x`) has type `Analytics` or a Segment initializer; legacy `Analytics.with(context)`
is the SDK's global API (`env.module_api`).

Sites (`env.kind`): `call` (track, identify, ..., `enqueue(XMessage.builder(..)...)` described as
the message's kind with arguments named after the builder steps), `init` shapes (env.name
`Builder` / `builder` / `setSingletonInstance`), `client` (`Analytics.with(ctx)` used as a value),
`type` (a Segment class in a declaration; env.name), `container` (a `Properties` / `Traits`
variable declaration; arg `value`), `put` (`props.putValue(k, v)` on such a variable; args `key`,
`value`, env.name the putter), `message` (a message builder used outside `enqueue(...)`) and
`message-variable` (`enqueue(builder)` with a builder built elsewhere).

Contexts: a call that is a whole statement in a block is `statement` (its span includes the `;`);
`T x = call;` (one declarator, a local) and `x = call;` are `declaration` (env.declare `local` /
`assign`, env.decl_type the declared type); anything else is `expression`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import tree_sitter as ts

from segcodemod.edits import whole_lines
from segcodemod.languages import java_values as jv
from segcodemod.languages.segment_android import LEGACY_PACKAGE
from segcodemod.languages.treesitter import (
    TreeSitterFrontend,
    ancestors,
    import_anchor,
    named_children,
    position,
    text,
    walk,
)
from segcodemod.model import (
    CallSite,
    Context,
    Diagnostic,
    FileFacts,
    Findings,
    ImportSite,
    ProjectIndex,
    Severity,
)

ANDROID, SERVER = "android-legacy", "java"
MESSAGES_PACKAGE = LEGACY_PACKAGE + ".messages"
# class -> role, for explicit imports and the two wildcard packages
PACKAGE_CLASSES = {
    LEGACY_PACKAGE: {
        "Analytics": "analytics", "Properties": "properties", "Traits": "traits",
        "Options": "options", "ValueMap": "options", "Callback": "options", "Log": "options",
    },
    MESSAGES_PACKAGE: {
        **{name: "message" for name in jv.MESSAGES}, "MessageBuilder": "message",
        "Message": "message",
    },
}  # fmt: skip
ANDROID_METHODS = {"track", "identify", "screen", "group", "alias", "reset", "flush"}
SERVER_METHODS = {"flush", "shutdown"}
# java.util.Map methods: calls on a migrated Properties/Traits variable that stay valid
MAP_METHODS = {
    "get", "put", "putAll", "remove", "containsKey", "containsValue", "size", "isEmpty",
    "keySet", "values", "entrySet", "clear", "getOrDefault", "putIfAbsent", "forEach",
    "toString", "equals", "hashCode",
}  # fmt: skip
BLOCKS = ("block", "constructor_body", "switch_block_statement_group", "program")


@dataclass(frozen=True)
class _Decl:
    type: ts.Node | None
    value: ts.Node | None
    kind: str  # local, field, param


@dataclass
class _Import:
    node: ts.Node
    fq: str
    wildcard: bool


class _Scan:
    """Imports, declarations and receivers of one file."""

    def __init__(self, source: bytes, root: ts.Node, project_flavour: str | None):
        self.source, self.root = source, root
        self.package = ""
        self.imports: list[_Import] = []
        self.names: dict[str, str] = {}
        for node in root.named_children:
            if node.type == "package_declaration":
                self.package = text(named_children(node)[0])
            elif node.type == "import_declaration" and node.children[1].type != "static":
                self._add_import(node)
        self.values = jv.Values(self.role, lambda name, at: self.declaration(name, at) is not None)
        self.flavour = self._file_flavour() or project_flavour or ANDROID

    def _add_import(self, node: ts.Node) -> None:
        fq = text(next(c for c in node.named_children if c.type.endswith("identifier")))
        wildcard = any(c.type == "asterisk" for c in node.named_children)
        package, _, name = fq.rpartition(".")
        if wildcard and fq in PACKAGE_CLASSES:
            for simple, role in PACKAGE_CLASSES[fq].items():
                self.names.setdefault(simple, role)
        elif name in PACKAGE_CLASSES.get(package, {}):
            self.names[name] = PACKAGE_CLASSES[package][name]
        else:
            return
        self.imports.append(_Import(node, fq, wildcard))

    def role(self, name: str) -> str | None:
        return self.names.get(name)

    def _file_flavour(self) -> str | None:
        if any(imp.fq.startswith(MESSAGES_PACKAGE) for imp in self.imports):
            return SERVER
        if any(imp.fq.endswith((".Properties", ".Traits")) for imp in self.imports):
            return ANDROID
        for node in walk(self.root, {"method_invocation", "scoped_type_identifier"}):
            if node.type == "scoped_type_identifier":
                if text(node) == "Analytics.Builder" and self.role("Analytics"):
                    return ANDROID
                continue
            call = jv.invocation(node)
            if (
                self.role("Analytics")
                and call.object is not None
                and text(call.object) == "Analytics"
            ):
                if call.name == "builder":
                    return SERVER
                if call.name in ("with", "setSingletonInstance"):
                    return ANDROID
        return None

    def import_anchor(self) -> int:
        return import_anchor(self.source, self.root, {"import_declaration", "package_declaration"})

    # -- declarations --------------------------------------------------------------------------

    def declaration(self, name: str, at: ts.Node) -> _Decl | None:
        """What `name` refers to at `at`: a local before it, a parameter, a field."""
        for scope in ancestors(at):
            found = self._declared_in(scope, name, at)
            if found is not None:
                return found
        return None

    def _declared_in(self, scope: ts.Node, name: str, at: ts.Node) -> _Decl | None:
        t = scope.type
        if t in BLOCKS:
            for child in scope.named_children:
                if child.type == "local_variable_declaration" and child.end_byte <= at.start_byte:
                    found = _declarator(child, name, "local")
                    if found is not None:
                        return found
        elif t in ("class_body", "enum_body_declarations", "interface_body"):
            for child in scope.named_children:
                if child.type in ("field_declaration", "constant_declaration"):
                    found = _declarator(child, name, "field")
                    if found is not None:
                        return found
        elif t in ("method_declaration", "constructor_declaration", "lambda_expression"):
            params = scope.child_by_field_name("parameters")
            if params is not None and params.type == "identifier":
                return _Decl(None, None, "param") if text(params) == name else None
            for param in named_children(params) if params is not None else ():
                if param.type == "identifier" and text(param) == name:
                    return _Decl(None, None, "param")
                if text(param.child_by_field_name("name")) == name:
                    return _Decl(param.child_by_field_name("type"), None, "param")
        elif t in ("for_statement", "try_with_resources_statement"):
            for child in walk(scope, {"local_variable_declaration"}):
                found = _declarator(child, name, "local")
                if found is not None and child.end_byte <= at.start_byte:
                    return found
        elif t in ("enhanced_for_statement", "catch_clause"):
            for node in walk(scope, {"identifier"}):
                parent = node.parent
                if (
                    text(node) == name
                    and node.start_byte < at.start_byte
                    and parent is not None
                    and parent.type in ("enhanced_for_statement", "catch_formal_parameter")
                ):
                    return _Decl(parent.child_by_field_name("type"), None, "local")
        return None

    def decl_sdk(self, decl: _Decl | None) -> str | None:
        if decl is None:
            return None
        if decl.type is not None and self.values.segment_name(decl.type, "analytics"):
            return self.flavour
        if decl.type is not None and text(decl.type) == LEGACY_PACKAGE + ".Analytics":
            return self.flavour
        if decl.value is not None and self.init_of(decl.value) is not None:
            return self.flavour
        return None

    def decl_role(self, decl: _Decl | None) -> str | None:
        """`properties` / `traits` when a declaration has that Segment type."""
        if decl is None or decl.type is None:
            return None
        for role in ("properties", "traits"):
            if self.values.segment_name(decl.type, role):
                return role
        return None

    # -- Segment shapes --------------------------------------------------------------------------

    def segment_class(self, node: ts.Node | None) -> bool:
        return self.values.segment_name(node, "analytics")

    def with_call(self, node: ts.Node) -> bool:
        call = jv.invocation(node)
        return bool(call and call.name == "with" and self.segment_class(call.object))

    def init_of(self, node: ts.Node) -> tuple[str, list[ts.Node], list[jv.Invocation]] | None:
        """(kind, required args, option steps) of `new Analytics.Builder(ctx, key)...build()`
        (kind `Builder`) or `Analytics.builder(key)...build()` (kind `builder`)."""
        call = jv.invocation(node)
        if call is None or call.name != "build" or call.args:
            return None
        steps: list[jv.Invocation] = []
        cur = call.object
        while cur is not None:
            made = jv.creation(cur)
            if made is not None:
                type_node = cur.child_by_field_name("type")
                if (
                    type_node.type == "scoped_type_identifier"
                    and made[0] == "Analytics.Builder"
                    and self.segment_class(named_children(type_node)[0])
                ):
                    return "Builder", made[1], steps[::-1]
                return None
            inner = jv.invocation(cur)
            if inner is None:
                return None
            if inner.name == "builder" and self.segment_class(inner.object):
                return "builder", inner.args, steps[::-1]
            steps.append(inner)
            cur = inner.object
        return None

    def receiver_sdk(self, node: ts.Node) -> tuple[str, bool] | None:
        """(sdk, module_api) when `node` evaluates to a Segment client."""
        if node.type == "parenthesized_expression":
            return self.receiver_sdk(named_children(node)[0])
        if node.type == "method_invocation":
            return (ANDROID, True) if self.with_call(node) else None
        if node.type == "identifier":
            sdk = self.decl_sdk(self.declaration(text(node), node))
        elif node.type == "field_access" and text(node.child_by_field_name("object")) == "this":
            field = node.child_by_field_name("field")
            body = next((a for a in ancestors(node) if a.type == "class_body"), None)
            sdk = self.decl_sdk(self._declared_in(body, text(field), node)) if body else None
        else:
            return None
        return (sdk, False) if sdk else None


def _declarator(decl: ts.Node, name: str, kind: str) -> _Decl | None:
    for declarator in decl.children_by_field_name("declarator"):
        if text(declarator.child_by_field_name("name")) == name:
            return _Decl(
                decl.child_by_field_name("type"), declarator.child_by_field_name("value"), kind
            )
    return None


# -- the frontend ------------------------------------------------------------------------------


class JavaFrontend(TreeSitterFrontend):
    name = "java"
    extensions = (".java",)
    comment_prefix = "//"

    def grammar(self) -> object:
        import tree_sitter_java

        return tree_sitter_java.language()

    def index(self, path: str, source: bytes, root: str) -> FileFacts:
        scan = _Scan(source, self.parse_checked(source).root_node, None)
        if not scan.imports or scan._file_flavour() is None:
            return FileFacts(path)
        return FileFacts(path, {}, {"java_segment_flavour": scan.flavour})

    def find(self, path: str, source: bytes, project: ProjectIndex) -> Findings:
        from segcodemod.languages.java_sites import JavaFinder

        tree = self.parse_checked(source)
        flavours = sorted({value for _, value in project.provided("java_segment_flavour")})
        scan = _Scan(source, tree.root_node, flavours[0] if len(flavours) == 1 else None)
        findings = Findings(import_anchor=scan.import_anchor())
        if not scan.imports:
            return findings
        env = {"package": scan.package, "class_name": _top_class(tree.root_node)}
        methods = {ANDROID: ANDROID_METHODS, SERVER: SERVER_METHODS}
        finder = JavaFinder(scan, path, env, methods, MAP_METHODS)
        finder.run()
        findings.calls, findings.notes = finder.calls, finder.notes
        findings.imports, notes = _removable_imports(scan, path, finder.calls)
        findings.notes.extend(notes)
        return findings

    def merge_imports(self, lines: list[str]) -> list[str]:
        return sorted(dict.fromkeys(lines))

    def quote(self, value: str) -> str:
        return jv.quote(value)

    def interpolate(self, parts: Sequence[tuple[str, bool]]) -> str:
        pieces = []
        for value, code in parts:
            if not code:
                pieces.append(jv.quote(value))
            else:
                plain = value.replace(".", "").replace("_", "").replace("()", "").isalnum()
                pieces.append(value if plain else f"({value})")
        if len(pieces) == 1 and parts[0][1]:
            return f"String.valueOf({parts[0][0]})"
        return " + ".join(pieces)


def _top_class(root: ts.Node) -> str | None:
    for node in root.named_children:
        if node.type in ("class_declaration", "enum_declaration", "interface_declaration"):
            return text(node.child_by_field_name("name"))
    return None


def _removable_imports(
    scan: _Scan, path: str, sites: list[CallSite]
) -> tuple[list[ImportSite], list[Diagnostic]]:
    """Segment imports whose every use lies inside a site the rules rewrite."""
    covered = [
        s.statement_span if s.context is not Context.EXPRESSION and s.statement_span else s.span
        for s in sites
    ]
    refs: dict[str, list[ts.Node]] = {}
    for node in walk(scan.root, {"identifier", "type_identifier"}):
        inside = any(a <= node.start_byte and node.end_byte <= b for a, b in covered)
        if not inside and not any(a.type == "import_declaration" for a in ancestors(node)):
            refs.setdefault(text(node), []).append(node)
    sites_out: list[ImportSite] = []
    notes: list[Diagnostic] = []
    for imp in scan.imports:
        names = list(PACKAGE_CLASSES[imp.fq]) if imp.wildcard else [imp.fq.rsplit(".", 1)[-1]]
        left = [n for name in names for n in refs.get(name, ())]
        if left:
            line, column = position(left[0])
            name = imp.fq + (".*" if imp.wildcard else "")
            message = f"Segment import {name} kept: `{text(left[0])}` is still used here"
            notes.append(Diagnostic(path, line, column, Severity.NOTE, "import-kept", message))
            continue
        start, end = whole_lines(scan.source, imp.node.start_byte, imp.node.end_byte)
        sites_out.append(
            ImportSite((start, end), scan.source[start:end].decode(), imp.node.start_point[0] + 1)
        )
    return sites_out, notes


__all__ = ["JavaFrontend"]
