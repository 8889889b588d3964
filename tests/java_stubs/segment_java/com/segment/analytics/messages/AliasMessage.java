package com.segment.analytics.messages;

import java.util.Map;

/** Signatures copied from analytics-java analytics-core/.../messages/AliasMessage.java. */
public final class AliasMessage {
    public static Builder builder(String previousId) { return new Builder(); }

    public static class Builder extends MessageBuilder<AliasMessage, Builder> {
        @Override
        Builder self() { return this; }
    }
}
