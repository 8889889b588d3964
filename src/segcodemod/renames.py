"""The rename maps of the config applied at call sites: `[tool.segcodemod.events]` renames
literal event names, `[tool.segcodemod.properties]` the literal keys of property and trait
objects. They reach the rules as the reserved settings below and are applied to the captures
before any template renders, so every rule of every language sees the new names."""

from __future__ import annotations

import re
from dataclasses import replace

from segcodemod.model import Arg, ArgKind, Item

EVENTS_SETTING = "rename_events"
PROPERTIES_SETTING = "rename_properties"
RESERVED = (EVENTS_SETTING, PROPERTIES_SETTING)
EVENT_CAPTURES = ("event",)
KEY_CAPTURES = ("properties", "traits")
_IDENTIFIER = re.compile(r"[A-Za-z_$][\w$]*\Z")
_QUOTES = "\"'`"


def renamed_captures(captures: dict, settings: dict, quote) -> dict:
    """The captures with literal event names and object keys renamed (`quote`: the
    frontend's string literal for a value)."""
    events, keys = settings.get(EVENTS_SETTING) or {}, settings.get(PROPERTIES_SETTING) or {}
    if not (events or keys):
        return captures
    out = dict(captures)
    for name in EVENT_CAPTURES:
        arg = out.get(name)
        if arg is not None and arg.kind is ArgKind.STRING and arg.value in events:
            new = events[arg.value]
            out[name] = replace(arg, text=quote(new), value=new)
    for name in KEY_CAPTURES:
        arg = out.get(name)
        if arg is not None and keys:
            out[name] = renamed_keys(arg, keys, quote)
    return out


def renamed_keys(arg: Arg, keys: dict[str, str], quote) -> Arg:
    """An object literal with the keys in `keys` renamed, in its text and its items."""
    if arg.kind is not ArgKind.OBJECT or not arg.items:
        return arg
    text, base = arg.text, arg.span[0]
    cuts: list[tuple[int, int, str]] = []
    items: list[Item] = []
    for item in arg.items:
        new = keys.get(item.key or "") if not item.spread else None
        at = _key_offset(text, item, base) if new else -1
        if new is None or at < 0:
            items.append(item)
            continue
        shorthand = at == item.value.span[0] - base and item.key_text == item.value.text
        new_text = (
            f"{quote(new)}: {item.key_text}" if shorthand else _requote(item.key_text, new, quote)
        )
        cuts.append((at, at + len(item.key_text), new_text))
        items.append(
            replace(item, key=new, key_text=new_text.split(":")[0] if shorthand else new_text)
        )
    for start, end, new_text in sorted(cuts, reverse=True):
        text = text[:start] + new_text + text[end:]
    return replace(arg, text=text, items=tuple(items))


def _key_offset(text: str, item: Item, base: int) -> int:
    """Where the item's key is written in the object's text (-1: not found)."""
    value_at = item.value.span[0] - base
    if item.value.span == (0, 0) or not 0 <= value_at <= len(text):
        return -1
    return text.rfind(item.key_text, 0, value_at + len(item.key_text))


def _requote(key_text: str, new: str, quote) -> str:
    if key_text[:1] in _QUOTES:
        return quote(new)
    return new if _IDENTIFIER.match(new) else quote(new)
