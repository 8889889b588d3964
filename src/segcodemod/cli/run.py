"""What apply and check share: config + flags -> files and rules -> engine -> reports."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path

import typer

from segcodemod.cli.app import EXIT_FAILED_FILES, EXIT_MANUAL, EXIT_OK, EXIT_PENDING, fail
from segcodemod.cli.options import Format, Selection
from segcodemod.cli.output import OUTPUT, ProgressBar, color_diff, color_report_line
from segcodemod.config import Config, check_languages, expand_languages, find_config, parse_set
from segcodemod.discover import discover
from segcodemod.engine import RuleSpec, run
from segcodemod.formatter import format_results
from segcodemod.httpcalls import HOSTS_SETTING
from segcodemod.keep import BASELINE_FILE, load_baseline
from segcodemod.ledger import migrated_share
from segcodemod.model import FileResult, Severity
from segcodemod.renames import EVENTS_SETTING, PROPERTIES_SETTING, RESERVED
from segcodemod.report.diff import patch
from segcodemod.report.github import to_github
from segcodemod.report.json_report import to_json
from segcodemod.report.sarif import to_sarif
from segcodemod.report.text import summary
from segcodemod.rules.yamlsource import RuleError
from segcodemod.sharedhelpers import with_helper_modules
from segcodemod.write import write_result


@dataclass(frozen=True)
class Prepared:
    """A run ready to go: the root, the files and the rules (validated), the worker count."""

    root: Path
    files: list[str]
    spec: RuleSpec
    jobs: int
    config: Config
    format_with: str = ""  # the project's formatter command (formatter.py), "" = none
    base: str = ""  # where report paths are relative to: the git top level, else the root
    baseline: dict[str, frozenset] = field(default_factory=dict)  # path -> kept site keys
    only: list[str] | None = None  # the files named on the command line (None: all `files`)

    @property
    def scanned(self) -> int:
        return len(self.files if self.only is None else self.only)


def prepare(sel: Selection) -> Prepared:
    """Config + flags -> a Prepared run; rule and config errors raise before any file."""
    cfg: Config = find_config(sel.paths[0].resolve())
    chosen = sel.target.value if sel.target else cfg.target
    if not chosen:
        fail("no target: pass --target amplitude|mparticle or set target in [tool.segcodemod]")
    flags = parse_set(sel.set_)
    settings = {**cfg.settings, **flags, **_rename_settings(cfg)}
    spec = RuleSpec(
        chosen,
        tuple(cfg.rules) + tuple(str(r.resolve()) for r in sel.rules),
        tuple(sorted(settings.items())),
    )
    ruleset = spec.load()  # validate rules before touching any file: errors exit 2 here
    _check_settings(settings, set(ruleset.declared) | {HOSTS_SETTING, *RESERVED}, cfg, flags)
    check_languages(sel.lang, "--lang", 0)
    include, exclude = sel.include or cfg.include, sel.exclude or cfg.exclude
    languages = expand_languages(sel.lang or cfg.languages)
    root, files = discover(sel.paths, include, exclude, languages)
    base = report_base(root)
    only = None
    if all(p.is_file() for p in sel.paths):  # named files (pre-commit): the whole project is
        # indexed, so a file using another's Segment client is judged as in a full run
        root, project = discover([Path(base)], include, exclude, languages)
        only, files = files, sorted(set(project) | set(files))
    return Prepared(
        root, files, spec, sel.jobs or cfg.jobs, cfg, sel.format_with or cfg.format_with,
        base, _baseline(sel, base), only,
    )  # fmt: skip


def _rename_settings(cfg: Config) -> dict:
    """The config's rename maps, for the rules (renames.py), as sorted pairs (hashable)."""
    maps = {EVENTS_SETTING: cfg.events, PROPERTIES_SETTING: cfg.properties}
    return {key: dict(sorted(value.items())) for key, value in maps.items() if value}


def _baseline(sel: Selection, base: str) -> dict[str, frozenset]:
    if not sel.use_baseline:
        return {}
    path = sel.baseline or Path(base) / BASELINE_FILE
    if sel.baseline is not None and not path.is_file():
        raise RuleError("--baseline", 0, str(path), "no such file")
    return load_baseline(str(path), base) if path.is_file() else {}


def prepare_or_fail(sel: Selection) -> Prepared:
    try:
        return prepare(sel)
    except RuleError as exc:
        fail(str(exc))
        raise  # unreachable: fail() exits


def _check_settings(settings: dict, known: set[str], cfg: Config, flags: dict) -> None:
    """A setting no rule file declares is a typo (it would be ignored): error, naming where."""
    for key in settings:
        if key in known:
            continue
        message = "unknown setting (declare it under `settings:` in a --rules file)"
        if key in flags or not cfg.source:
            raise RuleError("--set", 0, key, message)
        raise RuleError(
            cfg.source, _setting_line(Path(cfg.source), key), f"settings.{key}", message
        )


def _setting_line(path: Path, key: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines, 1):
        if re.search(rf"(^|[\s{{,.]){re.escape(key)}\s*=", line):
            return number
    return 1


