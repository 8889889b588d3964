"""Dependency manifests: each Segment SDK dependency declaration as a call site.

Files (matched by name in `languages/__init__.py`): `requirements*.txt`, `pyproject.toml`
(PEP 621 `[project] dependencies` / `[project.optional-dependencies]` arrays and
`[tool.poetry.*dependencies]` keys), `package.json` (`dependencies`, `devDependencies`),
`Podfile` (`pod 'Analytics'`, `pod 'Segment-*'`), `build.gradle` / `build.gradle.kts`
(`implementation("com.segment.analytics...:...")`, `implementation 'com.segment...'`), Maven
`pom.xml` (`<dependency>` blocks).

Scanning is line-oriented (package.json: a small position-keeping JSON reader): these are
declarations, not programming-language call sites, so there are no receivers, imports or
expressions to resolve. Not handled: version catalogs (`libs.versions.toml`),
`setup.py`, `Pipfile`, `Package.swift` / Xcode projects, requirements line continuations.

A site has sdk `manifest`, method `dependency`, no args, context `statement`, and `env`:
  ecosystem  pip | npm | cocoapods | gradle | maven
  style      requirements | pep621 | poetry | npm | pod | gradle | maven (how a new entry is
             written; maven: `unit` is one indentation level, `scope` the block's scope)
  package    the Segment package as declared; version: its version text ("" when none)
  flavour    python, python-legacy, browser, node, node-legacy, react-native,
             react-native-peer, swift-legacy, kotlin, android-legacy, java, integration, unknown
  section    where it stands (`dependencies`, `devDependencies`, `project.dependencies`, ...)
  declared   every package name the manifest declares (pip names normalised, PEP 503)
  earlier    flavours of the Segment dependencies declared before this one in the file
  text       the declaration as written; the span is [before] text [after]:
  before/after  list punctuation the span also covers, so an empty rewrite removes the entry
             and keeps JSON valid (`,` after it, or the comma before it when it is last)
  join       what goes between two entries (`,\\n`, `, ` or `\\n`), relative to the span's line
  marker, comment, quote, configuration, parens, value_prefix/value_suffix   style
             details (pip marker, trailing comment, quote character, gradle configuration and
             call form, what surrounds a poetry version: `"`, or `{ version = "` ... `", ... }`)
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Iterator, Sequence
from pathlib import PurePath

from segcodemod.languages.base import ParseError
from segcodemod.model import CallSite, Context, FileFacts, Findings, ProjectIndex

PIP = {"segment-analytics-python": "python", "analytics-python": "python-legacy"}
NPM = {
    "@segment/analytics-next": "browser",
    "@segment/analytics-node": "node",
    "analytics-node": "node-legacy",
    "@segment/analytics-react-native": "react-native",
    "@segment/sovran-react-native": "react-native-peer",
}
GRADLE = {
    "com.segment.analytics.kotlin:android": "kotlin",
    "com.segment.analytics.android:analytics": "android-legacy",
    "com.segment.analytics.java:analytics": "java",
}
GRADLE_INTEGRATIONS = (
    "com.segment.analytics.kotlin.destinations",
    "com.segment.analytics.android.integrations",
)


def pip_name(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _gradle_flavour(coord: str) -> str | None:
    if not coord.startswith("com.segment.analytics"):
        return None
    if coord in GRADLE:
        return GRADLE[coord]
    return "integration" if coord.startswith(GRADLE_INTEGRATIONS) else "unknown"


def _pod_flavour(name: str) -> str | None:
    if name == "Analytics" or name.startswith("Analytics/"):
        return "swift-legacy"
    return "integration" if name.startswith("Segment-") else None


class _Site:
    """A declaration found in the text (str offsets), turned into a CallSite at the end."""

    def __init__(self, start: int, end: int, package: str, flavour: str, at=None, **env) -> None:
        self.start, self.end = start, end
        self.at = start if at is None else at  # where the declaration itself starts (reports)
        self.package, self.flavour = package, flavour
        self.env = env


class ManifestFrontend:
    name = "manifest"
    extensions: tuple[str, ...] = ()
    comment_prefix = "#"  # never used: every manifest site has a rule that leaves no marker
    helper_blank_lines = 1
    arg_line_indent = False

    def index(self, path: str, source: bytes, root: str) -> FileFacts:
        return FileFacts(path)

    def find(self, path: str, source: bytes, project: ProjectIndex | None = None) -> Findings:
        text = source.decode("utf-8")
        kind = _kind(path)
        if kind == "npm":
            sites, declared = _npm(text)
        elif kind == "pyproject":
            sites, declared = _pyproject(text)
        elif kind == "requirements":
            sites, declared = _requirements(text)
        elif kind == "pod":
            sites, declared = _podfile(text)
        elif kind == "gradle":
            sites, declared = _gradle(text)
        elif kind == "maven":
            sites, declared = _maven(text)
        else:
            return Findings()
        calls, earlier = [], []
        for s in sorted(sites, key=lambda s: s.start):
            env = {
                "package": s.package, "flavour": s.flavour, "declared": sorted(declared),
                "earlier": list(earlier), "before": "", "after": "", "join": "\n",
                "marker": "", "comment": "", "quote": '"', "version": "", **s.env,
            }  # fmt: skip
            earlier.append(s.flavour)
            start_b, end_b = _b(text, s.start), _b(text, s.end)
            line = text.count("\n", 0, s.at) + 1
            column = s.at - (text.rfind("\n", 0, s.at) + 1) + 1
            calls.append(
                CallSite(
                    path=path,
                    language=self.name,
                    sdk="manifest",
                    method="dependency",
                    receiver="",
                    args=(),
                    span=(start_b, end_b),
                    statement_span=(start_b, end_b),
                    line=line,
                    column=column,
                    context=Context.STATEMENT,
                    text=env["text"],
                    env=env,
                )  # fmt: skip
            )
        return Findings(calls=calls)

    def syntax_errors(self, source: bytes) -> int:
        """package.json: json.loads, pyproject.toml: tomllib (0 or 1); other manifests: 0.
        The path is not passed here, so the file kind is told from the content."""
        text = source.decode("utf-8", "replace")
        stripped = text.lstrip()
        if stripped.startswith("{"):
            try:
                json.loads(text)
            except ValueError:
                return 1
            return 0
        if re.search(r"^\s*\[(project|tool\.|build-system)", text, re.M):
            try:
                tomllib.loads(text)
            except tomllib.TOMLDecodeError:
                return 1
        return 0

    def quote(self, value: str) -> str:
        return json.dumps(value)

    def merge_imports(self, lines: list[str]) -> list[str]:
        return lines

    def interpolate(self, parts: Sequence[tuple[str, bool]]) -> str:
        return self.quote("".join(text for text, _ in parts))


def _kind(path: str) -> str:
    name = PurePath(path.replace("\\", "/")).name
    if name == "package.json":
        return "npm"
    if name == "pyproject.toml":
        return "pyproject"
    if name == "Podfile":
        return "pod"
    if name in ("build.gradle", "build.gradle.kts"):
        return "gradle"
    if name == "pom.xml":
        return "maven"
    if name.startswith("requirements") and name.endswith(".txt"):
        return "requirements"
    return ""


def _b(text: str, i: int) -> int:
    """str offset -> byte offset."""
    return len(text[:i].encode("utf-8"))


def _line_bounds(text: str, i: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, i) + 1
    end = text.find("\n", i)
    end = len(text) if end < 0 else end
    if end > start and text[end - 1] == "\r":
        end -= 1
    return start, end


def _indent(text: str, i: int) -> str:
    start = _line_bounds(text, i)[0]
    return re.match(r"[ \t]*", text[start:]).group(0)


def _list_entry(text: str, s: int, e: int, opener: int) -> dict:
    """Span and punctuation of an entry [s, e) of a JSON object / TOML array opened at
    `opener`: the comma after it is covered; a last entry covers the comma before it."""
    j = e
    while j < len(text) and text[j] in " \t":
        j += 1
    multiline = "\n" in text[opener:s]
    entry_indent = _indent(text, s)
    env = {"text": text[s:e]}
    start, end = s, e
    if j < len(text) and text[j] == ",":
        end, env["after"] = j + 1, ","
    else:
        k = s
        while k > opener + 1 and text[k - 1] in " \t\r\n":
            k -= 1
        if k > opener + 1 and text[k - 1] == ",":
            start = k - 1
            ws = text[k:s].replace("\r", "")
            if "\n" in ws:
                base = _indent(text, start)
                last = ws.rsplit("\n", 1)[1]
                rel = last[len(base) :] if last.startswith(base) else last
                env["before"] = "," + "\n" * ws.count("\n") + rel
            else:
                env["before"] = "," + ws
    base = _indent(text, start)
    rel = entry_indent[len(base) :] if entry_indent.startswith(base) else entry_indent
    env["join"] = ",\n" + rel if multiline else ", "
    return {"start": start, "end": end, "env": env}


# -- package.json --------------------------------------------------------------------------


class _Json:
    """Just enough of a JSON reader to know where each member of an object stands."""

    def __init__(self, text: str) -> None:
        self.text = text

    def ws(self, i: int) -> int:
        while i < len(self.text) and self.text[i] in " \t\r\n":
            i += 1
        return i

    def string(self, i: int) -> int:
        m = re.compile(r'"(?:[^"\\]|\\.)*"', re.S).match(self.text, i)
        if not m:
            raise ParseError(f"expected a string at offset {i}")
        return m.end()

    def value(self, i: int):
        """(end, members) — members only for objects: [(key, kstart, vstart, vend, members)]."""
        i = self.ws(i)
        ch = self.text[i : i + 1]
        if ch == "{":
            members, i = [], self.ws(i + 1)
            if self.text[i : i + 1] == "}":
                return i + 1, members
            while True:
                i = self.ws(i)
                kend = self.string(i)
                key = json.loads(self.text[i:kend])
                colon = self.ws(kend)
                vstart = self.ws(colon + 1)
                vend, sub = self.value(vstart)
                members.append((key, i, vstart, vend, sub))
                i = self.ws(vend)
                if self.text[i : i + 1] == ",":
                    i += 1
                    continue
                return i + 1, members
        if ch == "[":
            i = self.ws(i + 1)
            if self.text[i : i + 1] == "]":
                return i + 1, None
            while True:
                i, _ = self.value(i)
                i = self.ws(i)
                if self.text[i : i + 1] == ",":
                    i += 1
                    continue
                return i + 1, None
        if ch == '"':
            return self.string(i), None
        m = re.compile(r"[^\s,\]\}]+").match(self.text, i)
        if not m:
            raise ParseError(f"unexpected character at offset {i}")
        return m.end(), None


def _npm(text: str) -> tuple[list[_Site], set[str]]:
    try:
        json.loads(text)
    except ValueError as exc:
        raise ParseError(f"package.json: {exc}") from exc
    reader = _Json(text)
    start = reader.ws(0)
    _, top = reader.value(start)
    sites, declared = [], set()
    for key, _, vstart, _, members in top or ():
        if key not in (
            "dependencies",
            "devDependencies",
            "peerDependencies",
            "optionalDependencies",
        ):
            continue
        for name, kstart, mvstart, mvend, _ in members or ():
            declared.add(name)
            if key not in ("dependencies", "devDependencies") or name not in NPM:
                continue
            version = text[mvstart:mvend]
            entry = _list_entry(text, kstart, mvend, vstart)
            env = entry["env"] | {"ecosystem": "npm", "style": "npm", "section": key}
            env["version"] = json.loads(version) if version.startswith('"') else version
            sites.append(_Site(entry["start"], entry["end"], name, NPM[name], kstart, **env))
    return sites, declared


# -- requirements*.txt ---------------------------------------------------------------------

_REQ = re.compile(
    r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)\s*(?P<extras>\[[^\]]*\])?(?P<spec>[^;#]*?)"
    r"(?P<marker>\s*;[^#]*?)?(?P<comment>\s+#.*)?$"
)


def _lines(text: str) -> Iterator[tuple[int, str, str]]:
    """(offset of the line's first non-blank character, the line without its break, the line
    without its indentation) for each line."""
    pos = 0
    for raw in text.splitlines(keepends=True):
        line = raw.rstrip("\r\n")
        stripped = line.lstrip()
        yield pos + len(line) - len(stripped), line, stripped
        pos += len(raw)


def _requirements(text: str) -> tuple[list[_Site], set[str]]:
    sites, declared = [], set()
    for offset, line, stripped in _lines(text):
        if not stripped or stripped.startswith(("#", "-")) or line.endswith("\\"):
            continue
        m = _REQ.match(stripped)
        if not m:
            continue
        name = pip_name(m.group("name"))
        declared.add(name)
        if name not in PIP:
            continue
        env = {
            "ecosystem": "pip", "style": "requirements", "section": "requirements",
            "text": stripped, "version": m.group("spec").strip(),
            "marker": (m.group("marker") or "").rstrip(), "comment": m.group("comment") or "",
        }  # fmt: skip
        sites.append(_Site(offset, offset + len(stripped), name, PIP[name], **env))
    return sites, declared


# -- pyproject.toml ------------------------------------------------------------------------

_TABLE = re.compile(r"^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?$")
_KEY = re.compile(r"""^\s*(?P<key>"[^"]*"|'[^']*'|[A-Za-z0-9_.-]+)\s*=\s*(?P<value>.*)$""")
_TOML_STR = re.compile(r'"(?:[^"\\\n]|\\.)*"|\'[^\'\n]*\'')


