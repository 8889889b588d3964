"""The tracking plan exported for the target's own planning tool.

- Amplitude Data: the request bodies of the Taxonomy API (`POST /api/2/taxonomy/event`,
  `/event-property`, `/user-property`), one list per endpoint.
- mParticle: a Data Plan version document (`version_document.data_points`, as the Data Planning
  API and the mParticle CLI take it): one `custom_event` or `screen_view` point per event, with
  a JSON Schema of its custom attributes, and one `user_attributes` point.
"""

from __future__ import annotations

import json
from typing import Any

from segcodemod.report.plan import Key, TrackingPlan

DESCRIPTION = "Migrated from Segment by segcodemod"
AMPLITUDE_TYPES = {"string", "number", "boolean"}


def amplitude_taxonomy(plan: TrackingPlan) -> dict[str, list[dict[str, Any]]]:
    events, properties = [], []
    for e in sorted(plan.events.values(), key=lambda e: e.after):
        if any(x["event_type"] == e.after for x in events):
            continue
        events.append({"event_type": e.after, "category": "Segment migration",
                       "description": f"{DESCRIPTION} ({e.kind} {e.name!r})"})  # fmt: skip
        for key in {k.after: k for k in e.properties.values()}.values():  # renames may merge
            properties.append({"event_type": e.after, "event_property": key.after,
                               "description": DESCRIPTION, "type": _amplitude_type(key),
                               "is_required": False})  # fmt: skip
    users = [{"user_property": k.after, "description": DESCRIPTION, "type": _amplitude_type(k)}
             for k in plan.traits.values()]  # fmt: skip
    return {"events": events, "event_properties": properties, "user_properties": users}


def _amplitude_type(key: Key) -> str:
    return key.type if key.type in AMPLITUDE_TYPES else "any"


def mparticle_data_plan(plan: TrackingPlan, event_type: str = "other") -> dict[str, Any]:
    points = []
    for e in sorted(plan.events.values(), key=lambda e: (e.kind, e.after)):
        if e.kind == "track":
            match = {
                "type": "custom_event",
                "criteria": {"event_name": e.after, "custom_event_type": event_type},
            }
        else:
            match = {"type": "screen_view", "criteria": {"screen_name": e.after}}
        attributes = _object_schema(e.properties.values())
        definition = {
            "properties": {
                "data": {
                    "additionalProperties": True,
                    "properties": {"custom_attributes": attributes},
                }
            }
        }
        points.append({"description": f"{DESCRIPTION} ({e.kind} {e.name!r})", "match": match,
                       "validator": {"type": "json_schema", "definition": definition}})  # fmt: skip
    if plan.traits:
        validator = {"type": "json_schema", "definition": _object_schema(plan.traits.values())}
        points.append({"description": f"{DESCRIPTION}: identify traits",
                       "match": {"type": "user_attributes", "criteria": {}},
                       "validator": validator})  # fmt: skip
    return {"version_description": DESCRIPTION, "version_document": {"data_points": points}}


def _object_schema(keys) -> dict[str, Any]:
    properties = {}
    for k in keys:
        entry: dict[str, Any] = {"description": ""}
        if k.type != "any":
            entry["type"] = k.type
        properties[k.after] = entry
    return {"additionalProperties": True, "properties": properties}


def export_plan(plan: TrackingPlan, kind: str, settings: dict) -> str:
    if kind == "amplitude":
        data = amplitude_taxonomy(plan)
    else:
        data = mparticle_data_plan(plan, str(settings.get("event_type", "other")))
    return json.dumps(data, indent=2) + "\n"
