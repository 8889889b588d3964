"""Rewrite the expected `after/` trees of fixture cases from the tool's current output.

    python scripts/update_fixtures.py [CASE_GLOB ...]     e.g. 'amplitude/python/*'

Read the resulting `git diff fixtures/` before committing: an expected output changes only
where the old one was wrong or the change is intended.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

import yaml
from typer.testing import CliRunner

from segcodemod.cli import app

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def update(case: Path) -> bool:
    target = case.relative_to(FIXTURES).parts[0]
    spec = yaml.safe_load((case / "case.yaml").read_text()) if (case / "case.yaml").exists() else {}
    settings = [f"--set={k}={v}" for k, v in ((spec or {}).get("settings") or {}).items()]
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp) / "repo"
        shutil.copytree(case / "before", work)
        args = ["apply", str(work), "--target", target, "--jobs", "1", *settings]
        CliRunner().invoke(app, args, catch_exceptions=False)
        old = {p.relative_to(case / "after"): p.read_bytes() for p in _files(case / "after")}
        new = {p.relative_to(work): p.read_bytes() for p in _files(work)}
        if old == new:
            return False
        shutil.rmtree(case / "after")
        shutil.copytree(work, case / "after")
        return True


def _files(root: Path) -> list[Path]:
    return [p for p in sorted(root.rglob("*")) if p.is_file()] if root.exists() else []


def main(patterns: list[str]) -> None:
    cases = sorted(p.parent for p in FIXTURES.glob("*/*/*/before"))
    for case in cases:
        name = str(case.relative_to(FIXTURES))
        if patterns and not any(Path(name).match(p) for p in patterns):
            continue
        if update(case):
            print(f"updated {name}")


if __name__ == "__main__":
    main(sys.argv[1:])
