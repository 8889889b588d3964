"""React Native fixtures type-checked with tsc against the real SDKs (tests/react_native).

The original (`before/`) against the Segment package of its major version (1.5.3 for a package.json
asking for ^1, else 2.24.1); the migration (`after/`) against @amplitude/analytics-react-native
1.10.0's typings (strict) or react-native-mparticle 2.4.6. That package ships no typings (2.x is
plain JavaScript), so mParticle output is checked against the types tsc infers from its own
js/index.js (allowJs), without strict null checks (its `attributes = null` defaults would type
every attributes argument as null) and without counting implicit `any`s (its callbacks have no
parameter types to give). JavaScript fixtures are checked the same way (checkJs). React Native
itself comes from @types/react-native. Skips only where node/npm are missing.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from execution.runner import NodeUnavailable, ensure_node_deps
from typer.testing import CliRunner

from segcodemod.cli import app

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ROOT / "tests" / "react_native"
MODULES = PACKAGES / "node_modules"
CASES = sorted(
    case for case in ROOT.glob("fixtures/*/react_native/*") if any(_ for _ in case.rglob("*.ts*"))
)
SOURCES = ("*.ts", "*.tsx", "*.js", "*.jsx")
IMPLICIT_ANY = ("TS7006", "TS7031", "TS7005", "TS7034")
# a module the fixtures import that is not analytics: its shape is all they need
CONFIG_STUB = "declare const Config: Record<string, string>;\nexport default Config;\n"


@pytest.fixture(scope="module")
def rn_sdks() -> None:
    try:
        ensure_node_deps(directory=PACKAGES)
    except NodeUnavailable as exc:
        pytest.skip(f"React Native type checks skipped: {exc}")


def _segment_major(tree: Path) -> int:
    manifest = json.loads((tree / "package.json").read_text())
    version = manifest.get("dependencies", {}).get("@segment/analytics-react-native", "2")
    return 1 if version.lstrip("^~").startswith("1.") else 2


def _typecheck(files: list[Path], tmp: Path, *, segment_major: int, strict: bool):
    """tsc over `files`; `strict` off keeps strict mode but not its null checks (noImplicitAny
    stays on: without it tsc types a JavaScript module's exports as any, checking nothing)."""
    stub = tmp / "react-native-config.d.ts"
    stub.write_text(CONFIG_STUB)
    segment = (
        "segment-analytics-react-native-v1"
        if segment_major == 1
        else "@segment/analytics-react-native"
    )
    options = {
        "strict": True,
        "strictNullChecks": strict,
        "noEmit": True,
        "target": "ES2022",
        "module": "ESNext",
        "moduleResolution": "bundler",
        "esModuleInterop": True,
        "skipLibCheck": True,
        "jsx": "react-jsx",
        "allowJs": True,
        "checkJs": True,
        "maxNodeModuleJsDepth": 1,  # react-native-mparticle's js/index.js is its only typing
        "types": [],
        "typeRoots": [str(MODULES / "@types")],
        "paths": {
            "@segment/analytics-react-native": [str(MODULES / segment)],
            "react-native-config": [str(stub)],
            "react-native-mparticle": [str(MODULES / "react-native-mparticle" / "js" / "index.js")],
            "*": [str(MODULES / "*"), str(MODULES / "@types" / "*")],
        },
    }
    config = tmp / "tsconfig.json"
    config.write_text(json.dumps({"compilerOptions": options, "files": [str(f) for f in files]}))
    result = subprocess.run(
        [str(MODULES / ".bin" / "tsc"), "-p", str(config), "--pretty", "false"],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    return [line for line in result.stdout.splitlines() if _counts(line, strict)] + (
        [result.stderr] if result.stderr.strip() else []
    )


def _counts(line: str, strict: bool) -> bool:
    """A tsc error line that fails the check. Not strict (mParticle's untyped JavaScript, a JS
    fixture): errors inside node_modules and implicit `any`s (a callback parameter of an untyped
    SDK function has no type to take) do not; a missing member or a wrong argument does."""
    if "error TS" not in line:
        return False
    if strict:
        return True
    return "node_modules/" not in line.split("(")[0] and not any(
        f"error {code}:" in line for code in IMPLICIT_ANY
    )


def _sources(tree: Path, typescript: bool) -> list[Path]:
    files = sorted(f for pattern in SOURCES for f in tree.rglob(pattern))
    return [f for f in files if f.suffix.startswith(".t") == typescript]


def _groups() -> dict[tuple[int, bool], list[Path]]:
    """The fixtures' source files by (Segment major version, strict): originals once (every
    target's case starts from the same `before/`), migrations per target. One tsc run a group."""
    groups: dict[tuple[int, bool], list[Path]] = {}
    for case in CASES:
        target = case.relative_to(ROOT / "fixtures").parts[0]
        major = _segment_major(case / "before")
        trees = [(case / "after", target)]
        if target == "amplitude":
            trees.append((case / "before", None))
        for tree, tree_target in trees:
            for typescript in (True, False):
                strict = typescript and tree_target != "mparticle"
                groups.setdefault((major, strict), []).extend(_sources(tree, typescript))
    return groups


def test_originals_and_migrations_typecheck(tmp_path: Path, rn_sdks: None) -> None:
    assert CASES, "no React Native fixtures found"
    for (major, strict), files in sorted(_groups().items()):
        errors = _typecheck(files, tmp_path, segment_major=major, strict=strict)
        assert not errors, f"tsc (Segment {major}.x, strict={strict}):\n" + "\n".join(errors)


@pytest.mark.parametrize(
    ("target", "wrong"),
    # mParticle's check is the lenient one (inferred JavaScript types): it still catches this
    [("mparticle", "MParticle.logScreenEvent(")],
)
def test_a_wrong_migration_fails_the_check(
    target: str, wrong: str, tmp_path: Path, rn_sdks
) -> None:
    """The check can fail: the v2 app migrated, then one call renamed to a method the SDK lacks."""
    work = tmp_path / "app"
    shutil.copytree(ROOT / "fixtures" / target / "react_native" / "v2_app" / "before", work)
    result = CliRunner().invoke(app, ["apply", str(work), "-t", target, "--allow-dirty"])
    assert result.exit_code == 0, result.output
    profile = work / "src" / "screens" / ("Profile.tsx" if target == "amplitude" else "Home.tsx")
    code = profile.read_text()
    assert wrong in code
    profile.write_text(code.replace(wrong, wrong.replace("(", "Typo(", 1)))
    strict = target == "amplitude"
    errors = _typecheck(_sources(work, True), tmp_path, segment_major=2, strict=strict)
    assert any("Typo" in e and "does not exist" in e for e in errors), errors
