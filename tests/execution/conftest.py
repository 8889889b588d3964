"""Fixtures for the execution tests (see README.md)."""

from __future__ import annotations

import pytest

from .runner import NodeUnavailable, ensure_node_deps


@pytest.fixture(scope="session")
def node_sdks() -> None:
    """Install tests/execution/node's pinned SDKs (``npm ci``) once per session.

    Skips the requesting test, with the reason, when node/npm are missing or node is too old;
    a failing ``npm ci`` is an error, not a skip.
    """
    try:
        ensure_node_deps()
    except NodeUnavailable as exc:
        pytest.skip(f"Node execution tests skipped: {exc}")
