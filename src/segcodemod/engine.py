"""Run the pipeline: prefilter, index, then per file parse -> find -> rewrite -> verify.

`process_file` is a pure function of (path, bytes, rules, project index), so files are
processed in a process pool where that pays (enough bytes to parse, see POOL_MIN_BYTES); each
worker gets the rules and the project index once, when it starts, never with each task.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from segcodemod import manifest_guard, targets
from segcodemod.clients import ClientGraph
from segcodemod.edits import apply_edits, eol_of, split_bom
from segcodemod.httpcalls import CONST_KEY, host_tokens, hosts_from_settings
from segcodemod.keep import BASELINE_REASON, MARK_KIND, site_keys
from segcodemod.languages import Frontend, ParseError, frontend, language_for
from segcodemod.layout import TODO_CONTINUED, lay_out, limit_for, line_limits, style_for
from segcodemod.ledger import call_records, dropped, mark_records
from segcodemod.model import (
    Blocker,
    ClientId,
    Diagnostic,
    FileFacts,
    FileResult,
    Outcome,
    ProjectIndex,
    Severity,
)
from segcodemod.patterns import pattern_sites, take_over
from segcodemod.prefilter import may_contain_segment
from segcodemod.rewrite import TODO_TAG, plan_file
from segcodemod.rules.load import builtin_rules_dir, load_ruleset, rule_files
from segcodemod.rules.model import RuleSet


@dataclass(frozen=True)
class RuleSpec:
    """What a worker needs to build the same RuleSet as the parent (picklable)."""

    target: str
    rule_dirs: tuple[str, ...] = ()
    settings: tuple[tuple[str, Any], ...] = ()

    def load(self) -> RuleSet:
        """Load once per process (per state of the rule files on disk)."""
        dirs = [builtin_rules_dir(), *(Path(d) for d in self.rule_dirs)]
        stamp = tuple(
            (str(p), p.stat().st_mtime_ns) for d in dirs for p in rule_files(d, self.target)
        )
        key = (repr(self), stamp)
        if key not in _LOADED:
            _LOADED.clear()
            _LOADED[key] = load_ruleset(
                self.target, [Path(d) for d in self.rule_dirs], dict(self.settings)
            )
        return _LOADED[key]


_LOADED: dict[tuple, RuleSet] = {}


def index_file(path: str, data: bytes, root: str) -> FileFacts:
    """Facts of one candidate file (the prefilter stages chose it: e.g. an `index.ts` that only
    re-exports a module exporting a client names that module, not Segment)."""
    language = language_for(path)
    if language is None:
        return FileFacts(path)
    try:
        return frontend(language).index(path, split_bom(data)[1], root)
    except (ParseError, UnicodeDecodeError):
        return FileFacts(path)


def process_file(
    path: str,
    data: bytes,
    rules: RuleSet,
    project: ProjectIndex,
    blocked: Mapping[ClientId, Blocker] | None = None,
) -> FileResult:
    """One file's plan and edits; `blocked`: the clients other files keep whole."""
    language = language_for(path) or ""
    result = FileResult(path, language, data, data)
    if not language or not may_contain_segment(data, project.tokens + rules.tokens):
        return result
    bom, body = split_bom(data)
    front = frontend(language)
    try:
        body.decode("utf-8")
    except UnicodeDecodeError as exc:  # left as it is, and said so
        if _has_calls_as_latin1(front, path, body, project):
            message = (
                f"skipped: Segment calls in a file that is not UTF-8 (byte {exc.start}); convert it"
            )
            return _failed(result, "encoding", message)
        message = f"not scanned: not UTF-8 (byte {exc.start})"
        result.diagnostics = [Diagnostic(path, 1, 1, Severity.NOTE, "encoding", message)]
        return result
    try:
        findings = front.find(path, body, project)
    except ParseError as exc:
        return _failed(result, "parse-error", f"skipped: cannot parse ({exc})", exc.line)
    targets.adjust(rules.target, language, path, findings, project)
    if rules.patterns:  # pattern rules: their matches are call sites too (patterns.py)
        take_over(findings, pattern_sites(path, body, language, rules.patterns, findings))
    result.calls_found = len(findings.calls)
    result.http_calls_found = sum(1 for c in findings.calls if c.sdk == "http")
    if not findings.calls:
        # e.g. a Segment-looking call left unresolved, or the marks of an earlier run
        marks, kept = _baselined_marks(
            _marks_left(path, body, [], front.comment_prefix), project.baseline.get(path)
        )
        result.diagnostics = list(findings.notes) + marks
        result.calls = mark_records(marks, language) + kept
        return result
    root = project.root if project.shared_helpers else None
    baselined = project.baseline.get(path, frozenset())
    plan = plan_file(findings, body, rules, front, blocked, root, baselined)
    result.outcomes, result.links = plan.outcomes, plan.links
    result.diagnostics = [d.diagnostic for d in plan.decisions if d.diagnostic] + plan.notes
    marks, kept = _baselined_marks(
        _marks_left(path, body, result.diagnostics, front.comment_prefix),
        project.baseline.get(path),
    )
    result.diagnostics += marks
    limit = limit_for(path, project.line_limits)
    style = style_for(language, body, limit) if project.layout else None
    laid_out = lay_out(plan.edits, body, style, language)
    new_body = apply_edits(body, laid_out, eol_of(body))
    if laid_out != plan.edits and _breaks_syntax(front, body, new_body):
        new_body = apply_edits(body, plan.edits, eol_of(body))  # layout never costs a file
        style = None
    result.calls, result.file_edits = call_records(
        plan, body, eol_of(body), lambda edits: lay_out(edits, body, style, language)
    )
    result.calls += mark_records(marks, language) + kept
    if new_body != body and _breaks_syntax(front, body, new_body):
        reason = "rewrite did not re-parse; all edits of this file dropped"
        calls = dropped(result.calls, reason)
        failed = _failed(result, "verify-failed", reason)
        failed.calls, failed.file_edits = calls, ()
        return failed
    result.new = bom + new_body
    result.shared_helpers = plan.shared_helpers
    result.calls_rewritten = sum(1 for d in plan.decisions if d.rewritten and d.edits)
    return result


