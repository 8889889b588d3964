"""Run the cases written next to each rule (like Fixit's and `sg test`).

`cases` (older name `tests`): `before` must make THIS rule fire and give `after` (or report
`unsupported`); `valid`: code the rule must not fire on. Each case ends as one of:
validated, missing (the rule did not fire), wrong (it fired, the output differs), noisy (it
fired on a valid case). `update_snapshots` (`rules test -U`) writes the output it got as the
case's `after` in the rule file.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from segcodemod.engine import index_file, process_file
from segcodemod.languages import frontend
from segcodemod.model import FileResult, ProjectIndex, Severity
from segcodemod.rules.model import Rule, RuleSet


class Status(str, Enum):
    VALIDATED = "validated"
    MISSING = "missing"  # did not fire
    WRONG = "wrong"  # fired, other output
    NOISY = "noisy"  # fired on a valid case


@dataclass(frozen=True)
class CaseResult:
    rule_id: str
    where: str  # rule file:line of the case
    status: Status
    message: str = ""
    got: str = ""  # the output, for -U


# kept for callers of the old API: a failure is any case that is not validated
CaseFailure = CaseResult


def run_rule_tests(rules: RuleSet, only: str | None = None) -> tuple[int, list[CaseResult]]:
    """(cases run, the cases not validated)."""
    results = check_rules(rules, only)
    return len(results), [r for r in results if r.status is not Status.VALIDATED]


def check_rules(
    rules: RuleSet, only: str | None = None, under: list[Path] | None = None
) -> list[CaseResult]:
    """The cases of every rule (`only`: of that id; `under`: of rules from those folders)."""
    out: list[CaseResult] = []
    folders = [d.resolve() for d in under or ()]
    for rule in rules.rules:
        if only and rule.id != only:
            continue
        source = Path(rule.source.rsplit(":", 1)[0]).resolve()
        if folders and not any(source.is_relative_to(d) for d in folders):
            continue
        out += [_check_case(rule, case, rules) for case in rule.tests]
        out += [_check_valid(rule, case, rules) for case in rule.valid]
    return out


def _where(rule: Rule, case: dict) -> str:
    return f"{rule.source.rsplit(':', 1)[0]}:{case['_line']}"


def _run(rule: Rule, case: dict, code: str, rules: RuleSet) -> FileResult:
    language = case.get("language") or rule.languages[0]
    # `file:` names the case's file (manifests are recognised by name: package.json, ...)
    name = case.get("file") or "case" + frontend(language).extensions[0]
    with tempfile.TemporaryDirectory() as root:
        path = os.path.join(root, name)
        data = code.encode("utf-8")
        project = ProjectIndex(
            root, {path: index_file(path, data, root)}, layout=False, shared_helpers=False
        )
        case_rules = rules
        if case.get("settings"):
            case_rules = RuleSet(rules.target, rules.rules, {**rules.settings, **case["settings"]})
        return process_file(path, data, case_rules, project)


def fired_rules(result: FileResult) -> set[str]:
    """The rules that decided what became of a call of the file (the ledger's rule ids)."""
    renamed = {d.rule_id for d in result.diagnostics if d.code == "rename"}
    return {c.rule_id for c in result.calls if c.rule_id} | renamed


def _check_case(rule: Rule, case: dict, rules: RuleSet) -> CaseResult:
    where = _where(rule, case)
    result = _run(rule, case, case["before"], rules)
    got = result.new.decode("utf-8")
    if rule.id not in fired_rules(result):
        fired = ", ".join(sorted(fired_rules(result))) or "no rule"
        return CaseResult(rule.id, where, Status.MISSING, f"did not fire ({fired} did)", got)
    if case.get("unsupported"):
        reasons = [d.message for d in result.diagnostics if d.severity is Severity.UNSUPPORTED]
        if not any(case["unsupported"] in r for r in reasons):
            message = f"expected unsupported {case['unsupported']!r}, got {reasons}"
            return CaseResult(rule.id, where, Status.WRONG, message, got)
    expected = case.get("after")
    if expected is None and not case.get("unsupported"):
        return CaseResult(rule.id, where, Status.WRONG, "no `after` yet (write it with -U)", got)
    if expected is not None and got.strip("\n") != expected.strip("\n"):
        message = f"output differs:\n--- expected\n{expected}\n--- got\n{got}"
        return CaseResult(rule.id, where, Status.WRONG, message, got)
    return CaseResult(rule.id, where, Status.VALIDATED, got=got)


def _check_valid(rule: Rule, case: dict, rules: RuleSet) -> CaseResult:
    where = _where(rule, case)
    result = _run(rule, case, case["code"], rules)
    if rule.id in fired_rules(result):
        return CaseResult(rule.id, where, Status.NOISY, "fired on a valid case")
    return CaseResult(rule.id, where, Status.VALIDATED)


# -- -U: write the outputs into the rule files ----------------------------------------------


def update_snapshots(rules: RuleSet, results: list[CaseResult]) -> list[CaseResult]:
    """Write `after` for each wrong case that fired (missing and noisy ones need a person).
    Returns the cases updated."""
    cases = {_where(rule, case): case for rule in rules.rules for case in rule.tests}
    edits: dict[str, list[tuple[int, int, str]]] = {}
    updated = []
    for r in results:
        case = cases.get(r.where)
        if r.status is not Status.WRONG or case is None or case.get("unsupported"):
            continue
        path = r.where.rsplit(":", 1)[0]
        edits.setdefault(path, []).append(_after_edit(case, r.got))
        updated.append(r)
    for path, changes in edits.items():
        text = Path(path).read_text(encoding="utf-8")
        for start, end, new in sorted(changes, reverse=True):
            text = text[:start] + new + text[end:]
        Path(path).write_text(text, encoding="utf-8")
    return updated


def _after_edit(case: dict, got: str) -> tuple[int, int, str]:
    node = case["_node"]
    if "after" in node:
        start, end = node.value_spans["after"]
        if node.flow or node.value_styles.get("after") not in ("|", ">") or got[:1].isspace():
            return start, end, json.dumps(got.rstrip("\n"))
        return start, end, _block(got, node.key_columns["after"] + 2)
    start, end = node.value_spans["before"]
    if node.flow:
        return end, end, ", after: " + json.dumps(got.rstrip("\n"))
    column = node.key_columns["before"]
    lead = "" if node.value_styles.get("before") in ("|", ">") else "\n"
    value = json.dumps(got.rstrip("\n")) + "\n" if got[:1].isspace() else _block(got, column + 2)
    return end, end, lead + " " * column + "after: " + value


def _block(text: str, indent: int) -> str:
    """A literal block scalar (`|`) holding text, ending with a line break."""
    lines = text.rstrip("\n").split("\n")
    return "|\n" + "".join((" " * indent + ln if ln.strip() else "") + "\n" for ln in lines)
