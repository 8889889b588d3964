"""What frontends may hand to rules, declared once: the Segment SDK families (with the
parameters each method takes) and the `env` facts each language's frontend sets.

Rules are checked against these when they load (`sdk: nodee`, a capture `evnt` on a family
that binds by keyword, `env.semii` are load errors), and tests check that the frontends emit
only declared env keys, so the declaration cannot drift from the code.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from segcodemod.languages import LANGUAGE_FAMILIES

JS = LANGUAGE_FAMILIES["js"]


@dataclass(frozen=True)
class Signature:
    """One method of a family: the names its arguments bind by (keyword, label, named
    argument; for positional families they only document the order) and the keys of the
    object it takes (`track({userId, event})`), which `{a, b}` patterns bind by."""

    params: tuple[str, ...] = ()
    keys: tuple[str, ...] = ()
    open: bool = False  # any name (e.g. `other`: whatever method the frontend saw)


@dataclass(frozen=True)
class SdkFamily:
    name: str
    languages: tuple[str, ...]
    named: bool  # arguments bind by keyword / label: a capture must be a parameter name
    methods: dict[str, Signature] = field(default_factory=dict)
    positional_in: tuple[str, ...] = ()  # languages where they bind by position only

    def allows(self, method: str) -> bool:
        return method in self.methods


def _sig(params: str = "", keys: str = "", open: bool = False) -> Signature:
    split = lambda s: tuple(p.strip() for p in s.split(",") if p.strip())  # noqa: E731
    return Signature(split(params), split(keys), open)


OPEN = _sig(open=True)
_PY_COMMON = "context, timestamp, anonymous_id, integrations, message_id"
_PY_INIT = (
    "write_key, host, on_error, debug, send, sync_mode, max_queue_size, gzip, timeout, "
    "max_retries, proxies, thread, upload_interval, upload_size, max_total_backoff_duration, "
    "max_rate_limit_duration, log_handler"
)
PYTHON_METHODS = {
    "init": _sig(_PY_INIT),
    "import": OPEN,
    "identify": _sig(f"user_id, traits, {_PY_COMMON}"),
    "track": _sig(f"user_id, event, properties, {_PY_COMMON}"),
    "page": _sig(f"user_id, category, name, properties, {_PY_COMMON}"),
    "screen": _sig(f"user_id, category, name, properties, {_PY_COMMON}"),
    "group": _sig(f"user_id, group_id, traits, {_PY_COMMON}"),
    "alias": _sig(f"previous_id, user_id, {_PY_COMMON}"),
    "flush": _sig(),
    "shutdown": _sig(),
    "reset": _sig(),
    "other": OPEN,
}
_NODE_COMMON = "userId, anonymousId, context, timestamp, integrations, messageId"
_NODE_INIT = "writeKey, host, path, maxEventsInBatch, flushAt, flushInterval, maxRetries, "
_NODE_INIT += "httpRequestTimeout, disable, httpClient"
_NODE_LEGACY_INIT = "flushAt, flushInterval, host, enable, timeout, retryCount, errorHandler, "
_NODE_LEGACY_INIT += "axiosConfig, axiosInstance, axiosRetryConfig"


def _node(init: Signature) -> dict[str, Signature]:
    return {
        "init": init,
        "import": OPEN,
        "identify": _sig("message, callback", f"{_NODE_COMMON}, traits, previousId"),
        "track": _sig("message, callback", f"{_NODE_COMMON}, event, properties"),
        "page": _sig("message, callback", f"{_NODE_COMMON}, category, name, properties"),
        "screen": _sig("message, callback", f"{_NODE_COMMON}, category, name, properties"),
        "group": _sig("message, callback", f"{_NODE_COMMON}, groupId, traits"),
        "alias": _sig("message, callback", f"{_NODE_COMMON}, previousId"),
        "flush": _sig("options, callback", "timeout, close"),
        "shutdown": _sig("options, callback", "timeout, close"),
        "reset": _sig(),
        "other": OPEN,
    }


_BROWSER_OPTIONS = "timestamp, anonymousId, integrations, context"
_HTTP_COMMON = "userId, anonymousId, timestamp, messageId, context, integrations, sentAt, type"
_HTTP_COMMON += ", writeKey"
_HTTP = _sig("url, body", _HTTP_COMMON)


def _http(keys: str) -> Signature:
    return _sig("url, body", f"{_HTTP_COMMON}, {keys}")


def _mobile(init: str, track: str, screen: str, extra: str = "") -> dict[str, Signature]:
    return {
        "init": _sig(init),
        "import": OPEN,
        "identify": _sig(f"userId, traits, options{extra}"),
        "track": _sig(track),
        "screen": _sig(screen),
        "page": _sig(screen),
        "group": _sig(f"groupId, traits, options{extra}"),
        "alias": _sig(f"newId, options{extra}"),
        "flush": _sig("completion"),
        "reset": _sig(),
        "shutdown": _sig(),
        "other": OPEN,
    }


# analytics-java binds by builder step (`TrackMessage.builder(e).userId(u)`): names are open
_JAVA_METHODS = (
    "init", "import", "identify", "track", "page", "screen", "group", "alias", "flush",
    "shutdown", "reset", "other",
)  # fmt: skip
_RN_METHODS = _JAVA_METHODS
_SWIFT_INIT = "configuration, writeKey, flushAt, flushInterval, trackApplicationLifecycleEvents"
FAMILIES: dict[str, SdkFamily] = {
    f.name: f
    for f in (
        SdkFamily("python", ("python",), True, PYTHON_METHODS),
        SdkFamily("python-legacy", ("python",), True, PYTHON_METHODS),
        SdkFamily("node", JS, False, _node(_sig("settings", _NODE_INIT))),
        SdkFamily("node-legacy", JS, False, _node(_sig("write_key, options", _NODE_LEGACY_INIT))),
        SdkFamily(
            "browser",
            JS,
            False,
            {
                "init": _sig("load_settings, load_options"),
                "import": OPEN,
                "identify": _sig("user_id, traits, options, callback", _BROWSER_OPTIONS),
                "track": _sig("event, properties, options, callback", _BROWSER_OPTIONS),
                "page": _sig("category, name, properties, options, callback", _BROWSER_OPTIONS),
                "screen": _sig("category, name, properties, options, callback", _BROWSER_OPTIONS),
                "group": _sig("group_id, traits, options, callback", _BROWSER_OPTIONS),
                "alias": _sig("user_id, previous_id, options, callback", _BROWSER_OPTIONS),
                "reset": _sig(),
                "flush": _sig(),
                "other": OPEN,
            },
        ),  # fmt: skip
        SdkFamily(
            "swift",
            ("swift",),
            True,
            _mobile(
                _SWIFT_INIT,
                "name, properties, options, enrichments",
                "title, category, properties, options",
            ),
        ),  # fmt: skip
        SdkFamily(
            "swift-legacy",
            ("swift",),
            True,
            _mobile(
                f"{_SWIFT_INIT}, with",
                "name, properties, options, enrichments",
                "title, category, properties, options",
            ),
        ),  # fmt: skip
        SdkFamily(
            "kotlin",
            ("kotlin",),
            True,
            _mobile(
                "writeKey, context, configs",
                "name, properties, options, enrichment",
                "title, properties, category, options, enrichment",
                ", enrichment",
            ),
        ),  # fmt: skip
        SdkFamily(
            "android-legacy",
            ("kotlin", "java"),
            True,
            _mobile(
                "context, write_key, instance, options",
                "name, properties, options, enrichment",
                "category, name, properties, options, enrichment",
                ", enrichment",
            ),
            positional_in=("java",),
        ),  # fmt: skip
        SdkFamily(
            "http",
            ("python", *JS),
            False,
            {
                "identify": _http("traits"),
                "track": _http("event, properties"),
                "page": _http("name, category, properties"),
                "screen": _http("name, category, properties"),
                "group": _http("groupId, traits"),
                "alias": _http("previousId"),
                "batch": _HTTP,
                "import": _HTTP,
                "other": _HTTP,
            },
        ),  # fmt: skip
        SdkFamily("java", ("java",), True, {m: OPEN for m in _JAVA_METHODS}),
        # React Native (languages/react_native.py): positional, names and keys not checked yet
        SdkFamily("react-native", JS, False, {m: OPEN for m in _RN_METHODS}),
        SdkFamily("react-native-legacy", JS, False, {m: OPEN for m in _RN_METHODS}),
        SdkFamily("manifest", ("manifest",), False, {"dependency": _sig()}),
    )
}
SDK_NAMES: tuple[str, ...] = tuple(FAMILIES)

# -- env facts ------------------------------------------------------------------------------

# Read or set by the shared rewrite step for every language (see docs/architecture.md).
_SHARED = {
    "name": str,  # the method name as written
    "client": str,  # the client a call uses (engine: kept consistent within a file)
    "defines_client": str,  # the client an init binds
    "keep_binding": bool,  # set by the engine: the init's name stays bound for calls left
    "segment_import_kept": bool,  # set by the engine: the Segment import stays in the file
    "comment_style": str,  # `jsx`: the TODO marker is written as {/* ... */}
    "pattern_rule": str,  # a pattern rule's match (patterns.py): the rule's id
}
_HTTP_FACTS = {
    "library": str, "endpoint": str, "body_form": str, "body_layout": dict, "http_parts": list,
    "http_auth": dict, "headers_variable": bool, "instance_config": bool, "url_value": str,
}  # fmt: skip
_JS_FACTS = {
    "can_await": bool, "chained": bool, "classic_script": bool, "decl_kind": str,
    "file_sdks": list, "flush_waits": bool, "import_semi": str, "init_holder": str,
    "init_pending": bool, "instance": str, "module_style": str, "namespace_taken": bool,
    "optional": bool, "promise_used": bool, "semi": str, "shared_instance": bool,
    "snippet": bool, "snippet_stub": bool, "top_level": bool, "top_level_names": dict,
    "typescript": bool,
    # Node client facts (languages/js/node_clients.py)
    "module_level": bool, "client_exported": bool, "unawaited_export": bool,
    "holder_client": str, "client_import": dict, "module_init_packages": list,
    # React Native (languages/react_native.py)
    "component": str, "original": str, "referenced": bool, "referenced_names": list,
    "jsx_children": str, "jsx_single": bool, "provider_props": list,
}  # fmt: skip
_PYTHON_FACTS = {
    "kind": str, "module_api": bool, "home_module": str, "is_home": bool, "setting": str,
    "quoted": bool, "first_in_block": bool, "only_segment_block": bool,
    "in_function": bool, "parameters": list,
}  # fmt: skip
_KOTLIN_FACTS = {
    "kind": str, "module_api": bool, "home_package": str, "is_home": bool, "op": str,
    "package": str, "safe": bool, "singleton": bool, "implicit": bool,
}  # fmt: skip
_SWIFT_FACTS = {
    "kind": str, "setting": str, "shared": bool, "top_level": bool, "type": str,
    "exported": bool,
}  # fmt: skip
_JAVA_FACTS = {
    "kind": str, "module_api": bool, "singleton": bool, "container": str, "declare": str,
    "modifiers": str, "decl_type": str, "role": str, "message": str, "package": str,
    "class_name": str, "reassigned": list,
}  # fmt: skip
_MANIFEST_FACTS = {
    "ecosystem": str, "style": str, "package": str, "version": str, "flavour": str,
    "declared": list, "earlier": list, "text": str, "before": str, "after": str, "join": str,
    "comment": str, "configuration": str, "marker": str, "parens": bool, "quote": str,
    "section": str, "value_prefix": str, "value_suffix": str, "scope": str,
    "unit": str,
}  # fmt: skip

# language -> env key -> type of its value (None is always allowed: "not known")
ENV_KEYS: dict[str, dict[str, type]] = {
    "python": {**_SHARED, **_PYTHON_FACTS, **_HTTP_FACTS},
    **{lang: {**_SHARED, **_JS_FACTS, **_HTTP_FACTS} for lang in JS},
    "swift": {**_SHARED, **_SWIFT_FACTS},
    "kotlin": {**_SHARED, **_KOTLIN_FACTS},
    "java": {**_SHARED, **_JAVA_FACTS},
    "manifest": {**_SHARED, **_MANIFEST_FACTS},
}


def env_keys(languages: tuple[str, ...]) -> set[str]:
    """The env keys a rule for these languages may read."""
    return {k for lang in languages for k in ENV_KEYS.get(lang, {})}
