"""YAML loading that remembers line numbers, so rule errors can name file, line and field."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml


class RuleError(Exception):
    """A rule file is malformed. str() is the one-line message the CLI prints."""

    def __init__(self, path: str, line: int, field: str, message: str):
        self.path, self.line, self.field, self.message = path, line, field, message
        where = f"{path}:{line}" if line else path  # line 0: a flag, not a file
        super().__init__(f"{where}: {field}: {message}")


class Located(dict):
    """A mapping that knows the line of each key (1-based)."""

    line: int = 0
    key_lines: dict[str, int]
    key_columns: dict[str, int]  # 0-based column of each key
    value_spans: dict[str, tuple[int, int]]  # character offsets of each value in the file
    value_styles: dict[str, str | None]  # scalar style: "|", ">", '"', "'" or None (plain)
    flow: bool = False  # written `{a: b}`
    end: int = 0  # offset after the mapping


class LocatedList(list):
    line: int = 0
    item_lines: list[int]


@dataclass(frozen=True)
class Where:
    """A place in a rule file, for error messages."""

    path: str
    line: int
    field: str

    def error(self, message: str) -> RuleError:
        return RuleError(self.path, self.line, self.field, message)

    def child(self, key: str | int, node: Any = None, line: int | None = None) -> Where:
        name = f"{self.field}[{key}]" if isinstance(key, int) else f"{self.field}.{key}"
        name = name.lstrip(".")
        return Where(self.path, line or getattr(node, "line", 0) or self.line, name)

    def key(self, mapping: Located, key: str) -> Where:
        return self.child(key, line=mapping.key_lines.get(key, mapping.line))


_SCALARS = yaml.SafeLoader("")  # only used to construct scalar values


def _convert(node: yaml.Node) -> Any:
    line = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        out = Located()
        out.line, out.key_lines, out.key_columns = line, {}, {}
        out.value_spans, out.value_styles = {}, {}
        out.flow, out.end = bool(node.flow_style), node.end_mark.index
        for key_node, value_node in node.value:
            key = _convert(key_node)
            out[key] = _convert(value_node)
            out.key_lines[key] = key_node.start_mark.line + 1
            out.key_columns[key] = key_node.start_mark.column
            out.value_spans[key] = (value_node.start_mark.index, value_node.end_mark.index)
            out.value_styles[key] = getattr(value_node, "style", None)
        return out
    if isinstance(node, yaml.SequenceNode):
        items = LocatedList(_convert(n) for n in node.value)
        items.line, items.item_lines = line, [n.start_mark.line + 1 for n in node.value]
        return items
    return _SCALARS.construct_object(node, deep=True)


def load_yaml(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleError(str(path), 1, "file", f"cannot read: {exc}") from exc
    try:
        node = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise RuleError(str(path), line, "yaml", problem) from exc
    return None if node is None else _convert(node)
