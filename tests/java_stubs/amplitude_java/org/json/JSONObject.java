package org.json;

import java.util.Map;

/** Stub: org.json JSONObject (what Amplitude-Java's API exposes). */
public class JSONObject {
    public JSONObject() {}
    public JSONObject(Map<?, ?> m) {}
    public JSONObject put(String key, Object value) { return this; }
}
