"""The Java fixtures compile: every migrated `after/` tree against stubs of the target SDKs, and
every original `before/` tree against stubs of the Segment SDK it uses, so a failure of the first
points at the migration, not at the fixture.

Stubs (tests/java_stubs/<set>/) hold only signatures, copied from the SDKs' own sources (each file
names its source). One javac run per target and tree. A case whose migration leaves Segment calls
on purpose says `javac: false` in its case.yaml. Fixture directories named `server_*` use
analytics-java (server), the others analytics-android.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
STUBS = ROOT / "tests" / "java_stubs"
TARGET_STUBS = {
    "amplitude": ("android", "amplitude_android", "amplitude_java"),
    "mparticle": ("android", "mparticle_android", "mparticle_java"),
}
SEGMENT_STUBS = {"android": ("android", "segment_android"), "server": ("segment_java",)}
JAVAC = shutil.which("javac")

pytestmark = pytest.mark.skipif(JAVAC is None, reason="javac is not installed")


def _cases(target: str) -> list[Path]:
    cases = []
    for case in sorted((ROOT / "fixtures" / target / "java").glob("*/before")):
        spec_file = case.parent / "case.yaml"
        spec = yaml.safe_load(spec_file.read_text()) if spec_file.exists() else None
        if (spec or {}).get("javac", True):
            cases.append(case.parent)
    return cases


def _flavour(case: Path) -> str:
    return "server" if case.name.startswith("server") else "android"


def _javac(sources: list[Path], stub_sets: tuple[str, ...], out: Path) -> None:
    assert sources, "no Java sources to compile"
    sourcepath = ":".join(str(STUBS / name) for name in stub_sets)
    command = [JAVAC, "-proc:none", "-nowarn", "-d", str(out), "-sourcepath", sourcepath]
    proc = subprocess.run([*command, *map(str, sources)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.mark.parametrize("target", sorted(TARGET_STUBS))
def test_migrated_fixtures_compile_against_target_stubs(target: str, tmp_path: Path) -> None:
    sources = [p for case in _cases(target) for p in sorted((case / "after").rglob("*.java"))]
    _javac(sources, TARGET_STUBS[target], tmp_path)


@pytest.mark.parametrize("target", sorted(TARGET_STUBS))
@pytest.mark.parametrize("flavour", sorted(SEGMENT_STUBS))
def test_original_fixtures_compile_against_segment_stubs(
    target: str, flavour: str, tmp_path: Path
) -> None:
    cases = [case for case in _cases(target) if _flavour(case) == flavour]
    sources = [p for case in cases for p in sorted((case / "before").rglob("*.java"))]
    _javac(sources, SEGMENT_STUBS[flavour], tmp_path)


def test_a_broken_migration_fails_to_compile(tmp_path: Path) -> None:
    """The stubs are strict enough to catch a wrong signature (Amplitude-Java's shutdown()
    throws InterruptedException, which Segment's does not)."""
    source = tmp_path / "Broken.java"
    source.write_text(
        "class Broken { void f(com.amplitude.Amplitude a) { a.shutdown(); } }\n", "utf-8"
    )
    with pytest.raises(AssertionError, match="InterruptedException"):
        _javac([source], TARGET_STUBS["amplitude"], tmp_path / "out")
