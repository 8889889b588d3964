"""Load, validate and compile rule files (built-in and custom ones, the same way)."""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from jinja2 import TemplateSyntaxError, nodes

from segcodemod.languages import LANGUAGE_FAMILIES, LANGUAGES
from segcodemod.patterns import (
    GRAMMARS,
    PATTERN_SDK,
    Constraint,
    PatternError,
    PatternRule,
    compile_pattern,
    fix_template,
    metavariables,
)
from segcodemod.rules import schema
from segcodemod.rules.model import KIND_CONSTRAINTS, Guard, Param, Rule, RuleSet
from segcodemod.rules.schema import CONTEXTS, METHODS, TARGETS, did_you_mean
from segcodemod.rules.templates import (
    ENV,
    STANDARD_NAMES,
    LazyExpression,
    LazyTemplate,
    with_prelude,
)
from segcodemod.rules.yamlsource import Located, LocatedList, RuleError, Where, load_yaml
from segcodemod.signatures import FAMILIES, env_keys

_PARAM = re.compile(r"^(?P<name>[A-Za-z_]\w*)(?P<opt>\?)?(?::(?P<kind>\w+))?(?:@(?P<label>\w+))?$")


def builtin_rules_dir() -> Path:
    """The repository's rules/ in a source checkout (editable install), else the packaged copy."""
    checkout = Path(__file__).resolve().parents[3] / "rules"
    if (checkout / "amplitude").is_dir():
        return checkout
    return Path(str(resources.files("segcodemod") / "builtin_rules"))


def rule_files(directory: Path, target: str | None = None) -> list[Path]:
    """Rule files of a directory: `<dir>/<target>/*.yaml` if that exists, else `<dir>/*.yaml`."""
    if target and (directory / target).is_dir():
        directory = directory / target
    return sorted(p for p in directory.glob("*.y*ml") if p.suffix in (".yaml", ".yml"))


def load_ruleset(target: str, extra_dirs: list[Path] = (), settings: dict | None = None) -> RuleSet:
    """Built-in rules for `target`, then each extra directory; a rule id seen again overrides."""
    if target not in TARGETS:
        raise RuleError(
            "--target", 0, "target", f"unknown target {target!r} (use {', '.join(TARGETS)})"
        )
    by_id: dict[str, Rule] = {}
    custom_new: list[str] = []
    merged_settings: dict[str, Any] = {}
    defined_in: dict[str, Path] = {}
    sources = [(p, False) for p in rule_files(builtin_rules_dir(), target)]
    for d in extra_dirs:
        if not Path(d).is_dir():
            raise RuleError(str(d), 0, "--rules", "not a directory")
        sources += [(p, True) for p in rule_files(Path(d), target)]
    for path, custom in sources:
        file_rules, file_settings = load_rule_file(path)
        for key, value in file_settings.items():
            # One settings namespace per target: built-in files must agree on a shared key
            # (else the last file loaded would win silently); --rules files may override.
            if not custom and key in merged_settings and merged_settings[key] != value:
                raise RuleError(
                    str(path), 1, f"settings.{key}",
                    f"differs from the value in {defined_in[key].name}; settings are shared by "
                    "all rule files of a target",
                )  # fmt: skip
            merged_settings[key] = value
            defined_in.setdefault(key, path)
        for rule in file_rules:
            if rule.target != target:
                continue
            if custom and rule.id not in by_id:
                custom_new.append(rule.id)
            elif custom:
                rule = _inherit_guards(rule, by_id[rule.id])
            by_id[rule.id] = rule
    # New custom rules are tried before built-in ones, so a user can special-case a shape.
    order = custom_new + [i for i in by_id if i not in custom_new]
    declared = frozenset(merged_settings)
    merged_settings.update(settings or {})
    return RuleSet(
        target=target, rules=[by_id[i] for i in order], settings=merged_settings, declared=declared
    )


def _inherit_guards(override: Rule, builtin: Rule) -> Rule:
    """An override keeps the guards of the rule it replaces, except those it names again
    (same `name`, or same reason). A capture of the built-in rule the override does not bind
    is None in an inherited guard (the call cannot have that argument: every argument binds)."""
    replaced = {g.key for g in override.guards}
    names = STANDARD_NAMES | set(override.captures) | set(ENV.globals)
    inherited = tuple(
        replace(g, absent=frozenset(_undeclared(ENV.parse("{{ " + g.source + " }}")) - names))
        for g in builtin.guards
        if g.key not in replaced
    )
    override.guards = override.guards + inherited
    return override


