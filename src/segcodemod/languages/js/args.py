"""JS/TS call arguments as `model.Arg`: literal kinds, string values, object literal items."""

from __future__ import annotations

import tree_sitter as ts

from segcodemod.languages.js.syntax import decode_string
from segcodemod.languages.treesitter import named_children, span, text
from segcodemod.model import Arg, ArgKind, Item

KIND_BY_TYPE = {
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


def describe_args(call: ts.Node) -> tuple[Arg, ...]:
    args_node = call.child_by_field_name("arguments")
    return tuple(describe_arg(n) for n in named_children(args_node)) if args_node else ()


def describe_arg(node: ts.Node, name: str | None = None) -> Arg:
    if node.type == "spread_element":
        return Arg(text(node), ArgKind.OTHER, "...", None, None, span(node))
    inner = node
    while inner.type == "parenthesized_expression" and inner.named_children:
        inner = inner.named_children[0]
    kind, value, items = KIND_BY_TYPE.get(inner.type, ArgKind.OTHER), None, None
    if inner.type in ("string", "template_string"):
        value = decode_string(inner)
        kind = ArgKind.STRING if value is not None else ArgKind.TEMPLATE
    elif inner.type == "identifier" and text(inner) == "undefined":
        kind = ArgKind.NULL
    elif inner.type == "object":
        kind, items = ArgKind.OBJECT, tuple(_item(i) for i in named_children(inner))
    return Arg(text(node), kind, name, value, items, span(node))


def _item(node: ts.Node) -> Item:
    if node.type == "spread_element":
        operand = node.named_children[0] if node.named_children else node
        return Item(None, "", describe_arg(operand), spread=True)
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
        return Item(key_value, text(key), describe_arg(value if value is not None else node))
    # method shorthand, getters...: a function-valued entry
    key = node.child_by_field_name("name")
    return Item(
        text(key) if key is not None else None,
        text(key),
        Arg(text(node), ArgKind.FUNCTION, None, None, None, span(node)),
    )
