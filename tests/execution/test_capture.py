"""Unit tests for the capture server (plain urllib clients)."""

from __future__ import annotations

import gzip
import http.client
import json
import threading
import urllib.request

from .capture import CaptureServer


def post(url: str, data: bytes, headers: dict[str, str] | None = None) -> tuple[int, bytes]:
    request = urllib.request.Request(url, data=data, headers=headers or {}, method="POST")
    with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310 - loopback only
        return response.status, response.read()


def test_records_posts_and_answers_per_sdk():
    with CaptureServer() as server:
        assert server.url.startswith("http://127.0.0.1:")
        status, body = post(
            server.url + "/v1/batch", b'{"batch": []}', {"Content-Type": "application/json"}
        )
        assert (status, json.loads(body)) == (200, {})
        status, body = post(
            server.url + "/2/httpapi", json.dumps({"api_key": "k", "events": [{}, {}]}).encode()
        )
        assert status == 200
        assert json.loads(body)["code"] == 200 and json.loads(body)["events_ingested"] == 2
        status, body = post(server.url + "/v2/events?x=1", b"{}")
        assert (status, body) == (202, b"")
        assert server.wait_until_settled()
        requests = server.requests
    assert [r.path for r in requests] == ["/v1/batch", "/2/httpapi", "/v2/events"]
    assert requests[0].headers["content-type"] == "application/json"
    assert requests[0].body == {"batch": []}
    assert requests[2].query == "x=1"
    assert not server.running


def test_gzip_and_chunked_bodies():
    payload = {"batch": [{"type": "track", "event": "E", "n": 1.5}]}
    with CaptureServer() as server:
        post(
            server.url + "/v1/batch",
            gzip.compress(json.dumps(payload).encode()),
            {"Content-Encoding": "gzip"},
        )
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
        connection.request(
            "POST", "/v1/batch", body=iter([b'{"batch"', b": []}"]), encode_chunked=True
        )
        assert connection.getresponse().status == 200
        connection.close()
        server.wait_until_settled()
        requests = server.requests
    assert requests[0].body == payload and requests[0].raw_body[:2] == b"\x1f\x8b"
    assert requests[1].headers["transfer-encoding"] == "chunked" and requests[1].body == {
        "batch": []
    }


def test_non_json_body_is_kept_raw():
    with CaptureServer() as server:
        post(server.url + "/v1/batch", b"not json")
        server.wait_until_settled()
        (request,) = server.requests
    assert request.body is None and request.raw_body == b"not json" and not request.json_ok


def test_bounded_lifetime():
    server = CaptureServer(max_lifetime=0.2).start()
    stopped = threading.Event()
    threading.Thread(target=lambda: (server._thread.join(5), stopped.set()), daemon=True).start()
    assert stopped.wait(5)
    assert not server.running


def test_wait_for_counts_requests():
    with CaptureServer() as server:
        assert not server.wait_for(1, timeout=0.05)
        threading.Thread(target=post, args=(server.url + "/v1/batch", b"{}"), daemon=True).start()
        assert server.wait_for(1, timeout=5)
