"""Java values the rules see: literals, Segment containers and message builders.

Part of the Java frontend (`languages/java.py`). Containers become OBJECT arguments with items:
legacy `new Properties().putValue(k, v).putRevenue(r)` / `new Traits().putEmail(e)` chains (typed
putters map to their Segment keys), `Map.of(k, v, ...)` / `ImmutableMap.of(...)` and the empty
`new HashMap<>()` / `Collections.emptyMap()`. Anything else (an unknown putter, a spread of
entries) leaves the argument OTHER: rules pass it through or report it.

analytics-java messages `TrackMessage.builder("E").userId(u).properties(m)` become a list of
`Arg`s named after the builder's methods (the first one after the message's required
parameter: `event`, `name`, `groupId`, `previousId`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import tree_sitter as ts

from segcodemod.languages.segment_android import putter_key
from segcodemod.languages.treesitter import named_children, span, text
from segcodemod.model import Arg, ArgKind, Item

NUMBER_TYPES = {
    "decimal_integer_literal", "hex_integer_literal", "octal_integer_literal",
    "binary_integer_literal", "decimal_floating_point_literal", "hex_floating_point_literal",
}  # fmt: skip
FUNCTION_TYPES = {"lambda_expression", "method_reference"}
ARRAY_TYPES = {"array_creation_expression", "array_initializer"}
MAP_FACTORIES = {("Map", "of"), ("ImmutableMap", "of"), ("Collections", "emptyMap")}
EMPTY_MAPS = {"HashMap", "LinkedHashMap", "TreeMap"}
# analytics-java message classes: (call kind, name of the builder's own parameter)
MESSAGES = {
    "TrackMessage": ("track", "event"),
    "IdentifyMessage": ("identify", None),
    "PageMessage": ("page", "name"),
    "ScreenMessage": ("screen", "name"),
    "GroupMessage": ("group", "groupId"),
    "AliasMessage": ("alias", "previousId"),
}
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "s": " ", "0": "\0"}


@dataclass(frozen=True)
class Invocation:
    """`object.name(args)` (object None for an unqualified call)."""

    node: ts.Node
    object: ts.Node | None
    name: str
    args: list[ts.Node]


def invocation(node: ts.Node | None) -> Invocation | None:
    if node is None or node.type != "method_invocation":
        return None
    args_node = node.child_by_field_name("arguments")
    args = named_children(args_node) if args_node is not None else []
    return Invocation(
        node, node.child_by_field_name("object"), text(node.child_by_field_name("name")), args
    )


def creation(node: ts.Node | None) -> tuple[str, list[ts.Node]] | None:
    """(type text, arguments) of `new T(args)` without a class body."""
    if node is None or node.type != "object_creation_expression":
        return None
    if any(c.type == "class_body" for c in node.named_children):
        return None
    args_node = node.child_by_field_name("arguments")
    args = named_children(args_node) if args_node is not None else []
    return text(node.child_by_field_name("type")), args


def decode_string(node: ts.Node) -> str | None:
    """A plain string literal's value (None for text blocks and unknown escapes)."""
    raw = text(node)
    if not (raw.startswith('"') and not raw.startswith('"""')):
        return None
    body, out, i = raw[1:-1], [], 0
    while i < len(body):
        ch = body[i]
        if ch != "\\":
            out.append(ch)
            i += 1
            continue
        nxt = body[i + 1 : i + 2]
        if nxt in _ESCAPES:
            out.append(_ESCAPES[nxt])
            i += 2
        elif nxt in ('"', "'", "\\"):
            out.append(nxt)
            i += 2
        elif (hexa := re.match(r"u+([0-9A-Fa-f]{4})", body[i + 1 :])) is not None:
            out.append(chr(int(hexa.group(1), 16)))
            i += 1 + hexa.end()
        else:
            return None
    return "".join(out)


def escape(value: str) -> str:
    out = []
    for ch in value:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ch in "\n\r\t":
            out.append({"\n": "\\n", "\r": "\\r", "\t": "\\t"}[ch])
        elif ord(ch) < 0x20:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return "".join(out)


def quote(value: str) -> str:
    return '"' + escape(value) + '"'


