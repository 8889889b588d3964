"""The one interface every language plug-in implements."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from segcodemod.model import FileFacts, Findings, ProjectIndex


class ParseError(Exception):
    """The file cannot be parsed well enough to rewrite it safely."""

    def __init__(self, message: str, line: int = 1):
        super().__init__(message)
        self.line = line  # where the parser gave up (1-based), for the report


class Frontend(Protocol):
    name: str  # language id used in rule files: python, typescript, tsx, javascript, swift, kotlin
    extensions: tuple[str, ...]
    comment_prefix: str  # line comment, for TODO markers
    # Layout knobs the shared rewrite step reads:
    helper_blank_lines: int  # blank lines around generated helper blocks (Python: 2, PEP 8)
    arg_line_indent: bool  # a multi-line argument on its own line keeps its own indentation

    def index(self, path: str, source: bytes, root: str) -> FileFacts:
        """Cheap facts other files need: exported Segment clients, init homes."""
        ...

    def find(self, path: str, source: bytes, project: ProjectIndex) -> Findings:
        """Segment call sites and imports. Raises ParseError when the file cannot be parsed."""
        ...

    def syntax_errors(self, source: bytes) -> int:
        """How many syntax errors a parse reports (0 = clean). Used to verify rewrites."""
        ...

    def quote(self, value: str) -> str:
        """A string literal for `value` in this language."""
        ...

    def merge_imports(self, lines: list[str]) -> list[str]:
        """Combine import lines the rules asked for (e.g. two `from m import x` lines)."""
        ...

    def interpolate(self, parts: Sequence[tuple[str, bool]]) -> str:
        """A string expression from (text, is_code) parts, e.g. f"Viewed {name} Page"."""
        ...
