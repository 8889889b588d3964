"""JS/TS syntax helpers shared by every JS/TS finder (SDK calls, HTTP calls): node-type
tables of the three grammars (typescript, tsx, javascript) and small tree functions."""

from __future__ import annotations

from collections.abc import Iterator

import tree_sitter as ts

from segcodemod.languages.treesitter import ancestors, text

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
FIELD_TYPES = ("public_field_definition", "field_definition")


def unwrap(node: ts.Node) -> ts.Node:
    """`(x as any)`, `x!`, `(x)`, `<T>x` -> x."""
    while node.type in WRAPPERS and node.named_children:
        node = node.named_children[-1 if node.type == "type_assertion" else 0]
    return node


def dotted_path(node: ts.Node | None) -> str | None:
    """Dotted path of an identifier / `this` / member chain (`?.` and TS wrappers ignored)."""
    if node is None:
        return None
    node = unwrap(node)
    if node.type in ("identifier", "this"):
        return text(node)
    if node.type == "member_expression":
        base = dotted_path(node.child_by_field_name("object"))
        prop = node.child_by_field_name("property")
        if base and prop is not None and prop.type == "property_identifier":
            return f"{base}.{text(prop)}"
    return None


def root_identifier(node: ts.Node) -> ts.Node | None:
    node = unwrap(node)
    while node.type == "member_expression":
        node = unwrap(node.child_by_field_name("object"))
    return node if node.type == "identifier" else None


def is_optional(member: ts.Node) -> bool:
    return any(c.type == "optional_chain" for c in member.children)


def is_async(fn: ts.Node) -> bool:
    return any(c.type == "async" for c in fn.children)


def in_statement_list(node: ts.Node) -> bool:
    return node.parent is not None and node.parent.type in STATEMENT_LISTS


def in_function(node: ts.Node) -> bool:
    return any(a.type in FUNCTION_TYPES or a.type == "class_body" for a in ancestors(node))


def is_nested(node: ts.Node) -> bool:
    """Inside a function, class body or block: not run once when the module loads."""
    return any(x.type in NESTED for x in ancestors(node))


def is_called(member: ts.Node) -> bool:
    """`x.m(...)` / `x.m?.(...)` / `await x.m(...)`: the member expression is the callee."""
    node = member
    while node.parent is not None and node.parent.type in WRAPPERS:
        node = node.parent
    parent = node.parent
    return (
        parent is not None
        and parent.type in ("call_expression", "new_expression")
        and same(
            parent.child_by_field_name("function") or parent.child_by_field_name("constructor"),
            node,
        )
    )


def same(a: ts.Node | None, b: ts.Node | None) -> bool:
    return a is not None and b is not None and a.id == b.id


def semi(stmt: ts.Node) -> str:
    return ";" if stmt.children and stmt.children[-1].type == ";" else ""


def member_property(node: ts.Node | None) -> str:
    """The property name of a member expression (`a.b` -> "b"), "" otherwise."""
    if node is None or node.type != "member_expression":
        return ""
    return text(node.child_by_field_name("property"))


def pattern_names(node: ts.Node | None) -> Iterator[ts.Node]:
    """Identifiers a binding pattern declares (`a`, `{ a, b: [c] }`, `d = 1`, `...e`)."""
    if node is None:
        return
    t = node.type
    if t in ("identifier", "shorthand_property_identifier_pattern"):
        yield node
    elif t in ("required_parameter", "optional_parameter"):
        yield from pattern_names(node.child_by_field_name("pattern"))
    elif t in ("assignment_pattern", "object_assignment_pattern"):
        yield from pattern_names(node.child_by_field_name("left"))
    elif t == "pair_pattern":
        yield from pattern_names(node.child_by_field_name("value"))
    elif t in ("object_pattern", "array_pattern", "rest_pattern", "formal_parameters"):
        for c in node.named_children:
            yield from pattern_names(c)


_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v", "0": "\0"}


def unescape(seq: str) -> str:
    """The character an escape sequence (`\\n`, `\\x41`, `\\u{1F600}`) stands for."""
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
            out.append(unescape(text(child)))
        elif child.type == "html_character_reference":
            out.append(text(child))
        elif child.type == "template_substitution":
            return None
    if node.type == "template_string":  # fragments do not include the backticks, keep raw newlines
        return "".join(out).replace("\r\n", "\n")
    return "".join(out)
