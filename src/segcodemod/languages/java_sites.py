"""Java frontend, part two: walks one parsed file and describes every Segment site.

See `languages/java.py` for the site kinds and contexts.
"""

from __future__ import annotations

import tree_sitter as ts

from segcodemod.edits import line_end, line_start
from segcodemod.languages import java_values as jv
from segcodemod.languages.segment_android import legacy_screen_labels
from segcodemod.languages.treesitter import ancestors, named_children, position, span, text, walk
from segcodemod.model import Arg, ArgKind, CallSite, Context, Diagnostic, Item, Severity

STATEMENT_PARENTS = ("block", "constructor_body", "switch_block_statement_group")
FILE_CLIENT = "segment"
METHOD_BODIES = ("method_declaration", "constructor_declaration", "lambda_expression")


class JavaFinder:
    def __init__(self, scan, path: str, env: dict, methods: dict[str, set[str]], map_methods):
        self.scan, self.path, self.env = scan, path, env
        self.methods, self.map_methods = methods, map_methods
        self.calls: list[CallSite] = []
        self.notes: list[Diagnostic] = []
        self.claimed: set[tuple[int, int]] = set()  # nodes described as part of another site

    def run(self) -> None:
        kinds = {"method_invocation", "local_variable_declaration", "field_declaration"}
        for node in walk(self.scan.root, kinds):
            if span(node) in self.claimed or self._inside_site(node):
                continue
            if node.type == "method_invocation":
                self._invocation(node)
            else:
                self._container_declaration(node)
        for node in walk(self.scan.root, {"type_identifier", "scoped_type_identifier"}):
            self._type_site(node)

    def _inside_site(self, node: ts.Node) -> bool:
        """Within a site's call, or within a local declaration a site rewrites as a whole (an
        init or a container declaration: their rules write the declared type too)."""
        for site in self.calls:
            start, end = site.span
            whole = site.method == "init" or site.env.get("kind") == "container"
            if whole and site.context is Context.DECLARATION and site.env.get("declare") == "local":
                start, end = site.statement_span
            if start <= node.start_byte and node.end_byte <= end:
                return True
        return False

    # -- kinds of sites ----------------------------------------------------------------------------

    def _invocation(self, node: ts.Node) -> None:
        scan = self.scan
        call = jv.invocation(node)
        init = scan.init_of(node)
        if init is not None:
            self._init(node, init, singleton=False)
            return
        if scan.segment_class(call.object):
            self._static(node, call)
            return
        message = scan.values.message(node)
        if message is not None:
            self._add(node, "other", text(node), (), {"name": message[1], "kind": "message"})
            return
        if call.object is None:
            return
        found = scan.receiver_sdk(call.object)
        if found is not None:
            self._client_call(node, call, *found)
            return
        if call.object.type == "identifier":
            decl = scan.declaration(text(call.object), call.object)
            role = scan.decl_role(decl)
            if role is not None and call.name not in self.map_methods:
                self._put(node, call, role)

    def _static(self, node: ts.Node, call: jv.Invocation) -> None:
        """`Analytics.with(ctx)` as a value, `Analytics.setSingletonInstance(a)`."""
        if call.name == "with":
            parent = node.parent
            if parent is not None and parent.child_by_field_name("object") == node:
                return  # described with the call it receives
            env = {"name": "with", "kind": "client", "module_api": True}
            self._add(node, "other", text(node), self._args(call.args), env)
        elif call.name == "setSingletonInstance" and len(call.args) == 1:
            inner = self.scan.init_of(call.args[0])
            if inner is not None:
                self._init(node, inner, singleton=True)
                return
            env = {"name": call.name, "kind": "call", "singleton": True}
            self._add(node, "init", "Analytics", self._args(call.args, ["instance"]), env)
        elif call.name != "builder":  # a bare `Analytics.builder(k)` is reported by its build
            env = {"name": call.name, "kind": "call"}
            self._add(node, "other", "Analytics", self._args(call.args), env)

    def _init(self, node: ts.Node, init, singleton: bool) -> None:
        kind, required, steps = init
        names = ["context", "write_key"] if kind == "Builder" else ["write_key"]
        args = list(self._args(required, names))
        items = []
        for step in steps:
            self.claimed.add(span(step.node))
            if not step.args:
                value = Arg("true", ArgKind.BOOL, None, None, None, span(step.node))
            elif len(step.args) == 1:
                value = self.scan.values.arg(step.args[0])
            else:
                whole = step.node.child_by_field_name("arguments")
                value = Arg(text(whole)[1:-1], ArgKind.OTHER, None, None, None, span(whole))
            items.append(Item(step.name, step.name, value))
        if steps:
            start, end = steps[0].node.child_by_field_name("name").start_byte, node.end_byte
            options = self.scan.source[start:end].decode()
            args.append(Arg(options, ArgKind.OBJECT, "options", None, tuple(items), (start, end)))
        env = {"name": kind, "kind": "call", "singleton": singleton}
        self._add(node, "init", "Analytics", tuple(args), env)

    def _client_call(self, node: ts.Node, call: jv.Invocation, sdk: str, module_api: bool) -> None:
        env = {"name": call.name, "kind": "call", "module_api": module_api}
        receiver = text(call.object)
        if sdk == "java" and call.name == "enqueue" and len(call.args) == 1:
            message = self.scan.values.message(call.args[0])
            if message is None:
                env["kind"] = "message-variable"
                self._add(node, "other", receiver, self._args(call.args), env, sdk)
                return
            self._add(
                node, message[0], receiver, tuple(message[2]), env | {"message": message[1]}, sdk
            )
            return
        method = call.name if call.name in self.methods[sdk] else "other"
        args = self._args(call.args)
        if sdk == "android-legacy":
            args = self._overloads(method, args, call.args)
        self._add(node, method, receiver, args, env, sdk)

    def _put(self, node: ts.Node, call: jv.Invocation, role: str) -> None:
        """`props.putValue(k, v)` / `traits.putEmail(e)` on a migrated container variable."""
        entry = self.scan.values.putter(role, call.name, call.args)
        env = {"name": call.name, "kind": "put", "container": role}
        if entry is None:
            self._add(node, "other", text(call.object), self._args(call.args), env)
            return
        key = Arg(entry.key_text, ArgKind.STRING if entry.key else ArgKind.OTHER, "key", entry.key)
        self._add(node, "other", text(call.object), (key, _named(entry.value, "value")), env)

    def _container_declaration(self, node: ts.Node) -> None:
        """`Properties props = new Properties().putValue(...);` (one declarator)."""
        type_node = node.child_by_field_name("type")
        role = next(
            (r for r in ("properties", "traits") if self.scan.values.segment_name(type_node, r)),
            None,
        )
        declarators = node.children_by_field_name("declarator")
        if role is None or len(declarators) != 1:
            return
        value = declarators[0].child_by_field_name("value")
        args = (self.scan.values.arg(value, "value"),) if value is not None else ()
        name = text(declarators[0].child_by_field_name("name"))
        declare = "local" if node.type == "local_variable_declaration" else "field"
        modifiers = next((c for c in node.named_children if c.type == "modifiers"), None)
        env = {"name": text(type_node), "kind": "container", "container": role,
               "declare": declare, "modifiers": text(modifiers)}  # fmt: skip
        line, column = position(node)
        self.calls.append(self._site(node, "other", "", args, env, None,
                                     (Context.DECLARATION, span(node), name)))  # fmt: skip

    def _type_site(self, node: ts.Node) -> None:
        parent = node.parent
        if (
            node.type == "type_identifier"
            and parent is not None
            and parent.type == "scoped_type_identifier"
        ):
            return  # `Analytics.Builder`: described as a whole
        first = named_children(node)[0] if node.type == "scoped_type_identifier" else node
        role = self.scan.role(text(first))
        if role is None or not self.scan.values.segment_name(first, role):
            return
        if self._inside_site(node) or any(a.type == "import_declaration" for a in ancestors(node)):
            return
        self._add(node, "other", "", (), {"kind": "type", "name": text(node), "role": role})

    # -- arguments -------------------------------------------------------------------------------

    def _args(self, nodes: list[ts.Node], names: list[str] | None = None) -> tuple[Arg, ...]:
        names = names or []
        return tuple(
            self.scan.values.arg(n, names[i] if i < len(names) else None)
            for i, n in enumerate(nodes)
        )

    def _overloads(self, method: str, args: tuple[Arg, ...], nodes: list[ts.Node]):
        """Name the arguments of analytics-android overloads that differ only by type."""
        if method == "identify" and len(args) == 1 and self._kind(args[0], nodes[0]) == "object":
            return (_named(args[0], "traits"),)
        if method == "screen" and args:
            second = self._kind(args[1], nodes[1]) == "string" if len(args) == 2 else None
            labels = legacy_screen_labels(len(args), second)
            if labels is not None:
                return tuple(_named(a, label) for a, label in zip(args, labels, strict=True))
        return args

    def _kind(self, arg: Arg, node: ts.Node) -> str | None:
        if arg.kind in (ArgKind.STRING, ArgKind.TEMPLATE):
            return "string"
        if arg.kind is ArgKind.OBJECT:
            return "object"
        if node.type == "identifier":
            decl = self.scan.declaration(text(node), node)
            if self.scan.decl_role(decl) is not None:
                return "object"
            if decl is not None and decl.type is not None and text(decl.type) == "String":
                return "string"
        if node.type == "binary_expression" and any(c.type == "+" for c in node.children):
            return "string" if '"' in text(node) else None
        return None

    # -- sites -----------------------------------------------------------------------------------

    def _add(self, node, method, receiver, args, env, sdk=None) -> None:
        line, column = position(node)
        if node.has_error or any(a.is_error for a in ancestors(node)):
            message = "the Java grammar could not parse this Segment call; left as it was"
            self.notes.append(
                Diagnostic(self.path, line, column, Severity.UNSUPPORTED, "parse-error", message)
            )
            return
        self.calls.append(self._site(node, method, receiver, args, env, sdk, self._context(node)))

    def _site(self, node, method, receiver, args, env, sdk, context) -> CallSite:
        line, column = position(node)
        where, statement, binding = context
        # one client per file: a Java file migrated in part would not compile (a variable of
        # the target's type handed to a Segment call, a Map where Properties is expected)
        env = {"module_api": False, "singleton": False, "declare": None, "decl_type": None,
               "client": FILE_CLIENT, "reassigned": self._reassigned(args), **self.env,
               **env}  # fmt: skip
        if where is Context.DECLARATION and env["declare"] is None:
            env["declare"], env["decl_type"] = self._declared(node)
        return CallSite(
            path=self.path, language="java", sdk=sdk or self.scan.flavour, method=method,
            receiver=receiver, args=tuple(args), span=span(node), statement_span=statement,
            line=line, column=column, context=where, binding=binding, text=text(node), env=env,
        )  # fmt: skip

    def _reassigned(self, args) -> list[str]:
        """Locals and parameters used in the entries of a container argument that are assigned
        again somewhere: rules write containers as anonymous classes (`new HashMap<...>() {{
        put(k, v); }}`) or lambdas, which may only capture effectively final variables."""
        names: set[str] = set()
        for arg in args:
            for item in arg.items or ():
                start, end = item.value.span
                if start == end:
                    continue
                value = self.scan.root.descendant_for_byte_range(start, end)
                for ident in walk(value, {"identifier"}) if value is not None else ():
                    decl = self.scan.declaration(text(ident), ident)
                    local = decl is not None and decl.kind in ("local", "param")
                    if local and self._assigned(text(ident), ident):
                        names.add(text(ident))
        return sorted(names)

    def _assigned(self, name: str, at: ts.Node) -> bool:
        body = next((a for a in ancestors(at) if a.type in METHOD_BODIES), None)
        for node in walk(body, {"assignment_expression", "update_expression"}) if body else ():
            target = (
                node.child_by_field_name("left")
                if node.type != "update_expression"
                else (named_children(node)[0] if named_children(node) else None)
            )
            if target is not None and target.type == "identifier" and text(target) == name:
                return True
        return False

    def _context(self, node: ts.Node):
        parent = node.parent
        if parent is None:
            return Context.EXPRESSION, None, None
        if parent.type == "expression_statement" and self._statement(parent):
            return Context.STATEMENT, span(parent), None
        if parent.type == "variable_declarator" and parent.child_by_field_name("value") == node:
            decl = parent.parent
            if (
                decl is not None
                and decl.type == "local_variable_declaration"
                and len(decl.children_by_field_name("declarator")) == 1
                and self._statement(decl)
            ):
                return Context.DECLARATION, span(decl), text(parent.child_by_field_name("name"))
        if parent.type == "assignment_expression" and parent.child_by_field_name("right") == node:
            holder = parent.parent
            operator = text(parent.child_by_field_name("operator"))
            if (
                holder.type == "expression_statement"
                and operator == "="
                and self._statement(holder)
            ):
                return Context.DECLARATION, span(holder), text(parent.child_by_field_name("left"))
        return Context.EXPRESSION, None, None

    def _declared(self, node: ts.Node) -> tuple[str, str | None]:
        parent = node.parent
        if parent is not None and parent.type == "variable_declarator":
            return "local", text(parent.parent.child_by_field_name("type"))
        return "assign", None

    def _statement(self, node: ts.Node) -> bool:
        """A statement directly in a block with no other code on its lines."""
        if node.parent is None or node.parent.type not in STATEMENT_PARENTS:
            return False
        source = self.scan.source
        before = source[line_start(source, node.start_byte) : node.start_byte]
        after = source[node.end_byte : line_end(source, node.end_byte)].strip()
        return not before.strip() and (not after or after.startswith(b"//"))


def _named(arg: Arg, name: str) -> Arg:
    return Arg(arg.text, arg.kind, name, arg.value, arg.items, arg.span)
