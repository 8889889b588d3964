"""Python: Segment HTTP Tracking API calls made with requests, httpx, aiohttp or urllib3.

A separate pass over the module the Python frontend parsed (see `segcodemod.httpcalls`).
Clients are resolved from imports and constructors (`requests.Session()`, `httpx.Client()`,
`httpx.AsyncClient()`, `aiohttp.ClientSession()`, `urllib3.PoolManager()`, also bound by
`with ... as s`), URLs from literals, module constants (also `os.environ.get("X", "...")`
defaults), constants imported from project modules, f-strings and `+`; a path relative to the
client's `base_url` (httpx, aiohttp) is resolved against it. A call on a client object that
carries credentials or headers itself (`auth=`, `headers=` with an Authorization entry or not
readable, `event_hooks=`, `**kwargs`; later `session.auth = ...`, `session.headers.update(...)`,
`session.headers["Authorization"] = ...`) gets `env.instance_config` (the client-instance
TODO): those would still be sent with a rewritten call.
"""

from __future__ import annotations

from urllib.parse import urljoin

import libcst as cst
from libcst.metadata import ByteSpanPositionProvider, MetadataWrapper, PositionProvider

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
from segcodemod.languages.pyexpr import describe, dotted_name
from segcodemod.model import Arg, ArgKind, CallSite, Context

LIBRARIES = ("requests", "httpx", "aiohttp", "urllib3")
CONSTRUCTORS = {
    "requests": {"Session", "session"},
    "httpx": {"Client", "AsyncClient"},
    "aiohttp": {"ClientSession"},
    "urllib3": {"PoolManager", "HTTPConnectionPool", "HTTPSConnectionPool"},
}
FUNCTIONS = {"requests": {"post", "request"}, "httpx": {"post", "request"}, "urllib3": {"request"}}
CLIENT_METHODS = {"post", "request", "urlopen"}
RAW_BODY = {  # keyword that carries a pre-serialised body
    "requests": ("data",),
    "httpx": ("content", "data"),
    "aiohttp": ("data",),
    "urllib3": ("body",),
    "unknown": ("data", "body", "content"),
}
AUTH_KIND = {"requests": "tuple", "httpx": "tuple", "aiohttp": "aiohttp", "urllib3": "header"}
BASE_URL = {"httpx": "base_url", "aiohttp": "base_url"}  # constructor keyword of the base URL
CLIENT_CREDENTIALS = ("auth", "headers", "event_hooks")  # constructor keywords / attributes


def _join(lib: str, base: str, url: str) -> str:
    """`url` (relative: no scheme) resolved against a client's base URL the way `lib` does:
    httpx appends the path to the base path, aiohttp (yarl) joins as RFC 3986 does."""
    if lib == "aiohttp":
        return urljoin(base, url)
    return base.rstrip("/") + "/" + url.lstrip("/")


def _has_authorization(node: cst.BaseExpression | None) -> bool:
    """A headers value that may carry an Authorization header (anything but a dict literal
    without one, e.g. a variable, counts)."""
    if node is None:
        return False
    if not isinstance(node, cst.Dict):
        return True
    for element in node.elements:
        if not isinstance(element, cst.DictElement):
            return True  # **other
        key = element.key
        if not isinstance(key, cst.SimpleString) or str(key.evaluated_value).lower() == (
            "authorization"
        ):
            return True
    return False


def _module_assignments(module: cst.Module) -> dict[str, cst.BaseExpression]:
    """Top-level `NAME = value` / `NAME: T = value` (the last one wins)."""
    out: dict[str, cst.BaseExpression] = {}
    for stmt in module.body:
        if not isinstance(stmt, cst.SimpleStatementLine):
            continue
        for small in stmt.body:
            if isinstance(small, cst.Assign) and len(small.targets) == 1:
                target = small.targets[0].target
                if isinstance(target, cst.Name):
                    out[target.value] = small.value
            elif (
                isinstance(small, cst.AnnAssign)
                and small.value is not None
                and isinstance(small.target, cst.Name)
            ):
                out[small.target.value] = small.value
    return out


