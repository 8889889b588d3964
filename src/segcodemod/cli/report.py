"""`segcodemod report`: the migration report (Markdown or HTML) and the tracking plan export."""

from __future__ import annotations

import os
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from segcodemod.cli.app import EXIT_FAILED_FILES, EXIT_OK, app
from segcodemod.cli.options import (
    BaselineOpt,
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
from segcodemod.cli.run import Prepared, prepare_or_fail, process
from segcodemod.report.dataplan import export_plan
from segcodemod.report.migration import ReportInput, build_report
from segcodemod.report.plan import Naming, build_plan
from segcodemod.scan import bound_calls


class ReportFormat(str, Enum):
    md = "md"
    html = "html"


class PlanFormat(str, Enum):
    amplitude = "amplitude"
    mparticle = "mparticle"


@app.command()
def report(
    paths: PathsArg,
    target: TargetOpt = None,
    fmt: Annotated[ReportFormat, typer.Option("--format", help="Report format.")] = ReportFormat.md,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", metavar="FILE", help="Write it here.")
    ] = None,
    plan_file: Annotated[
        Path | None,
        typer.Option("--plan", metavar="FILE", help="Also export the tracking plan (JSON) here."),
    ] = None,
    plan_format: Annotated[
        PlanFormat | None,
        typer.Option("--plan-format", help="Amplitude Taxonomy API or mParticle Data Plan."),
    ] = None,
    rules: RulesOpt = [],
    set_: SetOpt = [],
    include: IncludeOpt = [],
    exclude: ExcludeOpt = [],
    lang: LangOpt = [],
    jobs: JobsOpt = 0,
    baseline: BaselineOpt = None,
) -> None:
    """The migration report: checklist, tracking plan before and after, open items, manifests
    changed. Run it before `apply` (it reads the Segment calls). Writes no source file."""
    sel = Selection(paths, target, rules, set_, include, exclude, lang, jobs, baseline=baseline)
    prepared = prepare_or_fail(sel)
    results = process(prepared)
    plan = _plan(prepared)
    document = build_report(ReportInput(prepared.spec.target, prepared.base, results, plan))
    text = document.html() if fmt is ReportFormat.html else document.markdown()
    if output is None:
        typer.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
    if plan_file is not None:
        kind = plan_format.value if plan_format else prepared.spec.target
        plan_file.write_text(export_plan(plan, kind, dict(prepared.spec.settings)), "utf-8")
    raise typer.Exit(EXIT_FAILED_FILES if any(r.error for r in results) else EXIT_OK)


def _plan(prepared: Prepared):
    rules = prepared.spec.load()
    cfg = prepared.config
    naming = Naming(prepared.spec.target, dict(rules.settings), cfg.events, cfg.properties)
    bound = bound_calls(prepared.files, str(prepared.root), rules)

    def where(call) -> str:
        return f"{os.path.relpath(call.path, prepared.base)}:{call.line}"

    return build_plan(bound, naming, where)