def load_rule_file(path: Path) -> tuple[list[Rule], dict[str, Any]]:
    data = load_yaml(path)
    where = Where(str(path), 1, "")
    if data is None:
        return [], {}
    if isinstance(data, list):
        data = _wrap_list(data)
    if not isinstance(data, Located):
        raise where.error("a rule file is a list of rules or a mapping with `rules:`")
    schema.check(data, str(path))
    defaults = {k: data[k] for k in ("target", "language", "sdk") if k in data}
    settings = data.get("settings") or {}
    if not isinstance(settings, dict):
        raise where.key(data, "settings").error("must be a mapping")
    prelude = data.get("prelude") or ""
    if not isinstance(prelude, str):
        raise where.key(data, "prelude").error("must be a string of jinja macros")
    try:
        _prelude_names(prelude)
    except TemplateSyntaxError as exc:
        line = where.key(data, "prelude").line + (exc.lineno or 1)
        raise Where(str(path), line, "prelude").error(f"template error: {exc.message}") from exc
    if prelude and "language" in data:
        _check_env_keys(
            _env_reads(ENV.parse(prelude)),
            _languages(data["language"], where.key(data, "language")),
            where.key(data, "prelude"),
        )
    rules_node = data.get("rules")
    if not isinstance(rules_node, LocatedList):
        raise where.key(data, "rules").error("must be a list of rules")
    rules, seen = [], {}
    for i, node in enumerate(rules_node):
        rule_where = Where(str(path), rules_node.item_lines[i], f"rules[{i}]")
        rule = _compile_rule(node, defaults, prelude, rule_where)
        if rule.id in seen:
            raise rule_where.child("id", node).error(
                f"duplicate id {rule.id!r} (also line {seen[rule.id]})"
            )
        seen[rule.id] = rule_where.line
        rules.append(rule)
    return rules, dict(settings)


def _wrap_list(items: LocatedList) -> Located:
    wrapped = Located(rules=items)
    wrapped.line, wrapped.key_lines = items.line, {"rules": items.line}
    return wrapped


def _str_list(value: Any, where: Where, allowed: tuple[str, ...] | None = None) -> tuple[str, ...]:
    values = [value] if isinstance(value, str) else value
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values) or not values:
        raise where.error("must be a string or a non-empty list of strings")
    for v in values:
        if allowed is not None and v not in allowed:
            raise where.error(f"unknown value {v!r} (expected one of {', '.join(allowed)})")
    return tuple(values)


def _languages(value: Any, where: Where) -> tuple[str, ...]:
    out: list[str] = []
    for name in _str_list(value, where, tuple(LANGUAGES) + tuple(LANGUAGE_FAMILIES)):
        out.extend(LANGUAGE_FAMILIES.get(name, (name,)))
    return tuple(out)