class Values:
    """Classifies expressions; `role(name)` says what a simple name is in this file
    (`analytics`, `properties`, `traits`, `message` or None), `local(name, at)` whether a
    local declaration shadows it."""

    def __init__(self, role: Callable[[str], str | None], shadowed: Callable[[str, ts.Node], bool]):
        self.role, self.shadowed = role, shadowed

    def segment_name(self, node: ts.Node | None, role: str) -> bool:
        return (
            node is not None
            and node.type in ("identifier", "type_identifier")
            and self.role(text(node)) == role
            and not self.shadowed(text(node), node)
        )

    def arg(self, node: ts.Node, name: str | None = None) -> Arg:
        kind, value, items = ArgKind.OTHER, None, None
        t = node.type
        if t == "string_literal":
            value = decode_string(node)
            kind = ArgKind.STRING if value is not None else ArgKind.OTHER
        elif t in NUMBER_TYPES or (t == "unary_expression" and _negative_number(node)):
            kind = ArgKind.NUMBER
        elif t in ("true", "false"):
            kind = ArgKind.BOOL
        elif t == "null_literal":
            kind = ArgKind.NULL
        elif t in FUNCTION_TYPES:
            kind = ArgKind.FUNCTION
        elif t in ARRAY_TYPES:
            kind = ArgKind.ARRAY
        elif (found := self.container(node)) is not None:
            kind, items = ArgKind.OBJECT, found[1]
        return Arg(text(node), kind, name, value, items, span(node))

    # -- containers ----------------------------------------------------------------------------

    def container(self, node: ts.Node) -> tuple[str, tuple[Item, ...]] | None:
        """(kind, entries) of a map-like expression: kind `properties`, `traits` or `map`."""
        made = creation(node)
        if made is not None:
            type_text, args = made
            if args:
                return None
            base = type_text.split("<", 1)[0]
            type_node = node.child_by_field_name("type")
            for role in ("properties", "traits"):
                if self.segment_name(type_node, role):
                    return role, ()
            return ("map", ()) if base in EMPTY_MAPS else None
        call = invocation(node)
        if call is None:
            return None
        if call.object is not None and (text(call.object), call.name) in MAP_FACTORIES:
            if call.object.type != "identifier" or len(call.args) % 2:
                return None
            pairs = zip(call.args[::2], call.args[1::2], strict=True)
            return "map", tuple(self._item(k, v) for k, v in pairs)
        base = self.container(call.object) if call.object is not None else None
        if base is None or base[0] == "map":
            return None
        entry = self.putter(base[0], call.name, call.args)
        return (base[0], (*base[1], entry)) if entry is not None else None

    def putter(self, kind: str, method: str, args: list[ts.Node]) -> Item | None:
        """The entry `putValue(k, v)` / `putEmail(e)` on a Properties / Traits container adds."""
        if method in ("putValue", "put") and len(args) == 2:
            return self._item(args[0], args[1])
        key = putter_key(kind, method, len(args))
        return Item(key, quote(key), self.arg(args[0])) if key is not None else None

    def _item(self, key: ts.Node, value: ts.Node) -> Item:
        literal = decode_string(key) if key.type == "string_literal" else None
        return Item(literal, text(key), self.arg(value))

    # -- analytics-java messages -------------------------------------------------------------------

    def message(self, node: ts.Node) -> tuple[str, str, list[Arg]] | None:
        """(call kind, message class, named arguments) of `XMessage.builder(a).m(v)...`."""
        steps: list[Invocation] = []
        call = invocation(node)
        while call is not None:
            if call.name == "builder" and call.object is not None:
                name = text(call.object)
                if name in MESSAGES and self.segment_name(call.object, "message"):
                    return self._message_args(name, call, reversed(steps))
                return None
            steps.append(call)
            call = invocation(call.object)
        return None

    def _message_args(self, name: str, builder: Invocation, steps) -> tuple[str, str, list[Arg]]:
        kind, first = MESSAGES[name]
        args: list[Arg] = []
        if first is not None and len(builder.args) == 1:
            args.append(self.arg(builder.args[0], first))
        for step in steps:
            if len(step.args) == 1:
                args.append(self.arg(step.args[0], step.name))
            else:  # enableIntegration(k, b), integrationOptions(k, m), flushInterval(n, unit)
                start, end = step.node.child_by_field_name("arguments").byte_range
                whole = step.node.child_by_field_name("arguments")
                args.append(Arg(text(whole), ArgKind.OTHER, step.name, None, None, (start, end)))
        return kind, name, args


def _negative_number(node: ts.Node) -> bool:
    kids = named_children(node)
    return len(kids) == 1 and kids[0].type in NUMBER_TYPES and text(node).startswith("-")
