"""`segcodemod rules test`: each case is validated, missing, wrong or noisy (the rule that fired
is checked, not only the text); -U writes the outputs; overrides keep the guards they do not
replace."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from segcodemod.cli import app

RULES = """\
target: amplitude
language: python
sdk: [python, python-legacy]
rules:
  - id: acme.track
    match: {method: track, args: "user_id, event"}
    rewrite: "amp.track({{ event }}, {{ user_id }})"
    cases:
      - before: |
          from segment import analytics
          analytics.track("u1", "Signed Up")
        after: |
          wrong
      - before: |
          from segment import analytics
          analytics.track("u2", "Signed Up")
    valid:
      - |
        from segment import analytics
        analytics.track("u1", "Signed Up", {"a": 1})
      - code: |
          from segment import analytics
          analytics.track("u1", "X")
  - id: acme.identify
    match: {method: identify, args: "user_id"}
    rewrite: "amp.identify({{ user_id }})"
    cases:
      - {before: "from segment import analytics\\nanalytics.track('u1', 'E')\\n", after: "x"}
"""


def _rules_test(tmp_path: Path, *extra: str):
    return CliRunner().invoke(
        app, ["rules", "test", "-t", "amplitude", "--rules", str(tmp_path / "r"), *extra]
    )


def _write(tmp_path: Path, text: str) -> Path:
    (tmp_path / "r").mkdir(exist_ok=True)
    path = tmp_path / "r" / "acme.yaml"
    path.write_text(text)
    return path


def test_each_case_reports_whether_this_rule_fired(tmp_path: Path) -> None:
    path = _write(tmp_path, RULES)
    result = _rules_test(tmp_path)
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[:5] == [
        f"wrong     acme.track ({path}:9)",
        f"wrong     acme.track ({path}:14)",
        f"validated acme.track ({path}:18)",
        f"noisy     acme.track ({path}:21)",
        f"missing   acme.identify ({path}:28)",
    ]
    assert f"MISSING acme.identify ({path}:28): did not fire (acme.track did)" in lines
    assert lines[-1] == "1 validated, 1 missing, 2 wrong, 1 noisy"


def test_update_writes_the_outputs_as_after(tmp_path: Path) -> None:
    path = _write(tmp_path, RULES)
    result = _rules_test(tmp_path, "-U")
    assert result.exit_code == 1  # the noisy and missing cases still need a person
    assert result.output.splitlines()[-1] == "1 validated, 1 missing, 0 wrong, 1 noisy, 2 updated"
    text = path.read_text()
    assert text == RULES.replace(
        "          wrong\n", '          amp.track("Signed Up", "u1")\n'
    ).replace(
        '          analytics.track("u2", "Signed Up")\n',
        '          analytics.track("u2", "Signed Up")\n'
        '        after: |\n          amp.track("Signed Up", "u2")\n',
    )
    assert (
        _rules_test(tmp_path).output.splitlines()[-1] == "3 validated, 1 missing, 0 wrong, 1 noisy"
    )


OVERRIDE = """\
target: amplitude
language: python
rules:
  - id: amplitude.python.track
    match: {sdk: python, method: track, context: statement, args: "user_id?, event, properties?, context?, timestamp?, anonymous_id?, integrations?, message_id?"}
    rewrite: "amp.track({{ event }})"
    cases:
      - before: |
          from segment import analytics
          analytics.track(None, "E")
        unsupported: "no user_id or anonymous_id"
      - before: |
          from segment import analytics
          analytics.track("u1", "E")
        after: |
          amp.track("E")
"""


def test_an_override_keeps_the_guards_it_does_not_replace(tmp_path: Path) -> None:
    _write(tmp_path, OVERRIDE)
    result = _rules_test(tmp_path)
    assert result.output.splitlines()[-1] == "2 validated, 0 missing, 0 wrong, 0 noisy", (
        result.output
    )


def test_an_inherited_guard_sees_captures_the_override_lacks_as_none(tmp_path: Path) -> None:
    _write(tmp_path, OVERRIDE.replace(
        'args: "user_id?, event, properties?, context?, timestamp?, anonymous_id?, integrations?, message_id?"',
        'args: "user_id?, event, properties?"',
    ).replace("analytics.track(None, \"E\")", "analytics.track(event=\"E\")"))  # fmt: skip
    result = _rules_test(tmp_path)
    assert result.output.splitlines()[-1] == "2 validated, 0 missing, 0 wrong, 0 noisy", (
        result.output
    )