def _compile_rule(node: Any, defaults: dict, prelude: str, where: Where) -> Rule:
    if not isinstance(node, Located):
        raise where.error("a rule must be a mapping")
    rule_id = node.get("id")
    if not isinstance(rule_id, str) or not rule_id:
        raise where.key(node, "id").error("required: a non-empty string")
    if "pattern" in node:
        return _compile_pattern_rule(node, defaults, where)
    if "rename_event" in node:
        return _compile_rename(node, defaults, where)
    match = node.get("match")
    if not isinstance(match, Located):
        raise where.key(node, "match").error("required: a mapping with sdk, method, args")
    mw = where.key(node, "match")

    def field(name: str, source: Located = node, w: Where = where) -> Where:
        return w.key(source, name)

    target = node.get("target", defaults.get("target"))
    if target not in TARGETS:
        raise field("target").error(
            f"required: one of {', '.join(TARGETS)} (here or at file level)"
        )
    if "language" not in node and "language" not in defaults:
        raise field("language").error("required (here or at file level)")
    languages = _languages(node.get("language", defaults.get("language")), field("language"))
    sdk_value = match.get("sdk", node.get("sdk", defaults.get("sdk")))
    if sdk_value is None:
        raise field("sdk", match, mw).error(
            "required: the Segment SDK flavour(s) this rule matches"
        )
    sdks = _str_list(sdk_value, field("sdk", match, mw))
    methods = _str_list(match.get("method"), field("method", match, mw), METHODS)
    params = _params(match["args"], field("args", match, mw)) if "args" in match else None
    contexts = (
        _str_list(match["context"], field("context", match, mw), CONTEXTS)
        if "context" in match
        else ()
    )
    rule = Rule(
        id=rule_id, target=target, languages=languages, sdks=sdks, methods=methods,
        params=params, contexts=contexts, rewrite=None, expression=None, imports=(), helpers=(),
        guards=(), todo=None, unsupported=None, note=None, tests=(),
        source=f"{where.path}:{where.line}",
    )  # fmt: skip
    _check_signatures(rule, field("args", match, mw), field("method", match, mw))
    shadowed = STANDARD_NAMES & set(rule.captures)
    if shadowed:
        raise field("args", match, mw).error(
            f"capture name(s) {', '.join(sorted(shadowed))} "
            "shadow template names; rename with name@label"
        )
    names = STANDARD_NAMES | set(rule.captures)
    rule.rewrite = _template(node, "rewrite", prelude, names, where)
    rule.expression = _template(node, "expression", prelude, names, where)
    rule.imports = _imports(node, "imports", prelude, names, where)
    rule.helpers = _imports(node, "helpers", prelude, names, where)
    rule.guards = _guards(node, names, where)
    for key in ("todo", "unsupported", "note"):
        if key in node and not isinstance(node[key], str):
            raise field(key).error("must be a string (the reason reported)")
        setattr(rule, key, node.get(key))
    rule.note_template = _template(node, "note", prelude, names, where)  # empty render: no note
    rule.file_note = _template(node, "file_note", prelude, names, where)  # once per file
    actions = [k for k in ("rewrite", "expression", "todo", "unsupported") if k in node]
    if not actions:
        raise where.error("a rule needs one of rewrite, expression, todo or unsupported")
    if rule.unsupported and (rule.rewrite or rule.expression):
        raise field("unsupported").error("an unsupported rule cannot also rewrite")
    rule.tests, rule.valid = _tests(node), _valid(node)
    rule.env = _env_match(match.get("env"), field("env", match, mw))
    _check_env_keys(set(rule.env), languages, field("env", match, mw))
    _check_template_env(node, languages, where)
    return rule


TEMPLATE_KEYS = ("rewrite", "expression", "imports", "helpers", "note", "file_note")


def _check_template_env(node: Located, languages: tuple[str, ...], where: Where) -> None:
    for key in TEMPLATE_KEYS:
        for source in _one_or_list(node.get(key)):
            _check_env_keys(_env_reads(ENV.parse(source)), languages, where.key(node, key))
    guards = node.get("unsupported_when") or []
    for i, g in enumerate(guards):
        gw = where.key(node, "unsupported_when").child(i, line=guards.item_lines[i])
        _check_env_keys(_env_reads(ENV.parse("{{ " + g["if"] + " }}")), languages, gw)


def _one_or_list(value: Any) -> list[str]:
    return [] if value is None else [value] if isinstance(value, str) else list(value)


def _target_and_languages(node: Located, defaults: dict, where: Where):
    target = node.get("target", defaults.get("target"))
    if target not in TARGETS:
        raise where.key(node, "target").error(
            f"required: one of {', '.join(TARGETS)} (here or at file level)"
        )
    if "language" not in node and "language" not in defaults:
        raise where.key(node, "language").error("required (here or at file level)")
    language = node.get("language", defaults.get("language"))
    return target, _languages(language, where.key(node, "language"))


def _bare_rule(node: Located, target: str, languages, sdks, methods, params, where) -> Rule:
    return Rule(
        id=node["id"], target=target, languages=languages, sdks=sdks, methods=methods,
        params=params, contexts=(), rewrite=None, expression=None, imports=(), helpers=(),
        guards=(), todo=None, unsupported=None, note=None, tests=_tests(node),
        valid=_valid(node), source=f"{where.path}:{where.line}",
    )  # fmt: skip


