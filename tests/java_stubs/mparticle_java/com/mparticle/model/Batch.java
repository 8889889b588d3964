package com.mparticle.model;

import java.util.Map;

/** Signatures copied from mparticle-java-events-sdk model/Batch.java. */
public class Batch {
    public enum Environment { UNKNOWN, DEVELOPMENT, PRODUCTION }
    public Batch addEventsItem(Object eventsItem) { return this; }
    public Batch userAttributes(Map<String, Object> userAttributes) { return this; }
    public Batch putUserAttributesItem(String key, Object userAttributesItem) { return this; }
    public Batch userIdentities(UserIdentities userIdentities) { return this; }
    public Batch environment(Environment environment) { return this; }
}
