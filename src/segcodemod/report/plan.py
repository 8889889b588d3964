"""The tracking plan a codebase implements, before and after the migration.

Built from the call sites bound by the target's rules (scan.bound_calls): event names (track,
page, screen), their property keys, identify traits and group traits, each with the name it
has after the migration (the rename maps of the config, the target's page/screen naming).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from segcodemod.model import Arg, ArgKind
from segcodemod.scan import BoundCall

EVENT_KINDS = ("track", "page", "screen")
VALUE_TYPES = {ArgKind.STRING: "string", ArgKind.TEMPLATE: "string", ArgKind.NUMBER: "number",
               ArgKind.BOOL: "boolean", ArgKind.ARRAY: "array", ArgKind.OBJECT: "object",
               ArgKind.NULL: "null"}  # fmt: skip
DYNAMIC = "(set at run time)"


@dataclass
class Key:
    """A property, trait or group trait key."""

    name: str
    after: str
    types: set[str] = field(default_factory=set)  # value types seen at the call sites

    @property
    def type(self) -> str:
        return next(iter(self.types)) if len(self.types) == 1 else "any"


@dataclass
class Event:
    name: str  # as Segment sent it (page/screen: "<kind>: category / name")
    kind: str  # track | page | screen
    after: str  # the event name the target receives
    properties: dict[str, Key] = field(default_factory=dict)
    sites: list[str] = field(default_factory=list)  # path:line


@dataclass
class TrackingPlan:
    events: dict[tuple[str, str], Event] = field(default_factory=dict)
    traits: dict[str, Key] = field(default_factory=dict)  # identify traits -> user properties
    group_traits: dict[str, Key] = field(default_factory=dict)
    groups: list[str] = field(default_factory=list)  # literal group ids
    dynamic_events: list[str] = field(default_factory=list)  # sites whose name is not literal

    @property
    def renamed(self) -> list[Event]:
        return [e for e in self.events.values() if e.after != e.name and e.kind == "track"]


@dataclass(frozen=True)
class Naming:
    """How the target names what Segment sent (from the rules' settings and the config)."""

    target: str
    settings: dict[str, Any]
    events: dict[str, str]
    properties: dict[str, str]

    def track(self, name: str) -> str:
        return self.events.get(name, name)

    def view(self, kind: str, name: str | None, category: str | None) -> str:
        """The event a page()/screen() becomes (Amplitude: 'Viewed {category} {name} Page';
        mParticle: a page/screen view named after the page)."""
        if self.target == "amplitude":
            if not (name or category):
                return str(self.settings.get(f"{kind}_event_unnamed", ""))
            pattern = str(self.settings.get(f"{kind}_event", "{category} {name}"))
            return " ".join(pattern.format(category=category or "", name=name or "").split())
        if not (name or category):
            return str(self.settings.get(f"{kind}_unnamed", "") or "")
        return name or category or ""

    def key(self, name: str) -> str:
        return self.properties.get(name, name)


def _literal(arg: Arg | None) -> str | None:
    return arg.value if arg is not None and arg.kind is ArgKind.STRING else None


def _keys(arg: Arg | None, naming: Naming, into: dict[str, Key]) -> None:
    if arg is None or arg.kind is not ArgKind.OBJECT:
        return
    for item in arg.items or ():
        if item.key is None or item.spread:
            continue
        key = into.setdefault(item.key, Key(item.key, naming.key(item.key)))
        key.types.add(VALUE_TYPES.get(item.value.kind, "any"))


def build_plan(bound: list[BoundCall], naming: Naming, where) -> TrackingPlan:
    """`where(call)` -> the `path:line` shown for a site."""
    plan = TrackingPlan()
    for b in bound:
        call, caps = b.call, b.captures
        if call.method in EVENT_KINDS:
            _event(plan, call.method, caps, naming, where(call))
        elif call.method == "identify":
            _keys(caps.get("traits"), naming, plan.traits)
        elif call.method == "group":
            group_id = _literal(caps.get("group_id") or caps.get("groupId"))
            if group_id and group_id not in plan.groups:
                plan.groups.append(group_id)
            _keys(caps.get("traits"), naming, plan.group_traits)
    return plan


def _event(plan: TrackingPlan, kind: str, caps, naming: Naming, site: str) -> None:
    if kind == "track":
        name = _literal(caps.get("event"))
        if name is None:
            plan.dynamic_events.append(site)
            return
        label, after = name, naming.track(name)
    else:
        name_arg, category_arg = caps.get("name") or caps.get("title"), caps.get("category")
        name, category = _literal(name_arg), _literal(category_arg)
        if (name_arg is not None and name is None) or (category_arg is not None and not category):
            plan.dynamic_events.append(site)
            return
        label = " / ".join(p for p in (category, name) if p) or "(unnamed)"
        after = naming.view(kind, name, category)
    event = plan.events.setdefault((kind, label), Event(label, kind, after))
    event.sites.append(site)
    _keys(caps.get("properties"), naming, event.properties)
