"""Pattern rules (in the spirit of ast-grep): `pattern: trackEvent($NAME, $$$PROPS)` written in
the file's language, matched with tree-sitter for every language.

The pattern is parsed by the language's grammar with each metavariable turned into an
identifier (`$X` -> `__MV_X`: one node; `$$$X` -> `__MVS_X`: any number of nodes in a list).
A node matches when it has the pattern's node type and its children match in order (commas and
comments ignored); leaves compare by text. Each match becomes a `CallSite` (sdk `pattern`,
method `pattern`, `env.pattern_rule` = the rule id, one argument per metavariable), so it runs
through the same pipeline as a Segment call: render, imports, verification, report, ledger.
"""

from __future__ import annotations

import ast
import importlib
import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import tree_sitter as ts

from segcodemod.languages.treesitter import position, span, text, walk
from segcodemod.model import Arg, ArgKind, CallSite, Context, Findings

METAVAR = re.compile(r"\$(\$\$)?([A-Z_][A-Z0-9_]*)")
PATTERN_SDK = "pattern"
# language -> (module, function returning the grammar)
GRAMMARS = {
    "python": ("tree_sitter_python", "language"),
    "typescript": ("tree_sitter_typescript", "language_typescript"),
    "tsx": ("tree_sitter_typescript", "language_tsx"),
    "javascript": ("tree_sitter_javascript", "language"),
    "swift": ("tree_sitter_swift", "language"),
    "kotlin": ("tree_sitter_kotlin", "language"),
    "java": ("tree_sitter_java", "language"),
}
_IGNORED = {",", "comment", "line_comment", "block_comment", "multiline_comment"}
_STRING_TYPES = {"string", "string_literal", "line_string_literal"}
_WRAPPERS = {"module", "program", "source_file", "expression_statement", "statement"}


@cache
def parser(language: str) -> ts.Parser:
    module, attr = GRAMMARS[language]
    return ts.Parser(ts.Language(getattr(importlib.import_module(module), attr)()))


def placeholders(pattern: str) -> str:
    return METAVAR.sub(lambda m: ("__MVS_" if m.group(1) else "__MV_") + m.group(2), pattern)


def metavariables(pattern: str) -> list[tuple[str, bool]]:
    """(name, many) for each metavariable, in order of first use."""
    seen: dict[str, bool] = {}
    for m in METAVAR.finditer(pattern):
        seen.setdefault(m.group(2), bool(m.group(1)))
    return list(seen.items())


class PatternError(ValueError):
    pass


def compile_pattern(pattern: str, language: str) -> ts.Node:
    """The pattern's root node (module / statement wrappers removed)."""
    tree = parser(language).parse(placeholders(pattern).encode("utf-8"))
    node = tree.root_node
    if node.has_error:
        raise PatternError(f"does not parse as {language}")
    while node.type in _WRAPPERS and len(node.named_children) == 1:
        node = node.named_children[0]
    if not node.named_children and METAVAR.fullmatch(pattern.strip()):
        raise PatternError("a pattern needs some code besides a metavariable")
    return node


@dataclass(frozen=True)
class Constraint:
    kinds: tuple[str, ...] = ()
    literal: bool | str | None = None
    regex: str | None = None
    imported_from: str | None = None
    is_segment_client: bool | None = None
    assigned_from: Any = None  # compiled sub-pattern
    words: tuple[str, ...] = ()  # names it spells out (prefilter tokens)


@dataclass
class PatternRule:
    rule_id: str
    languages: tuple[str, ...]
    source: str
    where: dict[str, Constraint] = field(default_factory=dict)
    callee: Constraint | None = None
    roots: dict[str, ts.Node] = field(default_factory=dict)  # per language

    def root(self, language: str) -> ts.Node:
        if language not in self.roots:
            self.roots[language] = compile_pattern(self.source, language)
        return self.roots[language]


# -- matching --------------------------------------------------------------------------------

Binds = dict[str, list[ts.Node]]


def _children(node: ts.Node) -> list[ts.Node]:
    return [c for c in node.children if c.type not in _IGNORED]


def _metavar(node: ts.Node) -> tuple[str, bool] | None:
    t = text(node)
    if t.startswith("__MVS_"):
        return t[6:], True
    if t.startswith("__MV_") and re.fullmatch(r"__MV_[A-Z_][A-Z0-9_]*", t):
        return t[5:], False
    return None


def match_node(p: ts.Node, t: ts.Node, binds: Binds) -> bool:
    mv = _metavar(p)
    if mv is not None and not mv[1]:
        return _bind(binds, mv[0], [t])
    if p.type != t.type:
        return False
    pc, tc = _children(p), _children(t)
    if not pc:
        return not tc and text(p) == text(t)
    return _match_seq(pc, 0, tc, 0, binds)


