"""Unit tests for normalize.py on hand-made payloads (no SDKs, no network)."""

from __future__ import annotations

from collections import Counter

import pytest

from .normalize import (
    DEFAULT_GROUP_TYPE,
    JsonValue,
    amplitude_view_fact,
    assert_same_facts,
    classify,
    diff_facts,
    facts,
    views_as_pages,
)

T = DEFAULT_GROUP_TYPE


def seg(*messages):
    return ("/v1/batch", {"batch": list(messages), "sentAt": "x", "writeKey": "k"})


def amp(*events):
    return ("/2/httpapi", {"api_key": "k", "events": list(events)})


def mp(batch):
    return ("/v2/events", batch)


def J(value):
    return JsonValue(value)


# --- JsonValue ---------------------------------------------------------------------------------
def test_json_value_numbers_compare_as_numbers_but_bools_are_not_numbers():
    assert J({"a": 3}) == J({"a": 3.0})
    assert hash(J({"a": 3})) == hash(J({"a": 3.0}))
    assert J({"a": True}) != J({"a": 1})
    assert J({"a": 1.5}) != J({"a": "1.5"})
    assert J({"b": 1, "a": [1, {"c": None}]}) == J({"a": [1.0, {"c": None}], "b": 1})
    assert J([1, 2]) != J([2, 1])
    assert repr(J({"a": 1})) == "{'a': 1}"
    with pytest.raises(AttributeError):
        J({}).x = 1


# --- classification ----------------------------------------------------------------------------
def test_classify():
    assert classify("/v1/batch", {}) == "segment"
    assert classify("/custom/path", {"batch": []}) == "segment"
    assert classify("/2/httpapi", {}) == "amplitude"
    assert classify("/batch", {"api_key": "k", "events": []}) == "amplitude"
    assert classify("/v2/events", {}) == "mparticle"
    assert classify("/v2/bulkevents", []) == "mparticle"
    with pytest.raises(ValueError, match="unrecognised"):
        classify("/somewhere", {"x": 1})


# --- Segment -----------------------------------------------------------------------------------
def test_segment_messages():
    got = facts(
        [
            seg(
                {
                    "type": "track",
                    "userId": "u1",
                    "event": "E",
                    "properties": {"a": 1},
                    "timestamp": "t",
                },
                {"type": "track", "userId": None, "anonymousId": "anon-9", "event": "E"},
                {"type": "identify", "userId": "u1", "traits": {"email": "e"}},
                {"type": "identify", "userId": "u1", "traits": {}},  # nothing for Amplitude to send
                {
                    "type": "page",
                    "userId": "u1",
                    "category": "Docs",
                    "name": "Setup",
                    "properties": {"p": 1},
                },
                {"type": "screen", "userId": "u1", "name": None, "properties": {}},
                {"type": "group", "userId": "u1", "groupId": 42, "traits": {"plan": "pro"}},
                {"type": "alias", "previousId": "anon-9", "userId": "u1"},
            )
        ]
    )
    assert got == Counter(
        [
            ("track", "u1", "E", J({"a": 1})),
            ("track", "anonymous:anon-9", "E", J({})),
            ("identify", "u1", J({"email": "e"})),
            ("page", "u1", "Setup", J({"p": 1})),
            ("screen", "u1", None, J({})),
            ("group", "u1", T, "42", J({"plan": "pro"})),
            ("alias", "anon-9", "u1"),
        ]
    )


def test_segment_options():
    batch = seg(
        {"type": "identify", "userId": "u1", "traits": {}},
        {"type": "page", "userId": "u1", "category": "Docs", "name": "Setup", "properties": {}},
        {"type": "group", "userId": "u1", "groupId": "g", "traits": {}},
    )
    got = facts([batch], keep_empty_identify=True, keep_page_category=True, group_type="Company")
    assert got == Counter(
        [
            ("identify", "u1", J({})),
            ("page", "u1", "Setup", J({"category": "Docs"})),
            ("group", "u1", "Company", "g", J({})),
        ]
    )


# --- Amplitude page / screen mapping -------------------------------------------------------------
@pytest.mark.parametrize(
    ("event_type", "props", "expected"),
    [
        ("Viewed Setup Page", {"name": "Setup", "p": 1}, ("page", "u", "Setup", {"p": 1})),
        (
            "Viewed Docs Setup Page",
            {"name": "Setup", "category": "Docs"},
            ("page", "u", "Setup", {}),
        ),
        ("Viewed Docs Page", {"category": "Docs"}, ("page", "u", None, {})),
        ("Loaded a Page", {"p": 1}, ("page", "u", None, {"p": 1})),
        ("Viewed Home Screen", {"name": "Home"}, ("screen", "u", "Home", {})),
        ("Loaded a Screen", {}, ("screen", "u", None, {})),
        (
            "Viewed Multi Word Name Page",
            {"name": "Multi Word Name"},
            ("page", "u", "Multi Word Name", {}),
        ),
        # not views: a genuine track with such a name, or name/category disagreeing with the event
        ("Viewed Pricing Page", {}, None),
        ("Viewed Pricing Page", {"name": "Other"}, None),
        ("Viewed Docs Page", {"name": "Setup", "category": "Docs"}, None),
        ("Page Viewed", {"name": "Home"}, None),
    ],
)
def test_amplitude_view_fact(event_type, props, expected):
    got = amplitude_view_fact("u", event_type, props)
    if expected is None:
        assert got is None
    else:
        kind, user, name, rest = expected
        assert got == (kind, user, name, J(rest))


