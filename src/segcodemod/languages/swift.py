"""Swift frontend (tree-sitter-swift): analytics-swift (`swift`) and analytics-ios (`swift-legacy`).

Receivers are resolved from imports and constructors, never from a name alone: a name is a
Segment client when it is bound (in a scope that encloses the call) to `Analytics(configuration:)`
or `Analytics.shared()`, typed `Analytics`, unwrapped from such a name (`if let a = analytics`),
or exported as such by another file of the module (Swift globals and statics are module-wide).
Everything else needs `import Segment` (both generations) or `import Analytics` (CocoaPods
analytics-ios, only when the file also uses legacy-only API). The generation of a call is
decided by its shape first (unlabelled first argument = analytics-ios; `name:`/`userId:`/...
= analytics-swift), then by where its receiver came from, then by the rest of the file.

tree-sitter-swift reports errors on some valid newer syntax (e.g. `#if` inside a collection
literal), so `find` works on partial trees: a Segment call whose own text did not parse is
described without arguments (env.kind `unparsed`) and left; ParseError only when the tree is
hopeless. Classes implementing Segment plugin protocols are described whole (env.kind `plugin`).

Sites besides Segment calls (method `other`, told apart by env.kind): `type` (an `Analytics`
annotation), `shared` (`Analytics.shared()` as a value), `setting` (`config.flushAt = 3`,
`config.flushAt(3)`), `plugin`, `unparsed`, `extension` (`extension Analytics { ... }`: it keeps
extending Segment's type, so it is left and keeps the Segment import), `method` (other Segment
API). Inits (method `init`):
env.kind `client` (`Analytics(configuration:)`, the Configuration builder chain flattened into
named args), `configuration` (a standalone `Configuration(writeKey:)` / `AnalyticsConfiguration`),
`setup` (`Analytics.setup(with:)`). env.client / env.defines_client name the binding a call uses /
an init binds, so the engine keeps each client consistent within a file.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import tree_sitter as ts
import tree_sitter_swift

from segcodemod.edits import whole_lines
from segcodemod.languages.treesitter import (
    TreeSitterFrontend,
    ancestors,
    escape_string,
    import_anchor,
    make_arg,
    position,
    span,
    text,
    walk,
)
from segcodemod.model import (
    Arg,
    ArgKind,
    CallSite,
    ClientId,
    Context,
    Diagnostic,
    FileFacts,
    Findings,
    ImportSite,
    Item,
    ProjectIndex,
    Severity,
)

NEW, LEGACY = "swift", "swift-legacy"
GLOBAL = "global:"  # key prefix of a client visible module-wide (a global or a static)
SHARED = "Analytics.shared()"  # the analytics-ios singleton: one client in the whole project
SEGMENT_METHODS = {
    "track": "track", "identify": "identify", "screen": "screen", "group": "group",
    "alias": "alias", "reset": "reset", "flush": "flush",
}  # fmt: skip
CLIENT_TYPES = {"Analytics", "Segment.Analytics", "SEGAnalytics", "Analytics.Analytics"}
NEW_CONFIG = {"Configuration", "Segment.Configuration"}
LEGACY_CONFIG = {
    "AnalyticsConfiguration", "SEGAnalyticsConfiguration", "Segment.AnalyticsConfiguration",
    "Analytics.AnalyticsConfiguration",
}  # fmt: skip
# Static API of the Segment `Analytics` class (anything else on `Analytics.` may be Firebase's).
STATIC_METHODS = {"shared", "sharedAnalytics", "setup", "debug", "version"}
LEGACY_ONLY = {"setup", "debug", "version", "sharedAnalytics"}
# Labels only analytics-swift puts on a first argument.
NEW_FIRST_LABELS = {"name", "userId", "traits", "title", "groupId", "newId", "completion"}
SCOPES = {
    "source_file", "statements", "class_body", "function_body", "lambda_literal",
    "function_declaration", "init_declaration", "if_statement", "guard_statement",
    "protocol_body", "enum_class_body", "computed_property", "for_statement", "while_statement",
}  # fmt: skip
PLUGIN_PROTOCOLS = {
    "Plugin", "EventPlugin", "DestinationPlugin", "UtilityPlugin", "VersionedPlugin",
    "Segment.Plugin", "Segment.EventPlugin", "Segment.DestinationPlugin", "Segment.UtilityPlugin",
}  # fmt: skip
NUMBERS = {"integer_literal", "real_literal", "hex_literal", "oct_literal", "bin_literal"}
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "0": "\0", "\\": "\\", '"': '"', "'": "'"}


@dataclass
class _Decl:
    name: str  # bare name, or "Type.name" for a static property
    scope: ts.Node  # the subtree that sees it
    client: str | None = None  # sdk ("swift", "swift-legacy", "" = generation unknown)
    config: str | None = None  # a Segment configuration binding (its sdk)
    key: str = ""  # identity of the bound client (env.client / env.defines_client)


@dataclass
class _Site:
    node: ts.Node  # what an expression rewrite replaces
    method: str
    receiver: str
    args: tuple[Arg, ...]
    env: dict
    sdk: str | None = None  # None: decide later (shape, receiver, file)
    origin: str | None = None  # sdk the receiver's binding suggests


@dataclass
class _Evidence:
    new: int = 0
    legacy: int = 0
    markers: set[str] = field(default_factory=set)  # legacy-only API seen (for `import Analytics`)


def _unquote(node: ts.Node) -> str | None:
    """The value of a plain (non-interpolated) single-line string literal."""
    if node.type != "line_string_literal":
        return None
    out: list[str] = []
    for child in node.children:
        if child.type == "line_str_text":
            out.append(text(child))
        elif child.type == "str_escaped_char":
            raw = text(child)[1:]
            if raw.startswith("u{"):
                try:
                    out.append(chr(int(raw[2:-1], 16)))
                except ValueError:
                    return None
            elif raw in _ESCAPES:
                out.append(_ESCAPES[raw])
            else:
                return None
        elif child.type in ('"', '"""'):
            continue
        else:  # interpolation
            return None
    return "".join(out)


