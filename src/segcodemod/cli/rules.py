"""`segcodemod rules list|show|validate|test`."""

from __future__ import annotations

from typing import Annotated

import typer

from segcodemod.cli.app import fail, rules_app
from segcodemod.cli.options import RulesOpt, Target
from segcodemod.config import parse_set
from segcodemod.rules.yamlsource import RuleError

TargetReq = Annotated[Target, typer.Option("--target", "-t", help="Target SDK.")]


def _ruleset(target: Target, rules: list, set_: list[str]):
    from segcodemod.rules.load import load_ruleset

    try:
        return load_ruleset(target.value, list(rules), parse_set(set_))
    except RuleError as exc:
        fail(str(exc))


def _kind(rule) -> str:
    if rule.todo and not rule.rewrite:
        return "todo"
    return "unsupported" if rule.unsupported else "rewrite"


@rules_app.command("list")
def rules_list(target: TargetReq, rules: RulesOpt = []) -> None:
    """List the rules in the order they are tried."""
    for rule in _ruleset(target, rules, []).rules:
        typer.echo(
            f"{rule.id}\t{','.join(rule.sdks)}\t{','.join(rule.methods)}\t{_kind(rule)}"
            f"\t{rule.source}"
        )


@rules_app.command("show")
def rules_show(rule_id: str, target: TargetReq, rules: RulesOpt = []) -> None:
    """Show where a rule comes from and what it matches."""
    rule = _ruleset(target, rules, []).get(rule_id)
    if rule is None:
        fail(f"no rule {rule_id!r} for target {target.value}")
    typer.echo(f"{rule.id} ({rule.source})")
    typer.echo(f"  languages: {', '.join(rule.languages)}")
    typer.echo(f"  sdk: {', '.join(rule.sdks)}  method: {', '.join(rule.methods)}")
    typer.echo(f"  captures: {', '.join(rule.captures) or '-'}  tests: {len(rule.tests)}")


@rules_app.command("validate")
def rules_validate(target: TargetReq, rules: RulesOpt = []) -> None:
    """Load and compile the rules; exit 2 with file:line: field on the first error."""
    loaded = _ruleset(target, rules, [])
    typer.echo(f"{len(loaded.rules)} rules OK")


@rules_app.command("test")
def rules_test(
    target: TargetReq,
    rules: RulesOpt = [],
    rule_id: Annotated[str | None, typer.Option("--rule", help="Only this rule id.")] = None,
) -> None:
    """Run the before/after cases written next to the rules."""
    from segcodemod.ruletest import run_rule_tests

    ran, failures = run_rule_tests(_ruleset(target, rules, []), rule_id)
    for f in failures:
        typer.echo(f"FAIL {f.rule_id} ({f.where}): {f.message}")
    typer.echo(f"{ran - len(failures)} passed, {len(failures)} failed")
    raise typer.Exit(1 if failures else 0)
