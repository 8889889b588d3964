"""Benchmark: segcodemod against ast-grep, `rg | ast-grep` and `grep -rl` (not a test; ratios).

Corpus mode (default) uses the polyglot corpus of ../shared/bench (make_corpus.py: 7,270 real
files, Segment calls appended to 2% of them). It takes it (`--corpus DIR`) or builds it into
`--work` from source trees (`--src LANG:NAME=PATH`, or `--unpack LANG:NAME=GIT_DIR` to unpack a
mirror's HEAD with `git archive` first), derives the same tree without the injected calls, then
runs, interleaved in each round (the machine is shared: ratios of medians, not absolute times):

    segcodemod apply CORPUS --target amplitude --dry-run   (default workers, and --jobs 1)
    ast-grep scan -c sg/sgconfig.yml CORPUS
    rg -l0 [aA]nalytics CORPUS | xargs -0 ast-grep scan -c sg/sgconfig.yml
    segcodemod apply CLEAN ... --dry-run  vs  grep -rl analytics CLEAN

and prints wall times, ratios and peak memory (largest process, from wait4; whole process
tree, sampled with psutil when installed). Tools that are not installed are skipped, with a
message.

    python scripts/bench.py --corpus /tmp/perf/corpus --rounds 3
    python scripts/bench.py --work /tmp/perf --src python:stdlib=/usr/lib/python3.11 \\
        --unpack ts:outline=/work/.mirror/outline+outline/repo ...

Synthetic mode (`--synthetic`) builds a tree of small generated files and times the prefilter
and whole runs per worker count (`--jobs 1 2`): the pool's break-even.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

BENCH_DIR = Path(os.environ.get("SEGCODEMOD_BENCH_DIR", "/work/shared/bench"))
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "amplitude"
# where make_corpus.py's snippets start (the clean tree is the corpus cut there)
SNIPPET_STARTS = {
    "python": b"\n\ndef _segment_hook_",
    "ts": b"\n\nexport function segmentHook",
    "kotlin": b"\n\ninternal fun segmentHook",
    "swift": b"\n\nfunc segmentHook",
}
UNPACK_PATTERNS = {
    "ts": ("*.ts", "*.tsx", "*.js"),
    "kotlin": ("*.kt", "*.kts"),
    "swift": ("*.swift",),
    "python": ("*.py",),
}


# -- corpus -----------------------------------------------------------------------------------


def unpack(spec: str, work: Path) -> str:
    """`LANG:NAME=GIT_DIR` -> a `--src` spec for make_corpus, the mirror's HEAD unpacked."""
    lang_name, _, git_dir = spec.partition("=")
    lang, _, name = lang_name.partition(":")
    out = work / "src" / name
    if not out.exists():
        out.mkdir(parents=True)
        patterns = [p for p in UNPACK_PATTERNS[lang] if _matches(git_dir, p)]
        archive = subprocess.run(
            ["git", "--git-dir", git_dir, "archive", "HEAD", "--", *patterns],
            capture_output=True,
            check=False,
        )  # a mirror may lack large blobs outside the patterns: the archive still has ours
        subprocess.run(["tar", "-x", "-C", str(out)], input=archive.stdout, check=True)
    return f"{lang}:{name}={out}"


def _matches(git_dir: str, pattern: str) -> bool:
    """Whether HEAD has a file matching `pattern` (git archive fails on a pathspec without)."""
    listed = subprocess.run(
        ["git", "--git-dir", git_dir, "ls-tree", "-r", "--name-only", "HEAD"],
        capture_output=True,
        check=True,
    )
    suffix = pattern.lstrip("*").encode()
    return any(line.endswith(suffix) for line in listed.stdout.splitlines())


def build_corpus(args: argparse.Namespace) -> Path:
    work = Path(args.work)
    corpus = work / "corpus"
    if corpus.exists():
        print(f"corpus: reusing {corpus}")
        return corpus
    sources = list(args.src or []) + [unpack(spec, work) for spec in args.unpack or []]
    command = [sys.executable, str(BENCH_DIR / "make_corpus.py"), "--out", str(corpus)]
    for spec in sources:
        command += ["--src", spec]
    subprocess.run(command, check=True)
    return corpus


def clean_tree(corpus: Path, out: Path) -> Path:
    """The corpus without the injected snippets (the files make_corpus.py appended to)."""
    if out.exists():
        return out
    shutil.copytree(corpus, out, ignore=shutil.ignore_patterns("manifest.json"))
    manifest = json.loads((corpus / "manifest.json").read_text())
    for lang, entry in manifest["languages"].items():
        for injected in entry["injected"]:
            path = out / injected["file"]
            data = path.read_bytes()
            cut = data.rfind(SNIPPET_STARTS[lang])
            if cut >= 0:
                path.write_bytes(data[: cut + 1])
    return out


# -- running ----------------------------------------------------------------------------------