def _poetry_table(table: str) -> bool:
    return table in ("tool.poetry.dependencies", "tool.poetry.dev-dependencies") or bool(
        re.fullmatch(r"tool\.poetry\.group\.[^.]+\.dependencies", table)
    )


def _pyproject(text: str) -> tuple[list[_Site], set[str]]:
    try:
        tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ParseError(f"pyproject.toml: {exc}") from exc
    sites, declared = [], set()
    table, pos = "", 0
    lines = text.splitlines(keepends=True)
    skip_to = 0  # offset up to which lines belong to an array already read
    for raw in lines:
        start, pos = pos, pos + len(raw)
        if start < skip_to:
            continue
        line = raw.rstrip("\r\n")
        if m := _TABLE.match(line):
            table = m.group(1).replace(" ", "")
            continue
        m = _KEY.match(line)
        if not m:
            continue
        key = m.group("key").strip("\"'")
        array = (
            table == "project" and key == "dependencies"
        ) or table == "project.optional-dependencies"
        if array and m.group("value").startswith("["):
            opener = start + m.start("value")
            found, skip_to = _toml_array(text, opener)
            section = "project.dependencies" if table == "project" else f"{table}.{key}"
            for s, e in found:
                literal = text[s:e]
                body = literal[1:-1]
                rm = _REQ.match(body.strip())
                if not rm:
                    continue
                name = pip_name(rm.group("name"))
                declared.add(name)
                if name not in PIP:
                    continue
                entry = _list_entry(text, s, e, opener)
                env = entry["env"] | {
                    "ecosystem": "pip", "style": "pep621", "section": section,
                    "version": rm.group("spec").strip(), "quote": literal[0],
                    "marker": (rm.group("marker") or "").rstrip(),
                }  # fmt: skip
                sites.append(_Site(entry["start"], entry["end"], name, PIP[name], s, **env))
        elif _poetry_table(table):
            name = pip_name(key)
            declared.add(name)
            if name not in PIP:
                continue
            value = m.group("value")
            comment = ""
            if cm := re.search(r"\s+#[^\"']*$", value):
                comment, value = value[cm.start() :], value[: cm.start()]
            version = value.strip()
            # the new entry keeps an inline table's other keys: `{ version = "V", optional = true }`
            prefix, suffix = '"', '"'
            if sm := _TOML_STR.fullmatch(version):
                version = sm.group(0)[1:-1]
            elif vm := re.search(r"version\s*=\s*(" + _TOML_STR.pattern + ")", version):
                prefix = version[: vm.start(1) + 1]
                suffix = version[vm.end(1) - 1 :]
                version = vm.group(1)[1:-1]
            indent = len(line) - len(line.lstrip())
            env = {
                "ecosystem": "pip", "style": "poetry", "section": table,
                "text": line[indent:], "version": version, "comment": comment,
                "value_prefix": prefix, "value_suffix": suffix,
            }  # fmt: skip
            sites.append(_Site(start + indent, start + len(line), name, PIP[name], **env))
    return sites, declared


