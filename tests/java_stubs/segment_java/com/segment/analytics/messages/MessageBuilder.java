package com.segment.analytics.messages;

import java.util.Date;
import java.util.Map;
import java.util.UUID;

/** Signatures copied from analytics-java analytics-core/.../messages/MessageBuilder.java. */
public abstract class MessageBuilder<T, V extends MessageBuilder> {
    public V messageId(UUID messageId) { return self(); }
    public V messageId(String messageId) { return self(); }
    public V sentAt(Date sentAt) { return self(); }
    public V timestamp(Date timestamp) { return self(); }
    public V context(Map<String, ?> context) { return self(); }
    public V anonymousId(UUID anonymousId) { return self(); }
    public V anonymousId(String anonymousId) { return self(); }
    public V userId(String userId) { return self(); }
    public V enableIntegration(String key, boolean enable) { return self(); }
    public V integrationOptions(String key, Map<String, ?> options) { return self(); }
    abstract V self();
    public T build() { return null; }
}
