"""Python: a cheap locator run before libcst, so libcst parses only what can hold Segment code.

libcst is exact but slow (about 20x tree-sitter on the same file, more with the metadata the
finder resolves). A stdlib-sized module that mentions Segment in one function would be parsed
whole, for nothing but that function. tree-sitter-python finds the module's top-level statements
instead, and those that cannot reach a Segment client are blanked: every byte but line breaks
becomes a space (a run of them is then quoted as one string literal), so byte offsets, line
numbers and columns of what is kept are exactly those of the file. The unit is a top-level line
(`a = 1; b = 2` is kept or blanked whole).

Kept for `find`: the leading statements up to where the import anchor stops (docstring, imports,
the first statement after them), and every *relevant* statement, found as a closure:

- it mentions `segment` / `analytics` (any case: imports, receivers, hosts, type names), or a
  prefilter token of the project (a wrapper module, a configured host);
- or it names a word a relevant statement binds to something relevant: the names of an import
  that mentions one of those, the last name of an assignment target whose statement mentions
  one (`self.seg = Client()` makes `seg` relevant in every other class).

A file with no Segment import (nor the `segment.analytics.Client` type named) can only hold a
Segment-looking call on an unknown receiver (reported): only those statements are kept (and the
leading import lines, which pattern rules place their imports by). `index` keeps every simple
top-level statement too (URL constants, client bindings), and has nothing to read in a file
without a Segment import or a URL.

Over-approximating costs only time. Never blanked: a file the grammar cannot parse cleanly, and
a file importing an HTTP client library (the HTTP pass follows client objects and their
credentials through statements that need not name Segment at all). A finder that starts to
follow clients through statements naming none of these must widen the closure here.
"""

from __future__ import annotations

import keyword
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cache

import tree_sitter as ts
import tree_sitter_python

COMPOUND = frozenset({
    "function_definition", "class_definition", "decorated_definition", "if_statement",
    "for_statement", "while_statement", "try_statement", "with_statement", "match_statement",
})  # fmt: skip
IMPORTS = frozenset({"import_statement", "import_from_statement", "future_import_statement"})
SEED_WORDS = (b"segment", b"analytics")  # matched in the lower-cased text
QUALIFIED_TYPE = b"segment.analytics.Client"  # a string annotation needs no import
# `segment.track(` on a receiver nothing binds to Segment: reported, never rewritten
LOOKS_LIKE_SEGMENT = re.compile(
    rb"(?i)(?:segment|analytics)[\w.]*\.(?:identify|track|page|screen|group|alias|flush|join|"
    rb"shutdown)\s*\("
)
HTTP_IMPORT = re.compile(
    rb"(?m)^[ \t]*(?:import|from)\b[^\n]*\b(?:requests|httpx|aiohttp|urllib3)\b"
)
# an import statement, with its parenthesised or backslash-continued names
IMPORT_STATEMENT = re.compile(
    rb"(?m)^[ \t]*(?:from|import)\b(?:[^\n(]*\([^)]*\)|(?:[^\n]*\\\r?\n)*[^\n]*)"
)
# a string literal that starts with a URL (what a URL constant of the index would hold; a URL
# in a docstring or comment does not start a literal)
URL_LITERAL = re.compile(rb"""[rbuRBUfF]?["']https?:""")
IDENTIFIER = re.compile(rb"[A-Za-z_]\w*")
KEYWORDS = frozenset(w.encode() for w in keyword.kwlist + keyword.softkwlist)
BINDINGS = """
(import_statement) @import (import_from_statement) @import
(assignment left: [(identifier) (attribute)] @left) @assign
"""


@cache
def _grammar() -> tuple[ts.Parser, ts.Query]:
    """Parser and query, compiled once per process."""
    language = ts.Language(tree_sitter_python.language())
    return ts.Parser(language), ts.Query(language, BINDINGS)


@dataclass(frozen=True)
class _Binding:
    """An import (`names`: every word it holds) or an assignment (`names`: its target's last
    name), with the text that decides whether it binds something relevant."""

    text: bytes
    names: frozenset[bytes]
    is_import: bool


@dataclass
class _Line:
    """One top-level line: a statement, or several joined by `;`."""

    start: int
    end: int
    compound: bool
    imports: bool
    text: bytes = b""
    bindings: list[_Binding] = field(default_factory=list)
    words: frozenset[bytes] = frozenset()


class _Relevance:
    """Whether a text reaches Segment, given the names bound so far."""

    def __init__(self, tokens: tuple[bytes, ...]):
        self.tokens = tokens
        self.bound: set[bytes] = set()

    def mentions(self, text: bytes, words: frozenset[bytes] | None = None) -> bool:
        lowered = text.lower()
        if any(word in lowered for word in SEED_WORDS) or any(t in text for t in self.tokens):
            return True
        words = frozenset(IDENTIFIER.findall(text)) if words is None else words
        return not words.isdisjoint(self.bound)


