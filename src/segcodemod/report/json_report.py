"""Machine-readable report (`--format json`)."""

from __future__ import annotations

import json
import os

from segcodemod.model import FileResult


def to_json(results: list[FileResult], scanned: int, base: str) -> str:
    files = []
    for r in results:
        if not (r.changed or r.diagnostics or r.calls_found):
            continue
        files.append(
            {
                "path": os.path.relpath(r.path, base),
                "language": r.language,
                "changed": r.changed,
                "calls_found": r.calls_found,
                "calls_rewritten": r.calls_rewritten,
                "http_calls_found": r.http_calls_found,
                "diagnostics": [
                    {
                        "line": d.line,
                        "column": d.column,
                        "severity": d.severity.value,
                        "code": d.code,
                        "message": d.message,
                        "rule": d.rule_id or None,
                    }
                    for d in r.diagnostics
                ],
            }
        )
    totals = {
        "files_scanned": scanned,
        "files_changed": sum(1 for r in results if r.changed),
        "calls_found": sum(r.calls_found for r in results),
        "calls_rewritten": sum(r.calls_rewritten for r in results),
        "http_calls_found": sum(r.http_calls_found for r in results),  # of calls_found
        "unsupported": sum(len(r.unsupported) for r in results),
        "files_skipped": sum(1 for r in results if r.error),
    }
    return json.dumps({"summary": totals, "files": files}, indent=2)