@dataclass
class Command:
    name: str
    argv: list[str]
    shell: bool = False
    walls: list[float] = field(default_factory=list)
    max_rss_mb: float = 0.0  # largest single process (wait4)
    tree_rss_mb: float = 0.0  # all processes at once (psutil samples), 0 when not measured
    found: str = ""

    def run(self, out: Path) -> None:
        with open(out, "wb") as sink:
            start = time.perf_counter()
            proc = subprocess.Popen(
                self.argv, stdout=sink, stderr=subprocess.STDOUT, shell=self.shell
            )
            tree_peak = _sample_tree(proc)
            _, status, usage = os.wait4(proc.pid, 0)
            wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode not in (0, 1, 3):
            sys.exit(f"{self.name}: exit {proc.returncode}\n{out.read_text()[-2000:]}")
        self.walls.append(wall)
        self.max_rss_mb = max(self.max_rss_mb, usage.ru_maxrss / 1024)
        self.tree_rss_mb = max(self.tree_rss_mb, tree_peak / 2**20)
        self.found = _found(out.read_bytes())

    @property
    def median(self) -> float:
        return statistics.median(self.walls)


def _sample_tree(proc: subprocess.Popen) -> int:
    """Peak summed RSS of `proc` and its descendants, sampled every 20 ms (0 without psutil).
    The process is left for os.wait4 to reap."""
    try:
        import psutil
    except ImportError:
        return 0
    peak = 0
    try:
        root = psutil.Process(proc.pid)
        while root.status() != psutil.STATUS_ZOMBIE:
            rss = 0
            for p in [root, *root.children(recursive=True)]:
                with contextlib.suppress(psutil.Error):
                    rss += p.memory_info().rss
            peak = max(peak, rss)
            time.sleep(0.02)
    except psutil.Error:
        pass
    return peak


def _found(output: bytes) -> str:
    summary = re.search(rb"(\d+) files scanned, (\d+) Segment calls found", output)
    if summary:
        return f"{int(summary.group(2))} calls"
    matches = output.count(b"Segment analytics call")
    if matches:
        return f"{matches} matches"
    return f"{len([line for line in output.splitlines() if line.strip()])} lines"


def segcodemod_argv() -> list[str]:
    script = Path(sys.executable).with_name("segcodemod")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "import sys; from segcodemod.cli import main; sys.exit(main())"]


def corpus_commands(corpus: Path, clean: Path, jobs: list[int]) -> list[Command]:
    seg = segcodemod_argv()
    config = str(BENCH_DIR / "sg" / "sgconfig.yml")
    dry = ["apply", "--target", "amplitude", "--dry-run"]
    commands = [Command("segcodemod", [*seg, *dry[:1], str(corpus), *dry[1:]])]
    commands += [
        Command(f"segcodemod -j{j}", [*seg, *dry[:1], str(corpus), *dry[1:], "--jobs", str(j)])
        for j in jobs
    ]
    ast_grep = shutil.which("ast-grep") or shutil.which(
        "ast-grep", path=str(Path(sys.executable).parent)
    )
    if ast_grep:
        commands.append(Command("ast-grep scan", [ast_grep, "scan", "-c", config, str(corpus)]))
        if shutil.which("rg"):
            pipeline = (
                f"rg -l0 '[aA]nalytics' '{corpus}' | xargs -0 '{ast_grep}' scan -c '{config}'"
            )
            commands.append(Command("rg | ast-grep", [pipeline], shell=True))
        else:
            print("skipped rg | ast-grep: rg not installed (Debian: apt-get install ripgrep)")
    else:
        print(
            "skipped ast-grep and rg | ast-grep: ast-grep not installed "
            "(pip install ast-grep-cli==0.51.1)"
        )
    commands.append(Command("segcodemod clean", [*seg, *dry[:1], str(clean), *dry[1:]]))
    commands += [
        Command(f"segcodemod clean -j{j}", [*seg, *dry[:1], str(clean), *dry[1:], "--jobs", str(j)])
        for j in jobs
    ]
    commands.append(Command("grep -rl clean", ["grep", "-rl", "analytics", str(clean)]))
    return commands


def report(commands: list[Command]) -> None:
    by_name = {c.name: c for c in commands}
    print(
        f"\n{'command':24} {'median s':>9} {'min':>7} {'max':>7} {'max RSS':>8} "
        f"{'tree RSS':>9}  found"
    )
    for c in commands:
        tree = f"{c.tree_rss_mb:7.0f}MB" if c.tree_rss_mb else "        -"
        print(
            f"{c.name:24} {c.median:9.2f} {min(c.walls):7.2f} {max(c.walls):7.2f} "
            f"{c.max_rss_mb:6.0f}MB {tree}  {c.found}"
        )
    print()
    ratios = [
        ("segcodemod", "rg | ast-grep", "dry run / rg | ast-grep (goal <= 2)"),
        ("ast-grep scan", "segcodemod", "ast-grep scan / dry run (goal >= 8)"),
        ("segcodemod clean", "grep -rl clean", "clean run / grep -rl (goal <= 3)"),
    ]
    ratios += [
        (base, f"{base} -j1", f"{base}: default workers / -j1 (goal <= 1)")
        for base in ("segcodemod", "segcodemod clean")
    ]
    for top, bottom, label in ratios:
        if top in by_name and bottom in by_name:
            a, b = by_name[top], by_name[bottom]
            per_round = [x / y for x, y in zip(a.walls, b.walls, strict=True)]
            print(
                f"{label:42} {a.median / b.median:6.2f}  "
                f"(rounds: {', '.join(f'{r:.2f}' for r in per_round)})"
            )