def relevant_source(source: bytes, tokens: tuple[bytes, ...] = ()) -> bytes:
    """`source` with the top-level lines that cannot reach Segment blanked (same length, same
    line breaks). `tokens`: the project's prefilter tokens."""
    if HTTP_IMPORT.search(source):
        return source
    relevance = _Relevance(tokens)
    imports_segment = _imports_segment(source, relevance)
    lines = _parsed_lines(source)
    if lines is None:
        return source
    if imports_segment:
        relevant = _closure(lines, relevance)
    else:  # only a Segment-looking call on an unknown receiver can be found
        relevant = {i for i, line in enumerate(lines) if LOOKS_LIKE_SEGMENT.search(line.text)}
    # the anchor prefix stays even alone: pattern rules place their imports by it
    return _blank_all_but(source, lines, relevant | _anchor_prefix(lines))


def index_source(source: bytes) -> bytes | None:
    """What the project index reads: as `relevant_source`, but every simple top-level
    statement is kept (URL constants, client bindings); None when there is nothing to read
    (no Segment import, no string literal holding a URL)."""
    if HTTP_IMPORT.search(source):
        return source
    relevance = _Relevance(())
    imports_segment = _imports_segment(source, relevance)
    if not imports_segment and not URL_LITERAL.search(source):
        return None
    lines = _parsed_lines(source)
    if lines is None:
        return source
    relevant = _closure(lines, relevance) if imports_segment else set()
    simple = {i for i, line in enumerate(lines) if not line.compound}
    return _blank_all_but(source, lines, relevant | simple | _anchor_prefix(lines))


def _imports_segment(source: bytes, relevance: _Relevance) -> bool:
    """An import that mentions Segment or a project token, or the qualified Segment type."""
    return QUALIFIED_TYPE in source or any(
        relevance.mentions(m.group()) for m in IMPORT_STATEMENT.finditer(source)
    )


def _parsed_lines(source: bytes) -> list[_Line] | None:
    """The top-level lines, or None when nothing may be blanked."""
    parser, query = _grammar()
    root = parser.parse(source).root_node
    if root.has_error:
        return None  # libcst decides (and reports the error where it gives up)
    return _lines(root, source, query)


def _lines(root: ts.Node, source: bytes, query: ts.Query) -> list[_Line]:
    lines: list[_Line] = []
    for node in root.children:
        if not node.is_named or node.type == "comment":
            continue
        compound, imports = node.type in COMPOUND, node.type in IMPORTS
        if lines and node.start_point[1] > 0:  # after `;` on the same line
            line = lines[-1]
            line.end, line.compound, line.imports = (
                node.end_byte,
                line.compound or compound,
                (line.imports or imports),
            )
        else:
            lines.append(_Line(node.start_byte, node.end_byte, compound, imports))
    for line in lines:
        line.text = source[line.start : line.end]
        line.words = frozenset(IDENTIFIER.findall(line.text))
    starts = [line.start for line in lines]
    for _, captures in ts.QueryCursor(query).matches(root):
        if "import" in captures:
            node = captures["import"][0]
            binding = _Binding(node.text, frozenset(IDENTIFIER.findall(node.text)) - KEYWORDS, True)
        else:
            node, left = captures["assign"][0], captures["left"][0]
            binding = _Binding(node.text, frozenset(IDENTIFIER.findall(left.text)[-1:]), False)
        lines[bisect_right(starts, node.start_byte) - 1].bindings.append(binding)
    return lines


def _closure(lines: list[_Line], relevance: _Relevance) -> set[int]:
    """Indexes of the relevant lines (the closure the module docstring describes)."""
    keep: set[int] = set()
    changed = True
    while changed:
        changed = False
        for i, line in enumerate(lines):
            if i not in keep and relevance.mentions(line.text, line.words):
                keep.add(i)
                changed = True
            if i in keep:
                for binding in line.bindings:
                    if not binding.names <= relevance.bound and relevance.mentions(binding.text):
                        relevance.bound |= binding.names
                        changed = True
    return keep


def _anchor_prefix(lines: list[_Line]) -> set[int]:
    """The leading lines the Python import anchor is computed from (docstring, imports, and
    the line where that scan stops: the first compound statement, or the first line without
    an import after one with)."""
    seen_import = False
    for i, line in enumerate(lines):
        if line.compound or (seen_import and not line.imports):
            return set(range(i + 1))
        seen_import = seen_import or line.imports
    return set(range(len(lines)))


def _blank_all_but(source: bytes, lines: list[_Line], keep: set[int]) -> bytes:
    """Each run of blanked lines becomes one string literal of spaces and line breaks (libcst
    makes one node of it, where thousands of blank lines cost thousands)."""
    out = bytearray(source)
    changed = False
    for start, end in _runs(lines, keep):
        region = re.sub(rb"[^\r\n]", b" ", source[start:end])
        if len(region) >= 6 and not re.search(rb"[\r\n]", region[:3] + region[-3:]):
            region = b'"""' + region[3:-3] + b'"""'
        out[start:end] = region
        changed = True
    return bytes(out) if changed else source


def _runs(lines: list[_Line], keep: set[int]) -> list[tuple[int, int]]:
    """(start, end) of each run of consecutive lines not kept (with what lies between them)."""
    runs: list[tuple[int, int]] = []
    previous = -2
    for i, line in enumerate(lines):
        if i in keep:
            continue
        if runs and previous == i - 1:
            runs[-1] = (runs[-1][0], line.end)
        else:
            runs.append((line.start, line.end))
        previous = i
    return runs


__all__ = ["index_source", "relevant_source"]
