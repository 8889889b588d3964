package com.mparticle.identity;

/** Signatures copied from mparticle-android-sdk identity/IdentityApiRequest.java. */
public final class IdentityApiRequest {
    public static Builder withEmptyUser() { return new Builder(); }

    public static class Builder {
        public Builder email(String email) { return this; }
        public Builder customerId(String customerId) { return this; }
        public IdentityApiRequest build() { return new IdentityApiRequest(); }
    }
}