def test_amplitude_view_keeps_category_when_asked():
    got = amplitude_view_fact(
        "u",
        "Viewed Docs Setup Page",
        {"name": "Setup", "category": "Docs"},
        keep_page_category=True,
    )
    assert got == ("page", "u", "Setup", J({"category": "Docs"}))


def test_amplitude_and_segment_page_compare_equal():
    segment_page = seg(
        {
            "type": "page",
            "userId": "u1",
            "category": "Docs",
            "name": "Setup",
            "properties": {"p": 1},
        }
    )
    migrated = amp(
        {
            "event_type": "Viewed Docs Setup Page",
            "user_id": "u1",
            "event_properties": {"p": 1, "name": "Setup", "category": "Docs"},
        }
    )
    lost_category = amp(
        {
            "event_type": "Viewed Setup Page",
            "user_id": "u1",
            "event_properties": {"p": 1, "name": "Setup"},
        }
    )
    assert_same_facts(facts([migrated]), facts([segment_page]))
    # by default the category is not part of the fact ...
    assert facts([lost_category]) == facts([segment_page])
    # ... with keep_page_category=True a migration that lost it is caught
    assert facts([migrated], keep_page_category=True) == facts(
        [segment_page], keep_page_category=True
    )
    assert facts([lost_category], keep_page_category=True) != facts(
        [segment_page], keep_page_category=True
    )


# --- Amplitude identify / groups --------------------------------------------------------------
def set_group(user, group_type, name):
    return {
        "event_type": "$identify",
        "user_id": user,
        "groups": {group_type: name},
        "user_properties": {"$set": {group_type: name}},
    }


def group_identify(user, group_type, name, traits):
    return {
        "event_type": "$groupidentify",
        "user_id": user,
        "groups": {group_type: name},
        "group_properties": {"$set": traits},
    }


def test_set_group_is_membership_not_identify():
    got = facts([amp(set_group("u1", T, "acme"))])
    assert got == Counter([("group", "u1", T, "acme", J({}))])


def test_set_group_pairs_with_group_identify_across_batches():
    got = facts(
        [
            amp(set_group("u1", T, "acme"), set_group("u2", T, "acme")),
            amp(
                group_identify("u2", T, "acme", {"plan": "b"}),
                group_identify("u1", T, "acme", {"plan": "a"}),
            ),
        ]
    )
    assert got == Counter(
        [("group", "u1", T, "acme", J({"plan": "a"})), ("group", "u2", T, "acme", J({"plan": "b"}))]
    )
    segment = facts(
        [
            seg(
                {"type": "group", "userId": "u1", "groupId": "acme", "traits": {"plan": "a"}},
                {"type": "group", "userId": "u2", "groupId": "acme", "traits": {"plan": "b"}},
            )
        ]
    )
    assert_same_facts(got, segment)


def test_group_identify_without_set_group_is_not_a_group_call():
    got = facts([amp(group_identify("u1", T, "acme", {"plan": "a"}))])
    assert got == Counter([("group_traits", "u1", T, "acme", J({"plan": "a"}))])
    assert got != facts(
        [seg({"type": "group", "userId": "u1", "groupId": "acme", "traits": {"plan": "a"}})]
    )


def test_identify_that_merely_looks_like_set_group_stays_identify():
    # extra $set key besides the group type: an identify (plus its groups are ignored)
    event = set_group("u1", T, "acme")
    event["user_properties"]["$set"]["plan"] = "pro"
    assert facts([amp(event)]) == Counter([("identify", "u1", J({T: "acme", "plan": "pro"}))])
    # no `groups` at all: a user property that happens to be named like the group type
    plain = {"event_type": "$identify", "user_id": "u1", "user_properties": {"$set": {T: "acme"}}}
    assert facts([amp(plain)]) == Counter([("identify", "u1", J({T: "acme"}))])


def test_set_group_with_several_names_and_other_group_type():
    got = facts([amp(set_group("u1", "org", ["a", "b"]))])
    assert got == Counter([("group", "u1", "org", "a", J({})), ("group", "u1", "org", "b", J({}))])


