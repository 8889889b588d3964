"""Segment HTTP Tracking API calls migrated to mParticle's Events API and Amplitude's HTTP API,
proved by running them (issue 6).

For every ``fixtures/<target>/http/run_*`` case (``case.yaml`` names the ``entry`` program:
``.py`` runs with this interpreter, ``.mjs``/``.js`` with ``node``):

1. the ORIGINAL program runs with ``SEGMENT_BASE_URL`` (its Segment base URL constant reads it)
   pointed at the loopback capture server: it POSTs to ``/v1/<endpoint>`` like it would to
   api.segment.io;
2. ``segcodemod apply --target <target>`` migrates a copy (same report as the fixture's);
3. the MIGRATED program runs with the variables the generated code reads (rule settings
   ``http_url_env``: ``MPARTICLE_EVENTS_URL`` = ``<capture>/v2``, ``AMPLITUDE_API_URL`` =
   ``<capture>``; key / secret variables) pointed at another capture server;
4. both traffics become facts (normalize.py; single Segment HTTP API messages are wrapped as a
   one-message batch) and must be the same multiset; every migrated request must also have the
   documented shape (sdk-map §8 for mParticle; Amplitude HTTP V2 / Batch API) and carry the
   credentials from the environment, and timestamps must survive in milliseconds.
"""

from __future__ import annotations

import base64
import os
import shutil
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from segcodemod.cli import app

from .capture import CaptureServer, Request
from .normalize import assert_same_facts, facts, views_as_pages
from .runner import node_command

REPO = Path(__file__).resolve().parents[2]
TARGETS = ("mparticle", "amplitude")
CASES = [
    (target, case)
    for target in TARGETS
    for case in sorted((REPO / "fixtures" / target / "http").glob("run_*"))
]
KEYS = {
    "MPARTICLE_API_KEY": "mp-key",
    "MPARTICLE_API_SECRET": "mp-secret",
    "AMPLITUDE_API_KEY": "amp-key",
    "SEGMENT_WRITE_KEY": "seg-write-key",
    "PYTHONDONTWRITEBYTECODE": "1",
}
SEGMENT_ENDPOINTS = ("identify", "track", "page", "screen", "group", "alias")


def _run(program: Path, urls) -> tuple[list[Request], subprocess.CompletedProcess]:
    """Run `program` with the env vars `urls(capture_url)` gives; return what it POSTed."""
    # Node runs with the execution tests' preload: it resolves axios from tests/execution/node
    argv = [sys.executable, str(program)] if program.suffix == ".py" else node_command(program)
    with CaptureServer(max_lifetime=120) as server:
        env = {**os.environ, **KEYS, **urls(server.url), "NO_PROXY": "127.0.0.1,localhost"}
        env["no_proxy"] = env["NO_PROXY"]
        proc = subprocess.run(argv, cwd=program.parent, env=env, capture_output=True, text=True,
                              timeout=60)  # fmt: skip
        server.wait_until_settled(quiet=0.2, timeout=10)
        requests = server.posts()
    assert proc.returncode == 0, f"{program}: exit {proc.returncode}\n{proc.stdout}\n{proc.stderr}"
    return requests, proc


def _segment_payloads(requests: list[Request]) -> list[tuple[str, dict]]:
    """Segment HTTP API requests as `/v1/batch` payloads normalize.py understands."""
    out = []
    for r in requests:
        kind = r.path.rsplit("/", 1)[-1]
        assert r.path.startswith("/v1/"), r.path
        assert r.json_ok, f"{r.path}: body is not JSON: {r.raw_body!r}"
        if kind in SEGMENT_ENDPOINTS:
            out.append(("/v1/batch", {"batch": [{**r.body, "type": kind}]}))
        else:
            out.append(("/v1/batch", r.body))
    return out


def _target_payloads(requests: list[Request]) -> list[tuple[str, object]]:
    out = []
    for r in requests:
        path = r.path.removesuffix("/historical")  # /v2/bulkevents/historical: same body
        out.append((path, r.body))
    return out


def _ms(timestamp: str) -> int:
    return int(datetime.fromisoformat(timestamp.replace("Z", "+00:00")).timestamp() * 1000)


def _segment_timestamps(requests: list[Request]) -> list[int]:
    messages = [m for _, p in _segment_payloads(requests) for m in p["batch"]]
    return sorted(_ms(m["timestamp"]) for m in messages if m.get("timestamp"))


