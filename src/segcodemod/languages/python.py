"""Python frontend (libcst): segment-analytics-python and the legacy analytics-python.

Receivers are resolved from imports, never from the name alone: `analytics` is a Segment
client only when it was imported from `segment` / the legacy `analytics` package, bound to
`Client(...)`, or imported from a project module that binds one.
"""

from __future__ import annotations

import ast
import os
import re
import sys
import warnings
from collections.abc import Sequence

import libcst as cst
from libcst.metadata import ByteSpanPositionProvider, MetadataWrapper, PositionProvider

from segcodemod.edits import line_end, whole_lines
from segcodemod.languages.base import ParseError
from segcodemod.languages.http_python import CONST_KEY, find_http_calls, index_constants
from segcodemod.languages.pyexpr import describe, dotted_name
from segcodemod.languages.python_locate import index_source, relevant_source
from segcodemod.model import (
    Arg,
    ArgKind,
    CallSite,
    Context,
    Diagnostic,
    FileFacts,
    Findings,
    ImportSite,
    ProjectIndex,
    Severity,
)  # fmt: skip

SEGMENT_METHODS = {
    "identify": "identify", "track": "track", "page": "page", "screen": "screen",
    "group": "group", "alias": "alias", "flush": "flush", "join": "shutdown",
    "shutdown": "shutdown",
}  # fmt: skip
MODULE_SETTINGS = {
    "write_key", "host", "on_error", "debug", "send", "sync_mode", "max_queue_size", "gzip",
    "timeout", "max_retries", "upload_size", "upload_interval", "proxies",
}  # fmt: skip
NEW, LEGACY = "python", "python-legacy"


def dotted_module(path: str) -> str:
    """The import name of a file: `backend/shop/tracking.py` -> `shop.tracking` when
    `backend/shop/` is a package (has __init__.py) and `backend/` is not."""
    directory, name = os.path.split(os.path.abspath(path))
    parts = [] if name == "__init__.py" else [name[: -len(".py")]]
    while os.path.exists(os.path.join(directory, "__init__.py")):
        directory, package = os.path.split(directory)
        parts.insert(0, package)
    return ".".join(parts)


def _parse(source: bytes) -> MetadataWrapper:
    try:
        return MetadataWrapper(cst.parse_module(source), unsafe_skip_copy=True)
    except cst.ParserSyntaxError as exc:
        raise ParseError(f"syntax error: {exc.message}", exc.raw_line) from exc
    except RecursionError as exc:
        raise ParseError("nested too deeply for the parser") from exc


class _Bindings:
    """Names bound to Segment things in one module."""

    def __init__(self) -> None:
        self.modules: dict[str, str] = {}  # name -> sdk, module-level API (`analytics`)
        self.clients: dict[str, str] = {}  # name -> sdk, Client instances (`client`, `self.c`)
        self.constructors: dict[str, str] = {}  # name -> sdk, `Client` class
        self.import_nodes: list[cst.CSTNode] = []  # statements importing only Segment names
        # per function: its parameters and the locals bound from them -> sdk, or None when the
        # name is not a Segment client (it shadows a module-level binding of the same name)
        self.scopes: dict[cst.CSTNode, dict[str, str | None]] = {}

    def sdk_of_module(self, dotted: str | None) -> str | None:
        return self.modules.get(dotted or "")

    def is_constructor(self, func: cst.BaseExpression) -> str | None:
        dotted = dotted_name(func) or ""
        if dotted in self.constructors:
            return self.constructors[dotted]
        base, _, attr = dotted.rpartition(".")
        return self.modules.get(base) if attr == "Client" else None

    def client_type(self, node: cst.BaseExpression) -> str | None:
        """`Client`, `segment.analytics.Client` or the string `"segment.analytics.Client"`
        used as a type (one part of an annotation, see _type_parts)."""
        if isinstance(node, cst.SimpleString):
            text = node.evaluated_value
            if not isinstance(text, str):
                return None
            if text.strip() == "segment.analytics.Client":
                return NEW  # fully qualified: no import needed to know it
            try:
                node = cst.parse_expression(text.strip())
            except cst.ParserSyntaxError:
                return None
        if isinstance(node, cst.Name | cst.Attribute):
            return self.is_constructor(node)
        return None