def process(prepared: Prepared) -> list[FileResult]:
    """Run the engine, with a progress bar for a person at a terminal."""
    started = time.monotonic()
    OUTPUT.info(f"{prepared.scanned} files under {prepared.root} (target {prepared.spec.target})")
    with ProgressBar() if OUTPUT.interactive() else nullcontext() as bar:
        results = run(
            prepared.files, str(prepared.root), prepared.spec, prepared.jobs, bar,
            only=prepared.only, baseline=prepared.baseline,
        )  # fmt: skip
    results = with_helper_modules(results)
    if prepared.format_with:
        results = format_results(results, prepared.format_with, prepared.root)
    OUTPUT.info(f"processed in {time.monotonic() - started:.2f} s")
    return results


def report_base(root: Path) -> str:
    """Patch paths are relative to the git top level (what `git apply` expects), else the root."""
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--show-toplevel"], cwd=root, capture_output=True, check=True
        )
        return out.stdout.decode().strip()
    except (OSError, subprocess.CalledProcessError):
        return str(root)


def _dirty(files: list[str], root: Path) -> list[str]:
    try:
        out = subprocess.run(
            ["git", "status", "--porcelain", "-z", "--", *files],
            cwd=root, capture_output=True, check=True,
        )  # fmt: skip
    except (OSError, subprocess.CalledProcessError):
        return []
    return [e[3:] for e in out.stdout.decode().split("\0") if e[:2].strip() and e[:2] != "??"]


@dataclass(frozen=True)
class Gate:
    """How a run decides its exit code beyond the defaults."""

    fail_under: float | None = None  # minimum migrated share (percent)


def execute(
    mode: str,
    sel: Selection,
    fmt: Format,
    patch_file: Path | None,
    allow_dirty: bool,
    gate: Gate = Gate(),
) -> None:
    """mode: apply (write), diff (print the patch), patch (write a patch file), check."""
    prepared = prepare_or_fail(sel)
    results = process(prepared)
    base = prepared.base
    changed = [r for r in results if r.changed]
    if mode == "apply" and changed and not allow_dirty:
        dirty = _dirty([r.path for r in changed], prepared.root)
        if dirty:
            fail(
                f"{len(dirty)} file(s) to rewrite have uncommitted changes ({dirty[0]}, ...); "
                "commit them or pass --allow-dirty"
            )
    text_patch = patch(results, base)
    if patch_file is not None:
        patch_file.write_bytes(text_patch.encode("utf-8"))
    if mode == "diff" and fmt is Format.text:
        sys.stdout.write(color_diff(text_patch) if OUTPUT.colored(sys.stdout) else text_patch)
    elif mode == "diff" and fmt is not Format.json:  # stdout holds the machine format
        sys.stderr.write(text_patch)
    if mode == "apply":
        for r in changed:
            write_result(r)
    diff = text_patch if mode == "diff" else None
    print_report(results, prepared.scanned, base, mode, fmt, diff)
    code = exit_code(results, mode)
    raise typer.Exit(max(code, _gate_code(results, gate)) if code != EXIT_FAILED_FILES else code)


def _gate_code(results: list[FileResult], gate: Gate) -> int:
    if gate.fail_under is None:
        return EXIT_OK
    share = migrated_share([c for r in results for c in r.calls])
    if share >= gate.fail_under:
        return EXIT_OK
    typer.echo(f"segcodemod: migrated share {share}% is under --fail-under {gate.fail_under:g}%",
               err=True)  # fmt: skip
    return EXIT_PENDING


def print_report(
    results: list[FileResult], scanned: int, base: str, mode: str, fmt: Format, diff=None
) -> None:
    if fmt is Format.json:
        typer.echo(to_json(results, scanned, base, diff))
    elif fmt is Format.github:
        github = to_github(results, base)
        if github.annotations:
            typer.echo(github.annotations)
        write_step_summary(github.summary)
    elif fmt is Format.sarif:
        typer.echo(to_sarif(results, base))
    else:
        _print_text(summary(results, scanned, base, mode), err=mode == "diff")


def write_step_summary(markdown: str) -> None:
    """Append to the GitHub job summary when running in Actions ($GITHUB_STEP_SUMMARY)."""
    target = os.environ.get("GITHUB_STEP_SUMMARY")
    if target:
        with open(target, "a", encoding="utf-8") as fh:
            fh.write(markdown)


def _print_text(text: str, err: bool) -> None:
    """The text summary: quiet keeps only what needs a person (and errors), no totals."""
    lines = text.splitlines()
    if OUTPUT.quiet:
        lines = [ln for ln in lines[:-1] if re.search(r":\d+:\d+: (error|unsupported): ", ln)]
    colored = OUTPUT.colored(sys.stderr if err else sys.stdout)
    if colored:
        lines = [color_report_line(ln) for ln in lines]
    if lines:
        typer.echo("\n".join(lines), err=err, color=colored)


def exit_code(results: list[FileResult], mode: str) -> int:
    """3: files not processed; 1: changes pending (check) or, for apply, calls left that need
    a person; check: 4 when nothing would change but calls that need a person are left
    (todo, unsupported); kept calls (comment, baseline) never fail."""
    if any(r.error for r in results):
        return EXIT_FAILED_FILES
    if mode == "check" and any(r.changed for r in results):
        return EXIT_PENDING
    if needs_person(results):
        return EXIT_MANUAL if mode == "check" else EXIT_PENDING
    return EXIT_OK


def needs_person(results: list[FileResult]) -> bool:
    return any(c.outcome.needs_person for r in results for c in r.calls) or any(
        d.severity is Severity.UNSUPPORTED for r in results for d in r.diagnostics
    )
