"""Target-specific policy over what a frontend found, run before the rules (discovered: the
module `segcodemod.targets.<target>`, when it exists, may define
`adjust(language, path, findings, project)`, which adds `env` facts to the call sites).

Frontends state facts about the code; a decision only one target needs (e.g. Amplitude Node's
one module-level client) is made here, next to that target's rules.
"""

from __future__ import annotations

import importlib
from functools import cache
from types import ModuleType

from segcodemod.model import Findings, ProjectIndex


@cache
def _policy(target: str) -> ModuleType | None:
    if not target.isidentifier():
        return None
    try:
        return importlib.import_module(f"{__name__}.{target}")
    except ModuleNotFoundError:
        return None


def adjust(target: str, language: str, path: str, findings: Findings, project: ProjectIndex):
    """Let the target's policy module add its facts to the call sites (in place)."""
    policy = _policy(target)
    hook = getattr(policy, "adjust", None) if policy is not None else None
    if hook is not None and findings.calls:
        hook(language, path, findings, project)
