"""The rename maps of the config (`[tool.segcodemod.events]`, `[tool.segcodemod.properties]`)
applied at the call sites of every language and both targets."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from segcodemod.cli import app

CONFIG = """\
[tool.segcodemod]
target = "{target}"

[tool.segcodemod.events]
"Signed Up" = "Sign Up Completed"

[tool.segcodemod.properties]
plan = "plan_name"
"""

SOURCES = {
    "app.py": 'from segment import analytics\n\nanalytics.write_key = "K"\n'
              'analytics.track("u1", "Signed Up", {"plan": "pro", "seats": 3})\n'
              'analytics.identify("u1", {"plan": "pro"})\n',
    "app.js": "const Analytics = require('analytics-node')\nconst analytics = new Analytics('K')\n"
              "analytics.track({ userId: 'u1', event: 'Signed Up', properties: { plan: 'pro', seats: 3 } })\n",
    "App.swift": 'import Segment\n\nlet analytics = Analytics(configuration: Configuration(writeKey: "K"))\n\n'
                 'func f() {\n    analytics.track(name: "Signed Up", properties: ["plan": "pro", "seats": 3])\n}\n',
    "App.kt": "import com.segment.analytics.kotlin.android.Analytics\n"
              "import kotlinx.serialization.json.buildJsonObject\nimport kotlinx.serialization.json.put\n\n"
              'val analytics = Analytics("K", applicationContext)\n\nfun f() {\n'
              '    analytics.track("Signed Up", buildJsonObject { put("plan", "pro"); put("seats", 3) })\n}\n',
}  # fmt: skip

EXPECTED = {
    ("amplitude", "app.py"): ['"Sign Up Completed"', 'event_properties={"plan_name": "pro", "seats": 3}',
                              'Identify().set("plan_name", "pro")'],
    ("amplitude", "app.js"): ["amplitude.track('Sign Up Completed', { plan_name: 'pro', seats: 3 }"],
    ("amplitude", "App.swift"): ['eventType: "Sign Up Completed"', '["plan_name": "pro", "seats": 3]'],
    ("amplitude", "App.kt"): ['analytics.track("Sign Up Completed", mapOf("plan_name" to "pro", "seats" to 3))'],
    ("mparticle", "app.py"): ['"Sign Up Completed",', 'custom_attributes={"plan_name": "pro", "seats": 3}',
                              'user_attributes={"plan_name": "pro"}'],
    ("mparticle", "app.js"): ["'Sign Up Completed'", "plan_name: 'pro'"],
    ("mparticle", "App.swift"): ['"Sign Up Completed"', 'eventInfo: ["plan_name": "pro", "seats": 3]'],
    ("mparticle", "App.kt"): ['MPEvent.Builder("Sign Up Completed", MParticle.EventType.Other)',
                              'customAttributes(mapOf("plan_name" to "pro", "seats" to 3))'],
}  # fmt: skip


@pytest.mark.parametrize(("target", "name"), sorted(EXPECTED))
def test_rename_map_applies_in_every_language(tmp_path: Path, target: str, name: str) -> None:
    (tmp_path / "pyproject.toml").write_text(CONFIG.format(target=target))
    (tmp_path / name).write_text(SOURCES[name])
    result = CliRunner().invoke(app, ["apply", str(tmp_path / name), "--allow-dirty"])
    assert result.exit_code == 0, result.output
    text = (tmp_path / name).read_text()
    for fragment in EXPECTED[target, name]:
        assert fragment in text, text
    assert "Signed Up" not in text and '"plan"' not in text and "'plan'" not in text


def test_without_a_rename_map_names_stay(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text(SOURCES["app.py"])
    CliRunner().invoke(app, ["apply", str(tmp_path), "-t", "amplitude"])
    assert 'BaseEvent("Signed Up"' in (tmp_path / "app.py").read_text()


@pytest.mark.parametrize(
    ("table", "expected"),
    [('[tool.segcodemod.events]\n"Signed Up" = 3\n', 'pyproject.toml:4: events.Signed Up: must be a non-empty string'),
     ('[tool.segcodemod]\ntarget = "amplitude"\nevents = "x"\n', "pyproject.toml:3: events: must be a table")],
)  # fmt: skip
def test_bad_rename_map_is_a_one_line_error(tmp_path: Path, table: str, expected: str) -> None:
    config = (
        table
        if table.startswith("[tool.segcodemod]")
        else '[tool.segcodemod]\ntarget = "amplitude"\n\n' + table
    )
    (tmp_path / "pyproject.toml").write_text(
        config.replace("\n\n[tool.segcodemod.events]\n", "\n[tool.segcodemod.events]\n")
    )
    (tmp_path / "app.py").write_text(SOURCES["app.py"])
    result = CliRunner().invoke(app, ["check", str(tmp_path)])
    assert result.exit_code == 2
    assert expected in result.output and len(result.output.strip().splitlines()) == 1
