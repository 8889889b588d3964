package com.segment.analytics.messages;

import java.util.Map;

/** Signatures copied from analytics-java analytics-core/.../messages/ScreenMessage.java. */
public final class ScreenMessage {
    public static Builder builder(String name) { return new Builder(); }

    public static class Builder extends MessageBuilder<ScreenMessage, Builder> {
        public Builder properties(Map<String, ?> properties) { return this; }
        @Override
        Builder self() { return this; }
    }
}
