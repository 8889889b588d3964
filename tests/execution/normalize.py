"""Turn captured SDK traffic into SDK-independent *facts*, compared as multisets.

A fact is a plain, hashable tuple. Property / trait maps are wrapped in `JsonValue` (hashable,
compares by canonical JSON, prints like the dict it holds). The kinds:

    ("track",    user, event, properties)
    ("identify", user, traits)
    ("group",    user, group_type, group_id, traits)
    ("page",     user, name, properties)
    ("screen",   user, name, properties)
    ("alias",    previous_id, user)                        Segment only (no target call)
    ("group_traits", user, group_type, group_id, traits)   Amplitude $groupidentify with no
                                                           matching set_group (see below)
    ("user_properties", user, operation, values)           Amplitude identify operations other
                                                           than $set ($setOnce, $add, $unset, ...)
    ("mparticle_event", user, event_type, data)            mParticle events other than
                                                           custom_event / screen_view

`facts(requests)` (alias `normalize`) returns a `collections.Counter` of facts for a list of
captured requests, whichever SDK sent them; compare two Counters with ``==`` (or
`assert_same_facts` for a readable diff).

Users. ``user`` is the Segment ``userId`` / Amplitude ``user_id`` / mParticle
``user_identities.customerid`` as a string. Without one it is ``"anonymous:<id>"`` from Segment
``anonymousId`` / Amplitude ``device_id`` / mParticle ``user_identities.other`` or
``mp_deviceid``, or ``None``.

Values. Properties and traits are compared after a JSON round trip: numbers as numbers (``3`` and
``3.0`` are equal, because a JavaScript SDK serialises ``3.0`` as ``3``), ``true`` is not ``1``,
a missing map equals ``{}``. Timestamps, message / insert ids, library info, context,
integrations, ``custom_event_type`` and api keys are ignored.

Segment. ``/v1/batch`` payloads: each ``batch[]`` message by ``type``. A ``group`` call becomes
``("group", user, group_type, groupId, traits)`` with ``group_type`` = ``"[Segment] Group"``
(the codemod's default Amplitude group type; pass ``group_type=`` to change it on both sides).

Amplitude. ``/2/httpapi`` (and ``/batch``) ``events[]``:

* ``$identify`` whose ``user_properties`` is exactly ``{"$set": {T: name}}`` and whose ``groups`` is
  exactly ``{T: name}`` is what ``set_group(T, name)`` / ``setGroup`` sends: a *group membership*,
  not an identify. Each membership is paired (first come, first served, same user preferred) with
  a ``$groupidentify`` for the same ``T``/``name`` (``group_identify`` / ``groupIdentify``; its
  ``group_properties.$set`` are the group traits) and becomes one
  ``("group", user, T, name, traits)``; a membership without one has traits ``{}``, and a
  ``$groupidentify`` without a membership becomes ``("group_traits", ...)`` so a migration that
  forgot ``set_group`` does not look equal to the Segment ``group`` call.
* Any other ``$identify``: ``$set`` becomes ``("identify", user, traits)``; other operations
  become ``("user_properties", ...)`` facts (Segment has no equivalent, so they show up as a
  difference).
* Page / screen views: see `amplitude_view_fact`. Everything else is ``("track", ...)``.

mParticle. ``/v2/events`` (one batch) and ``/v2/bulkevents`` (a list of batches). Per batch:
``user_attributes`` become ``("identify", user, attributes)`` after two reverse mappings:
reserved keys (``$FirstName`` -> ``firstName``, ``$City`` -> ``address.city`` ...) and the group
convention of the codemod (attribute ``group_id`` = the group id, ``group_<key>`` = group traits),
which yields ``("group", user, group_type, group_id, traits)`` instead. ``custom_event`` ->
``("track", user, event_name, custom_attributes)``; ``screen_view`` ->
``(view_kind, user, screen_name, custom_attributes)`` with ``view_kind`` ``"page"`` by default
(mParticle has one view event for both; compare with `views_as_pages` applied to the Segment
facts when a program uses ``screen``).

Page / screen comparison. The codemod migrates Segment ``page``/``screen`` to Amplitude events
named ``"Viewed {name} Page"`` / ``"Viewed {category} {name} Page"`` / ``"Viewed {category} Page"``
/ ``"Viewed {name} Screen"`` ..., or ``"Loaded a Page"`` / ``"Loaded a Screen"`` without a name,
keeping ``name`` and ``category`` as event properties. `amplitude_view_fact` maps such events back
to ``("page", user, name, properties-without-name/category)``. On the Segment (and mParticle)
side, ``properties`` likewise lose any ``name`` / ``category`` keys, and the ``category`` argument
is not part of the fact unless ``keep_page_category=True``, which keeps ``category`` as a
property on every side (Segment's ``category`` field is copied into it).

Identify with no traits. Amplitude sends nothing for an identify without properties, so
``("identify", user, {})`` facts are dropped unless ``keep_empty_identify=True``.
"""