def _has_calls_as_latin1(front: Frontend, path: str, body: bytes, project: ProjectIndex) -> bool:
    """Whether a non-UTF-8 file holds Segment calls (read as latin-1, only to tell): those
    must fail the run rather than pass as a note."""
    try:
        return bool(front.find(path, body.decode("latin-1").encode("utf-8"), project).calls)
    except ParseError:
        return False


def _marks_left(
    path: str, body: bytes, reported: list[Diagnostic], prefix: str = ""
) -> list[Diagnostic]:
    """TODO(segcodemod) comments an earlier run left whose call is no longer seen as Segment
    (its client now has the target's type): they still need a person, so `check` keeps
    failing until they are gone."""
    out = []
    lines_reported = {d.line for d in reported}
    lines = body.split(b"\n")
    continued = (prefix + TODO_CONTINUED).encode() if prefix else None
    for number, line in enumerate(lines, 1):
        _, tag, reason = line.partition(TODO_TAG.encode() + b": ")
        if not tag:
            continue
        call_line = number + 1  # the marked call: past the mark's wrapped lines
        while (
            continued
            and call_line <= len(lines)
            and (lines[call_line - 1].strip().startswith(continued))
        ):
            reason += b" " + lines[call_line - 1].strip()[len(continued) :].strip()
            call_line += 1
        if not lines_reported & {number, call_line, call_line + 1}:
            text = reason.decode("utf-8", "replace").strip().removesuffix("*/}").strip()
            message = f"left by an earlier run, still to do: {text}"
            out.append(Diagnostic(path, call_line, 1, Severity.UNSUPPORTED, "todo-left", message))
    return out


def _baselined_marks(marks: list[Diagnostic], baselined: frozenset | None):
    """(marks still open, ledger records of the marks the baseline lists)."""
    if not baselined:
        return marks, []
    keys = site_keys((MARK_KIND, d.message) for d in marks)
    listed = [d for d, key in zip(marks, keys, strict=True) if key in baselined]
    kept = [replace(r, outcome=Outcome.KEPT, code="baseline", reason=BASELINE_REASON)
            for r in mark_records(listed, "")]  # fmt: skip
    return [d for d in marks if d not in listed], kept


def _breaks_syntax(front: Frontend, old: bytes, new: bytes) -> bool:
    """The rewrite adds syntax errors (the original is parsed again only when the new text has
    any: some grammars report errors on valid code, which then must not count)."""
    new_errors = front.syntax_errors(new)
    return new_errors > 0 and new_errors > front.syntax_errors(old)


def _failed(result: FileResult, code: str, message: str, line: int = 1) -> FileResult:
    result.new, result.error = result.old, True
    result.diagnostics = [Diagnostic(result.path, line, 1, Severity.ERROR, code, message)]
    return result


# -- running over many files -------------------------------------------------------------

_worker_rules: RuleSet | None = None
_worker_project: ProjectIndex | None = None


