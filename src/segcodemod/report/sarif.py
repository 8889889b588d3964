"""SARIF 2.1.0 (`--format sarif`), for code-scanning dashboards.

One result per Segment call site (ruleId: the rule that matched, else `segcodemod/<code>`),
with `fixes` carrying its replacement; kept calls carry a suppression; each file's import and
helper edits are one `segcodemod/imports` result; other diagnostics (notes, file errors) follow.
"""

from __future__ import annotations

import json

from segcodemod import __version__
from segcodemod.model import CallRecord, FileResult, Outcome, Replacement, Severity
from segcodemod.report.json_report import relative

SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
LEVEL = {Severity.ERROR: "error", Severity.UNSUPPORTED: "warning", Severity.NOTE: "note"}
DESCRIPTIONS = {
    "segcodemod/imports": "Imports and helpers the migrated calls of a file need",
    "segcodemod/todo-left": "TODO(segcodemod) mark left by an earlier run",
}


def to_sarif(results: list[FileResult], base: str) -> str:
    findings: list[dict] = []
    descriptions: dict[str, str] = dict(DESCRIPTIONS)
    for r in results:
        uri = relative(r.path, base)
        for record in r.calls:
            rule = record.rule_id or f"segcodemod/{record.code}"
            descriptions.setdefault(rule, f"Segment {record.kind} call ({record.sdk or '?'})")
            findings.append(_call_result(record, rule, uri))
        if r.file_edits:
            message = "imports and helpers for the migrated calls of this file"
            findings.append(
                _result("segcodemod/imports", "note", message, uri, fix=(message, r.file_edits))
            )
        tied = {(c.line, c.column, c.code) for c in r.calls}
        for d in r.diagnostics:
            if (d.line, d.column, d.code) not in tied:
                rule = f"segcodemod/{d.code}"
                descriptions.setdefault(rule, d.code.replace("-", " "))
                findings.append(_result(rule, LEVEL[d.severity], d.message, uri, d.line, d.column))
    rules = sorted({f["ruleId"] for f in findings})
    index = {rule: i for i, rule in enumerate(rules)}
    for f in findings:
        f["ruleIndex"] = index[f["ruleId"]]
    run = {
        "tool": {
            "driver": {
                "name": "segcodemod",
                "version": __version__,
                "informationUri": "https://github.com/segcodemod/segcodemod",
                "rules": [
                    {"id": rule, "shortDescription": {"text": descriptions[rule]}} for rule in rules
                ],
            }
        },
        "columnKind": "unicodeCodePoints",
        "results": findings,
    }
    return json.dumps({"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}, indent=2)


def _call_result(record: CallRecord, rule: str, uri: str) -> dict:
    if record.outcome.migrated:
        message = f"Segment {record.kind} call: migrate with {record.rule_id}"
        if record.reason:
            message += f" (note: {record.reason})"
    else:
        message = record.reason or f"Segment {record.kind} call left as it was"
    level = "warning" if record.outcome.needs_person else "note"
    action = f"Rewrite with {record.rule_id}" if record.outcome.migrated else "Mark for a person"
    fix = (action, record.replacements) if record.replacements else None
    found = _result(rule, level, message, uri, record.line, record.column, fix)
    found["properties"] = {"outcome": record.outcome.value, "language": record.language,
                           "sdk": record.sdk, "kind": record.kind}  # fmt: skip
    if record.outcome is Outcome.KEPT:
        kind = "external" if record.code == "baseline" else "inSource"
        found["suppressions"] = [{"kind": kind, "justification": record.reason}]
    return found


def _result(
    rule: str,
    level: str,
    text: str,
    uri: str,
    line: int = 1,
    column: int = 1,
    fix: tuple[str, tuple[Replacement, ...]] | None = None,
) -> dict:
    region = {"startLine": line, "startColumn": column}
    location = {"physicalLocation": {"artifactLocation": {"uri": uri}, "region": region}}
    out = {"ruleId": rule, "level": level, "message": {"text": text}, "locations": [location]}
    if fix is not None:
        description, replacements = fix
        out["fixes"] = [
            {
                "description": {"text": description},
                "artifactChanges": [
                    {
                        "artifactLocation": {"uri": uri},
                        "replacements": [_replacement(r) for r in replacements],
                    }
                ],
            }
        ]
    return out


def _replacement(r: Replacement) -> dict:
    deleted = {"startLine": r.start_line, "startColumn": r.start_column,
               "endLine": r.end_line, "endColumn": r.end_column}  # fmt: skip
    return {"deletedRegion": deleted, "insertedContent": {"text": r.text}}
