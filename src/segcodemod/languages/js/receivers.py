"""What a JS/TS expression is: a Segment client, a client class, or something else; and
which calls of a file are Segment calls (receivers resolved through `FileAnalysis`).

The snippet global: `window.analytics.x(...)` (also `globalThis.` / `self.`, `?.`) is taken
to be Segment, and a *free* `analytics.x(...)` (no binding in scope) only when the file
shows the snippet is Segment or another file of the project does (see `analysis.py`).
Inside Segment's snippet code only its `analytics.load(...)` is found (Call.stub).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import tree_sitter as ts

from segcodemod.languages import react_native as rn
from segcodemod.languages.js.bindings import Call, Origin
from segcodemod.languages.js.segment import (
    BROWSER,
    BROWSER_LOADERS,
    CLASS_EXPORTS,
    METHODS,
    SNIPPET_NAME,
)
from segcodemod.languages.js.syntax import dotted_path, unwrap
from segcodemod.languages.treesitter import text

if TYPE_CHECKING:
    from segcodemod.languages.js.analysis import FileAnalysis


def origin_of(a: FileAnalysis, value: ts.Node) -> Origin | None:
    """What an initialiser makes a name: a Segment client, or None (not Segment)."""
    value = unwrap(value)
    if value.type == "await_expression" and value.named_children:
        value = unwrap(value.named_children[-1])
    if value.type == "new_expression":
        cls = class_of(a, value.child_by_field_name("constructor"))
        return Origin("client", cls.sdk) if cls else None
    if value.type == "call_expression":
        fn = value.child_by_field_name("function")
        made = made_by(a, fn)
        if made is not None:  # createClient(...) / useAnalytics() (React Native)
            return Origin("client", made.sdk, holder=value if made.kind == rn.HOOK else None)
        if fn is not None and fn.type == "member_expression":
            prop = text(fn.child_by_field_name("property"))
            cls = class_of(a, fn.child_by_field_name("object"))
            if cls and cls.sdk == BROWSER and prop in BROWSER_LOADERS:
                return Origin("client", BROWSER)
        return None
    if value.type in ("identifier", "member_expression"):
        origin = receiver_origin(a, value)
        return origin if origin and origin.kind == "client" else None
    for branch in _alternatives(value):  # `key ? AnalyticsBrowser.load(...) : noop`
        origin = origin_of(a, branch)
        if origin is not None:
            return origin
    return None


def made_by(a: FileAnalysis, fn: ts.Node | None) -> Origin | None:
    """A function imported from a Segment package whose call makes a client (a factory or a
    hook), by its name."""
    if fn is None or unwrap(fn).type != "identifier":
        return None
    decl = a.lookup(text(unwrap(fn)), fn)
    return decl.origin if decl and decl.origin.kind in ("factory", rn.HOOK) else None


def _alternatives(value: ts.Node) -> list[ts.Node]:
    """The values a conditional / logical expression may take (`c ? x : y`, `x || y`)."""
    if value.type == "ternary_expression":
        fields = ("consequence", "alternative")
    elif value.type == "binary_expression" and text(value.child_by_field_name("operator")) in (
        "||",
        "??",
        "&&",
    ):
        fields = ("left", "right")
    else:
        return []
    return [n for f in fields if (n := value.child_by_field_name(f)) is not None]


def class_of(a: FileAnalysis, node: ts.Node | None) -> Origin | None:
    """A Segment client class (`Analytics`, `AB`, `seg.AnalyticsBrowser`)."""
    if node is None:
        return None
    node = unwrap(node)
    if node.type == "identifier":
        decl = a.lookup(text(node), node)
        return decl.origin if decl and decl.origin.kind == "class" else None
    if node.type == "member_expression":
        base = unwrap(node.child_by_field_name("object"))
        prop = text(node.child_by_field_name("property"))
        if base.type == "identifier":
            decl = a.lookup(text(base), base)
            if decl and decl.origin.kind == "namespace" and prop in CLASS_EXPORTS[decl.origin.sdk]:
                return decl.origin
    return None


def receiver_origin(a: FileAnalysis, node: ts.Node) -> Origin | None:
    node = unwrap(node)
    if node.type == "identifier":
        decl = a.lookup(text(node), node)
        return decl.origin if decl else None
    path = dotted_path(node)
    if path and path in a.members:
        return a.members[path]
    return None


def find_calls(a: FileAnalysis, snippet_ok: bool, bare_ok: bool) -> list[Call]:
    found: list[Call] = []
    for node in a.call_nodes:
        call = classify(a, node, snippet_ok, bare_ok)
        if call is not None:
            found.append(call)
    found += providers(a)
    return sorted(found, key=lambda c: c.node.start_byte)


def classify_named_call(a: FileAnalysis, node: ts.Node, fn: ts.Node) -> Call | None:
    """`createClient(...)`, `useAnalytics()`, and `track(...)` destructured from it."""
    made = made_by(a, fn)
    if made is not None:
        return Call(node, made.sdk, "init", text(fn), None, made)
    decl = a.lookup(text(fn), fn)
    if decl is None or decl.origin.kind != "method":
        return None
    member = decl.origin.member or ""
    method = METHODS[decl.origin.sdk].get(member, "other")
    return Call(node, decl.origin.sdk, method, member, fn, decl.origin)


def providers(a: FileAnalysis) -> list[Call]:
    """`<AnalyticsProvider client={...}>` elements (React Native)."""
    if not any(d.origin.kind == rn.PROVIDER for d in a.decls.values()):
        return []

    def is_provider(name: ts.Node) -> bool:
        decl = a.lookup(text(name), name)
        return decl is not None and decl.origin.kind == rn.PROVIDER

    found = []
    for element in rn.provider_elements(a.root, is_provider):
        name = rn.provider_name(element)
        origin = a.lookup(text(name), name).origin
        found.append(Call(element, origin.sdk, "other", text(name), name, origin))
    return found


def classify(a: FileAnalysis, node: ts.Node, snippet_ok: bool, bare_ok: bool) -> Call | None:
    if node.type == "new_expression":
        ctor = node.child_by_field_name("constructor")
        cls = class_of(a, ctor)
        if cls is None:
            return None
        return Call(node, cls.sdk, "init", "new", None, cls)
    fn = node.child_by_field_name("function")
    if fn is not None and fn.type == "identifier":
        return classify_named_call(a, node, fn)
    if fn is None or fn.type != "member_expression":
        return None
    prop = fn.child_by_field_name("property")
    if prop is None or prop.type != "property_identifier":
        return None
    name = text(prop)
    obj = unwrap(fn.child_by_field_name("object"))
    cls = class_of(a, obj)
    if cls is not None:
        if cls.sdk == BROWSER and name in BROWSER_LOADERS:
            return Call(node, BROWSER, "init", name, obj, cls)
        return None
    origin = receiver_origin(a, obj)
    snippet = False
    if origin is not None and origin.kind == "stub":  # inside Segment's snippet: only its load
        if name != "load":
            return None
        return Call(node, BROWSER, "init", name, obj, origin, snippet=True, stub=True)
    if origin is None or origin.kind not in ("client",):
        if origin is not None:
            return None
        if a.is_window_analytics(obj):
            if not snippet_ok:
                return None
        elif obj.type == "identifier" and text(obj) == SNIPPET_NAME:
            if not (snippet_ok and bare_ok):
                return None
        else:
            return None
        origin, snippet = Origin("client", BROWSER), True
    method = METHODS[origin.sdk].get(name, "other")
    return Call(node, origin.sdk, method, name, obj, origin, snippet)


def has_snippet_load(a: FileAnalysis) -> bool:
    """A free `analytics.load(...)` / `window.analytics.load(...)`: the snippet's init."""
    for node in a.call_nodes:
        fn = node.child_by_field_name("function")
        if (
            fn is None
            or fn.type != "member_expression"
            or text(fn.child_by_field_name("property")) != "load"
        ):
            continue
        obj = unwrap(fn.child_by_field_name("object"))
        stub = receiver_origin(a, obj) if obj.type == "identifier" else None
        if stub is not None and stub.kind == "stub":
            return True
        if a.is_window_analytics(obj) or (
            obj.type == "identifier"
            and text(obj) == SNIPPET_NAME
            and a.lookup(SNIPPET_NAME, obj) is None
        ):
            return True
    return False


def client_key(a: FileAnalysis, at: ts.Node | None, name: str | None = None) -> str | None:
    """Identifies one client in the file: its declaration, or its member path."""
    if at is None:
        return None
    if name is None:
        path = dotted_path(at)
        if path is None:
            return None
        name = path
    if "." in name:
        return name
    decl = a.lookup(name, at)
    return f"{name}@{decl.node.start_byte}" if decl is not None and decl.node is not None else None
