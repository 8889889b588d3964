"""CLI manners: version, bare command, flags shown as flags, quiet/verbose/colour, progress,
gitignore-style globs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from segcodemod import __version__
from segcodemod.cli import app
from segcodemod.cli.app import hoist_global_options
from segcodemod.engine import RuleSpec, run

SEGMENT_FILE = 'from segment import analytics\n\nanalytics.write_key = "K"\nanalytics.track("u1", "Signed Up")\n'
ALIAS_FILE = 'from segment import analytics\n\nanalytics.alias("a", "b")\n'


def invoke(*args: str):
    return CliRunner().invoke(app, list(args), catch_exceptions=False)


def console(*args: str) -> subprocess.CompletedProcess:
    code = "from segcodemod.cli import main; main()"
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True)


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    (tmp_path / "app.py").write_text(SEGMENT_FILE)
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "alias.py").write_text(ALIAS_FILE)
    return tmp_path


def test_version() -> None:
    result = invoke("--version")
    assert (result.exit_code, result.output) == (0, f"segcodemod {__version__}\n")


def test_bare_command_prints_help_and_no_error_line() -> None:
    bare = console()
    assert bare.returncode == 0
    assert bare.stdout.startswith("Usage: segcodemod [OPTIONS] COMMAND [ARGS]...")
    assert "error" not in bare.stderr and bare.stderr == ""


def test_boolean_flags_are_shown_as_flags() -> None:
    help_text = invoke("apply", "--help").output
    assert "<bool>" not in help_text
    flags = [ln.split()[0:2] for ln in help_text.splitlines() if "--allow-dirty" in ln]
    assert flags == [["--allow-dirty", "Rewrite"]]
    assert "--dry-run, --diff               Print the diff" in help_text


def test_quiet_prints_only_what_needs_a_person(tree: Path) -> None:
    normal = invoke("check", str(tree), "-t", "amplitude")
    assert normal.output.splitlines()[-1].startswith("2 files scanned")
    quiet = invoke("check", str(tree), "-t", "amplitude", "--quiet")
    assert quiet.exit_code == normal.exit_code == 1
    assert quiet.output.splitlines() == [
        "pkg/alias.py:3:1: unsupported: alias has no Amplitude SDK equivalent; map ids with "
        "Amplitude's User Mapping API (POST /usermap) [amplitude.python.alias]"
    ]


def test_verbose_says_what_was_scanned_on_stderr(tree: Path) -> None:
    result = console("-v", "check", str(tree), "-t", "amplitude")
    lines = result.stderr.splitlines()
    assert lines[0] == f"segcodemod: 2 files under {tree.resolve()} (target amplitude)"
    assert lines[1].startswith("segcodemod: processed in ") and lines[1].endswith(" s")
    assert console("-q", "-v", "check", str(tree)).returncode == 2


def test_color_always_never_and_auto_when_piped(tree: Path) -> None:
    always = invoke("check", str(tree), "-t", "amplitude", "--color", "always")
    assert "pkg/alias.py:3:1: \x1b[33munsupported\x1b[0m: alias" in always.output
    for mode in ("never", "auto"):  # CliRunner's stdout is not a terminal
        assert "\x1b[" not in invoke("check", str(tree), "-t", "amplitude", "--color", mode).output
    diff = invoke("--color=always", "apply", str(tree), "-t", "amplitude", "--diff")
    assert '\x1b[31m-analytics.track("u1", "Signed Up")\x1b[0m' in diff.stdout
    json_out = invoke(
        "check", str(tree), "-t", "amplitude", "--color", "always", "--format", "json"
    )
    assert "\x1b[" not in json_out.output


def test_global_options_may_follow_the_command() -> None:
    assert hoist_global_options(["check", ".", "-q", "--color", "never", "--set", "a=b"]) == [
        "-q", "--color", "never", "check", ".", "--set", "a=b"
    ]  # fmt: skip
    assert hoist_global_options(["check", "--", "-q"]) == ["check", "--", "-q"]


def test_progress_starts_at_once_and_reaches_the_end(tree: Path) -> None:
    for n in range(300):  # files without Segment calls: read, never indexed or migrated
        (tree / f"plain{n}.py").write_text("x = 1\n")
    paths = sorted(str(p) for p in tree.rglob("*.py"))
    calls: list[tuple[str, int, int]] = []
    run(paths, str(tree), RuleSpec("amplitude"), 1, lambda *a: calls.append(a))
    assert calls[0] == ("reading", 0, 302)
    assert ("reading", 302, 302) in calls
    assert calls[-1] == ("migrating", 2, 2)
    phases = [c[0] for c in calls]
    assert phases.index("indexing") < phases.index("migrating")


def test_progress_bar_renders_with_rich(monkeypatch, capsys) -> None:
    from segcodemod.cli.output import ProgressBar

    with ProgressBar() as bar:
        bar("migrating", 3, 3)
    assert "migrating" in capsys.readouterr().err


def test_include_glob_is_gitignore_style(tree: Path) -> None:
    top = invoke("check", str(tree), "-t", "amplitude", "--include", "**/*.py", "-q")
    assert "pkg/alias.py" in top.output
    only_top = invoke("check", str(tree), "-t", "amplitude", "--include", "/*.py")
    assert only_top.output.splitlines()[-1].startswith("1 files scanned, 2 Segment calls")
    excluded = invoke("check", str(tree), "-t", "amplitude", "--exclude", "pkg/")
    assert excluded.output.splitlines()[-1].startswith("1 files scanned")