def _type_parts(annotation: cst.BaseExpression) -> list[cst.BaseExpression]:
    """The types an annotation names: `Optional[X]`, `Union[X, None]`, `X | None` -> X."""
    wrapper = dotted_name(annotation.value) if isinstance(annotation, cst.Subscript) else None
    if isinstance(annotation, cst.Subscript) and (wrapper or "").rpartition(".")[2] in (
        "Optional",
        "Union",
    ):
        return [
            part
            for element in annotation.slice
            if isinstance(element.slice, cst.Index)
            for part in _type_parts(element.slice.value)
        ]
    if isinstance(annotation, cst.BinaryOperation) and isinstance(annotation.operator, cst.BitOr):
        return _type_parts(annotation.left) + _type_parts(annotation.right)
    return [annotation]


def _params(node: cst.FunctionDef) -> list[cst.Param]:
    p = node.params
    stars = [x for x in (p.star_arg, p.star_kwarg) if isinstance(x, cst.Param)]
    return [*p.posonly_params, *p.params, *p.kwonly_params, *stars]


def _scope_lookup(b: _Bindings, stack: list, name: str) -> tuple[str | None, bool]:
    """(sdk, found) for a bare name in the enclosing functions, innermost first."""
    for function in reversed(stack):
        scope = b.scopes.get(function, {})
        if name in scope:
            return scope[name], True
    return None, False


class _ClientCollector(cst.CSTVisitor):
    """Client bindings of a module, collected before any call is looked at (so the order of
    definitions does not matter): `x = Client(...)`, parameters annotated with the Segment
    `Client` type, and names / attributes assigned from those (`self.segment = segment`)."""

    def __init__(self, b: _Bindings):
        self.b = b
        self.stack: list[cst.CSTNode] = []  # enclosing FunctionDef / ClassDef nodes

    def _functions(self) -> list[cst.CSTNode]:
        return [n for n in self.stack if isinstance(n, cst.FunctionDef)]

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        self.stack.append(node)

    def leave_ClassDef(self, original_node: cst.ClassDef) -> None:
        self.stack.pop()

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        scope = self.b.scopes.setdefault(node, {})
        for param in _params(node):
            if param.name.value not in scope:
                annotation = param.annotation.annotation if param.annotation else None
                scope[param.name.value] = self._annotated(annotation)
        self.stack.append(node)

    def leave_FunctionDef(self, original_node: cst.FunctionDef) -> None:
        self.stack.pop()

    def _annotated(self, annotation: cst.BaseExpression | None) -> str | None:
        if annotation is None:
            return None
        return next(filter(None, map(self.b.client_type, _type_parts(annotation))), None)

    def _value(self, value: cst.BaseExpression | None) -> str | None:
        if isinstance(value, cst.Call):
            return self.b.is_constructor(value.func)
        dotted = dotted_name(value) if value is not None else None
        if dotted is None:
            return None
        if isinstance(value, cst.Name):
            sdk, found = _scope_lookup(self.b, self._functions(), dotted)
            if found:
                return sdk
        return self.b.clients.get(dotted)

    def _bind(self, target: cst.BaseExpression, sdk: str, from_constructor: bool) -> None:
        dotted = dotted_name(target)
        if not dotted:
            return
        functions = self._functions()
        if isinstance(target, cst.Name) and functions and not from_constructor:
            self.b.scopes[functions[-1]][dotted] = sdk  # a local alias of a parameter
            return
        self.b.clients[dotted] = sdk
        # a class attribute (`cls.segment = Client()` in a class decorator / classmethod, or
        # `segment = Client()` in a class body) is what its instances' methods call
        in_class = bool(self.stack) and isinstance(self.stack[-1], cst.ClassDef)
        if dotted.startswith("cls.") and dotted.count(".") == 1:
            self.b.clients["self." + dotted[4:]] = sdk
        elif in_class and isinstance(target, cst.Name):
            self.b.clients["self." + dotted] = sdk

    def visit_Assign(self, node: cst.Assign) -> None:
        if len(node.targets) != 1:
            return
        sdk = self._value(node.value)
        if sdk:
            self._bind(node.targets[0].target, sdk, isinstance(node.value, cst.Call))

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        sdk = self._annotated(node.annotation.annotation) or self._value(node.value)
        if not sdk:
            return
        in_class = bool(self.stack) and isinstance(self.stack[-1], cst.ClassDef)
        if in_class and isinstance(node.target, cst.Name):  # `segment: Client` (dataclass field)
            self.b.clients[f"self.{node.target.value}"] = sdk
        else:
            self._bind(node.target, sdk, node.value is None or isinstance(node.value, cst.Call))


