"""Languages with a Segment SDK but no frontend yet: each Segment call is reported
(file:line, "not migrated: language not supported"), never skipped silently.

No parser: after the byte prefilter, a cheap token scan driven by one table per language.
A file counts as using Segment only when it imports / names the SDK (`markers`); then every line
holding a Segment call shape (`calls`, or a method call on a name bound to a Segment client by
`clients`) is reported once. Comment lines are skipped. The reports are UNSUPPORTED
diagnostics, so `check` fails and `manifest_remove_segment` refuses while any remains.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from segcodemod.model import Diagnostic, FileFacts, Findings, ProjectIndex, Severity

METHOD_NAMES = "track|identify|page|screen|group|alias|flush|reset|enqueue"
METHODS = f"(?:{METHOD_NAMES})"


@dataclass(frozen=True)
class Table:
    title: str  # the language as people name it
    markers: tuple[re.Pattern[str], ...]  # the file uses a Segment SDK
    calls: tuple[re.Pattern[str], ...]  # a line holding a Segment call
    clients: tuple[re.Pattern[str], ...] = ()  # `name = <Segment client>`: group 1 is the name
    method_call: str = r"\b{name}\s*\.\s*" + METHODS + r"\s*\("  # a call on such a name
    comments: tuple[str, ...] = ("//",)


def _all(*patterns: str) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p) for p in patterns)


TABLES: dict[str, Table] = {
    "objective-c": Table(
        "Objective-C",
        _all(r"\bSEGAnalytics\b", r"<Analytics/", r"<Segment/"),
        _all(r"\[\s*SEGAnalytics\b", r"\bSEGAnalyticsConfiguration\b"),
        _all(r"(\w+)\s*=\s*\[\s*SEGAnalytics\s+sharedAnalytics\s*\]"),
        r"\[\s*{name}\s+" + METHODS + r"\b",
    ),
    "go": Table(
        "Go",
        _all(r"segmentio/analytics-go"),
        _all(
            r"\banalytics\.New(?:WithConfig)?\s*\(",
            r"\banalytics\.(?:Track|Identify|Page|Screen|Group|Alias)\s*\{",
        ),
        _all(r"(\w+)\s*(?::=|=)\s*analytics\.New(?:WithConfig)?\s*\("),
        r"\b{name}\s*\.\s*(?:Enqueue|Close)\s*\(",
    ),
    "ruby": Table(
        "Ruby",
        _all(r"Segment::Analytics", r"require\s+['\"](?:segment|analytics-ruby)"),
        _all(r"\bSegment::Analytics\.new\b"),
        _all(r"([@$]?\w+(?:::\w+)*)\s*=\s*Segment::Analytics\.new\b"),
        r"(?<![\w@$]){name}\s*\.\s*" + METHODS + r"\b",
        ("#",),
    ),
    "php": Table(
        "PHP",
        _all(r"\bSegment::", r"Segment\\Segment", r"segmentio/analytics-php"),
        _all(r"\bSegment::(?:init|" + METHOD_NAMES + r")\s*\("),
        comments=("//", "#"),
    ),
    "csharp": Table(
        "C#",
        _all(r"\busing\s+Segment\b", r"\bSegment\.Analytics\b"),
        _all(
            r"\bAnalytics\.Initialize\s*\(",
            r"\bAnalytics\.Client\.(?:Track|Identify|Page|Screen|Group|Alias|Flush)\s*\(",
        ),
        _all(r"(\w+)\s*=\s*new\s+Analytics\s*\("),
        r"\b{name}\s*\.\s*(?:Track|Identify|Page|Screen|Group|Alias|Flush|Reset)\s*\(",
    ),
}


class UnsupportedFrontend:
    """Reports Segment calls in a language the codemod cannot rewrite yet."""

    name = ""
    comment_prefix = "//"
    helper_blank_lines = 1
    arg_line_indent = False

    def __init__(self, language: str):
        from segcodemod.languages import extensions_of

        self.name, self.table = language, TABLES[language]
        self.extensions = extensions_of(language)

    def index(self, path: str, source: bytes, root: str) -> FileFacts:
        return FileFacts(path)

    def find(self, path: str, source: bytes, project: ProjectIndex) -> Findings:
        text = source.decode("utf-8")
        table = self.table
        if not any(marker.search(text) for marker in table.markers):
            return Findings()
        calls = list(table.calls)
        for pattern in table.clients:
            for name in {m.group(1) for m in pattern.finditer(text)}:
                calls.append(re.compile(table.method_call.format(name=re.escape(name))))
        notes = []
        for number, line in enumerate(text.splitlines(), 1):
            if line.lstrip().startswith(table.comments):
                continue
            found = next((m for p in calls if (m := p.search(line))), None)
            if found is not None:
                message = (
                    f"not migrated: language not supported ({table.title}): `{line.strip()[:80]}`"
                )
                notes.append(
                    Diagnostic(
                        path, number, found.start() + 1, Severity.UNSUPPORTED,
                        "language-not-supported", message,
                    )
                )  # fmt: skip
        return Findings(notes=notes)

    def syntax_errors(self, source: bytes) -> int:
        return 0

    def quote(self, value: str) -> str:
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'

    def merge_imports(self, lines: list[str]) -> list[str]:
        return lines

    def interpolate(self, parts: Sequence[tuple[str, bool]]) -> str:
        return " + ".join(t if code else self.quote(t) for t, code in parts)


class ObjectiveCFrontend(UnsupportedFrontend):
    def __init__(self) -> None:
        super().__init__("objective-c")


class GoFrontend(UnsupportedFrontend):
    def __init__(self) -> None:
        super().__init__("go")


class RubyFrontend(UnsupportedFrontend):
    def __init__(self) -> None:
        super().__init__("ruby")


class PhpFrontend(UnsupportedFrontend):
    def __init__(self) -> None:
        super().__init__("php")


class CSharpFrontend(UnsupportedFrontend):
    def __init__(self) -> None:
        super().__init__("csharp")