def _compile_pattern_rule(node: Located, defaults: dict, where: Where) -> Rule:
    """`pattern` + `where` + `fix` (patterns.py): its matches run through the pipeline as
    call sites of sdk `pattern` whose arguments are the metavariables."""
    target, languages = _target_and_languages(node, defaults, where)
    pw = where.key(node, "pattern")
    pattern = node["pattern"]
    for language in languages:
        if language not in GRAMMARS:
            raise where.key(node, "language").error(f"patterns are not supported for {language}")
        try:
            compile_pattern(pattern, language)
        except PatternError as exc:
            raise pw.error(str(exc)) from None
    names = [name for name, _ in metavariables(pattern)]
    params = tuple(Param(name, True, KIND_CONSTRAINTS["any"], None, name) for name in names)
    rule = _bare_rule(node, target, languages, (PATTERN_SDK,), ("pattern",), params, where)
    rule.env = {"pattern_rule": (rule.id,)}
    constraints = {}
    for key, spec in (node.get("where") or {}).items():
        name = key.lstrip("$")
        if name not in names:
            raise where.key(node, "where").error(
                f"{key!r} is not a metavariable of the pattern" + did_you_mean(name, names)
            )
        constraints[name] = _constraint(spec, languages[0], where.key(node, "where"))
    callee = node.get("callee")
    rule.pattern = PatternRule(
        rule.id, languages, pattern, constraints,
        _constraint(callee, languages[0], where.key(node, "callee")) if callee else None,
    )  # fmt: skip
    captures = STANDARD_NAMES | set(names)
    if "fix" in node:
        fw = where.key(node, "fix")
        rule.expression = _compile(fix_template(node["fix"]), captures, fw)
    elif not ({"todo", "unsupported"} & set(node)):
        raise where.error("a pattern rule needs `fix` (or todo / unsupported)")
    rule.imports = _imports(node, "imports", "", captures, where)
    rule.guards = _guards(node, captures, where)
    rule.todo, rule.unsupported, rule.note = node.get("todo"), node.get("unsupported"), None
    rule.note_template = _template(node, "note", "", captures, where)
    return rule


def _constraint(spec: Located, language: str, where: Where) -> Constraint:
    assigned = spec.get("assigned-from")
    try:
        assigned_node = compile_pattern(assigned, language) if assigned else None
    except PatternError as exc:
        raise where.error(f"assigned-from: {exc}") from None
    if spec.get("regex"):
        try:
            re.compile(spec["regex"])
        except re.error as exc:
            raise where.error(f"regex: {exc}") from None
    kinds = spec.get("kind")
    return Constraint(
        kinds=tuple([kinds] if isinstance(kinds, str) else kinds or ()),
        literal=spec.get("literal"), regex=spec.get("regex"),
        imported_from=spec.get("imported-from"), is_segment_client=spec.get("is-segment-client"),
        assigned_from=assigned_node,
        words=tuple(re.findall(r"[A-Za-z_]\w*", assigned or ""))
        + tuple(re.findall(r"\w+$", spec.get("imported-from") or "")),
    )  # fmt: skip


def _compile_rename(node: Located, defaults: dict, where: Where) -> Rule:
    """`rename_event: {from, to}`: every migrated track call of that event uses the new name."""
    target = node.get("target", defaults.get("target"))
    if target not in TARGETS:
        raise where.key(node, "target").error(f"required: one of {', '.join(TARGETS)}")
    language = node.get("language", defaults.get("language"))
    languages = _languages(language, where.key(node, "language")) if language else LANGUAGES
    rule = _bare_rule(node, target, tuple(languages), (), (), None, where)
    rule.rename = (node["rename_event"]["from"], node["rename_event"]["to"])
    return rule


def _check_signatures(rule: Rule, args: Where, method: Where) -> None:
    """Methods the rule's SDK families have; capture names their signatures bind by."""
    families = [FAMILIES[s] for s in rule.sdks]
    for m in rule.methods:
        if not any(f.allows(m) for f in families):
            raise method.error(f"{', '.join(rule.sdks)} has no method {m!r}")
    sigs = [(f, f.methods[m]) for f in families for m in rule.methods if f.allows(m)]
    if any(s.open for _, s in sigs):
        return
    keys = sorted({k for _, s in sigs for k in s.keys})
    named = sorted({p for f, s in sigs if _binds_by_name(f, rule.languages) for p in s.params})
    for param in rule.params or ():
        for f in param.fields or ():
            if f.keyword not in keys:
                raise args.error(
                    f"{f.keyword!r} is not a key of {'/'.join(rule.sdks)} {'/'.join(rule.methods)}"
                    + (did_you_mean(f.keyword, keys) or f" (keys: {', '.join(keys)})")
                )
        if param.fields is None and named and param.keyword not in named:
            raise args.error(
                f"{param.keyword!r} is not a parameter of {'/'.join(rule.sdks)} "
                f"{'/'.join(rule.methods)}"
                + (did_you_mean(param.keyword, named) or f" (parameters: {', '.join(named)})")
            )


def _binds_by_name(family, languages: tuple[str, ...]) -> bool:
    return family.named and not set(languages) <= set(family.positional_in)


