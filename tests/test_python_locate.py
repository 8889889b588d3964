"""The Python locator: what libcst is left to parse, and that finding gives the same results."""

from __future__ import annotations

from segcodemod.languages import frontend
from segcodemod.languages.python_locate import index_source, relevant_source
from segcodemod.model import ProjectIndex

SEGMENT_FILE = b'''"""Docs."""
import os
import segment.analytics as analytics

CONSTANT = 1


def unrelated(x):
    return x * 2


class Tracker:
    def __init__(self):
        self.seg = analytics.Client("KEY")


class Other:
    def go(self, user):
        self.seg.track(user, "Went")


def also_unrelated():
    a = 1; b = 2
    return a + b
'''


def _kept_lines(original: bytes, located: bytes) -> list[int]:
    """1-based numbers of the lines kept byte for byte (non-blank ones)."""
    return [
        n
        for n, (old, new) in enumerate(
            zip(original.split(b"\n"), located.split(b"\n"), strict=True), 1
        )
        if old.strip() and old == new
    ]


def test_offsets_and_lines_stay_and_only_what_reaches_segment_is_kept():
    located = relevant_source(SEGMENT_FILE)
    assert located is not None
    assert len(located) == len(SEGMENT_FILE)
    assert located.count(b"\n") == SEGMENT_FILE.count(b"\n")
    # docstring, imports, the line where the import anchor stops, Tracker (names Segment) and
    # Other (names `seg`, which Tracker binds to a client)
    assert _kept_lines(SEGMENT_FILE, located) == [1, 2, 3, 5, 12, 13, 14, 17, 18, 19]
    assert b"unrelated" not in located


def test_findings_are_those_of_the_whole_file():
    python = frontend("python")
    project = ProjectIndex("/nowhere", {})
    whole = python.find("m.py", SEGMENT_FILE, project)
    assert [(c.method, c.line, c.column, c.span) for c in whole.calls] == [
        (
            "init",
            14,
            20,
            (SEGMENT_FILE.index(b"analytics.Client"), SEGMENT_FILE.index(b"\n\n\nclass Other")),
        ),
        (
            "track",
            19,
            9,
            (SEGMENT_FILE.index(b"self.seg.track"), SEGMENT_FILE.index(b'"Went")') + 7),
        ),
    ]
    assert whole.import_anchor == SEGMENT_FILE.index(b"\n\nCONSTANT") + 1


def test_a_file_without_segment_import_or_segment_looking_call_finds_nothing():
    source = b'"""A segment of a line."""\n\ndef f(segments):\n    return segments[0]\n'
    assert relevant_source(source) == source  # all of it is the import anchor scan
    assert index_source(source) is None
    assert frontend("python").find("m.py", source, ProjectIndex("/nowhere", {})).calls == []


def test_a_segment_looking_call_on_an_unknown_receiver_is_still_reported():
    source = (
        b"import os\n\n\ndef handler(segment):\n    segment.track('x')\n\n\ndef g():\n    pass\n"
    )
    located = relevant_source(source)
    assert located is not None and b"def g" not in located and b"segment.track" in located
    notes = frontend("python").find("m.py", source, ProjectIndex("/nowhere", {})).notes
    assert [(n.code, n.line) for n in notes] == [("unresolved-receiver", 5)]


def test_a_project_token_makes_an_import_relevant():
    source = b"from app.tracking import client\n\nx = 1\n\n\ndef f():\n    client.track('u', 'E')\n"
    assert b"client.track" not in relevant_source(source)
    assert relevant_source(source, (b"tracking",)) == source


def test_semicolon_lines_are_kept_or_blanked_whole():
    source = b"import segment.analytics as analytics\nx = 1\ny = 2; z = 3\nanalytics.flush()\n"
    located = relevant_source(source)
    assert _kept_lines(source, located) == [1, 2, 4]  # `x = 1` is where the anchor scan stops
    assert b"y = 2" not in located and b"z = 3" not in located


def test_http_client_files_and_unparsable_files_are_left_whole():
    http = b"import requests\n\n\ndef f():\n    pass\n\n\ndef g():\n    pass\n"
    assert relevant_source(http) == http and index_source(http) == http
    broken = b"import segment.analytics as analytics\n\ndef f(:\n    pass\n\n\ndef g():\n    pass\n"
    assert relevant_source(broken) == broken


def test_index_keeps_module_level_statements():
    source = b'URL = "https://api.segment.io/v1"\n\n\ndef f():\n    pass\n\n\ndef g():\n    pass\n'
    located = index_source(source)
    assert located is not None
    assert _kept_lines(source, located) == [1, 4, 5]  # the first def ends the anchor scan


def test_index_skips_files_whose_urls_are_only_in_docstrings():
    docs = b'"""See https://docs.python.org for the segment tree."""\n\nx = 1\n'
    assert index_source(docs) is None
    constant = b'"""Doc."""\n\nBASE = os.environ.get("X", "https://api.segment.io")\n'
    assert index_source(constant) == constant
