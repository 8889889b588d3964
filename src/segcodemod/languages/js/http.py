"""TypeScript / JavaScript: Segment HTTP Tracking API calls made with fetch (global, node-fetch,
cross-fetch, undici), axios (and `axios.create()` instances) or got (and `got.extend()`).

A separate pass over the tree the TypeScript frontend analysed (see `segcodemod.httpcalls`).
URLs resolve from literals, template literals, `+`, `const` declarations in scope (also
`process.env.X ?? '...'` / `|| '...'` defaults) and constants imported from project modules.
Credentials are always an `Authorization` header (fetch/got `headers`, axios `config.headers`);
axios `auth` and got `username`/`password` options (Segment's write key) are dropped.
"""

from __future__ import annotations

from collections.abc import Callable

import tree_sitter as ts

from segcodemod.edits import indent_at
from segcodemod.httpcalls import (
    CONST_KEY,
    UNKNOWN,
    Slot,
    auth_env,
    dedent,
    endpoint_of,
    layout_of,
    maybe_segment_url,
    splice_parts,
)
from segcodemod.languages.js.args import describe_arg
from segcodemod.languages.js.syntax import decode_string, unescape
from segcodemod.languages.js.syntax import unwrap as _unwrap
from segcodemod.languages.treesitter import named_children, position, span, text, walk
from segcodemod.model import Arg, ArgKind, CallSite, Context

FETCH_PACKAGES = {"node-fetch", "cross-fetch", "undici", "isomorphic-fetch"}


class Strings:
    """Static string values of expressions, with UNKNOWN for the parts not known statically.
    `initializer(name, at)` gives the value node a `const` name is bound to; `imported(name,
    at)` the URL value of a constant imported from a project module."""

    def __init__(self, initializer: Callable, imported: Callable):
        self.initializer, self.imported = initializer, imported

    def value(self, node: ts.Node | None, depth: int = 0) -> str:
        if node is None or depth > 10:
            return UNKNOWN
        node = _unwrap(node)
        t = node.type
        if t == "string":
            return decode_string(node) or ""
        if t == "template_string":
            out = []
            for child in node.named_children:
                if child.type == "string_fragment":
                    out.append(text(child))
                elif child.type == "escape_sequence":
                    out.append(unescape(text(child)))
                elif child.type == "template_substitution":
                    inner = child.named_children[0] if child.named_children else None
                    out.append(self.value(inner, depth + 1))
            return "".join(out)
        if t == "binary_expression":
            op = node.child_by_field_name("operator")
            left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
            if op is not None and text(op) == "+":
                return self.value(left, depth + 1) + self.value(right, depth + 1)
            if op is not None and text(op) in ("??", "||") and _is_env(left):
                return self.value(right, depth + 1)  # process.env.X ?? 'https://...'
            return UNKNOWN
        if t == "identifier":
            value = self.initializer(text(node), node)
            if value is not None:
                return self.value(value, depth + 1)
            return self.imported(text(node), node) or UNKNOWN
        return UNKNOWN


def _is_env(node: ts.Node | None) -> bool:
    return node is not None and text(_unwrap(node)).startswith("process.env.")


def _entries(obj: ts.Node) -> list[ts.Node]:
    return named_children(obj)


def _key(entry: ts.Node) -> str | None:
    if entry.type == "shorthand_property_identifier":
        return text(entry)
    if entry.type == "pair":
        key = entry.child_by_field_name("key")
        if key is None:
            return None
        if key.type == "string":
            return decode_string(key)
        if key.type == "property_identifier":
            return text(key)
    return None


def _value(entry: ts.Node) -> ts.Node:
    return entry.child_by_field_name("value") if entry.type == "pair" else entry


def _find(obj: ts.Node | None, name: str, lower: bool = False) -> int | None:
    if obj is None or obj.type != "object":
        return None
    for i, entry in enumerate(_entries(obj)):
        key = _key(entry)
        if key is not None and (key.lower() if lower else key) == name:
            return i
    return None


