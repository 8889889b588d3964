"""Segment HTTP Tracking API calls (`POST https://api.segment.io/v1/track`, ...): the parts
every language's detection pass shares.

A frontend finds a POST made with a known HTTP client (requests, httpx, aiohttp, urllib3;
fetch, axios, got) whose URL resolves, within the file (constants, f-strings / template
literals, `+`), to a Segment host. It describes the call as a `CallSite` with sdk `http`,
method = the endpoint (`identify`, `track`, `page`, `screen`, `group`, `alias`, `batch`,
`import`; `other` when the host is Segment but the path is not known statically) and:

- `args`: `url` and `body` (the JSON value sent: a dict / object literal with its items, or
  whatever expression it is; kind NULL when no JSON body could be found);
- `env.http_parts`: the call's source text cut into `[text, slot]` pairs around the spans a
  rule replaces (`url`, `body`, `auth`); `drop` slots (Segment credentials the target must not
  see) are already left out of the text. Rules splice their own url / body / auth text in, so
  everything else in the call (timeouts, other headers, `await`, the response handling) stays
  as written;
- `env.http_auth`: how the `auth` slot is written: `prefix` + <credential value> + `suffix`
  to send credentials, `removed` to send none (Amplitude), `kind` = the value's shape
  (`tuple`: requests/httpx `auth=(key, secret)`, `aiohttp`: `aiohttp.BasicAuth(key, secret)`,
  `header`: an `Authorization` header value);
- `env.library`, `env.endpoint`, `env.url_value` (the resolved URL, `…` for unknown parts),
  `env.body_form` (`json`: sent as JSON by the client, `dumps`: serialised in the call,
  `unknown`).
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

SEGMENT_HOSTS = ("api.segment.io", "events.eu1.segmentapis.com")
ENDPOINTS = ("identify", "track", "page", "screen", "group", "alias", "batch", "import")
UNKNOWN = "\u2026"  # stands for a part of a URL that is not known statically
CONST_KEY = "http_const:"  # FileFacts.provides key prefix: module constant -> its URL value
HOSTS_SETTING = "segment_hosts"  # extra hosts (comma-separated or a list): proxies, custom domains


def hosts_from_settings(settings) -> tuple[str, ...]:
    """Extra Segment hosts from the `segment_hosts` setting (config / --set)."""
    value = dict(settings or {}).get(HOSTS_SETTING) or ()
    if isinstance(value, str):
        value = value.split(",")
    return tuple(h.strip().lower() for h in value if str(h).strip())


def host_tokens(hosts: tuple[str, ...]) -> tuple[bytes, ...]:
    """Prefilter tokens for configured hosts (a file naming only a proxy host must be read)."""
    return tuple(h.encode() for h in hosts)


def endpoint_of(url: str, extra_hosts: tuple[str, ...] = ()) -> str | None:
    """The endpoint a (partly known) URL posts to: one of ENDPOINTS, `other` for a Segment
    host with a path not known statically, None when it is not a Segment Tracking API URL."""
    if UNKNOWN in url.split("//", 1)[-1].split("/", 1)[0] or "://" not in url:
        return None
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
    except ValueError:
        return None
    if host not in SEGMENT_HOSTS and host not in extra_hosts:
        return None
    path = parts.path.rstrip("/")
    if UNKNOWN in path:
        return "other"
    head, _, kind = path.rpartition("/")
    return kind if head.endswith("/v1") and kind in ENDPOINTS else None


def maybe_segment_url(value: str) -> bool:
    """Worth recording as a constant other files may import (the index does not know the
    configured hosts: keep anything that looks like a Segment base or endpoint URL)."""
    return value.startswith("http") and (
        any(h in value for h in SEGMENT_HOSTS) or "/v1" in value or "segment" in value.lower()
    )


@dataclass(frozen=True)
class Slot:
    """A span of the call a rule rewrites: `url`, `body`, `auth` (rendered by the rule),
    `drop` (removed)."""

    start: int
    end: int
    name: str


def splice_parts(source: bytes, call_span: tuple[int, int], slots: list[Slot], indent: str):
    """`[text, slot]` pairs covering the call: text before each slot, then the slot name;
    the last pair has slot "". Continuation lines lose the statement's indentation (the
    rewrite is indented again as a whole)."""
    out: list[list[str]] = []
    pos = call_span[0]
    pending = ""
    for slot in sorted(slots, key=lambda s: (s.start, s.end)):
        pending += source[pos : slot.start].decode("utf-8")
        pos = max(pos, slot.end)
        if slot.name == "drop":
            continue
        out.append([dedent(pending, indent), slot.name])
        pending = ""
    pending += source[pos : call_span[1]].decode("utf-8")
    out.append([dedent(pending, indent), ""])
    return out


def dedent(text: str, indent: str) -> str:
    if "\n" not in text or not indent:
        return text
    first, *rest = text.split("\n")
    return "\n".join([first] + [line.removeprefix(indent) for line in rest])


def auth_env(prefix: str, suffix: str, removed: str, kind: str) -> dict[str, str]:
    return {"prefix": prefix, "suffix": suffix, "removed": removed, "kind": kind}


def layout_of(body_text: str, indent: str, closers: str = "}") -> dict[str, str] | None:
    """How a multi-line dict / object literal body is laid out, so the rewritten body keeps
    one entry per line: `lead` (line break + indentation before each entry), `trailing` (","
    after the last entry, or ""), `close` (line break + indentation before the brace)."""
    if "\n" not in body_text or len(body_text) < 2 or body_text[-1] not in closers:
        return None
    inner = body_text[1:-1]
    stripped_start = inner.lstrip()
    lead = inner[: len(inner) - len(stripped_start)]
    stripped_end = inner.rstrip()
    close = inner[len(stripped_end) :]
    if "\n" not in lead or "\n" not in close or lead.count("\n") > 1 or "#" in lead:
        return None
    lead = "\n" + lead.rsplit("\n", 1)[1]
    close = "\n" + close.rsplit("\n", 1)[1]
    return {
        "lead": dedent(lead, indent),
        "close": dedent(close, indent),
        "trailing": "," if stripped_end.endswith(",") else "",
    }
