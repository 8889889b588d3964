"""Shared layer for the tree-sitter frontends (TypeScript/TSX/JavaScript, Swift, Kotlin).

Subclasses give the grammar and node-type tables; everything that does not depend on a
grammar's node names (parsing, error counting, walking, argument classification by table,
positions) lives here once.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Sequence
from functools import cached_property

import tree_sitter as ts

from segcodemod.edits import line_end
from segcodemod.languages.base import ParseError
from segcodemod.model import Arg, ArgKind, Span


class TreeSitterFrontend:
    name: str = ""
    extensions: tuple[str, ...] = ()
    comment_prefix: str = "//"
    helper_blank_lines: int = 1
    arg_line_indent: bool = False
    # node type -> kind, for argument classification
    kind_by_type: dict[str, ArgKind] = {}
    # errors a grammar reports on valid code may be tolerated up to the original count
    max_error_fraction: float = 0.5

    def grammar(self) -> object:  # the capsule a tree_sitter_<lang> module returns
        raise NotImplementedError

    @cached_property
    def language(self) -> ts.Language:
        return ts.Language(self.grammar())

    @cached_property
    def parser(self) -> ts.Parser:
        return ts.Parser(self.language)

    def parse(self, source: bytes) -> ts.Tree:
        return self.parser.parse(source)

    # -- verification ---------------------------------------------------------------------

    def syntax_errors(self, source: bytes) -> int:
        return count_errors(self.parse(source).root_node)

    def parse_checked(self, source: bytes) -> ts.Tree:
        """Parse, tolerating the errors a grammar reports on valid newer syntax; raise
        ParseError only when the tree is hopeless (the root is an error, or more than
        `max_error_fraction` of the bytes sit under ERROR nodes)."""
        tree = self.parse(source)
        root = tree.root_node
        if not root.has_error:
            return tree
        if root.is_error or error_bytes(root) > self.max_error_fraction * max(len(source), 1):
            first = first_error(root)
            line = first.start_point[0] + 1 if first is not None else 1
            raise ParseError(f"too many syntax errors for the {self.name} grammar", line)
        return tree

    # -- helpers for subclasses -------------------------------------------------------------

    def kind_of(self, node: ts.Node) -> ArgKind:
        return self.kind_by_type.get(node.type, ArgKind.OTHER)

    def merge_imports(self, lines: list[str]) -> list[str]:
        return lines


def count_errors(root: ts.Node) -> int:
    """ERROR and MISSING nodes in a tree (0 for a clean parse)."""
    if not root.has_error:
        return 0
    count = 0
    stack = [root]
    while stack:
        node = stack.pop()
        if node.is_error or node.is_missing:
            count += 1
            continue
        stack.extend(c for c in node.children if c.has_error or c.is_missing)
    return count


def error_bytes(root: ts.Node) -> int:
    """Bytes covered by (outermost) ERROR nodes."""
    total = 0
    stack = [root]
    while stack:
        node = stack.pop()
        if node.is_error:
            total += node.end_byte - node.start_byte
            continue
        stack.extend(c for c in node.children if c.has_error)
    return total


def first_error(root: ts.Node) -> ts.Node | None:
    """The first ERROR or MISSING node in source order, if any."""
    for node in walk(root):
        if node.is_error or node.is_missing:
            return node
    return None


_CONTROL_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def escape_string(
    value: str, backslashed: str, unicode: Callable[[int], str], also_unicode: str = ""
) -> str:
    """The inside of a double-quoted literal (Swift, Kotlin): `backslashed` characters get a
    backslash, \\n \\r \\t their short escapes, other control characters (and
    `also_unicode`) the language's unicode escape, `unicode(code_point)`."""
    out = []
    for ch in value:
        if ch in backslashed:
            out.append("\\" + ch)
        elif ch in _CONTROL_ESCAPES:
            out.append(_CONTROL_ESCAPES[ch])
        elif ord(ch) < 0x20 or ch in also_unicode:
            out.append(unicode(ord(ch)))
        else:
            out.append(ch)
    return "".join(out)


def import_anchor(
    source: bytes, root: ts.Node, import_types: Collection[str], leading_types: Collection[str] = ()
) -> int:
    """Where new imports go: after the last top-level node of `import_types`; in a file
    without one, after the leading nodes of `leading_types` (header comments), else at 0."""
    imports = [c for c in root.children if c.type in import_types]
    if imports:
        return line_end(source, imports[-1].end_byte)
    anchor = 0
    for child in root.children:
        if child.type not in leading_types:
            break
        anchor = line_end(source, child.end_byte)
    return anchor


def text(node: ts.Node | None) -> str:
    return node.text.decode("utf-8") if node is not None and node.text is not None else ""


def span(node: ts.Node) -> Span:
    return (node.start_byte, node.end_byte)


def position(node: ts.Node) -> tuple[int, int]:
    """1-based line and column (column in bytes, as editors show for ASCII)."""
    return node.start_point[0] + 1, node.start_point[1] + 1


def walk(root: ts.Node, types: set[str] | None = None) -> Iterator[ts.Node]:
    """Pre-order walk; with `types`, only nodes of those types."""
    cursor = root.walk()
    visited_children = False
    while True:
        if not visited_children:
            node = cursor.node
            if node is not None and (types is None or node.type in types):
                yield node
            if cursor.goto_first_child():
                continue
        if cursor.goto_next_sibling():
            visited_children = False
        elif cursor.goto_parent():
            visited_children = True
        else:
            return


def named_children(node: ts.Node, skip: Sequence[str] = ("comment",)) -> list[ts.Node]:
    return [c for c in node.named_children if c.type not in skip]


def ancestors(node: ts.Node) -> Iterator[ts.Node]:
    parent = node.parent
    while parent is not None:
        yield parent
        parent = parent.parent


def make_arg(
    node: ts.Node,
    kind: ArgKind,
    *,
    name: str | None = None,
    value: str | None = None,
    items=None,
) -> Arg:
    return Arg(text(node), kind, name, value, items, span(node))


Classifier = Callable[[ts.Node], Arg]
