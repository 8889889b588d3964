"""`segcodemod scan`: the inventory of Segment usage."""

from __future__ import annotations

from enum import Enum
from typing import Annotated

import typer

from segcodemod.cli.app import app
from segcodemod.cli.options import (
    ExcludeOpt,
    IncludeOpt,
    LangOpt,
    PathsArg,
    Selection,
    Target,
    TargetOpt,
)
from segcodemod.cli.run import prepare_or_fail


class ScanFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"
    md = "md"


@app.command()
def scan(
    paths: PathsArg,
    target: TargetOpt = None,
    fmt: Annotated[ScanFormat, typer.Option("--format")] = ScanFormat.table,
    include: IncludeOpt = [],
    exclude: ExcludeOpt = [],
    lang: LangOpt = [],
) -> None:
    """Inventory of Segment usage: call sites, event names, property and trait keys."""
    from segcodemod.scan import render
    from segcodemod.scan import scan as scan_usage

    sel = Selection(paths, target or Target.amplitude, include=include, exclude=exclude,
                    lang=lang, jobs=1)  # fmt: skip
    prepared = prepare_or_fail(sel)
    rows = scan_usage(prepared.files, str(prepared.root), prepared.spec.load())
    typer.echo(render(rows, fmt.value))
