"""Inventory of Segment usage (a tracking plan): call sites, event names, property keys.

Arguments are bound with the target's rules, so event names and keys come from the same
per-SDK signatures the rewrite uses.
"""

from __future__ import annotations

import csv
import io
import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

from segcodemod.edits import split_bom
from segcodemod.engine import candidates, index_project
from segcodemod.httpcalls import host_tokens, hosts_from_settings
from segcodemod.languages import ParseError, frontend, language_for
from segcodemod.model import CallSite
from segcodemod.rules.match import Captures, first_match
from segcodemod.rules.model import RuleSet

NAME_CAPTURES = ("event", "name", "title", "group_id", "groupId")
MAP_CAPTURES = ("properties", "traits")


@dataclass(frozen=True)
class UsageRow:
    path: str
    line: int
    language: str
    sdk: str
    method: str
    name: str  # event / page / screen name or group id, when a literal
    keys: str  # property or trait keys of a literal, comma-separated


@dataclass(frozen=True)
class BoundCall:
    """A Segment call site with its arguments bound by the target's first matching rule."""

    call: CallSite
    captures: Captures


def bound_calls(files: list[str], root: str, rules: RuleSet) -> list[BoundCall]:
    hosts = hosts_from_settings(rules.settings)
    todo, project = index_project(files, candidates(files, host_tokens(hosts)), root, hosts)
    out: list[BoundCall] = []
    for path in todo:
        try:
            body = split_bom(Path(path).read_bytes())[1]
            findings = frontend(language_for(path)).find(path, body, project)
        except (OSError, ParseError, UnicodeDecodeError):
            continue
        for call in findings.calls:
            found = first_match(rules, call)
            out.append(BoundCall(call, found[1] if found else {}))
    return out


def scan(files: list[str], root: str, rules: RuleSet) -> list[UsageRow]:
    return [_row(b.call, b.captures, root) for b in bound_calls(files, root, rules)]


def _row(call: CallSite, captures: Captures, root: str) -> UsageRow:
    name = next((a.value or a.text for k in NAME_CAPTURES if (a := captures.get(k))), "")
    keys = next(
        (
            ",".join(i.key or "?" for i in a.items or ())
            for k in MAP_CAPTURES
            if (a := captures.get(k))
        ),
        "",
    )
    rel = os.path.relpath(call.path, root)
    return UsageRow(rel, call.line, call.language, call.sdk, call.method, name, keys)


def render(rows: list[UsageRow], fmt: str) -> str:
    if fmt == "json":
        return json.dumps([asdict(r) for r in rows], indent=2)
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(UsageRow.__dataclass_fields__)
        writer.writerows([list(asdict(r).values()) for r in rows])
        return out.getvalue()
    header = ["location", "sdk", "method", "name", "keys"]
    table = [[f"{r.path}:{r.line}", r.sdk, r.method, r.name, r.keys] for r in rows]
    if fmt == "md":
        lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        return "\n".join(
            lines + ["| " + " | ".join(c.replace("|", "\\|") for c in t) + " |" for t in table]
        )
    widths = [max(len(x) for x in col) for col in zip(header, *table, strict=False)]
    http = sum(1 for r in rows if r.sdk == "http")  # Segment HTTP Tracking API call sites
    footer = [f"{len(rows)} call sites: {len(rows) - http} SDK, {http} HTTP API"] if rows else []
    return "\n".join([*("  ".join(c.ljust(w) for c, w in zip(t, widths, strict=False)).rstrip()
                       for t in [header, *table]), *footer])  # fmt: skip
