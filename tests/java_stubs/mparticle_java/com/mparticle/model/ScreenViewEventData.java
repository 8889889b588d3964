package com.mparticle.model;

/** Signatures copied from mparticle-java-events-sdk model/ScreenViewEventData.java. */
public class ScreenViewEventData extends CommonEventData {
    public ScreenViewEventData screenName(String screenName) { return this; }
}
