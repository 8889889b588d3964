"""The ledger: one typed record per Segment call site, built from the rewrite plan."""

from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import replace

from segcodemod.model import CallRecord, Diagnostic, Edit, Outcome, Replacement, Severity
from segcodemod.rewrite import Decision, Plan

TODO_CODES = {"todo", "todo-left"}


def outcome_of(decision: Decision) -> Outcome:
    if decision.kept:
        return Outcome.KEPT
    diagnostic = decision.diagnostic
    if diagnostic is None:
        return Outcome.MIGRATED
    if diagnostic.severity is Severity.NOTE:
        return Outcome.CAVEAT
    return Outcome.TODO if diagnostic.code in TODO_CODES else Outcome.UNSUPPORTED


class Positions:
    """Byte offsets of one file body -> 1-based (line, column in code points)."""

    def __init__(self, body: bytes):
        self.body = body
        self.starts = [0] + [i + 1 for i, b in enumerate(body) if b == 0x0A]

    def at(self, offset: int) -> tuple[int, int]:
        index = bisect.bisect_right(self.starts, offset) - 1
        start = self.starts[index]
        return index + 1, len(self.body[start:offset].decode("utf-8", "replace")) + 1

    def replacement(self, edit: Edit, eol: str) -> Replacement:
        (line, column), (end_line, end_column) = self.at(edit.span[0]), self.at(edit.span[1])
        return Replacement(line, column, end_line, end_column, edit.text.replace("\n", eol))


def call_records(
    plan: Plan, body: bytes, eol: str, lay_out: Callable[[list[Edit]], list[Edit]] = list
) -> tuple[list[CallRecord], tuple[Replacement, ...]]:
    """(one record per decision, the file-level import/helper edits), each decision's edits
    laid out as the file's are (`lay_out` works edit by edit)."""
    positions = Positions(body)
    records = []
    for d in plan.decisions:
        c, diagnostic = d.call, d.diagnostic
        records.append(
            CallRecord(
                c.path, c.line, c.column, c.language, c.sdk, c.method, outcome_of(d),
                d.rule.id if d.rule else "",
                diagnostic.code if diagnostic else "",
                d.kept or (diagnostic.message if diagnostic else ""),
                c.text,
                tuple(positions.replacement(e, eol) for e in lay_out(d.edits)),
            )
        )  # fmt: skip
    shared = tuple(positions.replacement(e, eol) for e in lay_out(plan.import_edits))
    return records, shared


def mark_records(diagnostics: list[Diagnostic], language: str) -> list[CallRecord]:
    """TODO marks an earlier run left (their call no longer looks like Segment): open items."""
    return [
        CallRecord(
            d.path,
            d.line,
            d.column,
            language,
            "",
            "unknown",
            Outcome.TODO,
            d.rule_id,
            d.code,
            d.message,
        )  # fmt: skip
        for d in diagnostics
        if d.code == "todo-left"
    ]


def dropped(records: list[CallRecord], reason: str) -> list[CallRecord]:
    """The file's edits were dropped (the rewrite did not re-parse): nothing was migrated."""
    return [
        r
        if r.outcome.needs_person or r.outcome is Outcome.KEPT
        else replace(
            r, outcome=Outcome.UNSUPPORTED, code="verify-failed", reason=reason, replacements=()
        )  # fmt: skip
        for r in records
    ]


def outcome_counts(records: list[CallRecord]) -> dict[str, int]:
    return {o.value: sum(1 for r in records if r.outcome is o) for o in Outcome}


def migrated_share(records: list[CallRecord]) -> float:
    """Percent of the call sites (kept ones aside) migrated, with or without a caveat."""
    counted = [r for r in records if r.outcome is not Outcome.KEPT]
    if not counted:
        return 100.0
    return round(100.0 * sum(1 for r in counted if r.outcome.migrated) / len(counted), 1)