def _collect_imports(module: cst.Module, legacy_ok: bool, project_clients) -> _Bindings:
    """Top-level and nested imports of segment / analytics / project wrapper modules."""
    b = _Bindings()

    class Visitor(cst.CSTVisitor):
        def visit_Import(self, node: cst.Import) -> None:
            segment_only = True
            for alias in node.names:
                name = dotted_name(alias.name) or ""
                bound = alias.asname.name.value if alias.asname else None
                if name == "segment.analytics":
                    b.modules[bound or "segment.analytics"] = NEW
                elif name == "analytics" and legacy_ok:
                    b.modules[bound or "analytics"] = LEGACY
                else:
                    segment_only = False
            if segment_only:
                b.import_nodes.append(node)

        def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
            if node.module is None or isinstance(node.names, cst.ImportStar):
                return
            source = ("." * len(node.relative)) + (dotted_name(node.module) or "")
            found = 0
            for alias in node.names:
                name = alias.name.value
                bound = alias.asname.name.value if alias.asname else name
                sdk = self._resolve(source, name)
                if sdk is None:
                    continue
                kind, flavour = sdk
                {"module": b.modules, "client": b.clients, "class": b.constructors}[kind][bound] = (
                    flavour
                )
                # A project module's client keeps its name after the migration (its init is
                # rewritten in place), so importing it is never a removable Segment import.
                found += kind != "client"
            if found and found == len(node.names):
                b.import_nodes.append(node)

        def _resolve(self, source: str, name: str) -> tuple[str, str] | None:
            if source == "segment" and name == "analytics":
                return ("module", NEW)
            if source == "segment.analytics" and name == "Client":
                return ("class", NEW)
            if source == "analytics" and name == "Client" and legacy_ok:
                return ("class", LEGACY)
            sdk = project_clients(source, name)
            return ("client", sdk) if sdk else None

    module.visit(Visitor())
    return b


