"""The project's Segment clients as one graph: which sites are one client, and which clients
must stay whole because one of their sites cannot be migrated.

This is the typed accumulator of the scan pass (OpenRewrite's scanning recipes): the plan of
every file yields `SiteOutcome`s and `links`; `blockers` folds them into the clients that are
blocked, and the edit pass plans the files holding their sites again with that set.
"""

from __future__ import annotations

import os
from collections.abc import Iterable

from segcodemod.model import Blocker, CallSite, ClientId, SiteOutcome

KEPT_CODES = ("kept", "baseline")  # sites kept on purpose (keep.py)
KEPT_CLIENT_CODE = "kept-client"  # a site kept because a call of its client is kept
BLOCKED_CODE = "client-blocked"  # a site left only because another site of its client is left


def client_of(call: CallSite) -> ClientId | None:
    """The site's client: `CallSite.client`, or for frontends that name a client only within
    the file (env.client on calls, env.defines_client on the init) an id made unique by the
    file's path."""
    if call.client is not None:
        return call.client
    key = call.env.get("client") or call.env.get("defines_client")
    return _file_local(call, key) if key else None


def env_links(call: CallSite) -> list[tuple[ClientId, ClientId]]:
    """An init that binds one client (env.defines_client) from another (env.client, e.g. a
    Configuration built elsewhere): both are one client."""
    uses, defines = call.env.get("client"), call.env.get("defines_client")
    if not uses or not defines or uses == defines:
        return []
    return [(_file_local(call, uses), _file_local(call, defines))]


def _file_local(call: CallSite, key: str) -> ClientId:
    return ClientId(call.language, f"{call.path}#{key}")


class ClientGraph:
    """Union-find over client ids: a link says two ids are one client."""

    def __init__(self, links: Iterable[tuple[ClientId, ClientId]] = ()) -> None:
        self._parent: dict[ClientId, ClientId] = {}
        for a, b in links:
            self.union(a, b)

    def find(self, client: ClientId) -> ClientId:
        parent = self._parent.setdefault(client, client)
        if parent != client:
            parent = self._parent[client] = self.find(parent)
        return parent

    def union(self, a: ClientId, b: ClientId) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self._parent[max(ra, rb)] = min(ra, rb)

    def blockers(self, outcomes: Iterable[SiteOutcome], root: str = "") -> dict[ClientId, Blocker]:
        """Every client one of whose sites (or of the sites of a client linked to it) is left
        for a reason of its own -> the first such site (by path and line), paths relative to
        `root` when given."""
        outcomes = list(outcomes)
        first: dict[ClientId, Blocker] = {}
        # a site kept on purpose blocks its client too, but a site left for a reason names it
        ordered = sorted(outcomes, key=lambda o: (o.code in KEPT_CODES, o.path, o.line, o.reason))
        for o in ordered:
            if o.left and o.code not in (BLOCKED_CODE, KEPT_CLIENT_CODE):
                where = os.path.relpath(o.path, root) if root else os.path.basename(o.path)
                blocker = Blocker(where, o.line, o.reason, o.code)
                first.setdefault(self.find(o.client), blocker)
        members = {o.client for o in outcomes} | set(self._parent)
        return {c: first[self.find(c)] for c in sorted(members) if self.find(c) in first}


def blocked_message(client: ClientId, blocker: Blocker) -> str:
    reason = blocker.reason.rstrip(".")
    return (
        f"not migrated: this Segment client ({client}) has a call that stays at "
        f"{blocker.path}:{blocker.line} ({reason}); its init and every call stay as they were"
    )