class _Finder:
    def __init__(self, analysis, source: bytes, strings: Strings, extra_hosts, env_base, language):
        self.a, self.source, self.strings = analysis, source, strings
        self.extra_hosts, self.env_base, self.language = extra_hosts, env_base, language
        self.calls: list[CallSite] = []
        self.axios_instances: set[int] = set()  # declaration node ids of axios.create() results
        self.got_instances: set[int] = set()
        # declaration node id -> (base URL value or None, config carries credentials/headers)
        self.instance_config: dict[int, tuple[str | None, bool]] = {}

    # -- names -------------------------------------------------------------------------------
    def _source_of(self, name: str, at: ts.Node) -> str | None:
        """The package a name was imported / required from (None: not an import; "" local)."""
        decl = self.a.lookup(name, at)
        if decl is None:
            return None
        spec = self.a.sources.get(name)
        if spec is not None and self.a.decls.get((self.a.root.id, name)) is decl:
            return spec
        return ""

    def _library_of_name(self, node: ts.Node) -> str | None:
        """fetch / axios / got for an identifier (the function or client object)."""
        node = _unwrap(node)
        if node.type == "member_expression":  # globalThis.fetch / window.fetch
            obj, prop = node.child_by_field_name("object"), node.child_by_field_name("property")
            if text(obj) in ("globalThis", "window", "self") and text(prop) == "fetch":
                return "fetch"
            return None
        if node.type != "identifier":
            return None
        name = text(node)
        source = self._source_of(name, node)
        if source is None:
            return "fetch" if name == "fetch" else None
        if source in FETCH_PACKAGES:
            return "fetch"
        if source == "axios":
            return "axios"
        if source == "got":
            return "got"
        decl = self.a.lookup(name, node)
        if decl is not None and decl.node is not None:
            if decl.node.id in self.axios_instances:
                return "axios"
            if decl.node.id in self.got_instances:
                return "got"
        return None

    def _instances(self) -> None:
        """`const api = axios.create(...)` / `const client = got.extend(...)`."""
        for node in walk(self.a.root, {"variable_declarator"}):
            name, value = node.child_by_field_name("name"), node.child_by_field_name("value")
            if name is None or value is None or name.type != "identifier":
                continue
            value = _unwrap(value)
            if value.type != "call_expression":
                continue
            fn = value.child_by_field_name("function")
            if fn is None or fn.type != "member_expression":
                continue
            lib = self._library_of_name(fn.child_by_field_name("object"))
            prop = text(fn.child_by_field_name("property"))
            if lib == "axios" and prop == "create":
                self.axios_instances.add(name.id)
            elif lib == "got" and prop == "extend":
                self.got_instances.add(name.id)
            else:
                continue
            config = named_children(value.child_by_field_name("arguments") or value)
            config = _unwrap(config[0]) if config else None
            if config is None or config.type != "object":
                self.instance_config[name.id] = (None, config is not None)
                continue
            base = self._entry_value(config, "baseURL" if lib == "axios" else "prefixUrl")
            creds = any(
                _find(config, key) is not None
                for key in ("auth", "headers", "username", "password", "hooks")
            ) or any(e.type == "spread_element" for e in _entries(config))
            self.instance_config[name.id] = (
                self.strings.value(base) if base is not None else None,
                creds,
            )

    def _instance(self, node: ts.Node | None) -> tuple[str | None, bool] | None:
        """(base URL, carries credentials) of an axios.create() / got.extend() instance."""
        node = _unwrap(node) if node is not None else None
        if node is None or node.type != "identifier":
            return None
        decl = self.a.lookup(text(node), node)
        if decl is None or decl.node is None:
            return None
        return self.instance_config.get(decl.node.id)

    # -- calls -------------------------------------------------------------------------------
    def run(self) -> list[CallSite]:
        self._instances()
        for node in self.a.call_nodes:
            if node.type == "call_expression" and not node.has_error:
                self._call(node)
        return self.calls

    def _call(self, node: ts.Node) -> None:
        fn = node.child_by_field_name("function")
        args_node = node.child_by_field_name("arguments")
        if fn is None or args_node is None or args_node.type != "arguments":
            return
        args = named_children(args_node)
        if not args:
            return
        fn = _unwrap(fn)
        lib = self._library_of_name(fn)
        verb = None
        instance = self._instance(fn)
        if lib is None and fn.type == "member_expression":
            lib = self._library_of_name(fn.child_by_field_name("object"))
            instance = self._instance(fn.child_by_field_name("object"))
            verb = text(fn.child_by_field_name("property"))
            if lib == "fetch" or lib is None:
                return
        if lib is None:
            return
        if lib == "fetch" or (lib == "got" and verb is None):
            options = args[1] if len(args) > 1 else None
            method = self._entry_value(options, "method")
            if method is None or self.strings.value(method).upper() != "POST":
                return
        elif verb != "post":
            return
        url_value = self.strings.value(args[0])
        base, creds = instance or (None, False)
        if base is not None and "://" not in url_value and not url_value.startswith(UNKNOWN):
            # a path relative to the instance's baseURL / prefixUrl
            url_value = base.rstrip("/") + "/" + url_value.lstrip("/")
        endpoint = endpoint_of(url_value, self.extra_hosts)
        if endpoint is None:
            return
        # the instance's own auth / headers would still be sent (axios `auth` even replaces a
        # per-request Authorization header); got's prefixUrl is prepended to any URL
        tied = instance is not None and (creds or (lib == "got" and base is not None))
        self._add(node, lib, endpoint, args, url_value, tied)

    def _entry_value(self, obj: ts.Node | None, key: str) -> ts.Node | None:
        obj = _unwrap(obj) if obj is not None else None
        i = _find(obj, key)
        return _value(_entries(obj)[i]) if i is not None else None

    # -- body and credentials -----------------------------------------------------------------
    def _stringified(self, node: ts.Node) -> ts.Node | None:
        node = _unwrap(node)
        if node.type != "call_expression":
            return None
        fn = node.child_by_field_name("function")
        args = named_children(node.child_by_field_name("arguments") or node)
        if fn is not None and text(fn) == "JSON.stringify" and args:
            return args[0]
        return None

    def _body(self, lib: str, args: list[ts.Node]):
        if lib == "axios":
            if len(args) < 2:
                return "none", None
            data = _unwrap(args[1])
            inner = self._stringified(data)
            return ("dumps", inner) if inner is not None else ("json", data)
        options = _unwrap(args[1]) if len(args) > 1 else None
        if options is None or options.type != "object":
            return "none", None
        json_value = self._entry_value(options, "json")
        if lib == "got" and json_value is not None:
            return "json", json_value
        body = self._entry_value(options, "body")
        if body is None:
            return "none", None
        inner = self._stringified(body)
        return ("dumps", inner) if inner is not None else ("unknown", body)

    def _add(
        self, node: ts.Node, lib: str, endpoint: str, args: list[ts.Node], url_value: str,
        tied: bool = False,
    ):  # fmt: skip
        call_span = span(node)
        form, body_node = self._body(lib, args)
        slots = [Slot(*span(args[0]), "url")]
        if body_node is not None:
            slots.append(Slot(*span(body_node), "body"))
        auth, drops = self._auth(lib, args)
        slots += drops
        if auth is not None:
            slots.append(auth[0])
        indent = indent_at(self.source, call_span[0])
        parts = splice_parts(self.source, call_span, slots, indent)
        body_arg = describe_arg(body_node, "body") if body_node is not None else None
        if body_arg is None:
            body_arg = Arg("", ArgKind.NULL, "body", None, None, call_span)
        url_arg = describe_arg(args[0], "url")
        http_auth = auth[1] if auth is not None else auth_env("", "", "", "none")
        env = {
            **self.env_base,
            "name": text(node.child_by_field_name("function")),
            "library": lib,
            "endpoint": endpoint,
            "url_value": url_value,
            "body_form": form,
            "http_parts": parts,
            "http_auth": {k: dedent(v, indent) for k, v in http_auth.items()},
            "body_layout": layout_of(body_arg.text, indent) if body_arg.items else None,
            # headers / config the codemod cannot see into (may carry Segment's Authorization)
            "headers_variable": bool(auth and auth[1]["removed"]),
            # made on an axios.create() / got.extend() instance whose config the rewrite
            # cannot change (Segment credentials or headers, got prefixUrl)
            "instance_config": tied,
        }
        line, col = position(node)
        self.calls.append(
            CallSite(
                path=self.a.path, language=self.language, sdk="http", method=endpoint,
                receiver=text(node.child_by_field_name("function")), args=(url_arg, body_arg),
                span=call_span, statement_span=None, line=line, column=col,
                context=Context.EXPRESSION, text=text(node), env=env,
            )
        )  # fmt: skip

    def _auth(self, lib: str, args: list[ts.Node]):
        """The `auth` slot (an Authorization header) and the `drop` slots (Segment's)."""
        at = 2 if lib == "axios" else 1  # the options / config object
        drops: list[Slot] = []
        if len(args) <= at:
            end = args[-1].end_byte
            env = auth_env(", { headers: { Authorization: ", " } }", "", "header")
            return (Slot(end, end, "auth"), env), drops
        options = _unwrap(args[at])
        if options.type != "object":
            t = text(options)
            return (Slot(*span(options), "auth"), auth_env(
                f"{{ ...{t}, headers: {{ ...{t}.headers, Authorization: ", " } }", t, "header"
            )), drops  # fmt: skip
        entries = _entries(options)
        dropped = set()
        for key in (
            ("auth",) if lib == "axios" else ("username", "password") if lib == "got" else ()
        ):
            i = _find(options, key)
            if i is not None:
                drops.append(self._element_slot(entries, i, "drop")[0])
                dropped.add(i)
        h = _find(options, "headers")
        if lib == "axios" and entries and len(dropped) == len(entries):
            # a config holding only Segment's credentials: the whole argument is the slot
            sep = args[at - 1].end_byte
            lead = self.source[sep : entries[0].start_byte].decode("utf-8")
            tail = self.source[entries[-1].end_byte : options.end_byte].decode("utf-8")
            slot = Slot(sep, options.end_byte, "auth")
            return (slot, auth_env(lead + "headers: { Authorization: ", " }" + tail, "",
                                   "header")), []  # fmt: skip
        if h is None:
            kept = [e for i, e in enumerate(entries) if i not in dropped]
            slot, prefix, suffix = self._insert(options, kept, entries)
            return (slot, auth_env(prefix + "headers: { Authorization: ", " }" + suffix, "",
                                   "header")), drops  # fmt: skip
        headers = _value(entries[h])
        if headers.type != "object":
            t = text(headers)
            if entries[h].type == "shorthand_property_identifier":
                return (Slot(*span(headers), "auth"), auth_env(
                    f"headers: {{ ...{t}, Authorization: ", " }", t, "header"
                )), drops  # fmt: skip
            return (Slot(*span(headers), "auth"),
                    auth_env(f"{{ ...{t}, Authorization: ", " }", t, "header")), drops  # fmt: skip
        header_entries = _entries(headers)
        a = _find(headers, "authorization", lower=True)
        if a is not None:
            slot, prefix, suffix = self._element_slot(header_entries, a, "auth")
            return (slot, auth_env(prefix, suffix, "", "header")), drops
        slot, prefix, suffix = self._insert(headers, header_entries, header_entries)
        return (slot, auth_env(prefix + "Authorization: ", suffix, "", "header")), drops

    def _insert(self, obj: ts.Node, kept: list[ts.Node], entries: list[ts.Node]):
        """Where a new entry goes: after the last kept entry, else where the first (dropped)
        entry stood, else inside the empty braces. (slot, prefix, suffix)."""
        if kept:
            end = kept[-1].end_byte
            return Slot(end, end, "auth"), ", ", ""
        if entries:
            start = entries[0].start_byte
            return Slot(start, start, "auth"), "", ""
        start = obj.start_byte + 1
        return Slot(start, start, "auth"), " ", " "

    def _element_slot(self, entries: list[ts.Node], i: int, name: str):
        """Entry i with one separator (see http_python._element_slot)."""
        entry = entries[i]
        value = _value(entry)
        between = lambda a, b: self.source[a:b].decode("utf-8")  # noqa: E731
        if i > 0:
            sep = entries[i - 1].end_byte
            return Slot(sep, entry.end_byte, name), between(sep, value.start_byte), ""
        if len(entries) > 1:
            nxt = entries[i + 1].start_byte
            return (Slot(entry.start_byte, nxt, name), between(entry.start_byte, value.start_byte),
                    between(entry.end_byte, nxt))  # fmt: skip
        end = entry.end_byte  # the only entry: its trailing comma goes too
        after = self.source[end:].lstrip()
        if after.startswith(b","):
            end = len(self.source) - len(after) + 1
        return Slot(entry.start_byte, end, name), between(entry.start_byte, value.start_byte), ""


