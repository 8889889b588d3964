package com.segment.analytics;

import android.content.Context;
import java.util.concurrent.TimeUnit;

/** Signatures copied from segmentio/analytics-android analytics/.../Analytics.java (4.11.x). */
public class Analytics {
    public static Analytics with(Context context) { return null; }
    public static void setSingletonInstance(Analytics analytics) {}
    public void identify(String userId) {}
    public void identify(Traits traits) {}
    public void identify(String userId, Traits newTraits, Options options) {}
    public void group(String groupId) {}
    public void group(String groupId, Traits traits) {}
    public void group(String groupId, Traits groupTraits, Options options) {}
    public void track(String event) {}
    public void track(String event, Properties properties) {}
    public void track(String event, Properties properties, Options options) {}
    public void screen(String category, String name) {}
    public void screen(String category, String name, Properties properties) {}
    public void screen(String name) {}
    public void screen(String name, Properties properties) {}
    public void screen(String category, String name, Properties properties, Options options) {}
    public void alias(String newId) {}
    public void alias(String newId, Options options) {}
    public void flush() {}
    public void reset() {}
    public void shutdown() {}

    public enum LogLevel { NONE, INFO, DEBUG, BASIC, VERBOSE }

    public static class Builder {
        public Builder(Context context, String writeKey) {}
        public Builder flushQueueSize(int flushQueueSize) { return this; }
        public Builder flushInterval(long flushInterval, TimeUnit timeUnit) { return this; }
        public Builder collectDeviceId(boolean collect) { return this; }
        public Builder tag(String tag) { return this; }
        public Builder logLevel(LogLevel logLevel) { return this; }
        public Builder trackApplicationLifecycleEvents() { return this; }
        public Builder recordScreenViews() { return this; }
        public Builder trackAttributionInformation() { return this; }
        public Builder trackDeepLinks() { return this; }
        public Analytics build() { return null; }
    }
}