def _init_worker(spec: RuleSpec, project: ProjectIndex | None = None) -> None:
    global _worker_rules, _worker_project
    _worker_rules = spec.load()  # once per process: rules are compiled lazily and cached
    _worker_project = project


def _index_batch(paths: list[str], root: str) -> list[FileFacts]:
    return [_index_one(p, root) for p in paths]


def _index_one(path: str, root: str) -> FileFacts:
    try:
        return index_file(path, Path(path).read_bytes(), root)
    except Exception:  # the process step reports the file; the index just lacks its facts
        return FileFacts(path)


def _process_batch(paths: list[str], blocked: Mapping[ClientId, Blocker]) -> list[FileResult]:
    assert _worker_project is not None
    return [_process_one(p, _worker_project, blocked) for p in paths]


def _process_one(path: str, project: ProjectIndex, blocked=None) -> FileResult:
    assert _worker_rules is not None
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        result = FileResult(path, language_for(path) or "", b"", b"")
        return _failed(result, "read-error", f"skipped: cannot read ({exc})")
    try:
        return process_file(path, data, _worker_rules, project, blocked)
    except Exception as exc:  # a bug must cost one file, never the run or a half-written file
        result = FileResult(path, language_for(path) or "", data, data)
        return _failed(result, "internal-error", f"skipped: internal error {exc!r}")


# Below this many bytes to parse a process pool costs more than it saves (starting workers,
# sending results back): measured with `scripts/bench.py --synthetic` on a 2-core machine.
POOL_MIN_BYTES = 4_000_000
TASKS_PER_WORKER = 4  # batches per worker: few enough to send little, enough to balance load
MIN_BATCH_BYTES = 256_000


def candidates(
    paths: Iterable[str], extra: tuple[bytes, ...] = (), seen: Callable[[int], None] | None = None
) -> list[str]:
    """Files worth parsing: a known language and a byte prefilter hit (`seen(n)`: n looked at)."""
    out = []
    for n, p in enumerate(paths, 1):
        if seen and n % 256 == 0:
            seen(n)
        if language_for(p) is None:
            continue
        try:
            with open(p, "rb") as fh:
                if may_contain_segment(fh.read(), extra):
                    out.append(p)
        except OSError:
            out.append(p)  # let the worker report it
    return out


def wrapper_tokens(facts: Iterable[FileFacts]) -> tuple[bytes, ...]:
    """Module names of files that export a Segment client: a file importing `client` from
    `app/tracking.py` mentions neither Segment nor analytics, but it names `tracking`."""
    return tuple(sorted({Path(f.path).stem.encode() for f in facts if f.exports or _http_const(f)}))


def _http_const(facts: FileFacts) -> bool:
    """The module defines a Segment HTTP API URL constant (`SEGMENT_BASE = "https://..."`):
    its importers may post to it without naming Segment."""
    return any(key.startswith(CONST_KEY) for key in facts.provides)


Progress = Callable[[str, int, int], None]  # (phase, files done, files in the phase)


def _no_progress(phase: str, done: int, total: int) -> None:
    pass


def run(
    paths: list[str],
    root: str,
    spec: RuleSpec,
    jobs: int = 0,
    progress: Progress | None = None,
    only: Iterable[str] | None = None,
    baseline: dict[str, frozenset] | None = None,
) -> list[FileResult]:
    """Process `paths` (already discovered, the whole project); results come back in path
    order, only for the files in `only` when given (the files named on the command line:
    the rest of the project is indexed and planned all the same, so their results are those
    of a whole-project run). `progress` hears of every phase from its start to its end:
    reading (all paths), indexing, migrating. `baseline`: path -> the sites it lists (kept)."""
    report = progress or _no_progress
    report("reading", 0, len(paths))
    hosts = hosts_from_settings(dict(spec.settings))
    tokens = host_tokens(hosts) + spec.load().tokens  # Segment hosts, pattern rules
    todo = candidates(paths, tokens, lambda n: report("reading", n, len(paths)))
    report("reading", len(paths), len(paths))
    jobs = jobs or min(os.cpu_count() or 1, 8)
    parallel = jobs > 1 and sum(_sizes(todo)) >= POOL_MIN_BYTES
    _init_worker(spec)  # in this process too: forked workers inherit the compiled rules
    with _workers(parallel, jobs, spec, None) as pool:
        todo, project = index_project(paths, todo, root, hosts, pool, report)
    project.baseline = dict(baseline or {})
    with _workers(parallel, jobs, spec, project) as pool:
        migrating = _phase(report, "migrating", len(todo))
        results = _map(pool, _process_batch, todo, {}, migrating)
        results = _keep_clients_whole(results, project, pool)
        results = manifest_guard.guard(results, spec.load(), project, process_file)
    if only is not None:
        named = set(only)
        results = [r for r in results if r.path in named]
    return results