# -- documented shapes ---------------------------------------------------------------------------


def _check_mparticle(requests: list[Request]) -> list[int]:
    """sdk-map §8: Basic auth with key/secret from the environment, batches with environment,
    user identities and events of a known type. Returns the event timestamps."""
    expected_auth = "Basic " + base64.b64encode(b"mp-key:mp-secret").decode()
    stamps = []
    for r in requests:
        assert r.path in ("/v2/events", "/v2/bulkevents", "/v2/bulkevents/historical"), r.path
        assert r.headers.get("authorization") == expected_auth, (r.path, r.headers)
        assert "application/json" in r.headers.get("content-type", ""), r.headers
        batches = r.body if r.path != "/v2/events" else [r.body]
        assert isinstance(batches, list) and batches, r.body
        for batch in batches:
            assert batch["environment"] in ("production", "development"), batch
            ids = batch["user_identities"]
            assert ids and all(isinstance(v, str) for v in ids.values()), batch
            assert set(ids) <= {"customerid", "other", "email"}, ids
            assert "user_attributes" in batch or batch.get("events"), batch
            for event in batch.get("events", []):
                data = event["data"]
                if event["event_type"] == "custom_event":
                    assert data["event_name"] and data["custom_event_type"] == "other", event
                else:
                    assert event["event_type"] == "screen_view" and data["screen_name"], event
                if "timestamp_unixtime_ms" in data:
                    assert isinstance(data["timestamp_unixtime_ms"], int), event
                    stamps.append(data["timestamp_unixtime_ms"])
    return sorted(stamps)


def _check_amplitude(requests: list[Request]) -> list[int]:
    """HTTP V2 / Batch API: api_key from the environment, events with an event_type and a
    user_id or device_id, min_id_length for short Segment ids. Returns the event times."""
    stamps = []
    for r in requests:
        assert r.path in ("/2/httpapi", "/batch"), r.path
        assert "authorization" not in r.headers, "the Segment write key must not be sent"
        assert r.body["api_key"] == "amp-key", r.body
        assert r.body["options"] == {"min_id_length": 1}, r.body
        assert r.body["events"], r.body
        for event in r.body["events"]:
            assert isinstance(event["event_type"], str) and event["event_type"], event
            assert event.get("user_id") or event.get("device_id"), event
            if "time" in event:
                assert isinstance(event["time"], int), event
                stamps.append(event["time"])
    return sorted(stamps)


# -- the test ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("target", "case"), CASES, ids=[f"{t}/{c.name}" for t, c in CASES])
def test_http_api_migration_sends_the_same_facts(
    target: str, case: Path, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    spec = yaml.safe_load((case / "case.yaml").read_text()) or {}
    entry = spec["entry"]
    if not entry.endswith(".py"):
        request.getfixturevalue("node_sdks")  # npm ci once (axios); skips without node/npm
    shutil.copytree(case / "before", tmp_path / "segment")
    shutil.copytree(case / "before", tmp_path / "migrated")

    segment, _ = _run(tmp_path / "segment" / entry, lambda url: {"SEGMENT_BASE_URL": url + "/v1"})
    assert segment, "the original program sent nothing"

    args = ["apply", str(tmp_path / "migrated"), "--target", target, "--jobs", "1"]
    outcome = CliRunner().invoke(app, args, catch_exceptions=False)
    assert outcome.exit_code == 0, outcome.output
    assert (tmp_path / "migrated" / entry).read_bytes() == (case / "after" / entry).read_bytes()

    def target_urls(url: str) -> dict[str, str]:
        return {
            "MPARTICLE_EVENTS_URL": url + "/v2",
            "AMPLITUDE_API_URL": url,
            "SEGMENT_BASE_URL": url + "/segment-must-not-be-called/v1",
        }

    migrated, _ = _run(tmp_path / "migrated" / entry, target_urls)
    assert migrated, "the migrated program sent nothing"
    assert not [r for r in migrated if "segment" in r.path], "a Segment call was left"

    check = _check_mparticle if target == "mparticle" else _check_amplitude
    assert check(migrated) == _segment_timestamps(segment)
    before = views_as_pages(facts(_segment_payloads(segment), keep_page_category=True))
    after = views_as_pages(facts(_target_payloads(migrated), keep_page_category=True))
    assert_same_facts(after, before)
