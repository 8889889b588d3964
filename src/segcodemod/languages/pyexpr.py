"""What the Python frontends know about an expression without running it (shared by the SDK
call finder and the HTTP API call finder)."""

from __future__ import annotations

from collections.abc import Callable

import libcst as cst

from segcodemod.model import Arg, ArgKind, Item, Span


def describe(
    node: cst.BaseExpression, span_of: Callable[[cst.CSTNode], Span], source: bytes,
    name: str | None = None,
) -> Arg:  # fmt: skip
    """An Arg for `node`: its source text, kind, decoded string value and dict items."""
    span = span_of(node)
    text = source[span[0] : span[1]].decode("utf-8")
    kind, value, items = ArgKind.OTHER, None, None
    if isinstance(node, cst.SimpleString):
        evaluated = node.evaluated_value
        if isinstance(evaluated, str):
            kind, value = ArgKind.STRING, evaluated
    elif isinstance(node, cst.ConcatenatedString | cst.FormattedString):
        kind = ArgKind.TEMPLATE
    elif isinstance(node, cst.Integer | cst.Float):
        kind = ArgKind.NUMBER
    elif isinstance(node, cst.Name) and node.value in ("True", "False"):
        kind = ArgKind.BOOL
    elif isinstance(node, cst.Name) and node.value == "None":
        kind = ArgKind.NULL
    elif isinstance(node, cst.Dict):
        kind = ArgKind.OBJECT
        items = tuple(_item(e, span_of, source) for e in node.elements)
    elif isinstance(node, cst.List | cst.Tuple | cst.Set):
        kind = ArgKind.ARRAY
    elif isinstance(node, cst.Lambda):
        kind = ArgKind.FUNCTION
    return Arg(text, kind, name, value, items, span)


def _item(element: cst.BaseDictElement, span_of, source: bytes) -> Item:
    if isinstance(element, cst.StarredDictElement):
        return Item(None, "", describe(element.value, span_of, source), spread=True)
    key = describe(element.key, span_of, source)
    value = describe(element.value, span_of, source)
    return Item(key.value if key.kind is ArgKind.STRING else None, key.text, value)


def dotted_name(node: cst.BaseExpression) -> str | None:
    """`a.b.c` for a chain of names and attributes, else None."""
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        base = dotted_name(node.value)
        return f"{base}.{node.attr.value}" if base else None
    return None
