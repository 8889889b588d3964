package com.mparticle.model;

/** Signatures copied from mparticle-java-events-sdk model/CustomEventData.java. */
public class CustomEventData extends CommonEventData {
    public enum CustomEventType { NAVIGATION, LOCATION, SEARCH, TRANSACTION, USER_CONTENT, USER_PREFERENCE, SOCIAL, OTHER }
    public CustomEventData customEventType(CustomEventType customEventType) { return this; }
    public CustomEventData eventName(String eventName) { return this; }
}
