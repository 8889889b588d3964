"""Match each call site against the rules and render its edit (or say why not)."""

from __future__ import annotations

import bisect
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from jinja2 import TemplateError

from segcodemod.clients import (
    BLOCKED_CODE,
    KEPT_CLIENT_CODE,
    KEPT_CODES,
    ClientGraph,
    blocked_message,
    client_of,
    env_links,
)
from segcodemod.edits import (
    alone_on_lines,
    indent_at,
    line_end,
    line_start,
    overlaps,
    reindent,
    whole_lines,
)
from segcodemod.keep import BASELINE_REASON, keep_comment, site_keys
from segcodemod.languages.base import Frontend
from segcodemod.layout import TODO_CONTINUED
from segcodemod.model import (
    Blocker,
    CallSite,
    ClientId,
    Context,
    Diagnostic,
    Edit,
    Findings,
    Severity,
    SiteOutcome,
)
from segcodemod.renames import renamed_captures
from segcodemod.rules.match import Captures, first_match
from segcodemod.rules.model import Rule, RuleSet
from segcodemod.rules.templates import Capture
from segcodemod.sharedhelpers import (
    Flavour,
    SharedHelper,
    defined_names,
    flavour_of,
    home_of,
    import_line,
    needed_by,
)

TODO_TAG = "TODO(segcodemod)"


@dataclass
class Decision:
    """What happens to one call site."""

    call: CallSite
    rule: Rule | None = None
    edits: list[Edit] = field(default_factory=list)
    imports: list[str] = field(default_factory=list)
    helpers: list[str] = field(default_factory=list)  # module-level helper blocks, added once
    diagnostic: Diagnostic | None = None
    file_note: str = ""  # rule `file_note`: reported once per file
    renamed: Diagnostic | None = None  # a `rename_event` rule changed the event name
    kept: str = ""  # why the call is kept on purpose (suppression comment, baseline)

    @property
    def rewritten(self) -> bool:
        if self.kept:
            return False
        return self.diagnostic is None or self.diagnostic.severity is Severity.NOTE


@dataclass
class Plan:
    decisions: list[Decision]
    import_edits: list[Edit]
    notes: list[Diagnostic]
    outcomes: list[SiteOutcome] = field(default_factory=list)  # per client site, for the engine
    links: list[tuple[ClientId, ClientId]] = field(default_factory=list)  # ids that are one client
    shared_helpers: list[SharedHelper] = field(default_factory=list)  # imported, not pasted

    @property
    def edits(self) -> list[Edit]:
        return [e for d in self.decisions for e in d.edits] + self.import_edits


def plan_file(
    findings: Findings,
    body: bytes,
    rules: RuleSet,
    frontend: Frontend,
    blocked: Mapping[ClientId, Blocker] | None = None,
    root: str | None = None,
    baselined: frozenset = frozenset(),
) -> Plan:
    """Decide every call; a client with a site that stays (here, or in `blocked`: found by the
    engine in another file) stays whole: its init and every call are left as they were. With
    `root`, helper functions go to the project's helper module (sharedhelpers.py)."""
    calls = [_with_client(call) for call in findings.calls]
    blocked = dict(blocked or {})
    links = list(findings.links)
    links += [link for call in findings.calls if call.client is None for link in env_links(call)]
    graph = ClientGraph(links)
    for _ in range(len(calls) + 1):  # each round blocks at least one more client, or stops
        decisions = _decide_all(calls, body, rules, frontend, blocked, baselined)
        if findings.imports and any(not d.rewritten for d in decisions):
            # The Segment import stays: a second pass lets rules qualify names it makes
            # ambiguous (Swift `Configuration` -> `AmplitudeSwift.Configuration`) via
            # env.segment_import_kept.
            kept = [replace(c, env={**c.env, "segment_import_kept": True}) for c in calls]
            decisions = _decide_all(kept, body, rules, frontend, blocked, baselined)
        outcomes = _outcomes(decisions)
        more = {c: b for c, b in graph.blockers(outcomes).items() if c not in blocked}
        if not more:
            break
        blocked.update(more)
    import_edits, notes, shared = _import_edits(findings, body, decisions, frontend, blocked, root)
    notes += _file_notes(decisions) + list(findings.notes)
    notes += [d.renamed for d in decisions if d.renamed and d.rewritten]
    return Plan(decisions, import_edits, notes, outcomes, links, shared)


