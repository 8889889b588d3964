"""Optional stage after verify: run the project's own formatter on each rewritten file.

`--format-with 'ruff format --stdin-filename {path} -'` (or `format_with` in
`[tool.segcodemod]`): the command reads the rewritten file on stdin and writes it formatted
to stdout; `{path}` is the file's path relative to the root, so the formatter finds its own
config (ruff, black, prettier `--stdin-filepath {path}`, ktlint `--stdin`). Nothing is written
to disk here, so it works for `--diff` and `check` too. A formatter that fails, prints nothing
or breaks the syntax leaves the file as the codemod wrote it, with a note.
"""

from __future__ import annotations

import shlex
import subprocess
from dataclasses import replace
from pathlib import Path

from segcodemod.edits import split_bom
from segcodemod.languages import frontend
from segcodemod.model import Diagnostic, FileResult, Severity

TIMEOUT = 60  # seconds per file


def format_results(results: list[FileResult], command: str, root: Path) -> list[FileResult]:
    """Each changed file through `command` (files not changed by the codemod are never fed)."""
    return [_format(r, command, root) if r.changed and not r.error else r for r in results]


def _format(result: FileResult, command: str, root: Path) -> FileResult:
    bom, body = split_bom(result.new)
    relative = _relative(result.path, root)
    argv = [part.replace("{path}", relative) for part in shlex.split(command)]
    try:
        done = subprocess.run(
            argv, input=body, capture_output=True, cwd=root, timeout=TIMEOUT, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return _noted(result, f"--format-with did not run ({exc}); file left as rewritten")
    if done.returncode != 0 or not done.stdout.strip():
        reason = done.stderr.decode("utf-8", "replace").strip().splitlines()[:1]
        detail = f": {reason[0]}" if reason else ""
        return _noted(result, f"--format-with exited {done.returncode}{detail}; not formatted")
    formatted = done.stdout
    if b"\r\n" in body and b"\r\n" not in formatted:
        formatted = formatted.replace(b"\n", b"\r\n")  # the file's line breaks stay
    if _breaks(result.language, formatted):
        return _noted(result, "--format-with output did not parse; file left as rewritten")
    return replace(result, new=bom + formatted)


def _breaks(language: str, source: bytes) -> bool:
    try:
        return frontend(language).syntax_errors(source) > 0
    except Exception:  # a language without a parser here: trust the formatter
        return False


def _relative(path: str, root: Path) -> str:
    try:
        return str(Path(path).resolve().relative_to(root.resolve()))
    except ValueError:
        return path


def _noted(result: FileResult, message: str) -> FileResult:
    note = Diagnostic(result.path, 1, 1, Severity.NOTE, "format-with", message)
    return replace(result, diagnostics=[*result.diagnostics, note])
