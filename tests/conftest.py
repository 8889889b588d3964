"""Every call site a frontend hands to the rules carries only the env facts declared for its
language in signatures.py, with values of the declared type (checked in every test that runs
the engine in-process)."""

from __future__ import annotations

import pytest

from segcodemod import engine
from segcodemod.signatures import ENV_KEYS


def undeclared_env(calls) -> list[str]:
    problems = []
    for call in calls:
        declared = ENV_KEYS.get(call.language, {})
        for key, value in call.env.items():
            if key not in declared:
                problems.append(f"{call.path}:{call.line}: {call.language} env.{key} undeclared")
            elif value is not None and not isinstance(value, declared[key]):
                problems.append(
                    f"{call.path}:{call.line}: env.{key} is {type(value).__name__}, "
                    f"declared {declared[key].__name__}"
                )
    return problems


@pytest.fixture(autouse=True, scope="session")
def _env_facts_are_declared():
    original = engine.plan_file

    def checked(findings, *args, **kwargs):
        problems = undeclared_env(findings.calls)
        assert not problems, "\n".join(problems)
        return original(findings, *args, **kwargs)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(engine, "plan_file", checked)
        yield