def _norm(receiver: str) -> str:
    """`self.analytics?` -> `analytics`; `Self.shared` -> `shared`."""
    r = re.sub(r"\s+", "", receiver).replace("?", "").replace("!", "")
    for prefix in ("self.", "Self."):
        if r.startswith(prefix):
            r = r[len(prefix) :]
    return r


def _call_parts(node: ts.Node) -> tuple[ts.Node, ts.Node] | None:
    """(callee, call_suffix) of a call_expression."""
    if node.type != "call_expression":
        return None
    kids = node.named_children
    if len(kids) < 2 or kids[-1].type != "call_suffix":
        return None
    return kids[0], kids[-1]


def _navigation(node: ts.Node) -> tuple[str, ts.Node, ts.Node] | None:
    """For `recv.method` / `recv?.method`: (method name, first target node, suffix node)."""
    if node.type != "navigation_expression":
        return None
    suffix = node.child_by_field_name("suffix")
    target = node.child_by_field_name("target")
    if suffix is None or target is None:
        return None
    name = suffix.child_by_field_name("suffix")
    if name is None or name.type != "simple_identifier":
        return None
    return text(name), target, suffix


def _labels(suffix: ts.Node) -> list[str | None]:
    out: list[str | None] = []
    for child in suffix.children:
        if child.type == "value_arguments":
            for va in child.named_children:
                if va.type == "value_argument":
                    label = va.child_by_field_name("name")
                    out.append(text(label) if label is not None else None)
        elif child.type == "lambda_literal":
            out.append(None)
    return out


def _first_value(suffix: ts.Node) -> ts.Node | None:
    """The value of the first argument inside the parentheses."""
    for child in suffix.named_children:
        if child.type == "value_arguments":
            for va in child.named_children:
                if va.type == "value_argument":
                    return va.child_by_field_name("value")
    return None


def _enclosing_type(node: ts.Node) -> str | None:
    for a in ancestors(node):
        if a.type in ("class_declaration", "protocol_declaration"):
            name = a.child_by_field_name("name")
            return text(name) if name is not None else None
    return None


def _is_static(decl: ts.Node) -> bool:
    for child in decl.children:
        if child.type == "modifiers":
            return any(text(m) in ("static", "class") for m in child.named_children)
    return False


def _unwrap_type(node: ts.Node | None) -> ts.Node | None:
    """`Analytics?`, `Analytics!` -> the user_type inside."""
    while node is not None and node.type in ("optional_type", "implicitly_unwrapped_type"):
        node = node.child_by_field_name("wrapped") or (
            node.named_children[0] if node.named_children else None
        )
    return node if node is not None and node.type == "user_type" else None


