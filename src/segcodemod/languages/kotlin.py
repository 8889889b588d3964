"""Kotlin frontend (tree-sitter-kotlin): analytics-kotlin (`kotlin`) and the legacy
analytics-android (`android-legacy`) used from Kotlin.

Receivers are resolved from imports and declarations, never from a name alone:

- `Analytics` is Segment's only when imported (`com.segment.analytics.kotlin.android.Analytics`,
  `com.segment.analytics.kotlin.core.Analytics` / `.core.*`, legacy
  `com.segment.analytics.Analytics` / `.*`, with `as` aliases);
- a name is a Segment client when its declaration (looked up lexically: locals declared before
  the use, parameters, class members and companion members, class-constructor properties) has a
  Segment type (`lateinit var analytics: Analytics`, `a: Analytics?`) or a Segment initializer
  (`Analytics("K", ctx) {...}`, `Analytics.Builder(...).build()`, `Analytics.with(ctx)`,
  `by lazy { Analytics(...) }`);
- `this.x` / `this@C.x` look in the enclosing class; names a class inherits, `Obj.x` / `C.x`
  (objects, companions), top-level properties and `(e as C).x` come from the project index,
  resolved through the file's package and imports;
- legacy `Analytics.with(context)` is the SDK's global API (`env.module_api`).

Arguments: named arguments keep their name; a trailing lambda is one more (unnamed) FUNCTION
argument, except on `init`, where a block of plain assignments (`{ flushAt = 3 }`) is an OBJECT.
Containers the rules should see as maps are OBJECT args with items: `buildJsonObject { put(k, v) }`,
`mapOf(k to v)` (and mutable/hash/linked variants), `emptyJsonObject`, legacy
`Properties().putValue(k, v).putRevenue(r)` and `Traits().putEmail(e)` chains (typed putters map
to their Segment keys) and their `.apply { this[k] = v; put(k, v) }` blocks. Anything else inside
(a loop, `putJsonObject`, an unknown putter) makes the whole container OTHER: rules pass it
through or report it. Where the Segment SDK has overloads that differ only by argument type
(legacy `screen(category, name)` vs `screen(name, properties)`, `identify(traits)` vs
`identify(userId)`), the frontend resolves them from literal kinds and local declarations and
names the arguments after the chosen overload's parameters.

Imports: a Segment (or kotlinx `buildJsonObject`/`put`) import is listed for removal only when
every use of the name it binds sits in something the rules rewrite away (a call site's receiver,
constructor or type, or an OBJECT container); a name still used elsewhere keeps its import and
gets a note. Rules must therefore render OBJECT arguments from their items (recursively), never
as their source text. Wildcard `kotlinx.serialization.json.*` imports are always kept.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import tree_sitter as ts

from segcodemod.edits import line_end, line_start, whole_lines
from segcodemod.languages.segment_android import PUTTERS, legacy_screen_labels, putter_key
from segcodemod.languages.treesitter import (
    TreeSitterFrontend,
    ancestors,
    escape_string,
    import_anchor,
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
)

KOTLIN, LEGACY = "kotlin", "android-legacy"

# role of a name an import binds: analytics (the client class / constructor function),
# properties / traits (legacy containers), build / put (kotlinx JSON builders), empty.
EXPLICIT_IMPORTS: dict[str, tuple[str, str]] = {
    "com.segment.analytics.kotlin.android.Analytics": ("analytics", KOTLIN),
    "com.segment.analytics.kotlin.core.Analytics": ("analytics", KOTLIN),
    "com.segment.analytics.kotlin.core.emptyJsonObject": ("empty", KOTLIN),
    "com.segment.analytics.Analytics": ("analytics", LEGACY),
    "com.segment.analytics.Properties": ("properties", LEGACY),
    "com.segment.analytics.Traits": ("traits", LEGACY),
    "kotlinx.serialization.json.buildJsonObject": ("build", ""),
    "kotlinx.serialization.json.put": ("put", ""),
}
WILDCARD_IMPORTS: dict[str, dict[str, tuple[str, str]]] = {
    "com.segment.analytics.kotlin.core": {
        "Analytics": ("analytics", KOTLIN),
        "emptyJsonObject": ("empty", KOTLIN),
    },
    "com.segment.analytics.kotlin.android": {"Analytics": ("analytics", KOTLIN)},
    "com.segment.analytics": {
        "Analytics": ("analytics", LEGACY),
        "Properties": ("properties", LEGACY),
        "Traits": ("traits", LEGACY),
    },
    "kotlinx.serialization.json": {"buildJsonObject": ("build", ""), "put": ("put", "")},
}
# Public names a Segment wildcard import provides that app code commonly uses; the wildcard is
# removed only when none of them is used outside what the rules rewrite.
WILDCARD_NAMES: dict[str, frozenset[str]] = {
    "com.segment.analytics.kotlin.core": frozenset({
        "Analytics", "Configuration", "BaseEvent", "TrackEvent", "IdentifyEvent", "ScreenEvent",
        "GroupEvent", "AliasEvent", "EventType", "Properties", "Traits", "emptyJsonObject",
        "Settings", "ErrorHandler", "RequestFactory", "Storage", "StorageProvider", "System",
        "UserInfo", "AnalyticsContext", "Integrations", "DestinationMetadata", "Constants",
        "EnrichmentClosure",
    }),
    "com.segment.analytics.kotlin.android": frozenset({"Analytics", "AndroidStorageProvider"}),
    "com.segment.analytics": frozenset({
        "Analytics", "Properties", "Traits", "Options", "ValueMap", "AnalyticsContext",
        "Middleware", "StatsSnapshot", "Client", "ConnectionFactory", "Crypto",
    }),
}  # fmt: skip

METHODS = {
    "track": "track", "identify": "identify", "screen": "screen", "group": "group",
    "alias": "alias", "reset": "reset", "flush": "flush",
}  # fmt: skip
SCOPE_FUNCTIONS = {"apply", "run", "let", "also", "takeIf", "takeUnless", "with"}
MAP_FUNCTIONS = {"mapOf", "mutableMapOf", "hashMapOf", "linkedMapOf"}
EMPTY_MAP_FUNCTIONS = {"emptyMap", "mapOf", "mutableMapOf", "hashMapOf", "linkedMapOf"}
ARRAY_FUNCTIONS = {"listOf", "mutableListOf", "arrayListOf", "arrayOf", "setOf", "mutableSetOf"}
LEGACY_BUILDER = "Builder"


STRING_TYPES = {"String", "CharSequence"}
MAP_TYPES = {
    "Map", "MutableMap", "HashMap", "LinkedHashMap", "JsonObject", "Properties", "Traits",
    "ValueMap",
}  # fmt: skip
STRING_LITERALS = ("string_literal", "multiline_string_literal")
# Operators that bind more loosely than an infix call (`to`): `"k" to a ?: b` would mean
# `("k" to a) ?: b`, so a value built from one of them is written in parentheses.
LOOSE_OPERATORS = {"?:", "==", "!=", "===", "!==", "<", ">", "<=", ">=", "&&", "||"}
LOOSE_TYPES = ("is_expression", "in_expression", "infix_expression")
FUNCTION_TYPES = ("lambda_literal", "annotated_lambda", "anonymous_function", "callable_reference")
NUMBER_TYPES = (
    "number_literal",
    "float_literal",
    "integer_literal",
    "long_literal",
    "real_literal",
)
STATEMENT_PARENTS = ("block", "source_file", "statements", "lambda_literal")
_IDENT_START = re.compile(r"[A-Za-z_`{]")


# -- small tree helpers ------------------------------------------------------------------------


@dataclass(frozen=True)
class _Call:
    """A call as Kotlin sees it: `callee(args) { trailing lambda }`."""

    node: ts.Node  # the outermost call_expression (includes the trailing lambda)
    callee: ts.Node
    args: list[ts.Node]  # value_argument nodes
    lam: ts.Node | None  # annotated_lambda


def _call(node: ts.Node) -> _Call | None:
    if node.type != "call_expression":
        return None
    kids = named_children(node)
    if not kids:
        return None
    head = kids[0]
    va = next((k for k in kids[1:] if k.type == "value_arguments"), None)
    lam = next((k for k in kids[1:] if k.type == "annotated_lambda"), None)
    if head.type == "call_expression" and va is None and lam is not None:
        inner = _call(head)  # `f(a) { ... }` nests the parenthesised call
        if inner is None or inner.lam is not None:
            return None
        return _Call(node, inner.callee, inner.args, lam)
    args = [c for c in va.named_children if c.type == "value_argument"] if va else []
    return _Call(node, head, args, lam)


def _absorbed(node: ts.Node) -> bool:
    """`f(a)` inside `f(a) { ... }`: the outer node is the call."""
    parent = node.parent
    if parent is None or parent.type != "call_expression":
        return False
    kids = named_children(parent)
    return (
        bool(kids)
        and kids[0] == node
        and not any(k.type == "value_arguments" for k in kids)
        and any(k.type == "annotated_lambda" for k in kids)
    )


def _nav(node: ts.Node) -> tuple[ts.Node, str, ts.Node] | None:
    """(receiver, operator, member) of `a.b` / `a?.b`."""
    if node.type != "navigation_expression":
        return None
    kids = named_children(node)
    if len(kids) != 2 or kids[1].type != "identifier":
        return None
    op = next((c.type for c in node.children if not c.is_named and c.type in (".", "?.")), None)
    if op is None:
        return None
    return kids[0], op, kids[1]


def _arg_parts(va: ts.Node) -> tuple[str | None, ts.Node | None, bool]:
    """(name, expression, spread) of a value_argument."""
    kids = named_children(va)
    if not kids:
        return None, None, False
    named = any(not c.is_named and c.type == "=" for c in va.children)
    name = text(kids[0]) if named and len(kids) >= 2 else None
    expr = kids[-1]
    if expr.type == "spread_expression":
        return name, expr, True
    return name, expr, False


def _lambda_statements(lam: ts.Node) -> list[ts.Node] | None:
    """Statements of `{ ... }` (None when it declares parameters)."""
    body = (
        lam
        if lam.type == "lambda_literal"
        else next((c for c in lam.named_children if c.type == "lambda_literal"), None)
    )
    if body is None:
        return None
    kids = named_children(body)
    if any(k.type == "lambda_parameters" for k in kids):
        return None
    return kids


def _infix(node: ts.Node) -> tuple[ts.Node, str, ts.Node] | None:
    kids = named_children(node)
    if node.type != "infix_expression" or len(kids) != 3:
        return None
    return kids[0], text(kids[1]), kids[2]


def _property_name(decl: ts.Node) -> str | None:
    vd = next((c for c in decl.named_children if c.type == "variable_declaration"), None)
    ident = next((c for c in vd.named_children if c.type == "identifier"), None) if vd else None
    return text(ident) if ident is not None else None


def _property_type(decl: ts.Node) -> ts.Node | None:
    holder = decl
    if decl.type == "property_declaration":
        holder = next((c for c in decl.named_children if c.type == "variable_declaration"), decl)
    return next(
        (c for c in holder.named_children if c.type in ("user_type", "nullable_type")), None
    )


def _initializer(decl: ts.Node) -> ts.Node | None:
    seen_eq = False
    for c in decl.children:
        if not c.is_named and c.type == "=":
            seen_eq = True
        elif seen_eq and c.is_named and c.type != "comment":
            return c
    delegate = next((c for c in decl.named_children if c.type == "property_delegate"), None)
    if delegate is not None:  # `by lazy { Analytics(...) }`
        inner = next((c for c in named_children(delegate)), None)
        call = _call(inner) if inner is not None else None
        if call and call.callee.type == "identifier" and text(call.callee) == "lazy" and call.lam:
            stmts = _lambda_statements(call.lam)
            return stmts[-1] if stmts else None
    return None


def _type_names(node: ts.Node | None) -> list[str]:
    """`a.b.C` of a user_type (through `?`)."""
    if node is None:
        return []
    if node.type == "nullable_type":
        node = next((c for c in node.named_children if c.type == "user_type"), None)
        if node is None:
            return []
    if node.type != "user_type":
        return []
    return [text(c) for c in node.named_children if c.type == "identifier"]


def _decode(node: ts.Node) -> tuple[ArgKind, str | None]:
    """A Kotlin string literal's value, or TEMPLATE when it interpolates (`$x`, `${x}`)."""
    raw = text(node)
    if node.type == "multiline_string_literal":
        body, escapes = raw[3:-3], False
    else:
        body, escapes = raw[1:-1], True
    if any(c.type == "interpolation" for c in node.named_children):
        return ArgKind.TEMPLATE, None
    out: list[str] = []
    simple = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "\\": "\\", '"': '"', "'": "'", "$": "$"}
    i = 0
    while i < len(body):
        ch = body[i]
        if escapes and ch == "\\" and i + 1 < len(body):
            nxt = body[i + 1]
            if nxt in simple:
                out.append(simple[nxt])
                i += 2
                continue
            if nxt == "u" and re.fullmatch(r"[0-9A-Fa-f]{4}", body[i + 2 : i + 6]):
                out.append(chr(int(body[i + 2 : i + 6], 16)))
                i += 6
                continue
            return ArgKind.OTHER, None
        if ch == "$" and i + 1 < len(body) and _IDENT_START.match(body[i + 1]):
            return ArgKind.TEMPLATE, None
        out.append(ch)
        i += 1
    return ArgKind.STRING, "".join(out)


