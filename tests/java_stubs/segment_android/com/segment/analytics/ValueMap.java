package com.segment.analytics;

import java.util.LinkedHashMap;

/** Stub: analytics-android ValueMap implements Map<String, Object>. */
public class ValueMap extends LinkedHashMap<String, Object> {
    public ValueMap putValue(String key, Object value) { put(key, value); return this; }
}