def _bind(binds: Binds, name: str, nodes: list[ts.Node]) -> bool:
    if name in binds:
        return [text(n) for n in binds[name]] == [text(n) for n in nodes]
    binds[name] = nodes
    return True


def _match_seq(pc: list, i: int, tc: list, j: int, binds: Binds) -> bool:
    if i == len(pc):
        return j == len(tc)
    mv = _metavar(pc[i])
    if mv is not None and mv[1]:
        for k in range(len(tc), j - 1, -1):  # longest first, then backtrack
            trial = dict(binds)
            if _bind(trial, mv[0], tc[j:k]) and _match_seq(pc, i + 1, tc, k, trial):
                binds.update(trial)
                return True
        return False
    if j == len(tc):
        return False
    trial = dict(binds)
    if match_node(pc[i], tc[j], trial) and _match_seq(pc, i + 1, tc, j + 1, trial):
        binds.update(trial)
        return True
    return False


def find_matches(root: ts.Node, pattern: ts.Node) -> list[tuple[ts.Node, Binds]]:
    """Outermost non-overlapping matches of `pattern` under `root`."""
    out: list[tuple[ts.Node, Binds]] = []
    end = -1
    for node in walk(root, {pattern.type}):
        if node.start_byte < end:
            continue
        binds: Binds = {}
        if match_node(pattern, node, binds):
            out.append((node, binds))
            end = node.end_byte
    return out


# -- constraints -----------------------------------------------------------------------------


@dataclass
class FileView:
    """What constraints look at in one file."""

    language: str
    root: ts.Node
    findings: Findings
    _imports: dict[str, str] | None = None

    @property
    def imports(self) -> dict[str, str]:
        if self._imports is None:
            self._imports = imported_names(self.root, self.language)
        return self._imports


def string_value(node: ts.Node) -> str | None:
    """The value of a plain string literal (no interpolation), else None."""
    if node.type not in _STRING_TYPES or any(
        "interpolation" in c.type or "substitution" in c.type for c in node.children
    ):
        return None
    try:
        value = ast.literal_eval(text(node))
    except (ValueError, SyntaxError):
        return None
    return value if isinstance(value, str) else None


def _leftmost_name(node: ts.Node) -> str:
    while node.named_children and node.type not in ("identifier", "simple_identifier"):
        node = node.named_children[0]
    return text(node)


def satisfies(nodes: list[ts.Node], c: Constraint, view: FileView) -> bool:
    return all(_satisfies_one(n, c, view) for n in nodes)


def _satisfies_one(node: ts.Node, c: Constraint, view: FileView) -> bool:
    if c.kinds and node.type not in c.kinds:
        return False
    if c.literal is not None:
        value = string_value(node)
        if c.literal is True and value is None or c.literal is False and value is not None:
            return False
        if isinstance(c.literal, str) and value != c.literal:
            return False
    if c.regex is not None and not re.search(c.regex, text(node)):
        return False
    if c.imported_from is not None:
        module = view.imports.get(_leftmost_name(node))
        # Python `from m import name`: name may be m's function or a submodule m.name
        options = (
            [module, module.rsplit(".", 1)[0]] if module and view.language == "python" else [module]
        )
        if not any(m and module_matches(m, c.imported_from) for m in options):
            return False
    if c.is_segment_client is not None:
        receivers = {call.receiver for call in view.findings.calls if call.receiver}
        if (text(node) in receivers) != c.is_segment_client:
            return False
    return c.assigned_from is None or _assigned_from(node, c.assigned_from, view)


def _assigned_from(node: ts.Node, pattern: ts.Node, view: FileView) -> bool:
    name = text(node)
    for decl in walk(view.root, {"variable_declarator", "assignment", "property_declaration"}):
        target = decl.child_by_field_name("name") or decl.child_by_field_name("left")
        value = decl.child_by_field_name("value") or decl.child_by_field_name("right")
        named = target is not None and value is not None and text(target) == name
        if named and match_node(pattern, value, {}):
            return True
    return False


def module_matches(module: str, wanted: str) -> bool:
    """`./analytics` matches an import of `./analytics`, `../lib/analytics`, `app.analytics`."""
    norm = lambda m: re.sub(r"\.(ts|tsx|js|jsx|mjs|cjs)$", "", m).lstrip("./")  # noqa: E731
    module, wanted = norm(module), norm(wanted)
    sep = "/" if "/" in module or "/" in wanted else "."
    return module == wanted or module.endswith(sep + wanted) or module.endswith("." + wanted)


