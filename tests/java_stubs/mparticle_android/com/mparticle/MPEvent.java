package com.mparticle;

import java.util.Map;

/** Signatures copied from mparticle-android-sdk MPEvent.java. */
public class MPEvent extends BaseEvent {
    public void setCustomAttributes(Map<String, ?> customAttributes) {}

    public static class Builder {
        public Builder(String eventName, MParticle.EventType eventType) {}
        public Builder(String eventName) {}
        public Builder customAttributes(Map<String, ?> customAttributes) { return this; }
        public MPEvent build() { return new MPEvent(); }
    }
}