def _loose(node: ts.Node) -> bool:
    """An expression that binds more loosely than an infix call: it needs parentheses there."""
    if node.type in LOOSE_TYPES:
        return True
    if node.type != "binary_expression":
        return False
    return any(not c.is_named and text(c) in LOOSE_OPERATORS for c in node.children)


def _escape(value: str) -> str:
    return escape_string(value, '"\\$', lambda code: f"\\u{code:04x}")


def _negative_number(node: ts.Node) -> bool:
    kids = named_children(node)
    return (
        node.type == "prefix_expression"
        and len(kids) == 1
        and kids[0].type in NUMBER_TYPES
        and text(node).lstrip().startswith("-")
    )


def _child(node: ts.Node, kind: str) -> ts.Node | None:
    return next((c for c in node.named_children if c.type == kind), None)


def _class_parameters(cls: ts.Node) -> list[ts.Node]:
    ctor = _child(cls, "primary_constructor")
    params = _child(ctor, "class_parameters") if ctor is not None else None
    return [c for c in params.named_children if c.type == "class_parameter"] if params else []


def _inside_error(node: ts.Node) -> bool:
    return node.has_error or any(a.is_error for a in ancestors(node))


# -- one parsed file ---------------------------------------------------------------------------


@dataclass
class _Import:
    node: ts.Node
    fq: str
    wildcard: bool
    bound: str | None  # the simple name an explicit import binds


