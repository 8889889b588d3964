"""Execution-harness tests: real SDKs, real HTTP, loopback capture server.

(a) Segment programs (Python new + legacy, Node new + legacy) produce exactly the scenario's facts;
(b) hand-written Amplitude / mParticle migrations produce the same fact multiset;
(c) deliberately wrong migrations produce a different multiset, and the difference is the bug.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from .normalize import JsonValue, assert_same_facts, facts, views_as_pages
from .runner import ProgramFailed, RunResult, run_node_result, run_python_result, typecheck_ts

PROGRAMS = Path(__file__).resolve().parent / "programs"
PY = PROGRAMS / "python"
NODE = PROGRAMS / "node"
TS = PROGRAMS / "ts"
USER = "user-1"
GROUP_TYPE = "[Segment] Group"

SIGNED_UP = (
    "track",
    USER,
    "Signed Up",
    JsonValue({"plan": "pro", "seats": 3, "price": 9.99, "trial": False}),
)
ORDER_COMPLETED = (
    "track",
    USER,
    "Order Completed",
    JsonValue({"order_id": "o-1", "total": 42.5, "currency": "EUR"}),
)

# The scenario every sample program implements (see programs/*/segment_*).
EXPECTED = Counter(
    [
        (
            "identify",
            USER,
            JsonValue({"email": "ada@example.com", "plan": "pro", "logins": 3, "beta": True}),
        ),
        SIGNED_UP,
        ORDER_COMPLETED,
        ("page", USER, "Setup", JsonValue({"path": "/docs/setup"})),
        ("screen", USER, "Home", JsonValue({"tab": "feed"})),
        ("group", USER, GROUP_TYPE, "acme", JsonValue({"name": "Acme Inc", "employees": 10})),
    ]
)

_cache: dict[str, RunResult] = {}


def run(program: Path) -> RunResult:
    """Run a sample program once per session (several tests compare the same runs)."""
    key = str(program)
    if key not in _cache:
        runner = run_python_result if program.suffix == ".py" else run_node_result
        _cache[key] = runner(program)
    return _cache[key]


def facts_of(program: Path) -> Counter:
    return facts(run(program).requests)


# ---------------------------------------------------------------------------------------------
# (a) Segment originals through the real Segment SDKs
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("program", ["segment_new.py", "segment_legacy.py"])
def test_segment_python_facts(program: str) -> None:
    result = run(PY / program)
    assert {r.path for r in result.requests} == {"/v1/batch"}
    assert_same_facts(facts(result.requests), EXPECTED)


def test_segment_python_gzip_bodies_are_decoded() -> None:
    requests = run(PY / "segment_new.py").requests  # Client("...", gzip=True)
    assert requests and all(r.headers.get("content-encoding") == "gzip" for r in requests)
    assert all(r.raw_body[:2] == b"\x1f\x8b" and isinstance(r.body, dict) for r in requests)


@pytest.mark.usefixtures("node_sdks")
@pytest.mark.parametrize("program", ["segment_new.mjs", "segment_legacy.cjs"])
def test_segment_node_facts(program: str) -> None:
    result = run(NODE / program)
    assert {r.path for r in result.requests} == {"/v1/batch"}
    assert_same_facts(facts(result.requests), EXPECTED)


@pytest.mark.usefixtures("node_sdks")
def test_segment_python_and_node_agree() -> None:
    assert_same_facts(facts_of(NODE / "segment_new.mjs"), facts_of(PY / "segment_new.py"))


# ---------------------------------------------------------------------------------------------
# (b) hand-written target migrations give the same facts as the Segment originals
# ---------------------------------------------------------------------------------------------
def test_amplitude_python_matches_segment() -> None:
    result = run(PY / "amplitude_target.py")
    assert {r.path for r in result.requests} == {"/2/httpapi"}
    for original in ("segment_new.py", "segment_legacy.py"):
        assert_same_facts(
            facts(result.requests), facts_of(PY / original), f"amplitude_target.py vs {original}"
        )


def test_mparticle_python_matches_segment() -> None:
    result = run(PY / "mparticle_target.py")
    assert {r.path for r in result.requests} == {"/v2/events"}
    assert all(r.headers.get("authorization", "").startswith("Basic ") for r in result.requests)
    # mParticle has one screen_view event for Segment page and screen
    assert_same_facts(facts(result.requests), views_as_pages(facts_of(PY / "segment_new.py")))


@pytest.mark.usefixtures("node_sdks")
def test_amplitude_node_matches_segment() -> None:
    result = run(NODE / "amplitude_target.mjs")
    assert {r.path for r in result.requests} == {"/2/httpapi"}
    for original in ("segment_new.mjs", "segment_legacy.cjs"):
        assert_same_facts(
            facts(result.requests), facts_of(NODE / original), f"amplitude_target.mjs vs {original}"
        )


@pytest.mark.usefixtures("node_sdks")
def test_mparticle_node_matches_segment() -> None:
    result = run(NODE / "mparticle_target.cjs")
    assert {r.path for r in result.requests} == {"/v2/events"}
    assert_same_facts(facts(result.requests), views_as_pages(facts_of(NODE / "segment_legacy.cjs")))


# ---------------------------------------------------------------------------------------------
# (c) the layer can fail: wrong migrations give a different multiset, and we see which facts
# ---------------------------------------------------------------------------------------------
def test_wrong_property_key_is_detected() -> None:
    original = facts_of(PY / "segment_new.py")
    migrated = facts_of(PY / "amplitude_wrong_property_key.py")
    assert migrated != original
    assert original - migrated == Counter([SIGNED_UP])
    renamed = (
        "track",
        USER,
        "Signed Up",
        JsonValue({"plan_name": "pro", "seats": 3, "price": 9.99, "trial": False}),
    )
    assert migrated - original == Counter([renamed])
    with pytest.raises(AssertionError, match="plan_name"):
        assert_same_facts(migrated, original)


def test_dropped_event_is_detected() -> None:
    original = facts_of(PY / "segment_legacy.py")
    migrated = facts_of(PY / "amplitude_dropped_event.py")
    assert migrated != original
    assert original - migrated == Counter([ORDER_COMPLETED])
    assert migrated - original == Counter()
    with pytest.raises(AssertionError, match="missing .*\n.*Order Completed"):
        assert_same_facts(migrated, original)


@pytest.mark.usefixtures("node_sdks")
def test_mparticle_node_swapped_app_event_arguments_are_detected() -> None:
    original = views_as_pages(facts_of(NODE / "segment_legacy.cjs"))
    migrated = facts_of(NODE / "mparticle_wrong_arg_order.cjs")
    assert original - migrated == Counter([SIGNED_UP, ORDER_COMPLETED])
    assert migrated - original == Counter(
        [("track", USER, "other", SIGNED_UP[3]), ("track", USER, "transaction", ORDER_COMPLETED[3])]
    )


# ---------------------------------------------------------------------------------------------
# harness behaviour
# ---------------------------------------------------------------------------------------------
def test_segment_python_exit_flush() -> None:
    """segment-analytics-python's own atexit handler only joins the consumer thread: queued
    events beyond the batch in flight are lost. The shim adds an exit flush; without it (the
    SDK as shipped) fewer than the 1000 events arrive."""
    program = PY / "segment_many_events.py"
    with_flush = facts(run_python_result(program).requests)
    assert sum(with_flush.values()) == 1000
    as_shipped = facts(
        run_python_result(program, env={"SEGCODEMOD_SHIM_NO_EXIT_FLUSH": "1"}).requests
    )
    assert 0 < sum(as_shipped.values()) < 1000
    # a program that stopped the consumer itself with join(): the shim uploads the rest
    joined = facts(run_python_result(program, args=["--join"]).requests)
    assert sum(joined.values()) == 1000


def test_programs_are_left_untouched() -> None:
    """The redirection lives in pyshim/ and node/preload.cjs, not in the programs."""
    for program in [*PY.glob("*.py"), *NODE.glob("*.*js"), *TS.glob("*.ts")]:
        text = program.read_text()
        assert "127.0.0.1" not in text and "SEGCODEMOD" not in text, program


def test_runner_reports_failures_and_timeouts(tmp_path: Path) -> None:
    crash = tmp_path / "crash.py"
    crash.write_text("import sys\nprint('some output')\nsys.exit('boom')\n")
    with pytest.raises(ProgramFailed, match="(?s)exit code 1.*some output.*boom"):
        run_python_result(crash)
    assert run_python_result(crash, check=False).returncode == 1
    hang = tmp_path / "hang.py"
    hang.write_text("import time\ntime.sleep(60)\n")
    result = run_python_result(hang, timeout=0.5, check=False)
    assert result.timed_out and result.duration < 10


@pytest.mark.usefixtures("node_sdks")
def test_typescript_target_forms_typecheck() -> None:
    ok = typecheck_ts([TS / "targets.ts"])
    assert ok.returncode == 0, ok.stdout + ok.stderr
    wrong = typecheck_ts([TS / "wrong.ts"])
    assert wrong.returncode != 0 and "TS2561" in wrong.stdout, wrong.stdout + wrong.stderr


def test_missing_node_gives_a_clear_skip_reason(monkeypatch: pytest.MonkeyPatch) -> None:
    from . import runner

    monkeypatch.setattr(runner, "_node_ready", {})
    monkeypatch.setattr(runner.shutil, "which", lambda name: None)
    with pytest.raises(runner.NodeUnavailable, match="node and npm not found on PATH"):
        runner.ensure_node_deps()
    # the verdict is cached for the session, so every Node test skips with the same reason
    with pytest.raises(runner.NodeUnavailable, match="node and npm not found"):
        runner.ensure_node_deps()
