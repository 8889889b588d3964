"""The rule file format as pydantic models: every field is checked before a rule compiles,
and the JSON Schema published as schemas/rules.schema.json is generated from these models
(`python -m segcodemod.rules.schema > schemas/rules.schema.json`; a test keeps it in sync).

Errors come out in the tool's one-line style, `file:line: field: message`, with a "did you
mean" hint for a misspelt field or value.
"""

from __future__ import annotations

import difflib
import json
from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError

from segcodemod.languages import LANGUAGE_FAMILIES, LANGUAGES
from segcodemod.rules.yamlsource import Located, LocatedList, RuleError
from segcodemod.signatures import SDK_NAMES

TARGETS = ("amplitude", "mparticle")
METHODS = (
    "init", "import", "identify", "track", "page", "screen", "group", "alias",
    "reset", "flush", "shutdown", "other", "batch", "dependency",
)  # fmt: skip
CONTEXTS = ("statement", "declaration", "expression")

Target = Literal[TARGETS]
Language = Literal[LANGUAGES + tuple(LANGUAGE_FAMILIES)]
Sdk = Literal[SDK_NAMES]
Method = Literal[METHODS]
Site = Literal[CONTEXTS]


def _one_or_many(value: Any) -> Any:
    return [value] if isinstance(value, str) else value


def OneOrMany(item: Any) -> Any:  # noqa: N802 (a type factory)
    """A value or a non-empty list of them (`sdk: node` or `sdk: [node, node-legacy]`)."""
    return Annotated[
        list[item],
        Field(min_length=1),
        BeforeValidator(_one_or_many, json_schema_input_type=Union[item, list[item]]),  # noqa: UP007
    ]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class Guard(Strict):
    """`unsupported_when` entry: leave the call (TODO comment, report) when `if` holds."""

    if_: str = Field(alias="if", description="jinja expression over captures, env, settings")
    reason: str
    name: str | None = Field(
        None, description="named guard: an override with the same name replaces it"
    )


class Case(Strict):
    """A test case: `before` must make THIS rule fire and give `after` (or report
    `unsupported`). `after` may be left out: `rules test -U` writes it."""

    before: str
    after: str | None = None
    unsupported: str | None = Field(None, description="substring of the reason reported")
    language: Language | None = None
    file: str | None = Field(None, description="file name of the case (manifests)")
    settings: dict[str, Any] | None = None


class Valid(Strict):
    """Code this rule must not fire on."""

    code: str
    language: Language | None = None
    file: str | None = None
    settings: dict[str, Any] | None = None


ValidCase = Annotated[
    Valid,
    BeforeValidator(
        lambda v: {"code": v} if isinstance(v, str) else v, json_schema_input_type=str | Valid
    ),
]


class Match(Strict):
    sdk: OneOrMany(Sdk) | None = None
    method: OneOrMany(Method)
    args: str | list[Any] | None = Field(
        None, description='parameters, e.g. "user_id?, event, properties?:object"'
    )
    context: OneOrMany(Site) | None = None
    env: dict[str, Any] | None = Field(None, description="frontend facts must equal (one of)")


class Constraint(Strict):
    """What a pattern's metavariable (or callee) must be."""

    kind: OneOrMany(str) | None = Field(None, description="tree-sitter node kind(s)")
    literal: bool | str | None = Field(
        None, description="true: any string literal; a string: that literal's value"
    )
    regex: str | None = Field(None, description="searched in the node's source text")
    imported_from: str | None = Field(
        None, alias="imported-from", description="its name is imported from this module"
    )
    is_segment_client: bool | None = Field(
        None, alias="is-segment-client", description="a Segment client the frontend resolved"
    )
    assigned_from: str | None = Field(
        None, alias="assigned-from", description="its variable is assigned this pattern"
    )


class RenameEvent(Strict):
    from_: str = Field(alias="from")
    to: str


_TEMPLATE = "jinja template (captures, receiver, env, settings, ...)"


