"""SARIF 2.1.0 (`--format sarif`), for code-scanning dashboards."""

from __future__ import annotations

import json
import os

from segcodemod import __version__
from segcodemod.model import FileResult, Severity

LEVEL = {Severity.ERROR: "error", Severity.UNSUPPORTED: "warning", Severity.NOTE: "note"}


def to_sarif(results: list[FileResult], base: str) -> str:
    findings = []
    for r in results:
        uri = os.path.relpath(r.path, base).replace(os.sep, "/")
        if r.changed:
            findings.append(
                _result("segcodemod/migrate", "warning", "Segment calls to migrate", uri)
            )
        for d in r.diagnostics:
            rule = f"segcodemod/{d.code}"
            findings.append(_result(rule, LEVEL[d.severity], d.message, uri, d.line, d.column))
    rules = sorted({f["ruleId"] for f in findings})
    run = {
        "tool": {
            "driver": {
                "name": "segcodemod",
                "version": __version__,
                "rules": [{"id": rule_id} for rule_id in rules],
            }
        },
        "results": findings,
    }
    return json.dumps({"version": "2.1.0", "runs": [run]}, indent=2)


def _result(rule: str, level: str, text: str, uri: str, line: int = 1, column: int = 1) -> dict:
    region = {"startLine": line, "startColumn": column}
    location = {"physicalLocation": {"artifactLocation": {"uri": uri}, "region": region}}
    return {"ruleId": rule, "level": level, "message": {"text": text}, "locations": [location]}
