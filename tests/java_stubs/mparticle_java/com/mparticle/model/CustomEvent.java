package com.mparticle.model;

/** Signatures copied from mparticle-java-events-sdk model/CustomEvent.java. */
public class CustomEvent {
    public CustomEvent data(CustomEventData data) { return this; }
}