def _check_env_keys(used: set[str], languages: tuple[str, ...], where: Where) -> None:
    """`env.X` must be a fact a frontend of the rule's languages declares (signatures.py)."""
    declared = env_keys(languages)
    for key in sorted(used - declared):
        raise where.error(
            f"unknown env key {key!r} for {', '.join(languages)}"
            + did_you_mean(key, sorted(declared))
        )


def _env_reads(ast: nodes.Node) -> set[str]:
    """The env keys a template reads: env.x, env["x"], env.get("x")."""
    out = set()
    for node in ast.find_all((nodes.Getattr, nodes.Getitem)):
        if not (isinstance(node.node, nodes.Name) and node.node.name == "env"):
            continue
        if isinstance(node, nodes.Getattr) and node.attr != "get":
            out.add(node.attr)
        elif isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
            out.add(str(node.arg.value))
    for call in ast.find_all(nodes.Call):
        f = call.node
        if (
            isinstance(f, nodes.Getattr) and f.attr == "get" and isinstance(f.node, nodes.Name)
            and f.node.name == "env" and call.args and isinstance(call.args[0], nodes.Const)
        ):  # fmt: skip
            out.add(str(call.args[0].value))
    return out


def _env_match(value: Any, where: Where) -> dict[str, tuple[Any, ...]]:
    """`env: {kind: setting, setting: [flushAt, flushInterval]}`: frontend facts must equal
    one of the listed values."""
    if value is None:
        return {}
    if not isinstance(value, dict) or not all(isinstance(k, str) for k in value):
        raise where.error("must be a mapping of env fact -> value or list of values")
    return {k: tuple(v) if isinstance(v, list) else (v,) for k, v in value.items()}


def _split_top(text: str) -> list[str]:
    """Split "a, {b, c}?, d" on the commas outside braces."""
    parts, depth, current = [], 0, ""
    for ch in text:
        depth += ch == "{"
        depth -= ch == "}"
        if ch == "," and depth == 0:
            parts.append(current.strip())
            current = ""
        else:
            current += ch
    if current.strip():
        parts.append(current.strip())
    return parts


def _from_string(text: str, where: Where) -> list[Any]:
    """The compact form "user_id?, {userId?, event}, callback?:function" as a parameter list."""
    out: list[Any] = []
    for part in _split_top(text.strip().removeprefix("(").removesuffix(")")):
        m = re.match(r"^\{(?P<body>.*)\}(?P<opt>\?)?(?:\s+as\s+(?P<name>\w+))?$", part, re.S)
        if m:
            fields = _from_string(m.group("body"), where)
            optional = bool(m.group("opt"))
            out.append({"object": fields, "optional": optional, "as": m.group("name") or ""})
        elif "{" in part or "}" in part:
            raise where.error(f"unbalanced braces in {part!r}")
        else:
            out.append(part)
    return out


def _params(value: Any, where: Where) -> tuple[Param, ...]:
    if isinstance(value, str):
        value = _from_string(value, where)
    if not isinstance(value, list):
        raise where.error('must be a parameter list such as "event, properties?:object"')
    params = []
    for i, item in enumerate(value):
        w = where.child(i, line=value.item_lines[i] if isinstance(value, LocatedList) else None)
        params.append(_param(item, w))
    names = [p.name for p in params if p.name] + [f.name for p in params for f in p.fields or ()]
    dupes = {n for n in names if names.count(n) > 1}
    if dupes:
        raise where.error(f"capture name used twice: {', '.join(sorted(dupes))}")
    return tuple(params)


def _param(item: Any, where: Where) -> Param:
    if isinstance(item, str):
        m = _PARAM.match(item.strip())
        if not m:
            raise where.error(f"bad parameter {item!r}: write name, name?, name:kind or name@label")
        kind = m.group("kind") or "any"
        if kind not in KIND_CONSTRAINTS:
            raise where.error(
                f"unknown kind {kind!r} (expected one of {', '.join(KIND_CONSTRAINTS)})"
            )
        return Param(
            m.group("name"), bool(m.group("opt")), KIND_CONSTRAINTS[kind], None, m.group("label")
        )
    if isinstance(item, dict) and "object" in item:
        unknown = set(item) - {"object", "as", "optional"}
        if unknown:
            raise where.error(f"unknown key(s) in object pattern: {', '.join(sorted(unknown))}")
        fields = _params(item["object"], where.child("object", item))
        name = item.get("as", "")
        if name and not re.match(r"^[A-Za-z_]\w*$", name):
            raise where.error(f"bad capture name {name!r}")
        return Param(name, bool(item.get("optional")), KIND_CONSTRAINTS["object"], fields)
    raise where.error("a parameter is a string or a mapping {object: [...], as: name}")