def test_amplitude_identify_operations_other_than_set_are_visible():
    event = {
        "event_type": "$identify",
        "user_id": "u1",
        "user_properties": {"$set": {"a": 1}, "$setOnce": {"first": "x"}, "$add": {"n": 1}},
    }
    got = facts([amp(event)])
    assert got == Counter(
        [
            ("identify", "u1", J({"a": 1})),
            ("user_properties", "u1", "$setOnce", J({"first": "x"})),
            ("user_properties", "u1", "$add", J({"n": 1})),
        ]
    )


def test_amplitude_track_user_and_device_ids():
    got = facts(
        [
            amp(
                {
                    "event_type": "E",
                    "user_id": "u1",
                    "device_id": "d",
                    "event_properties": {"a": 1},
                    "time": 1,
                },
                {"event_type": "E", "device_id": "anon-9", "insert_id": "x"},
                {"event_type": "E", "user_id": "u1", "user_properties": {"$set": {"t": 1}}},
            )
        ]
    )
    assert got == Counter(
        [
            ("track", "u1", "E", J({"a": 1})),
            ("track", "anonymous:anon-9", "E", J({})),
            ("track", "u1", "E", J({})),
            ("identify", "u1", J({"t": 1})),
        ]
    )


def test_amplitude_empty_identify_dropped_by_default():
    event = {"event_type": "$identify", "user_id": "u1", "user_properties": {"$set": {}}}
    assert facts([amp(event)]) == Counter()
    assert facts([amp(event)], keep_empty_identify=True) == Counter([("identify", "u1", J({}))])


# --- mParticle -----------------------------------------------------------------------------------
def test_mparticle_batch():
    batch = {
        "environment": "production",
        "user_identities": {"customerid": "u1", "email": "e@x"},
        "user_attributes": {"plan": "pro", "$FirstName": "Ada", "$City": "Paris", "$Zip": "75001"},
        "events": [
            {
                "event_type": "custom_event",
                "data": {
                    "event_name": "E",
                    "custom_event_type": "other",
                    "custom_attributes": {"a": 1},
                },
            },
            {
                "event_type": "screen_view",
                "data": {"screen_name": "Home", "custom_attributes": {"name": "Home", "t": "x"}},
            },
            {"event_type": "session_start", "data": {"session_uuid": "s"}},
        ],
    }
    got = facts([mp(batch)])
    assert got == Counter(
        [
            (
                "identify",
                "u1",
                J(
                    {
                        "plan": "pro",
                        "firstName": "Ada",
                        "address": {"city": "Paris", "postalCode": "75001"},
                    }
                ),
            ),
            ("track", "u1", "E", J({"a": 1})),
            ("page", "u1", "Home", J({"t": "x"})),
            ("mparticle_event", "u1", "session_start", J({"session_uuid": "s"})),
        ]
    )
    assert (
        facts([mp(batch)], mparticle_view_kind="screen")[("screen", "u1", "Home", J({"t": "x"}))]
        == 1
    )


def test_mparticle_group_attributes_and_bulk():
    batch = {
        "user_identities": {"other": "anon-9"},
        "user_attributes": {
            "group_id": "acme",
            "group_plan": "pro",
            "group_name": "Acme",
            "email": "e",
        },
    }
    got = facts([("/v2/bulkevents", [batch, {"user_identities": {"customerid": "u2"}}])])
    assert got == Counter(
        [
            ("group", "anonymous:anon-9", T, "acme", J({"plan": "pro", "name": "Acme"})),
            ("identify", "anonymous:anon-9", J({"email": "e"})),
        ]
    )


def test_views_as_pages():
    counter = Counter(
        [("screen", "u", "Home", J({})), ("page", "u", "Home", J({})), ("track", "u", "E", J({}))]
    )
    assert views_as_pages(counter) == Counter(
        [("page", "u", "Home", J({})), ("page", "u", "Home", J({})), ("track", "u", "E", J({}))]
    )


# --- comparison helpers ---------------------------------------------------------------------
def test_multiset_semantics_and_diff():
    one = facts([seg({"type": "track", "userId": "u1", "event": "E"})])
    two = facts(
        [
            seg(
                {"type": "track", "userId": "u1", "event": "E"},
                {"type": "track", "userId": "u1", "event": "E"},
            )
        ]
    )
    assert one != two  # duplicates count
    text = diff_facts(two, one)
    assert "missing" in text and "1 x ('track', 'u1', 'E', {})" in text
    assert diff_facts(one, one) == ""
    with pytest.raises(AssertionError, match="unexpected"):
        assert_same_facts(two, one)


def test_requests_without_json_body_are_rejected():
    with pytest.raises(ValueError, match="no JSON body"):
        facts([("/v1/batch", None)])
