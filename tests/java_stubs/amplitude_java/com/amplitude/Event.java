package com.amplitude;

import java.util.Map;
import org.json.JSONObject;

/** Signatures copied from Amplitude-Java Event.java (1.13.0: Map-based helpers). */
public class Event {
    public String eventType;
    public String userId;
    public String deviceId;
    public long timestamp;
    public String insertId;
    public JSONObject eventProperties;
    public JSONObject userProperties;
    public Event(String eventType, String userId) {}
    public Event(String eventType, String userId, String deviceId) {}
    public Event setEventProperties(Map<String, Object> properties) { return this; }
    public Event addEventProperty(String key, Object value) { return this; }
    public Event setUserProperties(Map<String, Object> properties) { return this; }
    public Event addUserProperty(String key, Object value) { return this; }
    public Event setGroups(Map<String, Object> groups) { return this; }
    public Event addGroup(String key, Object value) { return this; }
    public Event setGroupProperties(Map<String, Object> properties) { return this; }
    public Event addGroupProperty(String key, Object value) { return this; }
}