def _with_client(call: CallSite) -> CallSite:
    client = client_of(call)
    return call if client == call.client else replace(call, client=client)


def _outcomes(decisions: list[Decision]) -> list[SiteOutcome]:
    out = []
    for d in decisions:
        if d.call.client is None:
            continue
        diagnostic = d.diagnostic if not d.rewritten else None
        reason, code = (diagnostic.message, diagnostic.code) if diagnostic else ("", "")
        out.append(SiteOutcome(d.call.client, d.call.path, d.call.line, not d.rewritten,
                               reason, code))  # fmt: skip
    return out


def _file_notes(decisions: list[Decision]) -> list[Diagnostic]:
    """Rule `file_note`s of the rewritten calls: each text once per file, at its first call."""
    out: dict[str, Diagnostic] = {}
    for d in decisions:
        if d.file_note and d.rewritten and d.file_note not in out:
            out[d.file_note] = _diag(d.call, Severity.NOTE, "file-note", d.file_note, d.rule)
    return list(out.values())


def _decide_all(
    calls, body: bytes, rules: RuleSet, frontend: Frontend, blocked, baselined=frozenset()
) -> list[Decision]:
    keys = site_keys((c.method, c.text) for c in calls)
    decisions = [
        _decide_site(call, body, rules, frontend, blocked, key in baselined)
        for call, key in zip(calls, keys, strict=True)
    ]
    _drop_overlaps(decisions)
    return decisions


def _decide_site(
    call: CallSite, body: bytes, rules, frontend, blocked, baselined: bool = False
) -> Decision:
    """A call kept on purpose (a `segcodemod: keep` comment, the baseline) stays exactly as it
    was; so does a site of a blocked client (no edit, no mark); a site the client graph cannot
    follow is left and marked (it blocks its client)."""
    reason = keep_comment(call, body)
    if reason is not None or baselined:
        code = "kept" if reason is not None else "baseline"
        reason = reason if reason is not None else BASELINE_REASON
        message = f"kept on purpose: {reason}"
        return Decision(call, kept=reason, diagnostic=_diag(call, Severity.NOTE, code, message))
    if call.unfollowed:
        return _leave(call, body, frontend, None, "client-flow", call.unfollowed)
    decision = decide(call, body, rules, frontend)
    if call.client in blocked and decision.rewritten:
        blocker = blocked[call.client]
        if blocker.code in KEPT_CODES:  # kept on purpose there: this call stays with it
            reason = f"its client is kept for the call at {blocker.path}:{blocker.line}"
            diagnostic = _diag(call, Severity.NOTE, KEPT_CLIENT_CODE, f"kept: {reason}")
            return Decision(call, kept=reason, diagnostic=diagnostic)
        message = blocked_message(call.client, blocker)
        return Decision(call, diagnostic=_diag(call, Severity.UNSUPPORTED, BLOCKED_CODE, message))
    return decision


def decide(call: CallSite, body: bytes, rules: RuleSet, frontend: Frontend) -> Decision:
    found = first_match(rules, call)
    if found is not None:
        return _apply_rule(*found, call, body, rules, frontend)
    has_rules = rules.candidates(call.language, call.sdk, call.method)
    shape = "no rule matches this argument shape" if has_rules else "no rule"
    reason = f"{shape} for {call.sdk} {call.method}(); left as it was"
    return _leave(call, body, frontend, None, "no-rule", reason)


def _apply_rule(rule, captures: Captures, call, body, rules: RuleSet, frontend) -> Decision:
    captures, renamed = _renamed(call, captures, rules, frontend)
    decision = _apply_captures(rule, captures, call, body, rules, frontend)
    decision.renamed = renamed
    return decision


EVENT_CAPTURES = ("event", "name")  # what built-in track rules call the event name


def _renamed(call: CallSite, captures: Captures, rules: RuleSet, frontend):
    """`rename_event` rules: a track call of the old event name renders with the new one."""
    if call.method != "track":
        return captures, None
    for rename in rules.renames:
        old, new = rename.rename
        key = next((k for k in EVENT_CAPTURES if captures.get(k) is not None), None)
        arg = captures.get(key) if key else None
        if call.language in rename.languages and arg is not None and arg.value == old:
            quoted = replace(arg, text=frontend.quote(new), value=new)
            message = f"event {old!r} renamed to {new!r}"
            return {**captures, key: quoted}, _diag(call, Severity.NOTE, "rename", message, rename)
    return captures, None