class _Strings:
    """Static string values of expressions, with UNKNOWN for the parts that are not known."""

    def __init__(self, consts: dict[str, cst.BaseExpression], imported: dict[str, str]):
        self.consts, self.imported = consts, imported
        # names assigned exactly once in the enclosing function (`url = f"{BASE}/track"`)
        self.locals: list[dict[str, cst.BaseExpression | None]] = []

    def value(self, node: cst.BaseExpression, depth: int = 0) -> str:
        if depth > 10:
            return UNKNOWN
        if isinstance(node, cst.SimpleString):
            evaluated = node.evaluated_value
            return evaluated if isinstance(evaluated, str) else UNKNOWN
        if isinstance(node, cst.ConcatenatedString):
            return self.value(node.left, depth + 1) + self.value(node.right, depth + 1)
        if isinstance(node, cst.FormattedString):
            out = []
            for part in node.parts:
                if isinstance(part, cst.FormattedStringText):
                    out.append(part.value.replace("{{", "{").replace("}}", "}"))
                elif part.format_spec or part.conversion:
                    out.append(UNKNOWN)
                else:
                    out.append(self.value(part.expression, depth + 1))
            return "".join(out)
        if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Add):
            return self.value(node.left, depth + 1) + self.value(node.right, depth + 1)
        if isinstance(node, cst.Name):
            if self.locals and node.value in self.locals[-1]:
                local = self.locals[-1][node.value]  # None: assigned more than once
                return self.value(local, depth + 1) if local is not None else UNKNOWN
            if node.value in self.consts:
                return self.value(self.consts[node.value], depth + 1)
            return self.imported.get(node.value, UNKNOWN)
        if isinstance(node, cst.Call):  # os.environ.get("X", "default") / os.getenv(...)
            func = dotted_name(node.func) or ""
            args = [a for a in node.args if a.keyword is None and not a.star]
            if func in ("os.environ.get", "os.getenv", "environ.get", "getenv") and len(args) == 2:
                return self.value(args[1].value, depth + 1)
        return UNKNOWN


def index_constants(module: cst.Module) -> dict[str, str]:
    """`provides` entries for module constants holding a (Segment-looking) URL."""
    consts = _module_assignments(module)
    strings = _Strings(consts, {})
    out = {}
    for name in consts:
        value = strings.value(consts[name])
        if UNKNOWN not in value and maybe_segment_url(value):
            out[CONST_KEY + name] = value
    return out