MAX_ROUNDS = 8  # re-plans until no client is newly blocked (each round blocks more, or stops)


def _keep_clients_whole(results: list[FileResult], project: ProjectIndex, pool) -> list[FileResult]:
    """The edit pass: files holding sites of a client blocked anywhere in the project are
    planned again with the blocked set, until no more clients are blocked."""
    planned_with: dict[str, dict] = {r.path: {} for r in results}
    for _ in range(MAX_ROUNDS):
        graph = ClientGraph(link for r in results for link in r.links)
        blocked = graph.blockers((o for r in results for o in r.outcomes), project.root)
        stale = [r.path for r in results if _relevant(r, blocked) != planned_with[r.path]]
        if not stale:
            break
        replanned = {r.path: r for r in _map(pool, _process_batch, stale, blocked, _ignore)}
        for path in stale:
            planned_with[path] = _relevant(replanned[path], blocked)
        results = [replanned.get(r.path, r) for r in results]
    return results


def _relevant(result: FileResult, blocked: Mapping[ClientId, Blocker]) -> dict:
    """The part of the blocked set a file's plan depends on."""
    return {o.client: blocked[o.client] for o in result.outcomes if o.client in blocked}


def index_project(
    paths: list[str],
    todo: list[str],
    root: str,
    hosts: tuple[str, ...],
    pool=None,
    progress: Progress = _no_progress,
) -> tuple[list[str], ProjectIndex]:
    """Index the prefilter hits `todo`, then let a second prefilter stage add the importers of
    the project's own wrapper modules: (files to process, project index)."""
    facts = _map(pool, _index_batch, todo, root, _phase(progress, "indexing", len(todo)))
    tokens = wrapper_tokens(facts) + host_tokens(hosts)
    if tokens:
        seen = set(todo)
        more = candidates([p for p in paths if p not in seen], tokens)
        facts += _map(pool, _index_batch, more, root, _phase(progress, "indexing", len(more)))
        todo = sorted(seen.union(more))
    index = ProjectIndex(root, {f.path: f for f in facts}, tokens, hosts)
    index.line_limits = line_limits(todo, root)
    return todo, index


def _phase(progress: Progress, phase: str, total: int) -> Callable[[int], None]:
    progress(phase, 0, total)
    return lambda done: progress(phase, done, total)


class _Pool(ProcessPoolExecutor):
    def __init__(self, jobs: int, spec: RuleSpec, project: ProjectIndex | None):
        super().__init__(jobs, initializer=_init_worker, initargs=(spec, project))
        self.jobs = jobs


@contextmanager
def _workers(
    parallel: bool, jobs: int, spec: RuleSpec, project: ProjectIndex | None
) -> Iterator[_Pool | None]:
    """A pool whose workers start with the rules and `project` (None: run in this process)."""
    if not parallel:
        _init_worker(spec, project)
        yield None
        return
    pool = _Pool(jobs, spec, project)
    try:
        yield pool
    finally:
        pool.shutdown()


def _sizes(paths: list[str]) -> list[int]:
    out = []
    for p in paths:
        try:
            out.append(os.path.getsize(p))
        except OSError:
            out.append(0)
    return out


def _batches(items: list[str], workers: int) -> list[list[str]]:
    """Consecutive runs of `items` of about equal bytes, TASKS_PER_WORKER per worker."""
    sizes = _sizes(items)
    target = max(sum(sizes) // max(workers * TASKS_PER_WORKER, 1), MIN_BATCH_BYTES)
    batches: list[list[str]] = [[]]
    filled = 0
    for item, size in zip(items, sizes, strict=True):
        if filled >= target:
            batches.append([])
            filled = 0
        batches[-1].append(item)
        filled += size
    return [b for b in batches if b]


def _map(pool, fn, items: list[str], arg, done_so_far: Callable[[int], None]) -> list:
    if pool is None:
        batches = [items[i : i + 16] for i in range(0, len(items), 16)]  # progress steps
        done = (fn(b, arg) for b in batches)
    else:
        batches = _batches(items, pool.jobs)
        done = pool.map(fn, batches, [arg] * len(batches))
    out: list = []
    for batch in done:
        out.extend(batch)
        done_so_far(len(out))
    return out


def _ignore(done: int) -> None:
    """Re-plans of the edit pass are not a phase of their own in the progress display."""
