"""The typer application, its global options and the console entry point."""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from typer.core import TyperGroup

from segcodemod import __version__
from segcodemod.cli.output import OUTPUT, ColorMode

EXIT_OK, EXIT_PENDING, EXIT_USAGE, EXIT_FAILED_FILES, EXIT_MANUAL = 0, 1, 2, 3, 4

HELP = "Migrate Segment analytics SDK calls to Amplitude or mParticle."

GLOBAL_FLAGS = {"--quiet", "-q", "--verbose", "-v", "--version"}
GLOBAL_WITH_VALUE = {"--color"}


def hoist_global_options(args: list[str]) -> list[str]:
    """Global options may follow the command too (`segcodemod check . -q`, as with ruff):
    they are moved in front of it, up to a `--`."""
    front: list[str] = []
    rest: list[str] = []
    i = 0
    while i < len(args):
        arg = args[i]
        if arg == "--":
            rest.extend(args[i:])
            break
        if arg in GLOBAL_FLAGS or arg.split("=", 1)[0] in GLOBAL_WITH_VALUE and "=" in arg:
            front.append(arg)
        elif arg in GLOBAL_WITH_VALUE and i + 1 < len(args):
            front.extend(args[i : i + 2])
            i += 1
        else:
            rest.append(arg)
        i += 1
    return front + rest


class _Group(TyperGroup):
    def parse_args(self, ctx, args: list[str]) -> list[str]:
        return super().parse_args(ctx, hoist_global_options(args))


# rich_markup_mode=None: plain help, where a boolean flag is shown as a flag (no `<bool>`).
app = typer.Typer(
    cls=_Group,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    invoke_without_command=True,
    help=HELP,
)
rules_app = typer.Typer(
    rich_markup_mode=None, no_args_is_help=True, help="List, show, validate and test rules."
)
app.add_typer(rules_app, name="rules")


def fail(message: str) -> None:
    """A usage, config or rule error: one line on stderr, exit 2."""
    typer.echo(f"segcodemod: error: {message}", err=True)
    raise typer.Exit(EXIT_USAGE)


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"segcodemod {__version__}")
        raise typer.Exit(EXIT_OK)


@app.callback()
def global_options(
    ctx: typer.Context,
    version: Annotated[
        bool,
        typer.Option(
            "--version", is_eager=True, callback=_show_version, help="Print the version and exit."
        ),
    ] = False,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Only calls that need a person and errors.")
    ] = False,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Also timings and what was scanned.")
    ] = False,
    color: Annotated[
        ColorMode, typer.Option("--color", help="Colour the text output.")
    ] = ColorMode.auto,
) -> None:
    """Migrate Segment analytics SDK calls to Amplitude or mParticle."""
    if quiet and verbose:
        fail("--quiet and --verbose exclude each other")
    OUTPUT.configure(quiet=quiet, verbose=verbose, color=color)
    if ctx.invoked_subcommand is None:  # a bare `segcodemod`: the help, not an error
        typer.echo(ctx.get_help())
        raise typer.Exit(EXIT_OK)


def main() -> None:
    """Console entry point: usage errors are one line (`segcodemod: error: ...`), exit 2."""
    try:
        code = app(standalone_mode=False, prog_name="segcodemod")
    except typer.Exit as exc:
        code = exc.exit_code
    except typer.Abort:
        code = 130
    except Exception as exc:
        if not hasattr(exc, "format_message"):  # a bug, not a usage error: show it whole
            raise
        typer.echo(f"segcodemod: error: {exc.format_message()}", err=True)
        code = getattr(exc, "exit_code", EXIT_USAGE)
    sys.exit(code or 0)
