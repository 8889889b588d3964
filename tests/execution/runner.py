"""Run a program under test against the capture server and return what its SDKs sent.

    requests = run_python(Path("prog.py"))          # list[capture.Request]
    requests = run_node(Path("prog.mjs"))           # needs ensure_node_deps() first
    result = run_python_result(Path("prog.py"))     # RunResult: requests + exit code + output

Python programs run with ``sys.executable`` (the interpreter running the tests, which has the
SDKs from requirements.txt) and ``PYTHONPATH=tests/execution/pyshim`` (prepended), whose
``sitecustomize`` redirects the SDKs. Node programs run as
``node --require tests/execution/node/preload.cjs program`` (CommonJS or ES module ``.js`` /
``.cjs`` / ``.mjs``); the preload redirects the SDKs and makes tests/execution/node/node_modules
resolvable from any directory. Both get ``SEGCODEMOD_CAPTURE_URL`` and ``NO_PROXY`` for
127.0.0.1. Each run starts its own `CaptureServer`, waits for the program (``timeout`` seconds,
then it is killed and `ProgramFailed` raised), then waits until the server has been quiet for
``settle`` seconds with no request in flight.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .capture import CaptureServer, Request

__all__ = [
    "EXECUTION_DIR",
    "NODE_DIR",
    "NODE_PRELOAD",
    "PYSHIM_DIR",
    "NodeUnavailable",
    "ProgramFailed",
    "RunResult",
    "ensure_node_deps",
    "node_command",
    "python_command",
    "run_captured",
    "run_node",
    "run_node_result",
    "run_python",
    "run_python_result",
    "typecheck_ts",
]

EXECUTION_DIR = Path(__file__).resolve().parent
PYSHIM_DIR = EXECUTION_DIR / "pyshim"
NODE_DIR = EXECUTION_DIR / "node"
NODE_PRELOAD = NODE_DIR / "preload.cjs"
MIN_NODE_MAJOR = 20  # @segment/analytics-node 3.x: engines node >= 20

DEFAULT_TIMEOUT = 30.0
DEFAULT_SETTLE = 0.2


class ProgramFailed(AssertionError):
    """The program under test exited non-zero or timed out."""


class NodeUnavailable(RuntimeError):
    """``node``/``npm`` are missing or too old; the message says which (use it as skip reason)."""


@dataclass
class RunResult:
    argv: list[str]
    returncode: int | None  # None: killed after the timeout
    stdout: str
    stderr: str
    duration: float
    requests: list[Request] = field(default_factory=list)

    @property
    def timed_out(self) -> bool:
        return self.returncode is None

    def describe(self) -> str:
        status = "timed out" if self.timed_out else f"exit code {self.returncode}"
        return (
            f"{' '.join(self.argv)}: {status} after {self.duration:.1f}s, "
            f"{len(self.requests)} request(s)\n"
            f"--- stdout ---\n{self.stdout[-4000:]}\n--- stderr ---\n{self.stderr[-4000:]}"
        )


# ------------------------------------------------------------------------------------------
# generic
# ------------------------------------------------------------------------------------------
def _child_env(capture_url: str, extra: Mapping[str, str] | None) -> dict[str, str]:
    env = dict(os.environ)
    env["SEGCODEMOD_CAPTURE_URL"] = capture_url
    for key in ("NO_PROXY", "no_proxy"):
        parts = [p for p in env.get(key, "").split(",") if p]
        for host in ("127.0.0.1", "localhost"):
            if host not in parts:
                parts.append(host)
        env[key] = ",".join(parts)
    env.setdefault("PYTHONUNBUFFERED", "1")
    if extra:
        env.update(extra)
    return env


def run_captured(
    argv: Sequence[str],
    cwd: str | os.PathLike[str] | None = None,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    env: Mapping[str, str] | None = None,
    settle: float = DEFAULT_SETTLE,
    check: bool = True,
) -> RunResult:
    """Run ``argv`` with ``SEGCODEMOD_CAPTURE_URL`` pointing at a fresh capture server.

    ``env`` entries are added to (and override) the inherited environment. With ``check`` a
    non-zero exit or a timeout raises `ProgramFailed` (with the program's output).
    """
    argv = [str(a) for a in argv]
    with CaptureServer(max_lifetime=timeout + 60) as server:
        child_env = _child_env(server.url, env)
        start = time.monotonic()
        proc = subprocess.Popen(
            argv,
            cwd=cwd,
            env=child_env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,  # so a timeout kills the program's children too
        )
        try:
            stdout, stderr = proc.communicate(timeout=timeout)
            returncode: int | None = proc.returncode
        except subprocess.TimeoutExpired:
            _kill_group(proc)
            stdout, stderr = proc.communicate()
            returncode = None
        duration = time.monotonic() - start
        server.wait_until_settled(quiet=settle, timeout=10)
        result = RunResult(argv, returncode, stdout, stderr, duration, server.requests)
    if check and result.returncode != 0:
        raise ProgramFailed(result.describe())
    return result


def _kill_group(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, 9)
    except (ProcessLookupError, PermissionError):
        proc.kill()


# ------------------------------------------------------------------------------------------
# Python
# ------------------------------------------------------------------------------------------
def python_command(
    program_path: str | os.PathLike[str], args: Sequence[str] = (), python: str | None = None
) -> list[str]:
    return [python or sys.executable, str(program_path), *args]


def _python_env(env: Mapping[str, str] | None) -> dict[str, str]:
    merged = dict(env or {})
    existing = merged.get("PYTHONPATH", os.environ.get("PYTHONPATH", ""))
    merged["PYTHONPATH"] = os.pathsep.join(p for p in (str(PYSHIM_DIR), existing) if p)
    return merged


def run_python_result(
    program_path: str | os.PathLike[str],
    cwd: str | os.PathLike[str] | None = None,
    *,
    args: Sequence[str] = (),
    timeout: float = DEFAULT_TIMEOUT,
    env: Mapping[str, str] | None = None,
    settle: float = DEFAULT_SETTLE,
    python: str | None = None,
    check: bool = True,
) -> RunResult:
    """Run a Python program with the SDK shim; see the module docstring."""
    program = Path(program_path).resolve()
    return run_captured(
        python_command(program, args, python),
        cwd if cwd is not None else program.parent,
        timeout=timeout,
        env=_python_env(env),
        settle=settle,
        check=check,
    )


def run_python(
    program_path: str | os.PathLike[str], cwd: str | os.PathLike[str] | None = None, **kwargs
) -> list[Request]:
    """Run a Python program under capture; return the captured requests (raises on failure)."""
    return run_python_result(program_path, cwd, **kwargs).requests


# ------------------------------------------------------------------------------------------
# Node
# ------------------------------------------------------------------------------------------
_node_lock = threading.Lock()
_node_ready: dict[Path, str] = {}  # package directory -> "ok" or a NodeUnavailable message


def _node_version(node: str) -> tuple[int, ...]:
    out = subprocess.run(
        [node, "--version"], capture_output=True, text=True, timeout=30, check=True
    ).stdout
    return tuple(int(p) for p in out.strip().lstrip("v").split(".")[:3])


def _lock_stamp(node_version: tuple[int, ...], directory: Path) -> str:
    digest = hashlib.sha256((directory / "package-lock.json").read_bytes())
    digest.update((directory / "package.json").read_bytes())
    digest.update(repr(node_version[:1]).encode())
    return digest.hexdigest()


def ensure_node_deps(*, force: bool | None = None, directory: Path = NODE_DIR) -> None:
    """Install a test package's dependencies (tests/execution/node unless `directory` names
    another one with its own package-lock.json) with ``npm ci``, at most once per process.

    Skips the install when ``node_modules`` was already installed from the same lockfile (a
    stamp file records it); ``force=True`` or ``SEGCODEMOD_FORCE_NPM_CI=1`` always runs it.
    Raises `NodeUnavailable` when node or npm is missing or node is older than 20; raises
    RuntimeError when ``npm ci`` fails.
    """
    with _node_lock:
        if _node_ready.get(directory) == "ok":
            return
        if directory in _node_ready:
            raise NodeUnavailable(_node_ready[directory])
        node, npm = shutil.which("node"), shutil.which("npm")
        if node is None or npm is None:
            missing = " and ".join(n for n, p in (("node", node), ("npm", npm)) if p is None)
            _node_ready[directory] = (
                f"{missing} not found on PATH: "
                f"Node execution tests need Node >= {MIN_NODE_MAJOR} with npm"
            )
            raise NodeUnavailable(_node_ready[directory])
        version = _node_version(node)
        if version[0] < MIN_NODE_MAJOR:
            found = ".".join(map(str, version))
            _node_ready[directory] = (
                f"node {found} is too old: execution tests need Node >= {MIN_NODE_MAJOR}"
            )
            raise NodeUnavailable(_node_ready[directory])
        if force is None:
            force = os.environ.get("SEGCODEMOD_FORCE_NPM_CI", "") not in ("", "0")
        stamp_file = directory / "node_modules" / ".segcodemod-stamp"
        stamp = _lock_stamp(version, directory)
        if force or not stamp_file.is_file() or stamp_file.read_text().strip() != stamp:
            proc = subprocess.run(
                [npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"],
                cwd=directory,
                capture_output=True,
                text=True,
                timeout=600,
            )
            if proc.returncode != 0:
                raise RuntimeError(
                    f"npm ci failed in {directory} (exit {proc.returncode}):\n"
                    f"{proc.stdout}\n{proc.stderr}"
                )
            stamp_file.write_text(stamp + "\n")
        _node_ready[directory] = "ok"


def node_command(program_path: str | os.PathLike[str], args: Sequence[str] = ()) -> list[str]:
    return [
        shutil.which("node") or "node",
        "--require",
        str(NODE_PRELOAD),
        str(program_path),
        *args,
    ]


def run_node_result(
    program_path: str | os.PathLike[str],
    cwd: str | os.PathLike[str] | None = None,
    *,
    args: Sequence[str] = (),
    timeout: float = DEFAULT_TIMEOUT,
    env: Mapping[str, str] | None = None,
    settle: float = DEFAULT_SETTLE,
    check: bool = True,
) -> RunResult:
    """Run a Node program with the SDK preload (installs the SDKs first if needed)."""
    ensure_node_deps()
    program = Path(program_path).resolve()
    return run_captured(
        node_command(program, args),
        cwd if cwd is not None else program.parent,
        timeout=timeout,
        env=env,
        settle=settle,
        check=check,
    )


def run_node(
    program_path: str | os.PathLike[str], cwd: str | os.PathLike[str] | None = None, **kwargs
) -> list[Request]:
    """Run a Node program under capture; return the captured requests (raises on failure)."""
    return run_node_result(program_path, cwd, **kwargs).requests


def typecheck_ts(
    files: Sequence[str | os.PathLike[str]],
    *,
    compiler_options: Mapping[str, object] | None = None,
    timeout: float = 120,
) -> subprocess.CompletedProcess:
    """Type-check TypeScript files with the pinned ``tsc`` against the pinned SDK typings.

    Uses a temporary tsconfig (strict, ``moduleResolution: bundler``, ``noEmit``) whose
    ``paths`` map bare imports to tests/execution/node/node_modules (``@mparticle/web-sdk`` to
    ``@types/mparticle__web-sdk``, see sdk-map section 3). Returns the completed ``tsc`` process
    (``returncode`` 0 when the files type-check); output is in ``stdout``.
    """
    import json

    ensure_node_deps()
    modules = NODE_DIR / "node_modules"
    options: dict[str, object] = {
        "strict": True,
        "noEmit": True,
        "target": "ES2022",
        "module": "ESNext",
        "moduleResolution": "bundler",
        "esModuleInterop": True,
        "skipLibCheck": True,
        "jsx": "react-jsx",
        "types": ["node"] if (modules / "@types" / "node").is_dir() else [],
        "typeRoots": [str(modules / "@types")],
        "paths": {
            "@mparticle/web-sdk": [str(modules / "@types" / "mparticle__web-sdk")],
            "*": [str(modules / "*"), str(modules / "@types" / "*")],
        },
    }
    options.update(compiler_options or {})
    with tempfile.TemporaryDirectory(prefix="segcodemod-tsc-") as tmp:
        config = Path(tmp) / "tsconfig.json"
        config.write_text(
            json.dumps(
                {"compilerOptions": options, "files": [str(Path(f).resolve()) for f in files]},
                indent=2,
            )
        )
        tsc = modules / ".bin" / "tsc"
        return subprocess.run(
            [str(tsc), "-p", str(config), "--pretty", "false"],
            capture_output=True,
            text=True,
            timeout=timeout,
        )