def corpus_mode(args: argparse.Namespace) -> None:
    corpus = Path(args.corpus) if args.corpus else build_corpus(args)
    scratch = Path(args.work) if args.work else Path(tempfile.gettempdir()) / "segcodemod-bench"
    clean = clean_tree(corpus, scratch / (corpus.name + "-clean"))
    files = sum(1 for p in corpus.rglob("*") if p.is_file())
    print(f"corpus: {corpus} ({files} files), clean tree: {clean}")
    commands = corpus_commands(corpus, clean, args.jobs)
    out = scratch / "bench-output.txt"
    for round_no in range(args.rounds):
        order = commands if round_no % 2 == 0 else commands[::-1]  # no tool always goes first
        for command in order:
            command.run(out)
        print(
            f"round {round_no + 1}: " + ", ".join(f"{c.name} {c.walls[-1]:.2f}s" for c in commands)
        )
    report(commands)


# -- synthetic mode (pool break-even) ----------------------------------------------------------

PLAIN = {
    ".py": "def handler_{i}(request):\n    total = sum(range({i}))\n    return {{'ok': total}}\n"
    * 20,
    ".ts": "export function handler{i}(x: number): number {{\n  return x * {i};\n}}\n" * 20,
}


def segment_sources() -> list[tuple[str, bytes]]:
    """Every `before` file of the fixtures, as samples of real Segment code."""
    out = []
    for path in sorted(FIXTURES.glob("*/*/before/**/*")):
        if path.is_file() and path.suffix in (".py", ".ts", ".tsx", ".js", ".jsx", ".swift", ".kt"):
            out.append((path.suffix, path.read_bytes()))
    return out


def build_tree(root: Path, files: int, share: float, seed: int = 7) -> int:
    rng = random.Random(seed)
    samples = segment_sources()
    with_calls = 0
    for i in range(files):
        folder = root / f"pkg{i % 50}"
        folder.mkdir(exist_ok=True)
        if samples and rng.random() < share:
            suffix, data = rng.choice(samples)
            with_calls += 1
        else:
            suffix = rng.choice(list(PLAIN))
            data = PLAIN[suffix].format(i=i).encode()
        (folder / f"m{i}{suffix}").write_bytes(data)
    return with_calls


def synthetic_mode(args: argparse.Namespace) -> None:
    from segcodemod.discover import discover
    from segcodemod.engine import RuleSpec, candidates, run
    from segcodemod.prefilter import may_contain_segment

    root = Path(tempfile.mkdtemp(prefix="segcodemod-bench-"))
    try:
        with_calls = build_tree(root, args.files, args.segment_share)
        total_bytes = sum(p.stat().st_size for p in root.rglob("*") if p.is_file())
        print(
            f"tree: {args.files} files, {total_bytes / 1e6:.1f} MB, {with_calls} with Segment code"
        )
        t = time.perf_counter()
        _, files = discover([root])
        print(f"discover: {len(files)} files in {time.perf_counter() - t:.3f} s")
        blobs = [Path(f).read_bytes() for f in files]
        t = time.perf_counter()
        hits = sum(may_contain_segment(b) for b in blobs)
        dt = time.perf_counter() - t
        print(f"prefilter: {hits} hits, {total_bytes / 1e6 / max(dt, 1e-9):.0f} MB/s")
        t = time.perf_counter()
        kept = candidates(files)
        print(f"prefilter from disk: {len(kept)} candidates in {time.perf_counter() - t:.3f} s")
        spec = RuleSpec(args.target)
        for _ in range(args.rounds):
            for jobs in [0, *args.jobs]:
                t = time.perf_counter()
                results = run(files, str(root), spec, jobs)
                dt = time.perf_counter() - t
                calls = sum(r.calls_found for r in results)
                print(
                    f"run --jobs {jobs}: {dt:.2f} s, {len(files) / dt:.0f} files/s, {calls} calls"
                )
    finally:
        shutil.rmtree(root)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--corpus", help="an existing corpus (make_corpus.py output)")
    parser.add_argument("--work", help="scratch directory (corpus built here, clean tree)")
    parser.add_argument("--src", action="append", help="make_corpus.py source LANG:NAME=PATH")
    parser.add_argument("--unpack", action="append", help="LANG:NAME=GIT_DIR, unpacked first")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--jobs", type=int, nargs="*", default=[1], help="worker counts to add")
    parser.add_argument("--synthetic", action="store_true", help="synthetic tree, pool break-even")
    parser.add_argument("--files", type=int, default=4000)
    parser.add_argument("--segment-share", type=float, default=0.05)
    parser.add_argument("--target", default="amplitude")
    args = parser.parse_args()
    if args.synthetic:
        synthetic_mode(args)
    else:
        if not args.corpus and not args.work:
            parser.error("--corpus DIR or --work DIR (to build the corpus) is required")
        corpus_mode(args)


if __name__ == "__main__":
    main()
