"""GitHub Actions output (`--format github`).

Annotations are scarce (GitHub shows 10 per step): one per call site that needs a person
(todo, unsupported) and one per file that could not be processed. Everything else (what was
migrated, notes, kept calls) goes to the job summary as Markdown.
"""

from __future__ import annotations

from dataclasses import dataclass

from segcodemod.ledger import migrated_share, outcome_counts
from segcodemod.model import FileResult, Severity
from segcodemod.report.json_report import relative


def escape_data(text: str) -> str:
    """The message part of a workflow command."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A property value (file=, title=): also `:` and `,`, which end it."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


@dataclass(frozen=True)
class GithubOutput:
    annotations: str  # workflow commands, for stdout
    summary: str  # Markdown, for $GITHUB_STEP_SUMMARY


def _command(level: str, path: str, line: int, column: int, title: str, message: str) -> str:
    props = (f"file={escape_property(path)},line={line},col={column},"
             f"title={escape_property(title)}")  # fmt: skip
    return f"::{level} {props}::{escape_data(message)}"


def to_github(results: list[FileResult], base: str) -> GithubOutput:
    commands: list[str] = []
    rows: list[str] = []
    notes: list[str] = []
    for r in results:
        rel = relative(r.path, base)
        for c in r.calls:
            if c.outcome.needs_person:
                title = f"segcodemod {c.outcome.value}: {c.kind}"
                message = c.reason + (f" [{c.rule_id}]" if c.rule_id else "")
                commands.append(_command("warning", rel, c.line, c.column, title, message))
            else:
                detail = c.reason or ""
                rows.append(f"| `{rel}:{c.line}` | {c.kind} | {c.outcome.value} | "
                            f"{c.rule_id or '-'} | {_cell(detail)} |")  # fmt: skip
        for d in r.diagnostics:
            if d.severity is Severity.ERROR:
                commands.append(_command("error", rel, d.line, d.column, f"segcodemod {d.code}",
                                         d.message))  # fmt: skip
            elif d.severity is Severity.NOTE and d.code != "note":
                notes.append(f"- `{rel}:{d.line}`: {d.message}")
    return GithubOutput("\n".join(commands), _summary(results, rows, notes))


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _summary(results: list[FileResult], rows: list[str], notes: list[str]) -> str:
    records = [c for r in results for c in r.calls]
    counts = outcome_counts(records)
    lines = ["## segcodemod", "",
             f"{len(records)} Segment call sites; migrated share {migrated_share(records)}%.", "",
             "| outcome | calls |", "|---|---|"]  # fmt: skip
    lines += [f"| {name} | {n} |" for name, n in counts.items()]
    if rows:
        header = ["| call | kind | outcome | rule | note |", "|---|---|---|---|---|"]
        lines += ["", "### Calls migrated or kept", "", *header, *rows]
    if notes:
        lines += ["", "### Notes", "", *notes]
    return "\n".join(lines) + "\n"
