"""Byte-level text surgery shared by every language: spans, lines, indentation, EOLs."""

from __future__ import annotations

from segcodemod.model import Edit

BOM = b"\xef\xbb\xbf"


def split_bom(data: bytes) -> tuple[bytes, bytes]:
    return (BOM, data[3:]) if data.startswith(BOM) else (b"", data)


def eol_of(body: bytes) -> str:
    """The file's line break: CRLF if it uses any, else LF."""
    return "\r\n" if b"\r\n" in body else "\n"


def line_start(body: bytes, offset: int) -> int:
    return body.rfind(b"\n", 0, offset) + 1


def line_end(body: bytes, offset: int) -> int:
    """Offset just past the line break of the line holding `offset` (or end of file)."""
    nl = body.find(b"\n", offset)
    return len(body) if nl < 0 else nl + 1


def whole_lines(body: bytes, start: int, end: int) -> tuple[int, int]:
    """The span of the full lines (line break included) that `start:end` touches."""
    return line_start(body, start), line_end(body, end)


def alone_on_lines(body: bytes, start: int, end: int) -> bool:
    """Nothing but whitespace shares the lines of `start:end`."""
    first, last = whole_lines(body, start, end)
    return not body[first:start].strip() and not body[end:last].strip()


def indent_at(body: bytes, offset: int) -> str:
    start = line_start(body, offset)
    end = start
    while end < len(body) and body[end : end + 1] in (b" ", b"\t"):
        end += 1
    return body[start:end].decode("utf-8")


def line_of(body: bytes, offset: int) -> int:
    return body.count(b"\n", 0, offset) + 1


def reindent(text: str, indent: str) -> str:
    """Indent every line after the first (the first continues where the old code stood)."""
    lines = text.split("\n")
    return "\n".join([lines[0]] + [indent + line if line.strip() else "" for line in lines[1:]])


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Spans overlap; two insertions at one point also count, except at the same point."""
    return a[0] < b[1] and b[0] < a[1]


def apply_edits(body: bytes, edits: list[Edit], eol: str) -> bytes:
    """Apply non-overlapping edits (the caller has checked); insertions at one point keep
    their list order."""
    pieces: list[bytes] = []
    pos = 0
    # at one offset, insertions go before a replacement that starts there
    for edit in sorted(edits, key=lambda e: (e.span[0], e.span[1] > e.span[0])):
        pieces.append(body[pos : edit.span[0]])
        pieces.append(edit.text.replace("\r\n", "\n").replace("\n", eol).encode("utf-8"))
        pos = max(pos, edit.span[1])
    pieces.append(body[pos:])
    return b"".join(pieces)
