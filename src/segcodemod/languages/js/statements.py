"""Where a JS/TS call stands (statement, declaration, expression) and the facts about its place
that rules read: awaited, promise used, can await, binding kept, JSX comment style; the file's
own style for new import lines."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import tree_sitter as ts

from segcodemod.edits import alone_on_lines, indent_at, line_end, line_start, whole_lines
from segcodemod.languages.js.syntax import (
    FIELD_TYPES,
    FUNCTION_TYPES,
    JSX_PARENTS,
    WRAPPERS,
    dotted_path,
    in_statement_list,
    is_async,
    same,
    semi,
)
from segcodemod.languages.treesitter import ancestors, span, text
from segcodemod.model import Context, Span

if TYPE_CHECKING:
    from segcodemod.languages.js.analysis import FileAnalysis

EXPORT_TARGETS = ("module.exports", "exports.")


@dataclass(frozen=True)
class Placement:
    """Where a call stands. Only an init (a client constructor / load) is a DECLARATION: it
    makes the binding. Any other call whose value is assigned is an EXPRESSION."""

    context: Context
    statement: Span | None = None
    binding: str | None = None
    awaited: bool = False
    exported: bool = False
    decl_kind: str = ""  # const / let / var
    semi: str = ""


def placement(node: ts.Node, init: bool) -> Placement:
    inner, parent = node, node.parent
    awaited = False
    if parent is not None and parent.type == "await_expression":
        awaited, inner, parent = True, parent, parent.parent
    expr = Placement(Context.EXPRESSION, awaited=awaited)
    if parent is None:
        return expr
    if parent.type == "expression_statement" and in_statement_list(parent):
        return Placement(Context.STATEMENT, span(parent), awaited=awaited, semi=semi(parent))
    if not init:
        return expr
    if parent.type == "variable_declarator" and same(parent.child_by_field_name("value"), inner):
        return _declarator_placement(parent, awaited) or expr
    if parent.type == "assignment_expression" and same(parent.child_by_field_name("right"), inner):
        stmt = parent.parent
        left = dotted_path(parent.child_by_field_name("left"))
        if (
            stmt is not None
            and stmt.type == "expression_statement"
            and in_statement_list(stmt)
            and left
            and not left.startswith(EXPORT_TARGETS)
        ):
            return Placement(Context.DECLARATION, span(stmt), left, awaited, semi=semi(stmt))
    return expr


def _declarator_placement(declarator: ts.Node, awaited: bool) -> Placement | None:
    name = declarator.child_by_field_name("name")
    decl = declarator.parent
    if name is None or name.type != "identifier" or decl is None:
        return None
    if len([c for c in decl.named_children if c.type == "variable_declarator"]) != 1:
        return None
    stmt, exported = decl, False
    if decl.parent is not None and decl.parent.type == "export_statement":
        stmt, exported = decl.parent, True
    if not in_statement_list(stmt):
        return None
    kind = decl.child_by_field_name("kind")
    keyword = text(kind) if kind is not None else decl.children[0].type
    return Placement(
        Context.DECLARATION, span(stmt), text(name), awaited, exported, keyword, semi(decl)
    )


def init_holder(node: ts.Node) -> str | None:
    """Where an init in value position puts the client: a class field, `export default`,
    `module.exports`. Anything else (destructuring, arguments...) uses the value itself."""
    parent = node.parent
    if parent is not None and parent.type == "await_expression":
        node, parent = parent, parent.parent
    if parent is None:
        return None
    if parent.type in FIELD_TYPES and same(parent.child_by_field_name("value"), node):
        return "field"
    if parent.type == "export_statement" and same(parent.child_by_field_name("value"), node):
        return "export"
    if parent.type == "assignment_expression" and same(parent.child_by_field_name("right"), node):
        left = dotted_path(parent.child_by_field_name("left")) or ""
        if left == "module.exports" or left.startswith(("exports.", "module.exports.")):
            return "exports"
    return None


def promise_used(node: ts.Node, where: Placement) -> bool:
    """Is the call's value used (as a promise)? Only when it is thrown away is it not."""
    if where.awaited or where.context is Context.DECLARATION:
        return True
    if where.context is Context.STATEMENT:
        return False
    parent = node.parent
    if parent is None:
        return False
    if parent.type == "unary_expression" and text(parent.children[0]) == "void":
        return False
    if parent.type == "sequence_expression" and not same(parent.named_children[-1], node):
        return False
    if parent.type == "arrow_function" and same(parent.child_by_field_name("body"), node):
        holder = parent.parent
        return not (holder is not None and holder.type == "jsx_expression")
    return parent.type != "expression_statement"