def _toml_array(text: str, opener: int) -> tuple[list[tuple[int, int]], int]:
    """String entries of the TOML array opened at `opener` ([start, end) of each literal,
    quotes included) and the offset just past its `]`."""
    out, depth, i = [], 0, opener
    while i < len(text):
        ch = text[i]
        if ch in "\"'":
            m = _TOML_STR.match(text, i)
            if not m:
                raise ParseError(f"pyproject.toml: unterminated string at offset {i}")
            if depth == 1:
                out.append((i, m.end()))
            i = m.end()
            continue
        if ch == "#":
            nl = text.find("\n", i)
            i = len(text) if nl < 0 else nl
            continue
        depth += ch == "["
        depth -= ch == "]"
        i += 1
        if depth == 0:
            break
    return out, i


# -- Podfile -------------------------------------------------------------------------------

_POD = re.compile(
    r"""^pod\s*\(?\s*(?P<q>['"])(?P<name>[^'"]+)(?P=q)(?P<rest>[^#]*?)\)?(?P<comment>\s*#.*)?$"""
)


def _podfile(text: str) -> tuple[list[_Site], set[str]]:
    sites, declared = [], set()
    for offset, _, stripped in _lines(text):
        m = _POD.match(stripped)
        if not m:
            continue
        declared.add(m.group("name"))
        flavour = _pod_flavour(m.group("name"))
        if flavour is None:
            continue
        env = {
            "ecosystem": "cocoapods", "style": "pod", "section": "pods", "text": stripped,
            "version": m.group("rest").strip().lstrip(",").strip(), "quote": m.group("q"),
            "comment": m.group("comment") or "",
        }  # fmt: skip
        sites.append(_Site(offset, offset + len(stripped), m.group("name"), flavour, **env))
    return sites, declared