def _apply_captures(rule, captures: Captures, call, body, rules: RuleSet, frontend) -> Decision:
    variables = template_vars(call, captures, body, rules.settings, frontend)
    try:
        for guard in rule.guards:
            if guard.test(**dict.fromkeys(guard.absent), **variables):
                return _leave(call, body, frontend, rule, "unsupported", guard.reason)
    except TemplateError as exc:
        return _rule_failed(call, rule, exc)
    if rule.unsupported:
        return _leave(call, body, frontend, rule, "unsupported", rule.unsupported, mark=False)
    template, span = _template_for(rule, call)
    if template is None:
        if rule.todo:
            return _leave(call, body, frontend, rule, "todo", rule.todo)
        reason = "the rewrite needs statements but the call is used as a value; left as it was"
        return _leave(call, body, frontend, rule, "expression-position", reason)
    try:
        text = template.render(**variables).strip("\n")
        imports = [line for t in rule.imports for line in t.render(**variables).splitlines()]
        helpers = [h for t in rule.helpers if (h := t.render(**variables).strip("\n")).strip()]
        note = rule.note_template.render(**variables).strip() if rule.note_template else rule.note
        file_note = rule.file_note.render(**variables).strip() if rule.file_note else ""
    except TemplateError as exc:
        return _rule_failed(call, rule, exc)
    indent = indent_at(body, span[0])
    edits = [_replacement(body, span, reindent(text, indent), rule.id)]
    decision = Decision(call, rule, edits, [i.strip() for i in imports if i.strip()], helpers)
    decision.file_note = " ".join(file_note.split())
    if rule.todo:
        decision.edits[:0] = _todo_edit(call, body, frontend, rule.todo)
        decision.diagnostic = _diag(call, Severity.UNSUPPORTED, "todo", rule.todo, rule)
    elif note:
        decision.diagnostic = _diag(call, Severity.NOTE, "note", note, rule)
    return decision


def _template_for(rule: Rule, call: CallSite):
    """Statement sites take `rewrite` (falling back to `expression`); value sites `expression`."""
    if call.context is not Context.EXPRESSION and call.statement_span is not None:
        if rule.rewrite is not None:
            return rule.rewrite, call.statement_span
        if rule.expression is not None:
            return rule.expression, call.span
    return rule.expression, call.span


def _replacement(body: bytes, span: tuple[int, int], text: str, rule_id: str) -> Edit:
    """An empty rewrite of a whole statement removes its line(s) too."""
    if text.strip():
        return Edit(span, text, rule_id)
    if alone_on_lines(body, *span):
        return Edit(whole_lines(body, *span), "", rule_id)
    return Edit(span, "", rule_id)


def template_vars(call: CallSite, captures: Captures, body: bytes, settings, frontend) -> dict:
    indent = indent_at(body, (call.statement_span or call.span)[0])
    captures = renamed_captures(captures, settings, frontend.quote)  # the config's rename maps
    variables: dict[str, Any] = {
        name: (
            Capture(arg, _arg_indent(body, call, arg, indent, frontend))
            if arg is not None
            else None
        )
        for name, arg in captures.items()
    }
    variables.update(
        receiver=call.receiver,
        binding=call.binding,
        exported=call.exported,
        awaited=call.awaited,
        site=call.context.value,
        method=call.method,
        sdk=call.sdk,
        language=call.language,
        call=call.text,
        settings=settings,
        env=call.env,
        indent=indent,
        _frontend=frontend,
    )
    return variables


def _arg_indent(body: bytes, call: CallSite, arg, indent: str, frontend: Frontend) -> str:
    """The indentation a multi-line argument's continuation lines are relative to: the
    statement's, or, for an argument that starts on a later line of a multi-line call, its own
    line's (so `properties: [` moved up to the call's line keeps its items one level in).
    Frontends opt in with `arg_line_indent = True` (Swift; Python fixtures predate it)."""
    start = (call.statement_span or call.span)[0]
    if not frontend.arg_line_indent:
        return indent
    if arg.span[1] <= arg.span[0] or line_start(body, arg.span[0]) <= start:
        return indent
    return indent_at(body, arg.span[0])


def _leave(call, body, frontend, rule, code: str, reason: str, mark: bool = True) -> Decision:
    """Keep the call; mark it with a TODO comment (once) and report it."""
    edits = _todo_edit(call, body, frontend, reason) if mark else []
    return Decision(
        call, rule, edits, diagnostic=_diag(call, Severity.UNSUPPORTED, code, reason, rule)
    )


