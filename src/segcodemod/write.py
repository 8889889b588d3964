"""Write rewritten files atomically, keeping their mode bits."""

from __future__ import annotations

import os
import tempfile

from segcodemod.model import FileResult


def write_result(result: FileResult) -> None:
    if not result.changed:
        return
    directory = os.path.dirname(result.path) or "."
    if result.created and os.path.exists(result.path):
        raise FileExistsError(result.path)  # a generated module never replaces a file
    mode = 0o644 if result.created else os.stat(result.path).st_mode & 0o7777
    fd, tmp = tempfile.mkstemp(dir=directory, prefix=".segcodemod-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(result.new)
        os.chmod(tmp, mode)
        os.replace(tmp, result.path)  # atomic: a reader sees the old or the new file, never half
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
