"""`manifest_remove_segment` refuses while Segment calls remain anywhere in the project.

A whole-project step after the edit pass: when the setting asks to remove the Segment
dependencies but some file still holds a Segment call that was not migrated (an unsupported
call, a call in a language without a frontend, a file that could not be parsed), each manifest
is planned again with the setting off (the target dependency is still added next to the Segment
one) and gets an UNSUPPORTED report naming the first call left.
"""

from __future__ import annotations

import os
from pathlib import Path

from segcodemod.model import Diagnostic, FileResult, ProjectIndex, Severity
from segcodemod.rules.model import RuleSet

SETTING = "manifest_remove_segment"


def calls_left(results: list[FileResult]) -> list[Diagnostic]:
    """Segment calls the run leaves in code (not in manifests), in path order."""
    return [
        d
        for r in results
        if r.language != "manifest"
        for d in r.diagnostics
        if d.severity in (Severity.UNSUPPORTED, Severity.ERROR)
    ]


def guard(
    results: list[FileResult], rules: RuleSet, project: ProjectIndex, process
) -> list[FileResult]:
    """`results` with every manifest re-planned without removal while calls are left;
    `process(path, data, rules, project)` is engine.process_file."""
    if not rules.settings.get(SETTING):
        return results
    left = calls_left(results)
    if not left:
        return results
    keeping = RuleSet(rules.target, rules.rules, {**rules.settings, SETTING: False})
    first = left[0]
    where = f"{os.path.relpath(first.path, project.root)}:{first.line}"
    message = (
        f"Segment dependency not removed ({SETTING}): {len(left)} Segment call(s) are left, "
        f"the first at {where}; migrate or remove them, then run again"
    )
    out = []
    for result in results:
        if result.language == "manifest" and result.calls_found and not result.error:
            result = process(result.path, Path(result.path).read_bytes(), keeping, project)
            result.diagnostics.append(
                Diagnostic(result.path, 1, 1, Severity.UNSUPPORTED, "segment-calls-left", message)
            )
        out.append(result)
    return out
