"""Bind a call's arguments to a rule's parameters (positional, keyword/label, object fields)."""

from __future__ import annotations

from segcodemod.model import Arg, ArgKind, CallSite
from segcodemod.rules.model import Param, Rule, RuleSet

Captures = dict[str, Arg | None]


def bind(params: tuple[Param, ...], args: tuple[Arg, ...]) -> Captures | None:
    """Captures for `args`, or None when the call does not have this shape.

    Unnamed arguments fill the next unbound parameters in order; named ones (Python keywords,
    Swift labels, Kotlin named arguments) bind the parameter of that name. Every argument must
    bind and every required parameter must be bound, so no argument is ever dropped silently.
    """
    bound: dict[str, Arg] = {}
    by_name = {p.keyword: p for p in params}
    positional = iter(params)
    for arg in args:
        if arg.name is not None:
            param = by_name.get(arg.name)
            if param is None or param.keyword in bound:
                return None
        else:
            param = next((p for p in positional if p.keyword not in bound), None)
            if param is None:
                return None
        if arg.kind not in param.kinds:
            return _retry_skipping_optional(params, args, param, bound)
        bound[param.keyword] = arg
    return _captures(params, bound)


def _retry_skipping_optional(params, args, failed: Param, bound) -> Captures | None:
    """An argument of the wrong kind may belong to a later parameter when the one it met is
    optional (browser `page('Home', props)`: props is not the name)."""
    if not failed.optional or failed.keyword in bound:
        return None
    remaining = tuple(p for p in params if p is not failed)
    result = bind(remaining, args)
    if result is None:
        return None
    result.update({f.name: None for f in failed.fields or ()})
    if failed.name:
        result[failed.name] = None
    return result


def _captures(params: tuple[Param, ...], bound: dict[str, Arg]) -> Captures | None:
    captures: Captures = {}
    for p in params:
        arg = bound.get(p.keyword)
        if arg is None and not p.optional:
            return None
        if p.fields is not None:
            fields = (
                _bind_fields(p.fields, arg)
                if arg is not None
                else dict.fromkeys((f.name for f in p.fields), None)
            )
            if fields is None:
                return None
            captures.update(fields)
        if p.name:
            captures[p.name] = arg
    return captures


def _bind_fields(fields: tuple[Param, ...], arg: Arg) -> Captures | None:
    """Bind an object literal's entries by key; spreads or unknown keys mean no match."""
    if arg.kind is not ArgKind.OBJECT:
        return None
    by_key = {f.keyword: f for f in fields}
    bound: dict[str, Arg] = {}
    for item in arg.items or ():
        field = by_key.get(item.key) if item.key is not None and not item.spread else None
        if field is None or field.keyword in bound or item.value.kind not in field.kinds:
            return None
        bound[field.keyword] = item.value
    return _captures(fields, bound)


def match_rule(rule: Rule, call: CallSite) -> Captures | None:
    if rule.contexts and call.context.value not in rule.contexts:
        return None
    if any(call.env.get(key) not in values for key, values in rule.env.items()):
        return None
    if rule.params is None:
        return {}
    return bind(rule.params, call.args)


def first_match(rules: RuleSet, call: CallSite) -> tuple[Rule, Captures] | None:
    """The first rule (in the order they are tried) whose shape the call has, with captures."""
    for rule in rules.candidates(call.language, call.sdk, call.method):
        captures = match_rule(rule, call)
        if captures is not None:
            return rule, captures
    return None
