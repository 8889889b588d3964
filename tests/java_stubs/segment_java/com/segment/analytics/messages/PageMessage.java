package com.segment.analytics.messages;

import java.util.Map;

/** Signatures copied from analytics-java analytics-core/.../messages/PageMessage.java. */
public final class PageMessage {
    public static Builder builder(String name) { return new Builder(); }

    public static class Builder extends MessageBuilder<PageMessage, Builder> {
        public Builder properties(Map<String, ?> properties) { return this; }
        public Builder category(String category) { return this; }
        @Override
        Builder self() { return this; }
    }
}
