"""Run the `tests:` cases written next to each rule (like Fixit's and `sg test`)."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass

from segcodemod.engine import index_file, process_file
from segcodemod.languages import frontend
from segcodemod.model import ProjectIndex, Severity
from segcodemod.rules.model import Rule, RuleSet


@dataclass(frozen=True)
class CaseFailure:
    rule_id: str
    where: str  # rule file:line of the case
    message: str


def run_rule_tests(rules: RuleSet, only: str | None = None) -> tuple[int, list[CaseFailure]]:
    """(cases run, failures). Each case runs through the whole engine with the full rule set."""
    ran, failures = 0, []
    for rule in rules.rules:
        if only and rule.id != only:
            continue
        for case in rule.tests:
            ran += 1
            failure = _run_case(rule, case, rules)
            if failure:
                failures.append(failure)
    return ran, failures


def _run_case(rule: Rule, case: dict, rules: RuleSet) -> CaseFailure | None:
    language = case.get("language", rule.languages[0])
    # `file:` names the case's file (manifests are recognised by name: package.json, ...)
    name = case.get("file") or "case" + frontend(language).extensions[0]
    where = f"{rule.source.rsplit(':', 1)[0]}:{case['_line']}"
    with tempfile.TemporaryDirectory() as root:
        path = os.path.join(root, name)
        data = case["before"].encode("utf-8")
        project = ProjectIndex(
            root, {path: index_file(path, data, root)}, layout=False, shared_helpers=False
        )
        case_rules = rules
        if case.get("settings"):
            case_rules = RuleSet(rules.target, rules.rules, {**rules.settings, **case["settings"]})
        result = process_file(path, data, case_rules, project)
    got = result.new.decode("utf-8")
    if "unsupported" in case:
        reasons = [d.message for d in result.diagnostics if d.severity is Severity.UNSUPPORTED]
        if not any(case["unsupported"] in r for r in reasons):
            return CaseFailure(
                rule.id, where, f"expected unsupported {case['unsupported']!r}, got {reasons}"
            )
    if "after" in case and got.strip("\n") != case["after"].strip("\n"):
        return CaseFailure(
            rule.id, where, f"output differs:\n--- expected\n{case['after']}\n--- got\n{got}"
        )
    return None