class _Names(cst.CSTVisitor):
    """HTTP client modules, functions, constructors and client instances bound in a module,
    and URL constants imported from project modules."""

    def __init__(self, imported_constant):
        self.modules: dict[str, str] = {}  # `requests` / `r` -> library
        self.functions: dict[str, tuple[str, str]] = {}  # `post` -> (library, function)
        self.constructors: dict[str, str] = {}  # `Session` -> library
        self.clients: dict[str, str] = {}  # `session`, `self.http` -> library
        self.json_dumps: set[str] = set()  # `json.dumps`, `dumps`
        self.imported: dict[str, str] = {}  # constant name -> URL value
        self.imported_constant = imported_constant
        # client key -> (base URL node or None, carries credentials / headers); a key is
        # (function node id, name) for a name bound in a function, else (None, dotted name)
        self.configs: dict[tuple[int | None, str], tuple[cst.BaseExpression | None, bool]] = {}
        self.scopes: list[int] = []  # enclosing function node ids
        self.mutations: list[tuple[tuple[int, ...], str]] = []  # `s.auth = ...` (scopes, s)

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self.scopes.append(id(node))

    def leave_FunctionDef(self, original_node: cst.FunctionDef) -> None:
        self.scopes.pop()

    def config(self, scopes, dotted: str | None):
        """(base URL node, carries credentials) of the client a name refers to, or None."""
        if not dotted:
            return None
        keys = [(s, dotted) for s in reversed(scopes)] if "." not in dotted else []
        for key in [*keys, (None, dotted)]:
            if key in self.configs:
                return self.configs[key]
        return None

    def finish(self) -> None:
        """Credentials set on a client after it was made (`session.auth = ...`)."""
        for scopes, dotted in self.mutations:
            keys = [(s, dotted) for s in reversed(scopes)] if "." not in dotted else []
            for key in [*keys, (None, dotted)]:
                if key in self.configs:
                    self.configs[key] = (self.configs[key][0], True)
                    break

    def _mutated(self, client: cst.BaseExpression) -> None:
        dotted = dotted_name(client)
        if dotted:
            self.mutations.append((tuple(self.scopes), dotted))

    def _configure(self, target: str, lib: str, call: cst.Call) -> None:
        keywords = {a.keyword.value: a.value for a in call.args if a.keyword is not None}
        base = keywords.get(BASE_URL.get(lib, ""))
        if lib == "aiohttp" and base is None and call.args and call.args[0].keyword is None:
            base = call.args[0].value if not call.args[0].star else None
        creds = (
            any(a.star for a in call.args)
            or "auth" in keywords
            or "event_hooks" in keywords
            or _has_authorization(keywords.get("headers"))
        )
        key = (self.scopes[-1] if self.scopes and "." not in target else None, target)
        if key in self.configs:  # bound more than once: keep what all the bindings share
            old_base, old_creds = self.configs[key]
            same = old_base is not None and base is not None and old_base.deep_equals(base)
            base, creds = (base if same else None), (creds or old_creds)
        self.configs[key] = (base, creds)

    def visit_Import(self, node: cst.Import) -> None:
        for alias in node.names:
            name = dotted_name(alias.name) or ""
            bound = alias.asname.name.value if alias.asname else name
            if name in LIBRARIES:
                self.modules[bound] = name
            elif name == "json":
                self.json_dumps.add(f"{bound}.dumps")

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        if isinstance(node.names, cst.ImportStar):
            return
        source = ("." * len(node.relative)) + (dotted_name(node.module) if node.module else "")
        for alias in node.names:
            name = alias.name.value
            bound = alias.asname.name.value if alias.asname else name
            if source in LIBRARIES:
                if name in CONSTRUCTORS.get(source, ()):
                    self.constructors[bound] = source
                elif name in FUNCTIONS.get(source, ()):
                    self.functions[bound] = (source, name)
            elif source == "json" and name == "dumps":
                self.json_dumps.add(bound)
            else:
                value = self.imported_constant(source, name)
                if value is not None:
                    self.imported[bound] = value

    def constructor(self, func: cst.BaseExpression) -> str | None:
        dotted = dotted_name(func) or ""
        if dotted in self.constructors:
            return self.constructors[dotted]
        base, _, attr = dotted.rpartition(".")
        lib = self.modules.get(base)
        return lib if lib and attr in CONSTRUCTORS[lib] else None

    def _bind(self, target: cst.BaseExpression, value: cst.BaseExpression | None) -> None:
        if isinstance(value, cst.Await):
            value = value.expression
        if isinstance(value, cst.Call) and (lib := self.constructor(value.func)):
            dotted = dotted_name(target)
            if dotted:
                self.clients[dotted] = lib
                self._configure(dotted, lib, value)
        elif isinstance(target, cst.Attribute) and target.attr.value in CLIENT_CREDENTIALS:
            # `session.auth = ...`, `session.headers = {...}`
            if target.attr.value != "headers" or _has_authorization(value):
                self._mutated(target.value)
        elif (  # session.headers["Authorization"] = ...
            isinstance(target, cst.Subscript)
            and isinstance(target.value, cst.Attribute)
            and target.value.attr.value == "headers"
        ):
            index = target.slice[0].slice if len(target.slice) == 1 else None
            key = getattr(index, "value", None)
            if not (
                isinstance(key, cst.SimpleString)
                and str(key.evaluated_value).lower() != "authorization"
            ):
                self._mutated(target.value.value)

    def visit_Call(self, node: cst.Call) -> None:
        # session.headers.update({...}) / session.headers.setdefault("Authorization", ...)
        func = node.func
        if (
            isinstance(func, cst.Attribute)
            and func.attr.value in ("update", "setdefault", "__setitem__")
            and isinstance(func.value, cst.Attribute)
            and func.value.attr.value == "headers"
        ):
            args = [a for a in node.args if not a.keyword]
            first = args[0].value if args and not args[0].star else None
            if func.attr.value == "update":
                risky = any(a.keyword for a in node.args) and any(
                    a.keyword.value.lower() == "authorization" for a in node.args if a.keyword
                )
                risky = risky or (first is not None and _has_authorization(first))
                risky = risky or any(a.star for a in node.args)
            else:
                risky = not (
                    isinstance(first, cst.SimpleString)
                    and str(first.evaluated_value).lower() != "authorization"
                )
            if risky:
                self._mutated(func.value.value)

    def visit_Assign(self, node: cst.Assign) -> None:
        for target in node.targets:
            self._bind(target.target, node.value)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        self._bind(node.target, node.value)

    def visit_WithItem(self, node: cst.WithItem) -> None:
        if node.asname is not None:
            self._bind(node.asname.name, node.item)


