"""Loopback HTTP capture server for execution tests.

`CaptureServer` listens on 127.0.0.1 on an ephemeral port, in a background thread, and records
every request it receives (method, path, headers, raw body and the body decoded as JSON; gzip
bodies, as sent by Segment Python with ``gzip=True``, are inflated first). It answers each
request with a success response that the SDK that sent it accepts:

* Segment (``.../v1/batch``): ``200 {}``
* Amplitude (``.../2/httpapi``, ``.../batch``): ``200 {"code": 200, "events_ingested": N, ...}``
  (both Amplitude SDKs read ``code`` from the JSON body)
* mParticle Events API (``.../events``, ``.../bulkevents``): ``202`` with an empty body

Use it as a context manager::

    with CaptureServer() as server:
        run_something(env={"SEGCODEMOD_CAPTURE_URL": server.url})
        server.wait_until_settled()
        requests = server.requests

The server stops by itself after ``max_lifetime`` seconds so a forgotten instance cannot
outlive a test session.
"""

from __future__ import annotations

import gzip
import json
import threading
import time
import zlib
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

__all__ = ["CaptureServer", "Request"]

_NO_JSON = object()


@dataclass(frozen=True)
class Request:
    """One request received by the capture server."""

    method: str
    path: str  # path without the query string
    query: str
    headers: dict[str, str] = field(hash=False)  # header names lower-cased
    raw_body: bytes = field(repr=False)  # body as received on the wire
    body: Any = field(hash=False)  # decoded JSON, or None when the body was empty / not JSON
    received_at: float = 0.0  # time.monotonic() when the request was complete

    @property
    def json_ok(self) -> bool:
        """True when the body was present and decoded as JSON."""
        return self.body is not None


def _decode_body(raw: bytes, encoding: str) -> Any:
    data = raw
    encoding = encoding.strip().lower()
    if encoding == "gzip" or (not encoding and raw[:2] == b"\x1f\x8b"):
        data = gzip.decompress(raw)
    elif encoding == "deflate":
        data = zlib.decompress(raw)
    if not data.strip():
        return None
    try:
        return json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None


def _response_for(path: str, body: Any) -> tuple[int, bytes]:
    """Status and JSON body that the SDK posting to ``path`` treats as success."""
    if path.endswith("/v1/batch") or path.endswith("/v1/import"):
        return 200, b"{}"
    if path.endswith("/2/httpapi") or path.endswith("/batch"):
        n = len(body.get("events", [])) if isinstance(body, dict) else 0
        payload = {
            "code": 200,
            "events_ingested": n,
            "payload_size_bytes": 0,
            "server_upload_time": int(time.time() * 1000),
        }
        return 200, json.dumps(payload).encode()
    if path.endswith("/events") or path.endswith("/bulkevents"):
        return 202, b""
    return 200, b"{}"


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    timeout = 10  # seconds an idle keep-alive connection may hold a handler thread
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        pass

    def _read_body(self) -> bytes:
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            chunks = []
            while True:
                size_line = self.rfile.readline()
                size = int(size_line.split(b";", 1)[0].strip() or b"0", 16)
                if size == 0:
                    # trailers until the empty line
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    break
                chunks.append(self.rfile.read(size))
                self.rfile.readline()  # CRLF after each chunk
            return b"".join(chunks)
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _handle(self) -> None:
        owner = self.server.owner
        owner._enter()
        try:
            raw = self._read_body()
            path, _, query = self.path.partition("?")
            try:
                body = _decode_body(raw, self.headers.get("Content-Encoding", ""))
            except (OSError, zlib.error, EOFError):
                body = None
            status, payload = _response_for(path, body)
            owner._record(
                Request(
                    method=self.command,
                    path=path,
                    query=query,
                    headers={k.lower(): v for k, v in self.headers.items()},
                    raw_body=raw,
                    body=body,
                    received_at=time.monotonic(),
                )
            )
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            if payload and self.command != "HEAD":
                self.wfile.write(payload)
        finally:
            owner._leave()

    do_POST = _handle
    do_PUT = _handle
    do_GET = _handle
    do_HEAD = _handle


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = False
    owner: CaptureServer


class CaptureServer:
    """Records every HTTP request sent to it; see the module docstring.

    ``max_lifetime`` bounds how long the server runs (seconds, from ``start()``).
    """

    def __init__(self, max_lifetime: float = 300.0) -> None:
        self.max_lifetime = max_lifetime
        self._lock = threading.Condition()
        self._requests: list[Request] = []
        self._in_flight = 0
        self._last_activity = time.monotonic()
        self._httpd: _Server | None = None
        self._thread: threading.Thread | None = None
        self._timer: threading.Timer | None = None

    # -- lifecycle -------------------------------------------------------------------------
    def start(self) -> CaptureServer:
        if self._httpd is not None:
            raise RuntimeError("capture server already started")
        httpd = _Server(("127.0.0.1", 0), _Handler)
        httpd.owner = self
        self._httpd = httpd
        self._thread = threading.Thread(
            target=httpd.serve_forever,
            kwargs={"poll_interval": 0.05},
            name="capture-server",
            daemon=True,
        )
        self._thread.start()
        self._timer = threading.Timer(self.max_lifetime, self.stop)
        self._timer.daemon = True
        self._timer.start()
        return self

    def stop(self) -> None:
        httpd, self._httpd = self._httpd, None
        if self._timer is not None and self._timer is not threading.current_thread():
            self._timer.cancel()
        if httpd is None:
            return
        httpd.shutdown()
        httpd.server_close()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout=5)

    def __enter__(self) -> CaptureServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def running(self) -> bool:
        return self._httpd is not None

    # -- addresses -------------------------------------------------------------------------
    @property
    def port(self) -> int:
        if self._httpd is None:
            raise RuntimeError("capture server is not running")
        return self._httpd.server_address[1]

    @property
    def url(self) -> str:
        """Base URL without a trailing slash, e.g. ``http://127.0.0.1:41234``."""
        return f"http://127.0.0.1:{self.port}"

    # -- recorded traffic ------------------------------------------------------------------
    @property
    def requests(self) -> list[Request]:
        """Snapshot of the requests received so far, in arrival order."""
        with self._lock:
            return list(self._requests)

    def posts(self) -> list[Request]:
        return [r for r in self.requests if r.method == "POST"]

    def clear(self) -> None:
        with self._lock:
            self._requests.clear()

    def _enter(self) -> None:
        with self._lock:
            self._in_flight += 1
            self._last_activity = time.monotonic()

    def _leave(self) -> None:
        with self._lock:
            self._in_flight -= 1
            self._last_activity = time.monotonic()
            self._lock.notify_all()

    def _record(self, request: Request) -> None:
        with self._lock:
            self._requests.append(request)
            self._last_activity = time.monotonic()
            self._lock.notify_all()

    def wait_until_settled(self, quiet: float = 0.15, timeout: float = 10.0) -> bool:
        """Wait until no request is being handled and none arrived for ``quiet`` seconds.

        Returns False when ``timeout`` elapsed first.
        """
        deadline = time.monotonic() + timeout
        with self._lock:
            while True:
                now = time.monotonic()
                idle_for = now - self._last_activity
                if self._in_flight == 0 and idle_for >= quiet:
                    return True
                if now >= deadline:
                    return False
                wait = quiet - idle_for if self._in_flight == 0 else quiet
                self._lock.wait(max(0.01, min(wait, deadline - now)))

    def wait_for(self, count: int, timeout: float = 10.0) -> bool:
        """Wait until at least ``count`` requests were recorded; False on timeout."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while len(self._requests) < count:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self._lock.wait(remaining)
            return True
