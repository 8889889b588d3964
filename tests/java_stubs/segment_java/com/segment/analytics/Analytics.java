package com.segment.analytics;

import com.segment.analytics.messages.MessageBuilder;
import java.util.concurrent.TimeUnit;

/** Signatures copied from segmentio/analytics-java analytics/.../Analytics.java (3.5.x). */
public class Analytics {
    public static Builder builder(String writeKey) { return new Builder(); }
    public void enqueue(MessageBuilder builder) {}
    public boolean offer(MessageBuilder builder) { return true; }
    public void flush() {}
    public void shutdown() {}

    public static class Builder {
        public Builder endpoint(String endpoint) { return this; }
        public Builder userAgent(String userAgent) { return this; }
        public Builder queueCapacity(int capacity) { return this; }
        public Builder flushQueueSize(int flushQueueSize) { return this; }
        public Builder maximumQueueSizeInBytes(int bytes) { return this; }
        public Builder flushInterval(long flushInterval, TimeUnit unit) { return this; }
        public Builder retries(int maximumRetries) { return this; }
        public Analytics build() { return new Analytics(); }
    }
}
