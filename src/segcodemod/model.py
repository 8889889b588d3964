"""Data that moves between the pipeline steps.

Spans are byte offsets into the file's bytes *after* any BOM has been removed, so
frontends (tree-sitter, libcst) and the edit step agree on positions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any

Span = tuple[int, int]


class ArgKind(str, Enum):
    """What a frontend can tell about an argument without running the program."""

    STRING = "string"  # a plain string literal (value is known)
    TEMPLATE = "template"  # interpolated string: f-string, template literal
    NUMBER = "number"
    BOOL = "bool"
    NULL = "null"  # None / null / undefined / nil
    OBJECT = "object"  # dict / object / map literal (items are known)
    ARRAY = "array"
    FUNCTION = "function"  # lambda, arrow function, closure, function reference literal
    OTHER = "other"  # a name or any other expression: type unknown


@dataclass(frozen=True)
class Item:
    """One entry of an object/dict/map literal."""

    key: str | None  # the key's value when it is a literal or identifier key, else None
    key_text: str  # key as written ("'a'", "a", "[k]"); "" for a spread
    value: Arg  # the value (for a shorthand `{ a }` its text is "a"; for a spread, the operand)
    spread: bool = False  # `...x` / `**x`


@dataclass(frozen=True)
class Arg:
    """One argument of a call, as written."""

    text: str
    kind: ArgKind
    name: str | None = None  # keyword (Python), label (Swift), named argument (Kotlin)
    value: str | None = None  # decoded value of a STRING literal
    items: tuple[Item, ...] | None = None  # entries of an OBJECT literal
    span: Span = (0, 0)


class Context(str, Enum):
    """Where the call stands, which decides what a rewrite may emit."""

    STATEMENT = "statement"  # the call (maybe awaited) is a whole statement: may become several
    DECLARATION = "declaration"  # `x = call(...)` / `const x = call(...)`: a binding is made
    EXPRESSION = "expression"  # anything else: the rewrite must stay one expression


@dataclass(frozen=True, order=True)
class ClientId:
    """One Segment client of the project (a module API configured with a write key, a
    constructor call, a singleton, a snippet global), unique across the whole project: every
    site of it (init, calls, type annotations, imports) names the same id, so the engine can
    migrate it whole or not at all."""

    language: str  # frontend family: python, swift, kotlin, js
    key: str  # e.g. `module:segment.analytics`, `app/tracking.py:client`

    def __str__(self) -> str:
        return self.key


@dataclass(frozen=True)
class CallSite:
    """A Segment SDK call found by a frontend, ready for rule matching."""

    path: str
    language: str
    sdk: str  # signature family: python, node, node-legacy, browser, swift, ...
    method: str  # track, identify, ..., init, import
    receiver: str  # receiver source text (`analytics`, `window.analytics`, `client`)
    args: tuple[Arg, ...]
    span: Span  # what an EXPRESSION rewrite replaces (the call; `await` stays outside)
    statement_span: Span | None  # what a STATEMENT/DECLARATION rewrite replaces
    line: int  # 1-based
    column: int  # 1-based
    context: Context
    awaited: bool = False
    binding: str | None = None  # the declared name in DECLARATION context
    exported: bool = False  # the declaration is exported (JS/TS)
    text: str = ""  # the call's source text, for reports
    env: dict[str, Any] = field(default_factory=dict)  # frontend facts exposed to templates
    client: ClientId | None = None  # the client this site belongs to (engine: all or nothing)
    unfollowed: str = ""  # why the client graph cannot follow this client here ("" = it can):
    # the site is left and its whole client is blocked, e.g. an init inside a function whose
    # calls live elsewhere


@dataclass(frozen=True)
class ImportSite:
    """An import of a Segment package (or of a project module's Segment client)."""

    span: Span  # whole statement, including its line break
    text: str
    line: int
    replacement: str = ""  # what stays when it is removed (e.g. a side-effect import of a
    # project module, so the Segment init that module ran still has a target init there)
    names: tuple[str, ...] = ()  # names it binds that rewritten code may still use (a project
    # module's client): the import is kept while a rewrite refers to one of them
    clients: tuple[ClientId, ...] = ()  # the clients it brings in: kept while one is blocked


@dataclass
class Findings:
    """Everything a frontend found in one file."""

    calls: list[CallSite] = field(default_factory=list)
    imports: list[ImportSite] = field(default_factory=list)
    import_anchor: int = 0  # byte offset where new import lines go (start of a line)
    notes: list[Diagnostic] = field(default_factory=list)  # e.g. unresolved receivers
    links: list[tuple[ClientId, ClientId]] = field(default_factory=list)  # ids that are one
    # client (a parameter and the client its callers pass): migrated together


@dataclass(frozen=True)
class Edit:
    span: Span
    text: str  # replacement, with "\n" line breaks (converted to the file's EOL on apply)
    rule_id: str = ""


class Severity(str, Enum):
    ERROR = "error"  # the file could not be processed
    UNSUPPORTED = "unsupported"  # a Segment call left as it was
    NOTE = "note"  # something a reviewer should know


@dataclass(frozen=True)
class Diagnostic:
    path: str
    line: int
    column: int
    severity: Severity
    code: str  # short machine-readable reason: no-rule, todo, parse-error, verify-failed, ...
    message: str
    rule_id: str = ""

    def location(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"


@dataclass(frozen=True)
class SiteOutcome:
    """What the plan of one file does to one site of a client (the scan accumulator's unit)."""

    client: ClientId
    path: str
    line: int
    left: bool  # the site would stay Segment-shaped (no rule, todo, unsupported, unfollowed)
    reason: str = ""  # why it is left
    code: str = ""  # the diagnostic code of a left site (`client-blocked`: left for another)


@dataclass(frozen=True)
class Blocker:
    """Why a client is not migrated at all: its first left site."""

    path: str
    line: int
    reason: str
    code: str = ""  # the blocking site's diagnostic code (`kept`: kept on purpose)


class Outcome(str, Enum):
    """What became of one Segment call site (the ledger)."""

    MIGRATED = "migrated"
    CAVEAT = "migrated-with-caveat"  # rewritten, with a note a reviewer should read
    TODO = "todo"  # left (or rewritten in part) with a TODO(segcodemod) mark: needs a person
    UNSUPPORTED = "unsupported"  # left as it was: no rule, or the rules cannot do it safely
    KEPT = "kept"  # kept on purpose: `segcodemod: keep` comment or the baseline

    @property
    def needs_person(self) -> bool:
        return self in (Outcome.TODO, Outcome.UNSUPPORTED)

    @property
    def migrated(self) -> bool:
        return self in (Outcome.MIGRATED, Outcome.CAVEAT)


@dataclass(frozen=True)
class Replacement:
    """One edit in line/column terms (1-based; columns count code points; end is exclusive)."""

    start_line: int
    start_column: int
    end_line: int
    end_column: int
    text: str  # with the file's line breaks


@dataclass(frozen=True)
class CallRecord:
    """One Segment call site in the ledger: where, what, and what became of it."""

    path: str
    line: int
    column: int
    language: str
    sdk: str  # signature family (python, node, browser, swift, http, manifest, ...)
    kind: str  # the call's method kind: track, identify, ..., init, import, dependency
    outcome: Outcome
    rule_id: str = ""
    code: str = ""  # the diagnostic code when not plainly migrated (todo, no-rule, note, kept...)
    reason: str = ""
    text: str = ""  # the call's source text
    replacements: tuple[Replacement, ...] = ()  # the call's own edits (imports: per file)


@dataclass
class FileResult:
    path: str
    language: str
    old: bytes
    new: bytes
    calls_found: int = 0
    calls_rewritten: int = 0
    http_calls_found: int = 0  # of calls_found: Segment HTTP Tracking API calls (sdk `http`)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    error: bool = False  # parse or decode failure: nothing changed
    outcomes: list[SiteOutcome] = field(default_factory=list)  # per client site: left or not
    links: list[tuple[ClientId, ClientId]] = field(default_factory=list)  # from Findings.links
    calls: list[CallRecord] = field(default_factory=list)  # the ledger: one per call site
    file_edits: tuple[Replacement, ...] = ()  # import / helper edits shared by the file's calls
    shared_helpers: list[Any] = field(default_factory=list)  # sharedhelpers.SharedHelper
    created: bool = False  # a new file (a generated helper module): old is empty

    @property
    def changed(self) -> bool:
        return self.new != self.old

    @property
    def unsupported(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.UNSUPPORTED]


@dataclass(frozen=True)
class FileFacts:
    """What one file offers the rest of the project (collected before rewriting)."""

    path: str
    exports: dict[str, str] = field(default_factory=dict)  # exported name -> sdk flavour
    provides: dict[str, str] = field(default_factory=dict)  # e.g. python client home module


@dataclass
class ProjectIndex:
    """Facts about the whole scanned tree, so one file can see another's Segment clients."""

    root: str
    files: dict[str, FileFacts] = field(default_factory=dict)
    tokens: tuple[bytes, ...] = ()  # extra prefilter tokens: modules exporting a Segment client
    segment_hosts: tuple[str, ...] = ()  # configured Segment HTTP API hosts (`segment_hosts`)
    line_limits: dict[str, int] = field(default_factory=dict)  # folder -> formatter line length
    shared_helpers: bool = True  # helper functions in one project module (sharedhelpers.py)
    layout: bool = True  # lay rewrites out like the code they replace (layout.py); rule
    # test cases check the mapping alone, one line per call
    baseline: dict[str, frozenset] = field(default_factory=dict)  # path -> keep.SiteKey set

    def exports_of(self, path: str) -> dict[str, str]:
        facts = self.files.get(path)
        return facts.exports if facts else {}

    def provided(self, key: str) -> list[tuple[str, str]]:
        """(path, value) for every file that provides `key`, sorted by path."""
        return sorted((p, f.provides[key]) for p, f in self.files.items() if key in f.provides)
