"""The jinja2 environment rule templates render in, and the view of captures they see."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from functools import cache
from typing import Any

from jinja2 import DictLoader, StrictUndefined, Template, pass_context
from jinja2.runtime import Context as JinjaContext
from jinja2.sandbox import SandboxedEnvironment

from segcodemod.model import Arg, ArgKind

# Names every template may use besides its captures.
STANDARD_NAMES = frozenset(
    {
        "receiver",  # receiver source text of the Segment call
        "binding",  # declared name in `x = Analytics(...)`, else None
        "exported",  # the declaration is exported
        "awaited",  # the call is awaited (JS/TS)
        "site",  # where the call stands: statement | declaration | expression
        "method",
        "sdk",
        "language",
        "call",  # the original call's source text
        "settings",  # rule-file settings, overridden by config and --set
        "env",  # frontend facts (e.g. env.semi, env.client_home)
        "indent",  # indentation of the statement
    }
)


class Capture:
    """How a template sees an argument: renders as its source text, exposes its structure."""

    def __init__(self, arg: Arg, indent: str = ""):
        self.arg = arg
        self.indent = indent  # the statement's indentation, removed from continuation lines

    @property
    def text(self) -> str:
        """Source text; continuation lines are made relative to the statement, because the
        rendered rewrite is indented again as a whole."""
        if "\n" not in self.arg.text or not self.indent:
            return self.arg.text
        first, *rest = self.arg.text.split("\n")
        return "\n".join([first] + [ln.removeprefix(self.indent) for ln in rest])

    def __str__(self) -> str:
        return self.text

    def __html__(self) -> str:  # never escaped
        return self.text

    def __bool__(self) -> bool:
        return True

    kind = property(lambda self: self.arg.kind.value)
    value = property(lambda self: self.arg.value)  # decoded string literal, else None
    is_string = property(lambda self: self.arg.kind is ArgKind.STRING)
    is_literal_string = is_string
    is_object = property(lambda self: self.arg.kind is ArgKind.OBJECT)
    is_function = property(lambda self: self.arg.kind is ArgKind.FUNCTION)
    is_null = property(lambda self: self.arg.kind is ArgKind.NULL)
    is_empty = property(lambda self: self.arg.kind is ArgKind.OBJECT and not self.arg.items)

    @property
    def items(self) -> list[CapturedItem]:
        """Entries of an object literal ([] for anything else)."""
        return [
            CapturedItem(i.key, i.key_text, Capture(i.value, self.indent), i.spread)
            for i in self.arg.items or ()
        ]

    @property
    def has_spread(self) -> bool:
        return any(i.spread for i in self.arg.items or ())

    @property
    def is_plain_object(self) -> bool:
        """An object literal whose keys are all known and that has no spread."""
        return self.is_object and all(
            i.key is not None and not i.spread for i in self.arg.items or ()
        )

    def get(self, key: str) -> Capture | None:
        for i in self.arg.items or ():
            if i.key == key and not i.spread:
                return Capture(i.value, self.indent)
        return None

    def without(self, *keys: str) -> list[CapturedItem]:
        return [i for i in self.items if i.key not in keys]


class CapturedItem:
    def __init__(self, key: str | None, key_text: str, value: Capture, spread: bool):
        self.key, self.key_text, self.value, self.spread = key, key_text, value, spread

    def __iter__(self) -> Iterator[Any]:
        return iter((self.key, self.value))


_PLACEHOLDER = re.compile(r"\{(\w+)\}")


@pass_context
def _quote(ctx: JinjaContext, value: Any) -> str:
    return ctx["_frontend"].quote(str(value))


@pass_context
def _event_name(ctx: JinjaContext, pattern: str, **parts: Any) -> str:
    """Build an event name from a settings pattern such as "Viewed {category} {name} Page".

    Placeholders whose capture is missing (or a null literal) are dropped with their spacing;
    when every used capture is a string literal the result is one literal, otherwise an
    interpolated string. A `category` held in a variable may be empty or null when the program
    runs (Segment's destination then left it out): the words are joined at run time instead,
    where the language can (`Frontend.join_words`), so no "Viewed  Home Page" is sent.
    """
    frontend = ctx["_frontend"]
    pieces: list[tuple[str, bool]] = []
    pos = 0
    runtime_optional = False
    for m in _PLACEHOLDER.finditer(pattern):
        pieces.append((pattern[pos : m.start()], False))
        value = parts.get(m.group(1))
        if value is None or value == "" or (isinstance(value, Capture) and value.is_null):
            pass
        elif isinstance(value, Capture) and value.arg.kind is not ArgKind.STRING:
            pieces.append((value.text, True))
            runtime_optional = runtime_optional or m.group(1) == "category"
        else:
            pieces.append((value.value if isinstance(value, Capture) else str(value), False))
        pos = m.end()
    pieces.append((pattern[pos:], False))
    merged = _merge_text(pieces)
    if all(not is_code for _, is_code in merged):
        return frontend.quote("".join(t for t, _ in merged))
    words = _words(merged) if runtime_optional else None
    join_words = getattr(frontend, "join_words", None)
    if words and join_words is not None:
        return join_words(words)
    return frontend.interpolate(merged)


def _words(parts: list[tuple[str, bool]]) -> list[tuple[str, bool]] | None:
    """The parts as space-separated words (text split on spaces, each code part one word), or
    None when a code part touches text without a space (`"{name}s"`)."""
    words: list[tuple[str, bool]] = []
    for i, (text, is_code) in enumerate(parts):
        if is_code:
            before = parts[i - 1][0] if i > 0 else " "
            after = parts[i + 1][0] if i + 1 < len(parts) else " "
            if not before.endswith(" ") or not after.startswith(" "):
                return None
            words.append((text, True))
        else:
            words.extend((w, False) for w in text.split())
    return words


def _merge_text(pieces: list[tuple[str, bool]]) -> list[tuple[str, bool]]:
    """Join adjacent text pieces and collapse the double spaces a dropped placeholder leaves."""
    out: list[tuple[str, bool]] = []
    for text, is_code in pieces:
        if not is_code and out and not out[-1][1]:
            out[-1] = (out[-1][0] + text, False)
        elif is_code or text:
            out.append((text, is_code))
    cleaned = [(re.sub(r" {2,}", " ", t) if not c else t, c) for t, c in out]
    if cleaned and not cleaned[0][1]:
        cleaned[0] = (cleaned[0][0].lstrip(" "), False)
    if cleaned and not cleaned[-1][1]:
        cleaned[-1] = (cleaned[-1][0].rstrip(" "), False)
    return [p for p in cleaned if p[0] or p[1]]


# Rule-file preludes, compiled once each and imported by that file's templates.
PRELUDES: dict[str, str] = {}


def with_prelude(source: str, prelude: str, names: frozenset[str]) -> str:
    """`source` importing the prelude's macros (with the caller's context, so they see
    settings, env and the captures) instead of carrying a copy to compile per template."""
    if not prelude or not names:
        return prelude + source
    key = "prelude-" + hashlib.sha1(prelude.encode()).hexdigest()
    PRELUDES[key] = prelude
    return f'{{% from "{key}" import {", ".join(sorted(names))} with context %}}' + source


def make_environment() -> SandboxedEnvironment:
    env = SandboxedEnvironment(
        loader=DictLoader(PRELUDES),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        autoescape=False,
    )
    env.filters["q"] = _quote
    env.globals["event_name"] = _event_name
    return env


ENV = make_environment()


@cache
def _compiled(source: str) -> Template:
    return ENV.from_string(source)


class LazyTemplate:
    """Checked when the rules load (parsed, names resolved), compiled on first render: a run
    uses a few rules, and compiling every template was most of its start-up time."""

    def __init__(self, source: str):
        self.source = source

    def render(self, **variables: Any) -> str:
        return _compiled(self.source).render(**variables)


class LazyExpression:
    """An `unsupported_when` test, compiled on first use like LazyTemplate."""

    def __init__(self, source: str):
        self.source = source

    def __call__(self, **variables: Any) -> Any:
        return _compiled_expression(self.source)(**variables)


@cache
def _compiled_expression(source: str):
    return ENV.compile_expression(source, undefined_to_none=False)
