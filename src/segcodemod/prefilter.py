"""Cheap byte test run before parsing: most files of a repository never mention Segment.

Plain `in` tests on bytes run at about 1.3 GB/s here; a regex was ~8x slower.
"""

from __future__ import annotations

# "TODO(segcodemod)": marks an earlier run left, reported until a person resolves them
TOKENS = (b"analytics", b"Analytics", b"segment", b"Segment", b"SEG", b"TODO(segcodemod)")


def may_contain_segment(data: bytes, extra: tuple[bytes, ...] = ()) -> bool:
    """`extra`: names of the project's own modules that export a Segment client."""
    return any(token in data for token in TOKENS) or any(token in data for token in extra)
