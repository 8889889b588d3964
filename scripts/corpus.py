"""Run segcodemod over whole real repositories and count what a reviewer checks.

    python scripts/corpus.py CORPUS_DIR [--target amplitude --target mparticle] [--md OUT]

CORPUS_DIR holds one checked-out repository per folder (see ../shared/corpus/README.md; never
commit their code). Nothing is written to them: the pipeline runs in memory. Per repository
and target it prints the ledger's outcomes and the patch checks of issue 11 and 9:
- `long`: added lines longer than the file's formatter limit (layout.py's limit);
- `lost`: comments on removed lines that no added line of the file carries;
- `dup`: helper functions defined by the patch in more than one file;
- `undef`: names pyflakes reports undefined in a rewritten Python file that it did not
  report before (a half-migrated client; needs `pip install pyflakes`).
"""

from __future__ import annotations

import argparse
import difflib
import io
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from segcodemod.cli.options import Selection, Target
from segcodemod.cli.output import OUTPUT, ColorMode
from segcodemod.cli.run import prepare, process
from segcodemod.languages import language_for
from segcodemod.layout import DEFAULT_LIMIT, comments_in, limit_for, line_limits
from segcodemod.model import FileResult

OUTCOMES = ("migrated", "migrated-with-caveat", "todo", "unsupported", "kept")
_DEF = re.compile(r"^\+(?:export\s+)?(?:async\s+)?(?:def|function)\s+([\w$]+)\s*\(")


@dataclass
class Row:
    repo: str
    target: str
    outcomes: Counter = field(default_factory=Counter)
    files_changed: int = 0
    errors: int = 0
    long: list[str] = field(default_factory=list)
    lost: list[str] = field(default_factory=list)
    dup: list[str] = field(default_factory=list)
    undef: list[str] = field(default_factory=list)

    @property
    def calls(self) -> int:
        return sum(self.outcomes.values())


def measure(repo: Path, target: str) -> Row:
    row = Row(repo.name, target)
    prepared = prepare(Selection([repo], Target(target)))
    results = process(prepared)
    limits = line_limits([r.path for r in results if r.changed], str(prepared.root))
    defined: dict[str, set[str]] = {}
    for result in results:
        row.errors += result.error
        row.outcomes.update(c.outcome.value for c in result.calls)
        if not result.changed:
            continue
        row.files_changed += 1
        added, removed = _diff_lines(result)
        name = _rel(result.path, repo)
        limit = limit_for(result.path, limits) or DEFAULT_LIMIT
        row.long += [f"{name}: {len(a)}" for a in added if len(a.expandtabs(4)) > limit]
        row.lost += _lost(result, added, removed, name)
        for line in added:
            match = _DEF.match("+" + line)
            if match:
                defined.setdefault(match.group(1), set()).add(name)
        row.undef += [f"{name}: {m}" for m in _new_undefined(result)]
    row.dup = [f"{n} in {len(files)} files" for n, files in defined.items() if len(files) > 1]
    return row


def _diff_lines(result: FileResult) -> tuple[list[str], list[str]]:
    old = result.old.decode("utf-8", "replace").splitlines()
    new = result.new.decode("utf-8", "replace").splitlines()
    added, removed = [], []
    for line in difflib.unified_diff(old, new, lineterm="", n=0):
        if line.startswith("+") and not line.startswith("+++"):
            added.append(line[1:])
        elif line.startswith("-") and not line.startswith("---"):
            removed.append(line[1:])
    return added, removed


def _lost(result: FileResult, added: list[str], removed: list[str], name: str) -> list[str]:
    language = language_for(result.path) or ""
    kept = "\n".join(added)
    out = []
    for line in removed:
        for comment in comments_in(line, language):
            if comment not in kept and "TODO(segcodemod)" not in comment:
                out.append(f"{name}: {comment[:60]}")
    return out


def _new_undefined(result: FileResult) -> list[str]:
    if not result.path.endswith(".py"):
        return []
    try:
        from pyflakes.api import check
        from pyflakes.reporter import Reporter
    except ImportError:
        return []

    def undefined(source: bytes) -> set[str]:
        out = io.StringIO()
        check(source.decode("utf-8", "replace"), result.path, Reporter(out, io.StringIO()))
        return {m.group(1) for m in re.finditer(r"undefined name '([^']+)'", out.getvalue())}

    return sorted(undefined(result.new) - undefined(result.old))


def _rel(path: str, repo: Path) -> str:
    try:
        return str(Path(path).resolve().relative_to(repo.resolve()))
    except ValueError:
        return path


def table(rows: list[Row]) -> str:
    head = "| repo | target | calls | " + " | ".join(OUTCOMES) + " | files | errors | long | lost"
    head += " | dup | undef |"
    lines = [head, "|" + "---|" * (head.count("|") - 1)]
    for r in rows:
        counts = " | ".join(str(r.outcomes.get(o, 0)) for o in OUTCOMES)
        lines.append(
            f"| {r.repo} | {r.target} | {r.calls} | {counts} | {r.files_changed} | {r.errors} |"
            f" {len(r.long)} | {len(r.lost)} | {len(r.dup)} | {len(r.undef)} |"
        )
    return "\n".join(lines)


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--target", action="append", choices=["amplitude", "mparticle"])
    parser.add_argument("--only", action="append", help="repository folder names")
    parser.add_argument("--md", type=Path, help="write the table (and details) here")
    args = parser.parse_args(argv)
    OUTPUT.configure(quiet=True, verbose=False, color=ColorMode.never)
    rows = []
    for repo in sorted(p for p in args.corpus.iterdir() if p.is_dir()):
        if args.only and repo.name not in args.only:
            continue
        for target in args.target or ["amplitude", "mparticle"]:
            rows.append(measure(repo, target))
            print(table(rows[-1:]).splitlines()[-1], flush=True)
    details = [
        f"- {r.repo} {r.target} {kind}: {item}"
        for r in rows
        for kind in ("long", "lost", "dup", "undef")
        for item in getattr(r, kind)
    ]
    text = table(rows) + "\n\n" + "\n".join(details) + "\n"
    if args.md:
        args.md.write_text(text)
    print(text)


if __name__ == "__main__":
    main(sys.argv[1:])