def _todo_edit(call: CallSite, body: bytes, frontend: Frontend, reason: str) -> list[Edit]:
    at = line_start(body, (call.statement_span or call.span)[0])
    if _marked_above(body, at, frontend.comment_prefix):
        return []  # already marked by an earlier run
    note = f"{TODO_TAG}: {reason}"
    if call.env.get("comment_style") == "jsx":  # the line starts among JSX children
        note = "{/* " + note.replace("*/", "* /") + " */}"
    else:
        note = f"{frontend.comment_prefix} {note}"
    return [Edit((at, at), f"{indent_at(body, at)}{note}\n", "todo")]


def _marked_above(body: bytes, at: int, prefix: str) -> bool:
    """A TODO mark ends on the line above `at` (its reason may go on over several comment
    lines, as the layout stage wraps it)."""
    continued = (prefix + TODO_CONTINUED).encode()
    while at > 0:
        start = line_start(body, at - 1)
        line = body[start:at].strip()
        if TODO_TAG.encode() in line:
            return True
        if not line.startswith(continued):
            return False
        at = start
    return False


def _rule_failed(call: CallSite, rule: Rule, exc: Exception) -> Decision:
    reason = f"rule {rule.id} ({rule.source}) failed to render: {exc}"
    diagnostic = _diag(call, Severity.UNSUPPORTED, "rule-error", reason, rule)
    return Decision(call, rule, diagnostic=diagnostic)


def _diag(call: CallSite, severity: Severity, code: str, message: str, rule=None) -> Diagnostic:
    return Diagnostic(
        call.path, call.line, call.column, severity, code, message, rule.id if rule else ""
    )


def _drop_overlaps(decisions: list[Decision]) -> None:
    """A call nested in another rewritten call (or two marks on one line) cannot both apply."""
    taken: list[tuple[int, int]] = []  # sorted, disjoint: only the neighbours can overlap

    def clashes(s: tuple[int, int]) -> bool:
        i = bisect.bisect_left(taken, s)
        return any(overlaps(s, taken[j]) for j in (i - 1, i) if 0 <= j < len(taken))

    for d in decisions:
        spans = [e.span for e in d.edits if e.span[0] != e.span[1]]
        if any(clashes(s) for s in spans):
            reason = "overlaps another rewritten call; left as it was"
            d.edits, d.imports, d.helpers = [], [], []
            d.diagnostic = _diag(d.call, Severity.UNSUPPORTED, "overlap", reason, d.rule)
            continue
        for s in spans:
            bisect.insort(taken, s)
    seen_marks: set[int] = set()
    for d in decisions:  # one TODO line per line, even with two calls on it
        marks = [e for e in d.edits if e.rule_id == "todo"]
        for e in marks:
            if e.span[0] in seen_marks:
                d.edits.remove(e)
            seen_marks.add(e.span[0])


def _import_edits(
    findings: Findings, body: bytes, decisions: list[Decision], frontend, blocked, root
):
    """Add the target's imports; remove Segment's once no Segment call is left in the file
    (and none of the clients an import brings in is blocked)."""
    wanted: list[str] = []
    for d in decisions:
        for line in d.imports:
            if line not in wanted:
                wanted.append(line)
    text = body.decode("utf-8", "replace")
    present = {ln.strip() for ln in text.splitlines()}
    helpers = _new_helpers(decisions, text)
    shared: list[SharedHelper] = []
    if root is not None and decisions:
        helpers, shared, wanted = _share(decisions, body, helpers, wanted, root, frontend)
    new_lines = [line for line in frontend.merge_imports(wanted) if line not in present]
    left = [d for d in decisions if not d.rewritten]
    notes: list[Diagnostic] = []
    removable = [
        s
        for s in findings.imports
        if not left and not _still_used(s, decisions) and not set(s.clients) & set(blocked)
    ]
    if findings.imports and left:
        message = f"Segment import kept: {len(left)} call(s) still use it"
        site = findings.imports[0]
        notes.append(
            Diagnostic(left[0].call.path, site.line, 1, Severity.NOTE, "import-kept", message)
        )
    edits = [Edit(site.span, site.replacement, "import") for site in removable]
    if new_lines:
        block = "".join(line + "\n" for line in new_lines)
        if edits and not indent_at(body, edits[0].span[0]):
            # the target's imports take the place of the first (top-level) Segment import
            edits[0] = Edit(edits[0].span, block + edits[0].text, "import")
        else:  # after the file's imports (a file without any: a blank line before its code)
            at = findings.import_anchor
            if at == 0 and body[: line_end(body, 0)].strip():
                block += "\n"
            edits.append(Edit((at, at), block, "import"))
    if helpers:
        edits.append(_helpers_edit(body, findings.import_anchor, helpers, frontend))
    return edits, notes, shared


