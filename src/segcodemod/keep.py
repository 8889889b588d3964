"""Calls kept on purpose: the inline `segcodemod: keep <reason>` comment and the baseline.

A kept call stays exactly as it was (no edit, no TODO mark), is reported as `kept` and does
not fail `check`. The baseline (`segcodemod baseline` writes it) lists the open items of a
run by file, kind, call text (whitespace collapsed) and occurrence of that text in the file,
so it still matches when lines move.
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from segcodemod.edits import line_end, line_start
from segcodemod.model import CallRecord, CallSite
from segcodemod.rules.yamlsource import RuleError

BASELINE_FILE = ".segcodemod-baseline.json"
BASELINE_REASON = f"listed in the baseline ({BASELINE_FILE})"
MARK_KIND = "unknown"  # the kind of a TODO mark left by an earlier run (no call is seen)

_ON_LINE = re.compile(rb"segcodemod:[ \t]*keep\b([^\r\n]*)")
_ALONE_ABOVE = re.compile(rb"^[ \t]*(?:#|//|/\*|\{/\*|\*)[ \t]*segcodemod:[ \t]*keep\b([^\r\n]*)")
_CLOSERS = ("*/}", "*/", "-->")

SiteKey = tuple[str, str, int]  # (kind, call text with whitespace collapsed, occurrence)


def keep_comment(call: CallSite, body: bytes) -> str | None:
    """The reason of a `segcodemod: keep` comment on one of the call's lines, or alone on the
    line above it; None when there is none."""
    start, end = call.statement_span or call.span
    first = line_start(body, start)
    found = _ON_LINE.search(body[first : line_end(body, max(end - 1, first))])
    if found is None and first > 0:
        found = _ALONE_ABOVE.match(body[line_start(body, first - 1) : first])
    if found is None:
        return None
    reason = found.group(1).decode("utf-8", "replace").strip()
    for closer in _CLOSERS:
        reason = reason.removesuffix(closer).strip()
    return reason or "no reason given"


def normalized(text: str) -> str:
    return " ".join(text.split())


def site_keys(sites: Iterable[tuple[str, str]]) -> list[SiteKey]:
    """(kind, text) of the sites of one file, in order -> their keys (nth occurrence)."""
    seen: Counter = Counter()
    out = []
    for kind, text in sites:
        key = (kind, normalized(text))
        out.append((*key, seen[key]))
        seen[key] += 1
    return out


def record_text(record: CallRecord) -> str:
    """What identifies a site in the baseline: the call text (a mark: its message)."""
    return record.text if record.kind != MARK_KIND else record.reason


def baseline_json(records: list[CallRecord], base: str) -> str:
    """The baseline of a run: every open item (todo, unsupported), relative to `base`."""
    entries = []
    by_file: dict[str, list[CallRecord]] = {}
    for r in records:
        by_file.setdefault(r.path, []).append(r)
    for path, file_records in sorted(by_file.items()):
        keys = site_keys((r.kind, record_text(r)) for r in file_records)
        for record, (kind, text, occurrence) in zip(file_records, keys, strict=True):
            if record.outcome.needs_person:
                rel = os.path.relpath(path, base).replace(os.sep, "/")
                entries.append({"path": rel, "kind": kind, "text": text,
                                "occurrence": occurrence, "rule": record.rule_id or None,
                                "reason": record.reason})  # fmt: skip
    return json.dumps({"version": 1, "entries": entries}, indent=2) + "\n"


def load_baseline(path: str, base: str) -> dict[str, frozenset[SiteKey]]:
    """A baseline file -> absolute path -> the keys it lists; errors name the file."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        entries = data["entries"]
        out: dict[str, set[SiteKey]] = {}
        for e in entries:
            key = (str(e["kind"]), normalized(str(e["text"])), int(e["occurrence"]))
            out.setdefault(os.path.join(base, e["path"]), set()).add(key)
    except json.JSONDecodeError as exc:
        raise RuleError(path, exc.lineno, "json", exc.msg) from exc
    except (OSError, KeyError, TypeError, ValueError) as exc:
        raise RuleError(path, 1, "entries", f"not a segcodemod baseline ({exc!r})") from exc
    return {p: frozenset(keys) for p, keys in out.items()}
