"""--format-with: the project's formatter runs on rewritten files only, in memory."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from segcodemod.cli import app

SOURCE = """import segment.analytics as analytics

analytics.write_key = 'k'

def signup(user):
    analytics.track(user.id, 'Signed Up', {'plan': user.plan})
"""
UNTOUCHED = "x  =  1\n"  # not a Segment file: the formatter must never see it
RUFF = f"{sys.executable} -m ruff format --stdin-filename {{path}} -"


def _repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    (root / "app").mkdir(parents=True)
    (root / "app" / "track.py").write_text(SOURCE)
    (root / "app" / "other.py").write_text(UNTOUCHED)
    (root / "pyproject.toml").write_text("[tool.ruff]\nline-length = 100\n")
    return root


def _apply(root: Path, *extra: str):
    args = ["apply", str(root), "-t", "amplitude", "--jobs", "1", "--allow-dirty", *extra]
    return CliRunner().invoke(app, args, catch_exceptions=False)


def _unformatted(tmp_path: Path) -> str:
    plain = _repo(tmp_path / "plain")
    assert _apply(plain).exit_code == 0
    return (plain / "app" / "track.py").read_text()


def test_format_with_runs_the_formatter_on_rewritten_files(tmp_path: Path) -> None:
    expected = subprocess.run(
        [sys.executable, "-m", "ruff", "format", "-"],
        input=_unformatted(tmp_path), capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    root = _repo(tmp_path)
    outcome = _apply(root, "--format-with", RUFF)
    assert outcome.exit_code == 0, outcome.output
    assert (root / "app" / "track.py").read_text() == expected
    assert expected.startswith("import os\nfrom amplitude import")  # ruff's own choices
    assert (root / "app" / "other.py").read_text() == UNTOUCHED
    second = _apply(root, "--format-with", RUFF, "--format", "json")
    assert '"files_changed": 0' in second.output


def test_format_with_from_config_and_in_the_diff(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    (root / "pyproject.toml").write_text(
        f"[tool.ruff]\nline-length = 100\n\n[tool.segcodemod]\nformat_with = {RUFF!r}\n"
    )
    outcome = CliRunner().invoke(app, ["apply", str(root), "-t", "amplitude", "--diff"])
    assert '+amplitude_client = Amplitude(os.environ.get("AMPLITUDE_API_KEY", "")' in outcome.output
    assert (root / "app" / "track.py").read_text() == SOURCE  # --diff writes nothing


def test_a_failing_formatter_leaves_the_rewrite_and_says_so(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    outcome = _apply(root, "--format-with", f"{sys.executable} -c 'import sys; sys.exit(3)'")
    assert outcome.exit_code == 0, outcome.output
    assert "--format-with exited 3" in outcome.output
    assert (root / "app" / "track.py").read_text() == _unformatted(tmp_path)


def test_a_formatter_that_breaks_syntax_is_ignored(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    broken = f"{sys.executable} -c 'print(\"def (\")'"
    outcome = _apply(root, "--format-with", broken)
    assert "--format-with output did not parse" in outcome.output
    assert (root / "app" / "track.py").read_text() == _unformatted(tmp_path)
