"""Before/after fixtures: exact output, exact unsupported reports, exit code, idempotency.

Layout: fixtures/<target>/<group>/<case>/{before/,after/,case.yaml}. `case.yaml` (optional):
  settings: {key: value}          # --set values
  unsupported: ["rel/path:line code", ...]   # every unsupported call expected, exactly
  exit_code: 1                     # default: 1 if `unsupported` is non-empty, else 0
  notes: ["rel/path:line code", ...]         # optional: every note expected, exactly
  note_text: ["substring", ...]    # optional: each must appear in some note's message
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from segcodemod.cli import app

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
CASES = sorted(p.parent for p in FIXTURES.glob("*/*/*/before"))


def _tree(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def _case_id(case: Path) -> str:
    return str(case.relative_to(FIXTURES))


def _run(args: list[str]):
    return CliRunner().invoke(app, args, catch_exceptions=False)


@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_fixture(case: Path, tmp_path: Path) -> None:
    target = case.relative_to(FIXTURES).parts[0]
    spec = yaml.safe_load((case / "case.yaml").read_text()) if (case / "case.yaml").exists() else {}
    spec = spec or {}
    work = tmp_path / "repo"
    shutil.copytree(case / "before", work)
    settings = [f"--set={k}={v}" for k, v in (spec.get("settings") or {}).items()]
    args = ["apply", str(work), "--target", target, "--jobs", "1", "--format", "json", *settings]

    first = _run(args)
    expected_unsupported = sorted(spec.get("unsupported") or [])
    report = _json(first.output)
    got_unsupported = sorted(
        f"{f['path']}:{d['line']} {d['code']}"
        for f in report["files"]
        for d in f["diagnostics"]
        if d["severity"] in ("unsupported", "error")
    )
    assert got_unsupported == expected_unsupported, first.output
    notes = [
        (f"{f['path']}:{d['line']} {d['code']}", d["message"])
        for f in report["files"]
        for d in f["diagnostics"]
        if d["severity"] == "note"
    ]
    if "notes" in spec:
        assert sorted(n for n, _ in notes) == sorted(spec["notes"] or []), first.output
    for text in spec.get("note_text") or []:
        assert any(text in message for _, message in notes), (text, first.output)
    exit_code = spec.get("exit_code", 1 if expected_unsupported else 0)
    assert first.exit_code == exit_code, first.output

    expected = _tree(case / "after")
    got = _tree(work)
    assert sorted(got) == sorted(expected)
    for name in expected:
        assert got[name].decode("utf-8", "replace") == expected[name].decode("utf-8", "replace"), (
            name
        )
        assert got[name] == expected[name], f"{name}: bytes differ (line endings / BOM?)"

    second = _run(args)  # idempotent: nothing left to change
    assert _tree(work) == expected
    assert _json(second.output)["summary"]["files_changed"] == 0


def _json(output: str) -> dict:
    import json

    start = output.index("{")
    return json.loads(output[start:])