def imported_names(root: ts.Node, language: str) -> dict[str, str]:
    """Local name -> module it is imported from (Python and JS/TS import statements)."""
    out: dict[str, str] = {}
    for node in walk(root, {"import_statement", "import_from_statement", "import_declaration"}):
        if language == "python":
            _python_import(node, out)
        else:
            source = node.child_by_field_name("source")
            if source is not None:
                module = string_value(source) or text(source).strip("'\"")
                for ident in walk(node, {"identifier"}):
                    out[text(ident)] = module
    return out


def _python_import(node: ts.Node, out: dict[str, str]) -> None:
    module = node.child_by_field_name("module_name")
    base = text(module) if module is not None else ""
    for name in node.children_by_field_name("name"):
        if name.type == "aliased_import":
            real, alias = name.child_by_field_name("name"), name.child_by_field_name("alias")
            out[text(alias)] = f"{base}.{text(real)}" if base else text(real)
        elif base:
            out[text(name)] = f"{base}.{text(name)}"
        else:
            out[text(name).split(".")[0]] = text(name)


# -- sites -----------------------------------------------------------------------------------


def pattern_sites(
    path: str, body: bytes, language: str, rules: list[PatternRule], findings: Findings
) -> list[CallSite]:
    """A CallSite per match of each pattern rule for this language (first rule wins)."""
    usable = [r for r in rules if language in r.languages]
    if not usable or language not in GRAMMARS:
        return []
    root = parser(language).parse(body).root_node
    view = FileView(language, root, findings)
    sites: list[CallSite] = []
    taken: list[tuple[int, int]] = []
    for rule in usable:
        for node, binds in find_matches(root, rule.root(language)):
            if any(s < node.end_byte and node.start_byte < e for s, e in taken):
                continue
            if not _allowed(rule, node, binds, view):
                continue
            taken.append(span(node))
            sites.append(_site(path, body, language, rule, node, binds))
    return sites


def _allowed(rule: PatternRule, node: ts.Node, binds: Binds, view: FileView) -> bool:
    if rule.callee is not None:
        callee = node.child_by_field_name("function") or (node.named_children or [node])[0]
        if not satisfies([callee], rule.callee, view):
            return False
    return all(satisfies(binds.get(name, []), c, view) for name, c in rule.where.items())


def _site(path, body: bytes, language, rule: PatternRule, node, binds: Binds) -> CallSite:
    args = tuple(_arg(name, nodes, body) for name, nodes in binds.items())
    line, column = position(node)
    return CallSite(
        path=path, language=language, sdk=PATTERN_SDK, method="pattern", receiver="",
        args=args, span=span(node), statement_span=None, line=line, column=column,
        context=Context.EXPRESSION, text=text(node), env={"pattern_rule": rule.rule_id},
    )  # fmt: skip


def _arg(name: str, nodes: list[ts.Node], body: bytes) -> Arg:
    if not nodes:
        return Arg("", ArgKind.OTHER, name)
    start, end = nodes[0].start_byte, nodes[-1].end_byte
    value = string_value(nodes[0]) if len(nodes) == 1 else None
    kind = ArgKind.STRING if value is not None else ArgKind.OTHER
    return Arg(body[start:end].decode("utf-8"), kind, name, value, None, (start, end))


def take_over(findings: Findings, sites: list[CallSite]) -> None:
    """Pattern sites first; a Segment call inside one is the pattern rule's now."""
    spans = [s.span for s in sites]
    kept = [
        c for c in findings.calls if not any(s <= c.span[0] and c.span[1] <= e for s, e in spans)
    ]
    findings.calls[:] = sites + kept


def fix_template(fix: str) -> str:
    """`$NAME` -> `{{ NAME }}`; an empty `$$$REST` takes its comma with it; the rest raw."""
    out, pos = [], 0
    pieces = re.compile(r"(,\s*)?\$\$\$([A-Z_][A-Z0-9_]*)(\s*,)?|\$([A-Z_][A-Z0-9_]*)")
    for m in pieces.finditer(fix):
        out.append(_raw(fix[pos : m.start()]))
        lead, many, tail, one = m.group(1) or "", m.group(2), m.group(3) or "", m.group(4)
        if one:
            out.append(f"{{{{ {one} }}}}")
        elif lead:
            out.append(
                f"{{% if {many}.text %}}{_raw(lead)}{{{{ {many} }}}}{{% endif %}}{_raw(tail)}"
            )
        else:
            out.append(f"{{% if {many}.text %}}{{{{ {many} }}}}{_raw(tail)}{{% endif %}}")
        pos = m.end()
    out.append(_raw(fix[pos:]))
    return "".join(out)


def _raw(s: str) -> str:
    return "{% raw %}" + s + "{% endraw %}" if s else ""
