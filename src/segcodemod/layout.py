"""Keep a rewritten call in the layout of the code it replaces (a stage between render and
apply): a call that spanned several lines becomes a multi-line call with one argument per line,
a line that would pass the file's limit is broken at its brackets, and comments written inside
the replaced call are kept above the new code.

Language-independent: a small scanner knows each language's strings and comments (a table),
so brackets and commas inside them are never taken for structure. Breaking follows black and
prettier: split the last bracket pair of the line ("right-hand split"), one item per line, the
closing bracket on a line of its own, and again inside an item that is still too long.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from segcodemod.edits import indent_at, line_start
from segcodemod.model import Edit

DEFAULT_LIMIT = 100


@dataclass(frozen=True)
class Syntax:
    """What the scanner and the breaker must know of a language."""

    line_comment: str
    block_comments: bool  # /* ... */
    strings: tuple[str, ...]  # quote delimiters, longest first
    interpolation: tuple[str, ...]  # openers of code inside a string: "${", "\\("
    call_trailing_comma: bool  # `f(a, b,)` is valid
    object_braces: bool  # `{a: 1, b: 2}` is a literal whose entries may go one per line
    generics: bool = False  # `Map<String, Object>`: commas inside type arguments are no items


_PY = Syntax("#", False, ('"""', "'''", '"', "'"), (), True, True)
_JS = Syntax("//", True, ('"', "'", "`"), ("${",), True, True)
_SWIFT = Syntax("//", True, ('"""', '"'), ("\\(",), False, False)
_KOTLIN = Syntax("//", True, ('"""', '"'), ("${",), True, False)
_JAVA = Syntax("//", True, ('"""', '"'), (), False, False, generics=True)

SYNTAX: dict[str, Syntax] = {
    "python": _PY,
    "typescript": _JS,
    "tsx": _JS,
    "javascript": _JS,
    "swift": _SWIFT,
    "kotlin": _KOTLIN,
    "java": _JAVA,
}

_OPEN = {"(": ")", "[": "]", "{": "}"}
_CLOSE = {v: k for k, v in _OPEN.items()}


@dataclass(frozen=True)
class Style:
    """The file's habits, read once per file."""

    syntax: Syntax
    limit: int = DEFAULT_LIMIT
    unit: str = "    "  # one indentation level
    trailing_comma: bool = True  # exploded lists end with a comma
    quote: str = ""  # the file's string quote (`'` or `"`) where it has a clear habit


@dataclass(frozen=True)
class Group:
    open: int  # offset of the opening bracket
    close: int  # offset of the closing bracket
    commas: tuple[int, ...]  # offsets of the commas at the group's own depth


@dataclass(frozen=True)
class Scan:
    groups: tuple[Group, ...]  # top-level groups, in order
    comments: tuple[tuple[int, int], ...]
    balanced: bool


def scan(text: str, syntax: Syntax) -> Scan:
    """Top-level bracket groups and every comment of `text`, skipping strings."""
    stack: list[tuple[int, list[int]]] = []
    groups: list[Group] = []
    comments: list[tuple[int, int]] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if text.startswith(syntax.line_comment, i):
            end = text.find("\n", i)
            end = n if end < 0 else end
            comments.append((i, end))
            i = end
            continue
        if syntax.block_comments and text.startswith("/*", i):
            end = text.find("*/", i + 2)
            end = n if end < 0 else end + 2
            comments.append((i, end))
            i = end
            continue
        quote = next((q for q in syntax.strings if text.startswith(q, i)), None)
        if quote is not None:
            i = _string_end(text, i + len(quote), quote, syntax)
            continue
        if ch == "<" and syntax.generics and (end := _type_arguments_end(text, i)) > 0:
            i = end + 1
            continue
        if ch in _OPEN:
            stack.append((i, []))
        elif ch in _CLOSE:
            if not stack or text[stack[-1][0]] != _CLOSE[ch]:
                return Scan((), tuple(comments), False)
            start, commas = stack.pop()
            if not stack:
                groups.append(Group(start, i, tuple(commas)))
        elif ch == "," and stack:
            stack[-1][1].append(i)
        i += 1
    return Scan(tuple(groups), tuple(comments), not stack)