class PythonFrontend:
    name = "python"
    extensions = (".py",)
    comment_prefix = "#"
    helper_blank_lines = 2  # around module-level helper blocks (PEP 8)
    arg_line_indent = False  # the Python fixtures predate it

    # -- project index ---------------------------------------------------------------------

    def index(self, path: str, source: bytes, root: str) -> FileFacts:
        indexed = index_source(source)
        if indexed is None:  # no Segment import, no URL: nothing but the module name
            return FileFacts(path, {}, {"module": dotted_module(path)})
        wrapper = _parse(indexed)
        module = wrapper.module
        b = _collect_imports(module, _legacy_ok(root), lambda s, n: None)
        provides: dict[str, str] = {}
        exports: dict[str, str] = {}
        if any(b.sdk_of_module(dotted_name(t.value)) for t in _write_key_targets(module)):
            provides["python_client_home"] = dotted_module(path)  # wherever the key is set
        for stmt in module.body:
            if not isinstance(stmt, cst.SimpleStatementLine):
                continue
            for small in stmt.body:
                if not isinstance(small, cst.Assign) or len(small.targets) != 1:
                    continue
                target = small.targets[0].target
                if isinstance(target, cst.Name) and isinstance(small.value, cst.Call):
                    sdk = b.is_constructor(small.value.func)
                    if sdk:
                        exports[target.value] = sdk
        provides["module"] = dotted_module(path)
        provides.update(index_constants(module))  # URL constants, for Segment HTTP API calls
        return FileFacts(path, exports, provides)

    # -- finding calls -----------------------------------------------------------------------

    def find(self, path: str, source: bytes, project: ProjectIndex) -> Findings:
        source = relevant_source(source, project.tokens)  # same offsets, less for libcst
        wrapper = _parse(source)
        by_module = {f.provides.get("module"): f for f in project.files.values()}
        here = dotted_module(path)

        def project_clients(source_module: str, name: str) -> str | None:
            facts = by_module.get(_absolute(source_module, here, path))
            return facts.exports.get(name) if facts else None

        b = _collect_imports(wrapper.module, _legacy_ok(project.root), project_clients)
        homes = project.provided("python_client_home")
        env_base = {
            "home_module": homes[0][1] if homes else None,
            "is_home": any(home_path == path for home_path, _ in homes),
        }
        for _ in range(2):  # twice: `self.a = self.b` chains, whatever their order
            wrapper.module.visit(_ClientCollector(b))
        finder = _CallFinder(path, source, b, env_base)
        wrapper.visit(finder)
        findings = Findings(calls=finder.calls, notes=finder.notes)
        findings.calls += self._http_calls(path, source, wrapper, project, by_module, here)
        positions = wrapper.resolve(ByteSpanPositionProvider)
        lines = wrapper.resolve(PositionProvider)
        parents = wrapper.resolve(cst.metadata.ParentNodeProvider)
        used_elsewhere = _names_outside_calls(wrapper, positions, finder.calls)
        for node in b.import_nodes:
            stmt = finder.statement_of.get(node)
            if stmt is None:
                continue
            used = sorted(_bound_names(node) & used_elsewhere)
            if used:  # e.g. `def f(client: Client)`: removing the import would break the name
                findings.notes.append(Diagnostic(
                    path, lines[stmt].start.line, 1, Severity.NOTE, "import-kept",
                    f"Segment import kept: {', '.join(used)} is still used (e.g. as a type)",
                ))  # fmt: skip
                continue
            pos = positions[stmt]
            start, end = whole_lines(source, pos.start, pos.start + pos.length)
            text = source[start:end].decode()
            # the only statement of a block (`if TYPE_CHECKING:`) leaves `pass`, not an empty block
            block = parents.get(stmt)
            alone = isinstance(block, cst.IndentedBlock) and len(block.body) == 1
            keep = text[: len(text) - len(text.lstrip())] + "pass\n" if alone else ""
            findings.imports.append(ImportSite((start, end), text, lines[stmt].start.line, keep))
        findings.import_anchor = _import_anchor(wrapper.module, source, positions)
        return findings

    def _http_calls(self, path, source, wrapper, project, by_module, here) -> list[CallSite]:
        """Segment HTTP Tracking API calls (a separate pass: languages/http_python.py)."""

        def imported_constant(source_module: str, name: str) -> str | None:
            facts = by_module.get(_absolute(source_module, here, path))
            return facts.provides.get(CONST_KEY + name) if facts else None

        return find_http_calls(path, source, wrapper, imported_constant, project.segment_hosts)

    # -- verification and rendering helpers --------------------------------------------------

    def syntax_errors(self, source: bytes) -> int:
        if _compiles(source):  # CPython's own parser: ~30x faster than libcst
            return 0
        try:  # libcst may know syntax newer than the running interpreter
            cst.parse_module(source)
        except cst.ParserSyntaxError:
            return 1
        return 0

    def quote(self, value: str) -> str:
        return _quoted(value, '"')

    def interpolate(self, parts: Sequence[tuple[str, bool]]) -> str:
        """f"Viewed {name} Page"; `str.format` when an expression could not stand inside an
        f-string before Python 3.12 (both quote kinds, backslashes, `#`, braces, `:`, `!`)."""
        codes = [t for t, code in parts if code]
        text = [t if code else t.replace("{", "{{").replace("}", "}}") for t, code in parts]
        for quote in ('"', "'"):
            if not any(quote in c or _FSTRING_UNSAFE.search(c) for c in codes):
                body = "".join(
                    "{" + t + "}" if code else _escaped(piece, quote)
                    for (t, code), piece in zip(parts, text, strict=True)
                )
                return "f" + quote + body + quote
        template = "".join(
            "{}" if code else piece for (_, code), piece in zip(parts, text, strict=True)
        )
        return self.quote(template) + ".format(" + ", ".join(codes) + ")"

    def join_words(self, words: Sequence[tuple[str, bool]]) -> str:
        """Words joined by one space when the program runs, empty and None ones left out."""
        items = ", ".join(t if code else self.quote(t) for t, code in words)
        return f'" ".join(str(word) for word in ({items}) if word)'

    def merge_imports(self, lines: list[str]) -> list[str]:
        """`from m import a` + `from m import b` -> `from m import a, b` (names sorted)."""
        merged: dict[str, list[str]] = {}
        out: list[str] = []
        for line in lines:
            head, sep, names = line.partition(" import ")
            if line.startswith("from ") and sep and "(" not in names:
                if head not in merged:
                    merged[head] = []
                    out.append(head)
                merged[head].extend(n.strip() for n in names.split(",") if n.strip())
            else:
                out.append(line)
        lines = [
            f"{item} import {', '.join(sorted(set(merged[item])))}" if item in merged else item
            for item in out
        ]
        return sorted(lines, key=_isort_key)


