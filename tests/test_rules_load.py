"""Rule loading: shared settings must agree across the built-in files of a target."""

from __future__ import annotations

from pathlib import Path

import pytest

from segcodemod.rules import load
from segcodemod.rules.yamlsource import RuleError

RULES = """\
target: amplitude
language: python
sdk: python
settings:
  group_type: "{group_type}"
rules:
  - id: {rule_id}
    match: {{ method: flush }}
    rewrite: "client.flush()"
"""


def _builtin(tmp_path: Path, monkeypatch, files: dict[str, str]) -> None:
    folder = tmp_path / "builtin" / "amplitude"
    folder.mkdir(parents=True)
    for name, text in files.items():
        (folder / name).write_text(text)
    monkeypatch.setattr(load, "builtin_rules_dir", lambda: tmp_path / "builtin")


def test_conflicting_builtin_settings_are_an_error(tmp_path, monkeypatch) -> None:
    _builtin(tmp_path, monkeypatch, {
        "a.yaml": RULES.format(group_type="[Segment] Group", rule_id="a"),
        "b.yaml": RULES.format(group_type="Account", rule_id="b"),
    })  # fmt: skip
    with pytest.raises(RuleError) as err:
        load.load_ruleset("amplitude")
    assert str(err.value).endswith(
        "b.yaml:1: settings.group_type: differs from the value in a.yaml; "
        "settings are shared by all rule files of a target"
    )


def test_custom_rule_files_may_override_a_setting(tmp_path, monkeypatch) -> None:
    _builtin(tmp_path, monkeypatch, {"a.yaml": RULES.format(group_type="G", rule_id="a")})
    custom = tmp_path / "custom"
    custom.mkdir()
    (custom / "c.yaml").write_text(RULES.format(group_type="Account", rule_id="c"))
    rules = load.load_ruleset("amplitude", [custom])
    assert rules.settings["group_type"] == "Account"
    assert [r.id for r in rules.rules] == ["c", "a"]  # new custom rules are tried first
