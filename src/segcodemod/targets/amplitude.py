"""Amplitude's policy over JS/TS findings (read by rules/amplitude/js.yaml).

@amplitude/analytics-node has ONE module-level client: a second `init` on it resets the queue
(or is ignored while the first runs) and drops events. Only the project's first module-level
Node client (files by path, then source order; an exported one first) keeps the module API;
every other Node init - one in a function, a constructor or a class field (it may run many
times), a second module-level client - gets env.instance: `own` (its own createInstance(), the
calls on it keep their receiver) or `escapes` (the client leaves the file, where its calls
cannot be told apart from the module client's: reported). Calls on an `own` client get
env.instance `own` too. An exported module-level client whose init cannot be awaited by its
importers is `own` as well (env.shared_instance: createInstance()'s flush() waits for init),
and so are the calls of other modules on it (through the imported binding, which they keep).

@amplitude/analytics-node also drops the queued events when flush() runs before init() has
finished: a module-level init that cannot be awaited exposes its promise (env.flush_waits) and
the flushes of the same client in the file wait for it (env.init_pending).

One `amplitude` namespace per file (env.namespace_taken): browser calls next to Node ones are
reported, and so are calls whose package differs from what `amplitude` already names.
"""

from __future__ import annotations

from segcodemod.languages import LANGUAGE_FAMILIES
from segcodemod.languages.js.modules import normalized
from segcodemod.languages.js.node_clients import (
    MODULE_INIT_PACKAGES,
    MODULE_INITS,
    UNAWAITED_EXPORTS,
)
from segcodemod.model import CallSite, Context, Findings, ProjectIndex

NODE_PACKAGE = "@amplitude/analytics-node"
BROWSER_PACKAGE = "@amplitude/analytics-browser"
RN_PACKAGE = "@amplitude/analytics-react-native"
PACKAGE = {"node": NODE_PACKAGE, "node-legacy": NODE_PACKAGE, "browser": BROWSER_PACKAGE,
           "react-native": RN_PACKAGE, "react-native-legacy": RN_PACKAGE}  # fmt: skip
NODE_SDKS = ("node", "node-legacy")
NAMESPACE = "amplitude"


def adjust(language: str, path: str, findings: Findings, project: ProjectIndex) -> None:
    if language not in LANGUAGE_FAMILIES["js"]:
        return
    sites = [s for s in findings.calls if s.sdk in PACKAGE]
    for site in sites:
        site.env.update(flush_waits=False, init_pending=False, instance="", shared_instance=False)
        site.env["namespace_taken"] = _namespace_taken(site, sites)
    _node_instances(sites, path, project)
    _link_node_flushes(sites)


def _namespace_taken(site: CallSite, sites: list[CallSite]) -> bool:
    if site.sdk == "browser" and any(s.sdk in NODE_SDKS for s in sites):
        return True
    names = site.env.get("top_level_names", {})
    return NAMESPACE in names and names[NAMESPACE] != PACKAGE[site.sdk]


def _primary_init_file(project: ProjectIndex) -> str | None:
    """The file whose first module-level Node init keeps the module client: one already
    calling amplitude.init (an earlier run), else the first (by path) with an exported Segment
    client, else the first with any."""
    done = [p for p, v in project.provided(MODULE_INIT_PACKAGES) if NODE_PACKAGE in v.split(",")]
    files = project.provided(MODULE_INITS)
    chosen = (
        (done[0] if done else None)
        or next((p for p, v in files if v == "exported"), None)
        or (files[0][0] if files else None)
    )
    return normalized(chosen) if chosen else None


def _is_node_new(site: CallSite) -> bool:
    return site.sdk in NODE_SDKS and site.method == "init" and site.env.get("name") == "new"


def _node_instances(sites: list[CallSite], path: str, project: ProjectIndex) -> None:
    primary = _primary_init_file(project)
    primary_file = primary is None or primary == normalized(path)
    inits = [s for s in sites if _is_node_new(s)]
    module_inits = [s for s in inits if s.env["module_level"] and not s.env["unawaited_export"]]
    first = next((s for s in module_inits if s.env["client_exported"]), None)
    first = first or (module_inits[0] if module_inits else None)
    if any(NODE_PACKAGE in s.env.get(MODULE_INIT_PACKAGES, ()) for s in sites):
        first = None  # the module client is taken already (an earlier run)
    owned: set[str] = set()
    for site in inits:
        if primary_file and site is first:
            continue
        client = site.env.get("defines_client") or site.env.get("holder_client")
        if site.env["unawaited_export"]:
            site.env.update(instance="own", shared_instance=True)
            owned.add(client or "")
            continue
        escapes = site.env["client_exported"]
        if not site.binding and site.env.get("init_holder") != "field":
            escapes = True  # not bound to a name: nothing to hold the instance
        site.env["instance"] = "escapes" if escapes else "own"
        if not escapes and client:
            owned.add(client)
    owned.discard("")
    imported: dict[str, set[str]] = {}  # project file -> its unawaited (own-instance) exports
    for site in sites:
        if site.method == "init":
            continue
        if site.env.get("client") in owned:
            site.env["instance"] = "own"
            continue
        source = site.env.get("client_import")
        if not source:
            continue
        if source["file"] not in imported:
            facts = project.files.get(source["file"])
            value = facts.provides.get(UNAWAITED_EXPORTS, "") if facts else ""
            imported[source["file"]] = set(filter(None, value.split(",")))
        if source["export"] in imported[source["file"]]:
            site.env["instance"] = "own"  # an imported own instance: keep the receiver


def _link_node_flushes(sites: list[CallSite]) -> None:
    pending = {
        s.env["defines_client"]: s
        for s in sites
        if s.method == "init" and s.sdk in NODE_SDKS and s.env.get("defines_client")
        and s.context is not Context.EXPRESSION and not s.env.get("can_await")
        and s.env.get("top_level") and not s.env.get("instance")
    }  # fmt: skip
    for s in sites:
        init = pending.get(s.env.get("client")) if s.method in ("flush", "shutdown") else None
        if init is not None:
            s.env["init_pending"] = True
            init.env["flush_waits"] = True
