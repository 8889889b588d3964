"""Prove migrations by running them (issue 5; issue 2 "Done when").

For every runnable fixture ``fixtures/runnable/<lang>/<name>/`` and every target:

1. copy the program to a temporary directory and run the ORIGINAL against the real Segment SDK
   (facts A, once per fixture);
2. run ``segcodemod apply <copy> --target T`` (exit code and unsupported calls as the fixture's
   ``case.yaml`` expects: none by default);
3. run the MIGRATED program against the real target SDK (facts B) and assert A == B as
   multisets (mParticle has a single view event: `views_as_pages` on both sides);
4. assert a second ``apply`` changes nothing.

Browser fixtures (``fixtures/runnable/browser``) cannot run here: the original and the migration
are type-checked with ``tsc --noEmit`` against the pinned SDK typings instead.

A target/language pair whose rule file (``rules/<target>/<python|js>.yaml``) does not exist yet is
skipped with the reason. `test_broken_rule_is_caught` shows the comparison fails on a codemod
bug: a custom rule overriding the built-in track rule (same id) that drops the properties.

``case.yaml`` of a runnable fixture::

    entry: main.py                  # program to run (.py: Python; .js/.mjs/.cjs: Node)
    unsupported:                    # optional, per target: expected "path:line code" reports
      mparticle: ["app.py:12 unsupported"]
    typecheck: [app.tsx]            # browser fixtures: files to type-check instead of running
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from segcodemod.cli import app
from segcodemod.engine import RuleSpec

from .normalize import assert_same_facts, diff_facts, facts, views_as_pages
from .runner import run_node_result, run_python_result, typecheck_ts

REPO = Path(__file__).resolve().parents[2]
RUNNABLE = REPO / "fixtures" / "runnable"
RULES = REPO / "rules"
TARGETS = ("amplitude", "mparticle")
RULE_LANGUAGE = {"python": "python", "node": "js", "browser": "js"}
NODE_SUFFIXES = (".js", ".mjs", ".cjs")
SEGMENT_IMPORT = re.compile(r"""(from\s*|require\(\s*|import\(\s*)['"](@segment/|analytics-node)""")

# Environment of every program run: keys the migrated clients read (the rule files' `*_env`
# settings are added in `_program_env`), no bytecode files in the copies.
BASE_ENV = {
    "AMPLITUDE_API_KEY": "test-amplitude-key",
    "MPARTICLE_API_KEY": "test-mparticle-key",
    "MPARTICLE_API_SECRET": "test-mparticle-secret",
    "PYTHONDONTWRITEBYTECODE": "1",
}


def _cases(kind: str) -> list[Path]:
    out = []
    for spec in sorted(RUNNABLE.glob("*/*/case.yaml")):
        has_entry = "entry" in (yaml.safe_load(spec.read_text()) or {})
        if has_entry == (kind == "run"):
            out.append(spec.parent)
    return out


RUN_CASES = _cases("run")
TYPECHECK_CASES = _cases("typecheck")


def _case_id(case: Path) -> str:
    return str(case.relative_to(RUNNABLE))


def _spec(case: Path) -> dict:
    return yaml.safe_load((case / "case.yaml").read_text()) or {}


def _rule_file(case: Path, target: str) -> Path:
    return RULES / target / f"{RULE_LANGUAGE[case.parent.name]}.yaml"


def _require_rules(case: Path, target: str) -> Path:
    rule_file = _rule_file(case, target)
    if not rule_file.is_file():
        pytest.skip(
            f"{rule_file.relative_to(REPO)} does not exist yet: no {target} migration of "
            f"{case.parent.name} code to run"
        )
    return rule_file


def _program_env(rule_file: Path | None = None) -> dict[str, str]:
    env = dict(BASE_ENV)
    if rule_file is not None:
        settings = (yaml.safe_load(rule_file.read_text()) or {}).get("settings") or {}
        for key, value in settings.items():
            if key.endswith("_env") and isinstance(value, str):
                env.setdefault(value, f"test-{value.lower().replace('_', '-')}")
    return env


def _copy_program(case: Path, dest: Path) -> Path:
    shutil.copytree(case, dest, ignore=shutil.ignore_patterns("case.yaml", "__pycache__"))
    return dest


def _run_program(workdir: Path, entry: str, env: dict[str, str]):
    runner = run_node_result if entry.endswith(NODE_SUFFIXES) else run_python_result
    return runner(workdir / entry, cwd=workdir, env=env)


def _tree(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    }


# ---------------------------------------------------------------------------------------------
# the codemod
# ---------------------------------------------------------------------------------------------
_rulesets: dict[tuple, object] = {}
_load_rules = RuleSpec.load


def _rules_stamp(spec: RuleSpec) -> tuple:
    dirs = [RULES / spec.target, *(Path(d) for d in spec.rule_dirs)]
    files = [f for d in dirs for f in sorted(d.rglob("*.y*ml"))]
    return tuple((str(f), f.stat().st_mtime_ns) for f in files)


@pytest.fixture(autouse=True)
def _compile_rules_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Compile each rule set once per session instead of twice per ``apply``.

    ``segcodemod apply`` loads its rules in the CLI (validation) and again in the engine, and
    compiling every template costs ~0.7 s; the tests call ``apply`` in-process many times. The
    cache key includes the rule files' mtimes, so an edited rule file is recompiled.
    """

    def load(spec: RuleSpec):
        key = (spec, _rules_stamp(spec))
        if key not in _rulesets:
            _rulesets[key] = _load_rules(spec)
        return _rulesets[key]

    monkeypatch.setattr(RuleSpec, "load", load)


def codemod_apply(path: Path, target: str, *extra: str) -> tuple[int, dict, str]:
    """``segcodemod apply PATH --target T --format json`` in-process: (exit code, report, output)."""
    args = ["apply", str(path), "--target", target, "--jobs", "1", "--format", "json", *extra]
    result = CliRunner().invoke(app, args, catch_exceptions=False)
    output = result.output
    start = output.find("{")
    assert start >= 0, f"no JSON report (exit {result.exit_code}):\n{output}"
    return result.exit_code, json.loads(output[start:]), output


def _unsupported(report: dict) -> list[str]:
    return sorted(
        f"{f['path']}:{d['line']} {d['code']}"
        for f in report["files"]
        for d in f["diagnostics"]
        if d["severity"] in ("unsupported", "error")
    )


def migrate(workdir: Path, target: str, expected_unsupported: list[str], *extra: str) -> dict:
    """Apply the codemod; check exit code, unsupported calls and idempotency; return the report."""
    code, report, output = codemod_apply(workdir, target, *extra)
    assert _unsupported(report) == sorted(expected_unsupported), output
    assert code == (1 if expected_unsupported else 0), output
    assert report["summary"]["files_changed"] > 0, output
    migrated = _tree(workdir)
    code2, report2, output2 = codemod_apply(workdir, target, *extra)
    assert report2["summary"]["files_changed"] == 0, f"second apply changed files:\n{output2}"
    assert _tree(workdir) == migrated
    assert code2 == code, output2
    return report


# ---------------------------------------------------------------------------------------------
# facts A: the originals, run once per session
# ---------------------------------------------------------------------------------------------
_original_facts: dict[Path, Counter] = {}


@pytest.fixture
def original_facts(tmp_path_factory: pytest.TempPathFactory):
    def get(case: Path) -> Counter:
        if case not in _original_facts:
            workdir = _copy_program(case, tmp_path_factory.mktemp("original") / case.name)
            result = _run_program(workdir, _spec(case)["entry"], _program_env())
            assert {r.path for r in result.requests} == {"/v1/batch"}, result.describe()
            got = facts(result.requests)
            assert got, f"{_case_id(case)} sent no Segment events:\n{result.describe()}"
            _original_facts[case] = got
        return _original_facts[case]

    return get


def _needs_node(case: Path, request: pytest.FixtureRequest) -> None:
    if case.parent.name in ("node", "browser"):
        request.getfixturevalue("node_sdks")  # skips when node/npm are unavailable


# ---------------------------------------------------------------------------------------------
# run original, migrate, run migration, compare
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("case", RUN_CASES, ids=_case_id)
def test_migration_preserves_facts(
    case: Path, target: str, tmp_path: Path, original_facts, request: pytest.FixtureRequest
) -> None:
    rule_file = _require_rules(case, target)
    _needs_node(case, request)
    spec = _spec(case)
    before = original_facts(case)

    workdir = _copy_program(case, tmp_path / case.name)
    migrate(workdir, target, (spec.get("unsupported") or {}).get(target, []))
    result = _run_program(workdir, spec["entry"], _program_env(rule_file))
    assert not any(r.path == "/v1/batch" for r in result.requests), (
        f"the migrated program still sends to Segment:\n{result.describe()}"
    )
    after = facts(result.requests)
    if target == "mparticle":  # one screen_view event for page and screen
        before, after = views_as_pages(before), views_as_pages(after)
    assert_same_facts(after, before, f"{_case_id(case)} --target {target}")


# ---------------------------------------------------------------------------------------------
# browser: type-check the original and the migration
# ---------------------------------------------------------------------------------------------
_original_typechecks: dict[Path, subprocess.CompletedProcess] = {}


@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("case", TYPECHECK_CASES, ids=_case_id)
def test_browser_migration_typechecks(
    case: Path, target: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    _require_rules(case, target)
    _needs_node(case, request)
    spec = _spec(case)
    workdir = _copy_program(case, tmp_path / case.name)
    files = [workdir / name for name in spec["typecheck"]]

    if case not in _original_typechecks:  # once per fixture, not once per target
        _original_typechecks[case] = typecheck_ts(files)
    original = _original_typechecks[case]
    assert original.returncode == 0, f"the Segment original does not type-check:\n{original.stdout}"
    migrate(workdir, target, (spec.get("unsupported") or {}).get(target, []))
    for file in files:
        assert not SEGMENT_IMPORT.search(file.read_text()), f"{file.name} still imports Segment"
    migrated = typecheck_ts(files)
    sources = "\n".join(f"--- {f.name}\n{f.read_text()}" for f in files)
    assert migrated.returncode == 0, f"tsc errors:\n{migrated.stdout}\n{sources}"


# ---------------------------------------------------------------------------------------------
# the layer fails on a broken codemod, not only on hand-written programs
# ---------------------------------------------------------------------------------------------
BROKEN_CASE = RUNNABLE / "python" / "module_api"


def _broken_track_rules(rules_dir: Path) -> Path:
    """A copy of the built-in amplitude.python.track rule (same id) that drops the properties."""
    builtin = yaml.safe_load((RULES / "amplitude" / "python.yaml").read_text())
    (track,) = [r for r in builtin["rules"] if r["id"] == "amplitude.python.track"]
    good = "{% if given(properties) %}, event_properties={{ properties }}{% endif %}"
    assert good in track["rewrite"], "built-in track template changed: update this test"
    track["rewrite"] = track["rewrite"].replace(good, "")
    track.pop("tests", None)
    custom = {k: builtin[k] for k in ("target", "language", "sdk", "settings", "prelude")}
    custom["rules"] = [track]
    rules_dir.mkdir()
    (rules_dir / "python.yaml").write_text(yaml.safe_dump(custom, sort_keys=False))
    return rules_dir


def test_broken_rule_is_caught(tmp_path: Path, original_facts) -> None:
    """A codemod rule that loses the track properties makes the fact comparison fail."""
    before = original_facts(BROKEN_CASE)
    rules_dir = _broken_track_rules(tmp_path / "broken-rules")
    workdir = _copy_program(BROKEN_CASE, tmp_path / "app")
    migrate(workdir, "amplitude", [], "--rules", str(rules_dir))
    assert "event_properties=order" not in (workdir / "shop.py").read_text()  # the rule applied

    result = _run_program(workdir, _spec(BROKEN_CASE)["entry"], _program_env())
    after = facts(result.requests)
    with pytest.raises(AssertionError, match="fact multisets differ"):
        assert_same_facts(after, before)
    # exactly the tracks with properties differ; pages, identifies and groups still agree
    changed = {fact[0] for fact in (before - after) + (after - before)}
    assert changed == {"track"}, diff_facts(before, after)
    assert sum((after - before).values()) == sum((before - after).values()) > 0


# ---------------------------------------------------------------------------------------------
# gaps found by running migrations (regression tests)
# ---------------------------------------------------------------------------------------------
LIST_VALUE_PROGRAM = """\
import os

import segment.analytics as analytics

analytics.write_key = os.environ.get("SEGMENT_WRITE_KEY", "dev-write-key")

skus = ["sku-1", "sku-2"]
analytics.track("user-12345", "Items Added", {"skus": skus, "count": len(skus)})
analytics.flush()
"""


def test_mparticle_python_list_value_in_variable_is_reported_or_preserved(
    tmp_path: Path, original_facts
) -> None:
    """A list in a variable inside a dict literal: mParticle's AppEvent raises ValueError on it.

    Found by running the migration: the rule rewrote it silently (exit 0, no note) and the
    migrated program crashed. Either the codemod says something about the call, or the
    migration must behave the same.
    """
    rule_file = RULES / "mparticle" / "python.yaml"
    if not rule_file.is_file():
        pytest.skip("rules/mparticle/python.yaml does not exist yet")
    case = tmp_path / "list_value"
    case.mkdir()
    (case / "cart.py").write_text(LIST_VALUE_PROGRAM)
    (case / "case.yaml").write_text("entry: cart.py\n")
    before = original_facts(case)
    workdir = _copy_program(case, tmp_path / "migrated")
    code, report, output = codemod_apply(workdir, "mparticle")
    said = [d for f in report["files"] for d in f["diagnostics"] if d["line"] == 8]
    if said:  # reported (note or unsupported): the user was told to look at it
        return
    assert code == 0, output
    result = _run_program(workdir, "cart.py", _program_env(rule_file))
    assert_same_facts(views_as_pages(facts(result.requests)), views_as_pages(before))