class _Scan:
    """Imports, declarations and name resolution for one file (shared by index and find)."""

    def __init__(self, front: KotlinFrontend, path: str, source: bytes, root: ts.Node):
        self.front, self.path, self.source, self.root = front, path, source, root
        self.package = ""
        self.imports: list[_Import] = []
        self.names: dict[str, tuple[str, str]] = {}  # simple name -> (role, sdk)
        self.exports: dict[str, str] = {}  # fully qualified member key -> sdk, from the project
        self._sdk_cache: dict[tuple[int, int], str | None] = {}
        self._resolving: set[tuple[int, int]] = set()
        self._collect_header()

    # -- imports ---------------------------------------------------------------------------------

    def _collect_header(self) -> None:
        wildcard_names: dict[str, tuple[str, str]] = {}
        explicit: dict[str, tuple[str, str]] = {}
        for node in self.root.named_children:
            if node.type == "package_header":
                qi = next(
                    (c for c in node.named_children if c.type == "qualified_identifier"), None
                )
                self.package = re.sub(r"\s+", "", text(qi))
            elif node.type == "import":
                qi = next(
                    (c for c in node.named_children if c.type == "qualified_identifier"), None
                )
                if qi is None:
                    continue
                fq = re.sub(r"\s+", "", text(qi))
                wildcard = any(not c.is_named and c.type == "*" for c in node.children)
                idents = [c for c in node.named_children if c.type == "identifier"]
                bound = (
                    None if wildcard else (text(idents[-1]) if idents else fq.rsplit(".", 1)[-1])
                )
                self.imports.append(_Import(node, fq, wildcard, bound))
                if wildcard:
                    wildcard_names.update(WILDCARD_IMPORTS.get(fq, {}))
                elif fq in EXPLICIT_IMPORTS and bound:
                    explicit[bound] = EXPLICIT_IMPORTS[fq]
        self.names = {**wildcard_names, **explicit}  # explicit imports win over wildcards

    def role(self, name: str) -> tuple[str, str] | None:
        return self.names.get(name)

    def class_role(self, node: ts.Node) -> str | None:
        """The sdk when `node` is an identifier naming Segment's Analytics."""
        if node.type != "identifier":
            return None
        role = self.role(text(node))
        return role[1] if role and role[0] == "analytics" else None

    def import_anchor(self) -> int:
        # (older grammars group the imports in an import_list)
        return import_anchor(self.source, self.root, {"import", "package_header", "import_list"})

    def fq_candidates(self, names: list[str]) -> list[str]:
        """Fully qualified names a (possibly dotted) class reference may denote here."""
        if not names:
            return []
        first, rest = names[0], names[1:]
        out: list[str] = []
        for imp in self.imports:
            if not imp.wildcard and imp.bound == first:
                out.append(".".join([imp.fq, *rest]))
        if out:
            return out
        out.append(".".join([self.package, *names]) if self.package else ".".join(names))
        out += [".".join([imp.fq, *names]) for imp in self.imports if imp.wildcard]
        return out

    # -- lexical lookup ----------------------------------------------------------------------

    def lookup(self, name: str, at: ts.Node) -> ts.Node | None:
        """The declaration `name` refers to at `at`, looking outwards through the scopes."""
        for scope in ancestors(at):
            decl = self._declared_in(scope, name, at)
            if decl is not None:
                return decl
        return None

    def member(self, name: str, at: ts.Node, label: str | None = None) -> ts.Node | None:
        """`this.name` / `this@label.name`: a member of the enclosing (or labelled) class."""
        for scope in ancestors(at):
            if scope.type not in ("class_declaration", "object_declaration"):
                continue
            ident = next(
                (c for c in scope.named_children if c.type in ("identifier", "type_identifier")),
                None,
            )
            if label and text(ident) != label:
                continue
            body = next((c for c in scope.named_children if c.type == "class_body"), None)
            decl = (self._declared_in(body, name, at) if body is not None else None) or (
                self._declared_in(scope, name, at)
            )
            return decl
        return None

    def _declared_in(self, scope: ts.Node, name: str, at: ts.Node) -> ts.Node | None:
        t = scope.type
        if t in ("block", "statements", "lambda_literal", "source_file"):
            for child in scope.named_children:
                if (
                    child.type == "property_declaration"
                    and _property_name(child) == name
                    and (t == "source_file" or child.end_byte <= at.start_byte)
                ):
                    return child
                if child.type == "lambda_parameters":
                    for vd in walk(child, {"variable_declaration"}):
                        ident = next((c for c in vd.named_children if c.type == "identifier"), None)
                        if text(ident) == name:
                            return vd
        elif t == "class_body":
            for child in scope.named_children:
                if child.type == "property_declaration" and _property_name(child) == name:
                    return child
                if child.type == "companion_object":
                    body = next((c for c in child.named_children if c.type == "class_body"), None)
                    found = self._declared_in(body, name, at) if body is not None else None
                    if found is not None:
                        return found
        elif t == "class_declaration":
            for param in _class_parameters(scope):
                ident = next((c for c in param.named_children if c.type == "identifier"), None)
                if text(ident) == name:
                    return param
        elif t in ("function_declaration", "secondary_constructor", "anonymous_function",
                   "setter"):  # fmt: skip
            params = next(
                (c for c in scope.named_children if c.type == "function_value_parameters"), None
            )
            for param in params.named_children if params is not None else ():
                ident = next((c for c in param.named_children if c.type == "identifier"), None)
                if param.type == "parameter" and text(ident) == name:
                    return param
        elif t == "for_statement":
            for vd in (c for c in scope.named_children if c.type == "variable_declaration"):
                ident = next((c for c in vd.named_children if c.type == "identifier"), None)
                if text(ident) == name:
                    return vd
        elif t == "catch_block":
            ident = next((c for c in scope.named_children if c.type == "identifier"), None)
            if text(ident) == name:
                return scope
        return None

    # -- what a declaration holds ------------------------------------------------------------

    def decl_sdk(self, decl: ts.Node | None) -> str | None:
        if decl is None:
            return None
        key = (decl.start_byte, decl.end_byte)
        if key in self._sdk_cache:
            return self._sdk_cache[key]
        if key in self._resolving:
            return None
        self._resolving.add(key)
        try:
            sdk = self.type_sdk(_property_type(decl))
            if sdk is None and decl.type == "property_declaration":
                sdk = self.expr_sdk(_initializer(decl))
        finally:
            self._resolving.discard(key)
        self._sdk_cache[key] = sdk
        return sdk

    def type_sdk(self, node: ts.Node | None) -> str | None:
        names = _type_names(node)
        if len(names) == 1:
            role = self.role(names[0])
            return role[1] if role and role[0] == "analytics" else None
        fq = ".".join(names)
        entry = EXPLICIT_IMPORTS.get(fq)
        return entry[1] if entry and entry[0] == "analytics" else None

    def expr_sdk(self, node: ts.Node | None) -> str | None:
        """The sdk of a Segment client an expression evaluates to."""
        if node is None:
            return None
        if node.type == "call_expression":
            init = self.init_of(node)
            if init is not None:
                return init[0]
            if self.with_call(node):
                return LEGACY
            return None
        found = self.receiver_sdk(node)
        return found[0] if found else None

    def decl_kind(self, decl: ts.Node | None) -> str | None:
        """'string' or 'object' when a declaration shows what a name holds."""
        if decl is None:
            return None
        names = _type_names(_property_type(decl))
        if names:
            if names[-1] in STRING_TYPES:
                return "string"
            if names[-1] in MAP_TYPES:
                return "object"
            return None
        init = _initializer(decl) if decl.type == "property_declaration" else None
        if init is None:
            return None
        if init.type in STRING_LITERALS:
            return "string"
        if init.type == "call_expression" and self.container(init, []) is not None:
            return "object"
        return None

    # -- Segment shapes ------------------------------------------------------------------------

    def with_call(self, node: ts.Node) -> bool:
        """Legacy `Analytics.with(context)`."""
        call = _call(node)
        nav = _nav(call.callee) if call else None
        return bool(
            nav
            and text(nav[2]) == "with"
            and self.class_role(nav[0]) == LEGACY
            and call.lam is None
        )

    def init_of(self, node: ts.Node) -> tuple[str, str, _Call, list[tuple[str, _Call]]] | None:
        """(sdk, kind, call, builder steps) of a Segment client construction:
        `Analytics(...)` (kind "Analytics") or `Analytics.Builder(...)...build()` ("Builder")."""
        call = _call(node)
        if call is None:
            return None
        if call.callee.type == "identifier":
            sdk = self.class_role(call.callee)
            return (sdk, "Analytics", call, []) if sdk == KOTLIN else None
        nav = _nav(call.callee)
        if nav is None or text(nav[2]) != "build" or call.args or call.lam:
            return None
        steps: list[tuple[str, _Call]] = []
        cur = nav[0]
        while True:
            inner = _call(cur)
            inner_nav = _nav(inner.callee) if inner else None
            if inner is None or inner_nav is None or inner.lam is not None:
                return None
            name = text(inner_nav[2])
            if name == LEGACY_BUILDER and self.class_role(inner_nav[0]) == LEGACY:
                steps.reverse()
                return LEGACY, "Builder", inner, steps
            steps.append((name, inner))
            cur = inner_nav[0]

    def receiver_sdk(self, node: ts.Node) -> tuple[str, bool] | None:
        """(sdk, module_api) when `node` evaluates to a Segment client."""
        t = node.type
        if t == "call_expression":
            return (LEGACY, True) if self.with_call(node) else None
        if t == "parenthesized_expression":
            kids = named_children(node)
            return self.receiver_sdk(kids[0]) if len(kids) == 1 else None
        if t == "identifier":
            name = text(node)
            if self.role(name):
                return None
            decl = self.lookup(name, node)
            if (
                decl is not None
                and decl.type == "variable_declaration"
                and (decl.parent is not None and decl.parent.type == "lambda_parameters")
            ):  # `analytics?.let { a -> a.track(...) }`
                lam = decl.parent.parent
                if len(named_children(decl.parent)) != 1 or lam is None:
                    return None
                return self.lambda_receiver(lam, ("let", "also", "takeIf", "takeUnless"))
            if decl is not None:
                sdk = self.decl_sdk(decl)
                return (sdk, False) if sdk else None
            if name == "it":  # `analytics?.let { it.track(...) }`
                lam = next((a for a in ancestors(node) if a.type == "lambda_literal"), None)
                if lam is None or any(c.type == "lambda_parameters" for c in lam.named_children):
                    return None
                return self.lambda_receiver(lam, ("let", "also", "takeIf", "takeUnless"))
            sdk = self._exported_plain(name, node)
            return (sdk, False) if sdk else None
        nav = _nav(node)
        if nav is None or nav[1] != ".":
            return None
        base, _, member = nav
        name = text(member)
        if base.type == "this_expression":
            label = next(
                (
                    text(c)
                    for c in base.named_children
                    if c.type in ("identifier", "type_identifier")
                ),
                None,
            )
            decl = self.member(name, node, label)
            if decl is not None:
                sdk = self.decl_sdk(decl)
                return (sdk, False) if sdk else None
            sdk = self._inherited(name, node)
            return (sdk, False) if sdk else None
        # `Obj.x`, `Outer.Companion.x`, `(e as C).x`, `v.x` with `v: C`
        for key in self._member_keys(base, name):
            if key in self.exports:
                return self.exports[key], False
        return None

    def lambda_receiver(
        self, lam: ts.Node, scope_functions: tuple[str, ...], with_ok: bool = False
    ) -> tuple[str, bool] | None:
        """The Segment client a scope function hands to `lam`: `client.apply { }` /
        `client.run { }` / `with(client) { }` (as `this`), `client?.let { }` (as `it`)."""
        holder = lam.parent
        if holder is None or holder.type != "annotated_lambda" or holder.parent is None:
            return None
        outer = _call(holder.parent)
        if outer is None or outer.lam != holder:
            return None
        callee = outer.callee
        if with_ok and callee.type == "identifier" and text(callee) == "with":
            if len(outer.args) != 1 or self.lookup("with", callee) is not None:
                return None
            client = _arg_parts(outer.args[0])[1]
            return self.receiver_sdk(client) if client is not None else None
        nav = _nav(callee)
        if nav is None or text(nav[2]) not in scope_functions or outer.args:
            return None
        return self.receiver_sdk(nav[0])

    def _member_keys(self, base: ts.Node, name: str) -> list[str]:
        if base.type == "parenthesized_expression":
            kids = named_children(base)
            return self._member_keys(kids[0], name) if len(kids) == 1 else []
        if base.type == "as_expression":
            kids = named_children(base)
            return [f"{fq}#{name}" for fq in self.fq_candidates(_type_names(kids[-1]))]
        dotted = self._dotted(base)
        if dotted is None:
            return []
        first = dotted[0]
        decl = self.lookup(first, base)
        if decl is not None:  # a variable: use its declared type
            if len(dotted) != 1:
                return []
            return [f"{fq}#{name}" for fq in self.fq_candidates(_type_names(_property_type(decl)))]
        names = [n for n in dotted if n != "Companion"]
        return [f"{fq}.{name}" for fq in self.fq_candidates(names)]

    def _dotted(self, node: ts.Node) -> list[str] | None:
        if node.type == "identifier":
            return [text(node)]
        nav = _nav(node)
        if nav is None or nav[1] != ".":
            return None
        head = self._dotted(nav[0])
        return [*head, text(nav[2])] if head else None

    def _exported_plain(self, name: str, at: ts.Node) -> str | None:
        """A top-level property of this package (or imported by name), or an inherited member."""
        for imp in self.imports:
            if not imp.wildcard and imp.bound == name and imp.fq in self.exports:
                return self.exports[imp.fq]
        key = f"{self.package}.{name}" if self.package else name
        if key in self.exports:
            return self.exports[key]
        return self._inherited(name, at)

    def _inherited(self, name: str, at: ts.Node) -> str | None:
        for scope in ancestors(at):
            if scope.type not in ("class_declaration", "object_declaration", "object_literal"):
                continue
            specs = _child(scope, "delegation_specifiers")
            for spec in specs.named_children if specs is not None else ():
                user = next(walk(spec, {"user_type"}), None)
                for fq in self.fq_candidates(_type_names(user)):
                    if f"{fq}#{name}" in self.exports:
                        return self.exports[f"{fq}#{name}"]
        return None

    # -- containers ----------------------------------------------------------------------------

    def container(self, node: ts.Node, used: list[ts.Node]) -> tuple[Item, ...] | None:
        """Entries of a map-like expression the rules may rebuild, or None. The identifiers
        the rewrite makes disappear are appended to `used` only on success."""
        found = self._container(node)
        if found is None:
            return None
        _, items, heads = found
        used.extend(heads)
        return items

    def _container(self, node: ts.Node) -> tuple[str, tuple[Item, ...], list[ts.Node]] | None:
        if node.type == "identifier":
            role = self.role(text(node))
            if role and role[0] == "empty" and self.lookup(text(node), node) is None:
                return "json", (), [node]
            return None
        call = _call(node)
        if call is None:
            return None
        heads: list[ts.Node] = []
        if call.callee.type == "identifier":
            name = text(call.callee)
            if self.lookup(name, node) is not None:
                return None
            role = self.role(name)
            if name in EMPTY_MAP_FUNCTIONS and not call.args and call.lam is None and role is None:
                return "map", (), [call.callee]
            if name in MAP_FUNCTIONS and role is None and call.lam is None:
                items = []
                for va in call.args:
                    arg_name, expr, spread = _arg_parts(va)
                    pair = (
                        _infix(expr) if expr is not None and not arg_name and not spread else None
                    )
                    if pair is None or pair[1] != "to":
                        return None
                    items.append(self._item(pair[0], pair[2], heads))
                return "map", tuple(items), [call.callee, *heads]
            if role and role[0] == "build" and call.lam is not None and not call.args:
                stmts = _lambda_statements(call.lam)
                if stmts is None:
                    return None
                items = []
                for stmt in stmts:
                    put = _call(stmt)
                    if put is None or put.callee.type != "identifier" or text(put.callee) != "put":
                        return None
                    if put.lam is not None or len(put.args) != 2:
                        return None
                    parts = [_arg_parts(va) for va in put.args]
                    if any(n or s or e is None for n, e, s in parts):
                        return None
                    items.append(self._item(parts[0][1], parts[1][1], heads))
                    heads.append(put.callee)
                return "json", tuple(items), [call.callee, *heads]
            if role and role[0] in PUTTERS and not call.args and call.lam is None:
                return role[0], (), [call.callee]
            return None
        nav = _nav(call.callee)
        if nav is None or nav[1] != ".":
            return None
        base = self._container(nav[0])
        if base is None or base[0] not in PUTTERS:
            return None
        kind, items, heads = base[0], list(base[1]), list(base[2])
        method = text(nav[2])
        if method == "apply" and call.lam is not None and not call.args:
            stmts = _lambda_statements(call.lam)
            if stmts is None:
                return None
            for stmt in stmts:
                if not self._apply_statement(kind, stmt, items, heads):
                    return None
            return kind, tuple(items), heads
        if call.lam is not None:
            return None
        if not self._putter(kind, method, call.args, items, heads):
            return None
        return kind, tuple(items), heads

    def _putter(
        self, kind: str, method: str, args: list[ts.Node], items: list[Item], heads
    ) -> bool:
        parts = [_arg_parts(va) for va in args]
        if any(n or s or e is None for n, e, s in parts):
            return False
        exprs = [e for _, e, _ in parts]
        if method == "putValue" and len(exprs) == 2:
            items.append(self._item(exprs[0], exprs[1], heads))
            return True
        key = putter_key(kind, method, len(exprs))
        if key is None:
            return False
        items.append(self._synthetic_item(key, exprs[0], heads))
        return True

    def _apply_statement(self, kind: str, stmt: ts.Node, items: list[Item], heads) -> bool:
        if stmt.type == "assignment":
            left = stmt.child_by_field_name("left")
            right = stmt.child_by_field_name("right")
            op = stmt.child_by_field_name("operator")
            if left is None or right is None or text(op) != "=" or left.type != "index_expression":
                return False
            kids = named_children(left)
            if len(kids) != 2 or kids[0].type != "this_expression":
                return False
            items.append(self._item(kids[1], right, heads))
            return True
        call = _call(stmt)
        if call is None or call.lam is not None or call.callee.type != "identifier":
            return False
        method = text(call.callee)
        if method == "put" and len(call.args) == 2:
            method = "putValue"
        return self._putter(kind, method, call.args, items, heads)

    def _item(self, key: ts.Node, value: ts.Node, heads: list[ts.Node]) -> Item:
        key_kind, key_value = _decode(key) if key.type in STRING_LITERALS else (ArgKind.OTHER, None)
        return Item(
            key_value if key_kind is ArgKind.STRING else None, text(key), self.arg(value, heads)
        )

    def _synthetic_item(self, key: str, value: ts.Node, heads: list[ts.Node]) -> Item:
        return Item(key, self.front.quote(key), self.arg(value, heads))

    # -- arguments -------------------------------------------------------------------------------

    def arg(self, node: ts.Node, used: list[ts.Node], name: str | None = None) -> Arg:
        kind, value, items = ArgKind.OTHER, None, None
        t = node.type
        if t in STRING_LITERALS:
            kind, value = _decode(node)
        elif t in NUMBER_TYPES or _negative_number(node):
            kind = ArgKind.NUMBER
        elif t == "identifier" and text(node) in ("true", "false"):
            kind = ArgKind.BOOL
        elif t == "identifier" and text(node) == "null":
            kind = ArgKind.NULL
        elif t in FUNCTION_TYPES:
            kind = ArgKind.FUNCTION
        elif t in ("identifier", "call_expression"):
            found = self.container(node, used)
            if found is not None:
                kind, items = ArgKind.OBJECT, found
            elif t == "call_expression":
                call = _call(node)
                if (
                    call
                    and call.callee.type == "identifier"
                    and text(call.callee) in ARRAY_FUNCTIONS
                ):
                    kind = ArgKind.ARRAY
        written = text(node)
        if _loose(node):
            written = f"({written})"  # rendered as `"key" to value`, `value.toString()`...
        return Arg(written, kind, name, value, items, span(node))


