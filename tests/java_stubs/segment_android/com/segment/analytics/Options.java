package com.segment.analytics;

/** Stub: analytics-android Options. */
public class Options {
    public Options setIntegration(String integrationKey, boolean enabled) { return this; }
}