class _HttpFinder(cst.CSTVisitor):
    def __init__(self, path, source, names: _Names, strings: _Strings, positions, lines,
                 extra_hosts, env_base):  # fmt: skip
        self.path, self.source, self.names, self.strings = path, source, names, strings
        self.positions, self.lines, self.extra_hosts = positions, lines, extra_hosts
        self.env_base = env_base
        self.calls: list[CallSite] = []
        self.scopes: list[int] = []  # enclosing function node ids (see _Names.config)

    # -- function-local names ------------------------------------------------------------------
    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self.scopes.append(id(node))
        assigned: dict[str, cst.BaseExpression | None] = {}

        class Assignments(cst.CSTVisitor):
            def visit_FunctionDef(self, inner: cst.FunctionDef) -> bool:
                return inner is node  # not into nested functions

            def visit_Assign(self, assign: cst.Assign) -> None:
                for target in assign.targets:
                    if isinstance(target.target, cst.Name):
                        name = target.target.value
                        assigned[name] = None if name in assigned else assign.value

            def visit_AnnAssign(self, assign: cst.AnnAssign) -> None:
                if isinstance(assign.target, cst.Name) and assign.value is not None:
                    name = assign.target.value
                    assigned[name] = None if name in assigned else assign.value

            def visit_Param(self, param: cst.Param) -> None:
                assigned[param.name.value] = None  # a parameter: not known statically

        node.visit(Assignments())
        self.strings.locals.append(assigned)

    def leave_FunctionDef(self, original_node: cst.FunctionDef) -> None:
        self.strings.locals.pop()
        self.scopes.pop()

    # -- positions -----------------------------------------------------------------------------
    def _span(self, node: cst.CSTNode) -> tuple[int, int]:
        """Byte span, with the expression's own parentheses (libcst leaves them out)."""
        pos = self.positions[node]
        start, end = pos.start, pos.start + pos.length
        for _ in getattr(node, "lpar", ()):
            found = self.source.rfind(b"(", 0, start)
            start = found if found >= 0 and not self.source[found + 1 : start].strip() else start
        for _ in getattr(node, "rpar", ()):
            found = self.source.find(b")", end)
            end = found + 1 if found >= 0 and not self.source[end:found].strip() else end
        return start, end

    def _text(self, node: cst.CSTNode) -> str:
        start, end = self._span(node)
        return self.source[start:end].decode("utf-8")

    def _between(self, start: int, end: int) -> str:
        return self.source[start:end].decode("utf-8")

    # -- calls ---------------------------------------------------------------------------------
    def visit_Call(self, node: cst.Call) -> None:
        found = self._library(node)
        if found is None:
            return
        lib, fname = found
        positional = [a for a in node.args if a.keyword is None and not a.star]
        keywords = {a.keyword.value: a for a in node.args if a.keyword is not None}
        if fname == "post":
            url = positional[0] if positional else keywords.get("url")
            rest = positional[1:]
        else:
            method = positional[0] if positional else keywords.get("method")
            url = positional[1] if len(positional) > 1 else keywords.get("url")
            rest = positional[2:]
            if method is None or self.strings.value(method.value).upper() != "POST":
                return
        if url is None:
            return
        url_value = self.strings.value(url.value)
        config = self._client_config(node)
        base, creds = config or (None, False)
        if base is not None and "://" not in url_value and not url_value.startswith(UNKNOWN):
            # a path relative to the client's base_url
            url_value = _join(lib, self.strings.value(base), url_value)
        endpoint = endpoint_of(url_value, self.extra_hosts)
        if endpoint is None:
            return
        self._add(node, lib, endpoint, url, url_value, rest, keywords, creds)

    def _client_config(self, node: cst.Call):
        """(base URL node, carries credentials) of the client object the call is made on:
        a bound client or `httpx.Client(...).post(...)`."""
        func = node.func
        if not isinstance(func, cst.Attribute):
            return None
        if isinstance(func.value, cst.Call) and self.names.constructor(func.value.func):
            probe = _Names(lambda *_: None)
            lib = self.names.constructor(func.value.func)
            probe._configure("_", lib, func.value)
            return probe.configs[(None, "_")]
        return self.names.config(self.scopes, dotted_name(func.value))

    def _library(self, node: cst.Call) -> tuple[str, str] | None:
        func = node.func
        dotted = dotted_name(func)
        if dotted in self.names.functions:
            return self.names.functions[dotted]
        if not isinstance(func, cst.Attribute):
            return None
        attr = func.attr.value
        base = dotted_name(func.value)
        lib = None
        if base in self.names.modules:
            lib = self.names.modules[base]
            return (lib, attr) if attr in FUNCTIONS.get(lib, ()) else None
        if base in self.names.clients:
            lib = self.names.clients[base]
        elif isinstance(func.value, cst.Call):
            lib = self.names.constructor(func.value.func)  # requests.Session().post(...)
        if lib is not None:
            return (lib, attr) if attr in CLIENT_METHODS else None
        return ("unknown", attr) if attr in ("post", "request") else None

    def _body(self, lib: str, rest: list[cst.Arg], keywords: dict[str, cst.Arg]):
        """(form, expression node) of the JSON body: `json` (the client serialises it),
        `dumps` (json.dumps(X) in the call: X), `unknown` (a body the codemod cannot read)."""
        if "json" in keywords:
            return "json", keywords["json"].value
        raw = None
        for key in RAW_BODY[lib]:
            if key in keywords:
                raw = keywords[key].value
                break
        if raw is None and lib == "requests" and rest:
            raw = rest[0].value  # requests.post(url, data)
        if raw is None:
            return "none", None
        inner = raw
        if (  # json.dumps(x).encode(...)
            isinstance(inner, cst.Call)
            and isinstance(inner.func, cst.Attribute)
            and inner.func.attr.value == "encode"
            and isinstance(inner.func.value, cst.Call)
        ):
            inner = inner.func.value
        if isinstance(inner, cst.Call) and dotted_name(inner.func) in self.names.json_dumps:
            args = [a for a in inner.args if a.keyword is None and not a.star]
            if args:
                return "dumps", args[0].value
        return "unknown", raw

    def _add(self, node, lib, endpoint, url, url_value, rest, keywords, tied=False) -> None:
        call_span = self._span(node)
        form, body_node = self._body(lib, rest, keywords)
        slots = [Slot(*self._span(url.value), "url")]
        if body_node is not None:
            slots.append(Slot(*self._span(body_node), "body"))
        auth, drops = self._auth(node, lib, keywords)
        slots += drops
        if auth is not None:
            slots.append(auth[0])
        line_start = self.source.rfind(b"\n", 0, call_span[0]) + 1
        indent_end = line_start
        while self.source[indent_end : indent_end + 1] in (b" ", b"\t"):
            indent_end += 1
        indent = self.source[line_start:indent_end].decode("utf-8")
        parts = splice_parts(self.source, call_span, slots, indent)
        body_arg = (
            self._arg(body_node, "body")
            if body_node is not None
            else Arg("", ArgKind.NULL, "body", None, None, call_span)
        )
        url_arg = self._arg(url.value, "url")
        known = url_value if UNKNOWN not in url_value else None
        url_arg = Arg(url_arg.text, url_arg.kind, "url", known, None, url_arg.span)
        position = self.lines[node].start
        http_auth = auth[1] if auth is not None else auth_env("", "", "", "none")
        http_auth = {k: dedent(v, indent) for k, v in http_auth.items()}
        env = {
            **self.env_base,
            "name": dotted_name(node.func) or "",
            "library": lib,
            "endpoint": endpoint,
            "url_value": url_value,
            "body_form": form,
            "http_parts": parts,
            "http_auth": http_auth,
            "body_layout": layout_of(body_arg.text, indent) if body_arg.items else None,
            # headers the codemod cannot see into (may still carry Segment's Authorization)
            "headers_variable": "headers" in keywords
            and not isinstance(keywords["headers"].value, cst.Dict),
            # made on a client object carrying credentials / headers of its own (auth=,
            # headers=, session.auth = ...) that the rewritten call would still send
            "instance_config": tied,
        }
        self.calls.append(
            CallSite(
                path=self.path, language="python", sdk="http", method=endpoint,
                receiver=self._text(node.func), args=(url_arg, body_arg), span=call_span,
                statement_span=None, line=position.line, column=position.column + 1,
                context=Context.EXPRESSION, text=self._text(node), env=env,
            )
        )  # fmt: skip

    # -- credentials -----------------------------------------------------------------------------
    def _auth(self, node: cst.Call, lib: str, keywords: dict[str, cst.Arg]):
        """The `auth` slot (with its env) and the `drop` slots (Segment credentials)."""
        kind = AUTH_KIND.get(lib)
        if kind is None:
            return None, []
        args = list(node.args)
        drops: list[Slot] = []
        headers = keywords.get("headers")
        header_entry = None
        if headers is not None and isinstance(headers.value, cst.Dict):
            for i, element in enumerate(headers.value.elements):
                if (
                    isinstance(element, cst.DictElement)
                    and isinstance(element.key, cst.SimpleString)
                    and str(element.key.evaluated_value).lower() == "authorization"
                ):
                    header_entry = i
        if kind == "header":
            return self._header_auth(args, headers, header_entry), drops
        if header_entry is not None:  # the auth argument replaces it
            drops.append(self._element_slot(headers.value.elements, header_entry, "drop")[0])
        if "auth" in keywords:
            i = args.index(keywords["auth"])
            slot, prefix, suffix = self._element_slot(args, i, "auth", value_only=True)
            return (slot, auth_env(prefix, suffix, "", kind)), drops
        end = self._span(args[-1].value)[1]
        return (Slot(end, end, "auth"), auth_env(", auth=", "", "", kind)), drops

    def _header_auth(self, args, headers, entry):
        if headers is None:
            end = self._span(args[-1].value)[1]
            return Slot(end, end, "auth"), auth_env(
                ', headers={"Authorization": ', "}", "", "header"
            )
        value = headers.value
        if not isinstance(value, cst.Dict):
            text = self._text(value)
            return Slot(*self._span(value), "auth"), auth_env(
                "{**" + text + ', "Authorization": ', "}", text, "header"
            )
        if entry is not None:
            slot, prefix, suffix = self._element_slot(value.elements, entry, "auth",
                                                      value_only=True)  # fmt: skip
            return slot, auth_env(prefix, suffix, "", "header")
        if value.elements:
            end = self._span(value.elements[-1].value)[1]
            return Slot(end, end, "auth"), auth_env(', "Authorization": ', "", "", "header")
        start = self._span(value)[0] + 1
        return Slot(start, start, "auth"), auth_env('"Authorization": ', "", "", "header")

    def _element_slot(self, elements, i: int, name: str, value_only: bool = False):
        """A slot covering element i of an argument list / dict with one separator, so that
        rendering it empty removes it cleanly. Returns (slot, prefix, suffix): prefix is the
        separator and the element's text up to its value (`, auth=`), suffix the separator
        kept after it."""
        element = elements[i]
        start = self._span(element.keyword if getattr(element, "keyword", None) else
                           getattr(element, "key", None) or element.value)[0]  # fmt: skip
        value_start, end = self._span(element.value)
        if i > 0:
            sep_start = self._span(elements[i - 1].value)[1]
            prefix = self._between(sep_start, value_start)
            return Slot(sep_start, end, name), prefix, ""
        if len(elements) > 1:
            next_el = elements[i + 1]
            next_start = self._span(getattr(next_el, "keyword", None) or
                                    getattr(next_el, "key", None) or next_el.value)[0]  # fmt: skip
            return (Slot(start, next_start, name), self._between(start, value_start),
                    self._between(end, next_start))  # fmt: skip
        after = self.source[end:].lstrip()  # the only entry: its trailing comma goes too
        comma = len(self.source) - len(after) + 1 if after.startswith(b",") else end
        return Slot(start, comma, name), self._between(start, value_start), ""

    # -- arguments -----------------------------------------------------------------------------
    def _arg(self, node: cst.BaseExpression, name: str | None = None) -> Arg:
        return describe(node, self._span, self.source, name)


def find_http_calls(path: str, source: bytes, wrapper: MetadataWrapper, imported_constant,
                    extra_hosts: tuple[str, ...] = (), env_base: dict | None = None,
                    ) -> list[CallSite]:  # fmt: skip
    """Segment HTTP API calls of a parsed module. `imported_constant(module, name)` returns
    the URL value a project module's constant holds, or None."""
    module = wrapper.module
    if not any(token in source for token in (b"post", b"request", b"urlopen")):
        return []
    names = _Names(imported_constant)
    module.visit(names)
    names.finish()
    strings = _Strings(_module_assignments(module), names.imported)
    positions = wrapper.resolve(ByteSpanPositionProvider)
    lines = wrapper.resolve(PositionProvider)
    finder = _HttpFinder(path, source, names, strings, positions, lines, extra_hosts,
                         env_base or {})  # fmt: skip
    module.visit(finder)
    return finder.calls
