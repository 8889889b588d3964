"""Helpers a target needs live once per project, in a module of their own."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from typer.testing import CliRunner

from segcodemod.cli import app
from segcodemod.sharedhelpers import (
    Flavour,
    SharedHelper,
    as_require,
    defined_names,
    import_line,
)

CASE = Path(__file__).resolve().parent.parent / "fixtures" / "mparticle" / "python" / "module_api"


def test_only_function_and_constant_blocks_are_shared() -> None:
    assert defined_names("def a():\n    return 1\n", "python") == ("a",)
    assert defined_names("_KEYS = {\n    'a': 1,\n}\n", "python") == ("_KEYS",)
    assert defined_names("mparticle_api = make()\n", "python") is None  # the file's own
    assert defined_names("function f(x) {\n  return x;\n}\n", "javascript") == ("f",)
    assert defined_names("var amplitude: Amplitude!", "javascript") is None


def test_import_lines_per_flavour(tmp_path: Path) -> None:
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "__init__.py").write_text("")
    home = str(tmp_path / "app" / "segcodemod_helpers.py")
    helper = SharedHelper(home, Flavour.PYTHON, ("a", "b"), "", ())
    assert import_line(str(tmp_path / "app" / "x.py"), helper) == (
        "from app.segcodemod_helpers import a, b"
    )
    js = SharedHelper(str(tmp_path / "segcodemod-helpers.cjs"), Flavour.ESM, ("f",), "", ())
    assert import_line(str(tmp_path / "src" / "x.mjs"), js) == (
        "import { f } from '../segcodemod-helpers.cjs'"
    )
    cjs = SharedHelper(js.home, Flavour.CJS, ("f",), "", ())
    assert import_line(str(tmp_path / "x.js"), cjs, '"') == (
        'const { f } = require("./segcodemod-helpers.cjs")'
    )
    ts = SharedHelper(str(tmp_path / "segcodemod-helpers.ts"), Flavour.TS, ("f",), "", ())
    assert import_line(str(tmp_path / "x.ts"), ts) == "import { f } from './segcodemod-helpers'"
    assert as_require("import * as amplitude from '@amplitude/analytics-node';") == (
        "const amplitude = require('@amplitude/analytics-node');"
    )


def test_one_module_for_the_project_and_git_apply_creates_it(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(CASE / "before", repo)
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True)
    subprocess.run(["git", "add", "-A"], cwd=repo, check=True)
    patch = tmp_path / "m.patch"
    args = ["apply", str(repo), "-t", "mparticle", "--jobs", "1", "--patch", str(patch)]
    CliRunner().invoke(app, args, catch_exceptions=False)
    text = patch.read_text()
    assert text.count("new file mode 100644") == 1
    assert "--- /dev/null\n+++ b/app/segcodemod_helpers.py" in text
    assert text.count("+def _mparticle_upload(") == 1  # not pasted per module
    subprocess.run(["git", "apply", str(patch)], cwd=repo, check=True)
    for name in sorted(p.name for p in (CASE / "after").rglob("*") if p.is_file()):
        found = next((CASE / "after").rglob(name))
        assert (repo / found.relative_to(CASE / "after")).read_bytes() == found.read_bytes()
