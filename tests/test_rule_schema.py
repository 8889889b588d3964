"""Rule files are checked against the published schema and the declared SDK families / env
facts: one-line `file:line: field: message` errors with a "did you mean" hint."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from segcodemod.rules.load import load_rule_file
from segcodemod.rules.schema import json_schema
from segcodemod.rules.yamlsource import RuleError

ROOT = Path(__file__).resolve().parent.parent


def test_published_schema_is_in_sync() -> None:
    published = json.loads((ROOT / "schemas" / "rules.schema.json").read_text())
    assert published == json_schema(), "regenerate: python -m segcodemod.rules.schema"


def test_schema_lists_the_declared_sdk_families() -> None:
    sdk = json_schema()["$defs"]["Match"]["properties"]["sdk"]["anyOf"][0]["enum"]
    assert {"python", "node", "browser", "swift", "kotlin", "http"} <= set(sdk)


HEAD = "target: amplitude\nlanguage: {lang}\nrules:\n  - id: x\n"


@pytest.mark.parametrize(
    ("lang", "body", "expected"),
    [
        ("python", "    sdk: nodee\n    match: {method: track}\n    rewrite: x\n",
         "5: rules[0].sdk: unknown value 'nodee' (did you mean 'node'?)"),
        ("python", "    sdk: python\n    match: {methd: track}\n    rewrite: x\n",
         "6: rules[0].match.methd: unknown field (did you mean 'method'?)"),
        ("pyhton", "    sdk: python\n    match: {method: track}\n    rewrite: x\n",
         "2: language: unknown value 'pyhton' (did you mean 'python'?)"),
        ("python", "    sdk: python\n    match: {method: track}\n    rewrit: x\n",
         "7: rules[0].rewrit: unknown field (did you mean 'rewrite'?)"),
        ("python", "    sdk: python\n    match: {method: track}\n    unsupported_when:\n"
         "      - {if: x, reasn: y}\n    rewrite: x\n",
         "8: rules[0].unsupported_when[0].reasn: unknown field (did you mean 'reason'?)"),
        ("js", "    sdk: node\n    match: {method: track}\n    rewrite: 'x{{ env.semii }}'\n",
         "7: rules[0].rewrite: unknown env key 'semii' for typescript, tsx, javascript "
         "(did you mean 'semi'?)"),
        ("python", "    sdk: python\n    match: {method: track, env: {kindd: x}}\n    rewrite: x\n",
         "6: rules[0].match.env: unknown env key 'kindd' for python (did you mean 'kind'?)"),
        ("python", "    sdk: python\n    match: {method: track}\n    unsupported_when:\n"
         "      - {if: \"env.get('modul_api')\", reason: y}\n    rewrite: x\n",
         "8: rules[0].unsupported_when[0]: unknown env key 'modul_api' for python "
         "(did you mean 'module_api'?)"),
        ("python", "    sdk: python\n    match: {method: track, args: 'user_id, evnt'}\n"
         "    rewrite: x\n",
         "6: rules[0].match.args: 'evnt' is not a parameter of python track "
         "(did you mean 'event'?)"),
        ("js", "    sdk: node\n    match: {method: track, args: '{userId, evnt}'}\n"
         "    rewrite: x\n",
         "6: rules[0].match.args: 'evnt' is not a key of node track (did you mean 'event'?)"),
        ("swift", "    sdk: swift\n    match: {method: batch}\n    rewrite: x\n",
         "6: rules[0].match.method: swift has no method 'batch'"),
        ("python", "    sdk: python\n    match: {method: track}\n",
         "4: rules[0]: a rule needs one of"),
    ],
)  # fmt: skip
def test_bad_rule_is_a_one_line_load_error(tmp_path: Path, lang, body, expected) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(HEAD.format(lang=lang) + body)
    with pytest.raises(RuleError) as err:
        load_rule_file(path)
    assert str(err.value).startswith(f"{path}:{expected}")
    assert "\n" not in str(err.value)
