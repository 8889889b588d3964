package com.segment.analytics.messages;

import java.util.Map;

/** Signatures copied from analytics-java analytics-core/.../messages/TrackMessage.java. */
public final class TrackMessage {
    public static Builder builder(String event) { return new Builder(); }

    public static class Builder extends MessageBuilder<TrackMessage, Builder> {
        public Builder properties(Map<String, ?> properties) { return this; }
        @Override
        Builder self() { return this; }
    }
}