# packages the rules import (targets, HTTP clients): third-party; other non-stdlib modules
# are the project's own (its client home, the generated helper module)
_THIRD_PARTY = {"amplitude", "mparticle", "requests", "httpx", "aiohttp", "urllib3"}


def _isort_key(line: str) -> tuple[int, int, str]:
    """isort's order: standard library, third-party, the project's own; `import x` before
    `from x import y` within a section, then by module name."""
    words = line.split()
    module = words[1] if len(words) > 1 else ""
    top = module.lstrip(".").split(".")[0]
    if module.startswith("."):
        section = 3
    elif top == "__future__":
        section = 0
    elif top in sys.stdlib_module_names:
        section = 1
    elif top in _THIRD_PARTY:
        section = 2
    else:
        section = 3
    return (section, words[0] == "from", module)


_FSTRING_UNSAFE = re.compile(r"[\\\n#{}!:]")


def _escaped(value: str, quote: str) -> str:
    return value.replace("\\", "\\\\").replace(quote, "\\" + quote).replace("\n", "\\n")


def _quoted(value: str, quote: str) -> str:
    return quote + _escaped(value, quote) + quote


def _write_key_targets(module: cst.Module) -> list[cst.Attribute]:
    """`x.write_key` targets of assignments anywhere in the module (blocks, functions)."""
    found: list[cst.Attribute] = []

    class Visitor(cst.CSTVisitor):
        def visit_Assign(self, node: cst.Assign) -> None:
            for target in node.targets:
                if (
                    isinstance(target.target, cst.Attribute)
                    and target.target.attr.value == "write_key"
                ):
                    found.append(target.target)

    module.visit(Visitor())
    return found


def _compiles(source: bytes) -> bool:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # invalid escapes and the like are not errors
            ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    return True


def _bound_names(node: cst.Import | cst.ImportFrom) -> set[str]:
    """The names an import statement binds (`import a.b` binds `a`)."""
    names = set()
    for alias in node.names if isinstance(node.names, Sequence) else ():
        if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
            names.add(alias.asname.name.value)
        else:
            names.add((dotted_name(alias.name) or "").partition(".")[0])
    return names


def _names_outside_calls(wrapper: MetadataWrapper, positions, calls: list[CallSite]) -> set[str]:
    """Names referenced outside imports and outside the Segment calls found (annotations,
    isinstance checks, ...): an import binding one of them must stay."""
    parents = wrapper.resolve(cst.metadata.ParentNodeProvider)
    spans = [c.span for c in calls]
    used = set()
    for node, pos in positions.items():
        if not isinstance(node, cst.Name):
            continue
        parent = parents.get(node)
        if isinstance(parent, cst.Attribute) and parent.attr is node:
            continue  # `x.Client`: an attribute, not the imported name
        if isinstance(parent, cst.ImportAlias | cst.AsName | cst.Attribute | cst.ImportFrom):
            ancestor = parent
            while ancestor is not None and not isinstance(ancestor, cst.Import | cst.ImportFrom):
                ancestor = parents.get(ancestor)
            if ancestor is not None:
                continue
        if any(start <= pos.start < end for start, end in spans):
            continue
        used.add(node.value)
    return used


def _legacy_ok(root: str) -> bool:
    """`import analytics` is the legacy Segment package unless the project has its own."""
    return not (
        os.path.exists(os.path.join(root, "analytics.py"))
        or os.path.isdir(os.path.join(root, "analytics"))
    )


def _absolute(source: str, here: str, path: str) -> str:
    """Resolve a relative `from .x import y` against the importing module."""
    dots = len(source) - len(source.lstrip("."))
    if not dots:
        return source
    package = here.split(".")
    if not path.endswith("__init__.py"):
        package = package[:-1]
    package = package[: len(package) - (dots - 1)] if dots > 1 else package
    rest = source[dots:]
    return ".".join([*package, rest] if rest else package)


