"""React Native: `@segment/analytics-react-native`, for the TypeScript / TSX / JS frontend.

Two signature families (sdk-map §4; checked against the package's own sources: v1.5.3
`packages/core/src/analytics.ts`, 2.24.1 `lib/typescript/src/{client,analytics,types}.d.ts`):

- `react-native-legacy` (1.x): the default export is the client itself,
  `import analytics from '@segment/analytics-react-native'`; `await analytics.setup(writeKey,
  { recordScreenViews, trackAppLifecycleEvents, flushAt, android: { flushInterval }, ... })`;
  `track(event, properties?, options?)`, `screen(name, properties?, options?)`,
  `identify(userId | null, traits?, options?)`, `group(groupId, traits?, options?)`,
  `alias(newId, options?)`, `reset()`, `flush()`, `enable()`, `disable()`; all return
  Promise<void> (options: `{ integrations?, context? }`).
- `react-native` (2.x): `const segmentClient = createClient({ writeKey, ... })` (the init);
  `<AnalyticsProvider client={segmentClient}>` (a component: found as a site of method `other`,
  env.component `provider`); `useAnalytics()` (a hook, found as an init that makes a client:
  `const { track, screen } = useAnalytics()` or `const analytics = useAnalytics()`), whose
  methods are `track(event, properties?, enrichment?)`, `screen(name, properties?, enrichment?)`,
  `identify(userId?, traits?, enrichment?)`, `group(groupId, traits?, enrichment?)`,
  `alias(newUserId, enrichment?)`, `reset(resetAnonymousId?)`, `flush()`; calls on the created
  client take the same arguments.

The TypeScript frontend resolves the names (this module gives it the tables: what each export
is, which methods are which kinds) and builds the sites; `finish_sites` then adds what only React
Native sites need:

- env.component: `provider` (an `<AnalyticsProvider>` element: env.jsx_children is its
  children's text, re-indented for the element's place, env.jsx_single when that is one element)
  or `hook` (a `useAnalytics()` init; a destructuring declaration becomes a DECLARATION site, so a
  rule may delete it).
- CallSite.client: one client per family for the whole project (the engine migrates a client
  whole or not at all).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import TYPE_CHECKING

import tree_sitter as ts

from segcodemod.edits import indent_at
from segcodemod.languages.treesitter import named_children, span, text, walk
from segcodemod.model import CallSite, ClientId, Context

if TYPE_CHECKING:  # the frontend's own records (typescript.py imports this module)
    from segcodemod.languages.js.bindings import Call as _Call

RN, RN_LEGACY = "react-native", "react-native-legacy"
FAMILIES = (RN, RN_LEGACY)
PACKAGE = "@segment/analytics-react-native"
TARGET_PACKAGE = "@amplitude/analytics-react-native"  # what `amplitude` must name in a file

# what each export of the package is: name -> (origin kind, family); any other name is a type
EXPORTS = {
    "default": ("client", RN_LEGACY),  # 1.x: the client instance itself
    "createClient": ("factory", RN),
    "useAnalytics": ("hook", RN),
    "AnalyticsProvider": ("provider", RN),
}
_CALLS = ("track", "identify", "screen", "group", "alias", "reset", "flush")
METHODS = {
    RN: {name: name for name in _CALLS},
    RN_LEGACY: {**{name: name for name in _CALLS}, "setup": "init"},
}
PROVIDER = "provider"
HOOK = "hook"

JSX_ELEMENTS = ("jsx_element", "jsx_self_closing_element")


def destructured(pattern: ts.Node) -> Iterator[tuple[str, ts.Node]]:
    """(method name, local identifier) of `{ track, screen: logScreen }`; a rest element or a
    computed key binds nothing here (its names are not Segment methods the rules know)."""
    for prop in pattern.named_children:
        if prop.type == "shorthand_property_identifier_pattern":
            yield text(prop), prop
        elif prop.type == "pair_pattern":
            key, value = prop.child_by_field_name("key"), prop.child_by_field_name("value")
            named = key is not None and key.type == "property_identifier"
            if named and value is not None and value.type == "identifier":
                yield text(key), value


def provider_elements(root: ts.Node, is_provider: Callable[[ts.Node], bool]) -> list[ts.Node]:
    """`<AnalyticsProvider ...>` elements (the whole element) whose name is the imported
    component."""
    found = []
    for node in walk(root):
        if node.type not in JSX_ELEMENTS:
            continue
        opening = _opening(node)
        name = opening.child_by_field_name("name") if opening is not None else None
        if name is not None and name.type == "identifier" and is_provider(name):
            found.append(node)
    return found


def provider_name(element: ts.Node) -> ts.Node | None:
    opening = _opening(element)
    return opening.child_by_field_name("name") if opening is not None else None


def extra_references(element: ts.Node) -> list[ts.Node]:
    """Identifiers of a provider element that are accounted for by its site: the closing tag's
    name and the `client={x}` value (so neither keeps the import / the client's name alive); the
    function of `createClient(...)` / `useAnalytics()`."""
    if element.type == "call_expression":
        fn = element.child_by_field_name("function")
        return [fn] if fn is not None and fn.type == "identifier" else []
    if element.type not in JSX_ELEMENTS:
        return []
    out = []
    closing = next((c for c in element.named_children if c.type == "jsx_closing_element"), None)
    name = closing.child_by_field_name("name") if closing is not None else None
    if name is not None:
        out.append(name)
    client = _client_attribute(element)
    if client is not None and client.type == "identifier":
        out.append(client)
    return out


def finish_sites(
    found: list[_Call], sites: list[CallSite], referenced: Callable[[ts.Node], bool], source: bytes
) -> None:
    """Adds the React Native facts to the sites the frontend built (in place); `referenced`
    tells whether a declared name is used besides the calls found (e.g. in a React hook's
    dependency list). Each family is one client of the project (CallSite.client): the 1.x
    default export is a singleton, and 2.x hooks reach whichever client the provider was given,
    so all of its sites are migrated together or not at all."""
    for i, (c, site) in enumerate(zip(found, sites, strict=False)):
        if c.sdk not in FAMILIES:
            continue
        site.env["referenced"] = bool(site.env.get("keep_binding"))  # used besides its calls
        if c.origin.kind == "factory":
            site.env["component"] = "factory"
        if c.node.type in JSX_ELEMENTS:
            site = _provider_site(c.node, site, source)
        elif c.origin.kind == HOOK:
            site = _hook_site(c.node, site, referenced, source)
        sites[i] = replace(site, client=ClientId("js", f"{PACKAGE}:{c.sdk}"))


def _hook_site(call: ts.Node, site: CallSite, referenced, source: bytes) -> CallSite:
    env = {**site.env, "component": HOOK}
    declarator = call.parent
    if site.binding:
        start, end = site.statement_span or span(call)
        env["original"] = _dedent(source[start:end].decode("utf-8"), indent_at(source, start))
        return replace(site, env=env)
    if declarator is None or declarator.type != "variable_declarator":
        return replace(site, env=env)
    if declarator.child_by_field_name("name").type != "object_pattern":
        return replace(site, env=env)
    declaration = declarator.parent
    if len([d for d in named_children(declaration) if d.type == "variable_declarator"]) != 1:
        return replace(site, env=env)
    if declaration.parent is None or declaration.parent.type not in ("statement_block", "program"):
        return replace(site, env=env)
    env["original"] = _dedent(text(declaration), indent_at(source, declaration.start_byte))
    locals_ = [local for _, local in destructured(declarator.child_by_field_name("name"))]
    used = [text(local) for local in locals_ if referenced(local)]
    if used:  # a destructured name is used besides its calls: the declaration stays
        env.update(keep_binding=True, referenced=True, referenced_names=used)
    return replace(site, context=Context.DECLARATION, statement_span=span(declaration), env=env)


def _provider_site(element, site: CallSite, source: bytes) -> CallSite:
    children = [c for c in element.named_children if c.type not in _TAGS]
    meaningful = [c for c in children if c.type != "jsx_text" or text(c).strip()]
    opening, closing = _opening(element), element.named_children[-1]
    if len(meaningful) == 1 and meaningful[0].type in JSX_ELEMENTS:
        child = meaningful[0]
        inner = _dedent(text(child), indent_at(source, child.start_byte))
        single = True
    elif element.type == "jsx_self_closing_element":
        inner, single = "", False
    else:
        raw = source[opening.end_byte : closing.start_byte].decode("utf-8")
        inner, single = _dedent(raw, indent_at(source, element.start_byte)), False
    env = {
        **site.env,
        "component": PROVIDER,
        "jsx_children": inner,
        "jsx_single": single,
        "provider_props": [text(a) for a in _attributes(element) if _attr_name(a) != "client"],
    }
    return replace(site, env=env)


_TAGS = ("jsx_opening_element", "jsx_closing_element")


def _opening(element: ts.Node) -> ts.Node | None:
    if element.type == "jsx_self_closing_element":
        return element
    return next((c for c in element.named_children if c.type == "jsx_opening_element"), None)


def _attributes(element: ts.Node) -> list[ts.Node]:
    opening = _opening(element)
    if opening is None:
        return []
    return [c for c in opening.named_children if c.type in ("jsx_attribute", "jsx_expression")]


def _attr_name(attribute: ts.Node) -> str:
    if attribute.type != "jsx_attribute" or not attribute.named_children:
        return "..."
    return text(attribute.named_children[0])


def _client_attribute(element: ts.Node) -> ts.Node | None:
    """The expression of `client={x}`."""
    for attribute in _attributes(element):
        if _attr_name(attribute) == "client" and len(attribute.named_children) == 2:
            value = attribute.named_children[1]
            if value.type == "jsx_expression" and value.named_children:
                return value.named_children[0]
    return None


def _dedent(code: str, indent: str) -> str:
    """Continuation lines relative to `indent` (the rewrite re-indents them for its place)."""
    first, *rest = code.split("\n")
    return "\n".join([first] + [line.removeprefix(indent) for line in rest])
