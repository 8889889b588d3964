"""The CI integrations, run for real: the pre-commit hook on staged files in a git repository
(with the whole-project index), and the GitHub Action's script with GITHUB_* variables set."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "shop"
ALIAS_ANNOTATION = (
    "::warning file=backend/shop/orders.py,line=22,col=5,title=segcodemod todo%3A alias::alias "
    "has no Amplitude SDK equivalent; map ids with Amplitude's User Mapping API (POST /usermap) "
    "[amplitude.python.alias]"
)


def git(repo: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@t"}  # fmt: skip
    return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, env=env)


@pytest.fixture
def shop(tmp_path: Path) -> Path:
    repo = tmp_path / "shop"
    shutil.copytree(EXAMPLE, repo)
    (repo / "pyproject.toml").write_text('[tool.segcodemod]\ntarget = "amplitude"\n')
    git(repo, "init", "-q")
    git(repo, "add", ".")
    assert git(repo, "commit", "-qm", "shop").returncode == 0
    return repo


def test_hook_manifest_is_valid_for_pre_commit() -> None:
    from pre_commit.clientlib import load_manifest

    [hook] = load_manifest(str(ROOT / ".pre-commit-hooks.yaml"))
    assert (hook["id"], hook["entry"], hook["pass_filenames"]) == (
        "segcodemod-check", "segcodemod check", True
    )  # fmt: skip


def test_pre_commit_hook_checks_the_staged_files_with_the_whole_project(
    shop: Path, tmp_path: Path
) -> None:
    [hook] = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    # the published hook, run from this checkout (`language: system`: no network install)
    local = {**hook, "language": "system", "entry": f"{sys.executable} -m segcodemod check"}
    config = {"repos": [{"repo": "local", "hooks": [local]}]}
    (shop / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config))
    git(shop, "add", ".pre-commit-config.yaml")
    git(shop, "commit", "-qm", "hooks", "--no-verify")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pc-home")}
    installed = subprocess.run([sys.executable, "-m", "pre_commit", "install"], cwd=shop,
                               capture_output=True, text=True, env=env)  # fmt: skip
    assert installed.returncode == 0, installed.stderr

    def commit(message: str) -> subprocess.CompletedProcess:
        out = subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t", "commit",
                              "-m", message], cwd=shop, capture_output=True, text=True, env=env)  # fmt: skip
        return out

    # api/orders.ts only imports `analytics` from ./analytics: seen as Segment thanks to the
    # whole-project index, though ./analytics.ts is not staged
    orders = shop / "api" / "orders.ts"
    orders.write_text(orders.read_text() + "// touched\n")
    git(shop, "add", "api/orders.ts")
    blocked = commit("touch orders")
    assert blocked.returncode == 1, blocked.stdout + blocked.stderr
    output = blocked.stdout + blocked.stderr  # git prints the hook's output on stderr
    assert "1 files scanned, 3 Segment calls found, 3 rewritten" in output
    assert "Failed" in output
    git(shop, "reset", "-q", "HEAD", "api/orders.ts")
    git(shop, "checkout", "api/orders.ts")
    (shop / "util.py").write_text("def total(xs):\n    return sum(xs)\n")
    git(shop, "add", "util.py")
    clean = commit("util")
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "Passed" in clean.stdout + clean.stderr


def _action(shop: Path, summary: Path, **extra: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary),
           "GITHUB_ACTION_PATH": str(ROOT), "SEGCODEMOD_PYTHON": sys.executable,
           "SEGCODEMOD_PATHS": ".", "SEGCODEMOD_TARGET": "amplitude", **extra}  # fmt: skip
    return subprocess.run(["bash", str(ROOT / "scripts" / "github-action.sh")], cwd=shop,
                          capture_output=True, text=True, env=env)  # fmt: skip


def test_action_script_annotates_and_writes_the_job_summary(shop: Path, tmp_path: Path) -> None:
    summary = tmp_path / "summary.md"
    result = _action(shop, summary)
    assert result.returncode == 1, result.stderr  # calls to migrate
    assert result.stdout.splitlines() == [ALIAS_ANNOTATION]
    text = summary.read_text()
    assert text.startswith("## segcodemod\n")
    assert "| `api/orders.ts:5` | track | migrated | amplitude.js.node.track |  |" in text
    assert "# Segment to Amplitude migration report" in text
    assert "- [ ] Tracking code migrated: 14 of 15 call sites" in text


def test_action_exit_codes_after_the_migration(shop: Path, tmp_path: Path) -> None:
    subprocess.run([sys.executable, "-m", "segcodemod", "apply", "."], cwd=shop, check=False,
                   capture_output=True)  # fmt: skip
    manual = _action(shop, tmp_path / "s1.md", SEGCODEMOD_REPORT="false")
    assert manual.returncode == 4  # only the alias (a TODO) is left
    assert not (tmp_path / "s1.md").read_text().count("migration report")
    allowed = _action(shop, tmp_path / "s2.md", SEGCODEMOD_ALLOW_MANUAL="true",
                      SEGCODEMOD_REPORT="false")  # fmt: skip
    assert allowed.returncode == 0
    assert allowed.stdout.splitlines()[-1].startswith("::notice title=segcodemod::")


def test_action_yml_runs_the_script_with_its_inputs() -> None:
    action = yaml.safe_load((ROOT / "action.yml").read_text())
    assert action["runs"]["using"] == "composite"
    step = action["runs"]["steps"][-1]
    assert step["run"] == 'bash "$GITHUB_ACTION_PATH/scripts/github-action.sh"'
    assert {k.removeprefix("SEGCODEMOD_").lower().replace("_", "-") for k in step["env"]} == set(
        action["inputs"]
    )