class Rule(Strict):
    id: str = Field(min_length=1)
    description: str | None = None
    target: Target | None = None
    language: OneOrMany(Language) | None = None
    sdk: OneOrMany(Sdk) | None = None
    extends: str | None = Field(None, description="id of a rule this one overrides")
    match: Match | None = None
    pattern: str | None = Field(None, description="code pattern with $X / $$$X metavariables")
    where: dict[str, Constraint] | None = Field(None, description="metavariable constraints")
    callee: Constraint | None = Field(None, description="constraint on the pattern's callee")
    fix: str | None = Field(None, description="replacement text using the metavariables")
    rename_event: RenameEvent | None = Field(
        None, description="rename one event in every migrated track call"
    )
    rewrite: str | None = Field(None, description=_TEMPLATE)
    expression: str | None = Field(None, description=_TEMPLATE)
    imports: OneOrMany(str) | None = None
    helpers: OneOrMany(str) | None = None
    unsupported_when: list[Guard] | None = None
    todo: str | None = None
    unsupported: str | None = None
    note: str | None = None
    file_note: str | None = None
    cases: list[Case] | None = None
    tests: list[Case] | None = Field(None, description="older name of `cases`")
    valid: list[ValidCase] | None = None


class RuleFile(Strict):
    description: str | None = None
    target: Target | None = None
    language: OneOrMany(Language) | None = None
    sdk: OneOrMany(Sdk) | None = None
    settings: dict[str, Any] | None = None
    prelude: str | None = Field(None, description="jinja macros every template imports")
    rules: list[Rule]


def json_schema() -> dict[str, Any]:
    schema = RuleFile.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "segcodemod rule file"
    return schema


# -- checking a loaded file ----------------------------------------------------------------


def check(data: Located, path: str) -> None:
    """Raise a one-line RuleError for the first field `data` gets wrong."""
    try:
        RuleFile.model_validate(dict(data))
    except ValidationError as exc:
        errors = exc.errors()
        error = min(errors, key=lambda e: (_line_of(data, e["loc"]), e["type"] == "missing"))
        raise _rule_error(data, path, error) from None


def _walk(data: Any, loc: tuple) -> tuple[Any, int, str]:
    """(node at loc, line, field name) as far as loc goes in the located YAML."""
    node, line, name = data, getattr(data, "line", 1), ""
    for part in loc:
        if isinstance(node, Located) and part in node:
            line = node.key_lines.get(part, line)
            node = node[part]
        elif isinstance(node, LocatedList) and isinstance(part, int) and part < len(node):
            line = node.item_lines[part]
            node = node[part]
        elif isinstance(node, Located) and isinstance(part, str):
            node = None  # a missing field: named, at its mapping's line
        else:
            continue  # a union / validator step of pydantic's, not a place in the file
        name = f"{name}[{part}]" if isinstance(part, int) else f"{name}.{part}".lstrip(".")
    return node, line, name


def _line_of(data: Located, loc: tuple) -> int:
    return _walk(data, loc)[1]


def _rule_error(data: Located, path: str, error: dict) -> RuleError:
    _, line, name = _walk(data, error["loc"])
    kind, message = error["type"], error["msg"]
    if kind == "extra_forbidden":
        allowed = _fields_at(error["loc"][:-1])
        message = "unknown field" + _did_you_mean(str(error["loc"][-1]), allowed)
        message += (
            f" (expected one of {', '.join(sorted(allowed))})" if "mean" not in message else ""
        )
    elif kind == "literal_error":
        expected = error["ctx"]["expected"].replace("'", "").split(" or ")
        expected = [e for part in expected for e in part.split(", ")]
        value = error["input"]
        hint = _did_you_mean(str(value), expected)
        message = f"unknown value {value!r}" + (hint or f" (expected one of {', '.join(expected)})")
    elif kind == "missing":
        message = "required"
    return RuleError(path, line, name or "file", message)


def _fields_at(loc: tuple) -> list[str]:
    """Field names (aliases) of the model that holds the misspelt key."""
    model: type[BaseModel] = RuleFile
    for part in loc:
        if isinstance(part, int):
            continue
        info = model.model_fields.get(part) or next(
            (f for f in model.model_fields.values() if f.alias == part), None
        )
        if info is None:
            break
        inner = _model_in(info.annotation)
        if inner is None:
            break
        model = inner
    return [f.alias or n for n, f in model.model_fields.items()]


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _model_in(arg)
        if found is not None:
            return found
    origin = getattr(annotation, "__origin__", None)
    return _model_in(origin) if origin not in (None, list, dict) else None


def _did_you_mean(value: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(value, choices, n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


did_you_mean = _did_you_mean

if __name__ == "__main__":
    print(json.dumps(json_schema(), indent=2, sort_keys=True))
