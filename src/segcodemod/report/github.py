"""GitHub Actions workflow commands (`--format github`): one annotation per diagnostic."""

from __future__ import annotations

import os

from segcodemod.model import FileResult, Severity

LEVEL = {Severity.ERROR: "error", Severity.UNSUPPORTED: "warning", Severity.NOTE: "notice"}


def _escape(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def to_github(results: list[FileResult], base: str) -> str:
    lines = []
    for r in results:
        rel = os.path.relpath(r.path, base)
        if r.changed:
            lines.append(f"::warning file={rel},line=1::Segment calls to migrate (segcodemod)")
        for d in r.diagnostics:
            title = f"segcodemod {d.code}"
            lines.append(
                f"::{LEVEL[d.severity]} file={rel},line={d.line},col={d.column},"
                f"title={title}::{_escape(d.message)}"
            )
    return "\n".join(lines)
