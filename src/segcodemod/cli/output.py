"""How much the CLI prints, in which colours, and the progress bar."""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass
from enum import Enum
from typing import TextIO

import typer


class ColorMode(str, Enum):
    auto = "auto"
    always = "always"
    never = "never"


class Verbosity(int, Enum):
    QUIET = -1
    NORMAL = 0
    VERBOSE = 1


ANSI = {"red": "31", "yellow": "33", "cyan": "36", "green": "32", "bold": "1"}
SEVERITY_COLOR = {"error": "red", "unsupported": "yellow", "note": "cyan", "kept": "green"}
_SEVERITY = re.compile(r"^(\S+?:\d+:\d+: )(error|unsupported|note|kept)(:)")


@dataclass
class Output:
    verbosity: Verbosity = Verbosity.NORMAL
    color: ColorMode = ColorMode.auto

    def configure(self, quiet: bool, verbose: bool, color: ColorMode) -> None:
        self.verbosity = (
            Verbosity.QUIET if quiet else Verbosity.VERBOSE if verbose else Verbosity.NORMAL
        )
        self.color = color

    @property
    def quiet(self) -> bool:
        return self.verbosity is Verbosity.QUIET

    @property
    def verbose(self) -> bool:
        return self.verbosity is Verbosity.VERBOSE

    def colored(self, stream: TextIO) -> bool:
        """`auto`: a terminal, and neither NO_COLOR nor TERM=dumb (FORCE_COLOR forces)."""
        if self.color is not ColorMode.auto:
            return self.color is ColorMode.always
        if os.environ.get("FORCE_COLOR"):
            return True
        if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
            return False
        return stream.isatty()

    def interactive(self) -> bool:
        """A progress bar only for a person at a terminal (not quiet, not in CI)."""
        return not self.quiet and sys.stderr.isatty() and not os.environ.get("CI")

    def info(self, message: str) -> None:
        """A verbose-only line on stderr."""
        if self.verbose:
            typer.echo(f"segcodemod: {message}", err=True)


OUTPUT = Output()


def paint(text: str, color: str) -> str:
    return f"\x1b[{ANSI[color]}m{text}\x1b[0m"


def color_report_line(line: str) -> str:
    """`path:line:col: severity: ...` with the severity coloured."""
    return _SEVERITY.sub(
        lambda m: m.group(1) + paint(m.group(2), SEVERITY_COLOR[m.group(2)]) + m.group(3), line
    )


def color_diff(text: str) -> str:
    out = []
    for line in text.splitlines(keepends=True):
        if line.startswith(("diff --git", "--- ", "+++ ")):
            out.append(paint(line.rstrip("\n"), "bold") + "\n")
        elif line.startswith("@@"):
            out.append(paint(line.rstrip("\n"), "cyan") + "\n")
        elif line.startswith("+"):
            out.append(paint(line.rstrip("\n"), "green") + "\n")
        elif line.startswith("-"):
            out.append(paint(line.rstrip("\n"), "red") + "\n")
        else:
            out.append(line)
    return "".join(out)


class ProgressBar:
    """A rich progress bar on stderr, shown from the start of a run to its end."""

    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            SpinnerColumn,
            TextColumn,
            TimeElapsedColumn,
        )

        self._progress = Progress(
            SpinnerColumn(),
            TextColumn("segcodemod: {task.description:<10}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("files"),
            TimeElapsedColumn(),
            console=Console(file=sys.stderr),
        )
        self._task = self._progress.add_task("starting", total=None)

    def __enter__(self) -> ProgressBar:
        self._progress.start()
        return self

    def __call__(self, phase: str, done: int, total: int) -> None:
        self._progress.update(self._task, description=phase, completed=done, total=total)

    def __exit__(self, *exc) -> None:
        self._progress.stop()
