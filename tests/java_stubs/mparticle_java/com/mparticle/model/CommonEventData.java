package com.mparticle.model;

import java.util.Map;

/** Signatures copied from mparticle-java-events-sdk model/CommonEventData.java. */
public class CommonEventData {
    public CommonEventData timestampUnixtimeMs(Long timestampUnixtimeMs) { return this; }
    public CommonEventData sourceMessageId(String sourceMessageId) { return this; }
    public CommonEventData customAttributes(Map<String, String> customAttributes) { return this; }
    public CommonEventData putCustomAttributesItem(String key, String customAttributesItem) { return this; }
}