def can_await(node: ts.Node, a: FileAnalysis) -> bool:
    for anc in ancestors(node):
        if anc.type in FUNCTION_TYPES:
            return is_async(anc)
        if anc.type in ("class_body", "class_static_block"):
            return False
    return a.path.endswith((".mjs", ".mts")) or a.top_level_await


def keep_binding(a: FileAnalysis, node: ts.Node, where: Placement) -> bool:
    """The init's binding is used by something other than the calls found (it must stay)."""
    binding = where.binding
    if where.context is not Context.DECLARATION or not binding:
        return False
    if where.exported:
        return True
    if "." in binding:
        return a.member_bindings.get(binding, 0) > 0
    decl = a.lookup(binding, node)
    return decl is not None and (decl.other_refs > 0 or decl.exported)


def comment_style(a: FileAnalysis, source: bytes, where: Span) -> str:
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


def statement_lines(source: bytes, node: ts.Node) -> Span:
    """The statement's whole lines when nothing else shares them, else just the statement."""
    start, end = node.start_byte, node.end_byte
    return whole_lines(source, start, end) if alone_on_lines(source, start, end) else (start, end)


def _has_module_syntax(a: FileAnalysis) -> bool:
    return any(n.type in ("import_statement", "export_statement") for n in a.root.named_children)


def file_env(a: FileAnalysis, source: bytes, language: str) -> dict:
    """How new import lines are written: ES import or require, with or without `;`."""
    if a.path.endswith(".cjs"):
        style = "cjs"
    elif a.imports:
        style = a.imports[0].style
    else:
        cjs = language == "javascript" and not _has_module_syntax(a) and b"require(" in source
        style = "cjs" if cjs else "esm"
    imports = [n for n in a.root.named_children if n.type == "import_statement"]
    if imports:
        import_semi = ";" if text(imports[0]).rstrip().endswith(";") else ""
    else:  # the file's habit: most statements end with `;` or not
        ends = [semi(n) for n in a.statements if in_statement_list(n)]
        import_semi = "" if ends and ends.count("") > ends.count(";") else ";"
    return {
        "module_style": style,
        "import_semi": import_semi,
        "typescript": language != "javascript",
        "classic_script": False,  # per call: see classic_script
    }


def classic_script(a: FileAnalysis, source: bytes, language: str) -> bool:
    """A plain `.js` file loaded by a `<script>` tag: no import / export statement, no
    `require(`, no top-level await, no `import.meta`. It cannot import anything, so the
    target's browser SDK is reached through the global its own snippet defines."""
    if language != "javascript" or not a.path.endswith(".js"):
        return False
    if a.imports or a.top_level_await or b"require(" in source or b"import.meta" in source:
        return False
    return not _has_module_syntax(a)


def import_anchor(a: FileAnalysis, source: bytes) -> int:
    """After the last top-level import (or a `require` declaration among the leading
    statements), else after a shebang, header comments and directives ('use client')."""
    anchor, leading, prologue = 0, True, True
    for node in a.root.children:
        t = node.type
        is_require = t in ("lexical_declaration", "variable_declaration") and any(
            a.require(d.child_by_field_name("value"))
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


def value_target(node: ts.Node) -> ts.Node | None:
    """The name an init's value ends up in, also through `await`, `c ? init : other`,
    `init || other`, casts: a declarator's name, an assignment's left side or a class field's
    name (None when the value goes anywhere else)."""
    inner, parent = node, node.parent
    while parent is not None and (
        parent.type in WRAPPERS or parent.type in ("await_expression", "ternary_expression")
        or (parent.type == "binary_expression"
            and text(parent.child_by_field_name("operator")) in ("||", "??", "&&"))
    ):  # fmt: skip
        if parent.type == "ternary_expression" and same(
            parent.child_by_field_name("condition"), inner
        ):
            return None
        inner, parent = parent, parent.parent
    if parent is None:
        return None
    if parent.type == "variable_declarator" and same(parent.child_by_field_name("value"), inner):
        name = parent.child_by_field_name("name")
        return name if name is not None and name.type == "identifier" else None
    if parent.type == "assignment_expression" and same(parent.child_by_field_name("right"), inner):
        return parent.child_by_field_name("left")
    if parent.type in FIELD_TYPES and same(parent.child_by_field_name("value"), inner):
        return parent.child_by_field_name("name") or parent.child_by_field_name("property")
    return None
