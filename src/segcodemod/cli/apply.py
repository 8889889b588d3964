"""`segcodemod apply`: rewrite in place, or print / write the patch."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from segcodemod.cli.app import app
from segcodemod.cli.options import (
    BaselineOpt,
    ExcludeOpt,
    FailUnderOpt,
    Format,
    FormatOpt,
    FormatWithOpt,
    IncludeOpt,
    JobsOpt,
    LangOpt,
    PathsArg,
    RulesOpt,
    Selection,
    SetOpt,
    TargetOpt,
)
from segcodemod.cli.run import Gate, execute

DryRunOpt = Annotated[
    bool, typer.Option("--dry-run", "--diff", help="Print the diff; write nothing.")
]
PatchOpt = Annotated[
    Path | None,
    typer.Option(
        "--patch", metavar="FILE", help="Write a git-apply patch; files stay as they are."
    ),
]
AllowDirtyOpt = Annotated[
    bool, typer.Option("--allow-dirty", help="Rewrite files with uncommitted changes.")
]


@app.command()
def apply(
    paths: PathsArg,
    target: TargetOpt = None,
    dry_run: DryRunOpt = False,
    patch_file: PatchOpt = None,
    rules: RulesOpt = [],
    set_: SetOpt = [],
    include: IncludeOpt = [],
    exclude: ExcludeOpt = [],
    lang: LangOpt = [],
    jobs: JobsOpt = 0,
    fmt: FormatOpt = Format.text,
    fail_under: FailUnderOpt = None,
    baseline: BaselineOpt = None,
    allow_dirty: AllowDirtyOpt = False,
    format_with: FormatWithOpt = "",
) -> None:  # fmt: skip
    """Rewrite Segment calls in place (or print/write a patch)."""
    mode = "diff" if dry_run else ("patch" if patch_file else "apply")
    sel = Selection(paths, target, rules, set_, include, exclude, lang, jobs, format_with, baseline)
    execute(mode, sel, fmt, patch_file, allow_dirty, Gate(fail_under))
