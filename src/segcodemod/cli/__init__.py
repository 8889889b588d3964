"""Command line: a thin layer over discover -> engine -> report -> write; one module per command.

`app` (the typer application) and `main` (the console entry point) live in `cli.app`; importing
the command modules registers their commands on it.
"""

from segcodemod.cli import apply, baseline, check, report, rules, scan  # noqa: F401  (registers the commands)
from segcodemod.cli.app import (
    EXIT_FAILED_FILES,
    EXIT_MANUAL,
    EXIT_OK,
    EXIT_PENDING,
    EXIT_USAGE,
    app,
    main,
)

__all__ = [
    "EXIT_FAILED_FILES",
    "EXIT_MANUAL",
    "EXIT_OK",
    "EXIT_PENDING",
    "EXIT_USAGE",
    "app",
    "main",
]