from __future__ import annotations

import json
import math
from collections import Counter, defaultdict, deque
from collections.abc import Iterable, Mapping
from typing import Any

__all__ = [
    "DEFAULT_GROUP_TYPE",
    "Fact",
    "JsonValue",
    "amplitude_facts",
    "amplitude_view_fact",
    "assert_same_facts",
    "classify",
    "diff_facts",
    "facts",
    "mparticle_facts",
    "normalize",
    "segment_facts",
    "views_as_pages",
]

DEFAULT_GROUP_TYPE = "[Segment] Group"
Fact = tuple

# mParticle reserved user attributes -> Segment trait paths (sdk-map section 0.1)
MPARTICLE_RESERVED_ATTRIBUTES: dict[str, tuple[str, ...]] = {
    "$FirstName": ("firstName",),
    "$LastName": ("lastName",),
    "$Mobile": ("phone",),
    "$Gender": ("gender",),
    "$Age": ("age",),
    "$City": ("address", "city"),
    "$State": ("address", "state"),
    "$Zip": ("address", "postalCode"),
    "$Country": ("address", "country"),
    "$Address": ("address", "street"),
}


# ------------------------------------------------------------------------------------------
# values
# ------------------------------------------------------------------------------------------
def _canonical(value: Any) -> Any:
    """JSON round trip, with integral floats as ints (so 3.0 == 3, but True != 1)."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if math.isfinite(value) and value.is_integer():
            return int(value)
        return value
    if isinstance(value, Mapping):
        return {str(k): _canonical(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_canonical(v) for v in value]
    # anything else (datetime, Decimal, ...): what json.dumps(default=str) would make of it
    return _canonical(json.loads(json.dumps(value, default=str)))


class JsonValue:
    """Immutable, hashable wrapper around a JSON value; equal when the canonical JSON is equal.

    ``JsonValue({"a": 3})`` == ``JsonValue({"a": 3.0})``; ``JsonValue({"a": True})`` !=
    ``JsonValue({"a": 1})``; ``JsonValue(None)`` == ``JsonValue({})`` is *not* true (callers
    pass ``value or {}`` where a missing map means empty).
    """

    __slots__ = ("_key", "_value")

    def __init__(self, value: Any = None) -> None:
        canonical = _canonical(value)
        object.__setattr__(self, "_value", canonical)
        object.__setattr__(
            self,
            "_key",
            json.dumps(canonical, sort_keys=True, separators=(",", ":"), ensure_ascii=False),
        )

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("JsonValue is immutable")

    @property
    def value(self) -> Any:
        """A fresh copy of the canonical value."""
        return json.loads(self._key)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, JsonValue):
            return self._key == other._key
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._key)

    def __repr__(self) -> str:
        return repr(self._value)

    def __lt__(self, other: JsonValue) -> bool:  # lets sorted() order facts for display
        return self._key < other._key


def _props(value: Any) -> JsonValue:
    return JsonValue(value if value is not None else {})


def _str_or_none(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)


def _user(user_id: Any, anonymous_id: Any) -> str | None:
    if user_id not in (None, ""):
        return _str_or_none(user_id)
    if anonymous_id not in (None, ""):
        return f"anonymous:{_str_or_none(anonymous_id)}"
    return None


def _strip_view_keys(
    properties: Mapping[str, Any] | None, *, keep_category: bool
) -> dict[str, Any]:
    props = dict(properties or {})
    props.pop("name", None)
    if not keep_category:
        props.pop("category", None)
    return props


# ------------------------------------------------------------------------------------------
# request classification
# ------------------------------------------------------------------------------------------
def classify(path: str, body: Any) -> str:
    """Which SDK family sent a request: ``"segment"``, ``"amplitude"`` or ``"mparticle"``.

    Decided by the path first, the body's shape second; raises ValueError otherwise.
    """
    if path.endswith("/v1/batch") or (
        isinstance(body, dict) and isinstance(body.get("batch"), list)
    ):
        return "segment"
    if path.endswith("/2/httpapi") or (
        path.endswith("/batch")
        and isinstance(body, dict)
        and "events" in body
        and "api_key" in body
    ):
        return "amplitude"
    if path.endswith("/events") or path.endswith("/bulkevents"):
        return "mparticle"
    raise ValueError(f"unrecognised analytics request: {path!r}")


def _payloads(requests: Iterable[Any]) -> list[tuple[str, Any]]:
    out = []
    for request in requests:
        if isinstance(request, tuple):  # (path, body) pairs, for tests
            path, body = request
        else:
            if getattr(request, "method", "POST") != "POST":
                continue
            path, body = request.path, request.body
        if body is None:
            raise ValueError(f"request to {path!r} has no JSON body")
        out.append((classify(path, body), body))
    return out


# ------------------------------------------------------------------------------------------
# Segment
# ------------------------------------------------------------------------------------------
def segment_facts(
    payloads: Iterable[Mapping[str, Any]],
    *,
    group_type: str = DEFAULT_GROUP_TYPE,
    keep_page_category: bool = False,
    keep_empty_identify: bool = False,
) -> list[Fact]:
    """Facts from Segment ``/v1/batch`` bodies (``{"batch": [message, ...], ...}``)."""
    out: list[Fact] = []
    for payload in payloads:
        for msg in payload.get("batch") or []:
            kind = msg.get("type")
            user = _user(msg.get("userId"), msg.get("anonymousId"))
            if kind == "track":
                out.append(("track", user, msg.get("event"), _props(msg.get("properties"))))
            elif kind == "identify":
                traits = msg.get("traits") or {}
                if traits or keep_empty_identify:
                    out.append(("identify", user, _props(traits)))
            elif kind in ("page", "screen"):
                props = _strip_view_keys(msg.get("properties"), keep_category=keep_page_category)
                if keep_page_category and msg.get("category") is not None:
                    props["category"] = msg["category"]
                out.append((kind, user, msg.get("name"), JsonValue(props)))
            elif kind == "group":
                out.append(
                    (
                        "group",
                        user,
                        group_type,
                        _str_or_none(msg.get("groupId")),
                        _props(msg.get("traits")),
                    )
                )
            elif kind == "alias":
                out.append(
                    ("alias", _str_or_none(msg.get("previousId")), _str_or_none(msg.get("userId")))
                )
            else:
                out.append(("segment_message", user, kind))
    return out


# ------------------------------------------------------------------------------------------
# Amplitude
# ------------------------------------------------------------------------------------------
_VIEW_KINDS = (("page", "Page"), ("screen", "Screen"))


def amplitude_view_fact(
    user: str | None,
    event_type: str,
    event_properties: Mapping[str, Any] | None,
    *,
    keep_page_category: bool = False,
) -> Fact | None:
    """Map an Amplitude event made from a Segment page/screen back to a ``page``/``screen`` fact.

    Recognised (``K`` is ``Page`` or ``Screen``; ``name``/``category`` are the event properties
    of those names, which the codemod keeps):

    * ``"Loaded a K"``                                -> name = properties.get("name")
    * ``"Viewed {name} K"``                            (needs the ``name`` property)
    * ``"Viewed {category} {name} K"``                 (needs both properties)
    * ``"Viewed {category} K"``                        (``category``, no ``name``): name None

    Returns ``("page" | "screen", user, name, properties without name/category)``, or None when
    the event is not such a view (it is then an ordinary ``track``). Requiring the properties to
    agree with the event name keeps a genuine ``track("Viewed Pricing Page")`` a track.
    """
    props = dict(event_properties or {})
    name = props.get("name")
    category = props.get("category")
    for kind, word in _VIEW_KINDS:
        matched = False
        view_name = None
        if event_type == f"Loaded a {word}":
            matched, view_name = True, name
        elif event_type.startswith("Viewed ") and event_type.endswith(f" {word}"):
            middle = event_type[len("Viewed ") : -len(word) - 1]
            if name is not None and (
                middle == str(name) or (category is not None and middle == f"{category} {name}")
            ):
                matched, view_name = True, name
            elif name is None and category is not None and middle == str(category):
                matched, view_name = True, None
        if matched:
            return (
                kind,
                user,
                _str_or_none(view_name),
                JsonValue(_strip_view_keys(props, keep_category=keep_page_category)),
            )
    return None


def _set_group_membership(event: Mapping[str, Any]) -> tuple[str, list[str]] | None:
    """``(group_type, [group names])`` when ``event`` is what set_group/setGroup sends."""
    if event.get("event_type") != "$identify":
        return None
    groups = event.get("groups")
    user_properties = event.get("user_properties")
    if not isinstance(groups, dict) or len(groups) != 1 or not isinstance(user_properties, dict):
        return None
    if set(user_properties) != {"$set"} or not isinstance(user_properties["$set"], dict):
        return None
    ((group_type, group_name),) = groups.items()
    if user_properties["$set"] != {group_type: group_name}:
        return None
    names = group_name if isinstance(group_name, list) else [group_name]
    return str(group_type), [_str_or_none(n) for n in names]


def amplitude_facts(
    payloads: Iterable[Mapping[str, Any]],
    *,
    keep_page_category: bool = False,
    keep_empty_identify: bool = False,
) -> list[Fact]:
    """Facts from Amplitude HTTP V2 / batch bodies (``{"api_key": ..., "events": [...]}``).

    All payloads of one run must be passed together: set_group and group_identify events are
    paired across batches (see the module docstring).
    """
    out: list[Fact] = []
    memberships: list[tuple[str | None, str, str]] = []  # (user, type, name) in arrival order
    group_identifies: dict[tuple[str, str], deque[tuple[str | None, JsonValue]]] = defaultdict(
        deque
    )

    for payload in payloads:
        for event in payload.get("events") or []:
            event_type = event.get("event_type")
            user = _user(event.get("user_id"), event.get("device_id"))
            membership = _set_group_membership(event)
            if membership is not None:
                group_type, names = membership
                memberships.extend((user, group_type, n) for n in names)
                continue
            if event_type == "$groupidentify":
                ops = event.get("group_properties") or {}
                traits = ops.get("$set") or {}
                for group_type, group_name in (event.get("groups") or {}).items():
                    names = group_name if isinstance(group_name, list) else [group_name]
                    for n in names:
                        group_identifies[(str(group_type), _str_or_none(n))].append(
                            (user, JsonValue(traits))
                        )
                for op, values in ops.items():
                    if op != "$set":
                        out.append(("group_properties", user, op, JsonValue(values)))
                continue
            user_properties = event.get("user_properties") or {}
            if event_type == "$identify" or user_properties:
                traits = user_properties.get("$set") or {}
                if traits or keep_empty_identify:
                    out.append(("identify", user, JsonValue(traits)))
                for op, values in user_properties.items():
                    if op != "$set":
                        out.append(("user_properties", user, op, JsonValue(values)))
                if event_type == "$identify":
                    continue
            view = amplitude_view_fact(
                user,
                event_type,
                event.get("event_properties"),
                keep_page_category=keep_page_category,
            )
            if view is not None:
                out.append(view)
            else:
                out.append(("track", user, event_type, _props(event.get("event_properties"))))

    for user, group_type, name in memberships:
        queue = group_identifies.get((group_type, name))
        traits = JsonValue({})
        if queue:
            index = next((i for i, (u, _) in enumerate(queue) if u == user), 0)
            _, traits = queue[index]
            del queue[index]
        out.append(("group", user, group_type, name, traits))
    for (group_type, name), queue in group_identifies.items():
        for user, traits in queue:
            out.append(("group_traits", user, group_type, name, traits))
    return out


# ------------------------------------------------------------------------------------------
# mParticle
# ------------------------------------------------------------------------------------------
def _mparticle_batches(payloads: Iterable[Any]) -> Iterable[Mapping[str, Any]]:
    for payload in payloads:
        if isinstance(payload, list):
            yield from payload
        else:
            yield payload


def _mparticle_attributes_to_traits(attributes: Mapping[str, Any]) -> dict[str, Any]:
    traits: dict[str, Any] = {}
    for key, value in attributes.items():
        path = MPARTICLE_RESERVED_ATTRIBUTES.get(key)
        if path is None:
            traits[key] = value
        elif len(path) == 1:
            traits[path[0]] = value
        else:
            traits.setdefault(path[0], {})[path[1]] = value
    return traits


def mparticle_facts(
    payloads: Iterable[Any],
    *,
    group_type: str = DEFAULT_GROUP_TYPE,
    group_attribute: str = "group_id",
    group_trait_prefix: str = "group_",
    view_kind: str = "page",
    keep_page_category: bool = False,
    keep_empty_identify: bool = False,
) -> list[Fact]:
    """Facts from mParticle Events API bodies (a batch for /events, a list for /bulkevents)."""
    out: list[Fact] = []
    for batch in _mparticle_batches(payloads):
        identities = batch.get("user_identities") or {}
        user = _user(
            identities.get("customerid"), identities.get("other") or batch.get("mp_deviceid")
        )
        attributes = dict(batch.get("user_attributes") or {})
        if group_attribute in attributes:
            group_id = attributes.pop(group_attribute)
            group_traits = {
                k[len(group_trait_prefix) :]: attributes.pop(k)
                for k in list(attributes)
                if k.startswith(group_trait_prefix)
            }
            out.append(("group", user, group_type, _str_or_none(group_id), JsonValue(group_traits)))
        traits = _mparticle_attributes_to_traits(attributes)
        if traits or keep_empty_identify:
            out.append(("identify", user, JsonValue(traits)))
        for event in batch.get("events") or []:
            event_type = event.get("event_type")
            data = event.get("data") or {}
            if event_type == "custom_event":
                out.append(
                    ("track", user, data.get("event_name"), _props(data.get("custom_attributes")))
                )
            elif event_type == "screen_view":
                props = _strip_view_keys(
                    data.get("custom_attributes"), keep_category=keep_page_category
                )
                out.append(
                    (view_kind, user, _str_or_none(data.get("screen_name")), JsonValue(props))
                )
            else:
                out.append(("mparticle_event", user, event_type, JsonValue(data)))
    return out


# ------------------------------------------------------------------------------------------
# entry points
# ------------------------------------------------------------------------------------------
def facts(
    requests: Iterable[Any],
    *,
    group_type: str = DEFAULT_GROUP_TYPE,
    keep_page_category: bool = False,
    keep_empty_identify: bool = False,
    mparticle_view_kind: str = "page",
) -> Counter:
    """Counter of facts for captured requests (`capture.Request` objects or ``(path, body)``).

    Requests from several SDKs may be mixed; each is classified with `classify`.
    """
    grouped: dict[str, list[Any]] = defaultdict(list)
    for sdk, body in _payloads(requests):
        grouped[sdk].append(body)
    result: Counter = Counter()
    common = {"keep_page_category": keep_page_category, "keep_empty_identify": keep_empty_identify}
    result.update(segment_facts(grouped["segment"], group_type=group_type, **common))
    result.update(amplitude_facts(grouped["amplitude"], **common))
    result.update(
        mparticle_facts(
            grouped["mparticle"], group_type=group_type, view_kind=mparticle_view_kind, **common
        )
    )
    return result


normalize = facts


def views_as_pages(fact_counter: Counter) -> Counter:
    """Relabel ``screen`` facts as ``page`` (mParticle has a single screen_view for both)."""
    out: Counter = Counter()
    for fact, n in fact_counter.items():
        out[("page", *fact[1:]) if fact[0] == "screen" else fact] += n
    return out


def diff_facts(expected: Counter, actual: Counter) -> str:
    """Human-readable multiset difference; empty string when equal."""
    missing = expected - actual
    unexpected = actual - expected
    lines = []
    for title, counter in (
        ("missing (expected, not seen)", missing),
        ("unexpected (seen, not expected)", unexpected),
    ):
        if counter:
            lines.append(f"{title}:")
            for fact, n in sorted(counter.items(), key=lambda item: repr(item[0])):
                lines.append(f"  {n} x {fact!r}")
    return "\n".join(lines)


def assert_same_facts(actual: Counter, expected: Counter, message: str = "") -> None:
    """Assert two fact multisets are equal, with a readable diff on failure."""
    if actual != expected:
        prefix = f"{message}\n" if message else ""
        raise AssertionError(f"{prefix}fact multisets differ\n{diff_facts(expected, actual)}")
