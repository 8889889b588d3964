"""The three rules docs/rules.md writes (Python wrapper, TS hook, event rename) migrate their
small projects exactly, a second run changes nothing, and their cases prove they fired."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from segcodemod.cli import app

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "custom_rules"
CASES = sorted(p.name for p in FIXTURES.iterdir() if p.is_dir())


def _tree(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): p.read_text() for p in sorted(root.rglob("*")) if p.is_file()}


def _apply(work: Path, rules: Path):
    args = ["apply", str(work), "-t", "amplitude", "--rules", str(rules), "--allow-dirty"]
    return CliRunner().invoke(app, [*args, "--jobs", "1"])


@pytest.mark.parametrize("case", CASES)
def test_custom_rule_migrates_its_project(case: str, tmp_path: Path) -> None:
    work = tmp_path / "repo"
    shutil.copytree(FIXTURES / case / "before", work)
    rules = FIXTURES / case / "rules"
    first = _apply(work, rules)
    assert first.exit_code == 0, first.output
    assert _tree(work) == _tree(FIXTURES / case / "after")
    second = _apply(work, rules)
    assert second.exit_code == 0 and _tree(work) == _tree(FIXTURES / case / "after")
    assert "0 files rewritten" in second.output


@pytest.mark.parametrize("case", CASES)
def test_custom_rule_cases_prove_it_fired(case: str) -> None:
    rules = FIXTURES / case / "rules"
    result = CliRunner().invoke(app, ["rules", "test", "-t", "amplitude", "--rules", str(rules)])
    assert result.exit_code == 0, result.output
    assert all(line.startswith("validated") for line in result.output.splitlines()[:-1])


def test_the_tutorial_rules_are_short() -> None:
    """Each rule is under 15 lines of YAML besides its test cases."""
    for path in FIXTURES.glob("*/rules/*.yaml"):
        lines = [ln for ln in path.read_text().splitlines() if ln.strip()]
        rule = lines[: next(i for i, ln in enumerate(lines) if ln.strip() == "cases:")]
        assert len(rule) < 15, path