def _initializer_finder(analysis) -> Callable:
    def initializer(name: str, at: ts.Node) -> ts.Node | None:
        decl = analysis.lookup(name, at)
        if decl is None or decl.node is None:
            return None
        declarator = decl.node.parent
        if declarator is None or declarator.type != "variable_declarator":
            return None
        if declarator.child_by_field_name("name") != decl.node:
            return None
        return declarator.child_by_field_name("value")

    return initializer


def find_http_calls(
    analysis,
    source: bytes,
    imported_constant: Callable,
    extra_hosts=(),
    env_base: dict | None = None,
    language: str = "typescript",
) -> list[CallSite]:
    """Segment HTTP API calls of a file the JS/TS frontend analysed (`FileAnalysis`).
    `imported_constant(spec, name)` gives the URL value of a constant a project module exports."""
    if not any(t in source for t in (b"fetch", b"axios", b"got")):
        return []

    def imported(name: str, at: ts.Node) -> str | None:
        spec = analysis.sources.get(name)
        return imported_constant(spec, name) if spec and spec.startswith(".") else None

    strings = Strings(_initializer_finder(analysis), imported)
    return _Finder(analysis, source, strings, extra_hosts, env_base or {}, language).run()


def index_constants(analysis) -> dict[str, str]:
    """`provides` entries for top-level constants holding a (Segment-looking) URL."""
    strings = Strings(_initializer_finder(analysis), lambda name, at: None)
    out = {}
    for (scope, name), decl in analysis.decls.items():
        if scope != analysis.root.id or decl.node is None:
            continue
        value_node = _initializer_finder(analysis)(name, decl.node)
        if value_node is None:
            continue
        value = strings.value(value_node)
        if UNKNOWN not in value and maybe_segment_url(value):
            out[CONST_KEY + name] = value
    return out
