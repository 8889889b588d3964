"""Command line: wires discover -> engine -> report -> write. No logic of its own."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from segcodemod.config import Config, check_languages, expand_languages, find_config, parse_set
from segcodemod.discover import discover
from segcodemod.engine import RuleSpec, run
from segcodemod.httpcalls import HOSTS_SETTING
from segcodemod.model import FileResult, Severity
from segcodemod.report.diff import patch
from segcodemod.report.github import to_github
from segcodemod.report.json_report import to_json
from segcodemod.report.sarif import to_sarif
from segcodemod.report.text import summary
from segcodemod.rules.yamlsource import RuleError
from segcodemod.write import write_result

EXIT_OK, EXIT_PENDING, EXIT_USAGE, EXIT_FAILED_FILES = 0, 1, 2, 3

app = typer.Typer(
    add_completion=False,
    pretty_exceptions_enable=False,
    no_args_is_help=True,
    help="Migrate Segment analytics SDK calls to Amplitude or mParticle.",
)
rules_app = typer.Typer(no_args_is_help=True, help="List, show, validate and test rules.")
app.add_typer(rules_app, name="rules")


class Target(str, Enum):
    amplitude = "amplitude"
    mparticle = "mparticle"


class Format(str, Enum):
    text = "text"
    json = "json"
    github = "github"
    sarif = "sarif"


PathsArg = Annotated[list[Path], typer.Argument(exists=True, help="Files or directories.")]
TargetOpt = Annotated[Target | None, typer.Option("--target", "-t", help="Target SDK.")]
RulesOpt = Annotated[list[Path], typer.Option("--rules", help="Extra rule directory (repeatable).")]
SetOpt = Annotated[list[str], typer.Option("--set", help="Rule setting key=value (repeatable).")]
IncludeOpt = Annotated[list[str], typer.Option("--include", help="Only paths matching this glob.")]
ExcludeOpt = Annotated[list[str], typer.Option("--exclude", help="Skip paths matching this glob.")]
JobsOpt = Annotated[int, typer.Option("--jobs", "-j", help="Worker processes (0 = auto).")]
FormatOpt = Annotated[Format, typer.Option("--format", help="Report format.")]
DryRunOpt = Annotated[bool, typer.Option("--dry-run", "--diff", help="Print the diff only.")]
PatchOpt = Annotated[
    Path | None, typer.Option("--patch", help="Write a git-apply patch; files stay as they are.")
]
AllowDirtyOpt = Annotated[
    bool, typer.Option("--allow-dirty", help="Rewrite files with uncommitted changes.")
]
LangOpt = Annotated[list[str], typer.Option("--lang", help="Only these languages.")]


def _fail(message: str) -> None:
    typer.echo(f"segcodemod: error: {message}", err=True)
    raise typer.Exit(EXIT_USAGE)


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


def _prepare(sel: Selection):
    """Config + flags -> (root, files, rule spec, jobs); rule errors raise before any file."""
    paths, rules, set_ = sel.paths, sel.rules, sel.set_
    include, exclude, jobs, lang = sel.include, sel.exclude, sel.jobs, sel.lang
    cfg: Config = find_config(paths[0].resolve())
    chosen = sel.target.value if sel.target else cfg.target
    if not chosen:
        _fail("no target: pass --target amplitude|mparticle or set target in [tool.segcodemod]")
    settings = {**cfg.settings, **parse_set(set_)}
    spec = RuleSpec(
        chosen,
        tuple(cfg.rules) + tuple(str(r.resolve()) for r in rules),
        tuple(sorted(settings.items())),
    )
    ruleset = spec.load()  # validate rules before touching any file: errors exit 2 here
    _check_settings(settings, set(ruleset.declared) | {HOSTS_SETTING}, cfg, parse_set(set_))
    check_languages(lang, "--lang", 0)
    root, files = discover(
        paths, include or cfg.include, exclude or cfg.exclude,
        expand_languages(lang or cfg.languages),
    )  # fmt: skip
    return root, files, spec, jobs or cfg.jobs


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


def _progress_bar():
    """A one-line counter on an interactive terminal; nothing in CI or when piped."""
    if not sys.stderr.isatty() or os.environ.get("CI"):
        return None

    def show(done: int, total: int) -> None:
        end = "\n" if done == total else ""
        sys.stderr.write(f"\rsegcodemod: {done}/{total} files{end}")
        sys.stderr.flush()

    return show


def _report_base(root: Path) -> str:
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


def _execute(
    mode: str, sel: Selection, fmt: Format, patch_file: Path | None, allow_dirty: bool
) -> None:
    try:
        root, files, spec, jobs = _prepare(sel)
    except RuleError as exc:
        _fail(str(exc))
    results = run(files, str(root), spec, jobs, _progress_bar())
    base = _report_base(root)
    changed = [r for r in results if r.changed]
    if mode == "apply" and changed and not allow_dirty:
        dirty = _dirty([r.path for r in changed], root)
        if dirty:
            _fail(
                f"{len(dirty)} file(s) to rewrite have uncommitted changes ({dirty[0]}, ...); "
                "commit them or pass --allow-dirty"
            )
    text_patch = patch(results, base)
    if patch_file is not None:
        patch_file.write_bytes(text_patch.encode("utf-8"))
    if mode == "diff":
        sys.stdout.write(text_patch)
    if mode == "apply":
        for r in changed:
            write_result(r)
    _print_report(results, len(files), base, mode, fmt)
    raise typer.Exit(_exit_code(results, mode))


def _print_report(results: list[FileResult], scanned: int, base: str, mode: str, fmt: Format):
    if fmt is Format.json:
        typer.echo(to_json(results, scanned, base))
    elif fmt is Format.github:
        typer.echo(to_github(results, base))
    elif fmt is Format.sarif:
        typer.echo(to_sarif(results, base))
    else:
        typer.echo(summary(results, scanned, base, mode), err=mode == "diff")


def _exit_code(results: list[FileResult], mode: str) -> int:
    if any(r.error for r in results):
        return EXIT_FAILED_FILES
    if mode == "check" and any(r.changed for r in results):
        return EXIT_PENDING
    if any(d.severity is Severity.UNSUPPORTED for r in results for d in r.diagnostics):
        return EXIT_PENDING
    return EXIT_OK


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
    allow_dirty: AllowDirtyOpt = False,
) -> None:  # fmt: skip
    """Rewrite Segment calls in place (or print/write a patch)."""
    mode = "diff" if dry_run else ("patch" if patch_file else "apply")
    sel = Selection(paths, target, rules, set_, include, exclude, lang, jobs)
    _execute(mode, sel, fmt, patch_file, allow_dirty)


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
) -> None:
    """Exit 1 when anything would change (a CI gate); writes nothing."""
    sel = Selection(paths, target, rules, set_, include, exclude, lang, jobs)
    _execute("check", sel, fmt, None, True)


def _ruleset(target: Target, rules: list[Path], set_: list[str]):
    try:
        from segcodemod.rules.load import load_ruleset

        return load_ruleset(target.value, list(rules), parse_set(set_))
    except RuleError as exc:
        _fail(str(exc))


@rules_app.command("list")
def rules_list(
    target: Annotated[Target, typer.Option("--target", "-t")], rules: RulesOpt = []
) -> None:
    """List the rules in the order they are tried."""
    for rule in _ruleset(target, rules, []).rules:
        kind = (
            "todo"
            if rule.todo and not rule.rewrite
            else "unsupported"
            if rule.unsupported
            else "rewrite"
        )
        typer.echo(
            f"{rule.id}\t{','.join(rule.sdks)}\t{','.join(rule.methods)}\t{kind}\t{rule.source}"
        )


@rules_app.command("show")
def rules_show(
    rule_id: str, target: Annotated[Target, typer.Option("--target", "-t")], rules: RulesOpt = []
) -> None:
    """Show where a rule comes from and what it matches."""
    rule = _ruleset(target, rules, []).get(rule_id)
    if rule is None:
        _fail(f"no rule {rule_id!r} for target {target.value}")
    typer.echo(f"{rule.id} ({rule.source})")
    typer.echo(f"  languages: {', '.join(rule.languages)}")
    typer.echo(f"  sdk: {', '.join(rule.sdks)}  method: {', '.join(rule.methods)}")
    typer.echo(f"  captures: {', '.join(rule.captures) or '-'}  tests: {len(rule.tests)}")


@rules_app.command("validate")
def rules_validate(
    target: Annotated[Target, typer.Option("--target", "-t")], rules: RulesOpt = []
) -> None:
    """Load and compile the rules; exit 2 with file:line: field on the first error."""
    loaded = _ruleset(target, rules, [])
    typer.echo(f"{len(loaded.rules)} rules OK")


@rules_app.command("test")
def rules_test(
    target: Annotated[Target, typer.Option("--target", "-t")],
    rules: RulesOpt = [],
    rule_id: Annotated[str | None, typer.Option("--rule", help="Only this rule id.")] = None,
) -> None:
    """Run the before/after cases written next to the rules."""
    from segcodemod.ruletest import run_rule_tests

    ran, failures = run_rule_tests(_ruleset(target, rules, []), rule_id)
    for f in failures:
        typer.echo(f"FAIL {f.rule_id} ({f.where}): {f.message}")
    typer.echo(f"{ran - len(failures)} passed, {len(failures)} failed")
    raise typer.Exit(1 if failures else 0)


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

    try:
        sel = Selection(paths, target or Target.amplitude, include=include, exclude=exclude,
                        lang=lang, jobs=1)  # fmt: skip
        root, files, spec, _ = _prepare(sel)
    except RuleError as exc:
        _fail(str(exc))
    typer.echo(render(scan_usage(files, str(root), spec.load()), fmt.value))


def main() -> None:
    """Console entry point: usage errors are one line (`segcodemod: error: ...`), exit 2."""
    try:
        code = app(standalone_mode=False)
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
