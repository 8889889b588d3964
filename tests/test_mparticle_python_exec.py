"""Run Python code migrated to mParticle and compare what it sends with what Segment sent.

Each `fixtures/mparticle/python/run_*` case has a `main.py`. The original runs against the
loopback capture server (tests/execution: the pyshim points the real SDKs at it); then the CLI
migrates a copy with `--target mparticle` and the migrated program runs the same way. Both
traffics are normalised to facts (tests/execution/normalize.py) and must be the same multiset;
a few mParticle-only details (auth, identities, timestamps) are checked on the raw batches.
"""

from __future__ import annotations

import base64
import shutil
from pathlib import Path

import pytest
from execution.normalize import assert_same_facts, facts, views_as_pages
from execution.runner import run_python_result
from typer.testing import CliRunner

from segcodemod.cli import app

CASES_DIR = Path(__file__).resolve().parent.parent / "fixtures" / "mparticle" / "python"
KEY, SECRET = "mp-key", "mp-secret"
ENV = {
    "MPARTICLE_API_KEY": KEY,
    "MPARTICLE_API_SECRET": SECRET,
    "PYTHONDONTWRITEBYTECODE": "1",
}


def _run(program: Path):
    result = run_python_result(program, env=ENV)
    assert not result.stderr.strip(), result.describe()  # e.g. a logged upload failure
    return result


def _migrate(before: Path, work: Path) -> None:
    shutil.copytree(before, work)
    args = ["apply", str(work), "--target", "mparticle", "--jobs", "1"]
    outcome = CliRunner().invoke(app, args, catch_exceptions=False)
    assert outcome.exit_code == 0, outcome.output


def _fact_set(requests):
    return views_as_pages(facts(requests, keep_page_category=True))


def _batches(requests) -> list[dict]:
    return [r.body for r in requests if r.path.endswith("/v2/events")]


@pytest.fixture(scope="module")
def runs(tmp_path_factory) -> dict:
    """(segment requests, mparticle requests) per case, each program run once."""
    out = {}
    for case in sorted(CASES_DIR.glob("run_*")):
        root = tmp_path_factory.mktemp(case.name)
        shutil.copytree(case / "before", root / "segment")
        segment = _run(root / "segment" / "main.py").requests
        _migrate(case / "before", root / "mparticle")
        mparticle = _run(root / "mparticle" / "main.py").requests
        out[case.name] = (segment, mparticle)
    return out


@pytest.mark.parametrize("case", ["run_module_api", "run_legacy_client"])
def test_same_facts(runs, case: str) -> None:
    segment, mparticle = runs[case]
    assert segment and all(r.path.endswith("/v1/batch") for r in segment)
    assert mparticle and all(r.path.endswith("/v2/events") for r in mparticle)
    assert_same_facts(_fact_set(mparticle), _fact_set(segment), case)


@pytest.mark.parametrize("case", ["run_module_api", "run_legacy_client"])
def test_batches_are_authenticated_production_batches(runs, case: str) -> None:
    _, mparticle = runs[case]
    token = base64.b64encode(f"{KEY}:{SECRET}".encode()).decode()
    for request in mparticle:
        assert request.headers["authorization"] == f"Basic {token}"
        assert request.body["environment"] == "production"


def test_module_api_details(runs) -> None:
    batches = _batches(runs["run_module_api"][1])
    identify = next(b for b in batches if b.get("user_attributes", {}).get("email"))
    assert identify["user_identities"] == {"customerid": "user-1", "email": "ada@example.com"}
    assert identify["user_attributes"]["$FirstName"] == "Ada"
    assert identify["user_attributes"]["$City"] == "Paris"
    events = [(e, b) for b in batches for e in b.get("events", [])]
    order = next(e["data"] for e, _ in events if e["data"].get("event_name") == "Order Completed")
    assert order["timestamp_unixtime_ms"] == 1704164645000
    assert order["source_message_id"] == "m-1"
    assert order["custom_event_type"] == "other"
    visited = next(b for e, b in events if e["data"].get("event_name") == "Visited")
    assert visited["user_identities"] == {"other": "anon-7"}
    assert len(batches) == 9  # one batch per Segment call


def test_legacy_client_ids_are_strings(runs) -> None:
    batches = _batches(runs["run_legacy_client"][1])
    assert {b["user_identities"]["customerid"] for b in batches} == {"42"}
    identify = next(b for b in batches if "user_attributes" in b)
    assert identify["user_identities"]["email"] == "bob@example.com"
