"""A small document model (headings, text, checklists, tables) rendered as Markdown or HTML,
so a report is written once and printed in either form."""

from __future__ import annotations

import html
from dataclasses import dataclass, field


@dataclass
class Check:
    done: bool
    text: str
    details: list[str] = field(default_factory=list)


@dataclass
class Table:
    header: list[str]
    rows: list[list[str]]


STYLE = (
    "body{font-family:system-ui,sans-serif;max-width:70em;margin:2em auto;}"
    "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2em .5em;"
    "text-align:left;vertical-align:top}ul.checks{list-style:none;padding-left:0}"
)

Block = str | list[Check] | Table  # a paragraph, a checklist or a table


@dataclass
class Section:
    title: str
    blocks: list[Block] = field(default_factory=list)
    level: int = 2


@dataclass
class Document:
    title: str
    sections: list[Section] = field(default_factory=list)

    def markdown(self) -> str:
        out = [f"# {self.title}", ""]
        for s in self.sections:
            out += [f"{'#' * s.level} {s.title}", ""]
            for block in s.blocks:
                out += [*_md_block(block), ""]
        return "\n".join(out).rstrip("\n") + "\n"

    def html(self) -> str:
        body = [f"<h1>{_h(self.title)}</h1>"]
        for s in self.sections:
            body.append(f"<h{s.level}>{_h(s.title)}</h{s.level}>")
            body += [_html_block(block) for block in s.blocks]
        return (
            '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f"<title>{_h(self.title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
            + "\n".join(body)
            + "\n</body>\n</html>\n"
        )


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _md_block(block: Block) -> list[str]:
    if isinstance(block, str):
        return [block]
    if isinstance(block, Table):
        lines = ["| " + " | ".join(block.header) + " |", "|" + "---|" * len(block.header)]
        return lines + ["| " + " | ".join(_cell(c) for c in row) + " |" for row in block.rows]
    lines = []
    for check in block:
        lines.append(f"- [{'x' if check.done else ' '}] {check.text}")
        lines += [f"  - {d}" for d in check.details]
    return lines


def _h(text: str) -> str:
    return html.escape(text, quote=True)


def _inline(text: str) -> str:
    """Markdown `code` spans become <code>; everything else is escaped."""
    parts = text.split("`")
    return "".join(f"<code>{_h(p)}</code>" if i % 2 else _h(p) for i, p in enumerate(parts))


def _html_block(block: Block) -> str:
    if isinstance(block, str):
        return f"<p>{_inline(block)}</p>"
    if isinstance(block, Table):
        head = "".join(f"<th>{_inline(c)}</th>" for c in block.header)
        rows = "".join(
            "<tr>" + "".join(f"<td>{_inline(c)}</td>" for c in row) + "</tr>" for row in block.rows
        )
        return f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
    items = []
    for check in block:
        box = "&#9745;" if check.done else "&#9744;"
        details = "".join(f"<li>{_inline(d)}</li>" for d in check.details)
        sub = f"<ul>{details}</ul>" if details else ""
        items.append(f"<li>{box} {_inline(check.text)}{sub}</li>")
    return f'<ul class="checks">{"".join(items)}</ul>'
