"""Unified diffs that `git apply` accepts."""

from __future__ import annotations

import difflib
import os

from segcodemod.model import FileResult

NO_EOL = "\\ No newline at end of file\n"


def file_diff(result: FileResult, base: str) -> str:
    """A git-style diff of one file, paths relative to `base`; "" when unchanged."""
    if not result.changed:
        return ""
    rel = os.path.relpath(result.path, base).replace(os.sep, "/")
    old = result.old.decode("utf-8").splitlines(keepends=True)
    new = result.new.decode("utf-8").splitlines(keepends=True)
    source = "/dev/null" if result.created else f"a/{rel}"
    lines = list(difflib.unified_diff(old, new, source, f"b/{rel}", n=3))
    out = [f"diff --git a/{rel} b/{rel}\n"]
    if result.created:
        out.append("new file mode 100644\n")
    for line in lines:
        if line.startswith(("---", "+++")):
            out.append(line.rstrip("\n") + "\n")
        elif line.endswith("\n"):
            out.append(line)
        else:  # the last line of a file that does not end with a line break
            out.append(line + "\n" + NO_EOL)
    return "".join(out)


def patch(results: list[FileResult], base: str) -> str:
    return "".join(file_diff(r, base) for r in results)
