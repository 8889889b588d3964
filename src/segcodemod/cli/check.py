"""`segcodemod check`: the CI gate; writes nothing."""

from __future__ import annotations

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


@app.command()
def check(
    paths: PathsArg,
    target: TargetOpt = None,
    rules: RulesOpt = [],
    set_: SetOpt = [],
    include: IncludeOpt = [],
    exclude: ExcludeOpt = [],
    lang: LangOpt = [],
    jobs: JobsOpt = 0,
    fmt: FormatOpt = Format.text,
    fail_under: FailUnderOpt = None,
    baseline: BaselineOpt = None,
    format_with: FormatWithOpt = "",
) -> None:
    """Exit 1 when anything would change (a CI gate); writes nothing."""
    sel = Selection(paths, target, rules, set_, include, exclude, lang, jobs, format_with, baseline)
    execute("check", sel, fmt, None, True, Gate(fail_under))