class SwiftFrontend(TreeSitterFrontend):
    name = "swift"
    extensions = (".swift",)
    comment_prefix = "//"
    arg_line_indent = True  # multi-line arguments keep their layout when moved up (rewrite.py)
    kind_by_type = {
        **dict.fromkeys(NUMBERS, ArgKind.NUMBER),
        "boolean_literal": ArgKind.BOOL,
        "nil_literal": ArgKind.NULL,
        "array_literal": ArgKind.ARRAY,
        "lambda_literal": ArgKind.FUNCTION,
        "multi_line_string_literal": ArgKind.TEMPLATE,  # value not decoded: "a string"
        "raw_string_literal": ArgKind.TEMPLATE,
    }

    def grammar(self) -> object:
        return tree_sitter_swift.language()

    # -- project index ---------------------------------------------------------------------

    def index(self, path: str, source: bytes, root: str) -> FileFacts:
        tree = self.parse_checked(source)
        scan = _Scan(self, path, source, tree.root_node, {})
        exports: dict[str, str] = {}
        for decl in scan.decls:  # globals and statics are visible module-wide
            if decl.client is not None and decl.scope.type == "source_file":
                exports[decl.name] = decl.client
        return FileFacts(path, exports, {})

    # -- finding calls -----------------------------------------------------------------------

    def find(self, path: str, source: bytes, project: ProjectIndex) -> Findings:
        tree = self.parse_checked(source)
        exported: dict[str, str] = {}
        for other, facts in sorted(project.files.items()):
            if other != path and other.endswith(".swift"):
                for name, sdk in facts.exports.items():
                    exported.setdefault(name, sdk)
        scan = _Scan(self, path, source, tree.root_node, exported)
        return scan.findings()

    # -- rendering helpers -------------------------------------------------------------------

    def quote(self, value: str) -> str:
        return '"' + _escape(value) + '"'

    def interpolate(self, parts: Sequence[tuple[str, bool]]) -> str:
        """`"Viewed \\(name) Screen"`; an interpolated literal is spliced in, not nested."""
        out = []
        for t, code in parts:
            inner = self._literal_body(t) if code else None
            out.append(inner if inner is not None else "\\(" + t + ")" if code else _escape(t))
        return '"' + "".join(out) + '"'

    def _literal_body(self, code: str) -> str | None:
        """The inside of `code` when it is one single-line string literal, else None."""
        if not (code.startswith('"') and code.endswith('"')) or "\n" in code:
            return None
        root = self.parse(b"_ = " + code.encode("utf-8")).root_node
        if root.has_error or not root.named_children:
            return None
        value = root.named_children[0].child_by_field_name("result")
        if value is None or value.type != "line_string_literal" or text(value) != code:
            return None
        return code[1:-1]

    # -- arguments ---------------------------------------------------------------------------

    def arg(self, node: ts.Node, name: str | None = None) -> Arg:
        t = node.type
        if t == "line_string_literal":
            value = _unquote(node)
            if value is None:
                return make_arg(node, ArgKind.TEMPLATE, name=name)
            return make_arg(node, ArgKind.STRING, name=name, value=value)
        if t == "dictionary_literal":
            return make_arg(node, ArgKind.OBJECT, name=name, items=self._items(node))
        if t == "prefix_expression":
            target = node.child_by_field_name("target")
            if target is not None and target.type in NUMBERS and text(node).startswith("-"):
                return make_arg(node, ArgKind.NUMBER, name=name)
        return make_arg(node, self.kind_of(node), name=name)

    def _items(self, node: ts.Node) -> tuple[Item, ...]:
        items: list[Item] = []
        key: ts.Node | None = None
        for i, child in enumerate(node.children):
            role = node.field_name_for_child(i)
            if role == "key":
                key = child
            elif role == "value" and key is not None:
                items.append(Item(_unquote(key), text(key), self.arg(child)))
                key = None
        return tuple(items)

    def args_of(self, suffix: ts.Node) -> list[Arg]:
        out: list[Arg] = []
        label: str | None = None
        for child in suffix.children:
            if child.type == "value_arguments":
                for va in child.named_children:
                    if va.type != "value_argument":
                        continue
                    name_node = va.child_by_field_name("name")
                    value = va.child_by_field_name("value")
                    name = text(name_node) if name_node is not None else None
                    out.append(self.arg(value, name) if value is not None else make_arg(
                        va, ArgKind.OTHER, name=name
                    ))  # fmt: skip
            elif child.type == "lambda_literal":  # trailing closure(s)
                out.append(self.arg(child, label))
                label = None
            elif child.type == "simple_identifier":  # label of a second trailing closure
                label = text(child)
        return out


def _escape(value: str) -> str:
    return escape_string(value, '"\\', lambda code: f"\\u{{{code:X}}}", also_unicode="\x7f")