# -- build.gradle(.kts) --------------------------------------------------------------------

_GRADLE = re.compile(
    r"""^(?P<conf>[A-Za-z]+)\s*(?P<paren>\(\s*)?(?P<q>['"])(?P<coord>[^'"$]+)(?P=q)\s*"""
    r"""(?(paren)\))\s*(?P<comment>//.*)?$"""
)
_COORD = re.compile(r"""['"]([\w.-]+:[\w.-]+)(?::[^'"]*)?['"]""")


def _gradle(text: str) -> tuple[list[_Site], set[str]]:
    sites, declared = [], set(_COORD.findall(text))
    for offset, _, stripped in _lines(text):
        m = _GRADLE.match(stripped)
        if not m:
            continue
        parts = m.group("coord").split(":")
        if len(parts) < 2:
            continue
        coord = ":".join(parts[:2])
        flavour = _gradle_flavour(coord)
        if flavour is None:
            continue
        comment = m.group("comment") or ""
        text_end = len(stripped)
        env = {
            "ecosystem": "gradle", "style": "gradle", "section": m.group("conf"),
            "text": stripped, "version": ":".join(parts[2:]), "quote": m.group("q"),
            "configuration": m.group("conf"), "parens": bool(m.group("paren")),
            "comment": (" " + comment) if comment else "",
        }  # fmt: skip
        sites.append(_Site(offset, offset + text_end, coord, flavour, **env))
    return sites, declared


