"""Machine-readable report (`--format json`): totals, per-file results and the per-call ledger.

The shape is published as schemas/ledger.schema.json (JSON Schema draft 2020-12).
"""

from __future__ import annotations

import json
import os

from segcodemod import __version__
from segcodemod.ledger import migrated_share, outcome_counts
from segcodemod.model import CallRecord, FileResult

SCHEMA_VERSION = 1


def relative(path: str, base: str) -> str:
    return os.path.relpath(path, base).replace(os.sep, "/")


def call_entry(record: CallRecord, base: str) -> dict:
    return {
        "path": relative(record.path, base),
        "line": record.line,
        "column": record.column,
        "language": record.language,
        "sdk": record.sdk,
        "kind": record.kind,
        "outcome": record.outcome.value,
        "rule": record.rule_id or None,
        "code": record.code or None,
        "reason": record.reason or None,
        "text": record.text,
    }


def to_json(results: list[FileResult], scanned: int, base: str, diff: str | None = None) -> str:
    files = []
    for r in results:
        if not (r.changed or r.diagnostics or r.calls_found):
            continue
        files.append(
            {
                "path": relative(r.path, base),
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
    records = [c for r in results for c in r.calls]
    totals = {
        "files_scanned": scanned,
        "files_changed": sum(1 for r in results if r.changed),
        "calls_found": sum(r.calls_found for r in results),
        "calls_rewritten": sum(r.calls_rewritten for r in results),
        "http_calls_found": sum(r.http_calls_found for r in results),  # of calls_found
        "unsupported": sum(len(r.unsupported) for r in results),
        "files_skipped": sum(1 for r in results if r.error),
        "outcomes": outcome_counts(records),
        "migrated_share": migrated_share(records),
    }
    report = {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "segcodemod", "version": __version__},
        "summary": totals,
        "files": files,
        "calls": [call_entry(c, base) for c in records],
    }
    if diff is not None:
        report["diff"] = diff
    return json.dumps(report, indent=2)