class _Scan:
    """One file: imports, Segment bindings, then the call sites."""

    def __init__(self, front: SwiftFrontend, path: str, source: bytes, root: ts.Node, exported):
        self.front, self.path, self.source, self.root = front, path, source, root
        self.exported: dict[str, str] = exported
        self.decls: list[_Decl] = []
        self.by_name: dict[str, list[_Decl]] = {}
        self.evidence = _Evidence()
        self.import_nodes: list[tuple[ts.Node, str]] = []
        self.sites: list[_Site] = []
        self.plugins: list[ts.Node] = []
        self.type_owner: dict[int, str] = {}  # user_type node id -> key of the annotated binding
        self._alias = ""
        self.notes: list[Diagnostic] = []
        self.type_receivers: list[str] = []  # `Analytics.main`: a static a Segment type holds
        self.links: list[tuple[str, str]] = []  # client keys that are one client
        self._collect_imports()
        self.segment_import = any(m == "Segment" for _, m in self.import_nodes)
        self.analytics_import = any(m == "Analytics" for _, m in self.import_nodes)
        self.imported = self.segment_import or self.analytics_import
        self._collect_bindings()

    # -- imports -----------------------------------------------------------------------------

    def _collect_imports(self) -> None:
        for node in walk(self.root, {"import_declaration"}):
            ident = next((c for c in node.named_children if c.type == "identifier"), None)
            if ident is None or not ident.named_children:
                continue
            module = text(ident.named_children[0])
            if module in ("Segment", "Analytics"):
                self.import_nodes.append((node, module))

    def _import_anchor(self) -> int:
        """After the last top-level import, else after the leading comments."""
        comments = {"comment", "multiline_comment"}
        return import_anchor(self.source, self.root, {"import_declaration"}, comments)

    # -- what a node is ----------------------------------------------------------------------

    def _type_ok(self, callee_text: str) -> bool:
        """An unqualified Segment type name needs the file to import Segment."""
        return self.imported or callee_text.startswith(("Segment.", "SEG"))

    def client_ctor(self, node: ts.Node) -> bool:
        parts = _call_parts(node)
        if parts is None:
            return False
        callee, suffix = parts
        name = re.sub(r"\s+", "", text(callee))
        if name not in CLIENT_TYPES or not self._type_ok(name):
            return False
        labels = _labels(suffix)
        return labels[:1] == ["configuration"]

    def shared_call(self, node: ts.Node) -> bool:
        parts = _call_parts(node)
        if parts is None:
            return False
        callee, suffix = parts
        nav = _navigation(callee)
        if nav is None or nav[0] not in ("shared", "sharedAnalytics") or _labels(suffix):
            return False
        owner = re.sub(r"\s+", "", text(nav[1]))
        return owner in CLIENT_TYPES and self._type_ok(owner)

    def config_root(self, node: ts.Node) -> str | None:
        """sdk when `node` is `Configuration(writeKey:)` / `AnalyticsConfiguration(writeKey:)`."""
        parts = _call_parts(node)
        if parts is None:
            return None
        callee, suffix = parts
        name = re.sub(r"\s+", "", text(callee))
        if _labels(suffix)[:1] != ["writeKey"]:
            return None
        if name in NEW_CONFIG and (self.segment_import or name.startswith("Segment.")):
            return NEW
        if name in LEGACY_CONFIG and self._type_ok(name):
            return LEGACY
        return None

    def config_chain(self, node: ts.Node) -> tuple[str, ts.Node, list[ts.Node]] | None:
        """For a builder chain `Configuration(writeKey:).flushAt(3)...` given its outermost
        call: (sdk, root call, builder calls in order)."""
        builders: list[ts.Node] = []
        current = node
        while True:
            sdk = self.config_root(current)
            if sdk:
                return sdk, current, list(reversed(builders))
            parts = _call_parts(current)
            if parts is None:
                return None
            nav = _navigation(parts[0])
            if nav is None or nav[1].type != "call_expression":
                return None
            builders.append(current)
            current = nav[1]

    def chain_top(self, root: ts.Node) -> ts.Node:
        """The outermost builder call of the chain `root` starts."""
        top = root
        while True:
            parent = top.parent
            if parent is None or parent.type != "navigation_expression":
                return top
            if parent.child_by_field_name("target") != top:
                return top
            call = parent.parent
            if call is None or _call_parts(call) is None or _call_parts(call)[0] != parent:
                return top
            top = call

    # -- bindings ----------------------------------------------------------------------------

    def _declare(self, decl: _Decl) -> None:
        self.decls.append(decl)
        self.by_name.setdefault(decl.name, []).append(decl)

    def _value_kind(self, value: ts.Node | None, at: ts.Node) -> tuple[str | None, str | None]:
        """(client sdk, config sdk) a bound value gives its name; `self._alias` is set to the
        key of the binding it copies (`if let a = analytics`), else ""."""
        self._alias = ""
        if value is None:
            return None, None
        if self.client_ctor(value):
            return NEW, None
        if self.shared_call(value):
            self._alias = SHARED
            return "", None
        root = self.config_chain(value)
        if root is not None:
            return None, root[0]
        if value.type in ("simple_identifier", "navigation_expression", "self_expression"):
            decl = self._lookup(text(value), at)
            if decl is not None and decl.client is not None:
                self._alias = decl.key
                return decl.client, None
        return None, None

    def _type_kind(self, type_node: ts.Node | None) -> tuple[str | None, str | None]:
        user = _unwrap_type(type_node)
        if user is None:
            return None, None
        name = re.sub(r"\s+", "", text(user))
        if name in CLIENT_TYPES and self._type_ok(name):
            return (LEGACY if name.startswith("SEG") else ""), None
        if name in LEGACY_CONFIG and self._type_ok(name):
            return None, LEGACY
        return None, None

    def _collect_bindings(self) -> None:
        kinds = {
            "property_declaration", "parameter", "lambda_parameter", "assignment",
            "if_statement", "guard_statement", "while_statement",
        }  # fmt: skip
        for node in walk(self.root, kinds):
            if node.type == "property_declaration":
                self._bind_property(node)
            elif node.type in ("parameter", "lambda_parameter"):
                self._bind_parameter(node)
            elif node.type == "assignment":
                self._bind_assignment(node)
            else:
                self._bind_condition(node)

    def _bind_property(self, node: ts.Node) -> None:
        names = [c for i, c in enumerate(node.children) if node.field_name_for_child(i) == "name"]
        if len(names) != 1:
            return
        ident = names[0].child_by_field_name("bound_identifier")
        if ident is None:
            return
        value = node.child_by_field_name("value")
        annotation = next((c for c in node.named_children if c.type == "type_annotation"), None)
        client, config = self._value_kind(value, node)
        if client is None and config is None and annotation is not None:
            client, config = self._type_kind(annotation.child_by_field_name("name"))
        name = text(ident)
        scope = node.parent or self.root
        owner = _enclosing_type(node)
        static = bool(owner) and _is_static(node)
        key = self._alias or f"{name}@{node.start_byte}"
        if not self._alias and (static or scope.type == "source_file"):
            key = GLOBAL + (f"{owner}.{name}" if static else name)  # module-wide: one client
        self._declare(_Decl(name, scope, client, config, key))
        if annotation is not None:
            self._typed(annotation.child_by_field_name("name"), key)
        if static and (client is not None or config is not None):
            self._declare(_Decl(f"{owner}.{name}", self.root, client, config, key))

    def _typed(self, type_node: ts.Node | None, key: str) -> None:
        """Remember whose annotation a Segment type is (it stays when that client's init does)."""
        user = _unwrap_type(type_node)
        if user is not None:
            self.type_owner[user.id] = key

    def _bind_parameter(self, node: ts.Node) -> None:
        kids = [c for i, c in enumerate(node.children) if node.field_name_for_child(i) == "name"]
        idents = [c for c in kids if c.type == "simple_identifier"]
        types = [c for c in kids if c.type != "simple_identifier"]
        if not idents:
            return
        client, config = self._type_kind(types[0] if types else None)
        scope = next(
            (a for a in ancestors(node) if a.type in SCOPES and a.type != "statements"), self.root
        )
        key = f"{text(idents[-1])}@{node.start_byte}"
        self._declare(_Decl(text(idents[-1]), scope, client, config, key))
        if types:
            self._typed(types[0], key)

    def _bind_assignment(self, node: ts.Node) -> None:
        target = node.child_by_field_name("target")
        value = node.child_by_field_name("result")
        if target is None or value is None:
            return
        client, config = self._value_kind(value, node)
        if client is None and config is None:
            return
        name = _norm(text(target))
        if name not in self.by_name:  # declared elsewhere (another file or extension)
            self._declare(_Decl(name, self.root, client, config, f"{name}@{node.start_byte}"))
        else:
            for decl in self.by_name[name]:  # `var analytics: Analytics?` + later assignment
                if decl.client == "" and client:
                    decl.client = client
                if decl.config is None and decl.client is None:
                    decl.config = config

    def _bind_condition(self, node: ts.Node) -> None:
        """`if let a = analytics {`, `guard let a = self.analytics else {`."""
        children = list(node.children)
        for i, child in enumerate(children):
            if node.field_name_for_child(i) != "bound_identifier":
                continue
            value = None
            for j in range(i + 1, len(children)):
                if children[j].type == "=":
                    continue
                if node.field_name_for_child(j) == "condition":
                    value = children[j]
                break
            client, config = self._value_kind(value, node)
            if client is None and config is None:
                continue
            scope = node if node.type != "guard_statement" else (node.parent or self.root)
            key = self._alias or f"{text(child)}@{child.start_byte}"
            self._declare(_Decl(text(child), scope, client, config, key))

    def _lookup(self, receiver: str, at: ts.Node) -> _Decl | None:
        name = _norm(receiver)
        if not name:
            return None
        candidates = [name]
        owner = _enclosing_type(at)
        if owner and "." not in name:
            candidates.append(f"{owner}.{name}")
        member = re.sub(r"\s+", "", receiver).startswith("self.")
        for key in candidates:
            decls = self.by_name.get(key)
            if decls and member:  # `self.x` is a property, whatever locals say
                decls = [d for d in decls if d.scope.type in ("class_body", "source_file")]
            if not decls:
                continue
            visible = [d for d in decls if d.scope.start_byte <= at.start_byte < d.scope.end_byte]
            if visible:
                best = max(visible, key=lambda d: (d.scope.start_byte, -d.scope.end_byte))
                if best.client is not None or best.config is not None:
                    return best
                return None
            if all(d.client is not None for d in decls) or all(d.config is not None for d in decls):
                return decls[-1]
            return None
        for key in candidates:
            if key in self.exported and key not in self.by_name:
                return _Decl(key, self.root, self.exported[key] or "", None, GLOBAL + key)
        return None

    # -- call sites --------------------------------------------------------------------------

    def findings(self) -> Findings:
        consumed: set[int] = set()  # config chains folded into an enclosing init
        self.plugins = [n for n in walk(self.root, {"class_declaration"}) if self._is_plugin(n)]
        for node in self.plugins:
            name = text(node.child_by_field_name("name"))
            self._add(node, "other", name, (), {"kind": "plugin", "name": name}, None, plugin=True)
        for node in walk(self.root, {"call_expression", "assignment", "user_type"}):
            if node.type == "call_expression":
                self._call(node, consumed)
            elif node.type == "assignment":
                self._setting_assignment(node)
            else:
                self._type_site(node)
        if self.analytics_import and not self.segment_import and not self.evidence.markers:
            # `import Analytics` alone may be the project's own module: only analytics-ios
            # API (`Analytics.shared()`, `AnalyticsConfiguration`, ...) proves it is Segment's
            self.sites = [s for s in self.sites if s.origin is not None and s.env.get("exported")]
        findings = Findings(notes=self.notes)
        ordered = sorted(self.sites, key=lambda s: s.node.start_byte)
        findings.calls = [self._callsite(s) for s in ordered]
        findings.links = [(self._client_id(a), self._client_id(b)) for a, b in self.links]
        # (after the sites: an init that uses a configuration links the two)
        if self.type_receivers and self.import_nodes:
            # Rewritten calls keep their receiver, and `Analytics.main` (a static added by an
            # extension of Segment's type) still names Segment's type: the import must stay.
            node = self.import_nodes[0][0]
            line, column = position(node)
            self.notes.append(
                Diagnostic(self.path, line, column, Severity.NOTE, "import-kept",
                           f"Segment import kept: `{self.type_receivers[0]}` is a member of "
                           "Segment's type (an extension); move it to a type of your own, then "
                           "remove the import")
            )  # fmt: skip
            findings.import_anchor = self._import_anchor()
            return findings
        for node, module in self.import_nodes:
            if module == "Analytics" and not self.segment_import and not self.evidence.markers:
                continue  # the project's own `Analytics` module
            start, end = whole_lines(self.source, node.start_byte, node.end_byte)
            source = self.source[start:end].decode("utf-8")
            findings.imports.append(ImportSite((start, end), source, position(node)[0]))
        findings.import_anchor = self._import_anchor()
        return findings

    def _call(self, node: ts.Node, consumed: set[int]) -> None:
        if node.id in consumed:
            return
        parts = _call_parts(node)
        if parts is None:
            return
        callee, suffix = parts
        if self.client_ctor(node):
            self._init_client(node, suffix, consumed)
            return
        sdk = self.config_root(node)
        if sdk is not None:
            top = self.chain_top(node)
            if top.id not in consumed:
                self._init_config(top, consumed)
            return
        if self.shared_call(node):
            if not self._is_receiver(node):
                self.evidence.markers.add("shared")
                env = {"kind": "shared", "name": "shared", "client": SHARED}
                # no sdk: the file's generation decides (analytics-swift has shared() too),
                # else legacy (_callsite)
                self._add(node, "other", text(node), (), env)
            return
        nav = _navigation(callee)
        if nav is None:
            return
        method, target, nav_suffix = nav
        receiver = self.source[node.start_byte : nav_suffix.start_byte].decode("utf-8").rstrip()
        owner = re.sub(r"\s+", "", text(target))
        if owner in CLIENT_TYPES and self._type_ok(owner) and target.type != "call_expression":
            self._static_call(node, method, owner, suffix, consumed)
            return
        if self.shared_call(target):
            self.evidence.markers.add("shared")
            self._segment_call(node, method, receiver, suffix, "", True, client=SHARED)
            return
        decl = self._lookup(receiver, node)
        if decl is None:
            self._maybe_missed(node, method, receiver, suffix)
            return
        if decl.client is not None:
            if _norm(receiver).split(".", 1)[0] in ("Analytics", "SEGAnalytics", "Segment"):
                self.type_receivers.append(_norm(receiver))
            exported = decl.scope is self.root and decl.name in self.exported
            self._segment_call(
                node, method, receiver, suffix, decl.client, False, exported, client=decl.key
            )
        elif decl.config is not None and self._is_statement(node):
            args = tuple(self.front.args_of(suffix))
            env = {"kind": "setting", "setting": method, "name": method, "client": decl.key}
            self._add(node, "other", receiver, args, env, decl.config)

    def _is_receiver(self, node: ts.Node) -> bool:
        parent = node.parent
        if parent is None or parent.type != "navigation_expression":
            return False
        call = parent.parent
        return call is not None and _call_parts(call) is not None and _call_parts(call)[0] == parent

    def _is_statement(self, node: ts.Node) -> bool:
        return node.parent is not None and node.parent.type in ("statements", "source_file")

    def _init_client(self, node: ts.Node, suffix: ts.Node, consumed: set[int]) -> None:
        args = self.front.args_of(suffix)
        self.evidence.new += 1
        env = {"kind": "client", "name": "Analytics", "defines_client": self._binding_key(node)}
        if len(args) == 1 and args[0].name == "configuration":
            args = self._configuration_args(node, suffix, args, env, consumed)
        self._add(node, "init", text(node.named_children[0]), tuple(args), env, NEW)

    def _configuration_args(self, node, suffix, args, env: dict, consumed: set[int]) -> list[Arg]:
        """A configuration argument: an inline builder chain becomes named arguments; a
        reference to a configuration built elsewhere ties the init to it (env.client)."""
        value = _first_value(suffix)
        chain = self.config_chain(value) if value is not None else None
        if chain is not None:
            return self._chain_args(chain, consumed)
        env["client"] = self._uses_config(args[0], node)
        return args

    def _init_config(self, top: ts.Node, consumed: set[int]) -> None:
        chain = self.config_chain(top)
        if chain is None:
            return
        sdk = chain[0]
        if sdk == LEGACY:
            self.evidence.markers.add("configuration")
            self.evidence.legacy += 1
        else:
            self.evidence.new += 1
        args = self._chain_args(chain, consumed)
        env = {"kind": "configuration", "name": text(_call_parts(chain[1])[0])}
        env["defines_client"] = self._binding_key(top)
        self._add(top, "init", env["name"], tuple(args), env, sdk)

    def _chain_args(self, chain, consumed: set[int]) -> list[Arg]:
        """`Configuration(writeKey: "K").flushAt(3)` -> [writeKey: "K", flushAt: 3]."""
        _, root, builders = chain
        consumed.add(root.id)
        args = list(self.front.args_of(_call_parts(root)[1]))
        for call in builders:
            consumed.add(call.id)
            callee, suffix = _call_parts(call)
            name = _navigation(callee)[0]
            inner = self.front.args_of(suffix)
            if len(inner) == 1 and inner[0].name is None:
                a = inner[0]
                args.append(Arg(a.text, a.kind, name, a.value, a.items, a.span))
            else:  # no or several arguments: keep the call text, no rule knows it
                args.append(make_arg(suffix, ArgKind.OTHER, name=name))
        return args

    def _static_call(self, node, method: str, owner: str, suffix, consumed: set[int]) -> None:
        if method not in STATIC_METHODS or method in ("shared", "sharedAnalytics"):
            return
        if method in LEGACY_ONLY:
            self.evidence.markers.add(method)
            self.evidence.legacy += 1
        args = self.front.args_of(suffix)
        env = {"kind": "setup" if method == "setup" else "method", "name": method}
        if method == "setup":
            env["top_level"] = self._is_statement(node) and node.parent.type == "source_file"
            env["defines_client"] = SHARED
            if len(args) == 1 and args[0].name == "with":
                args = self._configuration_args(node, suffix, args, env, consumed)
            self._add(node, "init", owner, tuple(args), env, LEGACY)
        else:
            self._add(node, "other", owner, tuple(args), env, LEGACY)

    def _binding_key(self, node: ts.Node) -> str | None:
        """Key of the client a constructor binds (`let a = ...`, `a = ...`): env.defines_client."""
        parent = node.parent
        name = None
        if parent is not None and parent.type == "property_declaration":
            names = [
                c for i, c in enumerate(parent.children) if parent.field_name_for_child(i) == "name"
            ]  # fmt: skip
            ident = names[0].child_by_field_name("bound_identifier") if len(names) == 1 else None
            name = text(ident) if ident is not None else None
        elif parent is not None and parent.type == "assignment":
            target = parent.child_by_field_name("target")
            name = text(target) if target is not None else None
        decl = self._lookup(name, node) if name else None
        return decl.key if decl is not None else None

    def _uses_config(self, arg: Arg, at: ts.Node) -> str | None:
        """`Analytics(configuration: config)`: the config binding's key (env.client)."""
        decl = self._lookup(arg.text, at) if arg.kind is ArgKind.OTHER else None
        return decl.key if decl is not None and decl.config is not None else None

    def _segment_call(
        self, node, method, receiver, suffix, origin, shared, exported=False, client=None
    ):
        args = tuple(self.front.args_of(suffix))
        kind = SEGMENT_METHODS.get(method, "other")
        env = {"name": method, "shared": shared, "kind": "method" if kind == "other" else "call"}
        env["client"] = client
        if exported:
            env["exported"] = True
        sdk = self._shape_sdk(kind, args)
        if sdk == NEW:
            self.evidence.new += 1
        elif sdk == LEGACY:
            self.evidence.legacy += 1
        self._add(node, kind, receiver, args, env, sdk, origin)

    def _shape_sdk(self, method: str, args: tuple[Arg, ...]) -> str | None:
        if method in ("track", "identify", "screen", "group", "alias") and args:
            first = args[0]
            if first.name is None and first.kind is not ArgKind.FUNCTION:
                return LEGACY
            if first.name in NEW_FIRST_LABELS:
                return NEW
        if method == "flush" and any(
            a.name == "completion" or a.kind is ArgKind.FUNCTION for a in args
        ):
            return NEW
        return None

    def _maybe_missed(self, node, method: str, receiver: str, suffix) -> None:
        """A call that looks like Segment's on a receiver we could not resolve: say so."""
        if method not in SEGMENT_METHODS:
            return
        if "analytics" not in receiver.lower() and "segment" not in receiver.lower():
            return
        args = tuple(self.front.args_of(suffix))
        first = args[0].name if args else None
        if first is not None and first not in NEW_FIRST_LABELS:
            return  # `track(eventType:)`, `identify(userProperties:)`: not Segment's shape
        if not self.imported and first is None:
            # no Segment import (a client reached through another file's object, e.g.
            # `Manager.shared.analytics.track(name:)`): only analytics-swift's labels count
            return
        line, column = position(node)
        self.notes.append(
            Diagnostic(self.path, line, column, Severity.NOTE, "unresolved-receiver",
                       f"`{receiver}.{method}(...)` looks like a Segment call, but its receiver is "
                       "not known to be a Segment client; not rewritten")
        )  # fmt: skip

    def _setting_assignment(self, node: ts.Node) -> None:
        """`config.flushAt = 3` on an AnalyticsConfiguration binding."""
        target = node.child_by_field_name("target")
        value = node.child_by_field_name("result")
        if target is None or value is None or not self._is_statement(node):
            return
        inner = target.named_children[0] if target.named_children else None
        nav = _navigation(inner) if inner is not None else None
        if nav is None:
            return
        setting, owner, nav_suffix = nav
        receiver = self.source[inner.start_byte : nav_suffix.start_byte].decode("utf-8").rstrip()
        decl = self._lookup(receiver, node)
        if decl is None or decl.config is None:
            return
        args = (self.front.arg(value),)
        env = {"kind": "setting", "setting": setting, "name": setting, "client": decl.key}
        self._add(node, "other", receiver, args, env, decl.config)

    def _type_site(self, node: ts.Node) -> None:
        name = re.sub(r"\s+", "", text(node))
        if name not in CLIENT_TYPES and name not in LEGACY_CONFIG:
            return
        if not self._type_ok(name):
            return
        holder = node.parent
        if holder is not None and holder.type == "class_declaration":
            if holder.child_by_field_name("name") == node:  # `extension Analytics { ... }`
                env = {"kind": "extension", "name": name}  # stays Segment's: left, reported
                owned = self._statics_in(holder)
                if owned:  # `extension Analytics { static let main = Analytics(...) }`: the
                    env["client"] = owned[0]  # extension stays, so `main` stays Segment's
                    self.links += [(owned[0], other) for other in owned[1:]]
                sdk = LEGACY if name.startswith("SEG") else None
                self._add(holder, "other", name, (), env, sdk)
            return
        while holder is not None and holder.type in (
            "optional_type", "implicitly_unwrapped_type", "array_type", "dictionary_type",
        ):  # fmt: skip
            holder = holder.parent
        if holder is None or holder.type not in (
            "type_annotation", "parameter", "lambda_parameter", "function_declaration",
        ):  # fmt: skip
            return
        if name in LEGACY_CONFIG or name.startswith("SEG"):
            self.evidence.markers.add("type")
        sdk = LEGACY if name in LEGACY_CONFIG or name.startswith("SEG") else None
        kind = "configuration" if name in LEGACY_CONFIG else "client"
        env = {"kind": "type", "type": kind, "name": name, "client": self.type_owner.get(node.id)}
        self._add(node, "other", name, (), env, sdk)

    def _statics_in(self, holder: ts.Node) -> list[str]:
        """Keys of the Segment clients a type body declares as statics."""
        keys = []
        for prop in walk(holder, {"property_declaration"}):
            owner = _enclosing_type(prop)
            names = [
                c for i, c in enumerate(prop.children) if prop.field_name_for_child(i) == "name"
            ]  # fmt: skip
            ident = names[0].child_by_field_name("bound_identifier") if len(names) == 1 else None
            if owner and ident is not None and _is_static(prop):
                decls = self.by_name.get(f"{owner}.{text(ident)}", [])
                keys += [d.key for d in decls if d.client is not None and d.key not in keys]
        return keys

    def _is_plugin(self, node: ts.Node) -> bool:
        """A class implementing a Segment plugin protocol: ported by hand, left whole."""
        if not self.segment_import:
            return False
        return any(
            child.type == "inheritance_specifier"
            and re.sub(r"\s+", "", text(child)) in PLUGIN_PROTOCOLS
            for child in node.named_children
        )

    def _add(self, node, method, receiver, args, env, sdk=None, origin=None, plugin=False) -> None:
        if not plugin and any(
            p.start_byte <= node.start_byte < p.end_byte for p in self.plugins
        ):  # inside a Segment plugin: the plugin is reported as a whole
            return
        if node.has_error:  # the grammar did not understand this call: described, not bound
            env = {"kind": "unparsed", "name": env.get("name"), "client": env.get("client")}
            method, args = "other", ()
        self.sites.append(_Site(node, method, receiver, tuple(args), env, sdk, origin))

    # -- describing a site -------------------------------------------------------------------

    def _file_sdk(self) -> str | None:
        if self.evidence.new and not self.evidence.legacy:
            return NEW
        if self.evidence.legacy and not self.evidence.new:
            return LEGACY
        if self.analytics_import and not self.segment_import:
            return LEGACY
        return None

    def _callsite(self, site: _Site) -> CallSite:
        sdk = site.sdk or site.origin or self._file_sdk()
        if not sdk:
            shared = site.env.get("shared") or site.env.get("kind") == "shared"
            sdk = LEGACY if shared else NEW
        node = site.node
        context, statement, binding = self._context(node)
        line, column = position(node)
        env = {"shared": False, "segment_import_kept": False, **site.env}
        key = env.get("defines_client") or env.get("client")
        client = self._client_id(key) if key else None
        if env.get("client") and env.get("defines_client"):  # an init using a configuration
            self.links.append((env["client"], env["defines_client"]))
        return CallSite(
            path=self.path, language="swift", sdk=sdk, method=site.method,
            receiver=site.receiver, args=site.args, span=span(node), statement_span=statement,
            line=line, column=column, context=context, binding=binding, text=text(node), env=env,
            client=client,
        )  # fmt: skip

    def _client_id(self, key: str) -> ClientId:
        """Globals, statics and the shared singleton are one client module-wide."""
        project_wide = key == SHARED or key.startswith(GLOBAL)
        return ClientId("swift", key if project_wide else f"{self.path}#{key}")

    def _context(self, node: ts.Node) -> tuple[Context, tuple[int, int] | None, str | None]:
        parent = node.parent
        if parent is None:
            return Context.EXPRESSION, None, None
        if parent.type in ("statements", "source_file"):
            return Context.STATEMENT, span(node), None
        if parent.type == "property_declaration" and parent.child_by_field_name("value") == node:
            names = [
                c for i, c in enumerate(parent.children)
                if parent.field_name_for_child(i) == "name"
            ]  # fmt: skip
            ident = names[0].child_by_field_name("bound_identifier") if len(names) == 1 else None
            if ident is not None:
                return Context.DECLARATION, span(parent), text(ident)
        if parent.type == "assignment" and parent.child_by_field_name("result") == node:
            target = parent.child_by_field_name("target")
            grand = parent.parent
            if (
                target is not None
                and grand is not None
                and grand.type in ("statements", "source_file")
            ):
                return Context.DECLARATION, span(parent), text(target)
        return Context.EXPRESSION, None, None


__all__ = ["SwiftFrontend"]