# -- the frontend ------------------------------------------------------------------------------


class KotlinFrontend(TreeSitterFrontend):
    name = "kotlin"
    extensions = (".kt", ".kts")
    comment_prefix = "//"

    def grammar(self) -> object:
        import tree_sitter_kotlin

        return tree_sitter_kotlin.language()

    # -- project index ---------------------------------------------------------------------------

    def index(self, path: str, source: bytes, root: str) -> FileFacts:
        tree = self.parse_checked(source)
        scan = _Scan(self, path, source, tree.root_node)
        provides = {"kotlin_package": scan.package}
        if not scan.names:
            return FileFacts(path, {}, provides)
        exports = _exports(scan)
        for node in walk(tree.root_node, {"call_expression"}):
            call = _call(node)
            nav = _nav(call.callee) if call else None
            if nav and text(nav[2]) == "setSingletonInstance" and scan.class_role(nav[0]) == LEGACY:
                provides["kotlin_client_home"] = scan.package
                break
        return FileFacts(path, exports, provides)

    # -- finding calls -----------------------------------------------------------------------------

    def find(self, path: str, source: bytes, project: ProjectIndex) -> Findings:
        tree = self.parse_checked(source)
        scan = _Scan(self, path, source, tree.root_node)
        findings = Findings(import_anchor=scan.import_anchor())
        for facts in project.files.values():
            scan.exports.update(facts.exports)
        if not scan.names and not scan.exports:
            return findings  # no Segment import here, no Segment client anywhere in the project
        scan.exports.update(_exports(scan))
        homes = project.provided("kotlin_client_home")
        env = {
            "package": scan.package,
            "home_package": homes[0][1] if homes else None,
            "is_home": bool(homes) and homes[0][0] == path,
        }
        finder = _Finder(scan, env)
        finder.run()
        findings.calls = finder.calls
        findings.notes = finder.notes
        findings.imports, notes = _removable_imports(scan, finder.used)
        findings.notes.extend(notes)
        return findings

    # -- rendering helpers -------------------------------------------------------------------------

    def merge_imports(self, lines: list[str]) -> list[str]:
        """The rules' import lines, once each, in lexicographic order (as IDEs keep them)."""
        return sorted(dict.fromkeys(lines))

    def quote(self, value: str) -> str:
        return '"' + _escape(value) + '"'

    def interpolate(self, parts: Sequence[tuple[str, bool]]) -> str:
        return '"' + "".join("${" + t + "}" if code else _escape(t) for t, code in parts) + '"'


