"""Every `tests:` case written next to a built-in rule passes (`segcodemod rules test`)."""

from __future__ import annotations

import pytest

from segcodemod.rules.load import TARGETS, load_ruleset
from segcodemod.ruletest import run_rule_tests


@pytest.mark.parametrize("target", TARGETS)
def test_builtin_rule_cases(target: str) -> None:
    ran, failures = run_rule_tests(load_ruleset(target))
    assert not failures, "\n\n".join(f"{f.rule_id} ({f.where}): {f.message}" for f in failures)
    if target == "amplitude":
        assert ran > 0