def _type_arguments_end(text: str, i: int) -> int:
    """Where the type arguments opened by the `<` at `i` close (`HashMap<String, Object>`), or
    -1 when that `<` is a comparison: it must follow a name and hold only names, dots,
    commas, `?`, `[]`, `&` and nested type arguments."""
    if i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "_"):
        return -1
    depth = 0
    for j in range(i, min(len(text), i + 200)):
        ch = text[j]
        if ch == "<":
            depth += 1
        elif ch == ">":
            depth -= 1
            if depth == 0:
                return j
        elif not (ch.isalnum() or ch in "_ ,.?[]&\n"):
            return -1
    return -1


def _string_end(text: str, i: int, quote: str, syntax: Syntax) -> int:
    """Offset just past the string that opened before `i` (code inside `${...}` or `\\(...)`
    may hold brackets and quotes of its own)."""
    n = len(text)
    while i < n:
        if text.startswith(quote, i):
            return i + len(quote)
        if text[i] == "\\" and not text.startswith("\\(", i):
            i += 2
            continue
        opener = next((o for o in syntax.interpolation if text.startswith(o, i)), None)
        if opener is not None:
            i = _code_end(text, i + len(opener), syntax)
            continue
        if text[i] == "\n" and len(quote) == 1 and quote != "`":
            return i  # an unterminated one-line string: stop at the line end
        i += 1
    return n


def _code_end(text: str, i: int, syntax: Syntax) -> int:
    """Past the bracket that closes an interpolation opened before `i`."""
    depth = 1
    while i < len(text):
        quote = next((q for q in syntax.strings if text.startswith(q, i)), None)
        if quote is not None:
            i = _string_end(text, i + len(quote), quote, syntax)
            continue
        if text[i] in "({[":
            depth += 1
        elif text[i] in ")}]":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return len(text)


# -- breaking lines -----------------------------------------------------------------------


def fit(text: str, style: Style, column: int, indent: str, multiline: bool) -> str:
    """`text` (rendered code starting at `column` of a line indented by `indent`; its later
    lines already indented) laid out: each statement with a line over the limit is broken at
    its brackets; with `multiline` (the replaced call spanned several lines) the statement
    that carries its arguments (the longest: `identify` may become `setUserId` + `identify`)
    is broken too, as the call was."""
    units = _logical_lines(text, style.syntax)
    main = max(range(len(units)), key=lambda k: len(units[k].strip()))  # the call's own
    out = []
    for number, unit in enumerate(units):
        lead, own = (column, indent) if number == 0 else (0, _indent_of(unit))
        out.append(_break(unit, style, lead, own, multiline and number == main, depth=0))
    return "\n".join(out)


def _logical_lines(text: str, syntax: Syntax) -> list[str]:
    """Physical lines joined while a bracket is open (an argument written over lines)."""
    out: list[str] = []
    pending: list[str] = []
    for line in text.split("\n"):
        pending.append(line)
        if scan("\n".join(pending), syntax).balanced:
            out.append("\n".join(pending))
            pending = []
    return out + pending


def _too_long(text: str, lead: int, limit: int) -> bool:
    lines = text.split("\n")
    return lead + len(lines[0]) > limit or any(len(line) > limit for line in lines[1:])


def _break(text: str, style: Style, lead: int, indent: str, multiline: bool, depth: int) -> str:
    """One statement (maybe over several lines), broken if it must be (`lead`: columns
    before it on its first line)."""
    if depth > 8:
        return text
    too_long = _too_long(text, lead, style.limit)
    if not too_long and not (multiline and _is_call(text.strip(), style.syntax)):
        return text
    if too_long and "\n" not in text and (chain := _chain_break(text, style, indent)):
        return chain
    group = _split_point(text, style.syntax)
    if group is None:
        return text
    items = _items(text, group)
    if not items or any(_ends_in_comment(item, style.syntax) for item in items):
        return text
    inner = indent + style.unit
    trailing = len(items) > 1 and style.trailing_comma and _may_trail(text, group, style.syntax)
    wrapper = multiline and len(items) == 1  # `track(BaseEvent(...))`: break the inner call
    body = [
        _break(inner + _hang(item, inner), style, 0, inner, wrapper, depth + 1)
        + ("," if k < len(items) - 1 or trailing else "")
        for k, item in enumerate(items)
    ]
    head = text[: group.open + 1].rstrip()
    tail = text[group.close :]
    return "\n".join([head, *body, indent + tail])