def _import_anchor(module: cst.Module, source: bytes, positions) -> int:
    """Just after the last top-level import (or the docstring / __future__ imports)."""
    anchor = 0
    for i, stmt in enumerate(module.body):
        small = getattr(stmt, "body", None)
        is_import = isinstance(small, Sequence) and any(
            isinstance(s, cst.Import | cst.ImportFrom) for s in small
        )
        is_doc = (
            i == 0
            and isinstance(small, Sequence)
            and isinstance(small[0], cst.Expr)
            and (isinstance(small[0].value, cst.SimpleString | cst.ConcatenatedString))
        )
        if is_import or is_doc:
            pos = positions[stmt]
            anchor = line_end(source, pos.start + pos.length)
        elif anchor or not isinstance(stmt, cst.SimpleStatementLine):
            break
    return anchor


class _CallFinder(cst.CSTVisitor):
    METADATA_DEPENDENCIES = (
        ByteSpanPositionProvider,
        PositionProvider,
        cst.metadata.ParentNodeProvider,
    )

    def __init__(self, path: str, source: bytes, bindings: _Bindings, env: dict):
        self.path, self.source, self.b, self.env = path, source, bindings, env
        self.calls: list[CallSite] = []
        self.notes: list[Diagnostic] = []
        self.statement_of: dict[cst.CSTNode, cst.CSTNode] = {}
        self.lines: list[cst.CSTNode | None] = []  # per call: its statement line, if it has one
        self.functions: list[cst.FunctionDef] = []  # enclosing functions (parameter scopes)

    # Remember the statement line of every import, for removing it whole.
    def visit_SimpleStatementLine(self, node: cst.SimpleStatementLine) -> None:
        for small in node.body:
            self.statement_of[small] = node

    def visit_Assign(self, node: cst.Assign) -> None:
        if len(node.targets) != 1:
            return
        target = node.targets[0].target  # client bindings: _ClientCollector, before this pass
        if isinstance(target, cst.Attribute):
            sdk = self.b.sdk_of_module(dotted_name(target.value))
            if sdk and target.attr.value in MODULE_SETTINGS:
                method = "init" if target.attr.value == "write_key" else "other"
                args = (self._arg(node.value),)
                self._add(node, node, method, dotted_name(target.value) or "", sdk, args,
                          {"setting": target.attr.value})  # fmt: skip
                return

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self.functions.append(node)

    def leave_FunctionDef(self, original_node: cst.FunctionDef) -> None:
        self.functions.pop()

    def visit_Annotation(self, node: cst.Annotation) -> None:
        """The Segment `Client` type in an annotation is a site too (method `other`, env.kind
        `type`): rules turn it into the target's type, so the parameter it annotates is not
        taken for a Segment client again on a second run."""
        for part in _type_parts(node.annotation):
            sdk = self.b.client_type(part)
            if sdk:
                env = {"kind": "type", "name": "Client", "module_api": False,
                       "quoted": isinstance(part, cst.SimpleString)}  # fmt: skip
                self._add(part, part, "other", dotted_name(part) or "Client", sdk, (), env)

    def visit_Call(self, node: cst.Call) -> None:
        func = node.func
        sdk = self.b.is_constructor(func)
        if sdk:
            self._add_init(node, sdk)
            return
        if not isinstance(func, cst.Attribute):
            return
        receiver = dotted_name(func.value)
        if receiver is None:
            return
        name = func.attr.value
        sdk, local = _scope_lookup(self.b, self.functions, receiver)
        if local and sdk is None:  # a parameter (or its alias) not annotated as a Segment Client
            self._maybe_missed(node, receiver, name)
            return
        if not local:
            sdk = self.b.modules.get(receiver) or self.b.clients.get(receiver)
        if sdk is None:
            return
        method = SEGMENT_METHODS.get(name, "other")
        env = {"name": name, "module_api": not local and receiver in self.b.modules}
        self._add(node, node, method, receiver, sdk, tuple(self._arg_of(a) for a in node.args), env)

    def _maybe_missed(self, node: cst.Call, receiver: str, name: str) -> None:
        """`def handler(segment): segment.track(...)`: looks like Segment, but nothing says the
        parameter is a Segment client; never guessed, only reported."""
        if name not in SEGMENT_METHODS or not any(
            word in receiver.lower() for word in ("segment", "analytics")
        ):
            return
        line = self.get_metadata(PositionProvider, node).start
        self.notes.append(
            Diagnostic(self.path, line.line, line.column + 1, Severity.NOTE, "unresolved-receiver",
                       f"`{receiver}.{name}(...)` looks like a Segment call, but its receiver is "
                       "not known to be a Segment client (annotate it with segment.analytics."
                       "Client); not rewritten")
        )  # fmt: skip

    def _add_init(self, node: cst.Call, sdk: str) -> None:
        args = tuple(self._arg_of(a) for a in node.args)
        self._add(
            node, node, "init", dotted_name(node.func) or "", sdk, args, {"module_api": False}
        )

    def _add(self, node, call_node, method, receiver, sdk, args, env) -> None:
        pos = self.get_metadata(ByteSpanPositionProvider, node)
        line = self.get_metadata(PositionProvider, node).start
        span = (pos.start, pos.start + pos.length)
        context, stmt_span, binding = self._context(node)
        parent = cst.metadata.ParentNodeProvider
        small = node if isinstance(node, cst.Assign) else self.get_metadata(parent, node)
        self.lines.append(self.get_metadata(parent, small) if stmt_span else None)
        self.calls.append(
            CallSite(
                path=self.path, language="python", sdk=sdk, method=method, receiver=receiver,
                args=args, span=span, statement_span=stmt_span, line=line.line,
                column=line.column + 1, context=context, binding=binding,
                text=self.source[span[0] : span[1]].decode("utf-8"),
                env={**self.env, **env, **self._scope()},
            )
        )  # fmt: skip

    def leave_Module(self, original_node: cst.Module) -> None:
        self._mark_blocks()

    def _scope(self) -> dict:
        """env.in_function, env.parameters (of the enclosing functions): a client created with a
        key passed in (one per call or tenant) keeps that key."""
        names = [
            p.name.value
            for f in self.functions
            for p in (*f.params.posonly_params, *f.params.params, *f.params.kwonly_params)
        ]
        return {"in_function": bool(self.functions), "parameters": names}

    def _mark_blocks(self) -> None:
        """env.first_in_block / env.only_segment_block: a rule deleting a statement can leave
        `pass` where its block would be left empty (`def stop(): analytics.flush()`)."""
        parent = cst.metadata.ParentNodeProvider
        segment = {id(line) for line in self.lines if line is not None}
        for call, line in zip(self.calls, self.lines, strict=True):
            block = self.get_metadata(parent, line) if line is not None else None
            body = block.body if isinstance(block, cst.IndentedBlock) else ()
            call.env["first_in_block"] = bool(body) and body[0] is line
            call.env["only_segment_block"] = bool(body) and all(id(s) in segment for s in body)

    def _context(self, node: cst.CSTNode):
        parent = self.get_metadata(cst.metadata.ParentNodeProvider, node)
        if isinstance(node, cst.Assign):  # a module setting: the assignment is the statement
            return self._statement(node, Context.STATEMENT, None)
        if isinstance(parent, cst.Expr):
            return self._statement(parent, Context.STATEMENT, None)
        if isinstance(parent, cst.Assign) and len(parent.targets) == 1:
            binding = dotted_name(parent.targets[0].target)
            if binding:
                return self._statement(parent, Context.DECLARATION, binding)
        return Context.EXPRESSION, None, None

    def _statement(self, small: cst.CSTNode, context: Context, binding: str | None):
        line = self.get_metadata(cst.metadata.ParentNodeProvider, small)
        if not isinstance(line, cst.SimpleStatementLine) or len(line.body) != 1:
            return Context.EXPRESSION, None, None  # `a(); b()` on one line: keep it simple
        pos = self.get_metadata(ByteSpanPositionProvider, small)
        return context, (pos.start, pos.start + pos.length), binding

    # -- arguments ---------------------------------------------------------------------------

    def _arg_of(self, arg: cst.Arg) -> Arg:
        if arg.star:
            base = self._arg(arg.value)
            return Arg(base.text, ArgKind.OTHER, arg.star, None, None, base.span)
        base = self._arg(arg.value)
        if arg.keyword is None:
            return base
        return Arg(base.text, base.kind, arg.keyword.value, base.value, base.items, base.span)

    def _arg(self, node: cst.BaseExpression) -> Arg:
        return describe(node, self._span_of, self.source)

    def _span_of(self, node: cst.CSTNode) -> tuple[int, int]:
        pos = self.get_metadata(ByteSpanPositionProvider, node)
        return pos.start, pos.start + pos.length


__all__ = ["PythonFrontend", "Severity"]
