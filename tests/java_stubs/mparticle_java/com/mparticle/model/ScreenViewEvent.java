package com.mparticle.model;

/** Signatures copied from mparticle-java-events-sdk model/ScreenViewEvent.java. */
public class ScreenViewEvent {
    public ScreenViewEvent data(ScreenViewEventData data) { return this; }
}