def _hang(item: str, indent: str) -> str:
    """An item written over several lines, moved to start a line at `indent`: its later
    lines shift so that its last line (the closing bracket) lines up with its first."""
    lines = item.split("\n")
    if len(lines) == 1:
        return item
    delta = len(indent) - len(_indent_of(lines[-1]))
    shifted = [_shift(line, delta) for line in lines[1:]]
    return "\n".join([lines[0], *shifted])


def _shift(line: str, delta: int) -> str:
    if not line.strip():
        return line
    if delta >= 0:
        return " " * delta + line if not line.startswith("\t") else "\t" * (delta // 4) + line
    lead = _indent_of(line)
    return line[min(-delta, len(lead)) :]


def _ends_in_comment(item: str, syntax: Syntax) -> bool:
    """A comma or bracket after the item would land inside its line comment."""
    last = item.split("\n")[-1]
    return any(text.startswith(syntax.line_comment) for text in comments_in_syntax(last, syntax))


def comments_in_syntax(text: str, syntax: Syntax) -> list[str]:
    return [text[a:b] for a, b in scan(text, syntax).comments]


def _split_point(line: str, syntax: Syntax) -> Group | None:
    """The bracket pair to break: the one holding the most (so `track(...).promise.then(f)`
    breaks the call's arguments, not the tail's), the last one of equals (black's
    right-hand split); braces only where they are a literal (a Kotlin or Swift `{` opens a
    closure)."""
    found = scan(line, syntax)
    if not found.balanced:
        return None
    best: Group | None = None
    for group in found.groups:
        if line[group.open + 1 : group.close].strip() == "":
            continue
        if line[group.open] == "{" and not _is_object(line, group, syntax):
            continue
        if best is None or group.close - group.open >= best.close - best.open:
            best = group
    return best


_LINK = re.compile(r"\.[A-Za-z_$][\w$]*\s*\(")


def _chain_break(line: str, style: Style, indent: str) -> str | None:
    """A call chain of three links or more (`new Identify().set(a).set(b)`) one link per
    line, each starting with its dot, as prettier and ktlint write them."""
    syntax = style.syntax
    if syntax is _PY:
        return None  # a Python statement cannot continue on a line starting with a dot
    found = scan(line, syntax)
    if not found.balanced or found.comments:
        return None
    depth_zero = _outside_groups(line, found.groups)
    links = [m.start() for m in _LINK.finditer(line) if depth_zero(m.start())]
    if len(links) < 3:
        return None
    cut = links[1:]  # the first link stays with the receiver (`x.identify(...)`)
    first = line[: cut[0]].rstrip()
    if not first.strip():
        return None
    inner = indent + style.unit
    pieces = [line[a:b].strip() for a, b in zip(cut, [*cut[1:], len(line)], strict=False)]
    return "\n".join([first, *(inner + p for p in pieces)])


def _outside_groups(line: str, groups: tuple[Group, ...]):
    spans = [(g.open, g.close) for g in groups]
    return lambda at: not any(a < at <= b for a, b in spans)


def _is_object(line: str, group: Group, syntax: Syntax) -> bool:
    if not syntax.object_braces:
        return False
    before = line[: group.open].rstrip()
    return not before.endswith((")", "=>", "${")) and not re.search(r"\b(else|do|try)$", before)


def _items(line: str, group: Group) -> list[str]:
    cuts = [group.open, *group.commas, group.close]
    items = [line[a + 1 : b].strip() for a, b in zip(cuts, cuts[1:], strict=False)]
    if items and items[-1] == "":
        items.pop()  # a trailing comma already there
    return items if all(items) else []


_CALLEE = re.compile(r"^(?:new\s+|await\s+)?[A-Za-z_$][\w$.]*(?:<[^<>()]*>)?\s*\(")


def _call_items(item: str, syntax: Syntax) -> list[str] | None:
    """The arguments of `item` when it is one call or constructor and nothing after it
    (`BaseEvent("x", user_id=u)`; not a chain such as `Identify().set(a, b)`), else None."""
    head = _CALLEE.match(item)
    if head is None:
        return None
    found = scan(item, syntax)
    if not found.balanced or len(found.groups) != 1:
        return None
    group = found.groups[0]
    if group.open != head.end() - 1 or group.close != len(item) - 1:
        return None
    return _items(item, group)


def _is_call(item: str, syntax: Syntax) -> bool:
    """A call worth a line per argument: two arguments or more, or one argument that is
    such a call itself (`track(BaseEvent("x", user_id=u))`)."""
    items = _call_items(item, syntax)
    if not items:
        return False
    return len(items) > 1 or _is_call(items[0], syntax)


def _may_trail(line: str, group: Group, syntax: Syntax) -> bool:
    """A trailing comma is valid here: always in a literal; in an argument list only where
    the language allows it; never after Python's `*args` / `**kwargs` nor a JS rest element."""
    items = _items(line, group)
    if items and items[-1].startswith(("*", "...")) and not items[-1].startswith("**{"):
        return syntax.call_trailing_comma and not items[-1].startswith("...")
    if line[group.open] == "(":
        return syntax.call_trailing_comma
    return True


def _indent_of(line: str) -> str:
    return line[: len(line) - len(line.lstrip(" \t"))]


# -- a file's habits ------------------------------------------------------------------------


def style_for(language: str, body: bytes, limit: int | None) -> Style | None:
    """The file's style, or None for a language this stage does not lay out."""
    syntax = SYNTAX.get(language)
    if syntax is None:
        return None
    text = body.decode("utf-8", "replace")
    return Style(
        syntax,
        limit or DEFAULT_LIMIT,
        indent_unit(text),
        _trailing_habit(text, syntax),
        _quote_habit(text, syntax),
    )


_SIMPLE = {q: re.compile(rf"{q}[^'\"\\\n`]*{q}") for q in ("'", '"')}


def _quote_habit(text: str, syntax: Syntax) -> str:
    """The quote most of the file's plain string literals use (none when it is mixed)."""
    if syntax not in (_PY, _JS):
        return ""
    single, double = (len(_SIMPLE[q].findall(text)) for q in ("'", '"'))
    if single >= 3 * max(double, 1) or (single and not double):
        return "'"
    if double >= 3 * max(single, 1) or (double and not single):
        return '"'
    return ""


def requote(text: str, syntax: Syntax, quote: str, copied: str = "") -> str:
    """Plain string literals (no quote, backslash or interpolation inside) in `quote`; those
    that stand as they are in `copied` (the code replaced: an argument carried over, a JSX
    attribute) keep the author's quotes."""
    if not quote:
        return text
    kept = {copied[a:b] for a, b in _strings(copied, syntax)} if copied else set()
    out: list[str] = []
    i = 0
    for start, end in _strings(text, syntax):
        literal = text[start:end]
        other = literal[0]
        inner = literal[1:-1]
        simple = len(literal) >= 2 and other in "'\"" and other != quote and literal[-1] == other
        simple = simple and literal not in kept
        if simple and not any(c in inner for c in "'\"\\`") and "${" not in inner:
            literal = quote + inner + quote
        out += [text[i:start], literal]
        i = end
    return "".join(out) + text[i:]


def _strings(text: str, syntax: Syntax) -> list[tuple[int, int]]:
    """Spans of the string literals outside comments (one-quote ones only)."""
    spans = []
    i, n = 0, len(text)
    while i < n:
        if text.startswith(syntax.line_comment, i):
            end = text.find("\n", i)
            i = n if end < 0 else end
            continue
        if syntax.block_comments and text.startswith("/*", i):
            end = text.find("*/", i + 2)
            i = n if end < 0 else end + 2
            continue
        quote = next((q for q in syntax.strings if text.startswith(q, i)), None)
        if quote is None:
            i += 1
            continue
        end = _string_end(text, i + len(quote), quote, syntax)
        if len(quote) == 1:
            spans.append((i, end))
        i = end
    return spans


def indent_unit(text: str) -> str:
    """The file's indentation step: a tab if lines start with tabs, else the most common
    increase in leading spaces (4 when the file does not tell)."""
    steps: dict[int, int] = {}
    tabs = spaces = 0
    previous = 0
    for line in text.splitlines():
        if not line.strip():
            continue
        lead = line[: len(line) - len(line.lstrip(" \t"))]
        if lead.startswith("\t"):
            tabs += 1
            continue
        width = len(lead)
        if width:
            spaces += 1
        if width > previous:
            steps[width - previous] = steps.get(width - previous, 0) + 1
        previous = width
    if tabs > spaces:
        return "\t"
    usual = max((s for s in steps if s in (2, 3, 4, 8)), key=lambda s: steps[s], default=4)
    return " " * usual


_TRAILING = re.compile(r",[ \t]*\r?\n[ \t]*[)\]}]")
_BARE = re.compile(r"[^,\s(\[{][ \t]*\r?\n[ \t]*[)\]]")


def _trailing_habit(text: str, syntax: Syntax) -> bool:
    """Whether the file ends multi-line lists with a comma (black, prettier 3: yes); with no
    multi-line list to tell, the language's formatter default."""
    with_comma = len(_TRAILING.findall(text))
    without = len(_BARE.findall(text))
    if with_comma or without:
        return with_comma >= without
    return syntax.call_trailing_comma and syntax is not _KOTLIN


# -- comments inside a replaced call --------------------------------------------------------


def comments_in(text: str, language: str) -> list[str]:
    """The comments written inside the source text of a call, as written."""
    syntax = SYNTAX.get(language)
    if syntax is None:
        return []
    return [c.strip() for c in comments_in_syntax(text, syntax)]


def lost_comments(old: str, new: str, language: str) -> list[str]:
    """Comments of the replaced code that the new code does not carry."""
    return [c for c in comments_in(old, language) if c not in new]


@cache
def _limit_keys() -> tuple[re.Pattern[str], ...]:
    return (
        re.compile(r"^\s*line[-_]length\s*=\s*(\d+)", re.M),  # ruff, black (TOML)
        re.compile(r'"printWidth"\s*:\s*(\d+)'),  # .prettierrc JSON
        re.compile(r"^\s*printWidth\s*:\s*(\d+)", re.M),  # .prettierrc YAML
        re.compile(r"^\s*max_line_length\s*=\s*(\d+)", re.M),  # .editorconfig
    )


LIMIT_FILES = (
    "ruff.toml",
    ".ruff.toml",
    "pyproject.toml",
    ".prettierrc",
    ".prettierrc.json",
    ".prettierrc.yaml",
    ".prettierrc.yml",
    ".editorconfig",
)


def configured_limit(texts: list[str]) -> int | None:
    """The line length a formatter config sets (the first file that names one wins)."""
    for text in texts:
        for pattern in _limit_keys():
            match = pattern.search(text)
            if match and 40 <= int(match.group(1)) <= 400:
                return int(match.group(1))
    return None


# -- the stage ------------------------------------------------------------------------------

_OWN_EDITS = ("todo", "import", "helper")  # rule ids of edits that are not a call's rewrite


def lay_out(edits: list[Edit], body: bytes, style: Style | None, language: str) -> list[Edit]:
    """Each call rewrite laid out as the call it replaces, with the comments it held."""
    if style is None:
        return edits
    out = []
    for edit in edits:
        start, end = edit.span
        if edit.rule_id == "import":  # the target's import lines, in the file's quotes
            text = requote(edit.text, style.syntax, style.quote)
            out.append(Edit(edit.span, _fit_imports(text, style), "import"))
            continue
        if edit.rule_id == "todo":
            out.append(Edit(edit.span, _wrap_comment(edit.text, style), "todo"))
            continue
        if edit.rule_id in _OWN_EDITS or start == end or not edit.text.strip():
            out.append(edit)
            continue
        old = body[start:end].decode("utf-8", "replace")
        head = body[line_start(body, start) : start].decode("utf-8", "replace")
        indent = indent_at(body, start)
        text = requote(edit.text, style.syntax, style.quote, old)
        text = fit(text, style, len(head.expandtabs(4)), indent, "\n" in old.strip())
        comments = lost_comments(old, text, language)
        if comments and head.strip():  # the call is part of a line: comments above the line
            at = line_start(body, start)
            out.append(Edit((at, at), "".join(f"{indent}{c}\n" for c in comments), "comment"))
        elif comments:
            text = "".join(f"{c}\n{indent}" for c in comments) + text
        out.append(Edit(edit.span, text, edit.rule_id))
    return out


TODO_CONTINUED = "   "  # after the comment prefix: the later lines of a wrapped TODO mark


def _wrap_comment(text: str, style: Style) -> str:
    """A TODO mark longer than the limit, wrapped at words over comment lines that go on
    with `<prefix>   ` (a JSX `{/* */}` mark stays one line)."""
    line = text.rstrip("\n")
    if len(line.expandtabs(4)) <= style.limit:
        return text
    if not line.strip().startswith(style.syntax.line_comment):
        return text
    return _wrap_words(line, style, TODO_CONTINUED[1:]) + "\n"


_FROM_IMPORT = re.compile(r"^(\s*from\s+\S+\s+import\s+)([^()#]+)$")


def _fit_imports(text: str, style: Style) -> str:
    """Import lines over the limit, wrapped: Python `from m import (...)`, else at braces."""
    out = []
    for line in text.split("\n"):
        if len(line) <= style.limit:
            out.append(line)
            continue
        match = _FROM_IMPORT.match(line) if style.syntax is _PY else None
        if match:
            line = f"{match.group(1)}({match.group(2).strip()})"
        out.append(_break(line, style, 0, _indent_of(line), False, 0))
    return "\n".join(out)


def line_limits(paths: list[str], root: str) -> dict[str, int]:
    """Folder -> the line length its nearest formatter config sets (index stage: read once
    per folder, in the parent process), for the folders of `paths` and their parents."""
    limits: dict[str, int] = {}
    seen: set[str] = set()
    top = Path(root).resolve()
    for path in paths:
        folder = Path(path).resolve().parent
        while folder not in seen and (folder == top or top in folder.parents):
            seen.add(folder)
            limit = configured_limit([_read(folder / name) for name in LIMIT_FILES])
            if limit:
                limits[str(folder)] = limit
            folder = folder.parent
    return limits


def limit_for(path: str, limits: dict[str, int]) -> int | None:
    """The limit of the nearest folder of `path` that has one."""
    for folder in Path(path).resolve().parents:
        if str(folder) in limits:
            return limits[str(folder)]
    return None


def _read(path: Path) -> str:
    try:
        return path.read_text("utf-8", "replace") if path.is_file() else ""
    except OSError:
        return ""


def fit_module(text: str, language: str, limit: int | None) -> str:
    """A generated module (sharedhelpers.py) within the line limit: code lines broken at
    their brackets, comment lines wrapped at words under the same prefix."""
    style = style_for(language, text.encode("utf-8"), limit)
    if style is None:
        return text
    out = []
    for line in text.split("\n"):
        if len(line.expandtabs(4)) <= style.limit:
            out.append(line)
        elif line.strip().startswith(style.syntax.line_comment):
            out.append(_wrap_words(line, style))
        else:
            out.append(_break(line, style, 0, _indent_of(line), False, 0))
    return "\n".join(out)


def _wrap_words(line: str, style: Style, continued: str = "") -> str:
    """A comment line wrapped at words; later lines start with the prefix and `continued`."""
    first = _indent_of(line) + style.syntax.line_comment
    words = line.strip()[len(style.syntax.line_comment) :].split()
    lines, current = [], first
    for word in words:
        full = len(current.expandtabs(4)) + 1 + len(word) > style.limit
        if full and current.strip() != first.strip():
            lines.append(current)
            current = first + continued
        current += " " + word
    return "\n".join([*lines, current])
