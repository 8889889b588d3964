"""`segcodemod baseline`: record the calls left for a person, so `check` ignores them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from segcodemod.cli.app import EXIT_FAILED_FILES, EXIT_OK, app
from segcodemod.cli.options import (
    ExcludeOpt,
    IncludeOpt,
    JobsOpt,
    LangOpt,
    PathsArg,
    RulesOpt,
    Selection,
    SetOpt,
    TargetOpt,
)
from segcodemod.cli.run import prepare_or_fail, process
from segcodemod.keep import BASELINE_FILE, baseline_json

OutputOpt = Annotated[
    Path | None,
    typer.Option(
        "--output", "-o", metavar="FILE",
        help=f"Where to write it (default: {BASELINE_FILE} at the git top level).",
    ),
]  # fmt: skip


@app.command()
def baseline(
    paths: PathsArg,
    target: TargetOpt = None,
    output: OutputOpt = None,
    rules: RulesOpt = [],
    set_: SetOpt = [],
    include: IncludeOpt = [],
    exclude: ExcludeOpt = [],
    lang: LangOpt = [],
    jobs: JobsOpt = 0,
) -> None:
    """Write the baseline: every call left for a person (todo, unsupported); check and apply
    then keep what it lists. Writes no source file."""
    sel = Selection(paths, target, rules, set_, include, exclude, lang, jobs, use_baseline=False)
    prepared = prepare_or_fail(sel)
    results = process(prepared)
    records = [c for r in results for c in r.calls]
    target_file = output or Path(prepared.base) / BASELINE_FILE
    text = baseline_json(records, prepared.base)
    target_file.write_text(text, encoding="utf-8")
    count = len(json.loads(text)["entries"])
    typer.echo(f"segcodemod: {count} call(s) written to {target_file}", err=True)
    raise typer.Exit(EXIT_FAILED_FILES if any(r.error for r in results) else EXIT_OK)