# -- pom.xml -----------------------------------------------------------------------------------

_MAVEN_DEPENDENCY = re.compile(r"<dependency>(?P<body>.*?)</dependency>", re.S)
_MAVEN_FIELD = re.compile(r"<(groupId|artifactId|version|scope)>\s*([^<]*?)\s*</\1>")


def _maven(text: str) -> tuple[list[_Site], set[str]]:
    """`<dependency>` blocks (Maven coordinates are Gradle's: same flavour table). The site is
    the block; `text` has its later lines dedented by the block's indentation (rules re-indent
    what they write) and `unit` is one level of the file's indentation."""
    found = []
    for m in _MAVEN_DEPENDENCY.finditer(text):
        fields = dict(_MAVEN_FIELD.findall(m.group("body")))
        if "groupId" in fields and "artifactId" in fields:
            found.append((m, fields, f"{fields['groupId']}:{fields['artifactId']}"))
    sites = []
    for m, fields, coord in found:
        flavour = _gradle_flavour(coord)
        if flavour is None:
            continue
        indent = _indent(text, m.start())
        inner = re.search(r"\n([ \t]*)<", m.group(0))
        unit = inner.group(1)[len(indent) :] if inner else "  "
        block = m.group(0).replace("\n" + indent, "\n")
        env = {
            "ecosystem": "maven", "style": "maven", "section": "dependencies", "text": block,
            "version": fields.get("version", ""), "unit": unit or "  ",
            "scope": fields.get("scope", ""),
        }  # fmt: skip
        sites.append(_Site(m.start(), m.end(), coord, flavour, **env))
    return sites, {coord for _, _, coord in found}