def _share(decisions, body: bytes, helpers: list[str], wanted: list[str], root: str, frontend):
    """Helper functions move to the project's helper module: the file imports them, and the
    import lines only they needed go with them. (inline helpers, shared, import lines)"""
    path = decisions[0].call.path
    flavour = flavour_of(path, body)
    if flavour is None:
        return helpers, [], wanted
    language = "python" if flavour == Flavour.PYTHON else "javascript"
    home = home_of(path, flavour, root)
    if os.path.abspath(path) == home:
        return helpers, [], wanted
    inline, shared = [], []
    for block in helpers:
        names = defined_names(block, language)
        if names is None:
            inline.append(block)
        else:
            shared.append(SharedHelper(home, flavour, names, block, tuple(wanted)))
    if not shared:
        return helpers, [], wanted
    if any(_uses(h.block, name) for h in shared for name in _inline_names(inline)):
        return helpers, [], wanted  # a shared helper needing the file's own block stays here
    # (the file's own blocks may use shared helpers: the import below brings them)
    here = "\n".join([*(e.text for d in decisions for e in d.edits), *inline])
    there = "\n".join(h.block for h in shared)
    kept = [ln for ln in wanted if needed_by(ln, here) or not needed_by(ln, there)]
    quote = "'" if frontend.quote("") == "''" else '"'
    used = [replace(h, names=tuple(n for n in h.names if _uses(here, n))) for h in shared]
    lines = [import_line(path, h, quote) for h in used if h.names]
    return inline, shared, [*kept, *lines]


def _inline_names(blocks: list[str]) -> list[str]:
    """Names the file's own helper blocks bind at their top level."""
    found = re.findall(
        r"^(?:(?:async\s+)?(?:def|function)\s+|(?:const|let|var)\s+)?([A-Za-z_$][\w$]*)",
        "\n".join(blocks),
        re.M,
    )
    return [n for n in found if n not in ("if", "else", "return", "export")]


def _uses(code: str, name: str) -> bool:
    """`name` is referred to (not as a member `x.name`; a spread `...name(...)` counts)."""
    return (
        re.search(rf"(?<![\w$])(?:(?<=\.\.\.)|(?<!\.)){re.escape(name)}(?![\w$])", code) is not None
    )


def _still_used(site, decisions: list[Decision]) -> bool:
    """An import of a project module's client whose name a rewrite still refers to (e.g. the
    client now holds the target's client object: `mparticleUpload(analytics, ...)`) stays."""
    if not site.names:
        return False
    used = "\n".join(e.text for d in decisions for e in d.edits if e.rule_id != "todo")
    return any(re.search(rf"(?<![\w$.]){re.escape(name)}(?![\w$])", used) for name in site.names)


def _helpers_edit(body: bytes, at: int, helpers: list[str], frontend: Frontend) -> Edit:
    """Helper blocks after the top-level imports (module level, wherever the Segment import
    stood), `helper_blank_lines` blank lines around each (Python: 2, PEP 8); the blank lines
    already there are replaced, so the spacing is the same on every run."""
    end = at
    while end < len(body):
        stop = line_end(body, end)
        if body[end:stop].strip():
            break
        end = stop
    gap = "\n" * (frontend.helper_blank_lines + 1)
    lead = gap[1:] if at else ""
    tail = gap if end < len(body) else "\n"
    return Edit((at, end), lead + gap.join(helpers) + tail, "helper")


def _new_helpers(decisions: list[Decision], text: str) -> list[str]:
    """Helper blocks the rewrites need, once each, unless the file already defines them
    (their first line is the marker, e.g. `def _mparticle_upload(...):`)."""
    out: list[str] = []
    for d in decisions:
        for helper in d.helpers:
            first = helper.strip().splitlines()[0].strip()
            if helper not in out and first not in text:
                out.append(helper)
    return out
