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
    update: Annotated[
        bool, typer.Option("--update", "-U", help="Write the output as the case's `after`.")
    ] = False,
    everything: Annotated[
        bool, typer.Option("--all", help="With --rules: test the built-in rules too.")
    ] = False,
) -> None:
    """Run the cases written next to the rules: each is validated, missing (the rule did not
    fire), wrong (it fired, other output) or noisy (it fired on a `valid` case)."""
    from segcodemod.ruletest import Status, check_rules, update_snapshots

    ruleset = _ruleset(target, rules, [])
    results = check_rules(ruleset, rule_id, None if everything else list(rules))
    updated = update_snapshots(ruleset, results) if update else []
    for r in results:
        status = "updated" if r in updated else r.status.value
        typer.echo(f"{status:9} {r.rule_id} ({r.where})")
    for r in results:
        if r.status is not Status.VALIDATED and r not in updated:
            typer.echo(f"\n{r.status.value.upper()} {r.rule_id} ({r.where}): {r.message}")
    counts = {s: sum(1 for r in results if r.status is s and r not in updated) for s in Status}
    summary = ", ".join(f"{n} {s.value}" for s, n in counts.items())
    typer.echo(summary + (f", {len(updated)} updated" if update else ""))
    raise typer.Exit(1 if sum(counts.values()) > counts[Status.VALIDATED] else 0)
