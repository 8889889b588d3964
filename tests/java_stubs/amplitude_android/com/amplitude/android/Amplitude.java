package com.amplitude.android;

import java.util.Map;

/**
 * Java view of Amplitude-Kotlin android Amplitude (public constructor(configuration)) and the
 * core Amplitude.kt methods it inherits: @JvmOverloads track(eventType, eventProperties: Map<String,
 * Any?>?, options), identify(Map<String, Any?>?), setGroup, groupIdentify; setUserId(String?),
 * reset() return the instance, flush() is Unit.
 */
public class Amplitude {
    public Amplitude(Configuration configuration) {}
    public Amplitude track(String eventType) { return this; }
    public Amplitude track(String eventType, Map<String, ?> eventProperties) { return this; }
    public Amplitude identify(Map<String, ?> userProperties) { return this; }
    public Amplitude setUserId(String userId) { return this; }
    public Amplitude setDeviceId(String deviceId) { return this; }
    public Amplitude setGroup(String groupType, String groupName) { return this; }
    public Amplitude groupIdentify(String groupType, String groupName, Map<String, ?> groupProperties) { return this; }
    public Amplitude reset() { return this; }
    public void flush() {}
}
