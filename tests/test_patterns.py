"""The shared tree-sitter pattern matcher: metavariables, constraints, fix templates."""

from __future__ import annotations

from pathlib import Path

import pytest

from segcodemod.model import Findings
from segcodemod.patterns import (
    Constraint,
    PatternError,
    PatternRule,
    compile_pattern,
    fix_template,
    pattern_sites,
)
from segcodemod.rules.load import load_rule_file
from segcodemod.rules.yamlsource import RuleError


def _sites(language: str, pattern: str, code: str, **kw):
    rule = PatternRule("r", (language,), pattern, **kw)
    sites = pattern_sites("f", code.encode(), language, [rule], Findings())
    return [(s.text, {a.name: a.text for a in s.args}) for s in sites]


@pytest.mark.parametrize(
    ("language", "pattern", "code", "expected"),
    [
        ("python", "emit($U, $E, $$$REST)", "emit(a, 'x')\nemit(a, 'y', {'k': 1}, z)\nemit(a)\n",
         [("emit(a, 'x')", {"U": "a", "E": "'x'", "REST": ""}),
          ("emit(a, 'y', {'k': 1}, z)", {"U": "a", "E": "'y'", "REST": "{'k': 1}, z"})]),
        ("typescript", "trackEvent($NAME, $$$PROPS)", "trackEvent('A', {a: 1});\nother('B');\n",
         [("trackEvent('A', {a: 1})", {"NAME": "'A'", "PROPS": "{a: 1}"})]),
        ("python", "$C.emit($X, $X)", "t.emit(a, a)\nt.emit(a, b)\n",
         [("t.emit(a, a)", {"C": "t", "X": "a"})]),
        ("kotlin", "tracker.log($E)", "fun f() { tracker.log(\"E\") }\n",
         [('tracker.log("E")', {"E": '"E"'})]),
        ("swift", "tracker.log($E)", "func f() { tracker.log(\"E\") }\n",
         [('tracker.log("E")', {"E": '"E"'})]),
    ],
)  # fmt: skip
def test_metavariables_bind_one_or_many_nodes(language, pattern, code, expected) -> None:
    assert _sites(language, pattern, code) == expected


def test_constraints_kind_literal_regex() -> None:
    code = "emit('Signed Up')\nemit(name)\nemit('Logged In')\n"
    assert [
        t for t, _ in _sites("python", "emit($E)", code, where={"E": Constraint(literal=True)})
    ] == ["emit('Signed Up')", "emit('Logged In')"]
    only = {"E": Constraint(literal="Logged In")}
    assert [t for t, _ in _sites("python", "emit($E)", code, where=only)] == ["emit('Logged In')"]
    ident = {"E": Constraint(kinds=("identifier",))}
    assert [t for t, _ in _sites("python", "emit($E)", code, where=ident)] == ["emit(name)"]
    regex = {"E": Constraint(regex="^'Sign")}
    assert [t for t, _ in _sites("python", "emit($E)", code, where=regex)] == ["emit('Signed Up')"]


def test_imported_from_resolves_the_callee() -> None:
    code = "import { trackEvent } from '../lib/analytics';\ntrackEvent('A');\n"
    other = "import { trackEvent } from 'other-lib';\ntrackEvent('A');\n"
    callee = Constraint(imported_from="./lib/analytics")
    assert len(_sites("typescript", "trackEvent($E)", code, callee=callee)) == 1
    assert _sites("typescript", "trackEvent($E)", other, callee=callee) == []
    py = "from app.tracking import emit\nemit('A')\n"
    assert (
        len(_sites("python", "emit($E)", py, callee=Constraint(imported_from="app.tracking"))) == 1
    )
    assert _sites("python", "emit($E)", py, callee=Constraint(imported_from="app.other")) == []


def test_fix_template_drops_the_comma_of_an_empty_list() -> None:
    assert fix_template("f($A, $$$R)") == (
        "{% raw %}f({% endraw %}{{ A }}{% if R.text %}{% raw %}, {% endraw %}{{ R }}{% endif %}"
        "{% raw %}){% endraw %}"
    )


def test_a_pattern_that_does_not_parse_is_an_error() -> None:
    with pytest.raises(PatternError):
        compile_pattern("emit($A,,)", "python")


def test_a_misspelt_metavariable_constraint_is_a_load_error(tmp_path: Path) -> None:
    path = tmp_path / "r.yaml"
    path.write_text(
        "target: amplitude\nlanguage: python\nrules:\n  - id: r\n    pattern: emit($EVENT)\n"
        "    where: {EVNT: {literal: true}}\n    fix: x($EVENT)\n"
    )
    with pytest.raises(RuleError) as err:
        load_rule_file(path)
    assert str(err.value) == (
        f"{path}:6: rules[0].where: 'EVNT' is not a metavariable of the pattern "
        "(did you mean 'EVENT'?)"
    )
