package com.segment.analytics.messages;

import java.util.Map;

/** Signatures copied from analytics-java analytics-core/.../messages/GroupMessage.java. */
public final class GroupMessage {
    public static Builder builder(String groupId) { return new Builder(); }

    public static class Builder extends MessageBuilder<GroupMessage, Builder> {
        public Builder traits(Map<String, ?> traits) { return this; }
        @Override
        Builder self() { return this; }
    }
}
