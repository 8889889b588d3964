"""Human summary printed at the end of a run."""

from __future__ import annotations

import os

from segcodemod.model import FileResult, Outcome, Severity


def summary(results: list[FileResult], scanned: int, base: str, mode: str) -> str:
    found = sum(r.calls_found for r in results)
    http = sum(r.http_calls_found for r in results)
    rewritten = sum(r.calls_rewritten for r in results)
    changed = [r for r in results if r.changed]
    lines = []
    for r in results:
        for d in sorted(r.diagnostics, key=lambda d: (d.line, d.column)):
            rel = os.path.relpath(d.path, base)
            rule = f" [{d.rule_id}]" if d.rule_id else ""
            lines.append(f"{rel}:{d.line}:{d.column}: {d.severity.value}: {d.message}{rule}")
    unsupported = sum(len(r.unsupported) for r in results)
    kept = sum(1 for r in results for c in r.calls if c.outcome is Outcome.KEPT)
    errors = sum(1 for r in results if r.error)
    verb = "rewritten" if mode == "apply" else "would be rewritten"
    lines.append(
        f"{scanned} files scanned, {found} Segment calls found"
        + (f" ({http} HTTP API)" if http else "")
        + f", {rewritten} rewritten, "
        f"{unsupported} unsupported, "
        + (f"{kept} kept, " if kept else "")
        + f"{len(changed)} files {verb}"
        + (f", {errors} files skipped" if errors else "")
    )
    return "\n".join(lines)


def has_severity(results: list[FileResult], severity: Severity) -> bool:
    return any(d.severity is severity for r in results for d in r.diagnostics)
