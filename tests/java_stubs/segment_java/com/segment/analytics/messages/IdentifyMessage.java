package com.segment.analytics.messages;

import java.util.Map;

/** Signatures copied from analytics-java analytics-core/.../messages/IdentifyMessage.java. */
public final class IdentifyMessage {
    public static Builder builder() { return new Builder(); }

    public static class Builder extends MessageBuilder<IdentifyMessage, Builder> {
        public Builder traits(Map<String, ?> traits) { return this; }
        @Override
        Builder self() { return this; }
    }
}
