"""Benchmark: how fast segcodemod goes through a repository (not a test; numbers to compare).

Builds a synthetic tree (most files without Segment, a share with calls, in every language the
fixtures cover), then times the prefilter alone and whole runs with 1 and N worker processes.

    python scripts/bench.py --files 4000 --segment-share 0.05 --jobs 1 2
"""

from __future__ import annotations

import argparse
import random
import shutil
import tempfile
import time
from pathlib import Path

from segcodemod.discover import discover
from segcodemod.engine import RuleSpec, candidates, run
from segcodemod.prefilter import may_contain_segment

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "amplitude"

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=4000)
    parser.add_argument("--segment-share", type=float, default=0.05)
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--target", default="amplitude")
    args = parser.parse_args()

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
        for jobs in args.jobs:
            t = time.perf_counter()
            results = run(files, str(root), spec, jobs)
            dt = time.perf_counter() - t
            calls = sum(r.calls_found for r in results)
            changed = sum(r.changed for r in results)
            print(
                f"run --jobs {jobs}: {dt:.2f} s, {len(files) / dt:.0f} files/s, "
                f"{calls} calls, {changed} files changed"
            )
    finally:
        shutil.rmtree(root)


if __name__ == "__main__":
    main()