def _template(node: Located, key: str, prelude: str, names: set[str], where: Where):
    if key not in node:
        return None
    source = node[key]
    w = where.key(node, key)
    if not isinstance(source, str):
        raise w.error("must be a string template")
    source = source.rstrip("\n")
    _compile(source, names | _prelude_names(prelude), w)  # checked alone: the prelude once
    return LazyTemplate(with_prelude(source, prelude, _prelude_names(prelude)))


@cache
def _prelude_names(prelude: str) -> frozenset[str]:
    """What a file's prelude exports: its macros and top-level `{% set %}` names."""
    if not prelude:
        return frozenset()
    ast = ENV.parse(prelude)
    macros = {m.name for m in ast.find_all(nodes.Macro)}
    assigned = {
        stmt.target.name
        for stmt in ast.body
        if isinstance(stmt, nodes.Assign) and isinstance(stmt.target, nodes.Name)
    }
    return frozenset(macros | assigned)


def _compile(source: str, names: set[str], where: Where) -> LazyTemplate:
    try:
        ast = ENV.parse(source)
    except TemplateSyntaxError as exc:
        # a multi-line template is a block scalar: its first line is the one after the key
        block = 1 if "\n" in source.strip("\n") else 0
        line = where.line + max(0, (exc.lineno or 1) - 1) + block
        raise Where(where.path, line, where.field).error(f"template error: {exc.message}") from exc
    unknown = _undeclared(ast) - names - set(ENV.globals)
    if unknown:
        raise where.error(f"template uses undefined name(s): {', '.join(sorted(unknown))}")
    return LazyTemplate(source)


def _undeclared(ast: nodes.Template) -> set[str]:
    """Names a template reads but never binds. Cheaper than jinja2.meta (which generates
    code for the whole template) and precise enough to catch a misspelt capture."""
    names = list(ast.find_all(nodes.Name))
    bound = {n.name for n in names if n.ctx in ("store", "param")}
    bound |= {m.name for m in ast.find_all(nodes.Macro)} | {"loop", "caller", "varargs", "kwargs"}
    return {n.name for n in names if n.ctx == "load"} - bound


def _imports(node: Located, key: str, prelude: str, names: set[str], where: Where):
    """A list of templates (`imports`, `helpers`); they see the prelude's macros too."""
    if key not in node:
        return ()
    w = where.key(node, key)
    values = _str_list(node[key], w)
    exported = _prelude_names(prelude)
    for value in values:
        _compile(value, names | exported, w)
    return tuple(LazyTemplate(with_prelude(v, prelude, exported)) for v in values)


def _guards(node: Located, names: set[str], where: Where) -> tuple[Guard, ...]:
    if "unsupported_when" not in node:
        return ()
    w = where.key(node, "unsupported_when")
    value = node["unsupported_when"]
    if not isinstance(value, list):
        raise w.error("must be a list of {if: <expression>, reason: <text>}")
    guards = []
    for i, g in enumerate(value):
        gw = w.child(i, line=value.item_lines[i] if isinstance(value, LocatedList) else None)
        if not isinstance(g, dict) or not {"if", "reason"} <= set(g) <= {"if", "reason", "name"}:
            raise gw.error("each entry needs exactly `if` and `reason` (and maybe `name`)")
        try:
            ast = ENV.parse("{{ " + str(g["if"]) + " }}")
            test = LazyExpression(str(g["if"]))
        except TemplateSyntaxError as exc:
            raise gw.error(f"bad expression: {exc.message}") from exc
        unknown = _undeclared(ast) - names - set(ENV.globals)
        if unknown:
            raise gw.error(f"expression uses undefined name(s): {', '.join(sorted(unknown))}")
        guards.append(Guard(str(g["if"]), str(g["reason"]), test, str(g.get("name") or "")))
    return tuple(guards)


def _tests(node: Located) -> tuple[dict[str, Any], ...]:
    """`cases` (and the older `tests`) with their line and YAML node (for -U)."""
    cases = [*(node.get("tests") or ()), *(node.get("cases") or ())]
    return tuple(dict(c, _line=c.line, _node=c) for c in cases)


def _valid(node: Located) -> tuple[dict[str, Any], ...]:
    out = []
    for i, case in enumerate(node.get("valid") or ()):
        line = node["valid"].item_lines[i]
        out.append(
            dict(case, _line=line) if isinstance(case, dict) else {"code": case, "_line": line}
        )
    return tuple(out)