def _exports(scan: _Scan) -> dict[str, str]:
    """Segment clients other files can reach: top-level properties (`pkg.name`), object and
    companion members (`pkg.Obj.name`) and class members (`pkg.Class#name`)."""
    out: dict[str, str] = {}
    prefix = scan.package

    def qualify(*parts: str) -> str:
        return ".".join(p for p in (prefix, *parts) if p)

    def visit(body: ts.Node, path: list[str], instance: bool) -> None:
        for child in body.named_children:
            if child.type == "property_declaration":
                name = _property_name(child)
                sdk = scan.decl_sdk(child)
                if name and sdk:
                    key = f"{qualify(*path)}#{name}" if instance else qualify(*path, name)
                    out[key] = sdk
            elif child.type in ("class_declaration", "object_declaration"):
                ident = next(
                    (
                        c
                        for c in child.named_children
                        if c.type in ("identifier", "type_identifier")
                    ),
                    None,
                )
                if ident is None:
                    continue
                inner = [*path, text(ident)]
                cbody = next((c for c in child.named_children if c.type == "class_body"), None)
                if cbody is not None:
                    visit(cbody, inner, child.type == "class_declaration")
                if child.type == "class_declaration":
                    for param in _class_parameters(child):
                        ident2 = next(
                            (c for c in param.named_children if c.type == "identifier"), None
                        )
                        is_prop = any(
                            not c.is_named and c.type in ("val", "var") for c in param.children
                        )
                        sdk = scan.decl_sdk(param)
                        if ident2 is not None and is_prop and sdk:
                            out[f"{qualify(*inner)}#{text(ident2)}"] = sdk
            elif child.type == "companion_object":
                cbody = next((c for c in child.named_children if c.type == "class_body"), None)
                if cbody is not None:
                    visit(cbody, path, False)

    visit(scan.root, [], False)
    return out


