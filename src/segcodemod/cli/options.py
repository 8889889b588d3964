"""Options shared by the commands, and the Selection they describe."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer


class Target(str, Enum):
    amplitude = "amplitude"
    mparticle = "mparticle"


class Format(str, Enum):
    text = "text"
    json = "json"
    github = "github"
    sarif = "sarif"


PathsArg = Annotated[
    list[Path], typer.Argument(exists=True, metavar="PATH", help="Files or directories.")
]
TargetOpt = Annotated[Target | None, typer.Option("--target", "-t", help="Target SDK.")]
RulesOpt = Annotated[
    list[Path], typer.Option("--rules", metavar="DIR", help="Extra rule directory (repeatable).")
]
SetOpt = Annotated[
    list[str],
    typer.Option("--set", metavar="KEY=VALUE", help="Rule setting key=value (repeatable)."),
]
IncludeOpt = Annotated[
    list[str],
    typer.Option(
        "--include", metavar="GLOB", help="Only paths matching this gitignore-style glob."
    ),
]
ExcludeOpt = Annotated[
    list[str],
    typer.Option(
        "--exclude", metavar="GLOB", help="Skip paths matching this gitignore-style glob."
    ),
]
JobsOpt = Annotated[
    int, typer.Option("--jobs", "-j", metavar="N", help="Worker processes (0 = auto).")
]
FormatOpt = Annotated[Format, typer.Option("--format", help="Report format.")]
FormatWithOpt = Annotated[
    str,
    typer.Option(
        "--format-with",
        metavar="CMD",
        help="Formatter run on each rewritten file (stdin -> stdout; {path} = its path), "
        "e.g. 'ruff format --stdin-filename {path} -'.",
    ),
]
FailUnderOpt = Annotated[
    float | None,
    typer.Option(
        "--fail-under",
        metavar="PCT",
        min=0,
        max=100,
        help="Exit 1 when fewer than PCT percent of the call sites are migrated (kept ones aside).",
    ),
]
BaselineOpt = Annotated[
    Path | None,
    typer.Option(
        "--baseline",
        metavar="FILE",
        help="Calls it lists are kept (default: .segcodemod-baseline.json at the git top level).",
    ),
]
LangOpt = Annotated[list[str], typer.Option("--lang", metavar="LANG", help="Only these languages.")]


@dataclass(frozen=True)
class Selection:
    """What the command line asked to look at, and with which rules (before the config)."""

    paths: list[Path]
    target: Target | None = None
    rules: list[Path] = field(default_factory=list)
    set_: list[str] = field(default_factory=list)
    include: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    lang: list[str] = field(default_factory=list)
    jobs: int = 0
    format_with: str = ""
    baseline: Path | None = None  # None: <git top level>/.segcodemod-baseline.json if present
    use_baseline: bool = True  # `segcodemod baseline` itself starts from none
