"""TypeScript / TSX / JavaScript frontend for the Segment JS SDKs (tree-sitter).

One implementation for three grammars; the subclasses only pick the grammar, name and
extensions. The pipeline of a file: `FileAnalysis` (imports, scopes, evidence) ->
`receivers.find_calls` (which calls are Segment's) -> one `CallSite` per call (arguments:
`args.py`, placement: `statements.py`), Segment imports to remove, HTTP API calls (`http.py`).
The frontend states facts only; what a target makes of them (e.g. Amplitude Node's one module
client) lives with the target (`segcodemod.targets`).

Browser calls in a classic script (a `.js` file without import/export/require) get
env.classic_script: rules call the target snippet's global instead of adding an import.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

import tree_sitter as ts
import tree_sitter_javascript
import tree_sitter_typescript

from segcodemod.httpcalls import CONST_KEY
from segcodemod.languages import react_native as rn
from segcodemod.languages.base import ParseError
from segcodemod.languages.js import node_clients, statements
from segcodemod.languages.js.analysis import FileAnalysis
from segcodemod.languages.js.args import KIND_BY_TYPE, describe_args
from segcodemod.languages.js.bindings import Call
from segcodemod.languages.js.client_ids import export_links, import_clients, project_client
from segcodemod.languages.js.exports import REEXPORTS, exported_clients, has_browser_init, reexports
from segcodemod.languages.js.http import find_http_calls, index_constants
from segcodemod.languages.js.modules import module_clients, resolve_module
from segcodemod.languages.js.receivers import client_key, find_calls, receiver_origin
from segcodemod.languages.js.segment import BROWSER, SNIPPET_NAME
from segcodemod.languages.js.syntax import (
    is_called,
    is_nested,
    is_optional,
    root_identifier,
    unwrap,
)
from segcodemod.languages.treesitter import TreeSitterFrontend, position, span, text, walk
from segcodemod.model import (
    CallSite,
    ClientId,
    Diagnostic,
    FileFacts,
    Findings,
    ImportSite,
    ProjectIndex,
    Severity,
)


class TypeScriptFrontend(TreeSitterFrontend):
    name = "typescript"
    extensions = (".ts", ".mts", ".cts")
    comment_prefix = "//"
    kind_by_type = KIND_BY_TYPE

    def grammar(self) -> object:
        return tree_sitter_typescript.language_typescript()

    # -- project index ---------------------------------------------------------------------

    def index(self, path: str, source: bytes, root: str) -> FileFacts:
        a = FileAnalysis(self, path, source)
        provides: dict[str, str] = {}
        if a.strong_evidence or a.has_snippet_load:
            provides["segment_snippet"] = "1"
        if a.counter_evidence:
            provides["window_analytics_other"] = "1"
        calls = find_calls(a, snippet_ok=False, bare_ok=False)
        if has_browser_init(calls) or a.has_snippet_load:
            provides["browser_init"] = "1"
        provides.update(node_clients.index_facts(a, calls))
        provides.update(index_constants(a))  # URL constants, for Segment HTTP API calls
        if forwarded := reexports(a):
            provides[REEXPORTS] = json.dumps(forwarded)
        return FileFacts(path, exported_clients(a), provides)

    # -- finding calls -----------------------------------------------------------------------

    def find(self, path: str, source: bytes, project: ProjectIndex) -> Findings:
        def resolve_wrapper(spec: str) -> dict[str, str]:
            target = resolve_module(path, spec, project)
            return module_clients(target, project) if target else {}

        a = FileAnalysis(self, path, source, resolve_wrapper)
        snippet_ok = not (a.counter_evidence or project.provided("window_analytics_other"))
        bare_ok = a.evidence or a.has_snippet_load or bool(project.provided("segment_snippet"))
        found = find_calls(a, snippet_ok, bare_ok)
        _refuse_broken_calls(a.root, found)
        receiver_ids = _receiver_ids(found) | {
            n.id for c in found for n in rn.extra_references(c.node)
        }  # fmt: skip
        a.count_references(receiver_ids, set(a.members))

        findings = Findings()
        env_file = statements.file_env(a, source, self.name)
        classic = statements.classic_script(a, source, self.name)
        # generic facts for rules that add a module-level name (e.g. `mParticle`, `amplitude`):
        # the Segment families found in the file, and the file's top-level names -> the module
        # they are imported / required from ("" when declared in the file)
        env_file["file_sdks"] = sorted({c.sdk for c in found})
        env_file["top_level_names"] = {
            name: a.sources.get(name, "") for (scope, name) in a.decls if scope == a.root.id
        }
        self._import_sites(a, source, findings, project)
        for c in found:
            site = self._call_site(a, c, source, env_file, project_client(a, c, project))
            site.env["classic_script"] = classic and c.sdk == BROWSER
            findings.calls.append(site)
        findings.calls += self._unfollowed_uses(a, source, env_file, project)
        node_clients.describe(a, found, findings.calls, path, project)
        rn.finish_sites(
            found, findings.calls,
            lambda name: (d := a.lookup(text(name), name)) is not None and d.other_refs > 0, source,
        )  # fmt: skip
        findings.links += export_links(a, self.name)
        findings.calls += self._http_calls(a, path, source, project, env_file)
        findings.import_anchor = statements.import_anchor(a, source)
        findings.notes += _snippet_notes(a, found, project)
        return findings

    def _import_sites(self, a: FileAnalysis, source: bytes, findings: Findings, project) -> None:
        """Segment imports to remove; one whose names are still used stays, with a note."""
        for imp in a.imports:
            if not imp.segment_only:
                continue
            used = [n for n, node in imp.names if (d := a.lookup(n, node)) and d.other_refs]
            if used:
                line, _ = position(imp.node)
                findings.notes.append(Diagnostic(
                    a.path, line, 1, Severity.NOTE, "import-kept",
                    f"Segment import kept: {', '.join(used)} is still used (e.g. as a type)",
                ))  # fmt: skip
                continue
            start, end = statements.statement_lines(source, imp.node)
            replacement = ""
            if imp.wrapper:  # the module's init must still run: keep a side-effect import
                semi = ";" if text(imp.node).rstrip().endswith(";") else ""
                head = "import " if imp.style == "esm" else "require("
                tail = "" if imp.style == "esm" else ")"
                replacement = f"{head}{imp.spec}{tail}{semi}" + (
                    "\n" if end > imp.node.end_byte else ""
                )
            # names a rewrite may still use: a project module's client; React Native code kept
            keeps = imp.wrapper or imp.spec[1:-1] == rn.PACKAGE
            findings.imports.append(ImportSite(
                (start, end), source[start:end].decode("utf-8"), position(imp.node)[0], replacement,
                tuple(n for n, _ in imp.names) if keeps else (),
                import_clients(a, imp, project) if imp.wrapper else (),
            ))  # fmt: skip

    def _http_calls(self, a: FileAnalysis, path, source, project, env_file) -> list[CallSite]:
        """Segment HTTP Tracking API calls (a separate pass: languages/js/http.py)."""

        def imported_constant(spec: str, name: str) -> str | None:
            target = resolve_module(path, spec, project)
            facts = project.files.get(target) if target else None
            return facts.provides.get(CONST_KEY + name) if facts else None

        return find_http_calls(
            a, source, imported_constant, project.segment_hosts, env_file, self.name
        )

    def _unfollowed_uses(self, a: FileAnalysis, source: bytes, env_file: dict, project):
        """A client's method or property used as a value (`analytics.track.bind(analytics)`,
        `const t = client.track`, `client.queue`): the rewrite cannot follow what happens to
        it, so the site is left and its whole client stays (CallSite.unfollowed)."""
        out = []
        for node in a.ref_nodes:
            if node.type != "member_expression" or is_called(node):
                continue
            obj = unwrap(node.child_by_field_name("object"))
            named = obj.type in ("identifier", "member_expression")
            origin = receiver_origin(a, obj) if named else None
            if origin is None or origin.kind != "client":
                continue
            prop = text(node.child_by_field_name("property"))
            c = Call(node, origin.sdk, "other", prop, obj, origin)
            where = statements.placement(node, False)
            line, col = position(node)
            env = dict(env_file, name=prop, client=client_key(a, obj))
            env["comment_style"] = statements.comment_style(a, source, span(node))
            out.append(CallSite(
                path=a.path, language=self.name, sdk=origin.sdk, method="other",
                receiver=text(obj), args=(), span=span(node), statement_span=None, line=line,
                column=col, context=where.context, text=text(node), env=env,
                client=project_client(a, c, project),
                unfollowed=f"the Segment client's `{prop}` is used as a value ({text(node)}), "
                "not called: its flow cannot be followed, so the client is migrated by hand",
            ))  # fmt: skip
        return out

    def _call_site(
        self, a: FileAnalysis, c: Call, source: bytes, env_file: dict, client: ClientId | None
    ) -> CallSite:
        node = c.node
        where = statements.placement(node, c.method == "init")
        env = dict(env_file)
        optional = False
        fn = node.child_by_field_name("function")
        if fn is not None and fn.type == "member_expression":
            optional = is_optional(fn) or any(
                is_optional(m) for m in walk(fn) if m.type == "member_expression"
            )
        parent = node.parent
        chained = (
            parent is not None and parent.type == "member_expression"
            and text(parent.child_by_field_name("property")) not in ("then", "catch", "finally")
        )  # fmt: skip
        env.update(
            name=c.name, semi=where.semi, optional=optional, snippet=c.snippet,
            snippet_stub=c.stub, promise_used=statements.promise_used(node, where),
            can_await=statements.can_await(node, a), chained=chained,
            keep_binding=statements.keep_binding(a, node, where), decl_kind=where.decl_kind,
            init_holder=statements.init_holder(node) if c.method == "init" else None,
            top_level=where.statement is not None and not is_nested(node),
            client=_used_client(a, c),
            defines_client=_defined_client(a, c, where),
            comment_style=statements.comment_style(a, source, where.statement or span(node)),
        )  # fmt: skip
        receiver = (
            text(c.receiver)
            if c.receiver is not None
            else text(node.child_by_field_name("constructor"))
        )
        line, col = position(node)
        return CallSite(
            path=a.path, language=self.name, sdk=c.sdk, method=c.method, receiver=receiver,
            args=describe_args(node), span=span(node), statement_span=where.statement,
            line=line, column=col, context=where.context, awaited=where.awaited,
            binding=where.binding, exported=where.exported, text=text(node), env=env,
            client=client,
        )  # fmt: skip

    # -- rendering helpers ---------------------------------------------------------------------

    def quote(self, value: str) -> str:
        escaped = (
            value.replace("\\", "\\\\").replace("'", "\\'").replace("\n", "\\n")
            .replace("\r", "\\r").replace("\t", "\\t")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
        )  # fmt: skip
        return f"'{escaped}'"

    def interpolate(self, parts: Sequence[tuple[str, bool]]) -> str:
        out = []
        for t, code in parts:
            if code:
                out.append("${" + t + "}")
            else:
                out.append(t.replace("\\", "\\\\").replace("`", "\\`").replace("${", "\\${"))
        return "`" + "".join(out) + "`"

    def merge_imports(self, lines: list[str]) -> list[str]:
        out: list[str] = []
        for line in lines:
            if line not in out:
                out.append(line)
        return out


class TsxFrontend(TypeScriptFrontend):
    name = "tsx"
    extensions = (".tsx",)

    def grammar(self) -> object:
        return tree_sitter_typescript.language_tsx()


class JavaScriptFrontend(TypeScriptFrontend):
    name = "javascript"
    extensions = (".js", ".jsx", ".mjs", ".cjs")

    def grammar(self) -> object:
        return tree_sitter_javascript.language()


def _used_client(a: FileAnalysis, c: Call) -> str | None:
    """The client a call is made on (also `client.load(...)` of `new AnalyticsBrowser()`)."""
    if c.receiver is None or (c.method == "init" and c.origin.kind not in ("client", "stub")):
        return None
    return client_key(a, c.receiver)


def _defined_client(a: FileAnalysis, c: Call, where: statements.Placement) -> str | None:
    """The client an init defines: its binding, or the name its value flows into."""
    if where.binding:
        return client_key(a, c.node, where.binding)
    if c.method != "init":
        return None
    target = statements.value_target(c.node)
    if target is None:
        return None
    if target.type == "property_identifier":  # a class field
        return f"this.{text(target)}"
    return client_key(a, target)


def _receiver_ids(found: list[Call]) -> set[int]:
    """Nodes that are receivers of found calls (their references are accounted for)."""
    ids = {c.receiver.id for c in found if c.receiver is not None}
    ids |= {r.id for c in found if c.receiver is not None and (r := root_identifier(c.receiver))}
    for c in found:
        if c.node.type == "new_expression":
            ctor = c.node.child_by_field_name("constructor")
            if ctor is not None and (r := root_identifier(ctor)) is not None:
                ids.add(r.id)
    return ids


def _snippet_notes(a: FileAnalysis, found: list[Call], project: ProjectIndex) -> list[Diagnostic]:
    notes = []
    if a.snippet_source_at is not None and not any(c.stub for c in found):
        line, col = position(a.snippet_source_at)
        notes.append(Diagnostic(
            a.path, line, col, Severity.NOTE, "snippet-loader",
            "Segment snippet loader found: remove it by hand once the migration is done",
        ))  # fmt: skip
    if a.test_double_at is not None:
        line, col = position(a.test_double_at)
        notes.append(Diagnostic(
            a.path, line, col, Severity.NOTE, "test-double",
            "test double of window.analytics (Segment): tests that expect Segment calls must "
            "mock the target SDK once the code is migrated",
        ))  # fmt: skip
    snippet_calls = [c for c in found if c.snippet and c.method != "init"]
    if snippet_calls and not project.provided("browser_init") and not a.has_snippet_load:
        line, col = position(snippet_calls[0].node)
        notes.append(Diagnostic(
            a.path, line, col, Severity.NOTE, "no-init",
            "snippet-global calls rewritten but no Segment load/init was found in the project: "
            "call the target SDK's init (amplitude.init / mParticle.init) where the app starts",
        ))  # fmt: skip
    return notes


def _refuse_broken_calls(root: ts.Node, found: list[Call]) -> None:
    """A Segment call the grammar could not parse (inside an ERROR node, or one of its
    receivers' names in unparsed text) cannot be rewritten, and rewriting the rest of the file
    (removing the Segment import) would break it silently: skip the file instead."""
    if not root.has_error:
        return
    names = {text(c.receiver).split(".")[0].split("?")[0] for c in found if c.receiver is not None}
    names.add(SNIPPET_NAME)
    for c in found:
        if c.node.has_error:
            raise ParseError("a Segment call does not parse", c.node.start_point[0] + 1)
    for node in walk(root, {"ERROR"}):
        if any(f"{name}.".encode() in (node.text or b"") for name in names if name):
            raise ParseError("a Segment call does not parse", node.start_point[0] + 1)


__all__ = ["TypeScriptFrontend", "TsxFrontend", "JavaScriptFrontend"]