class _Finder:
    """Walks one file and describes every Segment call site."""

    def __init__(self, scan: _Scan, env: dict):
        self.scan, self.env = scan, env
        self.calls: list[CallSite] = []
        self.notes: list[Diagnostic] = []
        self.used: list[ts.Node] = []  # identifiers the rewrites make disappear
        self.claimed: set[tuple[int, int]] = set()  # call nodes described as part of another

    def run(self) -> None:
        for node in walk(self.scan.root, {"call_expression", "user_type"}):
            if node.type == "user_type":
                self._type_site(node)
            elif not _absorbed(node) and (node.start_byte, node.end_byte) not in self.claimed:
                self._call_site(node)

    # -- kinds of sites ----------------------------------------------------------------------------

    def _type_site(self, node: ts.Node) -> None:
        names = _type_names(node)
        if len(names) != 1 or any(a.type == "delegation_specifier" for a in ancestors(node)):
            return
        if any(a.type == "import" for a in ancestors(node)):
            return
        ident = next(c for c in node.named_children if c.type == "identifier")
        sdk = self.scan.class_role(ident)
        if sdk is None:
            return
        self._add(node, sdk, "other", "", (), {"kind": "type", "name": names[0]}, [ident])

    def _call_site(self, node: ts.Node) -> None:
        scan = self.scan
        call = _call(node)
        if call is None:
            return
        if call.callee.type == "identifier":
            init = scan.init_of(node)
            if init is not None and scan.lookup(text(call.callee), node) is None:
                self._init(init, node, singleton=False)
            elif text(call.callee) in METHODS:
                self._implicit(node, call)
            return
        nav = _nav(call.callee)
        if nav is None:
            return
        base, op, member = nav
        name = text(member)
        legacy_class = scan.class_role(base) == LEGACY
        if legacy_class and name == "setSingletonInstance" and len(call.args) == 1 and not call.lam:
            _, expr, _ = _arg_parts(call.args[0])
            inner = scan.init_of(expr) if expr is not None else None
            if inner is not None:
                self.claimed.add((expr.start_byte, expr.end_byte))
                self._init(inner, node, singleton=True, used=[base])
                return
            args = self._args(call, "init", LEGACY)
            env = {"name": name, "kind": "call", "singleton": True, "op": "."}
            self._add(node, LEGACY, "init", text(base), args, env, [base])
            return
        if legacy_class and name == "with" and scan.with_call(node):
            if self._is_receiver(node):
                return  # described with the call it receives
            env = {"name": "with", "kind": "client", "module_api": True, "op": "."}
            self._add(
                node, LEGACY, "other", text(node), self._args(call, "other", LEGACY), env, [base]
            )
            return
        if name == "build":
            init = scan.init_of(node)
            if init is not None:
                self._init(init, node, singleton=False)
                return
        if legacy_class and name == LEGACY_BUILDER:
            env = {"name": name, "kind": "call", "op": "."}
            self._add(
                node, LEGACY, "other", text(base), self._args(call, "other", LEGACY), env, [base]
            )
            return
        if name in SCOPE_FUNCTIONS:
            return  # `analytics.apply { ... }`: the calls inside are described on their own
        found = scan.receiver_sdk(base)
        if found is None and base.type == "this_expression" and text(base) == "this":
            found = self._extension_receiver(node)  # `this.track(...)` in `fun Analytics.x()`
        if found is None:
            return
        sdk, module_api = found
        method = METHODS.get(name, "other")
        used: list[ts.Node] = []
        if module_api:  # `Analytics.with(ctx)` is part of the call
            used += [c for c in walk(base, {"identifier"}) if scan.class_role(c)]
            self.claimed.add((base.start_byte, base.end_byte))
        args = self._args(call, method, sdk, used)
        env = {"name": name, "kind": "call", "module_api": module_api, "op": op, "safe": op == "?."}
        self._add(node, sdk, method, text(base), args, env, used)

    def _implicit(self, node: ts.Node, call: _Call) -> None:
        """`with(analytics) { track("E") }`, `analytics.apply { flush() }`: the client is the
        implicit receiver of the lambda directly around the call (receiver "" and op "")."""
        lam = next((a for a in ancestors(node) if a.type == "lambda_literal"), None)
        found = self.scan.lambda_receiver(lam, ("apply", "run"), with_ok=True) if lam else None
        if found is None and lam is None:
            found = self._extension_receiver(node)
        elif found is None and (outer := self._extension_receiver(node, through_lambdas=True)):
            # `fun Analytics.x() { items.forEach { track(it) } }`: `this` may be the client or
            # what the lambda receives: left with a TODO, not guessed
            env = {"name": text(call.callee), "kind": "unresolved", "op": ""}
            self._add(node, outer[0], "other", "", (), env, [])
            return
        if found is None or found[1]:
            return
        name = text(call.callee)
        method = METHODS[name]
        used: list[ts.Node] = []
        args = self._args(call, method, found[0], used)
        env = {"name": name, "kind": "call", "op": "", "implicit": True}
        self._add(node, found[0], method, "", args, env, used)

    def _extension_receiver(
        self, node: ts.Node, through_lambdas: bool = False
    ) -> tuple[str, bool] | None:
        """`fun Analytics.trackLogin(m: String) = track("Login", ...)`: the client is `this`
        of the extension function directly around the call (not of a class or lambda in it)."""
        for scope in ancestors(node):
            if scope.type == "lambda_literal" and through_lambdas:
                continue
            if scope.type in ("lambda_literal", "class_declaration", "object_declaration"):
                return None
            if scope.type == "function_declaration":
                kids = scope.children
                for i, kid in enumerate(kids[:-1]):
                    if kids[i + 1].type == "." and kid.type in ("user_type", "nullable_type"):
                        sdk = self.scan.type_sdk(kid)
                        return (sdk, False) if sdk else None
                    if kid.type == "identifier":
                        return None  # the function's name: no receiver type before it
                return None
        return None

    def _init(
        self, init, node: ts.Node, singleton: bool, used: list[ts.Node] | None = None
    ) -> None:
        sdk, kind, call, steps = init
        used = list(used or [])
        # the whole construction is rewritten: `Analytics.LogLevel.X` in a dropped option goes too
        used += [c for c in walk(node, {"identifier"}) if self.scan.class_role(c)]
        for _, step in steps:
            self.claimed.add((step.node.start_byte, step.node.end_byte))
        self.claimed.add((call.node.start_byte, call.node.end_byte))
        args = self._args(call, "init", sdk, used)
        if kind == LEGACY_BUILDER:
            items = []
            for step_name, step in steps:
                parts = [_arg_parts(va) for va in step.args]
                exprs = [e for _, e, _ in parts if e is not None]
                nav = _nav(step.callee)
                where = nav[2] if nav else step.node
                if not exprs:
                    value = Arg("true", ArgKind.BOOL, None, None, None, span(where))
                elif len(exprs) == 1:
                    value = self.scan.arg(exprs[0], used)
                else:
                    joined = self.scan.source[exprs[0].start_byte : exprs[-1].end_byte].decode()
                    value = Arg(
                        joined,
                        ArgKind.OTHER,
                        None,
                        None,
                        None,
                        (exprs[0].start_byte, exprs[-1].end_byte),
                    )
                items.append(Item(step_name, step_name, value))
            start = call.node.end_byte
            end = node.end_byte
            options_text = self.scan.source[start:end].decode()
            args = (
                *args,
                Arg(options_text, ArgKind.OBJECT, None, None, tuple(items), (start, end)),
            )
        receiver = "Analytics" if kind == LEGACY_BUILDER else ""
        env = {"name": kind, "kind": "call", "singleton": singleton, "op": "."}
        self._add(node, sdk, "init", receiver, args, env, used)

    # -- arguments -------------------------------------------------------------------------------

    def _args(self, call: _Call, method: str, sdk: str, used: list[ts.Node] | None = None):
        used = used if used is not None else []
        args: list[Arg] = []
        for va in call.args:
            name, expr, spread = _arg_parts(va)
            if expr is None:
                continue
            if spread:
                args.append(Arg(text(expr), ArgKind.OTHER, "*", None, None, span(expr)))
                continue
            args.append(self.scan.arg(expr, used, name))
        if call.lam is not None:
            args.append(self._trailing(call.lam, method, used))
        return self._overloads(method, sdk, args, call)

    def _trailing(self, lam: ts.Node, method: str, used: list[ts.Node]) -> Arg:
        """A trailing lambda; on init, `{ flushAt = 3 }` is an OBJECT of the options set."""
        stmts = _lambda_statements(lam) if method == "init" else None
        if stmts:
            items = []
            for stmt in stmts:
                left, right = stmt.child_by_field_name("left"), stmt.child_by_field_name("right")
                if stmt.type != "assignment" or left is None or right is None:
                    break
                if text(stmt.child_by_field_name("operator")) != "=":
                    break
                nav = _nav(left)
                if nav and nav[0].type == "this_expression":
                    left = nav[2]
                if left.type != "identifier":
                    break
                items.append(Item(text(left), text(left), self.scan.arg(right, used)))
            else:
                return Arg(text(lam), ArgKind.OBJECT, None, None, tuple(items), span(lam))
        return Arg(text(lam), ArgKind.FUNCTION, None, None, None, span(lam))

    def _overloads(self, method: str, sdk: str, args: list[Arg], call: _Call) -> tuple[Arg, ...]:
        """Name the arguments of overloads that differ only by argument type."""
        if any(a.name for a in args):
            return tuple(args)
        exprs = [_arg_parts(va)[1] for va in call.args]
        if (
            method == "identify"
            and len(call.args) == 1
            and self._kind(args[0], exprs[0]) == "object"
        ):
            return (_named(args[0], "traits"), *args[1:])
        if method == "screen" and sdk == LEGACY and call.args:
            n = len(call.args)
            second = self._kind(args[1], exprs[1]) == "string" if n == 2 else None
            labels = legacy_screen_labels(n, second)
            if labels is not None:
                named = [_named(a, label) for a, label in zip(args[:n], labels, strict=True)]
                return (*named, *args[n:])
        return tuple(args)

    def _kind(self, arg: Arg, expr: ts.Node | None) -> str | None:
        if arg.kind in (ArgKind.STRING, ArgKind.TEMPLATE):
            return "string"
        if arg.kind in (ArgKind.OBJECT, ArgKind.NULL):
            return "object" if arg.kind is ArgKind.OBJECT else None
        if expr is not None and expr.type == "identifier":
            return self.scan.decl_kind(self.scan.lookup(text(expr), expr))
        return None

    # -- sites -----------------------------------------------------------------------------------

    def _is_receiver(self, node: ts.Node) -> bool:
        parent = node.parent
        if parent is None or parent.type != "navigation_expression":
            return False
        nav = _nav(parent)
        grand = parent.parent
        return bool(
            nav and nav[0] == node and grand is not None and grand.type == "call_expression"
        )

    def _add(self, node, sdk, method, receiver, args, env, used) -> None:
        line, column = position(node)
        if _inside_error(node):
            self.notes.append(
                Diagnostic(self.scan.path, line, column, Severity.UNSUPPORTED, "parse-error",
                           "the Kotlin grammar could not parse this Segment call; left as it was")
            )  # fmt: skip
            return
        context, statement, binding = self._context(node)
        self.used.extend(used)
        self.calls.append(
            CallSite(
                path=self.scan.path, language="kotlin", sdk=sdk, method=method,
                receiver=receiver, args=tuple(args), span=span(node), statement_span=statement,
                line=line, column=column, context=context, binding=binding, text=text(node),
                env={"module_api": False, "safe": False, "singleton": False, "implicit": False,
                     **self.env, **env},
            )
        )  # fmt: skip

    def _context(self, node: ts.Node) -> tuple[Context, tuple[int, int] | None, str | None]:
        parent = node.parent
        if parent is None:
            return Context.EXPRESSION, None, None
        if parent.type == "property_declaration" and _initializer(parent) == node:
            name = _property_name(parent)
            if name:
                return Context.DECLARATION, span(parent), name
        if parent.type == "assignment" and parent.child_by_field_name("right") == node:
            left = parent.child_by_field_name("left")
            is_set = text(parent.child_by_field_name("operator")) == "="
            if is_set and left is not None and self._alone(parent):
                return Context.DECLARATION, span(parent), text(left)
        if parent.type in STATEMENT_PARENTS and self._alone(node):
            if parent.type == "lambda_literal" and named_children(parent)[-1] == node:
                return Context.EXPRESSION, None, None  # the lambda's value
            return Context.STATEMENT, span(node), None
        return Context.EXPRESSION, None, None

    def _alone(self, node: ts.Node) -> bool:
        """No other code on the lines the node spans (a trailing `;` or comment is fine)."""
        source = self.scan.source
        before = source[line_start(source, node.start_byte) : node.start_byte]
        after = source[node.end_byte : line_end(source, node.end_byte)].strip()
        after = after.lstrip(b";").strip()
        return not before.strip() and (not after or after.startswith(b"//"))


def _named(arg: Arg, name: str) -> Arg:
    return Arg(arg.text, arg.kind, name, arg.value, arg.items, arg.span)


def _removable_imports(
    scan: _Scan, used: list[ts.Node]
) -> tuple[list[ImportSite], list[Diagnostic]]:
    """Segment / kotlinx-builder imports whose every use disappears with the rewrites."""
    consumed = {(n.start_byte, n.end_byte) for n in used}
    refs: dict[str, list[ts.Node]] = {}
    for node in walk(scan.root, {"identifier"}):
        if any(a.type in ("import", "package_header") for a in ancestors(node)):
            continue
        if (node.start_byte, node.end_byte) not in consumed:
            refs.setdefault(text(node), []).append(node)
    sites: list[ImportSite] = []
    notes: list[Diagnostic] = []
    for imp in scan.imports:
        ours = imp.fq.startswith("com.segment.analytics") or (
            not imp.wildcard and imp.fq in EXPLICIT_IMPORTS
        )
        if not ours:
            continue
        if imp.wildcard:
            names = WILDCARD_NAMES.get(imp.fq)
            if names is None:
                continue
        else:
            names = frozenset({imp.bound or ""})
        left = [n for name in sorted(names) for n in refs.get(name, ())]
        if left:
            if imp.fq.startswith("com.segment.analytics"):
                line, column = position(left[0])
                message = (
                    f"Segment import {imp.fq}{'.*' if imp.wildcard else ''} kept: "
                    f"`{text(left[0])}` is still used here"
                )
                notes.append(
                    Diagnostic(scan.path, line, column, Severity.NOTE, "import-kept", message)
                )
            continue
        start, end = whole_lines(scan.source, imp.node.start_byte, imp.node.end_byte)
        line = imp.node.start_point[0] + 1
        sites.append(ImportSite((start, end), scan.source[start:end].decode("utf-8"), line))
    return sites, notes


__all__ = ["KotlinFrontend"]
